"""The kinds of step a scenario tells, one function each, and :data:`STEP_KINDS`, the table of them.

A step names one or more kinds (``generate: {...}``, ``credit: [...]``, ``fix: declare``). The engine
calls, in the table's order, the function of each kind the step names, with the kind's value from the
YAML; the functions add to a :class:`Draft` (the verzekerden of the step's file) or hand it an earlier
step's file to send again. The schema (:mod:`jwgen.scenario.schema`) allows exactly the table's kinds,
each with its value check from ``KIND_VALUES`` there, and checks the earlier steps a kind names.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Callable, Protocol

from ..defects import Case
from ..domain import NOT_A_REJECTION
from ..flatfile import read, write
from ..generate import GENERATOR_OPTIONS, IN_GENERATE, generate as generate_declaration, options_from_values
from ..generate.corrections import (Refs, clone_verzekerde, credit_of, declaration as new_declaration,
                                    follow_up_voorloop, redeclare as redeclared, set_tarief_amount, verzekerde_copy)
from ..generate.text import fit, fold_for
from ..model import Declaration, Prestatie, Record, Verzekerde, amount_nodes
from ..spec import Spec, TextForm

from .failure import ScenarioError

UTF8 = TextForm("utf-8", "characters")


class Runner(Protocol):
    """What a step kind reads of the run it is part of (:class:`jwgen.scenario.engine.Runner`): the scenario, the
    spec, the first file's voorloop (``base``), the length of a referentienummer and the earlier steps'
    results by name (``StepResult``: ``declaration``, ``clean``, ``lines``, ...)."""

    scenario: dict[str, Any]
    spec: Spec
    base: Record | None
    ref_length: int
    results: dict[str, Any]

    def fail(self, step: dict, message: str) -> ScenarioError: ...

NEW_LINES = 900001  # referentienummers of added lines start here, clear of generated ones
#: The generator options of ``generate:`` (the schema allows these and adds ``__line__``).
OPTION_KEYS = frozenset(option.name for option in GENERATOR_OPTIONS.values() if option.scenario == IN_GENERATE)


@dataclass
class Sent:
    """A step's file: its bytes, the declaration as sent (None when unreadable), the declaration before
    defects (what ``fix`` and ``again`` send), and the line of every record (id(record) -> line)."""

    data: bytes
    declaration: Declaration | None
    clean: Declaration | None
    lines: dict[int, int]
    form: TextForm | None = None  # the character set its bytes are in


@dataclass
class Correction:
    """The new lines for one verzekerde of an earlier file: ``first`` (2nd debets placed before their
    credit), then ``rest`` (credits and the other 2nd debets), in the order the kinds add them."""

    verzekerde: Verzekerde
    first: list[Prestatie] = field(default_factory=list)
    rest: list[Prestatie] = field(default_factory=list)


@dataclass
class Draft:
    """One step's file in the making. Kinds add verzekerden (``entries``, in file order) or set ``sent``."""

    runner: Runner
    step: dict
    index: int
    seed: int
    year: int
    month: int
    voorloop: Record | None = None  # a generated file's; else a follow-up of the first file's declarant
    entries: list[Verzekerde | Correction] = field(default_factory=list)
    corrections: dict[int, Correction] = field(default_factory=dict)  # by id() of the earlier verzekerde
    sent: Sent | None = None  # set by a kind that sends an earlier file again (resend, fix)
    form: TextForm | None = None  # the character set the step's file is written in
    encoding: str | None = None  # that set as the scenario or --encoding names it (None: the standard's)
    _refs: Refs | None = None

    @property
    def spec(self) -> Spec:
        return self.runner.spec

    def fail(self, message: str) -> ScenarioError:
        return self.runner.fail(self.step, message)

    def follow_up(self) -> Record:
        """The voorloop: the generated file's, else (made once) a follow-up of the first file's declarant
        for this step's period."""
        if self.voorloop is None:
            base = self.runner.base
            if base is None:
                raise self.fail("the first step must generate a file (the declarant comes from it)")
            voorloop = follow_up_voorloop(base, self.index, self.spec)
            begin = date(self.year, self.month, 1)
            end = date(self.year + self.month // 12, self.month % 12 + 1, 1) - timedelta(days=1)
            voorloop.values.update(begindatum_declaratieperiode=begin, einddatum_declaratieperiode=end,
                                   dagtekening_factuur=end + timedelta(days=5))
            self.voorloop = voorloop
        return self.voorloop

    def refs(self) -> Refs:
        """New referentienummers for the lines this file adds, one sequence per file."""
        if self._refs is None:
            self._refs = Refs(str(self.follow_up()["factuurnummer_declarant"]), self.runner.ref_length, NEW_LINES)
        return self._refs

    def correction(self, verzekerde: Verzekerde) -> Correction:
        """The new lines for ``verzekerde`` (of an earlier file), placed where it first gets one."""
        if id(verzekerde) not in self.corrections:
            self.corrections[id(verzekerde)] = Correction(verzekerde)
            self.entries.append(self.corrections[id(verzekerde)])
        return self.corrections[id(verzekerde)]

    def declaration(self) -> Declaration:
        verzekerden = [verzekerde_copy(e.verzekerde, e.first + e.rest) if isinstance(e, Correction) else e
                       for e in self.entries]
        return new_declaration(self.follow_up(), verzekerden, self.spec)


# -- the kinds -------------------------------------------------------------------------------------------

def generate(draft: Draft, value: dict) -> None:
    """``generate: {options}`` (or ``true``): a new file of the generator, the scenario's ``generate:``
    options under the step's; after the first file the declarant and receiver stay the first file's."""
    runner = draft.runner
    values = {key: v for key, v in {**(runner.scenario.get("generate") or {}), **value}.items()
              if key in OPTION_KEYS}
    if "records" in values:
        values.pop("verzekerden", None)
    options = options_from_values({**values, "period": (draft.year, draft.month), "encoding": draft.encoding})
    if runner.base is not None:
        receiver_key = draft.spec.declaration.structure["receiver_key"]
        options = replace(options, praktijkcode=f"{runner.base['praktijkcode']:08d}",
                          zorgverlenerscode=f"{runner.base['zorgverlenerscode']:08d}",
                          receiver_code=f"{runner.base[receiver_key]:04d}")
    try:
        declaration = generate_declaration(options, draft.seed, draft.spec)
    except (TypeError, ValueError) as error:
        raise draft.fail(f"generate: {error}") from None
    if runner.base is None:
        runner.base = declaration.voorloop.copy()
    draft.voorloop = declaration.voorloop
    draft.entries.extend(declaration.verzekerden)


def credit(draft: Draft, refs: list[dict]) -> None:
    """``credit: [{step, verzekerde, prestatie, ...}]``: credits of earlier lines (STB 5.4.9), optionally
    changed (amount_change, drop, change, ref_voorgaande) to tell a misuse."""
    for ref in refs:
        for verzekerde, prestaties in _targets(draft, ref):
            for prestatie in prestaties:
                draft.correction(verzekerde).rest.append(_credit_line(draft, prestatie, ref))


def redeclare(draft: Draft, refs: list[dict]) -> None:
    """``redeclare: [{step, verzekerde, prestatie, ...}]``: 2nd debets of earlier lines, after their credit
    unless ``before_credit``."""
    for ref in refs:
        for verzekerde, prestaties in _targets(draft, ref):
            for prestatie in prestaties:
                correction = draft.correction(verzekerde)
                (correction.first if ref.get("before_credit") else correction.rest).append(
                    _redeclared_line(draft, prestatie, ref))


def again(draft: Draft, value: dict) -> None:
    """``again: {step, which, keep_refs}``: the verzekerden of an earlier file once more: those the receiver
    rejected (with only the lines it returned, STB 6.10) or all, with new referentienummers unless
    ``keep_refs``."""
    source = draft.runner.results[value["step"]]
    if source.clean is None or source.declaration is None:
        raise draft.fail(f"step {value['step']!r} has no readable declaration")
    rejected_only = value.get("which", "rejected") == "rejected"
    chosen = list(range(len(source.clean.verzekerden)))
    if rejected_only:
        rejected = {n for n, codes in source.outcome.returned.items() if set(codes) - NOT_A_REJECTION}
        chosen = [i for i, v in enumerate(source.declaration.verzekerden)
                  if any(source.lines.get(id(r)) in rejected for r in v.records())]
        if not chosen:
            raise draft.fail(f"step {value['step']!r} rejected no verzekerde")
    returned = set(source.outcome.returned)
    for i in chosen:
        copy = clone_verzekerde(source.clean.verzekerden[i])
        if rejected_only:
            # STB 6.10: only the lines the receiver returned come back; approved prestaties stay approved
            sent = source.declaration.verzekerden[i].prestaties
            copy.prestaties = [p for p, original in zip(copy.prestaties, sent)
                               if any(source.lines.get(id(r)) in returned for r in original.records())]
        if not value.get("keep_refs", False):
            for record in copy.records():
                if "referentienummer" in record.values:
                    record.values["referentienummer"] = draft.refs()()
        draft.entries.append(copy)


def resend(draft: Draft, name: str) -> None:
    """``resend: STEP``: the very bytes of an earlier step once more (defects and all)."""
    source = draft.runner.results[name]
    draft.sent = Sent(source.jw321, source.declaration, source.clean, source.lines, source.form)


def fix(draft: Draft, name: str) -> None:
    """``fix: STEP``: an earlier step's declaration without its defects."""
    source = draft.runner.results[name]
    if source.clean is None:
        raise draft.fail(f"step {name!r} has no readable declaration to fix")
    form = draft.form or draft.spec.standard.encoding
    declaration = folded(clone(source.clean, draft.spec), form, draft.spec)  # in the step's character set
    draft.sent = Sent(write(declaration, draft.spec.declaration, form), declaration, declaration,
                      Case(draft.spec, random.Random(draft.seed), declaration).lines(), form)


# -- the table -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StepKind:
    """A kind of step: its function, the earlier steps its value names (path below the kind, step name),
    and whether it sends an earlier step's file again, which takes no other kind."""

    run: Callable[[Draft, Any], None]
    refers: Callable[[Any], list[tuple[str, str]]]
    whole_file: bool = False


def _names_none(value: Any) -> list[tuple[str, str]]:
    return []


def _names_each(refs: list[dict]) -> list[tuple[str, str]]:
    return [(f"[{i}].step", ref["step"]) for i, ref in enumerate(refs)]


def _names_one(value: dict) -> list[tuple[str, str]]:
    return [(".step", value["step"])]


def _is_a_name(name: str) -> list[tuple[str, str]]:
    return [("", name)]


#: Every kind of step, in the order the engine runs them, which is the order of the file: generated
#: verzekerden, credits and 2nd debets, verzekerden sent again. Each needs its value's check in
#: ``jwgen.scenario.schema.KIND_VALUES``.
STEP_KINDS: dict[str, StepKind] = {
    "generate": StepKind(generate, _names_none),
    "credit": StepKind(credit, _names_each),
    "redeclare": StepKind(redeclare, _names_each),
    "again": StepKind(again, _names_one),
    "resend": StepKind(resend, _is_a_name, whole_file=True),
    "fix": StepKind(fix, _is_a_name, whole_file=True),
}


# -- helpers of the kinds --------------------------------------------------------------------------------

def clone(declaration: Declaration, spec: Spec) -> Declaration:
    """An independent copy (valid declarations only): write and read back (in UTF-8, which holds any text)."""
    return read(write(declaration, spec.declaration, UTF8), spec.declaration, UTF8)


def folded(declaration: Declaration, form: TextForm, spec: Spec) -> Declaration:
    """The declaration with each text value that ``form``'s character set lacks folded as the generator folds
    it (an earlier step's declaration sent in another set), in place."""
    if form.encoding == "utf-8":
        return declaration
    layouts = spec.declaration.records
    for record in declaration.records():
        values = record.values
        for key, value in values.items():
            if type(value) is str and not form.can_hold(value):
                values[key] = fit(fold_for(value, form.codec), layouts[record.rtype][key].length)
    return declaration


def _targets(draft: Draft, ref: dict) -> list[tuple[Verzekerde, list[Prestatie]]]:
    source = draft.runner.results[ref["step"]].clean
    if source is None:
        raise draft.fail(f"step {ref['step']!r} has no readable declaration")
    which = ref.get("verzekerde", "all")
    if which != "all" and which > len(source.verzekerden):
        raise draft.fail(f"step {ref['step']!r} has {len(source.verzekerden)} verzekerden, not {which}")
    chosen = source.verzekerden if which == "all" else [source.verzekerden[which - 1]]
    out = []
    for verzekerde in chosen:
        pick = ref.get("prestatie", "all")
        if pick != "all" and pick > len(verzekerde.prestaties):
            raise draft.fail(f"verzekerde has {len(verzekerde.prestaties)} prestaties, not {pick}")
        out.append((verzekerde, verzekerde.prestaties if pick == "all" else [verzekerde.prestaties[pick - 1]]))
    return out


def _credit_line(draft: Draft, prestatie: Prestatie, ref: dict) -> Prestatie:
    line = credit_of(prestatie, draft.refs())
    if ref.get("amount_change"):
        _change_amount(draft, line, ref["amount_change"])
    for part in ref.get("drop", []):
        group = {"tarief": line.tarieven, "zorgactiviteit": line.zorgactiviteiten,
                 "tijdsbesteding": line.tijdsbestedingen}[part]
        if not group:
            raise draft.fail(f"drop: the prestatie has no {part} record to leave out")
        group.pop()
    for key, value in (ref.get("change") or {}).items():
        if key not in line.record.values:
            raise draft.fail(f"change: the prestatierecord has no field {key!r}")
        line.record.values[key] = value
    if ref.get("ref_voorgaande"):
        line.record.values["referentienummer_voorgaande"] = ref["ref_voorgaande"]
    return line


def _redeclared_line(draft: Draft, prestatie: Prestatie, ref: dict) -> Prestatie:
    line = redeclared(prestatie, draft.refs())
    if ref.get("amount_change"):
        _change_amount(draft, line, ref["amount_change"])
    if ref.get("period_shift_days"):
        _shift(line, ref["period_shift_days"], draft.spec.declaration.structure)
    if ref.get("reuse_ref"):
        line.record.values["referentienummer"] = prestatie.record["referentienummer"]
        line.record.values["referentienummer_voorgaande"] = ""
    return line


def _change_amount(draft: Draft, prestatie: Prestatie, delta: int) -> None:
    """Change the first amount of the prestatie (its first tarief's) by ``delta`` eurocent (tarief x aantal =
    berekend = declaratiebedrag)."""
    record = amount_nodes(prestatie, draft.spec.declaration.structure)[0].record
    set_tarief_amount(record, max(record["declaratiebedrag"] + delta, 0))


def _shift(prestatie: Prestatie, days: int, structure) -> None:
    delta = timedelta(days=days)
    for node in [prestatie, *prestatie.children()]:
        for key in dict.fromkeys(("begindatum_prestatie", *structure["date_ranges"].get(node.record.rtype, ()))):
            if isinstance(node.record.values.get(key), date):
                node.record.values[key] = node.record[key] + delta
