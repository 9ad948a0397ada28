"""The uitval report in the three forms a back office opens: .xlsx, .csv and .html.

>>> report_format("u.XLSX"), report_format("out/u.csv"), report_format("u.htm")
('xlsx', 'csv', 'html')
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from ..errors import JwgenError
from ..printable import cell_text
from .money import dutch_date, euros, money, money_or_blank
from .rows import COLUMNS, FileReport

FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".html": "html", ".htm": "html"}
BOM = "\ufeff"


def report_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise JwgenError(f"--report {path}: the name must end in .xlsx, .csv or .html")
    return FORMATS[suffix]


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _csv_value(kind: str, value: Any) -> str:
    """One field: a text (codes included) quoted, a number or date bare, so a spreadsheet program that formats
    quoted fields as text (LibreOffice's import option) keeps retourcode 0001, rubriek 0203 and a BSN with a
    leading zero as written, and still reads the amounts as numbers and the dates as dates."""
    if value is None or value == "":
        return ""
    if kind == "money":
        return f"{euros(value)}".replace(".", ",")  # -21327,50: a number for a spreadsheet with Dutch settings
    if kind == "date":
        return value.isoformat()
    if type(value) is int:
        return str(value)
    return _quoted(cell_text(value))  # control characters escaped, never a formula (OWASP: a leading ')


def csv_bytes(reports: Sequence[FileReport], part_header: str | None = None) -> bytes:
    """The uitval rows, ';'-separated, UTF-8 with BOM, CR/LF: Excel (Dutch settings) opens it as columns.

    Amounts are signed euro numbers with a decimal comma (credit negative), dates ISO (2017-03-31), both bare;
    every text (from the file, its name, a step or case, and the codes) quoted, through
    :func:`~jwgen.printable.cell_text`: no control character, and a text that starts like a formula
    (= + - @) gets a leading single quote."""
    columns = ([("part", part_header, "text")] if part_header else []) + list(COLUMNS)
    lines = [";".join(_quoted(header) for _, header, _ in columns)]
    for report in reports:
        for row in report.rows:
            lines.append(";".join(_csv_value("text", report.label) if key == "part" else _csv_value(kind, row[key])
                                  for key, _, kind in columns))
    return (BOM + "\r\n".join(lines) + "\r\n").encode("utf-8")


@lru_cache(maxsize=1)
def _env() -> Any:
    from jinja2 import select_autoescape

    from .templating import environment

    return environment(select_autoescape(default=True), money=money_or_blank, datum=dutch_date)


def html_view(reports: Sequence[FileReport], part_header: str | None = None) -> dict[str, Any]:
    """What the HTML report shows, every value already a string."""
    from .uitval_html import client_groups

    parts = []
    for report in reports:
        s = report.summary
        parts.append({"label": report.label, "summary": s, "groups": client_groups(report.rows),
                      "rows": len(report.rows), "codes": report.codes,
                      "period": f"{dutch_date(s.get('periode_begin'))} t/m {dutch_date(s.get('periode_eind'))}",
                      "ingediend": money(s.get("ingediend") or 0), "toegekend": money(s.get("toegekend") or 0)})
    return {"parts": parts, "part_header": part_header,
            "title": f"Uitval {reports[0].label}" if len(reports) == 1 and reports[0].label else "Uitval"}


def html_bytes(reports: Sequence[FileReport], part_header: str | None = None) -> bytes:
    page = _env().get_template("uitval_report.html.j2").render(v=html_view(reports, part_header))
    return (page.strip("\n") + "\n").encode("utf-8")


def report_bytes(fmt: str, reports: Sequence[FileReport], part_header: str | None = None,
                 compress: bool = True) -> bytes:
    if fmt == "xlsx":
        from .workbook import workbook_bytes
        return workbook_bytes(reports, part_header, compress=compress)
    if fmt == "csv":
        return csv_bytes(reports, part_header)
    return html_bytes(reports, part_header)
