"""What the README.md and index.html of a fixture set show, read off its typed manifest.

:func:`view_model` turns a :class:`~jwgen.report.manifest.ScenarioManifest` (step by step) or a
:class:`~jwgen.report.manifest.CaseSet` (case by case) into the plain data both templates render:
strings everywhere, nothing None, in manifest order except where order means something (returned
records by line number). A generated valid set is shown as a one-case set (:func:`generated_view`).
"""
from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from ..domain import (APPROVED, FORWARDED, NOT_A_REJECTION, PARTIAL, PASSED, REJECTED_FILE, REJECTED_RECORDS,
                      UNRECOGNISED)
from ..spec import TextForm, load_spec
from .formatting import euro, href, text
from .manifest import (CaseEntry, CaseSet, DefectEntry, Expected, FileEntry, Finding, GeneratedSet, ScenarioManifest,
                       StepEntry, StepExpected, TextEncoding, TouchedEntry)
from .money import money

__all__ = ["FORWARDED_TEXT", "PASSED_TEXT", "STATUS", "generated_view", "standard_words", "view_model"]

#: label, explanation ({receiver}, {declaration}, {retour}: :func:`standard_words`) and tone of each status
STATUS = {
    APPROVED: ("approved", "Every record is approved", "ok"),
    FORWARDED: ("forwarded", "Technically approved by VECOZO and forwarded to the {receiver}; VECOZO sends no "
                             "{retour}", "ok"),
    PARTIAL: ("partly rejected", "The rejected records come back in the {retour}; the other records are approved",
                "warn"),
    REJECTED_RECORDS: ("records rejected", "Records are rejected; the whole file comes back and nothing is awarded",
                         "bad"),
    REJECTED_FILE: ("file rejected", "The whole file is rejected: the {retour} is voorlooprecord and sluitrecord "
                                     "only", "bad"),
    UNRECOGNISED: ("not recognised", "No recognisable {declaration} voorlooprecord: no {retour} can be sent", "grey"),
}
PASSED_TEXT = "Approved as a whole: nothing is rejected and nothing needs to be done."
FORWARDED_TEXT = ("Technically approved by VECOZO and forwarded to the {receiver}: nothing is rejected and "
                  "nothing needs to be done.")
MAX_RECORDS_LISTED = 20
SCENARIO_HOW = ("Send the steps' {declaration} files in order to one receiver per profile, keeping its memory "
                "between steps; each answer must equal the step's expected {retour}.")
CASES_HOW = ("For each case send the files under \"Send, in this order\" to one receiver with a fresh memory "
             "(ledger) per case; its answer to the last one must equal the expected {retour} (same returned "
             "records and retourcodes, same counts and totals).")


def standard_words() -> dict[str, str]:
    """What the views' texts name (the standard ``--standard`` chose): its receiver, its declaration and retour,
    its version and title.

    >>> standard_words()["receiver"], standard_words()["retour"], standard_words()["title"]
    ('gemeente', 'JW322', 'Declaratie Jeugd-GGZ')
    """
    spec = load_spec()
    return {"receiver": spec.standard.receiver["name"], "declaration": spec.declaration.name,
            "retour": spec.retour.name, "version": spec.standard.version, "title": spec.standard.title}


def _code_meanings() -> Mapping[str, str]:
    return _meanings_of(load_spec())


@lru_cache(maxsize=8)
def _meanings_of(spec: Any) -> Mapping[str, str]:
    """Retourcode -> its meaning, once per standard (every case of a corpus asks); read only."""
    return MappingProxyType({code: entry.get("meaning", "") for code, entry in spec.retourcodes.items()})


def _record_key(line: str) -> tuple[int, int | str]:
    return (0, int(line)) if line.isdigit() else (1, line)


def _returned(retourcodes: dict[str, tuple[str, ...]]) -> list[dict[str, Any]]:
    """Per retourcode (first seen, walking the records in line order) the records that carry it."""
    by_code: dict[str, list[str]] = {}
    for line in sorted(retourcodes, key=_record_key):
        for code in retourcodes[line]:
            by_code.setdefault(code, []).append(line)
    out = []
    for code, lines in by_code.items():
        shown = lines[:MAX_RECORDS_LISTED]
        out.append({"code": code, "count": len(lines), "records": ", ".join(shown), "more": len(lines) - len(shown)})
    return out


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "record": text(f.record),
        "type": f.type,
        "rubriek": f.rubriek,
        "value": f.value,
        "retourcode": f.retourcode,
        "meaning": f.meaning,
        "detail": f.detail,
        "rule": f.rule,
        "level": text(f.level),
        "about": f"{f.rule}, level {f.level}" if f.rule else f"level {f.level}",
        "action": f.action,
        "bsn": "",
        "client": "",
    }


def _outcome(e: Expected | StepExpected, jw322: str | None) -> dict[str, Any]:
    status = e.status or "unknown"
    label, explanation, tone = STATUS.get(status, (status, "", "grey"))
    words = standard_words()
    explanation = explanation.format(**words)
    findings = [_finding(f) for f in e.findings]
    voorloop = list(e.voorloop_codes)
    returned = _returned(e.retourcodes)
    meanings = _code_meanings()  # shared: read only
    own = {f["retourcode"]: f["meaning"] for f in findings if f["retourcode"] and f["meaning"]}
    legend: list[dict[str, str]] = []
    explained = {f["retourcode"] for f in findings if f["meaning"]}  # each meaning once: in its uitval row
    for code in voorloop + [r["code"] for r in returned] + [f["retourcode"] for f in findings]:
        if code and code not in explained and code not in {c["code"] for c in legend}:
            legend.append({"code": code, "meaning": own.get(code, meanings.get(code, ""))})
    return {
        "status": status,
        "label": label,
        "explanation": explanation,
        "tone": tone,
        "passed": status in PASSED and not findings,
        "passed_text": FORWARDED_TEXT.format(**words) if status == FORWARDED else PASSED_TEXT,
        "retour": words["retour"],  # the answer's message name (GZ322, JW322)
        "exit_code": text(e.exit_code),
        "voorloop_codes": voorloop,
        "returned": returned,
        "legend": legend,
        "ingediend": euro(e.ingediend),
        "toegekend": euro(e.toegekend),
        # a rejected credit is not granted: the grant can exceed the file's net total (debet minus credit)
        "granted_more": type(e.ingediend) is int and type(e.toegekend) is int and e.toegekend > e.ingediend,
        "words": answer_words(status, explanation, voorloop, findings, meanings),
        "findings": findings,
        "jw322": jw322 or None,
        "jw322_href": href(jw322) if jw322 else "",
    }


def answer_words(status: str, explanation: str, voorloop: Sequence[str], findings: Sequence[dict[str, Any]],
                 meanings: Mapping[str, str]) -> str:
    """The expected answer in words: each retourcode that rejects something, with its meaning (and how often);
    ``explanation`` (of the status) when nothing is rejected.

    >>> answer_words("partial", "The rejected records come back", ["0200"], [{"retourcode": "0435",
    ...              "meaning": "BSN onjuist."}, {"retourcode": "0435", "meaning": "BSN onjuist."}], {})
    '0435 BSN onjuist (2x)'
    >>> answer_words("approved", "Every record is approved", ["8001"], [], {})
    'Every record is approved'
    """
    counts: dict[str, int] = {}
    for f in findings:
        if f["retourcode"]:
            counts[f["retourcode"]] = counts.get(f["retourcode"], 0) + 1
    if not counts:
        counts = {code: 1 for code in voorloop if code not in NOT_A_REJECTION and status != APPROVED}
    own = {f["retourcode"]: f["meaning"] for f in findings if f["meaning"]}
    parts = [f"{code} {own.get(code) or meanings.get(code, '')}".strip().rstrip(".") + (f" ({n}x)" if n > 1 else "")
             for code, n in counts.items()]
    return "; ".join(parts) if parts else explanation


def _files(entries: Sequence[FileEntry], folder: str, roles: dict[str, str]) -> list[dict[str, str]]:
    out = []
    for f in entries:
        full = f"{folder}/{f.path}" if folder and f.path else f.path
        out.append({"path": full, "href": href(full), "sha256": f.sha256, "bytes": text(f.bytes),
                    "role": roles.get(f.path, "")})
    return out


def _defect(d: DefectEntry | str) -> dict[str, str]:
    if isinstance(d, str):  # a scenario step names its defects by id
        return {"id": d, "title": "", "level": "", "stage": "", "rules": "", "retourcodes": "", "breaks": ""}
    return {"id": d.id, "title": d.title, "level": text(d.level), "stage": d.stage, "rules": ", ".join(d.rules),
            "retourcodes": ", ".join(d.retourcodes), "breaks": d.breaks}


def _touched(t: TouchedEntry) -> str:
    parts = []
    if t.line is not None:
        parts.append(f"record {t.line}")
    if t.rubriek:
        parts.append(f"rubriek {t.rubriek}" + (f" {t.name}" if t.name else ""))
    elif t.rtype:
        parts.append(f"record type {t.rtype}")
    return ", ".join(parts)


def ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def reads_otherwise(encoding: TextEncoding | None) -> str:
    """How the receiver reads, in words, where that is not as the file is written ("" otherwise): the overview
    shows each receiver's kind beside its answer."""
    if encoding is None or (encoding.receiver_reads, encoding.receiver_counts) == (encoding.encoding,
                                                                                     encoding.positions):
        return ""
    return TextForm(encoding.receiver_reads, encoding.receiver_counts).describe()


def _step(s: StepEntry, position: int) -> dict[str, Any]:
    outcome = _outcome(s.expected, s.jw322)
    roles = {}
    words = standard_words()
    if s.jw321:
        roles[s.jw321] = f"{words['declaration']} to send"
    if s.jw322:
        roles[s.jw322] = f"expected {words['retour']}"
    sentence = s.sentence
    if s.description and sentence.startswith(s.description):  # each description once
        sentence = sentence[len(s.description):].strip()
    return {
        "anchor": f"step-{position}",
        "heading": f"Step {s.index}" + (f": {s.name}" if s.name else ""),
        "name": s.name,
        "description": s.description,
        "profile": s.profile,
        "defects": [_defect(d) for d in s.defects],
        "sentence": sentence,
        "encoding": s.encoding.described if s.encoding else "",
        "reads": reads_otherwise(s.encoding),
        "send": [{"path": s.jw321, "href": href(s.jw321), "note": ""}] if s.jw321 else [],
        "touched": [],
        "outcome": outcome,
        "files": _files(s.files, "", roles),
        "contents": [],
        "reports": [],
    }


def case_view(c: CaseEntry, position: int) -> dict[str, Any]:
    """What both templates show of one case at ``position`` (1-based) of its set."""
    folder = c.folder or ""
    prefix = f"{folder}/" if folder else ""
    jw322 = c.expected.jw322
    outcome = _outcome(c.expected, prefix + jw322 if jw322 else None)
    roles: dict[str, str] = {}
    words = standard_words()
    priors = {p.jw321: p for p in c.prior}
    for p in c.prior:
        if p.jw322:
            roles[p.jw322] = f"expected {words['retour']} of an earlier file"
    send = []
    for n, path in enumerate(c.receive_in_order, start=1):
        roles[path] = f"{words['declaration']}, send {ordinal(n)}"
        if path in priors:
            p = priors[path]
            note = "earlier file" + (f", expected {STATUS.get(p.status, (p.status,))[0]}" if p.status else "")
            if p.jw322:
                note += f" (answer {p.jw322})"
        else:
            note = "the case; its expected answer is below"
        send.append({"path": prefix + path, "href": href(prefix + path), "note": note})
    if jw322:
        roles[jw322] = f"expected {words['retour']}"
    defects = [_defect(d) for d in c.defects]
    sentence = c.sentence
    told = (f"{'; '.join(d['title'] for d in defects)}: {' and '.join(d['breaks'] for d in defects)}."
            if defects else "")
    if told and sentence.startswith(told):  # the defects table says it already
        sentence = sentence[len(told):].strip()
    return {
        "anchor": f"case-{position}",
        "heading": f"Case {position}" + (f": {c.case}" if c.case else ""),
        "name": c.case,
        "description": "",
        "profile": c.profile,
        "defects": defects,
        "sentence": sentence,
        "encoding": c.encoding.described if c.encoding else "",
        "reads": reads_otherwise(c.encoding),
        "send": send,
        "touched": [t for t in (_touched(t) for t in c.touched) if t],
        "outcome": outcome,
        "files": _files(c.files, folder, roles),
        "contents": [],
        "reports": [],
    }


def generated_view(m: GeneratedSet) -> CaseSet:
    """A generated valid set as a one-case set, the shape the views read (never written)."""
    name, expected = m.jw321, m.expected
    sentence = (f"A valid declaration of {m.records.total} records, total "
                f"{money(m.total_amount.eurocent, m.total_amount.dc)}. Expected answer ({expected.profile}): "
                f"{expected.status}.")
    case = CaseEntry(
        case=name[:-len(".txt")] if name.endswith(".txt") else name, defects=(), profile=expected.profile,
        seed=m.seed, sentence=sentence, files=m.files, receive_in_order=(name,), prior=(), touched=(),
        expected=Expected(status=expected.status, exit_code=expected.exit_code, jw322=expected.jw322,
                          voorloop_codes=expected.voorloop_codes, retourcodes={}, ingediend=expected.ingediend,
                          toegekend=expected.toegekend, findings=()), encoding=m.encoding)
    return CaseSet(
        tool="jwgen", version=m.jwgen_version, kind="generated", title=f"Generated declaration {name}",
        description=f"{m.message}, generated with seed {m.seed} (options in manifest.json).",
        seed=m.seed, profile=expected.profile,
        how_to_use=("Send the {declaration} to a receiver with a fresh memory; its answer must equal the expected "
                    "{retour} (a {receiver} approves the file fully; VECOZO forwards it and sends no {retour})."
                    ).format(**standard_words()),
        cases=(case,))


def _title(m: ScenarioManifest | CaseSet, entries: list[dict[str, Any]]) -> str:
    if isinstance(m, ScenarioManifest):
        return m.title or m.scenario or "Scenario"
    if m.kind == "defect-catalogue":
        return "Defect catalogue"
    if m.kind == "generated":
        return m.title or "Generated declaration"
    if m.kind == "fuzz-corpus":
        return m.title or "Fuzz corpus"
    if len(entries) == 1 and entries[0]["name"]:
        return f"Defect case: {entries[0]['name']}"
    return "Defect cases"


def _facts(m: ScenarioManifest | CaseSet) -> list[tuple[str, str]]:
    facts = [("scenario", m.scenario)] if isinstance(m, ScenarioManifest) else []
    facts += [("kind", m.kind), ("profile", m.profile), ("seed", m.seed), ("tool", m.tool), ("version", m.version),
              ("layout", m.layout)]
    return [(label, text(value)) for label, value in facts if value not in (None, "")]


def view_model(m: ScenarioManifest | CaseSet, set_reports: Sequence[str] = ()) -> dict[str, Any]:
    """What both templates show; ``set_reports``: the report files of the whole set, if any."""
    is_scenario = isinstance(m, ScenarioManifest)
    if isinstance(m, ScenarioManifest):
        entries = [_step(s, i) for i, s in enumerate(m.steps, start=1)]
        how = m.how_to_use or SCENARIO_HOW.format(**standard_words())
    else:
        entries = [case_view(c, i) for i, c in enumerate(m.cases, start=1)]
        how = (m.how_to_use if m.how_to_use and m.kind in ("generated", "fuzz-corpus")
               else CASES_HOW.format(**standard_words()))
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry["outcome"]["label"]] = counts.get(entry["outcome"]["label"], 0) + 1
    granted_more = any(entry["outcome"]["granted_more"] for entry in entries)
    return {
        "title": _title(m, entries),
        "set_reports": [{"path": r, "href": href(r)} for r in set_reports],
        "kind": m.kind,
        "is_scenario": is_scenario,
        "unit": "step" if is_scenario else "case",
        "description": m.description or "",
        "how_to_use": how,
        "standard": standard_words(),
        "facts": _facts(m),
        "entries": entries,
        "counts": [{"label": k, "count": v} for k, v in counts.items()],
        "granted_more": granted_more,
        "skipped": [] if isinstance(m, ScenarioManifest) else list(m.skipped or ()),
    }
