"""A stand-in for another team's receiver, with three KNOWN bugs, for testing ``jwgen check``.

It answers with jwgen's own receiver, made wrong on purpose:

* ``byte-length``: record length is measured in bytes, not characters. A record
  with a name like "Zoë" (310 characters, 311 bytes) is rejected with 0804; a
  record padded by bytes (309 characters, 310 bytes) is accepted.
* ``sluit-total``: the totaal declaratiebedrag of the sluitrecord is never
  checked (0150 is never reported; the total of the records is used instead).
* ``credit-without-debet``: a credit line is accepted even when no debet it
  credits was ever received (8017 is never reported).

Usage: stand_in_receiver.py JW321 JW322 [--state FILE] [--profile P] [--bugs a,b,c | --bugs none]
Writes the JW322 (nothing when no answer is due); exit 0 approved, 1 rejected, 2 unreadable.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from jwgen.controle import Ledger, Outcome, receive
from jwgen.flatfile import scan
from jwgen.flatfile import codec_for
from jwgen.model import compute_totals, split_signed
from jwgen.spec import Spec, load_spec

BUGS = ("byte-length", "sluit-total", "credit-without-debet")


def as_long_as_bytes(data: bytes) -> bytes:
    """Every line padded (or cut) so its character count equals its former byte count."""
    out = []
    for line in data.split(b"\n"):
        body, cr = (line[:-1], b"\r") if line.endswith(b"\r") else (line, b"")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            out.append(line)
            continue
        text += " " * (len(body) - len(text))
        out.append(text.encode("utf-8") + cr)
    return b"\n".join(out)


def with_computed_total(data: bytes, spec: Spec) -> bytes:
    """The sluitrecord's total replaced by what the prestatierecords add up to."""
    message = spec.declaration
    result = scan(data, message)
    if result.problems or not result.records or result.records[-1].rtype != message.structure["sluit"]:
        return data
    sluit = result.records[-1]
    amount_key, dc_key = message.structure["sluit_amount"]
    amount, dc = split_signed(compute_totals(result.records[1:-1], message.structure).amount)
    sluit.values[amount_key], sluit.values[dc_key] = amount, dc
    lines = data.split(b"\r\n")
    lines[sluit.number - 1] = codec_for(message.records[sluit.rtype]).encode(sluit).encode("utf-8")
    return b"\r\n".join(lines)


def without_rule(spec: Spec, rule_id: str) -> Spec:
    rules = dict(spec.rules)
    rules[rule_id] = {**rules[rule_id], "roles": []}
    return dataclasses.replace(spec, rules=rules)


def answer(data: bytes, profile: str, ledger: Ledger, bugs: tuple[str, ...]) -> Outcome:
    spec = load_spec()
    if "credit-without-debet" in bugs:
        spec = without_rule(spec, "credit.no-debet")
    if "byte-length" in bugs:
        data = as_long_as_bytes(data)
    outcome = receive(data, profile, ledger, spec)
    if "sluit-total" in bugs and any(f.rule == "sluit.totaal-bedrag" for f in outcome.findings):
        outcome = receive(with_computed_total(data, spec), profile, ledger, spec)  # file-level: ledger untouched
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jw321", type=Path)
    parser.add_argument("jw322", type=Path)
    parser.add_argument("--state", type=Path, default=None)
    parser.add_argument("--profile", default="gemeente")
    parser.add_argument("--bugs", default=",".join(BUGS))
    args = parser.parse_args(argv)
    bugs = () if args.bugs == "none" else tuple(b for b in args.bugs.split(",") if b)
    unknown = set(bugs) - set(BUGS)
    if unknown:
        parser.error(f"unknown bug(s): {', '.join(sorted(unknown))}")
    with Ledger(args.state) as ledger:
        outcome = answer(args.jw321.read_bytes(), args.profile, ledger, bugs)
    if outcome.jw322 is not None:
        args.jw322.write_bytes(outcome.jw322)
    return outcome.exit_code


if __name__ == "__main__":
    sys.exit(main())
