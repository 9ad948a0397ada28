"""Human-readable views of a fixture set: ``README.md`` and a self-contained ``index.html``.

Both are rendered from ``manifest.json`` (plus the meanings of retourcodes from the
spec), step by step for a scenario set and case by case for a defect set, and, when
the set's files are given (:func:`write_views`), from the JW321 files themselves: per
file what it declares per client (prestaties with period, amount, debet/credit and
referentienummer; credits and 2nd debets linked to the debet they refer to) and an
uitval table with the client of each rejected record, in the spirit of the rejection
overviews gemeenten send (record, rubriek, value, retourcode, meaning, what to do).
Next to them :func:`write_views` puts the uitval report of every step or case as
``.uitval.xlsx`` and ``.uitval.csv`` (see :mod:`jwgen.report.rows`), and one
``uitval.xlsx`` for the whole set.

The output is deterministic: no timestamps, manifest order everywhere except where
order means something (returned records by line number). Unknown keys are ignored
and missing optional keys render as "–".

>>> euro(12345), euro(-500), euro(3181160), euro(0)
('€ 123,45 D', '€ 5,00 C', '€ 31.811,60 D', '€ 0,00')
>>> md_cell("a | b\\nc")
'a \\\\| b<br>c'
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence
from urllib.parse import quote

from .money import money

__all__ = ["euro", "md_cell", "md_text", "render_html", "render_readme", "view_model", "write_views"]

README_NAME = "README.md"
INDEX_NAME = "index.html"
MISSING = "–"

STATUS = {
    "approved": ("approved", "Every record is approved", "ok"),
    "forwarded": ("forwarded", "Technically approved by VECOZO and forwarded to the gemeente; VECOZO sends no JW322",
                  "ok"),
    "partial": ("partly rejected", "The rejected records come back in the JW322; the other records are approved",
                "warn"),
    "rejected-records": ("records rejected", "Records are rejected; the whole file comes back and nothing is awarded",
                         "bad"),
    "rejected-file": ("file rejected", "The whole file is rejected: the JW322 is voorlooprecord and sluitrecord only",
                      "bad"),
    "unrecognised": ("not recognised", "No recognisable JW321 voorlooprecord: no JW322 can be sent", "grey"),
}
PASSED = {"approved", "forwarded"}
PASSED_TEXT = "Approved as a whole: nothing is rejected and nothing needs to be done."
FORWARDED_TEXT = ("Technically approved by VECOZO and forwarded to the gemeente: nothing is rejected and "
                  "nothing needs to be done.")
MAX_RECORDS_LISTED = 20


# ---------------------------------------------------------------- formatting helpers

def euro(cents: Any) -> str:
    """Signed eurocent in the one money format (``€ 21.327,50 D``, credit ``C``); '–' when missing."""
    if isinstance(cents, bool) or cents is None:
        return MISSING
    try:
        value = int(cents)
    except (TypeError, ValueError):
        return _text(cents) or MISSING
    return money(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<|~]|&(?=#?\w+;))")
_MD_BLOCK_START = re.compile(r"^(\s*)([-+=>#]|\d+[.)])")


def md_inline(value: Any) -> str:
    """Backslash-escape what Markdown (CommonMark/GFM) would read as markup."""
    return _MD_SPECIAL.sub(r"\\\1", _text(value))


def md_cell(value: Any) -> str:
    """One GFM table cell: markup and '|' escaped, newlines as <br>, never empty-broken."""
    lines = [md_inline(line.strip()) for line in _text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "<br>".join(lines)


def _escape_block_start(match: re.Match[str]) -> str:
    mark = match.group(2)
    return mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark


def md_text(value: Any) -> str:
    """A paragraph: markup escaped, lines kept, no line can start a heading, list or code block."""
    out = []
    for line in _text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = md_inline(line.strip())
        out.append(_MD_BLOCK_START.sub(_escape_block_start, line))
    return "\n".join(out).strip("\n")


def _href(path: str) -> str:
    """A relative link to a file of the set; ':' is quoted so no scheme (javascript:) can appear."""
    return quote(path, safe="/")


# ---------------------------------------------------------------- the view model

def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    return []


@lru_cache(maxsize=1)
def _code_meanings() -> Mapping[str, str]:
    try:
        from ..spec import load_spec
        return {code: entry.get("meaning", "") for code, entry in load_spec().retourcodes.items()}
    except Exception:  # a view must render even without a readable spec
        return {}


def _record_key(item: tuple[str, Any]) -> tuple[int, int | str]:
    key = str(item[0])
    return (0, int(key)) if key.isdigit() else (1, key)


def _returned(retourcodes: Any) -> list[dict[str, Any]]:
    """Per retourcode (first seen, walking the records in line order) the records that carry it."""
    by_code: dict[str, list[str]] = {}
    for line, codes in sorted(_dict(retourcodes).items(), key=_record_key):
        for code in (_list(codes) if not isinstance(codes, str) else [codes]):
            by_code.setdefault(_text(code), []).append(str(line))
    out = []
    for code, lines in by_code.items():
        shown = lines[:MAX_RECORDS_LISTED]
        more = len(lines) - len(shown)
        out.append({"code": code, "count": len(lines), "records": ", ".join(shown),
                    "more": more})
    return out


def _finding(raw: Any) -> dict[str, Any]:
    f = _dict(raw)
    rtype = _text(f.get("type"))
    rubriek = _text(f.get("rubriek"))
    level = f.get("level")
    rule = _text(f.get("rule"))
    about = rule + (f", level {level}" if level not in (None, "") else "") if rule else (
        f"level {level}" if level not in (None, "") else "")
    return {
        "record": _text(f.get("record")),
        "type": rtype,
        "rubriek": rubriek,
        "value": _text(f.get("value")),
        "retourcode": _text(f.get("retourcode")),
        "meaning": _text(f.get("meaning")),
        "detail": _text(f.get("detail")),
        "rule": rule,
        "level": _text(level),
        "about": about,
        "action": _text(f.get("action")),
        "bsn": "",
        "client": "",
    }


def _outcome(raw: Any) -> dict[str, Any]:
    e = _dict(raw)
    status = _text(e.get("status")) or "unknown"
    label, explanation, tone = STATUS.get(status, (status, "", "grey"))
    findings = [_finding(f) for f in _list(e.get("findings"))]
    voorloop = [_text(c) for c in _list(e.get("voorloop_codes"))]
    returned = _returned(e.get("retourcodes"))
    meanings = dict(_code_meanings())
    meanings.update({f["retourcode"]: f["meaning"] for f in findings if f["retourcode"] and f["meaning"]})
    legend: list[dict[str, str]] = []
    explained = {f["retourcode"] for f in findings if f["meaning"]}  # each meaning once: in its uitval row
    for code in voorloop + [r["code"] for r in returned] + [f["retourcode"] for f in findings]:
        if code and code not in explained and code not in {c["code"] for c in legend}:
            legend.append({"code": code, "meaning": meanings.get(code, "")})
    return {
        "status": status,
        "label": label,
        "explanation": explanation,
        "tone": tone,
        "passed": status in PASSED and not findings,
        "passed_text": FORWARDED_TEXT if status == "forwarded" else PASSED_TEXT,
        "exit_code": _text(e.get("exit_code")),
        "voorloop_codes": voorloop,
        "returned": returned,
        "legend": legend,
        "ingediend": euro(e.get("ingediend")),
        "toegekend": euro(e.get("toegekend")),
        "findings": findings,
        "jw322": _text(e.get("jw322")) if e.get("jw322") else None,
    }


def _files(raw: Any, folder: str, roles: Mapping[str, str]) -> list[dict[str, str]]:
    out = []
    for item in _list(raw):
        f = _dict(item) if not isinstance(item, str) else {"path": item}
        path = _text(f.get("path"))
        full = f"{folder}/{path}" if folder and path else path
        out.append({"path": full, "href": _href(full), "sha256": _text(f.get("sha256")),
                    "bytes": _text(f.get("bytes")), "role": roles.get(path, "")})
    return out


def _defect(raw: Any) -> dict[str, Any]:
    d = _dict(raw) if not isinstance(raw, str) else {"id": raw}
    return {
        "id": _text(d.get("id")),
        "title": _text(d.get("title")),
        "level": _text(d.get("level")),
        "stage": _text(d.get("stage")),
        "rules": ", ".join(_text(r) for r in _list(d.get("rules"))),
        "retourcodes": ", ".join(_text(r) for r in _list(d.get("retourcodes"))),
        "breaks": _text(d.get("breaks")),
    }


def _touched(raw: Any) -> str:
    t = _dict(raw)
    parts = []
    if t.get("line") not in (None, ""):
        parts.append(f"record {t['line']}")
    if t.get("rubriek"):
        parts.append(f"rubriek {t['rubriek']}" + (f" {t['name']}" if t.get("name") else ""))
    elif t.get("rtype"):
        parts.append(f"record type {t['rtype']}")
    return ", ".join(_text(p) for p in parts)


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def _step(raw: Any, position: int) -> dict[str, Any]:
    s = _dict(raw)
    index = s.get("index", position)
    name = _text(s.get("name"))
    outcome = _outcome(s.get("expected"))
    jw321, jw322 = _text(s.get("jw321")), _text(s.get("jw322"))
    outcome["jw322"] = outcome["jw322"] or (jw322 or None)
    roles = {}
    if jw321:
        roles[jw321] = "JW321 to send"
    if outcome["jw322"]:
        roles[outcome["jw322"]] = "expected JW322"
    files = _files(s.get("files"), "", roles)
    if not files and jw321:
        files = _files([p for p in (jw321, outcome["jw322"]) if p], "", roles)
    send = [{"path": jw321, "href": _href(jw321), "note": ""}] if jw321 else []
    description, sentence = _text(s.get("description")), _text(s.get("sentence"))
    if description and sentence.startswith(description):  # each description once
        sentence = sentence[len(description):].strip()
    return {
        "anchor": f"step-{position}",
        "heading": f"Step {_text(index)}" + (f": {name}" if name else ""),
        "name": name,
        "description": description,
        "profile": _text(s.get("profile")),
        "defects": [_defect(d) for d in _list(s.get("defects"))],
        "sentence": sentence,
        "send": send,
        "touched": [],
        "outcome": outcome,
        "files": files,
        "contents": [],
        "reports": [],
    }


def _case(raw: Any, position: int) -> dict[str, Any]:
    c = _dict(raw)
    name = _text(c.get("case"))
    folder = _text(c.get("folder"))
    outcome = _outcome(c.get("expected"))
    prefix = f"{folder}/" if folder else ""
    roles: dict[str, str] = {}
    priors = {}
    for prior in _list(c.get("prior")):
        p = _dict(prior)
        if p.get("jw321"):
            priors[_text(p["jw321"])] = p
        if p.get("jw322"):
            roles[_text(p["jw322"])] = "expected JW322 of an earlier file"
    order = [_text(p) for p in _list(c.get("receive_in_order"))]
    send = []
    for n, path in enumerate(order, start=1):
        roles[path] = f"JW321, send {_ordinal(n)}"
        if path in priors:
            p = priors[path]
            status = _text(p.get("status"))
            note = "earlier file" + (f", expected {STATUS.get(status, (status,))[0]}" if status else "")
            if p.get("jw322"):
                note += f" (answer {_text(p['jw322'])})"
        else:
            note = "the case; its expected answer is below"
        send.append({"path": prefix + path, "href": _href(prefix + path), "note": note})
    if outcome["jw322"]:
        roles[outcome["jw322"]] = "expected JW322"
        outcome["jw322"] = prefix + outcome["jw322"]
    defects = [_defect(d) for d in _list(c.get("defects"))]
    sentence = _text(c.get("sentence"))
    told = (f"{'; '.join(d['title'] for d in defects)}: {' and '.join(d['breaks'] for d in defects)}."
            if defects else "")
    if told and sentence.startswith(told):  # the defects table says it already
        sentence = sentence[len(told):].strip()
    return {
        "anchor": f"case-{position}",
        "heading": f"Case {position}" + (f": {name}" if name else ""),
        "name": name,
        "description": "",
        "profile": _text(c.get("profile")),
        "defects": defects,
        "sentence": sentence,
        "send": send,
        "touched": [t for t in (_touched(t) for t in _list(c.get("touched"))) if t],
        "outcome": outcome,
        "files": _files(c.get("files"), folder, roles),
        "contents": [],
        "reports": [],
    }


def _link_jw322(entry: dict[str, Any]) -> dict[str, Any]:
    jw322 = entry["outcome"]["jw322"]
    entry["outcome"]["jw322_href"] = _href(jw322) if jw322 else ""
    return entry


def view_model(manifest: Mapping[str, Any], extras: Sequence["Extra"] | None = None) -> dict[str, Any]:
    """What both templates show, with every value made safe to read (strings, no None).

    ``extras`` (from :func:`set_extras`, one per step or case): what the JW321 files declare,
    the client of every uitval row and the report files, when the files are at hand."""
    m = _dict(manifest)
    kind = _text(m.get("kind"))
    steps = _list(m.get("steps"))
    is_scenario = kind == "scenario" or ("steps" in m and "cases" not in m)
    entries = [_link_jw322(e) for e in (
        [_step(s, i) for i, s in enumerate(steps, start=1)] if is_scenario
        else [_case(c, i) for i, c in enumerate(_list(m.get("cases")), start=1)])]
    for entry, extra in zip(entries, extras or ()):
        _attach(entry, extra)
    if is_scenario:
        title = _text(m.get("title") or m.get("scenario")) or "Scenario"
    elif kind == "defect-catalogue":
        title = "Defect catalogue"
    elif kind == "generated":
        title = _text(m.get("title")) or "Generated declaration"
    elif kind == "fuzz-corpus":
        title = _text(m.get("title")) or "Fuzz corpus"
    elif len(entries) == 1 and entries[0]["name"]:
        title = f"Defect case: {entries[0]['name']}"
    else:
        title = "Defect cases"
    facts = [(label, _text(m.get(key))) for label, key in (
        ("scenario", "scenario"), ("kind", "kind"), ("profile", "profile"), ("seed", "seed"),
        ("tool", "tool"), ("version", "version"), ("layout", "layout")) if m.get(key) not in (None, "")]
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry["outcome"]["label"]] = counts.get(entry["outcome"]["label"], 0) + 1
    if is_scenario:
        how = _text(m.get("how_to_use")) or (
            "Send the steps' JW321 files in order to one receiver per profile, keeping its memory between "
            "steps; each answer must equal the step's expected JW322.")
    elif _text(m.get("how_to_use")) and kind in ("generated", "fuzz-corpus"):
        how = _text(m.get("how_to_use"))
    else:
        how = ("For each case send the files under \"Send, in this order\" to one receiver with a fresh memory "
               "(ledger) per case; its answer to the last one must equal the expected JW322 (same returned "
               "records and retourcodes, same counts and totals).")
    reports = [r for r in ((extras[0].set_report if extras else None),) if r]
    return {
        "title": title,
        "set_reports": [{"path": r, "href": _href(r)} for r in reports],
        "kind": kind,
        "is_scenario": is_scenario,
        "unit": "step" if is_scenario else "case",
        "description": _text(m.get("description")),
        "how_to_use": how,
        "facts": facts,
        "entries": entries,
        "counts": [{"label": k, "count": v} for k, v in counts.items()],
        "skipped": [_text(s) for s in _list(m.get("skipped"))],
    }



# ---------------------------------------------------------------- rendering

@lru_cache(maxsize=1)
def _env() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
    env = Environment(
        loader=PackageLoader("jwgen.report", "templates"),
        # Only the HTML template is escaped; the Markdown one escapes with md_* filters.
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "html.j2"),
                                     disabled_extensions=("md.j2", "md"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md_cell=md_cell, md_text=md_text, md=md_inline)
    return env


def render_readme(manifest: Mapping[str, Any], extras: Sequence["Extra"] | None = None) -> str:
    """README.md of a fixture set (GitHub-flavoured Markdown)."""
    text = _env().get_template("fixture_readme.md.j2").render(v=view_model(manifest, extras))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def render_html(manifest: Mapping[str, Any], extras: Sequence["Extra"] | None = None) -> str:
    """index.html of a fixture set: one page, inline CSS, no scripts, nothing fetched."""
    return _env().get_template("fixture_index.html.j2").render(v=view_model(manifest, extras)).strip("\n") + "\n"


# ---------------------------------------------------------------- what the files add

SET_REPORT = "uitval.xlsx"


@dataclass
class Extra:
    """What the files of one step or case add to its view, and the report files it gets."""

    contents: list[Any] = field(default_factory=list)  # content.FileContent per JW321 sent, in order
    report: Any = None  # rows.FileReport of the step's or case's own JW321
    report_paths: list[str] = field(default_factory=list)
    set_report: str = ""


def _entry_files(m: Mapping[str, Any]) -> tuple[bool, list[dict[str, Any]]]:
    """Per step or case: label, anchor, the JW321s sent (path, expected) and the own JW321/JW322."""
    steps = _list(m.get("steps"))
    is_scenario = _text(m.get("kind")) == "scenario" or ("steps" in m and "cases" not in m)
    out = []
    if is_scenario:
        for i, raw in enumerate(steps, start=1):
            s = _dict(raw)
            jw321 = _text(s.get("jw321"))
            expected = _dict(s.get("expected"))
            jw322 = _text(s.get("jw322")) or _text(expected.get("jw322"))
            stem = jw321[:-len(".JW321.txt")] if jw321.endswith(".JW321.txt") else jw321
            out.append({"label": stem or f"step-{i}", "anchor": f"step-{i}", "scope": "set",
                        "sent": [(jw321, expected, f"step {_text(s.get('index', i))}")] if jw321 else [],
                        "jw321": jw321, "jw322": jw322, "expected": expected, "stem": stem})
        return True, out
    for i, raw in enumerate(_list(m.get("cases")), start=1):
        c = _dict(raw)
        folder = _text(c.get("folder"))
        prefix = f"{folder}/" if folder else ""
        expected = _dict(c.get("expected"))
        order = [_text(p) for p in _list(c.get("receive_in_order"))]
        priors = {_text(_dict(p).get("jw321")): _dict(p) for p in _list(c.get("prior"))}
        sent = []
        for n, path in enumerate(order, start=1):
            if path in priors:
                answer = _text(priors[path].get("jw322"))
                sent.append((prefix + path, {"status": _text(priors[path].get("status")),
                                             "jw322_path": prefix + answer if answer else ""}, f"file {n}"))
            else:
                sent.append((prefix + path, expected, f"file {n}"))
        jw321 = prefix + order[-1] if order else ""
        jw322 = prefix + _text(expected.get("jw322")) if expected.get("jw322") else ""
        name = _text(c.get("case")) or f"case-{i}"
        stem = jw321[:-len(".JW321.txt")] if jw321.endswith(".JW321.txt") else prefix + name
        out.append({"label": f"{folder}/{name}" if folder and folder != name else name, "anchor": f"case-{i}",
                    "scope": f"case-{i}", "sent": sent, "jw321": jw321, "jw322": jw322, "expected": expected,
                    "stem": stem})
    return False, out


def set_extras(files: Mapping[str, bytes], manifest: Mapping[str, Any], content: bool = True,
               reports: bool = True, spec: Any = None) -> list[Extra]:
    """Read the set's JW321 files: per step or case its content (``content``) and uitval report."""
    from .content import Links, file_content, returned_from_jw322
    from .rows import file_report

    is_scenario, entries = _entry_files(_dict(manifest))
    extras = []
    scopes: dict[str, Links] = {}
    for entry in entries:
        extra = Extra()
        links = scopes.setdefault(entry["scope"], Links())
        if content:
            for n, (path, expected, where) in enumerate(entry["sent"], start=1):
                data = files.get(path)
                if data is not None and expected.get("jw322_path"):
                    expected = {**expected, "retourcodes": returned_from_jw322(
                        data, files.get(expected["jw322_path"]), spec)}
                if data is not None:
                    extra.contents.append(file_content(data, expected, path, f"{entry['anchor']}-f{n}", links,
                                                       where if not is_scenario else where, spec))
        data = files.get(entry["jw321"])
        if data is not None and (reports or content):
            extra.report = file_report(data, entry["expected"], entry["label"], files.get(entry["jw322"]), spec)
            if reports:
                extra.report_paths = [f"{entry['stem']}.uitval.xlsx", f"{entry['stem']}.uitval.csv"]
        extras.append(extra)
    if reports and len([e for e in extras if e.report is not None]) > 1:
        extras[0].set_report = SET_REPORT
    return extras


def report_files(extras: Sequence[Extra], unit: str) -> dict[str, bytes]:
    """The .uitval.xlsx and .uitval.csv of every step or case, and the set's uitval.xlsx."""
    from .export import csv_bytes
    from .workbook import workbook_bytes

    out: dict[str, bytes] = {}
    for extra in extras:
        if extra.report is not None and extra.report_paths:
            xlsx, csv_path = extra.report_paths
            out[xlsx] = workbook_bytes([extra.report])
            out[csv_path] = csv_bytes([extra.report])
    set_report = extras[0].set_report if extras else ""
    if set_report:
        out[set_report] = workbook_bytes([e.report for e in extras if e.report is not None],
                                         part_header=unit.capitalize())
    return out


def _attach(entry: dict[str, Any], extra: "Extra") -> None:
    entry["contents"] = extra.contents
    entry["reports"] = [{"path": p, "href": _href(p), "kind": "Excel" if p.endswith(".xlsx") else "CSV"}
                        for p in extra.report_paths]
    if extra.report is None:
        return
    clients = {row["regel"]: row for row in extra.report.rows}
    for finding in entry["outcome"]["findings"]:
        row = clients.get(int(finding["record"])) if finding["record"].isdigit() else None
        if row is not None:
            finding["bsn"] = _text(row["bsn"])
            finding["client"] = _text(row["naam"])


def write_views(files: Mapping[str, bytes], manifest: Mapping[str, Any], reports: bool = True,
                content: bool = True, spec: Any = None) -> dict[str, bytes]:
    """``files`` plus README.md and index.html (UTF-8) rendered from ``manifest`` and the files, and
    (``reports``) the uitval report of every step or case with one for the whole set."""
    out = dict(files)
    extras = set_extras(files, manifest, content=content, reports=reports, spec=spec)
    if reports:
        unit = "step" if _entry_files(_dict(manifest))[0] else "case"
        out.update(report_files(extras, unit))
    out[README_NAME] = render_readme(manifest, extras).encode("utf-8")
    out[INDEX_NAME] = render_html(manifest, extras).encode("utf-8")
    return out
