"""Follow-up declarations: credits of earlier lines and corrected 2nd debets (STB 5.4.9).

A creditregel is an exact copy of the debetregel except identificatie detailrecord,
referentienummers, amount and D/C; it credits the whole prestatie (all its tarief,
zorgactiviteit and tijdsbesteding records). A 2nd debetregel follows the credit
with the original prestatie period; jwgen lets it carry the original debet's
referentienummer as referentienummer voorgaande.
"""
from __future__ import annotations


from datetime import date, timedelta
from typing import Any, Iterable

from ..model import Declaration, Node, Prestatie, Record, Verzekerde, blank, finalize
from ..spec import Spec
from . import catalogue, identifiers


class Refs:
    """New referentienummers for a follow-up file, unique across files (factuurnummer prefix)."""

    def __init__(self, factuurnummer: str, length: int, start: int = 1) -> None:
        self.prefix, self.length, self.number = factuurnummer, length, start - 1

    def __call__(self) -> str:
        self.number += 1
        return identifiers.referentienummer(self.prefix, self.number, self.length)


def _copy(node: Node, refs: Refs, dc: str, link: bool) -> Node:
    """STB 5.4.9: a copy with new referentienummer (and voorgaande) and every indicatie debet/credit set."""
    record = node.record.copy()
    for key, value in record.values.items():
        if key == "indicatie_debet_credit" or key.startswith("dc_"):
            record.values[key] = dc
    original = node.record["referentienummer"]
    record.values["referentienummer"] = refs()
    record.values["referentienummer_voorgaande"] = original if link else ""
    return Node(record)


def credit_of(prestatie: Prestatie, refs: Refs) -> Prestatie:
    """The creditregel of an approved debet prestatie, with all its records."""
    head = _copy(prestatie, refs, "C", link=True)
    credit = Prestatie(head.record)
    credit.tarieven = [_copy(n, refs, "C", True) for n in prestatie.tarieven]
    credit.zorgactiviteiten = [_copy(n, refs, "C", True) for n in prestatie.zorgactiviteiten]
    credit.tijdsbestedingen = [_copy(n, refs, "C", True) for n in prestatie.tijdsbestedingen]
    return credit


def redeclare(prestatie: Prestatie, refs: Refs, amounts: Iterable[int] | None = None) -> Prestatie:
    """A corrected 2nd debet: same prestatie and period, new refs, optionally new tarief amounts."""
    head = _copy(prestatie, refs, "D", link=True)
    again = Prestatie(head.record)
    again.tarieven = [_copy(n, refs, "D", False) for n in prestatie.tarieven]
    again.zorgactiviteiten = [_copy(n, refs, "D", False) for n in prestatie.zorgactiviteiten]
    again.tijdsbestedingen = [_copy(n, refs, "D", False) for n in prestatie.tijdsbestedingen]
    if amounts is not None:
        set_amounts(again, list(amounts))
    return again


def set_tarief_amount(record: Record, amount: int) -> None:
    """A record that carries a prestatie's amount (a tariefrecord) declares ``amount`` eurocent and stays
    consistent: tarief x aantal = berekend bedrag = declaratiebedrag. The amount is kept whole: an aantal that
    does not divide it becomes 1. The rubrieken are found by the start of their name, as a standard made from a
    BER names them (GZ311's TARIEF DBC-PRESTATIE INCL. BTW; ZH308's tariefrecord has no aantal).

    >>> record = Record("04", {"tarief_prestatie_excl_btw": 0, "berekend_bedrag": 0, "declaratiebedrag": 0})
    >>> set_tarief_amount(record, 1250); record.values
    {'tarief_prestatie_excl_btw': 1250, 'berekend_bedrag': 1250, 'declaratiebedrag': 1250}
    """
    values = record.values
    counted = next((key for key in values if key.startswith("aantal_uitgevoerde")), None)
    aantal = values[counted] if counted else 1
    if type(aantal) is not int or aantal < 1 or amount % aantal:
        aantal = 1
    for key in values:
        if key == counted:
            values[key] = aantal
        elif key.startswith("tarief"):
            values[key] = amount // aantal
        elif key.startswith("berekend") or key == "declaratiebedrag":
            values[key] = amount


def set_amounts(prestatie: Prestatie, amounts: list[int]) -> None:
    """Give the tarieven these amounts (eurocent), keeping D/C; the prestatierecord carries no amount."""
    if len(amounts) != len(prestatie.tarieven):
        raise ValueError(f"{len(amounts)} amounts for {len(prestatie.tarieven)} tarieven")
    for node, amount in zip(prestatie.tarieven, amounts):
        set_tarief_amount(node.record, amount)


def move_begin(prestatie: Prestatie, begin, structure) -> None:
    """Give a prestatie and its records another begindatum prestatie; their own dates follow where they
    would lie before it (structure.json date_ranges)."""
    ranges = structure["date_ranges"]
    first = structure["prestatie_period"][0]
    for node in [prestatie, *prestatie.children()]:
        if first in node.record.values:
            node.record[first] = begin
        for key in ranges.get(node.record.rtype, ()):
            if key != first and isinstance(node.record[key], date) and node.record[key] < begin:
                node.record[key] = begin
    follow_period(prestatie, structure)


def follow_period(prestatie: Prestatie, structure: Any = None) -> None:
    """The DBC-behandeling tariefrecord spans its prestatie (GZ321 BER 0616/0617): after the prestatie's begin- or
    einddatum changed, its deelprestatie's dates are the prestatie's again. ``structure``: the standard's (its
    ``prestatie_period``); a standard whose records have no such tarief is left as it is."""
    keys = structure["prestatie_period"] if structure is not None else ("begindatum_prestatie", "einddatum_prestatie")
    begin, end = prestatie.record[keys[0]], prestatie.record[keys[1]]
    for node in prestatie.tarieven:
        values = node.record.values
        if values.get("soort_prestatie_tarief") == catalogue.SOORT_TARIEF_EERSTE and "begindatum_deelprestatie" in values:
            values["begindatum_deelprestatie"], values["einddatum_deelprestatie"] = begin, end


def follow_up_voorloop(voorloop: Record, number: int, spec: Spec, days_later: int = 0) -> Record:
    """The voorlooprecord of the ``number``-th follow-up file: a new factuurnummer."""
    record = voorloop.copy()
    length = spec.declaration.records["01"]["factuurnummer_declarant"].length
    base = str(voorloop["factuurnummer_declarant"])
    suffix = f"-{number}"
    record.values["factuurnummer_declarant"] = base[: length - len(suffix)] + suffix
    if days_later and record["dagtekening_factuur"] is not None:
        record.values["dagtekening_factuur"] = record["dagtekening_factuur"] + timedelta(days=days_later)
    return record


def verzekerde_copy(verzekerde: Verzekerde, prestaties: list[Prestatie]) -> Verzekerde:
    """The same client (verzekerde and debiteur records) with other prestaties."""
    debiteur = Node(verzekerde.debiteur.record.copy()) if verzekerde.debiteur is not None else None
    return Verzekerde(verzekerde.record.copy(), debiteur=debiteur, prestaties=prestaties)


def clone_verzekerde(verzekerde: Verzekerde) -> Verzekerde:
    """A deep copy of a verzekerde with all its records and comments (new records, no line text)."""
    def node(n: Node) -> Node:
        return Node(n.record.copy(), [c.copy() for c in n.comments])

    prestaties = [Prestatie(p.record.copy(), [c.copy() for c in p.comments], [node(n) for n in p.tarieven],
                            [node(n) for n in p.zorgactiviteiten], [node(n) for n in p.tijdsbestedingen])
                  for p in verzekerde.prestaties]
    copy = Verzekerde(verzekerde.record.copy(), [c.copy() for c in verzekerde.comments],
                      node(verzekerde.debiteur) if verzekerde.debiteur is not None else None, prestaties)
    return copy


def declaration(voorloop: Record, verzekerden: list[Verzekerde], spec: Spec) -> Declaration:
    d = Declaration(voorloop, verzekerden, blank(spec.declaration.records[spec.declaration.structure["sluit"]]))
    return finalize(d, spec.declaration.structure)
