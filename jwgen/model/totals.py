"""Counts and totals of a declaration: the one function the writer and the receiver share.

The sluitrecord of a JW321 is filled from :func:`compute_totals`, and the receiver
compares a file's sluitrecord with :func:`compute_totals` of the records it read,
so a generated file and its check can never disagree about what a count means.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ._record import Record


@dataclass
class Totals:
    counts: dict[str, int] = field(default_factory=dict)  # per record type (detail types only)
    details: int = 0
    amount: int = 0  # signed eurocent: debet positive, credit negative
    debet: int = 0  # eurocent of the debet amounts alone
    credit: int = 0  # eurocent of the credit amounts alone (positive)
    unreadable: bool = False  # some amount or its D/C could not be read: the total is not known

    def sluit_values(self, structure: Any) -> dict[str, Any]:
        """The sluitrecord fields of a JW321 for these totals."""
        values: dict[str, Any] = {key: self.counts.get(rtype, 0)
                                  for key, rtype in structure["sluit_counts"].items()}
        values[structure["sluit_detail_total"]] = self.details
        amount_key, dc_key = structure["sluit_amount"]
        values[amount_key], values[dc_key] = split_signed(self.amount)
        return values


def signed(amount: Any, dc: Any) -> int:
    """Eurocent with the sign of a D/C indicator; unreadable amounts count as 0."""
    if type(amount) is not int:
        return 0
    return -amount if dc == "C" else amount


def split_signed(amount: int) -> tuple[int, str]:
    """Signed eurocent to (amount, D/C); zero is debet (COD043 default)."""
    return (abs(amount), "C" if amount < 0 else "D")


def dc_of(record: Record, structure: Any) -> Any:
    """The record's own indicatie debet/credit (the field structure.json names per record type), or None."""
    key = structure["dc_field"].get(record.rtype)
    return record.values.get(key) if key else None


def record_amount(record: Record, structure: Any) -> int:
    """The signed eurocent a record declares (tariefrecord: declaratiebedrag with its D/C); 0 for the others."""
    source = structure["amount_source"].get(record.rtype)
    return signed(record.values.get(source[0]), record.values.get(source[1])) if source else 0


def prestatie_amount(prestatie: Any, structure: Any) -> int:
    """A prestatie's declared amount: the signed sum of the records that carry amounts (GGZ: its tariefrecords,
    the prestatierecord has none; MZ301: the prestatierecord itself)."""
    return sum([record_amount(node.record, structure) for node in (prestatie, *prestatie.children())])


def amount_nodes(prestatie: Any, structure: Any) -> list:
    """The nodes of a prestatie that carry its amounts (structure ``amount_source``: the tariefrecords of a GGZ
    prestatie, the prestatierecord itself in MZ301), in file order; else its first child, else itself."""
    source = structure.get("amount_source") or {}
    family = [prestatie, *prestatie.children()]
    return [n for n in family if n.record.rtype in source] or family[1:2] or family[:1]


def compute_totals(records: Iterable[Record], structure: Any) -> Totals:
    """Count detail records per type and add up the declared amounts (signed)."""
    detail_types = structure["detail_types"]
    sources = structure["amount_source"]
    counts = {rtype: 0 for rtype in detail_types}
    amount = debet = credit = 0
    unreadable = False
    dc_keys: dict[tuple, tuple[str, ...]] = {}  # the D/C indicators (dc_...) of each record shape (its keys)
    for record in records:
        rtype = record.rtype
        if rtype in counts:
            counts[rtype] += 1
            source = sources.get(rtype)
            if source is not None:
                values = record.values
                value, dc = values.get(source[0]), values.get(source[1])
                if not unreadable:
                    # an amount whose sign is not readable, or whose record's D/C indicators disagree, is not known
                    shape = tuple(values)
                    keys = dc_keys.get(shape)
                    if keys is None:
                        keys = dc_keys[shape] = tuple(k for k in shape if k.startswith("dc_"))
                    unreadable = type(value) is not int or dc not in ("D", "C")
                    for k in keys:
                        if values[k] != dc:
                            unreadable = True
                part = signed(value, dc)
                amount += part
                if part >= 0:
                    debet += part
                else:
                    credit -= part
    return Totals(counts=counts, details=sum(counts.values()), amount=amount, debet=debet, credit=credit,
                  unreadable=unreadable)
