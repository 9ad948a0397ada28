"""Field content that breaks a record-level rule (PORTES levels 3-5, STB 6.4.3)."""
from __future__ import annotations

from datetime import timedelta

from ..generate.corrections import follow_period, move_begin
from ..model import Raw
from ._base import Case, DefectError, fields, period_pair
from ._registry import defect

INVALID_BSN = 123456789  # fails the 11-proef


@defect("bsn-invalid", "BSN fails the 11-proef", "record", "bsn.invalid",
        "a verzekerde's BSN (in every record of that verzekerde) fails the 11-proef")
def bsn_invalid(case: Case) -> None:
    verzekerde = case.verzekerde()
    for record in verzekerde.records():
        if "bsn" in record.values:
            record["bsn"] = INVALID_BSN
    case.touch(verzekerde.record, "bsn")


@defect("bsn-detail-mismatch", "BSN of a tariefrecord differs from its verzekerde", "record", "bsn.mismatch",
        "a tariefrecord carries a valid BSN of another person than its verzekerde")
def bsn_mismatch(case: Case) -> None:
    _, prestatie = case.prestatie()
    record = case.amount_nodes(prestatie)[0].record
    record["bsn"] = 999999990 if record["bsn"] != 999999990 else 111222333
    case.touch(record, "bsn")


@defect("invalid-date", "Impossible einddatum prestatie", "record", "date.prestatie",
        "a prestatierecord's einddatum is 31 February",
        needs=(fields("prestatie", "einddatum_prestatie"),))
def invalid_date(case: Case) -> None:
    _, prestatie = case.prestatie()
    begin, end = case.period_keys()
    prestatie.record[end] = Raw(f"{prestatie.record[begin].year}0231")
    case.touch(prestatie.record, end)


@defect("prestatie-outside-period", "Prestatie ends after the declaratieperiode", "record", "date.outside-period",
        "a prestatie ends the day after the declaratieperiode (and before the dagtekening factuur); one that began "
        "before the period would be fine (GZ321 BER 0114)")
def outside_period(case: Case) -> None:
    _, prestatie = case.prestatie()
    end = case.declaration.voorloop["einddatum_declaratieperiode"] + timedelta(days=1)
    if end >= case.declaration.voorloop["dagtekening_factuur"]:
        raise DefectError("prestatie-outside-period needs a dagtekening factuur at least two days after the period")
    key = case.period_keys()[1]
    prestatie.record[key] = end
    follow_period(prestatie, case.message.structure)
    case.touch(prestatie.record, key)


@defect("prestatie-after-factuurdatum", "Prestatie ends after the factuurdatum", "record",
        ("date.outside-period", "date.end-after-factuur"),
        "a prestatie ends the day after the dagtekening factuur, so also after the declaratieperiode (two rules)",
        needs=(period_pair,))
def after_factuurdatum(case: Case) -> None:
    _, prestatie = case.prestatie()
    key = case.period_keys()[1]
    prestatie.record[key] = case.declaration.voorloop["dagtekening_factuur"] + timedelta(days=1)
    follow_period(prestatie, case.message.structure)
    case.touch(prestatie.record, key)


@defect("einddatum-before-begindatum", "Einddatum before begindatum", "record", "date.end-before-begin",
        "a prestatie ends three days before it begins, both inside the declaratieperiode",
        needs=(period_pair,))
def end_before_begin(case: Case) -> None:
    _, prestatie = case.prestatie()
    start = case.declaration.voorloop["begindatum_declaratieperiode"]
    move_begin(prestatie, start + timedelta(days=5), case.message.structure)
    key = case.period_keys()[1]
    prestatie.record[key] = start + timedelta(days=2)
    follow_period(prestatie, case.message.structure)
    for node in prestatie.zorgactiviteiten:
        node.record["begindatum_zorgactiviteit"] = node.record["einddatum_zorgactiviteit"] = start + timedelta(days=5)
    case.touch(prestatie.record, key)


@defect("letters-in-numeric", "Letters in an N field", "record", "field.format",
        "aantal uitgevoerde prestaties of a tariefrecord holds the letter A ('00A1')",
        needs=(fields("amount", "aantal_uitgevoerde_prestaties"),))
def letters_in_numeric(case: Case) -> None:
    _, prestatie = case.prestatie()
    record = case.amount_nodes(prestatie)[0].record
    record["aantal_uitgevoerde_prestaties"] = case.letters_in(record, "aantal_uitgevoerde_prestaties")
    case.touch(record, "aantal_uitgevoerde_prestaties")


@defect("wrong-dc", "Debet/credit indicator X", "record", "dc.value",
        "a tariefrecord's indicatie debet/credit of the declaratiebedrag is 'X'")
def wrong_dc(case: Case) -> None:
    _, prestatie = case.prestatie()
    record = case.amount_nodes(prestatie)[0].record
    key = case.amount_keys(record.rtype)[1]
    record[key] = "X"
    case.touch(record, key)


@defect("unknown-gemeentecode", "Receiver not in its list", "content", "voorloop.receiver",
        "the voorlooprecord names receiver 0000 (JW321: gemeentecode 9999, which CBS does not have)")
def unknown_gemeentecode(case: Case) -> None:
    key = case.message.structure["receiver_key"]
    closed = case.spec.codes(case.spec.standard.receiver["codelist"]) is not None
    case.declaration.voorloop[key] = 9999 if closed else 0  # a closed list lacks 9999; an open one needs a code
    case.touch(case.declaration.voorloop, key)


@defect("empty-mandatory", "Mandatory field empty", "record", "field.mandatory",
        "a verzekerdenrecord has no naam verzekerde")
def empty_mandatory(case: Case) -> None:
    verzekerde = case.verzekerde()
    verzekerde.record["naam_01"] = ""
    case.touch(verzekerde.record, "naam_01")
