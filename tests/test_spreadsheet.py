"""The uitval CSV through a real spreadsheet program: LibreOffice converts it to a workbook with Dutch settings
(`;`, UTF-8, language nl-NL, quoted fields as text) and the workbook read back keeps retourcode 0001, rubriek
0203 and a BSN with a leading zero as written, the amounts as numbers and the dates as dates.

Skipped with the reason where LibreOffice is not installed: no test installs it, `.ci/run` does
(`apt-get install libreoffice-calc-nogui`).
"""
from __future__ import annotations

import shutil
import subprocess
from datetime import datetime

import openpyxl
import pytest

from jwgen.controle import receive
from jwgen.report.export import csv_bytes
from jwgen.report.rows import Row, file_report, outcome_expected
from jwgen.sets import defect_set

#: LibreOffice's CSV import: separator ';' (59), text delimiter '"' (34), UTF-8 (76), from line 1, no column
#: formats, language Dutch (1043), quoted fields as text: what its import dialog asks a person.
CSV_IMPORT = "CSV:59,34,76,1,,1043,true"


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui; .ci/run installs it)")


def test_the_csv_keeps_its_codes_through_libreoffice(tmp_path):
    program = soffice()
    files = defect_set(["bsn-invalid"], seed=0)
    data = files["bsn-invalid.JW321.txt"]
    outcome = receive(data)
    report = file_report(data, outcome_expected(outcome), "bsn-invalid.JW321.txt", outcome.jw322)
    first = report.rows[0]  # a row as a file-level 0001 on a client whose BSN starts with 0
    report.rows.append(Row({**first.values, "bsn": "012345672", "retourcode": "0001", "rubriek": "0203"}))
    csv_file = tmp_path / "uitval.csv"
    csv_file.write_bytes(csv_bytes([report]))
    done = subprocess.run([program, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                           f"--infilter={CSV_IMPORT}", "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"),
                           str(csv_file)], capture_output=True, text=True, timeout=180,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "nl_NL.UTF-8"})
    converted = tmp_path / "out" / "uitval.xlsx"
    assert done.returncode == 0 and converted.is_file(), done.stderr[-2000:]
    ws = openpyxl.load_workbook(converted).active
    header = [cell.value for cell in ws[1]]
    rows = [dict(zip(header, row)) for row in ws.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == len(report.rows)
    assert rows[-1]["BSN"] == "012345672" and rows[-1]["Retourcode"] == "0001" and rows[-1]["Rubriek"] == "0203"
    assert {row["Retourcode"] for row in rows} == {"0435", "8002", "0001"}
    assert all(isinstance(row["BSN"], str) and len(row["BSN"]) == 9 for row in rows)
    amounts = [(row["Ingediend"], source["ingediend"]) for row, source in zip(rows, report.rows)
               if source["ingediend"] is not None]
    assert amounts and all(isinstance(got, (int, float)) and round(got * 100) == cents for got, cents in amounts)
    born = [row["Geboortedatum"] for row in rows if row["Geboortedatum"] is not None]
    assert born and all(isinstance(day, datetime) for day in born)
    assert not any(isinstance(value, str) and value.startswith("=") for row in rows for value in row.values())

