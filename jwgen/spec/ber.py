"""Read Vektis BER exports (Berichtspecificatie) as they come, into layout fields.

Vektis publishes the record layout of every EI standard as a BER export in three forms;
all three hold one row per rubriek with the same columns (Recordcode, Volgnummer, Naam
gegevenselement, Type, Lengte, Patroon, Eindpositie, Verplichting, Sleutel, Code gegeven,
..., Code codelijst):

* the tab-separated text export in Windows-1252 (``195_01.BER.txt``);
* the Excel 97 export (``.xls``, sheet ``GIS027-028`` after a cover sheet ``GIS022``);
* the Excel 2007 export (``.xlsx``, same sheets).

:func:`read_ber` returns a :class:`Ber` (its rows and what the export says about itself);
:func:`import_ber` turns it into a message layout in jwgen's shape: every rubriek keeps
its BER columns and gets a ``key`` (see :mod:`jwgen.spec.keys`), a ``kind`` and its
provenance, and the result passes the layout self-checks, so a BER with a gap or an
overlap is refused naming the rubriek.

>>> ber = read_ber(SOURCES / "195_01.BER.txt")
>>> ber.cod002, len(ber.rows), ber.rows[0].id
('195', 174, '0101')
>>> layout = import_ber(ber)
>>> [(f["id"], f["start"], f["length"]) for f in layout["records"]["04"][8:10]]
[('0409', 62, 6), ('0410', 68, 12)]
"""
from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from ._layout import SpecError, build_message
from .keys import assign_keys

SOURCES = resources.files("jwgen.spec") / "sources"

#: BER column title -> attribute of :class:`BerRow` (the titles are Vektis's own, in every export form).
COLUMNS = {
    "Standaardcode": "standard",
    "Recordnaam": "record_name",
    "Recordcode": "rtype",
    "Volgnummer": "id",
    "Naam gegevenselement": "name",
    "Type": "type",
    "Lengte": "length",
    "Patroon": "pattern",
    "Eindpositie": "end",
    "Verplichting": "use",
    "Sleutel": "sleutel",
    "Code gegeven": "element_code",
    "Codering bovengeschikt": "codering_bovengeschikt",
    "Beschrijving functie": "description",
    "Toelichting": "toelichting",
    "Naam codelijst": "codelist_name",
    "Code codelijst": "codelist",
    "Constraints/condities": "condition",
}
REQUIRED = ("Recordcode", "Volgnummer", "Naam gegevenselement", "Type", "Lengte", "Eindpositie", "Verplichting")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MESSAGE_CODE = "0102"  # CODE EXTERNE-INTEGRATIEBERICHT: 'Waarde 195 = ...' in the BER says the message's COD002 code


@dataclass(frozen=True)
class BerRow:
    """One rubriek as the BER export has it (text as exported, numbers as integers)."""

    rtype: str
    id: str
    name: str
    type: str
    length: int
    end: int
    use: str
    record_name: str = ""
    standard: str = ""
    pattern: str = ""
    sleutel: str = ""
    element_code: str = ""
    codering_bovengeschikt: str = ""  # the coding the element's is part of (COD864 -> COD009, the AGB code)
    description: str = ""
    toelichting: str = ""
    codelist_name: str = ""
    codelist: str = ""
    condition: str = ""

    @property
    def start(self) -> int:
        return self.end - self.length + 1


@dataclass(frozen=True)
class Ber:
    """A BER export: its rows, the standard and message code it describes, where it came from."""

    source: str
    sha256: str
    form: str  # "txt", "xls" or "xlsx"
    rows: tuple[BerRow, ...]
    standard: str = ""  # e.g. MZ302 (the Excel exports say it; the text export does not)
    version: str = ""
    title: str = ""
    cod002: str = ""
    meta: dict = field(default_factory=dict)


class BerError(SpecError):
    """A BER export that cannot be read or does not describe a consistent layout."""


def _text(value: Any) -> str:
    """A cell as text: Excel gives floats for numbers (101.0), text exports give strings."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _integer(value: str, what: str, where: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise BerError(f"{where}: {what} {value!r} is not a whole number") from None


def _rows_from_table(table: list[list[Any]], source: str) -> tuple[list[BerRow], dict]:
    """Find the header row (it names Volgnummer and Eindpositie) and read every rubriek below it."""
    for index, row in enumerate(table):
        titles = [_text(c) for c in row]
        if "Volgnummer" in titles and "Eindpositie" in titles:
            break
    else:
        raise BerError(f"{source}: no header row with 'Volgnummer' and 'Eindpositie'; is this a Vektis BER export?")
    missing = [t for t in REQUIRED if t not in titles]
    if missing:
        raise BerError(f"{source}: BER header lacks column(s) {', '.join(missing)}")
    columns = {COLUMNS[t]: i for i, t in enumerate(titles) if t in COLUMNS}
    meta: dict[str, str] = {}
    for row in table[:index]:  # the lines above the header: 'Standaardcode | MZ302', 'Versie | 1.3', ...
        cells = [_text(c) for c in row if _text(c)]
        if len(cells) >= 2:
            meta.setdefault(cells[0], cells[1])
    rows = []
    for number, raw in enumerate(table[index + 1:], start=index + 2):
        cells = {attr: _text(raw[i]) if i < len(raw) else "" for attr, i in columns.items()}
        if not cells.get("rtype") and not cells.get("id"):
            continue  # blank line at the end of an export
        where = f"{source} line {number}"
        rtype = cells["rtype"].zfill(2)
        rubriek = cells["id"].zfill(4)
        length = _integer(cells["length"], "Lengte", f"{where} (rubriek {rubriek})")
        end = _integer(cells["end"], "Eindpositie", f"{where} (rubriek {rubriek})")
        rows.append(BerRow(**{**cells, "rtype": rtype, "id": rubriek, "length": length, "end": end,
                              "use": cells["use"].upper(), "type": cells["type"].upper()}))
    if not rows:
        raise BerError(f"{source}: the BER export has a header but no rubrieken")
    return rows, meta


def _table_txt(data: bytes, source: str) -> list[list[str]]:
    try:
        text = data.decode("cp1252")  # the export's encoding
    except UnicodeDecodeError as error:  # five bytes (0x81, 0x8d, 0x8f, 0x90, 0x9d) are no cp1252 character
        raise BerError(f"{source}: not a BER text export (byte 0x{data[error.start]:02x} at offset {error.start} "
                       "is no Windows-1252 character)") from None
    return [line.split("\t") for line in text.splitlines()]


def _table_xls(data: bytes, source: str) -> tuple[list[list[Any]], dict]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data)
    except Exception as error:  # xlrd raises its own XLRDError and struct errors on damaged files
        raise BerError(f"{source}: not a readable .xls workbook ({error})") from None
    sheets = {sheet.name: sheet for sheet in book.sheets()}
    return _pick_sheet({name: [sheet.row_values(r) for r in range(sheet.nrows)] for name, sheet in sheets.items()},
                       source)


def _table_xlsx(data: bytes, source: str) -> tuple[list[list[Any]], dict]:
    import io

    import openpyxl

    try:
        with warnings.catch_warnings():  # Vektis's exports define print areas openpyxl cannot apply
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # zipfile/openpyxl errors on damaged files
        raise BerError(f"{source}: not a readable .xlsx workbook ({error})") from None
    try:
        sheets = {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}
    finally:
        book.close()
    return _pick_sheet(sheets, source)


def _pick_sheet(sheets: dict[str, list[list[Any]]], source: str) -> tuple[list[list[Any]], dict]:
    """The rubriek sheet (GIS027-028 in Vektis's exports, else the first with a BER header) and the cover's facts."""
    cover: dict[str, str] = {}
    for row in sheets.get("GIS022", []):
        cells = [_text(c) for c in row if _text(c)]
        if len(cells) >= 2:
            cover.setdefault(cells[0], cells[1])
    ordered = sorted(sheets, key=lambda name: name != "GIS027-028")
    for name in ordered:
        if any("Volgnummer" in [_text(c) for c in row] for row in sheets[name][:40]):
            return sheets[name], cover
    raise BerError(f"{source}: no sheet with a BER header (Volgnummer, Eindpositie); sheets: {', '.join(sheets)}")


def read_ber(path: Any, data: bytes | None = None) -> Ber:
    """Read a BER export in any of its three forms (detected from the bytes, not the name)."""
    source = getattr(path, "name", str(path))
    if data is None:
        try:
            data = Path(str(path)).read_bytes() if not hasattr(path, "read_bytes") else path.read_bytes()
        except FileNotFoundError:
            raise BerError(f"BER file not found: {path}") from None
        except OSError as error:
            raise BerError(f"cannot read BER file {path}: {error.strerror or error}") from None
    cover: dict = {}
    if data.startswith(OLE2_MAGIC):
        form = "xls"
        table, cover = _table_xls(data, source)
    elif data.startswith(ZIP_MAGIC):
        form = "xlsx"
        table, cover = _table_xlsx(data, source)
    else:
        form = "txt"
        table = _table_txt(data, source)
    rows, meta = _rows_from_table(table, source)
    meta = {**cover, **meta}
    standard = meta.get("Standaardcode", "") or next((r.standard for r in rows if r.standard), "")
    cod002 = _text(meta.get("Code EI-bericht", "")) or _message_code(rows)
    return Ber(source=source, sha256=hashlib.sha256(data).hexdigest(), form=form, rows=tuple(rows),
               standard=standard, version=_text(meta.get("Versie", "")),
               title=meta.get("Standaardnaam/-bericht", ""), cod002=cod002, meta=meta)


def _message_code(rows: Iterable[BerRow]) -> str:
    """COD002 from rubriek 0102's condition ('Waarde 195 = declaratie ...'), for exports without a cover sheet."""
    for row in rows:
        if row.id == MESSAGE_CODE:
            found = re.search(r"[Ww]aarde\s+'?(\d{3})'?", row.condition)
            if found:
                return found.group(1)
    return ""


def kind_of(row: BerRow) -> str:
    """How jwgen treats a rubriek's content: date, amount (eurocent), dc (debet/credit), filler or plain."""
    if row.use == "S" or row.element_code.startswith("TEC007") or row.name == "RESERVE":
        return "filler"
    if row.name.startswith("INDICATIE DEBET/CREDIT"):
        return "dc"
    if row.element_code.startswith("BED"):
        return "amount"
    if row.element_code.startswith("DAT") or row.pattern == "EEJJMMDD":
        return "date"
    return "plain"


FIXED_VALUE = re.compile(r"^(?:Waarde\s+)?'?([0-9A-Z]+)'?\s+vullen\.?$")


def fixed_value(row: BerRow) -> str | None:
    """The one value a rubriek may have, when its condition is just "Waarde '01' vullen." (or "'EUR' vullen.").

    >>> fixed_value(BerRow("01", "0119", "VALUTACODE", "AN", 3, 117, "M", condition="EUR' vullen."))
    'EUR'
    """
    found = FIXED_VALUE.match(row.condition.strip())
    return found.group(1) if found and len(found.group(1)) == row.length else None


def field_of(row: BerRow, key: str, provenance: str) -> dict:
    """A BER row as a layout field: the BER's columns, jwgen's key and kind, and where it came from."""
    out: dict[str, Any] = {"id": row.id, "key": key, "name": row.name, "type": row.type, "length": row.length,
                           "start": row.start, "use": row.use, "kind": kind_of(row)}
    for attr in ("element_code", "codelist", "pattern", "sleutel", "description", "condition"):
        value = getattr(row, attr)
        if value:
            out[attr] = value
    value = fixed_value(row)
    if value is not None:
        out["value"] = value
    out["confidence"] = "official"
    out["basis"] = provenance
    return out


def import_ber(ber: Ber, message: str | None = None, name: str | None = None) -> dict:
    """A message layout (jwgen's shape) from a BER export; refuses gaps, overlaps and bad types."""
    rows = [r for r in ber.rows if not message or not r.standard or r.standard == message]
    if not rows:
        raise BerError(f"{ber.source}: no rubrieken for message {message!r} (the export has {ber.standard or '?'})")
    records: dict[str, list[BerRow]] = {}
    for row in rows:
        records.setdefault(row.rtype, []).append(row)
    lengths = {rtype: max(r.end for r in group) for rtype, group in records.items()}
    record_length = max(lengths.values())
    label = message or ber.standard or f"COD002-{ber.cod002}"
    out_records = {}
    for rtype, group in records.items():
        _check_positions(ber.source, rtype, group, record_length)
        keys = assign_keys(group)
        provenance = f"{ber.source} (sha256 {ber.sha256[:12]}), rubriek {{}}"
        out_records[rtype] = [field_of(r, k, provenance.format(r.id)) for r, k in zip(group, keys)]
    layout = {"standard": label, "name": name or ber.title or label, "version": ber.version,
              "cod002": ber.cod002, "record_length": record_length,
              "source": f"Vektis BER export {ber.source} ({ber.form}, sha256 {ber.sha256})",
              "confidence": "official", "records": out_records}
    build_message(label, layout, {})  # the same self-checks every layout passes on load
    return layout


def _check_positions(source: str, rtype: str, rows: list[BerRow], record_length: int) -> None:
    position = 1
    for row in rows:
        where = f"{source}: record {rtype} rubriek {row.id} ({row.name})"
        if row.length <= 0:
            raise BerError(f"{where} has length {row.length}")
        if row.start > position:
            raise BerError(f"{where} starts at {row.start}: gap after position {position - 1}")
        if row.start < position:
            raise BerError(f"{where} starts at {row.start}: overlaps the rubriek before it (ends at {position - 1})")
        position = row.end + 1
    if position - 1 != record_length:
        raise BerError(f"{source}: record {rtype} ends at {position - 1}, the message's records have "
                       f"{record_length} positions")
