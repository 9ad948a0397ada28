"""Illustrative care content for generated declarations: codes, amounts, comment texts.

These values are ILLUSTRATIVE. They have the shape the JW321 fields require
(6-character DBC declaratiecodes, 12-character DBC prestatiecodes, AN20
activiteitcodes, N4 beroepcodes, eurocent amounts) but are not copied from the
NZa and DBC-Onderhoud tables, which jwgen does not ship. Where Vektis's correct
GZ321 base file shows a value (beroep 9922/9932/9954/9937, verwijzer 01-08,
afsluitreden, tijdseenheid 04 for zorgactiviteiten and 01 for tijdsbesteding,
code herdeclaratie 01), jwgen uses the same kind of value.
"""
from __future__ import annotations

from typing import NamedTuple


class PrestatieCode(NamedTuple):
    code: str  # DBC declaratiecode (COD695 shape: 6 characters)
    description: str
    tarief: int  # eurocent per prestatie
    dbc: str = ""  # DBC prestatiecode (AN12) of a DBC trajectory


#: Prestatiecodes used with prestatiecodelijst 050 (illustrative, see module docstring).
PRESTATIECODES: tuple[PrestatieCode, ...] = (
    PrestatieCode("14A001", "Diagnostiek, tot 250 minuten", 48350, "140101001011"),
    PrestatieCode("14A002", "Diagnostiek, 250-800 minuten", 112045, "140101001012"),
    PrestatieCode("14B101", "Behandeling kort, tot 800 minuten", 148710, "140201002021"),
    PrestatieCode("14B102", "Behandeling middel, 800-1800 minuten", 329480, "140201002022"),
    PrestatieCode("14B103", "Behandeling lang, 1800-3000 minuten", 585615, "140201002023"),
    PrestatieCode("14C201", "Crisis, tot 250 minuten", 61240, "140301003031"),
    PrestatieCode("14D301", "Verblijf jeugd, dagdeel", 24575, "140401004041"),
    PrestatieCode("14E401", "Consult jeugd-GGZ, per uur", 10890, "140501005051"),
)

#: Amounts (eurocent) of the additional tariefrecords of a prestatie (illustrative).
AANVULLENDE_TARIEVEN: tuple[int, ...] = (1250, 2475, 4950, 7425, 9900)

#: Soort prestatie/tarief (COD029-VEKT, GZ321 BER 0610) of the first and of additional tariefrecords.
SOORT_TARIEF_EERSTE = 10  # DBC-behandeling
SOORT_TARIEF_AANVULLEND: tuple[int, ...] = (11, 12)  # verblijf, verrichting
SOORT_TARIEF_VERBLIJF = 11


def deelprestatie_code(prestatiecode: str, soort: int) -> str:
    """The declaratiecode of a verblijf or verrichting tarief: another than the prestatie's (GZ321 BER 0612:
    'Bij Verblijf of Verrichting een andere waarde vullen als 0607'), the prestatie's with its last two
    characters the soort (illustrative, as Vektis's base file: 26A012 with 25A048, 25A061).

    >>> deelprestatie_code("14A101", 11), deelprestatie_code("14A111", 11)
    ('14A111', '14A1X1')
    """
    code = prestatiecode[:-2] + f"{soort:02d}"
    return code if code != prestatiecode else prestatiecode[:-2] + "X1"

#: Activiteitcodes of zorgactiviteitrecords (COD876-DBCO shape AN20; illustrative).
ACTIVITEITCODES: tuple[str, ...] = ("act_1.1", "act_2.1", "act_3.2", "act_5.1", "act_8.1", "act_9.1")

#: Beroep of a (hoofd- or mede)behandelaar (COD878-DBCO, N4; the values Vektis's base file uses).
BEROEPEN: tuple[int, ...] = (9922, 9932, 9954, 9937)

#: Code (zelf)verwijzer (COD327-VEK1; values seen in Vektis's base file) and afsluitreden (COD874-DBCO).
#: Only a verwijzer who is a person (01-04) has an AGB code in 0421 (GZ321 BER 0421).
VERWIJZERS: tuple[int, ...] = (1, 2, 4, 6, 8)
VERWIJZERS_PERSOON: tuple[int, ...] = (1, 2, 3, 4)

#: Poortspecialisme of a DBC-behandeling tarief (soort 10): always 0329 (GZ321 BER 0613).
POORTSPECIALISME_DBC = 329
AFSLUITREDENEN: tuple[int, ...] = (1, 4, 10, 11)

#: Tijdseenheid (COD218-VEKT): 04 = uur for zorgactiviteiten (GZ321 BER 0432), 01 = minuut for tijdsbesteding.
TIJDSEENHEID_ZORGACTIVITEIT = 4
TIJDSEENHEID_TIJDSBESTEDING = 1

#: Code herdeclaratie (COD651-VEKT): 01 on every line, as in Vektis's base file (other values: invulinstructie).
CODE_HERDECLARATIE = 1

#: Hours of a zorgactiviteitrecord and minutes of a tijdsbestedingrecord, in steps a practice would register.
UREN: tuple[int, ...] = (1, 1, 2, 3)
MINUTEN: tuple[int, ...] = (15, 30, 45, 60, 75, 90, 120)

#: Commentaar texts per record type they explain (Dutch, as a declarant writes them).
COMMENTAAR: dict[str, tuple[str, ...]] = {
    "02": ("Adreswijziging van de cliënt is doorgegeven aan de gemeente.",
           "Cliënt woont tijdelijk bij grootouders; post naar het adres van de debiteur.",
           "Verwijzing door de huisarts, beschikking van de gemeente aanwezig."),
    "03": ("Debiteur is de ouder met het gezag.",
           "Facturen graag per post naar dit adres sturen."),
    "04": ("Behandeling gestart na verwijzing door de jeugdarts.",
           "Traject afgesloten in overleg met de ouders.",
           "Prestatie valt onder de contractafspraak met de gemeente."),
    "06": ("Tarief volgens de overeenkomst met de gemeente.",
           "Aanvullend tarief voor behandeling op locatie."),
}
