"""Mutation run: hostile variants of valid JW321s through the receiver, in process (not part of CI).

Run:   nice .venv/bin/python benchmarks/bench_mutations.py --count 1000000 --seed 1 [--standard S] [--save DIR]
Replay one input:  .venv/bin/python benchmarks/bench_mutations.py --seed 1 --replay INDEX --save DIR

Input ``i`` is a function of (seed, i) only: a base file of jwgen.fuzz.mutate.base_files and one to three
mutations of jwgen.fuzz.mutate (the kinds tests/robustness draws from; one input in 2,000 is at or over the
size limits). Each input goes through receive() (gemeente or VECOZO, drawn), the uitval table and the
JSON outcome; its JW322 is read back. Every 10th input is also shown (``jwgen show``) and received a
second time, which must give the same bytes, and its uitval report is written in all three formats (xlsx,
csv, html, under a hostile file name): no formula in a cell, no raw control character.

Counted apart: unexpected exceptions by type (anything raised: receive answers every input), and broken
guarantees: a readable file without an answer, an answer that does not read back as a JW322, a
different answer the second time, a control character in the human output or a report, a formula in a report. Prints inputs/s; exit 1 when
anything was counted.
"""
from __future__ import annotations

import argparse
import collections
import csv
import io
import re
import zipfile
import random
import sys
import time
import traceback
import unicodedata
from pathlib import Path

from jwgen.controle import receive
from jwgen.errors import JwgenError
from jwgen.flatfile import scan
from jwgen.fuzz.mutate import CHEAP, base_files, mutate
from jwgen.printable import FORMULA_START, json_text
from jwgen.report import outcome_json, uitval_table
from jwgen.report.export import report_bytes
from jwgen.report.rows import file_report, outcome_expected
from jwgen.show import render
from jwgen.spec import load_spec

SIZES_EVERY = 2000
TWICE_EVERY = 10
REPORT_NAME = "=cmd|' /C calc'!A0 \x1b[2J\u202e.JW321.txt"  # the file's name is in every report too
NUMBER = re.compile(r"-?\d+(,\d+)?")  # a csv amount or count: the only cells that may start with '-'


def _unsafe(text: str) -> bool:
    return any(c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in text)


def draw(index: int, seed: int, bases: list[bytes], spec) -> tuple[bytes, list[str], str]:
    """Input ``index`` of a run: its bytes, the mutations applied and the receiver profile."""
    rng = random.Random(f"{seed}:{index}")
    kinds = ("sizes",) if index % SIZES_EVERY == SIZES_EVERY - 1 else CHEAP
    data, applied = mutate(bases[rng.randrange(len(bases))], rng, spec.declaration, kinds)
    return data, applied, rng.choice(sorted(spec.standard.profiles))


def check(data: bytes, profile: str, twice: bool, spec) -> list[str]:
    """The guarantees this input broke (none, normally); raises what the code raises."""
    outcome = receive(data, profile, spec=spec)
    broken = []
    table = uitval_table(outcome, spec)
    json_text(outcome_json(outcome, spec))
    if _unsafe(table):
        broken.append("control character in the uitval table")
    if outcome.status == "unrecognised":
        if outcome.jw322 is not None:
            broken.append("answer to an unrecognised file")
    elif outcome.status == "forwarded":
        if outcome.jw322 is not None:
            broken.append("JW322 from VECOZO for a forwarded file")
    elif outcome.jw322 is None:
        broken.append("readable file without an answer")
    else:
        answer = scan(outcome.jw322, spec.retour, limits_of=spec.declaration)
        if not answer.ok or [r.rtype for r in answer.records[:1] + answer.records[-1:]] != ["01", "99"]:
            broken.append("answer does not read back as a JW322")
    if twice:
        if outcome.status != "unrecognised":
            broken += report_problems(data, outcome, profile, spec)
        if receive(data, profile, spec=spec).jw322 != outcome.jw322:
            broken.append("a second answer differs")
        try:
            shown = render(data)
        except JwgenError:  # a file that is no JW321/JW322 at all (binary, say): show refuses it, exit 2
            shown = ""
        if _unsafe(shown):
            broken.append("control character in jwgen show")
    return broken


def report_problems(data: bytes, outcome, profile: str, spec) -> list[str]:
    """What the uitval report of this input breaks in xlsx, csv or html (none, normally)."""
    built = file_report(data, outcome_expected(outcome, spec), REPORT_NAME, outcome.jw322, profile=profile)
    found = []
    book = zipfile.ZipFile(io.BytesIO(report_bytes("xlsx", [built])))
    sheets = [book.read(name).decode("utf-8") for name in book.namelist() if name.startswith("xl/")]
    if any("<f>" in sheet or "<f " in sheet for sheet in sheets):
        found.append("a formula in the xlsx report")
    if any(_unsafe(sheet.replace("\r", "").replace("\t", "")) for sheet in sheets):
        found.append("control character in the xlsx report")
    text = report_bytes("csv", [built]).decode("utf-8").removeprefix("\ufeff")
    cells = [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row]
    if any(cell[:1] in FORMULA_START and not NUMBER.fullmatch(cell) for cell in cells if cell):
        found.append("a formula in the csv report")
    if any(_unsafe(cell) for cell in cells):
        found.append("control character in the csv report")
    if _unsafe(report_bytes("html", [built]).decode("utf-8")):
        found.append("control character in the html report")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10000, help="inputs to run [10000]")
    parser.add_argument("--seed", type=int, default=1, help="run seed [1]")
    parser.add_argument("--replay", type=int, help="run only input INDEX of this seed")
    parser.add_argument("--standard", default=None, help="the standard of the base files [JW321]; any built-in one")
    parser.add_argument("--save", type=Path, help="write the first input of every exception type and guarantee here")
    args = parser.parse_args()
    spec = load_spec(standard=args.standard)
    bases = base_files(spec)
    indexes = [args.replay] if args.replay is not None else range(args.count)
    exceptions: collections.Counter = collections.Counter()
    broken: collections.Counter = collections.Counter()
    first: dict[str, tuple[int, str, str]] = {}
    started = last = time.perf_counter()
    done = 0
    for index in indexes:
        data, applied, profile = draw(index, args.seed, bases, spec)
        try:
            problems = check(data, profile, index % TWICE_EVERY == 0, spec)
        except Exception as error:  # counted, not hidden: this run exists to find these
            name = type(error).__name__
            exceptions[name] += 1
            first.setdefault(name, (index, f"{'+'.join(applied)}, {profile}", traceback.format_exc()))
            problems = []
        for problem in problems:
            broken[problem] += 1
            first.setdefault(problem, (index, f"{'+'.join(applied)}, {profile}", ""))
        done += 1
        now = time.perf_counter()
        if now - last >= 30:
            last = now
            print(f"  {done:,}/{len(indexes):,} inputs, {done / (now - started):,.0f}/s, "
                  f"{sum(exceptions.values())} unexpected exception(s), {sum(broken.values())} broken",
                  file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    print(f"mutation run: seed {args.seed}, {done:,} inputs in {seconds:,.1f} s = {done / seconds:,.0f} inputs/s "
          f"(in process, one core)")
    print(f"unexpected exceptions: {sum(exceptions.values())}"
          + "".join(f"\n  {name}: {n}" for name, n in exceptions.most_common()))
    print(f"broken guarantees: {sum(broken.values())}" + "".join(f"\n  {name}: {n}" for name, n in broken.most_common()))
    for name, (index, what, trace) in first.items():
        print(f"first {name}: input {index} ({what}; replay: --seed {args.seed} --replay {index})")
        if trace and args.replay is not None:
            print(trace)
        if args.save is not None:
            args.save.mkdir(parents=True, exist_ok=True)
            data, _, profile = draw(index, args.seed, bases, spec)
            (args.save / f"{name.replace(' ', '-')}-{index}-{profile}.JW321.txt").write_bytes(data)
    return 1 if exceptions or broken else 0


if __name__ == "__main__":
    sys.exit(main())
