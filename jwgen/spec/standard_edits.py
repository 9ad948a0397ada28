"""What a standard's folder says beyond what its BER gives: the edits on top of the folder `jwgen standard add`
makes from the same BER (``jwgen standard edits NAME``).

JW321 and GZ321 were written by hand on a layout derived from the GZ321 BER (``derivation.json``); the seven
standards made from their BER alone have no edits (a test holds them equal to ``jwgen standard rebuild``); a user's
standard has the edits its owner made since ``jwgen standard add``. This module makes the BER's folder again and
compares, file by file, as data:

* ``layouts.json``: per message (the declaration, the retour) and record type, every rubriek whose key, name,
  type, length, start, use, kind, code list or fixed value differs, and rubrieken or record types only one has;
* ``conditions.json``: per rubriek, whether the entry (its class, checks, the rules that cover it) is the one the
  BER's words give, another, or only on one side;
* ``standard.json``: every key (``structure`` per entry) the folder sets otherwise than the BER gives it;
* files only the folder has (``derivation.json``, ``conformance.json``) or only the BER's folder has.

>>> from jwgen.spec.ber import SOURCES, read_ber
>>> found = edits_of("GZ321", read_ber(SOURCES / "195_01.BER.txt"))
>>> found.conditions["same"] < found.conditions["changed"]
True
>>> edits_of("MZ301", read_ber(SOURCES / "MZ301V0103.xls"), read_ber(SOURCES / "MZ302V0103.xls")).count()
0
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import standard_folders
from .ber import Ber

#: The attributes of a rubriek that make it what it is (provenance, confidence and the BER's words aside).
FIELD_ATTRIBUTES = ("key", "name", "type", "length", "start", "use", "kind", "codelist", "value")
#: The parts of a condition entry that classify it (its notes and reasons are words for people).
CONDITION_PARTS = ("class", "checks", "by")
#: Keys of standard.json that describe the folder rather than the standard.
ABOUT = ("about", "made")
#: Files a folder holds besides the standard (jwgen's manifest).
BOOKKEEPING = ("manifest.json",)


@dataclass
class Edits:
    """The edits of one standard's folder over the folder its BER gives."""

    name: str
    source: str
    layouts: list[tuple[str, str, str]] = field(default_factory=list)  # (where, what, made -> folder)
    conditions: dict[str, int] = field(default_factory=dict)  # same / changed / only-ber / only-folder -> count
    changed_conditions: list[str] = field(default_factory=list)  # rubrieken
    standard: list[str] = field(default_factory=list)  # keys of standard.json set otherwise
    files: list[str] = field(default_factory=list)  # "+ derivation.json" (only the folder), "- codelists.json"

    def count(self) -> int:
        return (len(self.layouts) + self.conditions.get("changed", 0) + self.conditions.get("only-ber", 0)
                + self.conditions.get("only-folder", 0) + len(self.standard) + len(self.files))


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _by_role(layouts: dict, standard: dict) -> dict[str, dict]:
    messages = layouts.get("messages", {})
    return {role: messages.get(standard.get(role), {}) for role in ("declaration", "retour")}


def _layout_edits(made: dict, made_standard: dict, ours: dict, our_standard: dict) -> list[tuple[str, str, str]]:
    out = []
    theirs_by_role, ours_by_role = _by_role(made, made_standard), _by_role(ours, our_standard)
    for role in ("declaration", "retour"):
        a, b = theirs_by_role[role].get("records", {}), ours_by_role[role].get("records", {})
        for rtype in sorted(set(a) | set(b)):
            if rtype not in a or rtype not in b:
                out.append((f"{role} record {rtype}", "record type", "only in the folder" if rtype in b
                            else "only from the BER"))
                continue
            fa, fb = {f["id"]: f for f in a[rtype]}, {f["id"]: f for f in b[rtype]}
            for rubriek in sorted(set(fa) | set(fb)):
                if rubriek not in fa or rubriek not in fb:
                    out.append((f"{role} {rubriek}", "rubriek", "only in the folder" if rubriek in fb
                                else "only from the BER"))
                    continue
                for attribute in FIELD_ATTRIBUTES:
                    x, y = fa[rubriek].get(attribute), fb[rubriek].get(attribute)
                    if x != y:
                        out.append((f"{role} {rubriek}", attribute, f"{x!r} -> {y!r}"))
    return out


def _ledger(conditions: dict, seen: tuple[str, ...] = ()) -> dict:
    """A conditions.json's entries over those of the standard it names as its ``base`` (JW321 over GZ321)."""
    base = conditions.get("base")
    below = {}
    if base and base not in seen:
        below = _ledger(_read(standard_folders.folder(base) / "conditions.json"), (*seen, base))
    return {**below, **conditions.get("conditions", {})}


def _condition_edits(made: dict, ours: dict) -> tuple[dict[str, int], list[str]]:
    a, b = made.get("conditions", {}), _ledger(ours)
    counts = {"same": 0, "changed": 0, "only-ber": 0, "only-folder": 0}
    changed = []
    for rubriek in sorted(set(a) | set(b)):
        if rubriek not in b:
            counts["only-ber"] += 1
        elif rubriek not in a:
            counts["only-folder"] += 1
        elif all(a[rubriek].get(part) == b[rubriek].get(part) for part in CONDITION_PARTS):
            counts["same"] += 1
        else:
            counts["changed"] += 1
            changed.append(rubriek)
    return counts, changed


def _standard_edits(made: dict, ours: dict) -> list[str]:
    out = []
    for key in sorted(set(made) | set(ours)):
        if key in ABOUT:
            continue
        x, y = made.get(key), ours.get(key)
        if key == "structure" and isinstance(x, dict) and isinstance(y, dict):
            for part in sorted(set(x) | set(y)):
                for entry in sorted(set(x.get(part, {})) | set(y.get(part, {}))):
                    if x.get(part, {}).get(entry) != y.get(part, {}).get(entry):
                        out.append(f"structure.{part}.{entry}")
        elif x != y:
            out.append(key)
    return out


def own_sources(name: str) -> tuple[Ber, Ber | None, str | None] | None:
    """The BERs a built-in standard comes from: its entry in ``sources/standards.json`` (made from its BER), or
    its ``derivation.json``'s template (JW321, GZ321, whose retour comes from elsewhere: None); None for a user's."""
    from .builtin_standards import listed, source
    from .ber import SOURCES, read_ber

    for entry in listed():
        if entry.name == name:
            return source(entry.ber), source(entry.retour) if entry.retour else None, entry.message
    if not standard_folders.is_builtin(name):
        return None
    derivation = standard_folders.folder(name) / "derivation.json"
    if not derivation.is_file():
        return None
    declaration = _read(derivation)["declaration"]
    return read_ber(SOURCES / declaration["template"]["file"]), None, declaration["message"]["standard"]


def edits_of(name: str, ber: Ber, retour: Ber | None = None, message: str | None = None) -> Edits:
    """The edits of standard ``name``'s folder over the folder ``jwgen standard add`` makes from ``ber`` (and
    ``retour``); ``message``: the declaration's name where the BER names none."""
    from .new_standard import build

    folder = standard_folders.folder(name)
    made = build(ber, retour, name, message)
    ours = {path.name: _read(path) for path in sorted(folder.glob("*.json")) if path.name not in BOOKKEEPING}
    found = Edits(name, ber.source + (f", {retour.source}" if retour is not None else ""))
    found.files = [f"+ {file}" for file in ours if file not in made] + \
                  [f"- {file}" for file in made if file not in ours]
    found.layouts = _layout_edits(made["layouts.json"], made["standard.json"], ours.get("layouts.json", {}),
                                  ours.get("standard.json", {}))
    found.conditions, found.changed_conditions = _condition_edits(made["conditions.json"],
                                                                  ours.get("conditions.json", {}))
    found.standard = _standard_edits(made["standard.json"], ours.get("standard.json", {}))
    return found
