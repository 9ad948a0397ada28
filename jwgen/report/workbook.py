"""The uitval report as an Excel workbook, byte-identical on every run and machine.

Three sheets, one table each, Dutch headers, widths that fit: **Uitval** (one row per finding, see
:mod:`jwgen.report.rows`; frozen header, filters, amounts as euro numbers, dates as dates),
**Samenvatting** (per file: factuurnummer, receiver, period, status, totals, counts) and **Retourcodes**
(every retourcode of the answers, with its meaning and how many uitval rows and records it gives).

Written with openpyxl (already jwgen's reader of .xlsx BERs). An .xlsx is a zip archive with
timestamps: the workbook's created/modified dates are fixed (the dagtekening factuur of the
first file, else 2000-01-01), and the archive is re-packed with sorted entries and one fixed
entry time. Fixture sets store the members uncompressed (deflate output differs between zlib
builds; stored entries do not), so a fixture set is the same bytes everywhere;
``jwgen validate --report`` deflates them (same bytes on every run of one machine).
"""
from __future__ import annotations

import io
import os
import zipfile
from copy import copy
from datetime import date, datetime
from typing import Any, Sequence

from ..printable import cell_text
from .money import euros
from .rows import COLUMNS, NOT_JUDGED, FileReport

__all__ = ["MONEY_FORMAT", "DATE_FORMAT", "workbook_bytes", "repack"]

# openpyxl writes through lxml when it is installed, and lxml's XML differs in bytes from openpyxl's own
# writer: use openpyxl's own everywhere (read when openpyxl is first imported in the process).
os.environ.setdefault("OPENPYXL_LXML", "False")

#: Excel number format: € 21.327,50 D / € 21.327,50 C / € 0,00 (separators follow Excel's locale).
MONEY_FORMAT = '"€ "#,##0.00" D";"€ "#,##0.00" C";"€ "0.00'
DATE_FORMAT = "dd-mm-yyyy"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest date: no run's clock leaks in
DEFAULT_PROPERTIES_DATE = datetime(2000, 1, 1)
MAX_WIDTH = {"betekenis": 60, "wat_te_doen": 60, "toelichting": 60, "rubrieknaam": 40, "naam": 32}
WRAPPED = {"betekenis", "wat_te_doen", "toelichting"}
HEADER_FILL, REJECTED_FILL, NOT_JUDGED_FILL = "DCE3F0", "FFE1DE", "FFF4CC"


def repack(data: bytes, compress: bool = False) -> bytes:
    """The same zip with sorted entries and one fixed timestamp; members stored, or deflated (``compress``:
    smaller, and the same bytes on every run with the same zlib, but not across zlib builds)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(out, "w", method) as target:
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(name))
    return out.getvalue()


def _width(values: Sequence[Any], header: str, cap: int) -> float:
    longest = len(header)
    for value in values:
        if isinstance(value, (date, datetime)):
            length = 10
        elif isinstance(value, int):
            length = len(str(value))
        else:
            length = max((len(part) for part in str(value).split("\n")), default=0)
        if length > longest:
            longest = length
            if longest >= cap:
                break
    return float(min(longest, cap) + 2)


def _put(ws: Any, row: int, column: int, value: Any) -> Any:
    """One cell. A text is written as a string cell, never a formula or an error value whatever it starts with
    (openpyxl reads a text that starts with '=' as a formula), with every control character escaped
    (:func:`~jwgen.printable.cell_text`; a worksheet cannot hold most of them at all); a number or date as such."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell._value = cell_text(value, quote=False)[:32767]  # a cell's limit, as openpyxl cuts it
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _append(ws: Any, values: Sequence[Any]) -> None:
    """``ws.append(values)``, every value written by :func:`_put`."""
    ws.append([None if isinstance(value, str) else value for value in values])
    row = ws._current_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            _put(ws, row, column, value)


def _cell_value(key: str, kind: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if kind == "money":
        return euros(value)
    return value


def workbook_bytes(reports: Sequence[FileReport], part_header: str | None = None, compress: bool = False) -> bytes:
    """One workbook for one file (``part_header`` None) or for a set (a first column naming the step/case).

    Fixture sets use stored members (the same bytes on any machine); ``compress`` deflates them (what
    ``jwgen validate --report`` does: a 12,000-record report is about a tenth of the size)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    fills = {"rejected": PatternFill("solid", fgColor=REJECTED_FILL),
             "not_judged": PatternFill("solid", fgColor=NOT_JUDGED_FILL)}
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    # ------------------------------------------------------------ Uitval
    ws = wb.active
    ws.title = "Uitval"
    columns = ([("part", part_header, "text")] if part_header else []) + list(COLUMNS)
    _append(ws, [header for _, header, _ in columns])
    rows = [(report, row) for report in reports for row in report.rows]
    for index, (key, header, kind) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cap = MAX_WIDTH.get(key, 28)
        sample = [report.label if key == "part" else row[key] for report, row in rows]
        ws.column_dimensions[letter].width = _width([v for v in sample if v not in (None, "")],
                                                    header, cap) if kind != "money" else 16.0
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = bold, header_fill, wrap
    styles = _row_styles(wb, fills, wrap, top)
    cell_style = {key: ("wrap" if key in WRAPPED else kind if kind in ("money", "date") else
                        "code" if key in CODE_COLUMNS else "plain") for key, _, kind in columns}
    kinds = [(key, kind, cell_style[key]) for key, _, kind in columns]
    for r, (report, row) in enumerate(rows, start=2):
        tone = "not_judged" if row["uitkomst"] == NOT_JUDGED else "rejected"
        # The row's colour for its empty cells (Excel applies a row style to cells that have none) ...
        ws.row_dimensions[r]._style = copy(styles[tone, "plain"])
        for c, (key, kind, style) in enumerate(kinds, start=1):
            value = report.label if key == "part" else _cell_value(key, kind, row[key])
            if value is None:
                continue
            # ... and each filled cell its own: what `cell.style = name` does, without the name lookup.
            _put(ws, r, c, value)._style = copy(styles[tone, style])
    ws.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"

    # ------------------------------------------------------------ Samenvatting
    summary = wb.create_sheet("Samenvatting")
    _summary_sheet(summary, reports, part_header, bold, header_fill, wrap)

    # ------------------------------------------------------------ Retourcodes
    _codes_sheet(wb.create_sheet("Retourcodes"), reports, bold, header_fill, wrap)

    when = _properties_date(reports)
    wb.properties.creator = "jwgen"
    wb.properties.lastModifiedBy = "jwgen"
    wb.properties.title = "Uitval"
    wb.properties.created = wb.properties.modified = when
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED)
    _writer_class(ExcelWriter)(wb, archive).save()  # not save_workbook: that stamps "modified" with the clock
    return repack(buffer.getvalue(), compress)


_WRITER: list[Any] = []


def _writer_class(base: Any) -> Any:
    """openpyxl's ExcelWriter, writing each worksheet in memory instead of through a temporary file
    (creating and removing those was a fifth of the time of a small workbook)."""
    if _WRITER:
        return _WRITER[0]
    from openpyxl.worksheet._writer import WorksheetWriter

    class InMemory(base):  # type: ignore[misc, valid-type]
        def write_worksheet(self, ws: Any) -> None:
            if self.workbook.write_only:
                return super().write_worksheet(ws)
            from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing

            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            out = io.BytesIO()
            writer = WorksheetWriter(ws, out=out)
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], out.getvalue())
            self.manifest.append(ws)

    _WRITER.append(InMemory)
    return InMemory


CODE_COLUMNS = frozenset(("bsn", "retourcode", "rubriek", "prestatiecode", "referentienummer",
                          "referentienummer_voorgaande"))


def _row_styles(wb: Any, fills: dict[str, Any], wrap: Any, top: Any) -> dict[tuple[str, str], Any]:
    """Named styles, one per (row colour, cell kind), as the style arrays cells carry."""
    from openpyxl.styles import NamedStyle

    out = {}
    for tone, fill in fills.items():
        for kind, number_format, alignment in (("plain", "General", top), ("code", "@", top), ("wrap", "General", wrap),
                                               ("money", MONEY_FORMAT, top), ("date", DATE_FORMAT, top)):
            name = f"jwgen {tone} {kind}"
            style = NamedStyle(name=name, fill=fill, number_format=number_format, alignment=alignment)
            wb.add_named_style(style)
            out[tone, kind] = style.as_tuple()
    return out


def _properties_date(reports: Sequence[FileReport]) -> datetime:
    for report in reports:
        day = report.summary.get("dagtekening")
        if isinstance(day, date):
            return datetime(day.year, day.month, day.day)
    return DEFAULT_PROPERTIES_DATE


SUMMARY_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("bestand", "Bestand", "text"),
    ("factuurnummer", "Factuurnummer", "text"),
    ("zorgverlenerscode", "Zorgverlenerscode", "text"),
    ("gemeentecode", "Gemeentecode / UZOVI-nummer", "text"),  # the receiver: JW321 gemeente, GZ321 zorgverzekeraar
    ("periode_begin", "Declaratieperiode van", "date"),
    ("periode_eind", "Declaratieperiode tot en met", "date"),
    ("dagtekening", "Dagtekening factuur", "date"),
    ("ontvanger", "Ontvanger", "text"),
    ("status_tekst", "Status", "text"),
    ("voorloop_codes", "Retourcode(s) voorlooprecord", "text"),
    ("ingediend", "Totaal ingediend", "money"),
    ("toegekend", "Totaal toegekend", "money"),
    ("records", "Records in het bestand", "int"),
    ("geretourneerd", "Records geretourneerd", "int"),
    ("afgewezen_records", "Records afgewezen", "int"),
    ("uitvalregels", "Uitvalregels", "int"),
)


def _style(cell: Any, kind: str) -> None:
    if kind == "money":
        cell.number_format = MONEY_FORMAT
    elif kind == "date":
        cell.number_format = DATE_FORMAT
    elif kind == "text":
        cell.number_format = "@"


def _header_row(ws: Any, labels: Sequence[str], bold: Any, fill: Any, wrap: Any) -> None:
    _append(ws, list(labels))
    for cell in ws[ws.max_row]:
        cell.font, cell.fill, cell.alignment = bold, fill, wrap


def _fit(values: Sequence[Any], header: str, cap: int) -> float:
    """A width that shows every value and the header's longest word (a header wraps onto more lines)."""
    words = max((len(word) for word in header.split()), default=0)
    return max(_width([v for v in values if v not in (None, "")], "", cap), float(min(words, cap) + 2))


def _summary_sheet(ws: Any, reports: Sequence[FileReport], part_header: str | None, bold: Any, fill: Any,
                   wrap: Any) -> None:
    """One table: for one file a column of labels and its values; for a set one row per step or case."""
    from openpyxl.utils import get_column_letter

    if part_header is None and len(reports) == 1:
        s = reports[0].summary
        _header_row(ws, ["Gegeven", "Waarde"], bold, fill, wrap)
        for key, label, kind in SUMMARY_FIELDS:
            _append(ws, [label, _cell_value(key, kind, s.get(key))])
            ws.cell(row=ws.max_row, column=1).font = bold
            _style(ws.cell(row=ws.max_row, column=2), kind)
        ws.column_dimensions["A"].width = _width([label for _, label, _ in SUMMARY_FIELDS], "", 40)
        ws.column_dimensions["B"].width = max(24.0, _width([s.get("status_tekst", ""), s.get("bestand", "")], "", 70))
        ws.freeze_panes = "A2"
        return
    fields = [("part", part_header or "Bestand", "text")] + [f for f in SUMMARY_FIELDS if f[0] != "bestand"]
    _header_row(ws, [label for _, label, _ in fields], bold, fill, wrap)
    for report in reports:
        _append(ws, [report.label if key == "part" else _cell_value(key, kind, report.summary.get(key))
                     for key, _, kind in fields])
        for c, (_, _, kind) in enumerate(fields, start=1):
            _style(ws.cell(row=ws.max_row, column=c), kind)
    for index, (key, label, kind) in enumerate(fields, start=1):
        values = [report.label if key == "part" else report.summary.get(key) for report in reports]
        ws.column_dimensions[get_column_letter(index)].width = 16.0 if kind == "money" else _fit(values, label, 40)
    ws.freeze_panes = "B2"


def _codes_sheet(ws: Any, reports: Sequence[FileReport], bold: Any, fill: Any, wrap: Any) -> None:
    """Every retourcode of the answers, with its meaning and how often it gives uitval (rows, records)."""
    from openpyxl.utils import get_column_letter

    _header_row(ws, ["Retourcode", "Betekenis", "Klasse", "Bron", "Uitvalregels", "Records met uitval"], bold, fill,
                wrap)
    used: dict[str, dict[str, str]] = {}
    totals: dict[str, list[int]] = {}
    for report in reports:
        for entry in report.codes:
            used.setdefault(entry["code"], entry)
        for code, counts in report.summary.get("per_code", {}).items():
            total = totals.setdefault(code, [0, 0])
            total[0] += counts["rows"]
            total[1] += counts["records"]
    for code in sorted(used):
        entry = used[code]
        rows, records = totals.get(code, (0, 0))
        _append(ws, [code, entry["meaning"], entry["class"], entry["source"], rows, records])
        ws.cell(row=ws.max_row, column=1).number_format = "@"
        ws.cell(row=ws.max_row, column=2).alignment = wrap
    headers = ("Retourcode", "Betekenis", "Klasse", "Bron", "Uitvalregels", "Records met uitval")
    for index, header in enumerate(headers, start=1):
        values = [ws.cell(row=r, column=index).value for r in range(2, ws.max_row + 1)]
        ws.column_dimensions[get_column_letter(index)].width = _fit(values, header, 80 if index == 2 else 20)
    ws.freeze_panes = "A2"
