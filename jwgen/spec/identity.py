"""Which standard a file is, from its voorlooprecord's 0102-0104, without loading every standard.

A standard's messages are told apart by what their voorlooprecord holds: its record type (0101), its CODE
EXTERNE-INTEGRATIEBERICHT (0102: one code, or several where the BER names several, AP304 106 and 120) and its
version rubrieken (0103, 0104) where the layout gives them a value. Two standards of one code (the GGZ DBC
declaration 181 in versions 1.1 and 2.0) differ in their version. :func:`identities` reads only each
standard's ``layouts.json`` voorlooprecords (no rules, no ledger, no self-checks), once per standard's folder.

>>> [(i.standard, i.message, i.codes, i.versions) for i in identities("GZ311-V2")]
[('GZ311-V2', 'GZ311', ('181',), ('02', '00')), ('GZ311-V2', 'GZ312', ('182',), ('02', '00'))]
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import standard_folders

CODE, VERSIONS = "code_berichtsoort", ("versienummer", "subversienummer")


@dataclass(frozen=True)
class Identity:
    """What the voorlooprecord of one message of a standard holds."""

    standard: str
    message: str
    retour: bool
    voorloop: str  # its record type (0101)
    code_at: tuple[int, int]  # the slice of 0102
    codes: tuple[str, ...]  # the message codes 0102 may hold
    versions_at: tuple[tuple[int, int], ...]  # the slices of 0103 and 0104
    versions: tuple[str | None, ...]  # their values where the layout gives one

    def names(self, first: str) -> bool:
        """Whether a first line is this message's voorlooprecord by its record type and code."""
        return first[:2] == self.voorloop and first[self.code_at[0]:self.code_at[1]] in self.codes

    def versioned(self, first: str) -> bool:
        """Whether a first line's 0103/0104 are this message's (where the layout gives them a value)."""
        return all(value is None or first[at[0]:at[1]] == value for at, value in zip(self.versions_at, self.versions))

    def identifies(self, first: str) -> bool:
        """Whether a first line of another record type is this message's voorlooprecord all the same: its 0102 and
        0103 are the message's (structure.json ``identified_by``, STB 6.8.1; the layout must give 0103 a value)."""
        return (first[:2] != self.voorloop and bool(self.versions) and self.versions[0] is not None
                and first[self.code_at[0]:self.code_at[1]] in self.codes
                and first[self.versions_at[0][0]:self.versions_at[0][1]] == self.versions[0])


def identities(name: str) -> tuple[Identity, ...]:
    """The declaration's and the retour's identity of the standard ``name``."""
    return _identities(name, standard_folders.version_key(name))


@lru_cache(maxsize=64)
def _identities(name: str, place: tuple[str, int]) -> tuple[Identity, ...]:
    folder = Path(place[0])
    try:
        standard = json.loads((folder / "standard.json").read_text(encoding="utf-8"))
        messages = json.loads((folder / "layouts.json").read_text(encoding="utf-8"))["messages"]
        found = []
        for retour, message in ((False, standard["declaration"]), (True, standard["retour"])):
            raw = messages[message]
            voorloop = next(iter(raw["records"]))
            fields = {f["key"]: f for f in raw["records"][voorloop]}
            code = fields[CODE]
            codes = tuple(c.strip() for c in str(raw.get("cod002", "")).split(",") if c.strip())
            at = [(fields[k]["start"] - 1, fields[k]["start"] - 1 + fields[k]["length"]) for k in VERSIONS if k in fields]
            found.append(Identity(name, message, retour, voorloop, (code["start"] - 1, code["start"] - 1 + code["length"]),
                                  codes or ((code["value"],) if code.get("value") else ()), tuple(at),
                                  tuple(fields[k].get("value") for k in VERSIONS if k in fields)))
        return tuple(found)
    except (OSError, ValueError, KeyError, TypeError, StopIteration):
        return ()  # a standard that does not load is reported when it is loaded, not here


def standard_of(first: str, names: list[str]) -> Identity | None:
    """The message whose voorlooprecord ``first`` is, trying ``names`` in order: by record type and code, and of the
    standards that share a code, the first whose version rubrieken it holds (else the first of them); a first line
    of another record type by its 0102 and 0103 (:meth:`Identity.identifies`). A standard's voorlooprecords are
    read only when the ones before it do not hold the line (JW321 and GZ321 files: one or two)."""
    named = None
    for name in names:
        for found in identities(name):
            if found.names(first):
                if found.versioned(first):
                    return found
                named = named or found
    if named is not None:
        return named
    return next((i for name in names for i in identities(name) if i.identifies(first)), None)
