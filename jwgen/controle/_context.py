"""What every check may look at while one file is being received."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from operator import itemgetter
from typing import Any

from ..model import Prestatie, Record, dc_of, prestatie_amount
from ..spec import MessageLayout, RecordLayout, Spec
from ._findings import Finding
from .ledger import FileState


def show(value: Any) -> str:
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    return str(value)


@dataclass(frozen=True)
class Columns:
    """A file's detail records seen as columns, gathered in one sweep (:attr:`Context.columns`): each record's
    values are looked at once, while they are at hand, for every file-wide question of the gates and screens."""

    bsns: frozenset  # every value the BSN fields hold
    receivers: frozenset  # every value the receiver fields hold (structure.json receiver_key; None: no such field)
    refs: list  # every filled referentienummer, in file order
    credits: bool  # some record's own indicatie debet/credit is C
    corrections: bool  # some record names a referentienummer voorgaande
    mixed_dc: frozenset  # lines of records whose D/C indicators (dc_...) hold both D and C


@lru_cache(maxsize=64)
def dc_keys(layout: RecordLayout) -> tuple[str, ...]:
    """The keys of a layout's D/C indicators (dc_...), in field order."""
    return tuple(f.key for f in layout.fields if f.key.startswith("dc_"))


@dataclass
class Context:
    spec: Spec
    message: MessageLayout
    profile: str  # as the standard names it (gemeente, zorgverzekeraar, vecozo)
    role: str  # jwgen.domain.RECEIVER or VECOZO
    voorloop: Record
    state: FileState
    refs: dict = field(default_factory=dict)  # (rtype, referentienummer) -> line, for this file
    checks: dict = field(default_factory=dict)  # rtype -> record checks that apply to this role
    same_file_pairs: set = field(default_factory=set)  # debet refs credited in this same file
    strict: bool = False  # --strict: a receiver code outside the list is rejected even when well-formed
    credited_here: set = field(default_factory=set)  # refs of earlier debets this file credits
    clients: dict = field(default_factory=dict)  # who the file's verzekerdenrecords are -> line (one each)
    details: list = field(default_factory=list)  # the records between voorloop and sluit, once the structure holds
    amounts: dict = field(default_factory=dict)  # prestatierecord's line -> the prestatie's amount (prestatie_amount)
    totals: Any = None  # the file's Totals (counts, debet and credit), once the structure holds
    screened: dict = field(default_factory=dict)  # Screen -> the lines of this file it lets a check look at
    form: Any = None  # the TextForm the receiver reads the file in, and answers in

    @cached_property
    def columns(self) -> "Columns":
        """One sweep over the detail records for what the file-wide gates and screens ask (:class:`Columns`)."""
        structure = self.message.structure
        receiver_key = structure["receiver_key"]
        several = {rtype: itemgetter(*keys) for rtype, layout in self.message.records.items()
                   if len(keys := dc_keys(layout)) > 1}
        bsns, receivers, refs, mixed = set(), set(), [], []
        credits = corrections = False
        for record in self.details:
            values, rtype = record.values, record.rtype
            bsns.add(values.get("bsn"))
            receivers.add(values.get(receiver_key))
            ref = values.get("referentienummer")
            if ref:
                refs.append(ref)
            if not credits:
                credits = dc_of(record, structure) == "C"
            if not corrections and values.get("referentienummer_voorgaande"):
                corrections = True
            marks = several.get(rtype)
            if marks is not None and "C" in (both := marks(values)) and "D" in both:
                mixed.append(record.number)
        return Columns(frozenset(bsns), frozenset(receivers), refs, credits, corrections, frozenset(mixed))

    @property
    def has_credits(self) -> bool:
        """Does any detail record of this file carry C as its own indicatie debet/credit (``dc``)?"""
        return self.columns.credits

    @property
    def has_corrections(self) -> bool:
        """Does any detail record of this file name a referentienummer voorgaande?"""
        return self.columns.corrections

    @cached_property
    def factuurnummer(self) -> str:
        """The voorlooprecord's factuurnummer declarant, as the ledger keeps it."""
        return str(self.voorloop["factuurnummer_declarant"])

    def applies(self, rule_id: str) -> bool:
        return self.role in self.spec.rules[rule_id]["roles"]

    def finding(self, rule_id: str, record: Record | None, key: str | None = None,
                message: str | None = None) -> Finding:
        rule = self.spec.rules[rule_id]
        rubriek = value = None
        code = rule["retourcode"]
        if record is not None and key is not None:
            layout = self.message.records[record.rtype]
            rubriek = layout[key].id
            value = show(record.values.get(key))
            if rule.get("field_codes"):  # a generic field rule answers with the field's own code (field_codes.json)
                code = self.spec.field_code(record.rtype, key, code)
        return Finding(rule=rule_id, retourcode=code,
                       line=record.number if record is not None else None,
                       rtype=record.rtype if record is not None else None,
                       rubriek=rubriek, key=key, value=value, message=message or rule["en"])

    def prestatie_amount(self, prestatie: Prestatie) -> int:
        """The prestatie's declared amount (its tariefrecords'), added up once per file."""
        amount = self.amounts.get(prestatie.record.number)
        if amount is None:
            amount = self.amounts[prestatie.record.number] = prestatie_amount(prestatie, self.message.structure)
        return amount

    def dc(self, record: Record):
        """The record's own indicatie debet/credit (which field that is comes from structure.json)."""
        return dc_of(record, self.message.structure)

    # Values of the voorlooprecord that detail checks compare against.
    def voorloop_date(self, key: str) -> date | None:
        value = self.voorloop.values.get(key)
        return value if isinstance(value, date) else None

    @property
    def declarant(self) -> str:
        """The AGB code the declaration is from: the one 'betaling aan' points at, else the first filled."""
        v = self.voorloop.values
        keys = ["code_servicebureau", "zorgverlenerscode", "praktijkcode", "instellingscode"]
        pointer = v.get("betaling_aan")
        if isinstance(pointer, int) and 1 <= pointer <= 4 and isinstance(v.get(keys[pointer - 1]), int) \
                and v[keys[pointer - 1]]:
            return f"{v[keys[pointer - 1]]:08d}"
        for key in keys:
            if isinstance(v.get(key), int) and v[key]:
                return f"{v[key]:08d}"
        return "00000000"
