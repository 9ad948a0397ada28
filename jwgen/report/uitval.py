"""The uitval view: one row per rejection, in the spirit of the rejection overviews
gemeenten and the CAK send (record, rubriek, value, retourcode, meaning, what to do)."""
from __future__ import annotations

from typing import Any

from ..controle import Outcome
from ..printable import printable
from ..spec import Spec, load_spec

COLUMNS = ("record", "type", "rubriek", "value", "retourcode", "meaning")


def uitval_rows(outcome: Outcome, spec: Spec | None = None) -> list[dict[str, Any]]:
    spec = spec or load_spec()
    names = spec.jw321.structure["names"]
    rows = []
    for finding in outcome.findings:
        code = spec.retourcodes.get(finding.retourcode, {})
        rule = spec.rules[finding.rule]
        rows.append({
            "record": finding.line if finding.line is not None else "",
            "type": f"{finding.rtype} {names.get(finding.rtype, '')}".strip() if finding.rtype else "bestand",
            "rubriek": finding.rubriek or "",
            "value": finding.value if finding.value is not None else "",
            "retourcode": finding.retourcode,
            "meaning": code.get("meaning", ""),
            "rule": finding.rule,
            "level": rule["level"],
            "detail": finding.message,
            "action": rule["action"],
        })
    return rows


def uitval_table(outcome: Outcome, spec: Spec | None = None) -> str:
    rows = uitval_rows(outcome, spec)
    head = [f"{outcome.profile}: {outcome.status} - {printable(outcome.message, keep='')}"]
    if outcome.voorloop_codes:
        head.append(f"voorlooprecord retourcode(s): {' '.join(outcome.voorloop_codes)}; "
                    f"ingediend {_euro(outcome.ingediend)}, toegekend {_euro(outcome.toegekend)}")
    if not rows:
        return "\n".join(head) + "\n"
    table = [[printable(row[c], keep="") for c in COLUMNS] for row in rows]  # widths of what is shown
    widths = [min(max(len(c), *(len(r[i]) for r in table)), 60) for i, c in enumerate(COLUMNS)]
    lines = head + ["", "  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths)).rstrip()]
    for row, full in zip(table, rows):
        lines.append("  ".join(v[:w].ljust(w) for v, w in zip(row, widths)).rstrip())
        lines.append(f"    {printable(full['detail'], keep='')}  -> {full['action']}")
    return "\n".join(lines) + "\n"


def _euro(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}EUR {abs(cents) // 100},{abs(cents) % 100:02d}"


def outcome_json(outcome: Outcome, spec: Spec | None = None) -> dict[str, Any]:
    return {
        "profile": outcome.profile,
        "status": outcome.status,
        "message": outcome.message,
        "exit_code": outcome.exit_code,
        "voorloop_codes": outcome.voorloop_codes,
        "returned": {str(line): codes for line, codes in outcome.returned.items()},
        "ingediend": outcome.ingediend,
        "toegekend": outcome.toegekend,
        "findings": uitval_rows(outcome, spec),
    }


def explain(code: str, spec: Spec | None = None) -> str | None:
    spec = spec or load_spec()
    entry = spec.retourcodes.get(code)
    if entry is None:
        return None
    classes = {"X": "file/technical: the whole file is rejected", "T": "invoice/voorlooprecord level",
               "D": "detail record level", "O": "informational"}
    out = [f"{code}  {entry['meaning']}",
           f"  class {entry.get('class', '?')} ({classes.get(entry.get('class', ''), 'unknown')}); source {entry['source']}"]
    rules = [r for r in spec.rules.values() if r["retourcode"] == code]
    if rules:
        out.append("  jwgen rules that answer with this code:")
        for rule in rules:
            out.append(f"    {rule['id']} (PORTES level {rule['level']}, {rule['scope']}, {'/'.join(rule['profiles'])}): {rule['en']}")
            out.append(f"      what to do: {rule['action']}")
    else:
        out.append("  jwgen's receiver does not use this code; see the sender's documentation of the gemeente.")
    return "\n".join(out) + "\n"
