"""A minimal valid JW321, built by hand (no Faker), for rule tests.

One verzekerde with a debiteur, one prestatie with one tarief, one zorgactiviteit,
one tijdsbesteding and a comment: every record type once. Each rule test breaks
exactly one thing in a fresh copy.
"""
from __future__ import annotations

from datetime import date

from jwgen.flatfile import write
from jwgen.model import Declaration, Node, Prestatie, Verzekerde, blank, finalize
from jwgen.spec import load_spec

SPEC = load_spec()
M = SPEC.declaration
R = M.records
BSN = 111222333  # passes the 11-proef
BSN2 = 123456782


def prestatie(bsn: int = BSN, ref: str = "P1", amount: int = 12345, dc: str = "D", begin: date = date(2017, 1, 3),
              end: date = date(2017, 1, 20), children: bool = True, volgnummer: int = 1, ref_voorgaande: str = "") -> Prestatie:
    """A prestatie (04, no amount: GZ321 layout) whose one tariefrecord (06) carries ``amount``."""
    key = dict(bsn=bsn, gemeentecode=344, prestatiecodelijst=50, prestatiecode="140A01", begindatum_prestatie=begin,
               prestatievolgnummer=volgnummer)
    p = blank(R["04"], **key, doorsturen_toegestaan=1, einddatum_prestatie=end, dbc_prestatiecode="140101001011",
              zorgtrajectnummer="ZT-140A01", afsluitreden=1, tijdseenheid_tijdsbesteding=1,  # 01 for a DBC (BER 0434)
              zorgverlenerscode_hoofdbehandelaar_1=94012345, beroep_hoofdbehandelaar_1=9922, code_verwijzer=1,
              zorgverlenerscode_verwijzer=1123456,
              code_herdeclaratie=1, indicatie_debet_credit=dc, referentienummer=ref,
              referentienummer_voorgaande=ref_voorgaande)
    t = blank(R["06"], **key, soort_prestatie_tarief=10, declaratiecode_deelprestatie="140A01", poortspecialisme=329,
              zorgverlenerscode_behandelaar=94012345, begindatum_deelprestatie=begin, einddatum_deelprestatie=end,
              aantal_uitgevoerde_prestaties=1, tarief_prestatie=amount, berekend_bedrag=amount, dc_berekend_bedrag=dc,
              dc_eigen_bijdrage=dc, declaratiebedrag=amount, dc_declaratiebedrag=dc, referentienummer=f"{ref}-T1",
              referentienummer_voorgaande=f"{ref_voorgaande}-T1" if ref_voorgaande else "")
    node = Prestatie(p, tarieven=[Node(t)])
    if children:
        z = blank(R["16"], **key, activiteitcode="act_9.1", begindatum_zorgactiviteit=begin,
                  einddatum_zorgactiviteit=begin, tijdseenheid_zorgactiviteit=4,
                  aantal_tijdseenheden_zorgactiviteit=1, indicatie_debet_credit=dc, referentienummer=f"{ref}-Z1",
                  referentienummer_voorgaande=f"{ref_voorgaande}-Z1" if ref_voorgaande else "")
        tb = blank(R["17"], **key, soort_behandelaar=1, zorgverlenerscode_hoofdbehandelaar=94012345,
                   begindatum_tijdsbesteding=begin, einddatum_tijdsbesteding=begin, tijdseenheid_tijdsbesteding=1,
                   aantal_tijdseenheden_direct=45, indicatie_debet_credit=dc, referentienummer=f"{ref}-B1",
                   referentienummer_voorgaande=f"{ref_voorgaande}-B1" if ref_voorgaande else "")
        p["tijdseenheid_zorgactiviteit"], p["aantal_tijdseenheden_zorgactiviteit"] = 4, 1
        p["tijdseenheid_tijdsbesteding"], p["aantal_tijdseenheden_totaal"], p["aantal_tijdseenheden_direct"] = 1, 45, 45
        node.zorgactiviteiten.append(Node(z))
        node.tijdsbestedingen.append(Node(tb))
    return node


def verzekerde(bsn: int = BSN, prestaties: list[Prestatie] | None = None, debiteur: bool = True,
               naam: str = "Jansen") -> Verzekerde:
    z = blank(R["02"], bsn=bsn, gemeentecode=344, geboortedatum=date(2010, 5, 4), geslacht=1, naamcode_01=1,
              naam_01=naam, voorletters="J", naamcode_02=0, naamcode_03=0, postcode="3511AB", huisnummer=1,
              code_land="NL", indicatie_overleden=2, debiteurnummer="D1" if debiteur else "")  # BER 0222
    d = Node(blank(R["03"], debiteurnummer="D1", naam_01="Jansen", naamcode_01=1, voorletters="P",
                   straatnaam="Oudegracht", huisnummer=1, postcode="3511AB", woonplaatsnaam="Utrecht",
                   code_land="NL", iban="NL91ABNA0417164300")) if debiteur else None
    return Verzekerde(z, debiteur=d, prestaties=prestaties if prestaties is not None else [prestatie(bsn)])


def voorloop(factuurnummer: str = "F2017-0001", month: int = 1):
    return blank(R["01"], code_berichtsoort=434, versienummer=2, subversienummer=0, soort_bericht="T",
                 gemeentecode=344, zorgverlenerscode=94012345, praktijkcode=94001234, betaling_aan=3,
                 begindatum_declaratieperiode=date(2017, month, 1),
                 einddatum_declaratieperiode=date(2017, month, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31),
                 factuurnummer_declarant=factuurnummer, dagtekening_factuur=date(2017, month + 1 if month < 12 else 12, 5 if month < 12 else 31),
                 valutacode="EUR")


def declaration(verzekerden: list[Verzekerde] | None = None, comment: bool = True, **voorloop_args) -> Declaration:
    d = Declaration(voorloop(**voorloop_args), verzekerden if verzekerden is not None else [verzekerde()],
                    blank(R["99"]))
    if comment and d.verzekerden and d.verzekerden[0].prestaties:
        d.verzekerden[0].prestaties[0].comments.append(blank(R["98"], vrije_tekst="Toelichting bij de prestatie"))
    return finalize(d, M.structure)


def file(d: Declaration | None = None) -> bytes:
    return write(d or declaration(), M)
