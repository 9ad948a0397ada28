"""The answers a gemeente and VECOZO really give (issue: receiver corrections found by reading the STB against
jwgen). One minimal file or file sequence per point, each getting the STB's answer."""
from __future__ import annotations

from datetime import date

import minimal
from jwgen.controle import Ledger, receive
from jwgen.flatfile import scan
from jwgen.model import Node

SPEC = minimal.SPEC
M = minimal.M


def _file(*verzekerden, month: int = 1, factuurnummer: str = "F1", comment: bool = True) -> bytes:
    return minimal.file(minimal.declaration(list(verzekerden), comment=comment, month=month,
                                            factuurnummer=factuurnummer))


def _rules(outcome) -> set[str]:
    return {f.rule for f in outcome.findings}


def _returned_codes(outcome) -> set[str]:
    return {c for codes in outcome.returned.values() for c in codes}


# 1. VECOZO's approved records get their own code, and its voorlooprecord says the file is rejected (6.8.2)
def test_vecozo_returns_good_records_with_8096_and_a_rejected_voorloop():
    bad = minimal.verzekerde(bsn=123456789)  # fails the 11-proef
    for record in bad.prestaties[0].records():
        if "bsn" in record.values:
            record["bsn"] = 123456789
    good = minimal.verzekerde(bsn=minimal.BSN2, prestaties=[minimal.prestatie(bsn=minimal.BSN2, ref="P2")])
    outcome = receive(_file(good, bad), profile="vecozo")
    assert outcome.status == "rejected-records" and outcome.voorloop_codes == ["8073"]
    assert _returned_codes(outcome) == {"8096", "0435"}
    assert "0200" not in _returned_codes(outcome)
    gemeente = receive(_file(good, bad), profile="gemeente")
    assert gemeente.voorloop_codes == ["0200"]  # the gemeente's co-returned records keep 0200


# 2. Table 6-3: VECOZO 'n.v.t.' on the debiteurrecord
def test_vecozo_does_not_check_the_debiteurrecord():
    v = minimal.verzekerde()
    v.debiteur.record["reserve"] = "X"
    data = _file(v)
    assert receive(data, profile="vecozo").status == "forwarded"
    assert _rules(receive(data, profile="gemeente")) == {"field.reserve"}


# 3. STB 6.10: the corrected line comes back with other clients in the file of a next period
def test_a_rejected_line_resent_with_other_clients_in_the_next_period_is_approved():
    with Ledger() as ledger:
        broken = minimal.verzekerde(prestaties=[minimal.prestatie(ref="P1")])
        broken.prestaties[0].tarieven[0].record["dc_declaratiebedrag"] = "X"
        january = receive(_file(broken), ledger=ledger)
        assert january.status == "partial"
        fixed = minimal.verzekerde(prestaties=[minimal.prestatie(ref="P1-2")])  # its January period kept
        other = minimal.verzekerde(bsn=minimal.BSN2, prestaties=[minimal.prestatie(
            bsn=minimal.BSN2, ref="P2", begin=date(2017, 2, 3), end=date(2017, 2, 20))])
        february = receive(_file(fixed, other, month=2, factuurnummer="F2"), ledger=ledger)
    assert february.status == "approved", [(f.rule, f.message) for f in february.findings]


# 4. 5.4.9: a line pointing at the original must keep its period; a new debet after the credit may correct it
def test_a_corrected_period_is_a_new_debet_after_the_credit_not_a_2nd_debet():
    with Ledger() as ledger:
        assert receive(_file(minimal.verzekerde(prestaties=[minimal.prestatie(ref="P1")])), ledger=ledger).status \
            == "approved"
        credit = minimal.prestatie(ref="C1", dc="C", ref_voorgaande="P1")
        real_period = minimal.prestatie(ref="P2", begin=date(2017, 1, 5), end=date(2017, 1, 20))  # no voorgaande
        outcome = receive(_file(minimal.verzekerde(prestaties=[credit, real_period]), factuurnummer="F2"),
                          ledger=ledger)
    assert outcome.status == "approved", [(f.rule, f.message) for f in outcome.findings]
    with Ledger() as ledger:
        receive(_file(minimal.verzekerde(prestaties=[minimal.prestatie(ref="P1")])), ledger=ledger)
        credit = minimal.prestatie(ref="C1", dc="C", ref_voorgaande="P1")
        second = minimal.prestatie(ref="P2", ref_voorgaande="P1", end=date(2017, 1, 25))  # claims to be the 2nd
        misuse = receive(_file(minimal.verzekerde(prestaties=[credit, second]), factuurnummer="F2"), ledger=ledger)
    assert _rules(misuse) == {"debet.period-changed"}


# 5. A 2nd debet after its credit in the same file, without referentienummer voorgaande
def test_a_2nd_debet_without_referentienummer_voorgaande_follows_its_credit():
    with Ledger() as ledger:
        receive(_file(minimal.verzekerde(prestaties=[minimal.prestatie(ref="P1")])), ledger=ledger)
        credit = minimal.prestatie(ref="C1", dc="C", ref_voorgaande="P1")
        again = minimal.prestatie(ref="P2")  # the same prestatie and period, no referentienummer voorgaande
        outcome = receive(_file(minimal.verzekerde(prestaties=[credit, again]), factuurnummer="F2"), ledger=ledger)
    assert outcome.status == "approved", [(f.rule, f.message) for f in outcome.findings]


# 6. 5.4.8: clients without BSN are told apart by verzekerdennummer and geboortedatum
def test_two_clients_without_bsn_do_not_collide():
    def client(number: str, born: date, ref: str):
        v = minimal.verzekerde(bsn=999999999, prestaties=[minimal.prestatie(bsn=999999999, ref=ref)])
        v.record["verzekerdennummer"], v.record["geboortedatum"] = number, born
        for record in v.prestaties[0].records():
            if "verzekerdennummer" in record.values:
                record["verzekerdennummer"] = number
        return v
    with Ledger() as ledger:
        first = receive(_file(client("A1", date(2010, 1, 1), "P1")), ledger=ledger)
        second = receive(_file(client("B2", date(2011, 2, 2), "P2"), factuurnummer="F2"), ledger=ledger)
        again = receive(_file(client("A1", date(2010, 1, 1), "P3"), factuurnummer="F3"), ledger=ledger)
    assert first.status == second.status == "approved", second.findings
    assert _rules(again) == {"debet.already-declared"}  # the same client's same prestatie is a double


# 7. The full 2023 CBS list; a well-formed code outside it is accepted unless --strict
def test_gemeentecodes_of_the_2023_map_and_merged_away_ones():
    def to(code: int) -> bytes:
        d = minimal.declaration()
        for record in d.records():
            if "gemeentecode" in record.values:
                record["gemeentecode"] = code
        return minimal.file(d)
    assert receive(to(362)).status == "approved"  # Amstelveen
    assert receive(to(988)).status == "approved"  # Weert
    assert receive(to(1990)).status == "approved"  # not on the 2023 map, but a code CBS may have issued
    assert _rules(receive(to(1990), strict=True)) == {"voorloop.receiver"}
    assert _rules(receive(to(9999))) == {"voorloop.receiver"}  # never a CBS code


# 8. Table 5-2: commentaar belongs to verzekerde, debiteur, prestatie and tarief only
def test_a_comment_on_a_zorgactiviteitrecord_rejects_the_file():
    d = minimal.declaration(comment=False)
    d.verzekerden[0].prestaties[0].zorgactiviteiten[0].comments.append(
        minimal.blank(M.records["98"], vrije_tekst="Toelichting"))
    outcome = receive(minimal.file(minimal.finalize(d, M.structure)))
    assert outcome.status == "rejected-file" and _rules(outcome) == {"structure.comment-orphan"}


# 9. 5.2: one verzekerdenrecord per verzekerde
def test_the_same_bsn_twice_is_rejected():
    second = minimal.verzekerde(prestaties=[minimal.prestatie(ref="P2", begin=date(2017, 1, 21),
                                                              end=date(2017, 1, 25))], debiteur=False)
    assert _rules(receive(_file(minimal.verzekerde(), second))) == {"verzekerde.twice"}


# 10. A credit is an exact copy per record: it may not move money between two tariefrecords
def test_a_credit_that_moves_money_between_tariefrecords_is_rejected():
    def two_tarieven(ref: str, amounts: tuple[int, int], dc: str = "D", voorgaande: str = ""):
        p = minimal.prestatie(ref=ref, amount=amounts[0], dc=dc, ref_voorgaande=voorgaande, children=False)
        t2 = p.tarieven[0].record.copy(referentienummer=f"{ref}-T2", tarief_prestatie=amounts[1],
                                       berekend_bedrag=amounts[1], declaratiebedrag=amounts[1],
                                       referentienummer_voorgaande=f"{voorgaande}-T2" if voorgaande else "")
        p.tarieven.append(Node(t2))
        return p
    with Ledger() as ledger:
        assert receive(_file(minimal.verzekerde(prestaties=[two_tarieven("P1", (10000, 20000))])),
                       ledger=ledger).status == "approved"
        moved = two_tarieven("C1", (15000, 15000), dc="C", voorgaande="P1")  # same total, other split
        outcome = receive(_file(minimal.verzekerde(prestaties=[moved]), factuurnummer="F2"), ledger=ledger)
    assert "credit.amount" in _rules(outcome) and outcome.status == "partial"


# 11. 6.4.2: a key that differs is answered on the record, like a BSN or gemeentecode that differs
def test_a_prestatiecode_mismatch_is_answered_on_the_record():
    d = minimal.declaration()
    d.verzekerden[0].prestaties[0].tarieven[0].record["prestatiecode"] = "140A02"
    d.verzekerden[0].prestaties[0].tarieven[0].record["declaratiecode_deelprestatie"] = "140A02"  # BER 0612
    outcome = receive(minimal.file(d))
    assert outcome.status == "partial" and _rules(outcome) == {"keys.link"}
    assert {f.rubriek for f in outcome.findings} == {"0607"}


# 16. The declaratieperiode is administrative: a prestatie that began before it is fine
def test_a_prestatie_before_the_period_is_accepted_one_ending_after_is_not():
    before = minimal.prestatie(begin=date(2016, 11, 3), end=date(2016, 12, 20))
    assert receive(_file(minimal.verzekerde(prestaties=[before]))).status == "approved"
    after = minimal.prestatie(begin=date(2017, 1, 20), end=date(2017, 2, 2))
    assert _rules(receive(_file(minimal.verzekerde(prestaties=[after])))) == {"date.outside-period"}


def test_every_retour_file_carries_its_own_message_code():
    outcome = receive(minimal.file())
    assert outcome.jw322.startswith(b"01435")
    assert scan(outcome.jw322, SPEC.retour).records[0]["code_berichtsoort"] == 435
