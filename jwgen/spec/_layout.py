"""Record layouts read from data: fields, records, messages, and their self-checks."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

TYPES = ("N", "AN")
KINDS = ("plain", "date", "amount", "dc", "filler")
USES = ("M", "C", "O", "S")  # S: reserve, filled with spaces (BER "Verplichting")
KENMERK_LENGTH = 2  # every record starts with KENMERK RECORD (N2); check_record enforces it


def record_type(line: str) -> str:
    """The record type of a line of text: its KENMERK RECORD."""
    return line[:KENMERK_LENGTH]


class SpecError(ValueError):
    """The layout or code-list data is inconsistent (raised when the spec is loaded)."""


@dataclass(frozen=True, slots=True)
class Field:
    id: str
    key: str
    name: str
    type: str
    length: int
    start: int
    use: str
    kind: str
    codelist: str | None = None
    confidence: str = ""
    basis: str = ""
    value: str | None = None
    element_code: str = ""  # the Vektis data element (BER 'Code gegeven'), e.g. NAM193
    condition: str = ""  # the BER's Constraints/condities text, as the BER gives it (the condition ledger's source)

    @property
    def end(self) -> int:
        return self.start + self.length - 1

    @property
    def numeric(self) -> bool:
        return self.type == "N"


@dataclass(frozen=True, eq=False)
class RecordLayout:
    rtype: str
    length: int
    fields: tuple[Field, ...]
    by_key: Mapping[str, Field] = field(repr=False, default_factory=dict)

    def __getitem__(self, key: str) -> Field:
        return self.by_key[key]

    def __contains__(self, key: str) -> bool:
        return key in self.by_key


@dataclass(frozen=True, eq=False)
class MessageLayout:
    name: str
    title: str
    version: str
    cod002: str
    record_length: int
    records: Mapping[str, RecordLayout]
    structure: Mapping

    @property
    def codes(self) -> tuple[str, ...]:
        """The message's codes (COD002, rubriek 0102): one, or several where its BER names more than one
        message by the same layout (AP304: 106, 120).

        >>> MessageLayout("AP304", "", "", "106, 120", 310, {}, {}).codes
        ('106', '120')
        """
        return tuple(code for code in self.cod002.replace(",", " ").split() if code.isdigit())


def _field(raw: dict, where: str) -> Field:
    try:
        return Field(id=str(raw["id"]), key=raw["key"], name=raw["name"], type=raw["type"],
                     length=int(raw["length"]), start=int(raw["start"]), use=raw["use"],
                     kind=raw.get("kind", "plain"), codelist=raw.get("codelist"),
                     confidence=raw.get("confidence", ""), basis=raw.get("basis", ""),
                     value=raw.get("value"), element_code=raw.get("element_code", ""),
                     condition=raw.get("condition", "") or "")
    except KeyError as missing:
        raise SpecError(f"{where}: field {raw.get('id', '?')} has no {missing}") from None


def build_message(name: str, raw: dict, structure: Mapping) -> MessageLayout:
    length = int(raw["record_length"])
    records = {}
    for rtype, raw_fields in raw["records"].items():
        fields = tuple(_field(f, f"{name} record {rtype}") for f in raw_fields)
        layout = RecordLayout(rtype, length, fields, MappingProxyType({f.key: f for f in fields}))
        check_record(name, layout)
        records[rtype] = layout
    return MessageLayout(name=name, title=raw.get("name", name), version=str(raw.get("version", "")),
                         cod002=str(raw.get("cod002", "")), record_length=length,
                         records=MappingProxyType(records), structure=MappingProxyType(dict(structure)))


def check_record(message: str, layout: RecordLayout) -> None:
    """Positions contiguous from 1, lengths add up to the record length, ids and keys unique."""
    where = f"{message} record {layout.rtype}"
    position = 1
    ids: set[str] = set()
    keys: set[str] = set()
    for f in layout.fields:
        if f.start != position:
            raise SpecError(f"{where}: rubriek {f.id} starts at {f.start}, expected {position}")
        if f.length <= 0:
            raise SpecError(f"{where}: rubriek {f.id} has length {f.length}")
        if f.type not in TYPES:
            raise SpecError(f"{where}: rubriek {f.id} has type {f.type!r}, expected N or AN")
        if f.kind not in KINDS:
            raise SpecError(f"{where}: rubriek {f.id} has kind {f.kind!r}")
        if f.use not in USES:
            raise SpecError(f"{where}: rubriek {f.id} has use {f.use!r}")
        if f.kind == "date" and (f.type != "N" or f.length != 8):
            raise SpecError(f"{where}: date rubriek {f.id} must be N8")
        if f.id in ids:
            raise SpecError(f"{where}: rubriek id {f.id} appears twice")
        if f.key in keys:
            raise SpecError(f"{where}: key {f.key!r} appears twice")
        ids.add(f.id)
        keys.add(f.key)
        position += f.length
    if position - 1 != layout.length:
        raise SpecError(f"{where}: fields add up to {position - 1} positions, record length is {layout.length}")
    first = layout.fields[0]
    if first.key != "kenmerk_record" or first.length != KENMERK_LENGTH:
        raise SpecError(f"{where}: the first rubriek must be KENMERK RECORD (N2)")
