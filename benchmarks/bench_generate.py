"""Time to generate and write a 12,000-record JW321, and to read it back.

A plain script, not a test: ``.venv/bin/python benchmarks/bench_generate.py``.
Targets on one core: generate + write <= 1.0 s, read <= 0.5 s. Best of 3, with
``time.perf_counter``; the spec is loaded (and Faker imported) before timing.
"""
from __future__ import annotations

import hashlib
from _timing import best_of
from jwgen.flatfile import read, write
from jwgen.generate import GenerateOptions, generate
from jwgen.spec import load_spec

RECORDS = 12_000
REPEAT = 3
TARGET_GENERATE = 1.0
TARGET_READ = 0.5


def main() -> None:
    spec = load_spec()
    import faker  # noqa: F401  (import cost is not generation cost)

    options = GenerateOptions(records=RECORDS, debiteur=True, zorgactiviteit=True, tijdsbesteding=True,
                              commentaar=True)
    plain = GenerateOptions(records=RECORDS)
    for label, opts in (("all record types", options), ("default content", plain)):
        seconds, data = best_of(REPEAT, lambda: write(generate(opts, 1, spec), spec.declaration))
        assert isinstance(data, bytes)
        lines = data.count(b"\r\n")
        verdict = "ok" if seconds <= TARGET_GENERATE else "SLOW"
        print(f"generate+write {lines} records ({label}, {len(data):,} bytes): {seconds:.3f} s "
              f"[target {TARGET_GENERATE} s: {verdict}]  sha256 {hashlib.sha256(data).hexdigest()[:12]}")
        generate_only, declaration = best_of(REPEAT, lambda: generate(opts, 1, spec))
        write_only, _ = best_of(REPEAT, lambda: write(declaration, spec.declaration))
        print(f"  of which generate {generate_only:.3f} s, write {write_only:.3f} s")
        seconds, _ = best_of(REPEAT, lambda: read(data, spec.declaration))
        verdict = "ok" if seconds <= TARGET_READ else "SLOW"
        print(f"read {lines} records ({label}): {seconds:.3f} s [target {TARGET_READ} s: {verdict}]")


if __name__ == "__main__":
    main()
