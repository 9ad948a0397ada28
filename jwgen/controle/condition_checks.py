"""The BER conditions no declarative kind fits, one small function each (GZ321 BER, column Constraints/condities).

Every other condition is data: the standard's condition ledger (``conditions.json``) and the generic engine
(:mod:`jwgen.controle.conditions`); the ledger names these functions' rules where they implement a condition
(``"rule"``). What each rule says, its retourcode and basis are in rules.json. The coarse kind of a prestatie
that ``tarief.soort`` judges by: a DBC when its DBC prestatiecode (0410) is filled, Basis GGZ when its
prestatiecodelijst is 063, otherwise a prestatie of another kind (OVP, ZZP, transitie).

>>> kind_of({"dbc_prestatiecode": "101001000041", "prestatiecodelijst": 50})
'dbc'
>>> kind_of({"dbc_prestatiecode": "", "prestatiecodelijst": 63})
'basis'
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import Any, Callable, Mapping

from ..model import Record
from ._context import Context
from ._findings import NO_FINDINGS, Findings
from .record_checks import Group

BASIS_GGZ = 63  # COD367-VEKT 063: Basis GGZ (GZ321 BER 0408: '050' gespecialiseerde GGZ or '063' Basis GGZ)


def kind_of(prestatie: Mapping[str, Any]) -> str:
    if prestatie.get("dbc_prestatiecode"):
        return "dbc"
    return "basis" if prestatie.get("prestatiecodelijst") == BASIS_GGZ else "other"


def _filled(value: Any) -> bool:
    return value not in ("", 0, None)


# -- verzekerdenrecord ----------------------------------------------------------------------------------
def adres(ctx: Context, record: Record, group: Group) -> Findings:
    """A Dutch postcode or a foreign one, not both; with a Dutch postcode the land is NL (or empty), with a
    foreign one it is filled and not NL (GZ321 BER 0217, 0218, 0221)."""
    nl, abroad, land = record.values["postcode"], record.values["postcode_buitenland"], record.values["code_land"]
    if nl and abroad:
        return [ctx.finding("verzekerde.adres", record, "postcode_buitenland")]
    elif (nl and land not in ("", "NL")) or (abroad and land in ("", "NL")):
        return [ctx.finding("verzekerde.adres", record, "code_land")]
    return NO_FINDINGS


# -- prestatierecord -------------------------------------------------------------------------------------
def _int_sum(own: Any, nodes: list, key: str) -> int | None:
    """The sum of the nodes' ``key`` when ``own`` and every part are whole numbers, else None (unreadable)."""
    if type(own) is not int:
        return None
    total = 0
    for node in nodes:
        part = node.record.values[key]
        if type(part) is not int:
            return None
        total += part
    return total


def tijdseenheden(ctx: Context, record: Record, group: Group) -> Findings:
    """The prestatie's tijdseenheden are its records': aantal zorgactiviteit = the sum of its 16s, direct and
    indirect = the sums of its 17s, totaal at least direct + indirect (Vektis's base file: 186 >= 120 + 30)."""
    if ctx.dc(record) == "C":
        return NO_FINDINGS  # a credit is an exact copy of its debet (5.4.9); one that leaves records out is credit.incomplete
    p, v = group.prestatie, record.values
    for key, nodes in (("aantal_tijdseenheden_zorgactiviteit", p.zorgactiviteiten),
                       ("aantal_tijdseenheden_direct", p.tijdsbestedingen),
                       ("aantal_tijdseenheden_indirect", p.tijdsbestedingen)):
        own = v[key]
        total = _int_sum(own, nodes, key)
        if total is not None and own != total:
            return [ctx.finding("prestatie.tijdseenheden", record, key, f"{key} is {own}, its records add up "
                                                                        f"to {total}")]
    total, direct, indirect = (v["aantal_tijdseenheden_totaal"], v["aantal_tijdseenheden_direct"],
                               v["aantal_tijdseenheden_indirect"])
    if type(total) is int and type(direct) is int and type(indirect) is int and total < direct + indirect:
        return [ctx.finding("prestatie.tijdseenheden", record, "aantal_tijdseenheden_totaal")]
    return NO_FINDINGS


# -- tariefrecord -------------------------------------------------------------------------------------------
def soort(ctx: Context, record: Record, group: Group) -> Findings:
    """The soort prestatie/tarief fits the kind of prestatie (GZ321 BER 0610: DBC 10-12, Basis GGZ 14-15,
    OVP 02/04, ZZP 16/17)."""
    value = record.values["soort_prestatie_tarief"]
    allowed = ctx.spec.rules["tarief.soort"]["allowed"][kind_of(group.prestatie.record.values)]
    if isinstance(value, int) and value not in allowed:
        return [ctx.finding("tarief.soort", record, "soort_prestatie_tarief",
                            f"soort {value:02d} on a {kind_of(group.prestatie.record.values)} prestatie")]
    return NO_FINDINGS


# -- zorgactiviteitrecord -------------------------------------------------------------------------------------
def afwijkende_instelling(ctx: Context, record: Record, group: Group) -> Findings:
    """The afwijkende instelling/praktijk is another than the declarant's (GZ321 BER 1617)."""
    value = record.values["afwijkende_instellingscode"]
    if not _filled(value):
        return NO_FINDINGS
    own = {ctx.voorloop.values.get(k) for k in ("praktijkcode", "instellingscode")}
    if value in own:
        return [ctx.finding("zorgactiviteit.afwijkende-instelling", record, "afwijkende_instellingscode")]
    return NO_FINDINGS


# -- every record under a prestatie --------------------------------------------------------------------------
@lru_cache(maxsize=16)
def _period(message: Any) -> Callable[[dict], tuple]:
    """values -> (begin, end) of a prestatie: the fields structure.json prestatie_period names."""
    return itemgetter(*message.structure["prestatie_period"])


def outside_prestatie(ctx: Context, record: Record, group: Group) -> Findings:
    """A deelprestatie, zorgactiviteit or tijdsbesteding lies within its prestatie's period."""
    begin, end = _period(ctx.message)(group.prestatie.record.values)
    if type(begin) is not date or type(end) is not date or end < begin:
        return NO_FINDINGS  # a prestatie without a period of its own is date.end-before-begin's finding
    values = record.values
    for key in ctx.message.structure["date_ranges"].get(record.rtype, ()):  # none: a record type without dates
        value = values[key]
        if type(value) is date and not begin <= value <= end:
            return [ctx.finding("date.outside-prestatie", record, key)]
    return NO_FINDINGS


def ref_self(ctx: Context, record: Record, group: Group) -> Findings:
    """A record's referentienummer voorgaande is never its own referentienummer."""
    ref = record.values["referentienummer"]
    if ref and ref == record.values["referentienummer_voorgaande"]:
        return [ctx.finding("ref.self", record, "referentienummer_voorgaande")]
    return NO_FINDINGS
