"""Scenario files: YAML, loaded safely, checked against a schema with errors naming file, line and key.

The checker walks PyYAML's node tree (``yaml.compose`` with the safe loader), so
every error can say where it is: ``credit.yaml:12: steps[1].credit[0]: unknown key 'stepp'``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import yaml

from ..domain import STATUSES
from ..errors import JwgenError
from ..generate import GENERATOR_OPTIONS, IN_GENERATE, IN_STEP, GeneratorOption, parse_receiver_code
from ..spec import all_profiles, encoding_name
from .failure import ScenarioError
from .steps import STEP_KINDS

PROFILES = all_profiles()
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PERIOD = re.compile(r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$")
RANGE = re.compile(r"^[0-9]+(\.\.[0-9]+)?$")
MAX_SHIFT_DAYS = 36600  # about a century: periods are 1900-2099, shifted dates stay far from date.min/max
MAX_DEPTH = 32  # nesting of lists and mappings; the schema needs 5


@dataclass(frozen=True)
class Key:
    check: Callable[[Any, "Where"], Any]
    required: bool = False


class Where:
    def __init__(self, file: str, node: yaml.Node, path: str) -> None:
        self.file, self.node, self.path = file, node, path

    def error(self, message: str) -> ScenarioError:
        return ScenarioError(f"{self.file}:{self.node.start_mark.line + 1}: {self.path or 'top level'}: {message}")

    def at(self, node: yaml.Node, path: str) -> "Where":
        return Where(self.file, node, path)


def _scalar(node: yaml.Node, where: Where) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise where.error("expected a single value")
    if node.tag == "tag:yaml.org,2002:merge":
        raise where.error("merge keys (<<) are not supported; write the keys out")
    try:
        return yaml.safe_load(yaml.serialize(node))
    except yaml.YAMLError:  # a tag the safe loader does not know (!foo, !!python/...)
        raise where.error(f"the tag {node.tag!r} is not allowed; write plain values") from None
    except ValueError as error:  # a timestamp that is no date (2017-02-30), say
        raise where.error(f"{node.value!r} cannot be read: {error}") from None


def text(node, where):
    value = _scalar(node, where)
    if not isinstance(value, str) or not value.strip():
        raise where.error("expected text")
    return value


def name(node, where):
    value = text(node, where)
    if not NAME.match(value):
        raise where.error(f"{value!r} is not a name (lowercase letters, digits and '-')")
    return value


def integer(minimum: int = 0, maximum: int | None = None):
    def check(node, where):
        value = _scalar(node, where)
        if type(value) is not int or value < minimum or (maximum is not None and value > maximum):
            bound = f" from {minimum}" + (f" to {maximum}" if maximum is not None else "")
            raise where.error(f"expected a whole number{bound}, got {value!r}")
        return value
    return check


def signed_integer(node, where):
    value = _scalar(node, where)
    if type(value) is not int:
        raise where.error(f"expected a whole number, got {value!r}")
    return value


def number01(node, where):
    value = _scalar(node, where)
    if type(value) not in (int, float) or not 0 <= value <= 1:
        raise where.error(f"expected a share from 0 to 1, got {value!r}")
    return float(value)


def boolean(node, where):
    value = _scalar(node, where)
    if type(value) is not bool:
        raise where.error(f"expected true or false, got {value!r}")
    return value


def one_of(*choices: str):
    def check(node, where):
        value = _scalar(node, where)
        if value not in choices:
            raise where.error(f"expected one of {', '.join(choices)}, got {value!r}")
        return value
    return check


def period(node, where):
    value = text(node, where)
    if not PERIOD.match(value):
        raise where.error(f"expected a period like 2017-03, got {value!r}")
    return value


def count_range(node, where):
    value = _scalar(node, where)
    if type(value) is int and value >= 0:
        return (value, value)
    if isinstance(value, str) and RANGE.match(value):
        low, _, high = value.partition("..")
        low_i, high_i = int(low), int(high or low)
        if low_i <= high_i:
            return (low_i, high_i)
    raise where.error(f"expected N or MIN..MAX, got {value!r}")


def one_or_all(node, where):
    value = _scalar(node, where)
    if value == "all" or (type(value) is int and value >= 1):
        return value
    raise where.error(f"expected a number from 1 or 'all', got {value!r}")


def list_of(check):
    def run(node, where):
        if not isinstance(node, yaml.SequenceNode):
            raise where.error("expected a list")
        return [check(item, where.at(item, f"{where.path}[{i}]")) for i, item in enumerate(node.value)]
    return run


def mapping(schema: dict[str, Key]):
    def run(node, where):
        if not isinstance(node, yaml.MappingNode):
            raise where.error("expected keys and values")
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, where.at(key_node, where.path))
            path = f"{where.path}.{key}" if where.path else str(key)
            if key not in schema:
                raise where.at(key_node, where.path).error(
                    f"unknown key {key!r} (allowed: {', '.join(schema)})")
            if key in out:
                raise where.at(key_node, where.path).error(f"key {key!r} appears twice")
            out[key] = schema[key].check(value_node, where.at(value_node, path))
        for key, spec in schema.items():
            if spec.required and key not in out:
                raise where.error(f"missing required key {key!r}")
        out["__line__"] = node.start_mark.line + 1
        return out
    return run


def free_mapping(node, where):
    if not isinstance(node, yaml.MappingNode):
        raise where.error("expected keys and values")
    return {str(_scalar(k, where)): _scalar(v, where.at(v, f"{where.path}.{_scalar(k, where)}")) for k, v in node.value}


def receiver(node, where):
    value = text(node, where)
    try:
        return parse_receiver_code(value, where.path.rpartition(".")[2])
    except JwgenError as error:
        raise where.error(str(error)) from None


def encoding(node, where):
    value = text(node, where)
    try:
        return encoding_name(value)
    except JwgenError as error:
        raise where.error(str(error)) from None


#: The check of each kind of generator option (the ``kind`` of :data:`jwgen.generate.GENERATOR_OPTIONS`).
KIND_CHECKS: dict[str, Callable[[GeneratorOption], Callable[[Any, Where], Any]]] = {
    "count": lambda option: integer(*option.bounds),
    "range": lambda option: count_range,
    "flag": lambda option: boolean,
    "share": lambda option: number01,
    "receiver": lambda option: receiver,
    "period": lambda option: period,
    "encoding": lambda option: encoding,
}


def option_keys(place: str) -> dict[str, Key]:
    """The generator options a scenario sets at ``place`` (IN_GENERATE or IN_STEP), each with its kind's check."""
    return {option.name: Key(KIND_CHECKS[option.kind.name](option))
            for option in GENERATOR_OPTIONS.values() if option.scenario == place}


OPTIONS = mapping(option_keys(IN_GENERATE))
LINE_REF = mapping({
    "step": Key(name, required=True), "verzekerde": Key(one_or_all), "prestatie": Key(one_or_all),
    "amount_change": Key(signed_integer), "drop": Key(list_of(one_of("tarief", "zorgactiviteit", "tijdsbesteding"))),
    "change": Key(free_mapping), "ref_voorgaande": Key(text),
    "period_shift_days": Key(integer(-MAX_SHIFT_DAYS, MAX_SHIFT_DAYS)),
    "reuse_ref": Key(boolean), "before_credit": Key(boolean),
})
AGAIN = mapping({"step": Key(name, required=True), "which": Key(one_of("rejected", "all")),
                 "keep_refs": Key(boolean)})


def options_or_true(node, where):
    if isinstance(node, yaml.ScalarNode):
        if boolean(node, where) is not True:
            raise where.error("use 'generate: true' or a mapping of options")
        return {"__line__": node.start_mark.line + 1}
    return OPTIONS(node, where)


#: The check of each kind of step's value; the kinds themselves are :data:`jwgen.scenario.steps.STEP_KINDS`.
KIND_VALUES = {
    "generate": Key(options_or_true), "credit": Key(list_of(LINE_REF)), "redeclare": Key(list_of(LINE_REF)),
    "again": Key(AGAIN), "resend": Key(name), "fix": Key(name),
}
#: ``reader:``: a receiver that reads otherwise than the file is written (its character set, its count).
READER = mapping({"encoding": Key(encoding), "positions": Key(one_of("characters", "bytes"))})
STEP = mapping({
    "name": Key(name, required=True), "description": Key(text), **option_keys(IN_STEP),
    "profile": Key(one_of(*PROFILES)), **{kind: KIND_VALUES[kind] for kind in STEP_KINDS},
    "defects": Key(list_of(name)), "expect": Key(one_of(*STATUSES), required=True),
    "codes": Key(list_of(text)),
    "reader": Key(READER),
})
SCENARIO = mapping({
    "name": Key(name, required=True), "title": Key(text), "description": Key(text, required=True),
    "profile": Key(one_of(*PROFILES)), "seed": Key(integer(0)), **option_keys(IN_STEP),
    "generate": Key(OPTIONS), "steps": Key(list_of(STEP), required=True),
})


def _check_depth(source: str, file: str) -> None:
    """Refuse deep nesting before composing (PyYAML composes recursively); events come iteratively."""
    depth = 0
    try:
        for event in yaml.parse(source, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ScenarioError(f"{file}:{event.start_mark.line + 1}: lists and mappings nested deeper "
                                        f"than {MAX_DEPTH} levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # compose reports it, with its line


def parse(source: str, file: str) -> dict[str, Any]:
    """Parse and check one scenario document; the result keeps ``__line__`` per mapping."""
    _check_depth(source, file)
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"{mark.line + 1}" if mark is not None else "?"
        raise ScenarioError(f"{file}:{line}: not valid YAML ({getattr(error, 'problem', error)})") from None
    if root is None:
        raise ScenarioError(f"{file}:1: the file is empty")
    scenario = SCENARIO(root, Where(file, root, ""))
    _check_story(scenario, file)
    return scenario


WHOLE_FILE = [kind for kind, entry in STEP_KINDS.items() if entry.whole_file]


def _check_story(scenario: dict[str, Any], file: str) -> None:
    from ..defects import CATALOGUE

    seen: list[str] = []

    def fail(step: dict, path: str, message: str) -> ScenarioError:
        return ScenarioError(f"{file}:{step['__line__']}: steps[{len(seen)}]{path}: {message}")

    if not scenario["steps"]:
        raise ScenarioError(f"{file}:{scenario['__line__']}: steps: at least one step is needed")
    for step in scenario["steps"]:
        if step["name"] in seen:
            raise fail(step, ".name", f"step name {step['name']!r} is used twice")
        named = [kind for kind in STEP_KINDS if kind in step]
        refs = [(f".{kind}{path}", ref) for kind in named for path, ref in STEP_KINDS[kind].refers(step[kind])]
        for path, ref in refs:
            if ref not in seen:
                raise fail(step, path, f"refers to {ref!r}, which is not an earlier step")
        if any(STEP_KINDS[kind].whole_file for kind in named) and len(named) > 1:
            raise fail(step, "", f"{'/'.join(WHOLE_FILE)} send an earlier file again and take no other content")
        if not named:
            raise fail(step, "", f"a step needs content: {', '.join(list(STEP_KINDS)[:-1])} or {list(STEP_KINDS)[-1]}")
        for i, defect_id in enumerate(step.get("defects", [])):
            defect = CATALOGUE.get(defect_id)
            if defect is None:
                raise fail(step, f".defects[{i}]", f"unknown defect {defect_id!r} (jwgen defects lists them)")
            if defect.history:
                raise fail(step, f".defects[{i}]", f"{defect_id} needs earlier files; tell that story with steps")
        seen.append(step["name"])
