"""Build jwgen/spec/data/layouts.json from the research reconstruction.

Provenance tool, run once by a developer (not at runtime, not in CI):

    python tools/import_layouts.py ../shared/reference/layouts.json

It keeps every field's rubriek id, name, type, length, start, use, code list,
confidence and basis exactly as the reconstruction has them, and adds:

* ``key``: a stable snake_case name the code uses instead of positions;
* ``kind``: ``date`` (element DATxxx / CCYYMMDD), ``amount`` (element BEDxxx,
  eurocent), ``dc`` (INDICATIE DEBET/CREDIT), ``filler`` (RESERVE) or ``plain``;
* the designed payload of record 17 (tijdsbesteding), marked ``reconstructed``,
  which the reconstruction leaves as one UNKNOWN block.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "jwgen" / "spec" / "data" / "layouts.json"

EXACT_KEYS = {
    "BURGERSERVICENUMMER (BSN) VERZEKERDE": "bsn",
    "VERZEKERDENNUMMER (INSCHRIJVINGSNUMMER, RELATIENUMMER)": "verzekerdennummer",
    "PATIENT(IDENTIFICATIE)NUMMER": "patientnummer",
    "REFERENTIENUMMER GEMEENTE (ZV-standards: REFERENTIENUMMER ZORGVERZEKERAAR)": "referentienummer_gemeente",
    "ZORGVERLENERSSPECIFICATIE BEHANDELAAR/UITVOERDER (SUBBEROEPSGROEP)": "zorgverlenersspecificatie_behandelaar",
    "ZORGVERLENERSCODE BEHANDELAAR/UITVOERDER": "zorgverlenerscode_behandelaar",
    "SPECIALISME BEHANDELAAR/UITVOERDER": "specialisme_behandelaar",
    "TARIEF PRESTATIE (INCL. BTW)": "tarief_prestatie",
    "BEREKEND BEDRAG (INCL. BTW)": "berekend_bedrag",
    "DECLARATIEBEDRAG (INCL. BTW)": "declaratiebedrag",
    "AANDUIDING PRESTATIECODELIJST": "prestatiecodelijst",
    "AANDUIDING PRESTATIECODELIJST (01)": "prestatiecodelijst",
    "AANDUIDING PRESTATIECODELIJST (02)": "prestatiecodelijst_02",
    "PRESTATIECODE/DBC DECLARATIECODE": "prestatiecode",
    "CODE GESLACHT VERZEKERDE": "geslacht",
    "CODE GESLACHT DEBITEUR": "geslacht",
    "DATUM GEBOORTE VERZEKERDE": "geboortedatum",
    "DATUM GEBOORTE DEBITEUR": "geboortedatum",
    "VOORLETTERS VERZEKERDE": "voorletters",
    "VOORLETTERS DEBITEUR": "voorletters",
    "CODE LAND VERZEKERDE": "code_land",
    "CODE LAND DEBITEUR": "code_land",
    "STRAATNAAM DEBITEUR": "straatnaam",
    "WOONPLAATSNAAM DEBITEUR": "woonplaatsnaam",
    "TELEFOONNUMMER DEBITEUR": "telefoonnummer",
    "E-MAILADRES DEBITEUR": "emailadres",
    "LANDNUMMER TELEFOON (CODE LAND)": "landnummer_telefoon",
    "CODE EXTERNE-INTEGRATIEBERICHT": "code_berichtsoort",
    "VERSIENUMMER BERICHTSTANDAARD": "versienummer",
    "SUBVERSIENUMMER BERICHTSTANDAARD": "subversienummer",
    "CODE INFORMATIESYSTEEM SOFTWARELEVERANCIER": "code_informatiesysteem",
    "VERSIEAANDUIDING INFORMATIESYSTEEM SOFTWARELEVERANCIER": "versie_informatiesysteem",
    "IDENTIFICATIECODE BETALING AAN": "betaling_aan",
    "INDICATIE CLIENT OVERLEDEN": "indicatie_overleden",
    "BEREKEND BEDRAG GEMEENTE": "berekend_bedrag_gemeente",
}
PREFIX_KEYS = [  # (regex on name, key template using group 1 = "(NN)" suffix digits)
    (r"^NAAM (?:VERZEKERDE|DEBITEUR) \((\d\d)\)$", "naam_{0}"),
    (r"^VOORVOEGSEL (?:VERZEKERDE|DEBITEUR) \((\d\d)\)$", "voorvoegsel_{0}"),
    (r"^NAAMCODE/NAAMGEBRUIK \((\d\d)\)$", "naamcode_{0}"),
    (r"^POSTCODE \(HUISADRES\) (?:VERZEKERDE|DEBITEUR)$", "postcode"),
    (r"^HUISNUMMER \(HUISADRES\) (?:VERZEKERDE|DEBITEUR)$", "huisnummer"),
    (r"^HUISNUMMERTOEVOEGING \(HUISADRES\) (?:VERZEKERDE|DEBITEUR)$", "huisnummertoevoeging"),
    (r"^REFERENTIENUMMER DIT \w+RECORD$", "referentienummer"),
    (r"^REFERENTIENUMMER VOORGAANDE GERELATEERDE \w+RECORD$", "referentienummer_voorgaande"),
    (r"^RETOURCODE \((\d\d)\)$", "retourcode_{0}"),
]


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def kind_of(field: dict) -> str:
    element = field.get("element_code") or ""
    if field.get("filler") or field["name"] == "RESERVE":
        return "filler"
    if field["name"].startswith("INDICATIE DEBET/CREDIT"):
        return "dc"
    if field["type"] == "N" and (element.startswith("DAT") or field.get("date")):
        return "date"
    if field["type"] == "N" and (element.startswith("BED") or field.get("amount")):
        return "amount"
    return "plain"


def key_of(field: dict, previous: dict | None) -> str:
    name = field["name"]
    if name in EXACT_KEYS:
        return EXACT_KEYS[name]
    for pattern, template in PREFIX_KEYS:
        match = re.match(pattern, name)
        if match:
            return template.format(*match.groups())
    if name.startswith("INDICATIE DEBET/CREDIT"):
        # A D/C indicator belongs to the amount just before it.
        if previous is not None and previous["kind"] == "amount":
            return f"dc_{previous['key']}"
        return "indicatie_debet_credit"
    return slug(name)


# Record 17 payload, designed in the Vektis style of records 06/16 (same key
# prefix 1701-1709, then date, behandelaar, minutes, D/C, referentienummers).
RECORD_17_PAYLOAD = [
    ("1710", "DATUM TIJDSBESTEDING", "N", 8, "M", "DAT", None),
    ("1711", "ZORGVERLENERSCODE BEHANDELAAR/UITVOERDER", "N", 8, "M", "COD089", None),
    ("1712", "ZORGVERLENERSSPECIFICATIE BEHANDELAAR/UITVOERDER (SUBBEROEPSGROEP)", "N", 4, "C", "COD016", "COD016-VEKT"),
    ("1713", "SOORT TIJDSBESTEDING", "N", 2, "M", None, "JWG-TIJD"),
    ("1714", "AANTAL MINUTEN", "N", 5, "M", None, None),
    ("1715", "INDICATIE DEBET/CREDIT", "AN", 1, "M", "COD043", "COD043-VEKT"),
    ("1716", "REFERENTIENUMMER DIT TIJDSBESTEDINGRECORD", "AN", 20, "M", None, None),
    ("1717", "REFERENTIENUMMER VOORGAANDE GERELATEERDE TIJDSBESTEDINGRECORD", "AN", 20, "C", None, None),
]
RECORD_17_BASIS = ("jwgen design: no public record 17 exists; payload modelled on ZH308 v9.0 "
                   "records 06/16 (behandelaar, D/C, referentienummer pair) and STB 5.3.4 "
                   "object TIJD (tijdgegevens)")


def record_17(fields: list[dict], record_length: int, retour: list[dict]) -> list[dict]:
    head = [f for f in fields if not f["id"].startswith("17xx") and f["start"] < 62]
    start = 62
    out = list(head)
    for rid, name, typ, length, use, element, codelist in RECORD_17_PAYLOAD:
        out.append({"id": rid, "name": name, "type": typ, "length": length, "start": start,
                    "end": start + length - 1, "use": use, "element_code": element,
                    "codelist": codelist, "confidence": "reconstructed", "basis": RECORD_17_BASIS})
        start += length
    out.append({"id": "1780", "name": "RESERVE", "type": "AN", "length": 311 - start,
                "start": start, "end": 310, "use": "M", "element_code": "TEC007",
                "codelist": None, "confidence": "reconstructed", "basis": RECORD_17_BASIS,
                "filler": True})
    return out + retour


KEEP = ("id", "name", "type", "length", "start", "use", "codelist", "confidence", "basis",
        "element_code", "value", "values", "note")


CODELIST_ALIASES = {
    "CBS gemeentecode (4 digits)": "CBS-GEMEENTE",
    "COD954-VEKT (Jeugd: JWT001-VEKT)": "JWT001-VEKT",
    "COD954-VEKT (for Jeugd: JWT001-VEKT)": "JWT001-VEKT",
    "COD954-VEKT": "JWT001-VEKT",
    "COD700": "COD700-NEN1", "COD701": "COD701-NEN1", "COD829": "COD829-NEN1",
}


def convert(message: dict) -> dict:
    records = {}
    for rtype, fields in message["records"].items():
        if rtype == "17":
            retour = [f for f in fields if f["start"] > 310]
            fields = record_17(fields, message["record_length"], retour)
        out = []
        for field in fields:
            kind = kind_of(field)
            key = key_of(field, out[-1] if out else None)
            if kind == "filler":
                key = "reserve" if field["start"] <= 310 else "reserve_retour"
            entry = {k: field[k] for k in KEEP if field.get(k) is not None}
            if entry.get("codelist"):
                entry["codelist"] = CODELIST_ALIASES.get(entry["codelist"], entry["codelist"])
            entry["key"] = key
            entry["kind"] = kind
            out.append(entry)
        records[rtype] = out
    keep = {k: message[k] for k in ("standard", "name", "version", "cod002", "record_length",
                                     "record_types", "source", "confidence") if k in message}
    keep["records"] = records
    return keep


def main(path: str) -> None:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out = {
        "about": ("JW321/JW322 v2.0 layouts. RECONSTRUCTION: the official BER is not public; "
                  "every field carries its confidence and basis. Generated by "
                  "tools/import_layouts.py from the jwgen research notes; edit freely or "
                  "replace with the official BER (same shape) and point jwgen at it with --layout."),
        "confidence_scale": data["JW321"]["confidence_scale"] | {
            "reconstructed": "designed by jwgen in the Vektis style; no evidence exists"},
        "messages": {"JW321": convert(data["JW321"]), "JW322": convert(data["JW322"])},
    }
    OUT.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/layouts.json")
