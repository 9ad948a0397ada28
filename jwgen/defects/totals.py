"""Sluitrecord counts and totals that do not match the file (STB 6.4.2)."""
from __future__ import annotations

from ._base import AFTER_FINALIZE, Case, fields
from ._registry import defect

COUNTS = [  # (defect id part, sluit key, record word, rule)
    ("verzekerden", "aantal_verzekerdenrecords", "verzekerdenrecords", "sluit.aantal-verzekerden"),
    ("debiteur", "aantal_debiteurrecords", "debiteurrecords", "sluit.aantal-debiteur"),
    ("prestatie", "aantal_prestatierecords", "prestatierecords", "sluit.aantal-prestatie"),
    ("tarief", "aantal_tariefrecords", "tariefrecords", "sluit.aantal-tarief"),
    ("zorgactiviteit", "aantal_zorgactiviteitrecords", "zorgactiviteitrecords", "sluit.aantal-zorgactiviteit"),
    ("tijdsbesteding", "aantal_tijdsbestedingrecords", "tijdsbestedingrecords", "sluit.aantal-tijdsbesteding"),
    ("commentaar", "aantal_commentaarrecords", "commentaarrecords", "sluit.aantal-commentaar"),
    ("detailrecords", "totaal_aantal_detailrecords", "detailrecords (total)", "sluit.totaal-detailrecords"),
]


def _count_defect(part: str, key: str, word: str, rule: str) -> None:
    def apply(case: Case) -> None:
        sluit = case.declaration.sluit
        sluit[key] = sluit[key] + 1
        case.touch(sluit, key)

    defect(f"sluit-aantal-{part}", f"Sluitrecord: aantal {word} one too high", "content", rule,
           f"the sluitrecord counts one {word} more than the file has", phase=AFTER_FINALIZE,
           needs=(fields("sluit", key),))(apply)


for _part, _key, _word, _rule in COUNTS:
    _count_defect(_part, _key, _word, _rule)


@defect("sluit-totaal-bedrag", "Sluitrecord: totaal declaratiebedrag one euro off", "content", "sluit.totaal-bedrag",
        "the total declaratiebedrag is 100 eurocent more than the prestatierecords add up to", phase=AFTER_FINALIZE)
def total_amount(case: Case) -> None:
    sluit = case.declaration.sluit
    sluit["totaal_declaratiebedrag"] = sluit["totaal_declaratiebedrag"] + 100
    case.touch(sluit, "totaal_declaratiebedrag")


@defect("sluit-totaal-dc", "Sluitrecord: wrong debet/credit on the total", "content", "sluit.totaal-bedrag",
        "the total is debet but its indicator says C (credit)", phase=AFTER_FINALIZE)
def total_dc(case: Case) -> None:
    sluit = case.declaration.sluit
    sluit["dc_totaal_declaratiebedrag"] = "C" if sluit["dc_totaal_declaratiebedrag"] == "D" else "D"
    case.touch(sluit, "dc_totaal_declaratiebedrag")
