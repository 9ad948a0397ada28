"""The text report of ``jwgen check``: a table per defect id, then what went wrong per case."""
from __future__ import annotations

from collections import Counter

from .run import AGREE, CRASHED, DISAGREE, TIMED_OUT, VERDICTS, CaseResult

VALID_ROW = "(valid)"
TOTAL_ROW = "all cases"
#: Differences shown per case in the text report (the JUnit report has them all).
SHOWN = 5


def _rows(results: list[CaseResult]) -> list[tuple[str, Counter]]:
    per: dict[str, Counter] = {}
    for result in results:
        for name in result.case.defects or (VALID_ROW,):
            per.setdefault(name, Counter())[result.verdict] += 1
    total = Counter(result.verdict for result in results)
    order = sorted(per, key=lambda name: (name != VALID_ROW, name))
    return [(name, per[name]) for name in order] + [(TOTAL_ROW, total)]


def summary_table(results: list[CaseResult]) -> str:
    """Cases per defect id (a case with two defects counts in both rows) and per verdict."""
    rows = _rows(results)
    width = max(len(name) for name, _ in rows)
    head = f"{'defect':{width}}  {'cases':>5}  " + "  ".join(f"{v:>9}" for v in VERDICTS)
    lines = [head, "-" * len(head)]
    for name, counts in rows:
        if name == TOTAL_ROW:
            lines.append("-" * len(head))
        lines.append(f"{name:{width}}  {sum(counts.values()):>5}  " + "  ".join(f"{counts[v]:>9}" for v in VERDICTS))
    return "\n".join(lines) + "\n"


def problems(results: list[CaseResult], shown: int = SHOWN) -> str:
    """Every case that did not agree, with its first differences in plain words."""
    out = []
    for result in results:
        if result.verdict == AGREE:
            continue
        case = result.case
        what = "+".join(case.defects) or "valid"
        out.append(f"{case.name} ({what}; expected {case.expected_status}): {result.verdict}")
        if result.detail:
            out.append(f"    {result.detail}")
        lines = result.differences
        for line in lines[:shown]:
            out.append(f"  - {line}")
        if len(lines) > shown:
            out.append(f"  - ... and {len(lines) - shown} more")
    return "\n".join(out) + ("\n" if out else "")


def verdict_line(results: list[CaseResult]) -> str:
    counts = Counter(result.verdict for result in results)
    if counts[AGREE] == len(results):
        return f"all {len(results)} case(s) agree"
    return (f"{counts[AGREE]} of {len(results)} case(s) agree; {counts[DISAGREE]} disagree, "
            f"{counts[CRASHED]} crashed, {counts[TIMED_OUT]} timed out")
