"""One test per rule of rules.json: a minimal file that breaks exactly that rule.

Every case starts from ``tests/minimal.py`` (a hand-built valid declaration) and
breaks one thing. The receiver must report that rule and no other, with the
rule's retourcode, at the right level: file-scope rules reject the whole file
(JW322 = voorloop + sluit), record-scope rules return the broken record. Rules
that need memory (credit/debet, factuurnummer uniqueness) get their history from
earlier files received on the same :class:`Ledger`.

A builder returns ``(earlier_files, broken_file)``.
"""
from __future__ import annotations

from datetime import date

import pytest

import minimal
from jwgen.controle import Ledger, receive
from jwgen.flatfile import scan, write_records
from jwgen.model import Raw, blank, finalize
from jwgen.spec import load_spec

SPEC = load_spec()
RULES = SPEC.rules
M = minimal.M
CRLF = b"\r\n"


# --- helpers -----------------------------------------------------------------------------------

def _lines(data: bytes) -> list[bytes]:
    parts = data.split(CRLF)
    assert parts[-1] == b""
    return parts[:-1]


def _join(lines: list[bytes]) -> bytes:
    return CRLF.join(lines) + CRLF


def _records(data: bytes):
    result = scan(data, M)
    assert result.ok
    return result.records


def _final(d):
    return minimal.file(finalize(d, M.structure))


def _one(**changes) -> bytes:
    """The minimal declaration with voorloop fields changed (a file-level break)."""
    d = minimal.declaration()
    for key, value in changes.items():
        d.voorloop[key] = value
    return minimal.file(d)


def _sluit(**changes) -> bytes:
    """The minimal declaration with a wrong sluitrecord (no finalize afterwards)."""
    d = minimal.declaration()
    for key, value in changes.items():
        d.sluit[key] = value
    return minimal.file(d)


def _p(d, i: int = 0):
    return d.verzekerden[0].prestaties[i]


def _debet_file(ref: str = "P1", factuurnummer: str = "F1", **kw) -> bytes:
    v = minimal.verzekerde(prestaties=[minimal.prestatie(ref=ref, **kw)])
    return minimal.file(minimal.declaration([v], factuurnummer=factuurnummer))


def _credit(ref: str = "C1", of: str = "P1", **kw):
    return minimal.prestatie(ref=ref, dc="C", ref_voorgaande=of, **kw)


def _credit_file(*prestaties, factuurnummer: str = "F2") -> bytes:
    v = minimal.verzekerde(prestaties=list(prestaties))
    return minimal.file(minimal.declaration([v], factuurnummer=factuurnummer))


# --- file level: physical ----------------------------------------------------------------------

def file_utf8():
    lines = _lines(minimal.file())
    lines[1] = lines[1].replace(b"Jansen", b"Jans\xffn")  # one character, not valid UTF-8
    return [], _join(lines)


def file_bom():
    return [], b"\xef\xbb\xbf" + minimal.file()


def file_extension():
    return [], minimal.file(), "declaratie.TXT"  # VECOZO refuses any extension but lowercase .txt


def file_crlf():
    lines = _lines(minimal.file())
    return [], CRLF.join(lines[:3]) + b"\n" + _join(lines[3:])  # one record ends with LF only


def file_record_length():
    lines = _lines(minimal.file())
    lines[3] += b" "  # 311 characters
    return [], _join(lines)


def _comments(n: int):
    """The minimal declaration with ``n`` commentaarrecords (at most 9999 per record)."""
    d = minimal.declaration(comment=False)
    p = _p(d)
    text = blank(minimal.R["98"])
    for i in range(n):
        node = p if i < 6000 else p.tarieven[0]
        node.comments.append(text.copy(vrije_tekst=f"Toelichting {i}"))
    return finalize(d, M.structure)


def file_too_large():
    d = _comments(12001 - 8)  # 8 records without comments: 01 02 03 04 06 16 17 99
    data = minimal.file(d)
    assert len(_lines(data)) == 12001
    return [], data


# --- file level: order and structure -----------------------------------------------------------

def order_voorloop():
    lines = _lines(minimal.file())
    return [], _join(lines[:-1] + [lines[0], lines[-1]])  # a second voorlooprecord before the sluit


def order_sluit():
    return [], _join(_lines(minimal.file())[:-1])  # no sluitrecord


def order_records():
    records = _records(minimal.file())
    z, t = records[6], records[7]  # zorgactiviteit (id 5), tijdsbesteding (id 6)
    assert (z.rtype, t.rtype) == ("16", "17")
    t["identificatie_detailrecord"], z["identificatie_detailrecord"] = 5, 6  # ids stay ascending
    records[6], records[7] = t, z  # 16 after 17 within the prestatie
    return [], write_records(records, M)


def order_unknown_type():
    lines = _lines(minimal.file())
    lines[4] = b"97" + lines[4][2:]  # the commentaarrecord becomes an unknown type
    return [], _join(lines)


def structure_verzekerde_without_prestatie():
    v2 = minimal.verzekerde(bsn=minimal.BSN2, prestaties=[])
    return [], minimal.file(minimal.declaration([minimal.verzekerde(), v2]))


def structure_prestatie_without_tarief():
    d = minimal.declaration()
    _p(d).tarieven.clear()
    return [], _final(d)


def structure_no_verzekerde():
    return [], minimal.file(minimal.declaration([]))


def structure_duplicate_record():
    lines = _lines(minimal.file())
    assert lines[4][:2] == b"98"
    return [], _join(lines[:5] + [lines[4]] + lines[5:])  # the commentaarrecord twice


def structure_comment_orphan():
    d = minimal.declaration()
    _p(d).comments[0]["identificatie_detailrecord"] = 2  # follows the prestatie (id 3)
    return [], minimal.file(d)


def structure_comment_regelnummer():
    d = minimal.declaration()
    _p(d).comments[0]["regelnummer_vrije_tekst"] = 2
    return [], minimal.file(d)


def keys_identificatie():
    d = minimal.declaration()
    _p(d).tarieven[0].record["identificatie_detailrecord"] = 9
    return [], minimal.file(d)


def keys_link():
    d = minimal.declaration()
    _p(d).tarieven[0].record["prestatiecode"] = "140A02"
    _p(d).tarieven[0].record["declaratiecode_deelprestatie"] = "140A02"  # a DBC-behandeling's is its 0607 (BER 0612)
    return [], minimal.file(d)


# --- file level: voorlooprecord ----------------------------------------------------------------

def voorloop_code_bericht():
    return [], _one(code_berichtsoort=435)


def voorloop_versie():
    return [], _one(versienummer=3)


def voorloop_subversie():
    return [], _one(subversienummer=1)


def voorloop_soort_bericht():
    return [], _one(soort_bericht="X")


def voorloop_gemeentecode():
    # 9999 is no CBS code; the detail records keep 0344 but are never reached (file level first).
    return [], _one(gemeentecode=9999)


def voorloop_betaling_aan():
    return [], _one(betaling_aan=4)  # points at the instellingscode, which is empty


def voorloop_agb():
    return [], _one(zorgverlenerscode=Raw("9401234X"))


def voorloop_begindatum():
    return [], _one(begindatum_declaratieperiode=Raw("20170132"))


def voorloop_einddatum():
    return [], _one(einddatum_declaratieperiode=date(2016, 12, 31))


def voorloop_dagtekening():
    return [], _one(dagtekening_factuur=date(2017, 1, 30))  # before the end of the period


def voorloop_dagtekening_range():
    return [], _one(dagtekening_factuur=date(9999, 12, 25))  # the retourbericht would be dated 10000-01-01


def voorloop_factuurnummer():
    return [], _one(factuurnummer_declarant="")


def voorloop_valuta():
    return [], _one(valutacode="USD")


def _other_prestatie_same_factuurnummer() -> bytes:
    p = minimal.prestatie(ref="P2", begin=date(2017, 1, 21), end=date(2017, 1, 25))
    return minimal.file(minimal.declaration([minimal.verzekerde(prestaties=[p])]))


def voorloop_declaratie_dubbel():
    return [minimal.file()], _other_prestatie_same_factuurnummer()


def voorloop_factuurnummer_reused():
    return [minimal.file()], _other_prestatie_same_factuurnummer()  # earlier file forwarded by VECOZO


# --- file level: sluitrecord -------------------------------------------------------------------

def sluit_aantal_verzekerden():
    return [], _sluit(aantal_verzekerdenrecords=2)


def sluit_aantal_debiteur():
    return [], _sluit(aantal_debiteurrecords=0)


def sluit_aantal_prestatie():
    return [], _sluit(aantal_prestatierecords=2)


def sluit_aantal_commentaar():
    return [], _sluit(aantal_commentaarrecords=0)


def sluit_aantal_tarief():
    return [], _sluit(aantal_tariefrecords=2)


def sluit_aantal_zorgactiviteit():
    return [], _sluit(aantal_zorgactiviteitrecords=0)


def sluit_aantal_tijdsbesteding():
    return [], _sluit(aantal_tijdsbestedingrecords=2)


def sluit_totaal_detailrecords():
    return [], _sluit(totaal_aantal_detailrecords=8)


def sluit_totaal_bedrag():
    return [], _sluit(dc_totaal_declaratiebedrag="C")  # right amount, wrong indicator


def sluit_totaal_overflow():
    # 1001 debets and 1001 credits at the N8 maximum: the net total fits N11, but a gemeente that
    # rejected every credit would grant 1001 * 99,999,999 eurocent, more than totaal toegekend holds.
    most = 10 ** M.records["06"]["declaratiebedrag"].length - 1  # amounts live on the tariefrecord
    debets = [minimal.prestatie(ref=f"D{i}", amount=most, children=False) for i in range(1001)]
    credits = [minimal.prestatie(ref=f"C{i}", amount=most, dc="C", ref_voorgaande=f"X{i}", children=False)
               for i in range(1001)]
    return [], minimal.file(minimal.declaration([minimal.verzekerde(prestaties=debets + credits)]))


# --- record level: fields ----------------------------------------------------------------------

def field_reserve():
    d = minimal.declaration()
    d.verzekerden[0].record["reserve"] = "X"  # (VECOZO does not check the debiteurrecord: table 6-3)
    return [], minimal.file(d)


def field_format():
    d = minimal.declaration()
    _p(d).tarieven[0].record["aantal_uitgevoerde_prestaties"] = Raw("00X1")
    return [], minimal.file(d)


def field_mandatory():
    d = minimal.declaration()
    _p(d).zorgactiviteiten[0].record["activiteitcode"] = ""
    return [], minimal.file(d)


def field_code():
    d = minimal.declaration()
    d.verzekerden[0].record["geslacht"] = 3
    return [], minimal.file(d)


def bsn_invalid():
    # The client's BSN fails the 11-proef, repeated in every record (else bsn.mismatch as well).
    d = minimal.declaration()
    v = d.verzekerden[0]
    v.record["bsn"] = 123456789
    for record in _p(d).records():
        if "bsn" in record.values:
            record["bsn"] = 123456789
    return [], minimal.file(d)


def bsn_mismatch():
    d = minimal.declaration()
    _p(d).tarieven[0].record["bsn"] = minimal.BSN2  # a valid BSN, but not the verzekerde's
    return [], minimal.file(d)


def gemeente_detail():
    d = minimal.declaration()
    _p(d).record["gemeentecode"] = 363  # a CBS code, not the voorlooprecord's 0344
    return [], minimal.file(d)


def dc_value():
    d = minimal.declaration()
    _p(d).zorgactiviteiten[0].record["indicatie_debet_credit"] = "X"
    return [], minimal.file(d)


def dc_mixed():
    d = minimal.declaration()
    _p(d).tarieven[0].record["dc_berekend_bedrag"] = "C"
    return [], minimal.file(d)


def dc_group():
    d = minimal.declaration()
    _p(d).tijdsbestedingen[0].record["indicatie_debet_credit"] = "C"
    return [], minimal.file(d)


def date_prestatie():
    d = minimal.declaration()
    _p(d).record["einddatum_prestatie"] = Raw("20170230")  # no such date
    return [], minimal.file(d)


def date_end_before_begin():
    d = minimal.declaration()
    _p(d).record["einddatum_prestatie"] = date(2017, 1, 2)  # begins 3 January
    _p(d).tarieven[0].record["einddatum_deelprestatie"] = date(2017, 1, 2)  # the DBC-behandeling's (BER 0617)
    return [], minimal.file(d)


def date_outside_period():
    # Ends after the period (31 January) but before the dagtekening factuur (5 February).
    p = minimal.prestatie(begin=date(2017, 1, 28), end=date(2017, 2, 2))
    return [], minimal.file(minimal.declaration([minimal.verzekerde(prestaties=[p])]))


def date_begin_after_factuur():
    # Unavoidably three rules: the dagtekening is on or after the end of the period
    # (voorloop.dagtekening), so a prestatie beginning after it ends after the period, and
    # its end (not before its begin, else date.end-before-begin) is after the dagtekening too.
    p = minimal.prestatie(begin=date(2017, 2, 6), end=date(2017, 2, 7))
    return [], minimal.file(minimal.declaration([minimal.verzekerde(prestaties=[p])]))


def date_end_after_factuur():
    # Unavoidably two rules: an end after the dagtekening (>= end of period) is outside the period.
    p = minimal.prestatie(end=date(2017, 2, 6))
    return [], minimal.file(minimal.declaration([minimal.verzekerde(prestaties=[p])]))


def amount_berekend():
    d = minimal.declaration()
    _p(d).tarieven[0].record["berekend_bedrag"] = 12346  # tarief 12345 x 1; declaratiebedrag stays 12345
    return [], minimal.file(d)


def amount_declaratie_above_berekend():
    d = minimal.declaration()
    _p(d).tarieven[0].record["declaratiebedrag"] = 12346  # more than tarief x aantal = berekend 12345
    return [], _final(d)  # the sluitrecord follows the tarief, so only this rule is broken


def comment_text():
    d = minimal.declaration()
    _p(d).comments[0]["vrije_tekst"] = ""
    return [], minimal.file(d)


def ref_not_unique():
    p2 = minimal.prestatie(ref="P2", begin=date(2017, 1, 21), end=date(2017, 1, 25))
    p2.record["referentienummer"] = "P1"  # the first prestatie's referentienummer
    v = minimal.verzekerde(prestaties=[minimal.prestatie(), p2])
    return [], minimal.file(minimal.declaration([v]))


# --- record level: debet/credit (STB 5.4.9) ----------------------------------------------------

def credit_same_file():
    # Both lines are returned: the debet and the credit that cancels it.
    return [], _credit_file(minimal.prestatie(ref="P1"), _credit(), factuurnummer="F1")


def credit_no_debet():
    return [_debet_file()], _credit_file(_credit(of="P9"))


def credit_rejected_debet():
    d = minimal.declaration([minimal.verzekerde(prestaties=[minimal.prestatie(ref="P1")])], factuurnummer="F1")
    _p(d).record["gemeentecode"] = 363  # file 1: the debet is rejected (receiver.detail)
    return [minimal.file(d)], _credit_file(_credit())


def credit_already_credited():
    return [_debet_file(), _credit_file(_credit())], _credit_file(_credit(ref="C2"), factuurnummer="F3")


def credit_amount():
    credit = _credit()
    credit.tarieven[0].record["declaratiebedrag"] = 12000  # a partial credit: the debet was granted 12345
    return [_debet_file()], _credit_file(credit)


def credit_differs():
    credit = _credit()
    credit.tijdsbestedingen[0].record["aantal_tijdseenheden_direct"] = 60  # the debet had 45
    return [_debet_file()], _credit_file(credit)


def credit_incomplete():
    credit = _credit()
    credit.zorgactiviteiten, credit.tijdsbestedingen = [], []  # the 04 is an exact copy, its children are missing
    return [_debet_file()], _credit_file(credit)


def debet_already_declared():
    return [_debet_file()], _credit_file(minimal.prestatie(ref="P2"))  # same prestatie, no credit first


def debet_unknown_original():
    return [], _credit_file(minimal.prestatie(ref="P2", ref_voorgaande="P9"), factuurnummer="F1")


def debet_period_changed():
    second = minimal.prestatie(ref="P2", ref_voorgaande="P1", end=date(2017, 1, 25))  # the debet ended 20 January
    return [_debet_file()], _credit_file(_credit(), second)



def amount_prestatie_too_large():
    most = 10 ** M.records["06"]["declaratiebedrag"].length - 1
    p = minimal.prestatie(amount=most, children=False)
    second = p.tarieven[0].record.copy(referentienummer="P1-T2")
    p.tarieven.append(minimal.Node(second))  # two tarieven at the N8 maximum: their sum does not fit the 04's N8
    return [], _final(minimal.declaration([minimal.verzekerde(prestaties=[p])]))


def verzekerde_twice():
    second = minimal.verzekerde(prestaties=[minimal.prestatie(ref="P2", begin=date(2017, 1, 21),
                                                              end=date(2017, 1, 25))], debiteur=False)
    return [], minimal.file(minimal.declaration([minimal.verzekerde(), second]))


# --- record level: conditions of the BER (one per rule; each is what a Vektis N5 test file breaks) -----------

def _with(change, final: bool = False) -> tuple[list, bytes]:
    d = minimal.declaration()
    change(d)
    return [], _final(d) if final else minimal.file(d)


def voorloop_versie_informatiesysteem():
    return [], _one(versie_informatiesysteem="1.0")  # 0106 stays 000000


def voorloop_zorgverlener():
    return [], _one(zorgverlenerscode=0)  # with a praktijkcode


def verzekerde_naam_02():
    return _with(lambda d: d.verzekerden[0].record.__setitem__("naamcode_02", 2))  # no naam 02


def verzekerde_adres():
    return _with(lambda d: d.verzekerden[0].record.__setitem__("postcode_buitenland", "B-1000"))


def prestatie_beroep():
    def change(d):
        _p(d).record["zorgverlenerscode_hoofdbehandelaar_2"] = 94054321  # without beroep 2e hoofdbehandelaar
    return _with(change)


def prestatie_verwijzer():
    return _with(lambda d: _p(d).record.__setitem__("code_verwijzer", 8))  # zelfverwijzer, with an AGB code


def prestatie_dbc_velden():
    return _with(lambda d: _p(d).record.__setitem__("zorgtrajectnummer", ""))


def prestatie_afsluitreden():
    return _with(lambda d: _p(d).record.__setitem__("afsluitreden", 0))


def prestatie_te_verwachten():
    return _with(lambda d: _p(d).record.__setitem__("prestatiecode_te_verwachten", "140A02"))  # not Basis GGZ


def prestatie_tijdseenheden():
    return _with(lambda d: _p(d).record.__setitem__("aantal_tijdseenheden_direct", 30))  # its 17 has 45


def tarief_soort():
    return _with(lambda d: _p(d).tarieven[0].record.__setitem__("soort_prestatie_tarief", 16))  # ZZP on a DBC


def tarief_poortspecialisme():
    return _with(lambda d: _p(d).tarieven[0].record.__setitem__("poortspecialisme", 0))


def tarief_specialisme():
    return _with(lambda d: _p(d).tarieven[0].record.__setitem__("specialisme_behandelaar", 319))


def tarief_prestatiecodelijst_02():
    return _with(lambda d: _p(d).tarieven[0].record.__setitem__("prestatiecodelijst_02", 50))


# --- the BER's conditions, by the generic engine (jwgen/controle/conditions.py; tests/test_conditions.py probes each) --

def condition_fixed():
    return _with(lambda d: _p(d).record.__setitem__("specialisme_verwijzer", 319))  # 0422: '0000', reserved


def condition_values():
    def change(d):
        for record in _p(d).records():
            if "prestatiecodelijst" in record.values:
                record["prestatiecodelijst"] = 13  # in COD367-VEKT, but 0408 allows 050 and 063 only
    return _with(change)


def condition_filled():
    return _with(lambda d: _p(d).tijdsbestedingen[0].record.__setitem__("zorgverlenerscode_hoofdbehandelaar", 0))


def condition_equal():
    return _with(lambda d: _p(d).tarieven[0].record.__setitem__("verzekerdennummer", "X1"))  # 0605: the prestatie's


def condition_one_of():
    return _with(lambda d: _p(d).tijdsbestedingen[0].record.__setitem__("aantal_tijdseenheden_direct", 0))


def condition_day_count():
    def change(d):
        tarief = _p(d).tarieven[0].record
        tarief["soort_prestatie_tarief"], tarief["declaratiecode_deelprestatie"] = 11, "140A11"  # a verblijf of 1 day
    return _with(change)


def condition_sluit():
    return [], _sluit(reserve="X")


def zorgactiviteit_afwijkende_instelling():
    return _with(lambda d: _p(d).zorgactiviteiten[0].record.__setitem__("afwijkende_instellingscode", 94001234))


def date_outside_prestatie():
    return _with(lambda d: _p(d).tijdsbestedingen[0].record.__setitem__("einddatum_tijdsbesteding", date(2017, 1, 25)))


def ref_self():
    return _with(lambda d: _p(d).tarieven[0].record.__setitem__("referentienummer_voorgaande", "P1-T1"))


def field_left_aligned():
    return _with(lambda d: d.verzekerden[0].record.__setitem__("patientnummer", " 12345"))


def field_name_text():
    return _with(lambda d: d.verzekerden[0].record.__setitem__("naam_01", "Jansen2"))


def field_text():
    """Issue 27: ESC in a name (also NUL, BEL, U+202E: tests/test_hostile_files.py)."""
    return _with(lambda d: d.verzekerden[0].record.__setitem__("naam_01", "Jan\x1b[Ksen"))


def voorloop_btw():
    return [], _one(btw_identificatienummer="NL123456789B99")

CASES = {
    "file.utf8": file_utf8,
    "file.bom": file_bom,
    "file.extension": file_extension,
    "file.crlf": file_crlf,
    "file.record-length": file_record_length,
    "file.too-large": file_too_large,
    "order.voorloop": order_voorloop,
    "order.sluit": order_sluit,
    "order.records": order_records,
    "order.unknown-type": order_unknown_type,
    "structure.verzekerde-without-prestatie": structure_verzekerde_without_prestatie,
    "structure.prestatie-without-tarief": structure_prestatie_without_tarief,
    "structure.no-verzekerde": structure_no_verzekerde,
    "structure.duplicate-record": structure_duplicate_record,
    "structure.comment-orphan": structure_comment_orphan,
    "structure.comment-regelnummer": structure_comment_regelnummer,
    "keys.identificatie": keys_identificatie,
    "keys.link": keys_link,
    "voorloop.code-bericht": voorloop_code_bericht,
    "voorloop.versie": voorloop_versie,
    "voorloop.subversie": voorloop_subversie,
    "voorloop.soort-bericht": voorloop_soort_bericht,
    "voorloop.receiver": voorloop_gemeentecode,
    "voorloop.betaling-aan": voorloop_betaling_aan,
    "voorloop.agb": voorloop_agb,
    "voorloop.begindatum": voorloop_begindatum,
    "voorloop.einddatum": voorloop_einddatum,
    "voorloop.dagtekening": voorloop_dagtekening,
    "voorloop.dagtekening-range": voorloop_dagtekening_range,
    "voorloop.factuurnummer": voorloop_factuurnummer,
    "voorloop.valuta": voorloop_valuta,
    "voorloop.declaratie-dubbel": voorloop_declaratie_dubbel,
    "voorloop.factuurnummer-reused": voorloop_factuurnummer_reused,
    "sluit.aantal-verzekerden": sluit_aantal_verzekerden,
    "sluit.aantal-debiteur": sluit_aantal_debiteur,
    "sluit.aantal-prestatie": sluit_aantal_prestatie,
    "sluit.aantal-commentaar": sluit_aantal_commentaar,
    "sluit.aantal-tarief": sluit_aantal_tarief,
    "sluit.aantal-zorgactiviteit": sluit_aantal_zorgactiviteit,
    "sluit.aantal-tijdsbesteding": sluit_aantal_tijdsbesteding,
    "sluit.totaal-detailrecords": sluit_totaal_detailrecords,
    "sluit.totaal-bedrag": sluit_totaal_bedrag,
    "sluit.totaal-overflow": sluit_totaal_overflow,
    "field.reserve": field_reserve,
    "field.format": field_format,
    "field.mandatory": field_mandatory,
    "field.code": field_code,
    "bsn.invalid": bsn_invalid,
    "bsn.mismatch": bsn_mismatch,
    "receiver.detail": gemeente_detail,
    "dc.value": dc_value,
    "dc.mixed": dc_mixed,
    "dc.group": dc_group,
    "date.prestatie": date_prestatie,
    "date.end-before-begin": date_end_before_begin,
    "date.outside-period": date_outside_period,
    "date.begin-after-factuur": date_begin_after_factuur,
    "date.end-after-factuur": date_end_after_factuur,
    "amount.berekend": amount_berekend,
    "voorloop.versie-informatiesysteem": voorloop_versie_informatiesysteem,
    "voorloop.zorgverlener": voorloop_zorgverlener,
    "voorloop.btw": voorloop_btw,
    "verzekerde.naam-02": verzekerde_naam_02,
    "verzekerde.adres": verzekerde_adres,
    "prestatie.beroep": prestatie_beroep,
    "prestatie.verwijzer": prestatie_verwijzer,
    "prestatie.dbc-velden": prestatie_dbc_velden,
    "prestatie.afsluitreden": prestatie_afsluitreden,
    "prestatie.te-verwachten": prestatie_te_verwachten,
    "prestatie.tijdseenheden": prestatie_tijdseenheden,
    "tarief.soort": tarief_soort,
    "tarief.poortspecialisme": tarief_poortspecialisme,
    "tarief.specialisme": tarief_specialisme,
    "tarief.prestatiecodelijst-02": tarief_prestatiecodelijst_02,
    "zorgactiviteit.afwijkende-instelling": zorgactiviteit_afwijkende_instelling,
    "condition.fixed": condition_fixed,
    "condition.values": condition_values,
    "condition.filled": condition_filled,
    "condition.equal": condition_equal,
    "condition.one-of": condition_one_of,
    "condition.day-count": condition_day_count,
    "condition.sluit": condition_sluit,
    "date.outside-prestatie": date_outside_prestatie,
    "ref.self": ref_self,
    "field.left-aligned": field_left_aligned,
    "field.name-text": field_name_text,
    "field.text": field_text,
    "amount.declaratie-above-berekend": amount_declaratie_above_berekend,
    "amount.prestatie-too-large": amount_prestatie_too_large,
    "verzekerde.twice": verzekerde_twice,
    "comment.text": comment_text,
    "ref.not-unique": ref_not_unique,
    "credit.same-file": credit_same_file,
    "credit.no-debet": credit_no_debet,
    "credit.rejected-debet": credit_rejected_debet,
    "credit.already-credited": credit_already_credited,
    "credit.amount": credit_amount,
    "credit.differs": credit_differs,
    "credit.incomplete": credit_incomplete,
    "debet.already-declared": debet_already_declared,
    "debet.unknown-original": debet_unknown_original,
    "debet.period-changed": debet_period_changed,
}

# Where one break unavoidably breaks more rules (see the builder for why).
ALSO = {
    "date.begin-after-factuur": {"date.outside-period", "date.end-after-factuur"},
    "date.end-after-factuur": {"date.outside-period"},
    "condition.one-of": {"prestatie.tijdseenheden"},
    "dc.group": {"condition.filled"},
    "verzekerde.adres": {"condition.filled"},
    # the only tarief's soort is the prestatie's kind (conditions.json prestatie_kinds): the kind's fields follow
    "tarief.soort": {"condition.fixed", "condition.filled", "condition.day-count"},  # both postcodes: 0217 is empty beside a foreign one (the engine)  # a record marked C is a creditpost: it names its debet (BER 0628/1620/1720)  # the prestatie's direct time is its tijdsbestedingen' sum
}

PROFILE = {"receiver": "gemeente", "vecozo": "vecozo"}  # JW321's profile for each role
TABLE = [(rule_id, PROFILE[role], CASES[rule_id]) for rule_id in CASES for role in RULES[rule_id]["roles"]]


def _jw322_types(jw322: bytes) -> list[str]:
    return [line[:2].decode() for line in _lines(jw322)]


def _expected_code(finding) -> str:
    rule = RULES[finding.rule]
    if rule.get("field_codes") and finding.key:
        return SPEC.field_code(finding.rtype, finding.key, rule["retourcode"])
    return rule["retourcode"]


def test_field_errors_carry_the_fields_own_code():
    """0001 only where no list has a code for the field (issue: 0312 naam verzekerde, 0351 geslacht, 0638 aantal)."""
    d = minimal.declaration()
    d.verzekerden[0].record["naam_01"] = ""
    d.verzekerden[0].record["geslacht"] = 7
    _p(d).tarieven[0].record["aantal_uitgevoerde_prestaties"] = Raw("00A1")
    codes = {f.key: f.retourcode for f in receive(minimal.file(d), profile="vecozo").findings}  # checks every record
    assert codes == {"naam_01": "0312", "geslacht": "0351", "aantal_uitgevoerde_prestaties": "0638"}


def test_table_covers_every_rule_exactly():
    assert set(CASES) == set(RULES), (sorted(set(RULES) - set(CASES)), sorted(set(CASES) - set(RULES)))
    assert set(ALSO) <= set(CASES)
    assert {(rule_id, profile) for rule_id, profile, _ in TABLE} == \
        {(rule_id, PROFILE[role]) for rule_id, rule in RULES.items() for role in rule["roles"]}


@pytest.mark.parametrize(("rule_id", "profile", "builder"), TABLE,
                         ids=[f"{rule_id}-{profile}" for rule_id, profile, _ in TABLE])
def test_rule(rule_id, profile, builder):
    rule = RULES[rule_id]
    earlier, data, *name = builder()  # a third item: the file's name, where the rule reads it
    with Ledger() as ledger:
        for before in earlier:
            first = receive(before, profile=profile, ledger=ledger)
            assert first.status not in ("rejected-file", "unrecognised"), (first.status, first.findings)
        outcome = receive(data, profile=profile, ledger=ledger, name=name[0] if name else None)

    found = {f.rule for f in outcome.findings}
    assert found == {rule_id} | ALSO.get(rule_id, set()), [(f.rule, f.line, f.message) for f in outcome.findings]
    for finding in outcome.findings:  # a generic field rule answers with its field's own code (field_codes.json)
        assert finding.retourcode == _expected_code(finding), (finding.rule, finding.key, finding.retourcode)
    code = next(f.retourcode for f in outcome.findings if f.rule == rule_id)

    if rule["scope"] == "file":
        assert outcome.status == "rejected-file"
        assert code in outcome.voorloop_codes
        assert _jw322_types(outcome.jw322) == ["01", "99"]
        assert not outcome.returned
        return
    assert outcome.status == ("partial" if profile == "gemeente" else "rejected-records")
    assert outcome.voorloop_codes == (["0200"] if profile == "gemeente" else ["8073"])  # VECOZO: file rejected
    for finding in outcome.findings:
        assert finding.rtype in RULES[finding.rule]["records"], (finding.rule, finding.rtype)
        assert finding.retourcode in outcome.returned[finding.line], (finding.line, outcome.returned)
    types = _jw322_types(outcome.jw322)
    assert types[0] == "01" and types[-1] == "99" and len(types) == len(outcome.returned) + 2


# --- the happy paths ---------------------------------------------------------------------------

def test_minimal_file_is_approved_by_the_gemeente():
    outcome = receive(minimal.file(), profile="gemeente")
    assert outcome.status == "approved" and not outcome.findings
    assert outcome.voorloop_codes == ["8001"]
    assert _jw322_types(outcome.jw322) == ["01", "99"]
    assert outcome.ingediend == outcome.toegekend == 12345


def test_minimal_file_is_forwarded_by_vecozo():
    outcome = receive(minimal.file(), profile="vecozo")
    assert outcome.status == "forwarded" and not outcome.findings
    assert outcome.jw322 is None


def test_twelve_thousand_records_is_not_too_large():
    data = minimal.file(_comments(12000 - 8))
    assert len(_lines(data)) == 12000
    assert receive(data).status == "approved"


def test_exact_credit_and_second_debet_are_approved():
    """STB 5.4.9: file 1 debet; file 2 its exact credit, then a 2nd debet pointing at the
    original with the same period. Credit and 2nd debet of equal amounts net to 0."""
    with Ledger() as ledger:
        first = receive(_debet_file(), ledger=ledger)
        assert first.status == "approved" and first.toegekend == 12345
        second = minimal.prestatie(ref="P2", ref_voorgaande="P1")
        outcome = receive(_credit_file(_credit(), second), ledger=ledger)
    assert outcome.status == "approved", [(f.rule, f.line, f.message) for f in outcome.findings]
    assert not outcome.findings and outcome.voorloop_codes == ["8001"]
    assert outcome.ingediend == outcome.toegekend == 0
    assert _jw322_types(outcome.jw322) == ["01", "99"]
