"""Render the first rows of an .xlsx sheet as an HTML page that looks like Excel, for the README picture.

    .venv/bin/python docs/xlsx_preview.py u.xlsx preview.html [SHEET] [ROWS]
    chromium --headless --screenshot=docs/uitval-xlsx.png --window-size=1900,560 preview.html

The cells are read with openpyxl and shown with their number format applied the way Excel with Dutch
settings shows them (euro amounts with D/C, dates dd-mm-jjjj); header fill, frozen header row and the
filter buttons are drawn as Excel draws them. Only for documentation: no test depends on it.
"""
from __future__ import annotations

import html
import sys
from datetime import datetime
from decimal import Decimal

import openpyxl
from openpyxl.utils import get_column_letter


def shown(cell) -> str:  # noqa: ANN001 - an openpyxl cell
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, (int, float, Decimal)) and '"€ "' in cell.number_format:
        cents = round(Decimal(str(value)) * 100)
        whole, rest = divmod(abs(cents), 100)
        text = f"€ {whole:,}".replace(",", ".") + f",{rest:02d}"
        return text if cents == 0 else f"{text} {'C' if cents < 0 else 'D'}"
    return str(value)


def main(source: str, target: str, sheet: str = "Uitval", rows: int = 12) -> None:
    ws = openpyxl.load_workbook(source)[sheet]
    columns = ws.max_column
    widths = [(ws.column_dimensions[get_column_letter(c)].width or 9) * 7.2 for c in range(1, columns + 1)]
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><style>",
           "body{margin:0;font:12px Calibri,Carlito,'DejaVu Sans',sans-serif;background:#fff}",
           "table{border-collapse:collapse;table-layout:fixed}",
           "td,th{border:1px solid #d4d4d4;padding:1px 4px;overflow:hidden;white-space:nowrap;vertical-align:top;height:17px}",
           "th.col,td.row{background:#f0f0f0;color:#444;text-align:center;font-weight:normal}",
           "td.head{font-weight:bold;background:#dce3f0;white-space:normal;border-bottom:2px solid #8a9bb8}",
           "td.head span{float:right;border:1px solid #999;background:#fff;font-size:9px;padding:0 2px;margin-left:3px}",
           "td.wrap{white-space:normal} td.num{text-align:right}",
           "tr.rej td.c{background:#ffe1de} tr.nj td.c{background:#fff4cc}",
           "</style></head><body><table><tr><th class='col' style='width:34px'></th>"]
    out += [f"<th class='col' style='width:{w:.0f}px'>{get_column_letter(i)}</th>" for i, w in enumerate(widths, 1)]
    out.append("</tr>")
    filters = bool(ws.auto_filter.ref)  # filter buttons only where the sheet has them
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=min(rows, ws.max_row)), start=1):
        tone = "" if r == 1 or sheet != "Uitval" else (
            " class='nj'" if any(c.value == "Niet beoordeeld" for c in row) else " class='rej'")
        out.append(f"<tr{tone}><td class='row'>{r}</td>")
        for cell in row:
            text = html.escape(shown(cell))
            if r == 1:
                out.append(f"<td class='head'>{text}{'<span>&#9662;</span>' if filters else ''}</td>")
                continue
            kind = "num" if isinstance(cell.value, (int, float, Decimal)) else (
                "wrap" if cell.alignment is not None and cell.alignment.wrap_text else "")
            out.append(f"<td class='c {kind}'>{text}</td>")
        out.append("</tr>")
    out.append("</table></body></html>")
    with open(target, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(sys.argv[3:4] or []), *([int(sys.argv[4])] if len(sys.argv) > 4 else []))
