"""Benchmark: the reference receiver on a 12,000-record JW321 (target <= 0.5 s on one core).

Run: .venv/bin/python benchmarks/bench_receive.py
Prints best-of-5 wall times; nothing is asserted (speed is reported, not tested).
"""
from __future__ import annotations

from _timing import best_of
from jwgen.controle import receive
from jwgen.flatfile import write
from jwgen.generate import GenerateOptions, generate
from jwgen.spec import load_spec


def main() -> None:
    spec = load_spec()
    declaration = generate(GenerateOptions(records=12000, debiteur=True, zorgactiviteit=True, tijdsbesteding=True,
                                           commentaar=True), seed=1, spec=spec)
    data = write(declaration, spec.declaration)
    bsn = spec.declaration.records["02"]["bsn"]
    lines = data.split(b"\r\n")
    lines[1] = lines[1][:bsn.start - 1] + b"123456789" + lines[1][bsn.end:]  # invalid BSN: record-level rejection
    partial = b"\r\n".join(lines)
    print(f"file: 12,000 records, {len(data):,} bytes")
    for label, payload, profile in (("gemeente, fully approved", data, "gemeente"),
                                    ("VECOZO, forwarded", data, "vecozo"),
                                    ("gemeente, one verzekerde rejected", partial, "gemeente")):
        seconds, outcome = best_of(5, lambda: receive(payload, profile))
        print(f"validate ({label}): {seconds:.3f} s -> {outcome.status}  (target <= 0.5 s)")


if __name__ == "__main__":
    main()
