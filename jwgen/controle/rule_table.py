"""The one explicit rule table: every rule of ``rules.json`` and the function that checks it.

The data says *what* and *where*; this table says only *how*. ``rules.json`` holds each rule's level,
retourcode, texts and roles, its scope and its record types, and its place: the receiver runs the
checks of one stage in the order of ``rules.json``, so that order decides which retourcodes reach a
record first (a JW322 record carries at most three). The code supplies the functions, here, in one list,
and :func:`check_rule_table` fails when data and code disagree in anything: ids, scope, record types.

Five kinds of implementation:

* ``READER``: the byte layer finds it (:mod:`jwgen.flatfile` scan and assemble name the rule);
* ``FIELD``: the generic field check (:func:`jwgen.controle.record_checks.check_fields`) names it;
* :class:`Voorloop` ``fn(ctx)``: a check of the voorlooprecord;
* :class:`Sluit` ``fn(ctx, totals, sluit)``: a check of the sluitrecord; one function may answer for
  several rules (the counts) and runs once, at the place of its first rule;
* :class:`Detail` ``fn(ctx, record, group)``: a record-level check, run on the record types
  ``rules.json`` gives it, with an optional cheap gate ``when(ctx, record, group)`` and an optional
  :class:`~jwgen.controle.screens.Screen` (the lines of a file where it may find anything, found column-wise);
  it returns its findings as a sequence (``NO_FINDINGS``, one shared empty tuple, for the common record
  without any).

>>> from jwgen.spec import load_spec
>>> spec = load_spec()
>>> check_rule_table(spec)
>>> [rule for rule, _ in voorloop_checks(spec)][:3]
['voorloop.versie-informatiesysteem', 'voorloop.zorgverlener', 'voorloop.code-bericht']
>>> [rule for rule, _, _ in detail_checks(spec, "02")][:2]
['bsn.invalid', 'receiver.detail']
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from ..spec import Spec, SpecError
from . import condition_checks as conditions, credit_checks as credits, file_checks as files
from . import conditions as engine, record_checks as records, screens
from .screens import Screen

READER = "reader"
FIELD = "field"


@dataclass(frozen=True)
class Voorloop:
    check: Callable


@dataclass(frozen=True)
class Sluit:
    check: Callable


@dataclass(frozen=True)
class Detail:
    check: Callable
    when: Callable | None = None
    screen: Screen | None = None


Implementation = str | Voorloop | Sluit | Detail

#: rule id -> implementation. Listed in the order of rules.json for the reader; the order that counts is the data's.
RULES: dict[str, Implementation] = {
    "file.utf8": READER,
    "file.bom": READER,
    "file.extension": READER,  # the receiver, from the file's name (VECOZO)
    "file.crlf": READER,
    "file.record-length": READER,
    "file.too-large": READER,
    "order.voorloop": READER,
    "order.sluit": READER,
    "order.records": READER,
    "order.unknown-type": READER,
    "structure.verzekerde-without-prestatie": READER,
    "structure.prestatie-without-tarief": READER,
    "structure.no-verzekerde": READER,
    "structure.duplicate-record": READER,
    "structure.comment-orphan": READER,
    "structure.comment-regelnummer": READER,
    "keys.identificatie": READER,
    "bsn.invalid": Detail(records.bsn_invalid, screen=screens.bsn_invalid),
    "voorloop.versie-informatiesysteem": Voorloop(engine.voorloop_check("voorloop.versie-informatiesysteem")),
    "voorloop.zorgverlener": Voorloop(engine.voorloop_check("voorloop.zorgverlener")),
    "voorloop.code-bericht": Voorloop(files.code_bericht),
    "voorloop.versie": Voorloop(files.versie),
    "voorloop.subversie": Voorloop(files.subversie),
    "voorloop.soort-bericht": Voorloop(files.soort_bericht),
    "voorloop.receiver": Voorloop(files.receiver),
    "voorloop.btw": Voorloop(files.btw),
    "voorloop.agb": Voorloop(files.agb),
    "voorloop.betaling-aan": Voorloop(files.betaling_aan),
    "voorloop.begindatum": Voorloop(files.begindatum),
    "voorloop.einddatum": Voorloop(files.einddatum),
    "voorloop.dagtekening": Voorloop(files.dagtekening),
    "voorloop.dagtekening-range": Voorloop(files.dagtekening_range),
    "voorloop.factuurnummer": Voorloop(files.factuurnummer),
    "sluit.aantal-verzekerden": Sluit(files.sluit_findings),
    "sluit.aantal-debiteur": Sluit(files.sluit_findings),
    "sluit.aantal-prestatie": Sluit(files.sluit_findings),
    "sluit.aantal-tarief": Sluit(files.sluit_findings),
    "sluit.aantal-zorgactiviteit": Sluit(files.sluit_findings),
    "sluit.aantal-tijdsbesteding": Sluit(files.sluit_findings),
    "sluit.aantal-commentaar": Sluit(files.sluit_findings),
    "sluit.totaal-detailrecords": Sluit(files.sluit_findings),
    "sluit.totaal-bedrag": Sluit(files.sluit_findings),
    "condition.sluit": Sluit(engine.sluit),
    "field.reserve": FIELD,
    "field.format": FIELD,
    "field.mandatory": FIELD,
    "field.code": FIELD,
    "field.left-aligned": FIELD,
    "field.name-text": FIELD,
    "field.text": FIELD,
    "bsn.mismatch": Detail(records.bsn_mismatch),
    "keys.link": Detail(records.keys_link),
    "receiver.detail": Detail(records.receiver_detail, screen=screens.receiver_detail),
    "dc.mixed": Detail(records.dc_mixed, screen=screens.dc_mixed),
    "dc.value": FIELD,
    "dc.group": Detail(records.dc_group),
    "date.end-before-begin": Detail(records.end_before_begin),
    "date.prestatie": FIELD,
    "date.outside-period": Detail(records.outside_period),
    "date.begin-after-factuur": Detail(records.after_factuur("date.begin-after-factuur", 0)),
    "date.end-after-factuur": Detail(records.after_factuur("date.end-after-factuur", 1)),
    "amount.berekend": Detail(records.berekend),
    "amount.declaratie-above-berekend": Detail(records.declaratie_above_berekend),
    "verzekerde.twice": Detail(records.verzekerde_twice),
    "amount.prestatie-too-large": Detail(records.prestatie_too_large, when=records.may_be_too_large),
    "voorloop.valuta": Voorloop(files.valuta),
    "voorloop.declaratie-dubbel": Voorloop(files.declaratie_dubbel),
    "ref.not-unique": Detail(records.ref_not_unique, screen=screens.ref_not_unique),
    "verzekerde.naam-02": Detail(engine.EngineRule("verzekerde.naam-02")),
    "verzekerde.adres": Detail(conditions.adres),
    "prestatie.beroep": Detail(engine.EngineRule("prestatie.beroep")),
    "prestatie.verwijzer": Detail(engine.EngineRule("prestatie.verwijzer")),
    "prestatie.dbc-velden": Detail(engine.EngineRule("prestatie.dbc-velden")),
    "prestatie.afsluitreden": Detail(engine.EngineRule("prestatie.afsluitreden")),
    "prestatie.te-verwachten": Detail(engine.EngineRule("prestatie.te-verwachten")),
    "prestatie.tijdseenheden": Detail(conditions.tijdseenheden),
    "tarief.soort": Detail(conditions.soort),
    "tarief.poortspecialisme": Detail(engine.EngineRule("tarief.poortspecialisme")),
    "tarief.specialisme": Detail(engine.EngineRule("tarief.specialisme")),
    "tarief.prestatiecodelijst-02": Detail(engine.EngineRule("tarief.prestatiecodelijst-02")),
    "zorgactiviteit.afwijkende-instelling": Detail(conditions.afwijkende_instelling),
    "condition.fixed": Detail(engine.EngineRule("condition.fixed")),
    "condition.values": Detail(engine.EngineRule("condition.values")),
    "condition.filled": Detail(engine.EngineRule("condition.filled")),
    "condition.equal": Detail(engine.EngineRule("condition.equal")),
    "condition.one-of": Detail(engine.EngineRule("condition.one-of")),
    "condition.day-count": Detail(engine.EngineRule("condition.day-count")),
    "date.outside-prestatie": Detail(conditions.outside_prestatie),
    "comment.text": FIELD,
    "ref.self": Detail(conditions.ref_self),
    "credit.same-file": Detail(credits.same_file, when=credits.has_pairs_in_file),
    "credit.no-debet": Detail(credits.no_debet, when=credits.is_credit),
    "credit.rejected-debet": Detail(credits.rejected_debet, when=credits.is_credit),
    "credit.already-credited": Detail(credits.already_credited, when=credits.is_credit),
    "credit.amount": Detail(credits.credit_amount, when=credits.in_credit_group),
    "credit.differs": Detail(credits.credit_differs, when=credits.in_credit_group),
    "credit.incomplete": Detail(credits.credit_incomplete, when=credits.is_credit),
    "debet.already-declared": Detail(credits.already_declared, when=credits.is_debet),
    "debet.unknown-original": Detail(credits.unknown_original, when=credits.is_second_debet),
    "debet.period-changed": Detail(credits.period_changed, when=credits.is_second_debet),
    "voorloop.factuurnummer-reused": Voorloop(files.factuurnummer_reused),
    "sluit.totaal-overflow": Sluit(files.totaal_overflow),
}


def _of_kind(spec: Spec, kind: type) -> list[tuple[str, Implementation]]:
    return [(rule_id, RULES[rule_id]) for rule_id in spec.rules if isinstance(RULES.get(rule_id), kind)]


@lru_cache(maxsize=16)
def voorloop_checks(spec: Spec) -> tuple[tuple[str, Callable], ...]:
    """(rule id, check) of the voorlooprecord, in the order of rules.json."""
    return tuple((rule_id, impl.check) for rule_id, impl in _of_kind(spec, Voorloop))


@lru_cache(maxsize=16)
def sluit_checks(spec: Spec) -> tuple[tuple[str, Callable], ...]:
    """(first rule id, check) of the sluitrecord, in the order of rules.json, each function once."""
    out: dict[Callable, str] = {}
    for rule_id, impl in _of_kind(spec, Sluit):
        out.setdefault(impl.check, rule_id)
    return tuple((rule_id, check) for check, rule_id in out.items())


def detail_checks(spec: Spec, rtype: str) -> list[tuple[str, Callable, Callable | None]]:
    """(rule id, check, gate) of one detail record type, in the order of rules.json."""
    return [(rule_id, impl.check, impl.when) for rule_id, impl in _of_kind(spec, Detail)
            if rtype in spec.rules[rule_id]["records"]]


def screen_of(rule_id: str) -> Screen | None:
    """The screen of a detail rule's check, if it has one."""
    impl = RULES.get(rule_id)
    return impl.screen if isinstance(impl, Detail) else None


def check_rule_table(spec: Spec) -> None:
    """Data and code agree: the same rule ids, and each implementation fits its rule's scope and record types
    (a detail rule may have none in a standard without the record types it names: ``not_here``).

    Raises :class:`~jwgen.spec.SpecError` naming every disagreement.
    """
    structure = spec.declaration.structure
    voorloop, sluit = structure["voorloop"], structure["sluit"]
    details = set(spec.declaration.records) - {voorloop, sluit}
    problems = []
    only_data, only_code = sorted(set(spec.rules) - set(RULES)), sorted(set(RULES) - set(spec.rules))
    if only_data or only_code:
        problems.append(f"only in rules.json {only_data}, only in the rule table {only_code}")
    for rule_id, impl in RULES.items():
        rule = spec.rules.get(rule_id)
        if rule is None:
            continue
        scope, rtypes = rule["scope"], list(rule["records"])
        if impl == READER:
            wrong = scope != "file"
        elif impl == FIELD:
            wrong = scope != "record"
        elif isinstance(impl, Voorloop):
            wrong = scope != "file" or rtypes != [voorloop]
        elif isinstance(impl, Sluit):
            wrong = scope != "file" or rtypes != [sluit]
        elif isinstance(impl, Detail):
            wrong = scope != "record" or (not rtypes and not rule.get("not_here")) or not set(rtypes) <= details
        else:
            wrong = True
        if wrong:
            problems.append(f"{rule_id}: a {type(impl).__name__ if not isinstance(impl, str) else impl} check "
                            f"does not fit scope {scope!r} with records {rtypes}")
    named = {key for rule in spec.rules.values() if list(rule["records"]) == [sluit] for key in rule.get("fields", ())}
    unnamed = sorted(set(structure["sluit_counts"]) - named)
    if unnamed:
        problems.append(f"no sluit rule names the count fields {unnamed} (rules.json 'fields')")
    if problems:
        raise SpecError("rules.json and the rule table (jwgen/controle/rule_table.py) differ: " + "; ".join(problems))
