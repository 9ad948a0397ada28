"""Illustrative care content for generated declarations: codes, amounts, comment texts.

These values are ILLUSTRATIVE. They have the shape the JW321 fields require
(6-character DBC declaratiecodes, 10-character zorgactiviteitcodes, eurocent
amounts) but are not copied from the NZa tables of 2017, which jwgen does not
ship. Test files stay recognisable to a reader without claiming real tariffs.
"""
from __future__ import annotations

from typing import NamedTuple


class PrestatieCode(NamedTuple):
    code: str  # DBC declaratiecode (COD695 shape: 6 characters)
    description: str
    tarief: int  # eurocent per prestatie


#: Prestatiecodes used with prestatiecodelijst 050 (illustrative, see module docstring).
PRESTATIECODES: tuple[PrestatieCode, ...] = (
    PrestatieCode("14A001", "Diagnostiek, tot 250 minuten", 48350),
    PrestatieCode("14A002", "Diagnostiek, 250-800 minuten", 112045),
    PrestatieCode("14B101", "Behandeling kort, tot 800 minuten", 148710),
    PrestatieCode("14B102", "Behandeling middel, 800-1800 minuten", 329480),
    PrestatieCode("14B103", "Behandeling lang, 1800-3000 minuten", 585615),
    PrestatieCode("14C201", "Crisis, tot 250 minuten", 61240),
    PrestatieCode("14D301", "Verblijf jeugd, dagdeel", 24575),
    PrestatieCode("14E401", "Consult jeugd-GGZ, per uur", 10890),
)

#: Amounts (eurocent) of the additional tariefrecords of a prestatie (illustrative).
AANVULLENDE_TARIEVEN: tuple[int, ...] = (1250, 2475, 4950, 7425, 9900)

#: Zorgactiviteitcodes (COD329 shape, at most 10 characters; illustrative).
ZORGACTIVITEITCODES: tuple[str, ...] = ("CO0010", "CO0020", "DI0030", "GR0040", "ZA0050", "TE0060")

#: Minutes of a tijdsbestedingrecord, in steps a practice would register.
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
