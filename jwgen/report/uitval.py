"""The uitval view: one row per rejection, in the spirit of the rejection overviews
gemeenten send (record, rubriek, value, retourcode, meaning, what to do).

The terminal table never cuts a text silently: a cell wider than its column is wrapped
onto the next lines of the row (the widths are fixed, so the output does not depend on
the terminal and can be pinned in tests).
"""
from __future__ import annotations

import textwrap
from typing import Any

from ..controle import Outcome
from ..domain import CODE_APPROVED, CODE_GOOD_BUT_FILE_REJECTED, CODE_NO_REMARK, CODE_NOT_ASSESSED
from ..printable import printable
from ..spec import Spec, load_spec

COLUMNS = ("record", "type", "rubriek", "value", "retourcode", "meaning")
#: The widest a column of the terminal table gets; longer cells wrap.
MAX_WIDTHS = {"record": 6, "type": 24, "rubriek": 7, "value": 24, "retourcode": 10, "meaning": 56}


def uitval_rows(outcome: Outcome, spec: Spec | None = None) -> list[dict[str, Any]]:
    spec = spec or load_spec()
    names = spec.declaration.structure["names"]
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
    from .money import money

    rows = uitval_rows(outcome, spec)
    head = [f"{outcome.profile}: {outcome.status} - {printable(outcome.message, keep='')}"]
    if outcome.voorloop_codes or outcome.ingediend or outcome.toegekend:
        codes = f"voorlooprecord retourcode(s): {' '.join(outcome.voorloop_codes)}; " if outcome.voorloop_codes else ""
        head.append(f"{codes}ingediend {money(outcome.ingediend)}, toegekend {money(outcome.toegekend)}")
    if not rows:
        return "\n".join(head) + "\n"
    table = [[printable(row[c], keep="") for c in COLUMNS] for row in rows]  # control characters escaped
    widths = [min(max(len(c), *(len(r[i]) for r in table)), MAX_WIDTHS[c]) for i, c in enumerate(COLUMNS)]
    lines = head + ["", "  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths)).rstrip()]
    for row, full in zip(table, rows):
        cells = [_wrap(value, width) for value, width in zip(row, widths)]
        for n in range(max(len(c) for c in cells)):
            lines.append("  ".join((c[n] if n < len(c) else "").ljust(w) for c, w in zip(cells, widths)).rstrip())
        for text in (printable(full["detail"], keep=""), f"-> {full['action']}"):
            lines.extend(textwrap.wrap(text, width=100, initial_indent="    ", subsequent_indent="      ",
                                       break_on_hyphens=False) or ["    "])
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    """A cell on as many lines as it needs: words where possible, hard breaks for long codes."""
    if len(text) <= width:
        return [text]
    return textwrap.wrap(text, width=width, break_on_hyphens=False) or [""]


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


#: The codes of the answer itself, not of a rule (STB 6.8, table 6-3).
ANSWER_CODES = {
    CODE_APPROVED: "the voorlooprecord of a fully approved file.",
    CODE_NO_REMARK: "a record returned with a rejected record of its group, itself without remark "
                    "(and the voorlooprecord of a partly rejected file).",
    CODE_NOT_ASSESSED: "a record not assessed because a record above it (its verzekerde) was rejected.",
    CODE_GOOD_BUT_FILE_REJECTED: "VECOZO: a record found good, returned because the whole file is rejected.",
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
            profiles = [name for name, role in spec.standard.profiles.items() if role in rule["roles"]]
            out.append(f"    {rule['id']} (PORTES level {rule['level']}, {rule['scope']}, {'/'.join(profiles)}): {rule['en']}")
            out.append(f"      what to do: {rule['action']}")
    elif code in ANSWER_CODES:
        out.append(f"  jwgen's receiver uses it in every answer: {ANSWER_CODES[code]}")
    else:
        out.append(f"  jwgen's receiver does not use this code; see the documentation of the "
                   f"{spec.standard.receiver['name']}.")
    return "\n".join(out) + "\n"
