"""Debet/credit misuse (STB 5.4.9) and invoice reuse, judged with the receiver's memory."""
from __future__ import annotations

from datetime import timedelta

from ..domain import APPROVED, FORWARDED, PARTIAL, RECEIVER, VECOZO
from ..generate.corrections import credit_of, move_begin, redeclare, verzekerde_copy
from ._base import Case, DefectError, fields, period_pair
from ._registry import defect

RECEIVER_ONLY = (RECEIVER,)  # judged with the receiver's memory; VECOZO keeps none (STB 6.8)


def _earlier_prestatie(case: Case, where=lambda p: True):
    verzekerde, prestatie = case.prestatie(where)
    follow_up = case.follow_up()
    return verzekerde, prestatie, follow_up


def _add(case: Case, verzekerde, prestaties) -> None:
    case.declaration.verzekerden.append(verzekerde_copy(verzekerde, prestaties))
    case.finalize()


@defect("credit-same-file", "Debet and identical credit in one file", "record", "credit.same-file",
        "a prestatie and its exact credit are declared in the same file (both lines rejected)")
def credit_same_file(case: Case) -> None:
    verzekerde, prestatie = case.prestatie()
    credit = credit_of(prestatie, case.refs())
    verzekerde.prestaties.insert(verzekerde.prestaties.index(prestatie) + 1, credit)
    case.touch(prestatie.record, "referentienummer")
    case.touch(credit.record, "referentienummer_voorgaande")
    case.finalize()


@defect("credit-without-debet", "Credit without a known debet", "record", "credit.no-debet",
        "a credit line's referentienummer voorgaande points at a line the gemeente never received", roles=RECEIVER_ONLY)
def credit_without_debet(case: Case) -> None:
    verzekerde, prestatie = case.prestatie()
    credit = credit_of(prestatie, case.refs())
    credit.record["referentienummer_voorgaande"] = "ONBEKEND-0000000001"
    verzekerde.prestaties.append(credit)
    case.touch(credit.record, "referentienummer_voorgaande")
    case.finalize()


@defect("partial-credit", "Partial credit", "record", "credit.amount",
        "a credit line credits 1 eurocent less than the toegekend amount of its debet", roles=RECEIVER_ONLY, history=True)
def partial_credit(case: Case) -> None:
    verzekerde, prestatie, _ = _earlier_prestatie(case)
    credit = credit_of(prestatie, case.refs())
    tarief = case.amount_nodes(credit)[0].record
    key = case.amount_keys(tarief.rtype)[0]
    tarief[key] = tarief[key] - 1  # berekend bedrag stays as in the debet (5.4.9)
    _add(case, verzekerde, [credit])
    case.touch(tarief, key)


@defect("credit-of-rejected-debet", "Credit of a rejected debet", "record", "credit.rejected-debet",
        "a credit line points at a debet line the gemeente rejected earlier", roles=RECEIVER_ONLY, history=True,
        needs=(fields("amount", "aantal_uitgevoerde_prestaties"),))
def credit_of_rejected(case: Case) -> None:
    verzekerde, prestatie = case.prestatie()
    tarief = case.amount_nodes(prestatie)[0].record
    good = tarief["aantal_uitgevoerde_prestaties"]
    # the earlier file's line is rejected
    tarief["aantal_uitgevoerde_prestaties"] = case.letters_in(tarief, "aantal_uitgevoerde_prestaties")
    case.follow_up(earlier_status=PARTIAL)
    credit = credit_of(prestatie, case.refs())
    case.amount_nodes(credit)[0].record["aantal_uitgevoerde_prestaties"] = good
    _add(case, verzekerde, [credit])
    case.touch(credit.record, "referentienummer_voorgaande")


@defect("credit-differs", "Credit differs from its debet", "record", "credit.differs",
        "a credit line has another zorgverlenerscode 1e hoofdbehandelaar than its debet line", roles=RECEIVER_ONLY,
        history=True,
        needs=(fields("prestatie", "zorgverlenerscode_hoofdbehandelaar_1"),))
def credit_differs(case: Case) -> None:
    verzekerde, prestatie, _ = _earlier_prestatie(case)
    credit = credit_of(prestatie, case.refs())
    key = "zorgverlenerscode_hoofdbehandelaar_1"
    credit.record[key] = (credit.record[key] + 1) % 10 ** case.message.records[credit.record.rtype][key].length
    _add(case, verzekerde, [credit])
    case.touch(credit.record, key)


@defect("second-debet-before-credit", "Corrected debet before its credit", "record", "debet.already-declared",
        "the corrected 2nd debet stands before the credit of the original line", roles=RECEIVER_ONLY, history=True)
def second_debet_first(case: Case) -> None:
    verzekerde, prestatie, _ = _earlier_prestatie(case)
    refs = case.refs()
    again = redeclare(prestatie, refs)
    _add(case, verzekerde, [again, credit_of(prestatie, refs)])
    case.touch(again.record, "referentienummer_voorgaande")


@defect("second-debet-period-changed", "Corrected debet with another period", "record", "debet.period-changed",
        "the corrected 2nd debet starts a day later than the original debet", roles=RECEIVER_ONLY, history=True,
        needs=(period_pair,))
def second_debet_period(case: Case) -> None:
    first, last = case.period_keys()
    verzekerde, prestatie, _ = _earlier_prestatie(case, lambda p: p.record[first] < p.record[last])
    refs = case.refs()
    credit = credit_of(prestatie, refs)
    again = redeclare(prestatie, refs)
    move_begin(again, again.record[first] + timedelta(days=1), case.message.structure)
    _add(case, verzekerde, [credit, again])
    case.touch(again.record, first)


@defect("credit-incomplete", "Credit leaves out part of the prestatie", "record", "credit.incomplete",
        "the credit of a prestatie leaves out its zorgactiviteitrecord(s)", roles=RECEIVER_ONLY, history=True,
        needs=(fields("child2"),))
def credit_incomplete(case: Case) -> None:
    verzekerde, prestatie, _ = _earlier_prestatie(case, lambda p: bool(p.zorgactiviteiten))
    credit = credit_of(prestatie, case.refs())
    credit.zorgactiviteiten.clear()
    _add(case, verzekerde, [credit])
    case.touch(credit.record, "referentienummer_voorgaande")


@defect("credit-already-credited", "Debet credited twice", "record", "credit.already-credited",
        "a debet line that an earlier file credited is credited again", roles=RECEIVER_ONLY, history=True)
def credit_twice(case: Case) -> None:
    verzekerde, prestatie, follow_up = _earlier_prestatie(case)
    _add(case, verzekerde, [credit_of(prestatie, case.refs())])
    case.prior.append(("credit", follow_up))
    case.prior_status.append(APPROVED)
    from ..generate.corrections import declaration, follow_up_voorloop
    case.declaration = declaration(follow_up_voorloop(case.earlier.voorloop, 3, case.spec), [], case.spec)
    again = credit_of(prestatie, case.refs())
    _add(case, verzekerde, [again])
    case.touch(again.record, "referentienummer_voorgaande")


@defect("referentienummer-reused", "Referentienummer used again", "record", "ref.not-unique",
        "a new debet line reuses the referentienummer of a line the gemeente received before", roles=RECEIVER_ONLY,
        history=True,
        needs=(period_pair,))
def referentienummer_reused(case: Case) -> None:
    first, last = case.period_keys()
    verzekerde, prestatie, _ = _earlier_prestatie(case, lambda p: p.record[first] < p.record[last])
    new = redeclare(prestatie, case.refs())
    new.record["referentienummer_voorgaande"] = ""
    new.record["referentienummer"] = prestatie.record["referentienummer"]
    # a day later, on a day no other prestatie of this client with the same code starts (else 0587 too)
    taken = {p.record[first] for p in verzekerde.prestaties
             if p.record.values.get("prestatiecode") == prestatie.record.values.get("prestatiecode")}
    begin = prestatie.record[first] + timedelta(days=1)
    while begin in taken and begin < prestatie.record[last]:
        begin += timedelta(days=1)
    if begin in taken:
        raise DefectError("referentienummer-reused found no free begindatum for the new line")
    move_begin(new, begin, case.message.structure)
    _add(case, verzekerde, [new])
    case.touch(new.record, "referentienummer")


@defect("resubmitted-file", "The same declaration sent twice", "content", "voorloop.declaratie-dubbel",
        "the gemeente already received a file with this factuurnummer from this AGB", roles=RECEIVER_ONLY, history=True)
def resubmitted(case: Case) -> None:
    case.prior.append(("earlier", case.declaration))
    case.prior_status.append(APPROVED)
    case.touch(case.declaration.voorloop, "factuurnummer_declarant")


@defect("factuurnummer-reused", "Factuurnummer reused within the year", "content", "voorloop.factuurnummer-reused",
        "the AGB used this factuurnummer for a file VECOZO forwarded earlier this year", roles=(VECOZO,),
        history=True)
def factuurnummer_reused(case: Case) -> None:
    case.prior.append(("earlier", case.declaration))
    case.prior_status.append(FORWARDED)
    case.touch(case.declaration.voorloop, "factuurnummer_declarant")
