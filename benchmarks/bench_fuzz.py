"""Benchmark: `jwgen fuzz --count 1000` in-process on one core (target >= 200 cases/s) and
draws of the jw321_files hypothesis strategy (target >= 50 files/s, no health-check failure).

Run: .venv/bin/python benchmarks/bench_fuzz.py   (the corpus is written to a temporary folder; set
TMPDIR to choose its file system: creating ~3,300 small files costs from 0.1 s on tmpfs to seconds on a
slow virtual disk, and is shown apart from building)
"""
from __future__ import annotations

import contextlib
import io
import json
import tempfile
import time
from pathlib import Path

from _timing import best_of
from jwgen.cli import main as jwgen
from jwgen.fuzz import corpus_files


def bench_fuzz(count: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "corpus"

        def run() -> int:
            with contextlib.redirect_stdout(io.StringIO()):
                return jwgen(["fuzz", "--count", str(count), "--seed", "1", "--out", str(out), "--force"])

        run()  # warm-up: spec, Faker and code paths loaded once, as in a real run
        built, _ = best_of(2, lambda: corpus_files(count, seed=1))
        seconds, code = best_of(2, run)
        assert code == 0
        cases = json.loads((out / "index.json").read_text())["cases"]
        records = sorted(c["records"] for c in cases)
        broken = sum(1 for c in cases if c["defects"])
        print(f"jwgen fuzz --count {count} (1 job, written): {seconds:.2f} s = {count / seconds:.0f} cases/s "
              f"(target >= 200); built in memory only: {count / built:.0f} cases/s")
        print(f"  {broken} broken, {count - broken} valid; records per file median {records[len(records) // 2]}, "
              f"max {records[-1]}")


def bench_strategy(examples: int = 300) -> None:
    from hypothesis import given, settings

    from jwgen.strategies import jw321_files

    drawn = []

    @given(jw321_files())
    @settings(max_examples=examples, database=None, deadline=None)
    def draw(case) -> None:
        drawn.append(case)

    draw()  # warm-up (and the health checks, which run at default settings)
    drawn.clear()
    start = time.perf_counter()
    draw()
    seconds = time.perf_counter() - start
    print(f"jw321_files(): {len(drawn)} files in {seconds:.2f} s = {len(drawn) / seconds:.0f} files/s "
          "(target >= 50)")


if __name__ == "__main__":
    bench_fuzz()
    bench_strategy()
