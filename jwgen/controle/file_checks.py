"""File-level checks of the voorlooprecord and the sluitrecord (STB 6.4.2).

Physical and structural checks come from the byte layer (jwgen.flatfile); here
the meaning of the voorloop data and the sluitrecord counts and total.

>>> from jwgen.controle import receive
>>> from jwgen.defects import broken_file
>>> outcome = receive(broken_file(["unknown-gemeentecode"]))
>>> outcome.status, outcome.voorloop_codes
('rejected-file', ['0018'])
>>> [f.rule for f in receive(broken_file(["sluit-totaal-bedrag"])).findings]
['sluit.totaal-bedrag']
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Iterator

from stdnum.nl import btw as stdnum_btw

from ..model import Totals, signed
from ..spec import MessageLayout, Spec
from ._context import Context
from ._findings import Finding
from .jw322 import LATEST_FACTUUR


def _int(value: object) -> int | None:
    return value if type(value) is int else None


def code_bericht(ctx: Context) -> Iterator[Finding]:
    if _int(ctx.voorloop["code_berichtsoort"]) not in {int(code) for code in ctx.message.codes}:
        yield ctx.finding("voorloop.code-bericht", ctx.voorloop, "code_berichtsoort")


def versie(ctx: Context) -> Iterator[Finding]:
    expected = ctx.message.records[ctx.voorloop.rtype]["versienummer"].value
    if _int(ctx.voorloop["versienummer"]) != int(expected or 0):
        yield ctx.finding("voorloop.versie", ctx.voorloop, "versienummer")


def subversie(ctx: Context) -> Iterator[Finding]:
    expected = ctx.message.records[ctx.voorloop.rtype]["subversienummer"].value
    if _int(ctx.voorloop["subversienummer"]) != int(expected or 0):
        yield ctx.finding("voorloop.subversie", ctx.voorloop, "subversienummer")


def _in_list(ctx: Context, key: str) -> bool:
    f = ctx.message.records[ctx.voorloop.rtype][key]
    value = ctx.voorloop[key]
    if not f.codelist:
        return True
    text = f"{value:0{f.length}d}" if type(value) is int else str(value)
    codes = ctx.spec.codes(f.codelist)
    if codes is None:  # a registry jwgen cannot enumerate: its shape only
        pattern = ctx.spec.pattern(f.codelist)
        return pattern is None or bool(pattern.match(text))
    return text in codes


def soort_bericht(ctx: Context) -> Iterator[Finding]:
    if not _in_list(ctx, "soort_bericht"):
        yield ctx.finding("voorloop.soort-bericht", ctx.voorloop, "soort_bericht")


def receiver(ctx: Context) -> Iterator[Finding]:
    """The voorlooprecord names a receiver of the standard's list (a CBS gemeentecode, an UZOVI-nummer)."""
    key = ctx.message.structure["receiver_key"]
    if ctx.voorloop[key] == 0:  # 0000: no receiver named
        yield ctx.finding("voorloop.receiver", ctx.voorloop, key)
    elif not _in_list(ctx, key) and (ctx.strict or not _well_formed(ctx, key)):
        yield ctx.finding("voorloop.receiver", ctx.voorloop, key)


def _well_formed(ctx: Context, key: str) -> bool:
    """A code outside the list that may have been valid in its time (a gemeente merged away before the list's
    date): codelists.json says which shape such a code has; without --strict the receiver accepts it."""
    f = ctx.message.records[ctx.message.structure["voorloop"]][key]
    shape = ctx.spec.codelists[f.codelist].get("well_formed") if f.codelist else None
    value = ctx.voorloop[key]
    return bool(shape) and type(value) is int and re.match(shape, f"{value:0{f.length}d}") is not None


def btw(ctx: Context) -> Iterator[Finding]:
    value = ctx.voorloop.values.get("btw_identificatienummer")
    if value and not stdnum_btw.is_valid(value):
        yield ctx.finding("voorloop.btw", ctx.voorloop, "btw_identificatienummer")


AGB_KEYS = ("code_servicebureau", "zorgverlenerscode", "praktijkcode", "instellingscode")


def agb(ctx: Context) -> Iterator[Finding]:
    for key in AGB_KEYS:
        if _int(ctx.voorloop[key]) is None:
            yield ctx.finding("voorloop.agb", ctx.voorloop, key)
            return


def betaling_aan(ctx: Context) -> Iterator[Finding]:
    pointer = _int(ctx.voorloop["betaling_aan"])
    if pointer is None or not _in_list(ctx, "betaling_aan"):
        yield ctx.finding("voorloop.betaling-aan", ctx.voorloop, "betaling_aan")
    elif not _int(ctx.voorloop[AGB_KEYS[pointer - 1]]):  # on the empty rubriek, with its code (BER 0109, 0111, 0112)
        yield ctx.finding("voorloop.betaling-aan", ctx.voorloop, AGB_KEYS[pointer - 1],
                          f"betaling aan {pointer:02d} points at {AGB_KEYS[pointer - 1]}, which is empty")


def begindatum(ctx: Context) -> Iterator[Finding]:
    if ctx.voorloop_date("begindatum_declaratieperiode") is None:
        yield ctx.finding("voorloop.begindatum", ctx.voorloop, "begindatum_declaratieperiode")


def einddatum(ctx: Context) -> Iterator[Finding]:
    begin = ctx.voorloop_date("begindatum_declaratieperiode")
    end = ctx.voorloop_date("einddatum_declaratieperiode")
    if end is None or (begin is not None and end < begin):
        yield ctx.finding("voorloop.einddatum", ctx.voorloop, "einddatum_declaratieperiode")


def dagtekening(ctx: Context) -> Iterator[Finding]:
    end = ctx.voorloop_date("einddatum_declaratieperiode")
    day = ctx.voorloop_date("dagtekening_factuur")
    if day is None or (end is not None and day < end):
        yield ctx.finding("voorloop.dagtekening", ctx.voorloop, "dagtekening_factuur")


def dagtekening_range(ctx: Context) -> Iterator[Finding]:
    day = ctx.voorloop_date("dagtekening_factuur")
    if day is not None and day > LATEST_FACTUUR:
        yield ctx.finding("voorloop.dagtekening-range", ctx.voorloop, "dagtekening_factuur",
                          f"dagtekening factuur {day:%Y%m%d} leaves no date for the retourbericht "
                          f"(at most {LATEST_FACTUUR:%Y%m%d})")


def factuurnummer(ctx: Context) -> Iterator[Finding]:
    if not ctx.factuurnummer.strip():
        yield ctx.finding("voorloop.factuurnummer", ctx.voorloop, "factuurnummer_declarant")


def valuta(ctx: Context) -> Iterator[Finding]:
    if not _in_list(ctx, "valutacode"):
        yield ctx.finding("voorloop.valuta", ctx.voorloop, "valutacode")


def declaratie_dubbel(ctx: Context) -> Iterator[Finding]:
    number = ctx.factuurnummer
    if number and ctx.state.ledger.invoice(ctx.declarant, number) is not None:
        yield ctx.finding("voorloop.declaratie-dubbel", ctx.voorloop, "factuurnummer_declarant")


def factuurnummer_reused(ctx: Context) -> Iterator[Finding]:
    number = ctx.factuurnummer
    day = ctx.voorloop_date("dagtekening_factuur")
    earlier = ctx.state.ledger.invoice(ctx.declarant, number) if number else None
    if earlier is not None and (day is None or abs((day - date.fromisoformat(earlier)).days) <= 365):
        yield ctx.finding("voorloop.factuurnummer-reused", ctx.voorloop, "factuurnummer_declarant",
                          f"factuurnummer {number!r} was used by AGB {ctx.declarant} on {earlier}")


def sluit_findings(ctx: Context, totals: Totals, sluit) -> Iterator[Finding]:
    """Compare the sluitrecord with :func:`compute_totals` of the records read."""
    structure = ctx.message.structure
    counted = _count_rules(ctx)
    for key, rtype in structure["sluit_counts"].items():
        rule_id = counted[key]
        if sluit[key] != totals.counts.get(rtype, 0):
            yield ctx.finding(rule_id, sluit, key, f"{key} is {sluit[key]!r}, the file has {totals.counts.get(rtype, 0)}")
    key = structure["sluit_detail_total"]
    if sluit[key] != totals.details:
        yield ctx.finding("sluit.totaal-detailrecords", sluit, key, f"{key} is {sluit[key]!r}, the file has {totals.details}")
    amount_key, dc_key = structure["sluit_amount"]
    declared = signed(sluit[amount_key], sluit[dc_key]) if sluit[dc_key] in ("D", "C") else None
    if totals.unreadable and type(sluit[amount_key]) is int and sluit[dc_key] in ("D", "C"):
        return  # a tariefrecord's amount or D/C is unreadable: answered on that record, not as a wrong total
    if type(sluit[amount_key]) is not int or declared != totals.amount:
        yield ctx.finding("sluit.totaal-bedrag", sluit, amount_key if type(sluit[amount_key]) is not int
                          or abs(totals.amount) != sluit[amount_key] else dc_key,
                          f"total is {sluit[amount_key]!r} {sluit[dc_key]!r}, the prestatierecords add up to "
                          f"{abs(totals.amount)} {'C' if totals.amount < 0 else 'D'}")


def _count_rules(ctx: Context) -> dict[str, str]:
    """Sluitrecord count field -> the rule that answers for it (rules.json ``fields`` of the sluit rules)."""
    return _count_rules_of(ctx.spec, ctx.message)


@lru_cache(maxsize=16)
def _count_rules_of(spec: Spec, message: MessageLayout) -> dict[str, str]:
    sluit = message.structure["sluit"]
    return {key: rule_id for rule_id, rule in spec.rules.items() if rule["records"] == [sluit]
            for key in rule.get("fields", ())}


def totaal_overflow(ctx: Context, totals: Totals, sluit) -> Iterator[Finding]:
    """Debets and credits each within what the JW322's totaal toegekend can hold: the gemeente grants
    at most all debets (all credits rejected) or all credits, never more."""
    structure, jw322 = ctx.message.structure, ctx.spec.retour
    toegekend = jw322.records[jw322.structure["sluit"]][jw322.structure["sluit_toegekend"][0]]
    most = 10 ** toegekend.length - 1
    debet, credit = totals.debet, totals.credit
    if debet > most or credit > most:
        amount_key = structure["sluit_amount"][0]
        yield ctx.finding("sluit.totaal-overflow", sluit, amount_key,
                          f"the debet prestaties add up to {debet}, the credit prestaties to {credit} eurocent; "
                          f"totaal toegekend bedrag holds at most {most}")
