"""The standard as data: layouts, code lists, retourcodes, structure and control rules.

Everything that knows a position, a length, a code or a count reads it from here.
A user who owns the official BER can point jwgen at an edited ``layouts.json``
(same shape) with ``load_spec(layout_path)`` or ``--layout FILE``; the spec checks
itself on load and refuses inconsistent data with a :class:`SpecError`.

>>> spec = load_spec()
>>> spec.jw321.record_length, spec.jw322.record_length
(310, 370)
>>> spec.jw321.records["02"]["bsn"].start
15
>>> spec.retourcode("0804")["meaning"]
'Lengte record is onjuist.'
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from ._layout import Field, MessageLayout, RecordLayout, SpecError, build_message, record_type

__all__ = ["Field", "MessageLayout", "RecordLayout", "Spec", "SpecError", "load_spec", "record_type", "DATA"]

DATA = resources.files("jwgen.spec") / "data"


def _read_json(path: Any, what: str) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError(f"{what} not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise SpecError(f"{what} {path} is not readable JSON: {error}") from None


@dataclass(frozen=True, eq=False)
class Spec:
    jw321: MessageLayout
    jw322: MessageLayout
    codelists: Mapping[str, dict]
    retourcodes: Mapping[str, dict]
    rules: Mapping[str, dict]
    confidence_scale: Mapping[str, str]
    layout_source: str

    def message(self, name: str) -> MessageLayout:
        return {"JW321": self.jw321, "JW322": self.jw322}[name]

    def retourcode(self, code: str) -> dict:
        return self.retourcodes[code]

    def codes(self, codelist: str) -> Mapping[str, str] | None:
        """The allowed values of a closed code list, or None for an open (registry) list."""
        entry = self.codelists[codelist]
        if not entry.get("closed"):
            return None
        if "values_from" in entry:
            return {code: item["meaning"] for code, item in self.retourcodes.items()}
        return entry["values"]

    def pattern(self, codelist: str) -> re.Pattern | None:
        raw = self.codelists[codelist].get("pattern")
        return re.compile(raw) if raw else None


def _check_links(spec: Spec) -> None:
    for message in (spec.jw321, spec.jw322):
        for layout in message.records.values():
            for f in layout.fields:
                if f.codelist and f.codelist not in spec.codelists:
                    raise SpecError(f"{message.name} rubriek {f.id}: code list {f.codelist} is not in codelists.json")
    for rtype, layout in spec.jw321.records.items():
        retour = spec.jw322.records.get(rtype)
        if retour is None:
            raise SpecError(f"JW322 has no record {rtype}")
        if rtype == "99":
            continue
        for f in layout.fields:
            g = retour.by_key.get(f.key)
            if g is None or (g.start, g.length, g.type) != (f.start, f.length, f.type):
                raise SpecError(f"JW322 record {rtype} must repeat JW321 rubriek {f.id} ({f.key}) unchanged at {f.start}")
    structure = spec.jw321.structure
    for key in list(structure["sluit_counts"]) + [structure["sluit_detail_total"], *structure["sluit_amount"]]:
        if key not in spec.jw321.records[structure["sluit"]]:
            raise SpecError(f"structure.json names sluitrecord field {key!r}, which JW321 record 99 lacks")
    for rule_id, rule in spec.rules.items():
        if rule["retourcode"] not in spec.retourcodes:
            raise SpecError(f"rule {rule_id}: retourcode {rule['retourcode']} is not in retourcodes.json")


@lru_cache(maxsize=8)
def _load(layout_path: str | None) -> Spec:
    layout_file = Path(layout_path) if layout_path else DATA / "layouts.json"
    layouts = _read_json(layout_file, "layout file")
    structure = _read_json(DATA / "structure.json", "structure.json")
    try:
        messages = layouts["messages"]
        jw321 = build_message("JW321", messages["JW321"], structure["JW321"])
        jw322 = build_message("JW322", messages["JW322"], structure["JW322"])
    except KeyError as missing:
        raise SpecError(f"layout file {layout_file}: missing {missing}") from None
    except SpecError:
        raise
    except (TypeError, AttributeError, ValueError) as error:  # an edited file of another shape (--layout)
        raise SpecError(f"layout file {layout_file} does not have the shape of layouts.json: {error}") from None
    codelists = _read_json(DATA / "codelists.json", "codelists.json")["lists"]
    retourcodes = _read_json(DATA / "retourcodes.json", "retourcodes.json")["codes"]
    rules_file = DATA / "rules.json"
    rules = _read_json(rules_file, "rules.json")["rules"] if rules_file.is_file() else {}
    spec = Spec(jw321=jw321, jw322=jw322, codelists=codelists, retourcodes=retourcodes,
                rules={r["id"]: r for r in rules} if isinstance(rules, list) else rules,
                confidence_scale=layouts.get("confidence_scale", {}) if isinstance(layouts, dict) else {},
                layout_source=str(layout_file))
    _check_links(spec)
    return spec


def load_spec(layout_path: str | Path | None = None) -> Spec:
    """Load (and self-check) the spec; ``layout_path`` replaces the built-in layouts."""
    return _load(str(layout_path) if layout_path else None)
