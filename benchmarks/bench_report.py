"""Benchmark: the uitval report of a 12,000-record file in which every client is rejected (the worst
case: about 11,000 uitval rows, every prestatie and tarief not assessed), as .xlsx, .csv and .html.

Run: .venv/bin/python benchmarks/bench_report.py   (in-process; receiving the file is not counted)
"""
from __future__ import annotations

from _timing import best_of
from jwgen.controle import receive
from jwgen.flatfile import write
from jwgen.generate import GenerateOptions, generate
from jwgen.report.export import csv_bytes, html_bytes
from jwgen.report.rows import file_report, outcome_expected
from jwgen.report.workbook import workbook_bytes
from jwgen.spec import load_spec


def main() -> None:
    spec = load_spec()
    declaration = generate(GenerateOptions(records=12_000, debiteur=True, zorgactiviteit=True), seed=7, spec=spec)
    for verzekerde in declaration.verzekerden:
        verzekerde.record["bsn"] = 123456789  # fails the 11-proef: the whole client is rejected
    data = write(declaration, spec.declaration)
    outcome = receive(data, spec=spec)
    expected = outcome_expected(outcome, spec)
    seconds, report = best_of(3, lambda: file_report(data, expected, "big.JW321.txt", outcome.jw322, spec))
    print(f"rows: {seconds:.2f} s for {len(report.rows)} rows from {len(data.splitlines())} records")
    for name, work in (("xlsx", lambda: workbook_bytes([report], compress=True)), ("csv", lambda: csv_bytes([report])),
                       ("html", lambda: html_bytes([report]))):
        seconds, out = best_of(2, work)
        print(f"{name}: {seconds:.2f} s, {len(out) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
