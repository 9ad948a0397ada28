"""Run a folder of Vektis test files (TOWER/PORTES RBC style) through the receiver and say what it caught.

Vektis names every test file after what it breaks: ``..._TB_N<level>_<rubriek>_<variant>_v1.asc`` for
PORTES levels 1-4 (file physical, file structure, format of the rubriek, code list of the rubriek) and
``..._TB_N5_<number>_v1.asc`` for a business rule; the correct base file is named ``...basisbestand...``.
What jwgen expects of each (:func:`expectation`):

* the base file: fully approved;
* N1, N2: the whole file rejected (a file-level finding, or no recognisable voorlooprecord);
* N3, N4: rejected, with a finding on the rubriek the name gives; for a KENMERK RECORD (``xx01``) the
  record type itself is what is wrong, so a file-level rejection on that line counts;
* N5: rejected, by the rule the standard's ``conformance.json`` names for that number (when it names one).

Files that are byte for byte the base file have no deliberate error a receiver can see in them; they are
judged after the base file in the same ledger (a declaration sent twice). ``conformance.json`` also lists
the cases jwgen cannot judge (a registry it does not have) with the reason; they are reported, not failed.

>>> parse_name("GZ321v1.0_RBCu4_TB_N3_0411_02_v1.asc")
('N3', '0411')
>>> parse_name("GZ321v1.0_RBCu4_TB_N5_044_v1.asc")
('N5', '044')
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .controle import Ledger, Outcome, receive
from .domain import APPROVED, REJECTED_FILE, UNRECOGNISED
from .errors import JwgenError
from .spec import STANDARDS, Spec, load_spec

NAME = re.compile(r"_TB_N(?P<level>[1-5])_(?P<what>\d+)(?:_\d+)?_v\d+$", re.IGNORECASE)
BASE = re.compile(r"basisbestand", re.IGNORECASE)
LEVELS = ("base", "N1", "N2", "N3", "N4", "N5")


def _variant(name: str) -> str:
    found = re.search(r"_N[1-5]_\d+_(\d+)_v\d+", Path(name).stem)
    return found.group(1) if found else ""


def parse_name(name: str) -> tuple[str, str] | None:
    """(level, rubriek or rule number) from a Vektis test-file name; ("base", "") for the base file."""
    stem = Path(name).stem
    if BASE.search(stem):
        return "base", ""
    found = NAME.search(stem)
    return (f"N{found['level']}", found["what"]) if found else None



@dataclass
class Verdict:
    file: str
    level: str
    what: str
    caught: bool
    status: str
    found: list[str]  # "rubriek/retourcode (rule)" of the findings, first few
    expected: str
    registry: str = ""  # why jwgen cannot judge it (a registry it does not have), when it cannot


def _expectations(spec: Spec) -> dict:
    path = STANDARDS / spec.standard.folder / "conformance.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"N5": {}, "registry": {}}


def _findings(outcome: Outcome) -> list[str]:
    return [f"{f.rubriek or '-'}/{f.retourcode} ({f.rule})" for f in outcome.findings]


def expectation(level: str, what: str, rules: dict) -> str:
    if level == "base":
        return "approved"
    if level in ("N1", "N2"):
        return "whole file rejected"
    if level in ("N3", "N4"):
        return f"rejected with a finding on rubriek {what}"
    rule = rules.get(what, {}).get("rule")
    return f"rejected by rule {rule}" if rule else "rejected"


def judge(level: str, what: str, outcome: Outcome, rules: dict, override: dict | None = None) -> bool:
    if level == "base":
        return outcome.status == APPROVED and not outcome.findings
    if outcome.status == APPROVED:
        return False
    if level in ("N1", "N2"):
        return outcome.status in (REJECTED_FILE, UNRECOGNISED)
    if level in ("N3", "N4"):
        if what.endswith("01") and outcome.status in (REJECTED_FILE, UNRECOGNISED):
            return True  # the KENMERK RECORD: the record type itself is wrong
        rubriek = (override or {}).get("rubriek", what)
        return any(f.rubriek == rubriek for f in outcome.findings)
    wanted = rules.get(what, {}).get("rule")
    return wanted is None or any(f.rule == wanted for f in outcome.findings)


def run_folder(folder: Path | str, spec: Spec | None = None, profile: str | None = None) -> list[Verdict]:
    """Every Vektis test file of ``folder`` (sorted by name), judged against its expectation."""
    folder = Path(folder)
    if not folder.is_dir():
        raise JwgenError(f"{folder} is not a folder of Vektis test files")
    spec = spec or load_spec()
    data = _expectations(spec)
    files = sorted(p for p in folder.iterdir() if p.is_file() and parse_name(p.name))
    if not files:
        raise JwgenError(f"{folder} has no Vektis test files (names like ..._TB_N3_0411_02_v1.asc)")
    base = next((p for p in files if parse_name(p.name)[0] == "base"), None)
    base_bytes = base.read_bytes() if base else None
    verdicts = []
    for path in files:
        level, what = parse_name(path.name)
        content = path.read_bytes()
        with Ledger() as ledger:
            if base_bytes is not None and content == base_bytes and level != "base":
                receive(base_bytes, profile, ledger, spec)  # nothing to see in the file: it is sent a second time
            outcome = receive(content, profile, ledger, spec)
        key = f"{level}_{what}" if level in ("N5", "base") else f"{level}_{what}_{_variant(path.name)}"
        override = data.get("overrides", {}).get(key)
        verdicts.append(Verdict(path.name, level, what, judge(level, what, outcome, data["N5"], override),
                                outcome.status,
                                _findings(outcome)[:3], expectation(level, what, data["N5"]),
                                data["registry"].get(f"{level}_{what}", "")))
    return verdicts


def table(verdicts: list[Verdict], misses: int = 10) -> str:
    """Per level: files, caught as named, registry cases, missed; then the first misses."""
    lines = [f"{'level':6} {'files':>5} {'caught':>6} {'registry':>8} {'missed':>6}"]
    for level in LEVELS:
        group = [v for v in verdicts if v.level == level]
        if not group:
            continue
        caught = sum(v.caught for v in group)
        registry = sum(1 for v in group if not v.caught and v.registry)
        lines.append(f"{level:6} {len(group):5} {caught:6} {registry:8} {len(group) - caught - registry:6}")
    total = len(verdicts)
    caught = sum(v.caught for v in verdicts)
    registry = sum(1 for v in verdicts if not v.caught and v.registry)
    lines.append(f"{'all':6} {total:5} {caught:6} {registry:8} {total - caught - registry:6}")
    missed = [v for v in verdicts if not v.caught and not v.registry]
    if missed:
        lines.append("")
        lines.append(f"first misses ({len(missed)}):")
        for v in missed[:misses]:
            lines.append(f"  {v.file}: expected {v.expected}; got {v.status} {', '.join(v.found) or '(no findings)'}")
    kept = [v for v in verdicts if not v.caught and v.registry]
    if kept:
        lines.append("")
        lines.append("not judged (a registry jwgen does not have):")
        for v in kept:
            lines.append(f"  {v.file}: {v.registry}")
    return "\n".join(lines) + "\n"
