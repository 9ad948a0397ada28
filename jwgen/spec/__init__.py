"""The standard as data: layouts, code lists, retourcodes, structure and control rules.

Everything that knows a position, a length, a code or a count reads it from here.
The built-in layout is derived from official Vektis BER exports (:mod:`jwgen.spec.derive`).
A user who owns the official JW321 BER imports it (``jwgen spec import``, :mod:`jwgen.spec.ber`)
and points jwgen at the result with ``load_spec(layout_path)`` or ``--layout FILE``; a file
with only the declaration gets the built-in JW322 retour blocks. The spec checks itself on
load and refuses inconsistent data with a :class:`SpecError`.

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

__all__ = ["Field", "MessageLayout", "RecordLayout", "Spec", "SpecError", "active_layout", "load_spec", "record_type",
           "use_layout", "DATA"]

DATA = resources.files("jwgen.spec") / "data"


def _read_json(path: Any, what: str) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError(f"{what} not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
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
    label: str = ""  # one line on where the layout comes from, for manifests and READMEs

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


def _complete(messages: dict, builtin: dict) -> dict:
    """A layout file may hold just the declaration (what `jwgen spec import` makes of a JW321 BER): name it JW321
    and give it a JW322 that repeats its records in positions 1-310 with the built-in retour blocks."""
    if "JW321" not in messages and len(messages) == 1:
        messages = {"JW321": next(iter(messages.values()))}
    if "JW322" in messages or "JW321" not in messages:
        return messages
    retour = builtin["messages"]["JW322"]
    sent = messages["JW321"]
    records = {}
    for rtype, fields in sent["records"].items():
        block = retour["records"].get(rtype)
        if block is None:
            raise SpecError(f"record type {rtype} has no retour block in the built-in JW322; add JW322 to the file")
        if rtype == "99":
            records[rtype] = block
            continue
        length = sent["record_length"]
        records[rtype] = [dict(f) for f in fields] + [f for f in block if f["start"] > length]
        for f in records[rtype]:
            if f["key"] == "code_berichtsoort":
                f["value"] = next(g["value"] for g in block if g["key"] == "code_berichtsoort")
    return {**messages, "JW322": {**retour, "records": records,
                                  "source": f"{sent.get('source', '')}; retour blocks of the built-in JW322"}}


@lru_cache(maxsize=8)
def _load(layout_path: str | None) -> Spec:
    layout_file = Path(layout_path) if layout_path else DATA / "layouts.json"
    layouts = _read_json(layout_file, "layout file")
    structure = _read_json(DATA / "structure.json", "structure.json")
    try:
        messages = layouts["messages"]
        if layout_path:
            messages = _complete(messages, _read_json(DATA / "layouts.json", "layouts.json"))
        jw321 = build_message("JW321", messages["JW321"], structure["JW321"])
        jw322 = build_message("JW322", messages["JW322"], structure["JW322"])
    except KeyError as missing:
        raise SpecError(f"layout file {layout_file}: missing {missing}") from None
    codelists = _read_json(DATA / "codelists.json", "codelists.json")["lists"]
    retourcodes = _read_json(DATA / "retourcodes.json", "retourcodes.json")["codes"]
    rules_file = DATA / "rules.json"
    rules = _read_json(rules_file, "rules.json")["rules"] if rules_file.is_file() else {}
    spec = Spec(jw321=jw321, jw322=jw322, codelists=codelists, retourcodes=retourcodes,
                rules={r["id"]: r for r in rules} if isinstance(rules, list) else rules,
                confidence_scale=layouts.get("confidence_scale", {}), layout_source=str(layout_file),
                label=layouts.get("label", f"layout {layout_file}"))
    _check_links(spec)
    return spec


_active: str | None = None  # the layout `--layout` chose for this process (None: the built-in one)


def use_layout(layout_path: str | Path | None) -> None:
    """Make ``layout_path`` what :func:`load_spec` loads when it is given no path (``--layout`` on every command
    sets it once; worker processes are handed the same path). Checked at once: a bad file fails here."""
    global _active
    if layout_path:
        _load(str(layout_path))
    _active = str(layout_path) if layout_path else None


def active_layout() -> str | None:
    return _active


def load_spec(layout_path: str | Path | None = None) -> Spec:
    """Load (and self-check) the spec; ``layout_path`` replaces the built-in layouts."""
    return _load(str(layout_path) if layout_path else _active)
