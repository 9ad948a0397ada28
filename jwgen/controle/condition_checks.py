"""Rules read off the conditions of the GZ321 BER (column 'Constraints/condities'), one small function each.

Each rule is what one of Vektis's own N5 test files breaks (jwgen/spec/standards/GZ321/conformance.json
names the file); its text, retourcode and basis are in rules.json. A prestatie's kind decides which soorten
tarief and which fields it has: a DBC when its DBC prestatiecode (0410) is filled, Basis GGZ when its
prestatiecodelijst is 063, otherwise a prestatie of another kind (OVP, ZZP, transitie).

>>> kind_of({"dbc_prestatiecode": "101001000041", "prestatiecodelijst": 50})
'dbc'
>>> kind_of({"dbc_prestatiecode": "", "prestatiecodelijst": 63})
'basis'
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, Callable, Iterator, Mapping

from ..model import Raw, Record
from ..spec import Spec
from ._context import Context
from ._findings import NO_FINDINGS, Finding, Findings
from .record_checks import Group

BASIS_GGZ = 63  # COD367-VEKT 063: Basis GGZ (GZ321 BER 0408: '050' gespecialiseerde GGZ or '063' Basis GGZ)


def kind_of(prestatie: Mapping[str, Any]) -> str:
    if prestatie.get("dbc_prestatiecode"):
        return "dbc"
    return "basis" if prestatie.get("prestatiecodelijst") == BASIS_GGZ else "other"


def _filled(value: Any) -> bool:
    return value not in ("", 0, None)


# -- voorlooprecord ------------------------------------------------------------------------------------
def versie_informatiesysteem(ctx: Context) -> Iterator[Finding]:
    """0107 is filled exactly when 0106 is (GZ321 BER 0107)."""
    v = ctx.voorloop.values
    if isinstance(v.get("code_informatiesysteem"), int) and \
            _filled(v.get("code_informatiesysteem")) != _filled(v.get("versie_informatiesysteem")):
        yield ctx.finding("voorloop.versie-informatiesysteem", ctx.voorloop, "versie_informatiesysteem")


def zorgverlener(ctx: Context) -> Iterator[Finding]:
    """The zorgverlenerscode (0110) is filled with a praktijkcode, and not with an instellingscode (GZ321 BER 0110)."""
    v = ctx.voorloop.values
    if not all(isinstance(v.get(k), int) for k in ("zorgverlenerscode", "praktijkcode", "instellingscode")):
        return
    if (_filled(v["praktijkcode"]) and not _filled(v["zorgverlenerscode"])) or \
            (_filled(v["instellingscode"]) and _filled(v["zorgverlenerscode"])):
        yield ctx.finding("voorloop.zorgverlener", ctx.voorloop, "zorgverlenerscode")


# -- verzekerdenrecord ----------------------------------------------------------------------------------
def naam_02(ctx: Context, record: Record, group: Group) -> Findings:
    """Naam verzekerde (02) is filled exactly when naamcode/naamgebruik (02) is 2 (GZ321 BER 0213)."""
    v = record.values
    if isinstance(v["naamcode_02"], int) and (v["naamcode_02"] == 2) != bool(v["naam_02"]):
        return [ctx.finding("verzekerde.naam-02", record, "naam_02")]
    return NO_FINDINGS


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
_HOOFDBEHANDELAARS = (("zorgverlenerscode_hoofdbehandelaar_1", "beroep_hoofdbehandelaar_1"),
                      ("zorgverlenerscode_hoofdbehandelaar_2", "beroep_hoofdbehandelaar_2"))


def beroep(ctx: Context, record: Record, group: Group) -> Findings:
    """A hoofdbehandelaar's beroep is filled when his zorgverlenerscode is (GZ321 BER 0417, 0419)."""
    found: list[Finding] = []
    v = record.values
    for code_key, job_key in _HOOFDBEHANDELAARS:
        code, job = v[code_key], v[job_key]
        if type(code) is int and type(job) is int and _filled(code) and not _filled(job):
            found.append(ctx.finding("prestatie.beroep", record, job_key))
    return found or NO_FINDINGS


def verwijzer(ctx: Context, record: Record, group: Group) -> Findings:
    """The verwijzer's AGB code is filled exactly for a verwijzer who is a person: code (zelf)verwijzer 01-04
    (GZ321 BER 0421)."""
    code, agb = record.values["code_verwijzer"], record.values["zorgverlenerscode_verwijzer"]
    person = ctx.spec.rules["prestatie.verwijzer"]["persons"]
    if isinstance(code, int) and isinstance(agb, int) and (code in person) != _filled(agb):
        return [ctx.finding("prestatie.verwijzer", record, "zorgverlenerscode_verwijzer")]
    return NO_FINDINGS


def fields_of_kind(rule_id: str) -> Callable[[Context, Record, Group], Findings]:
    """A rule 'these fields are filled for these kinds of prestatie (and empty for the others)' (rules.json)."""
    def check(ctx: Context, record: Record, group: Group) -> Findings:
        keys, required_for, only_for = _kind_rule(ctx.spec, rule_id)
        v = record.values
        kind = kind_of(v)
        required, unexpected = kind in required_for, bool(only_for) and kind not in only_for
        if not required and not unexpected:
            return NO_FINDINGS
        found = []
        for key in keys:
            value = v[key]
            if type(value) is Raw:
                continue
            if required and not _filled(value):
                found.append(ctx.finding(rule_id, record, key))
            elif unexpected and _filled(value):
                found.append(ctx.finding(rule_id, record, key))
        return found
    return check


@lru_cache(maxsize=64)
def _kind_rule(spec: Spec, rule_id: str) -> tuple[tuple[str, ...], frozenset, frozenset]:
    """(fields, the kinds they are required for, the only kinds they may be filled for) of a fields_of_kind rule."""
    rule = spec.rules[rule_id]
    return tuple(rule["fields"]), frozenset(rule["required_for"]), frozenset(rule.get("only_for") or ())


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


def poortspecialisme(ctx: Context, record: Record, group: Group) -> Findings:
    """A DBC-behandeling tarief has poortspecialisme 0329 (GZ321 BER 0613)."""
    rule = ctx.spec.rules["tarief.poortspecialisme"]
    v = record.values
    if v["soort_prestatie_tarief"] in rule["soorten"] and v["poortspecialisme"] != rule["value"]:
        return [ctx.finding("tarief.poortspecialisme", record, "poortspecialisme")]
    return NO_FINDINGS


def specialisme(ctx: Context, record: Record, group: Group) -> Findings:
    """The specialisme behandelaar is filled exactly on an OVP honorarium tarief (GZ321 BER 0615)."""
    value = record.values["specialisme_behandelaar"]
    honorarium = record.values["soort_prestatie_tarief"] in ctx.spec.rules["tarief.specialisme"]["soorten"]
    if isinstance(value, int) and honorarium != _filled(value):
        return [ctx.finding("tarief.specialisme", record, "specialisme_behandelaar")]
    return NO_FINDINGS


def prestatiecodelijst_02(ctx: Context, record: Record, group: Group) -> Findings:
    """Aanduiding prestatiecodelijst (02) only when it differs from the prestatierecord's (GZ321 BER 0611)."""
    value = record.values["prestatiecodelijst_02"]
    if _filled(value) and value == group.prestatie.record.values["prestatiecodelijst"]:
        return [ctx.finding("tarief.prestatiecodelijst-02", record, "prestatiecodelijst_02")]
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
def outside_prestatie(ctx: Context, record: Record, group: Group) -> Findings:
    """A deelprestatie, zorgactiviteit or tijdsbesteding lies within its prestatie's period."""
    p = group.prestatie.record.values
    begin, end = p["begindatum_prestatie"], p["einddatum_prestatie"]
    if type(begin) is not date or type(end) is not date or end < begin:
        return NO_FINDINGS  # a prestatie without a period of its own is date.end-before-begin's finding
    values = record.values
    for key in ctx.message.structure["date_ranges"][record.rtype]:
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
