"""What a fixture set's files add to its views: per step or case what its JW321 files declare
(:mod:`jwgen.report.content`) and its uitval report (:mod:`jwgen.report.rows`), with the report files
(``.uitval.xlsx`` and ``.uitval.csv`` per step or case, one ``uitval.xlsx`` for the set)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from .formatting import href, text
from .manifest import CaseSet, ScenarioManifest

__all__ = ["SET_REPORT", "Extra", "attach", "report_files", "set_extras"]

SET_REPORT = "uitval.xlsx"


@dataclass
class Extra:
    """What the files of one step or case add to its view, and the report files it gets."""

    contents: list[Any] = field(default_factory=list)  # content.FileContent per JW321 sent, in order
    report: Any = None  # rows.FileReport of the step's or case's own JW321
    report_paths: list[str] = field(default_factory=list)
    set_report: str = ""


@dataclass(frozen=True)
class _Sent:
    """One JW321 a step or case sends: its path in the set, the answer it must get (in the shape
    :func:`~jwgen.report.content.file_content` reads), where it is sent, and the JW322 of an earlier file."""

    path: str
    expected: dict[str, Any]
    where: str
    jw322: str = ""


@dataclass(frozen=True)
class _Entry:
    """A step or case as its files see it: label, anchor, what it sends, its own JW321 and JW322."""

    label: str
    anchor: str
    scope: str  # steps share one memory (the set), each case has its own
    sent: tuple[_Sent, ...]
    jw321: str
    jw322: str
    expected: dict[str, Any]
    stem: str
    form: Any = None  # the TextForm its files are written in (None: the standard's)
    profile: str = ""  # who answers it (gemeente, vecozo): the uitval's Ontvanger


def _stem(path: str, suffix: str) -> str:
    """``case.JW321.txt`` -> ``case`` (``suffix`` is the declaration's: ``.JW321.txt``, ``.GZ321.txt``)."""
    return path[:-len(suffix)] if path.endswith(suffix) else path


def written(encoding: Any) -> Any:
    """The TextForm a manifest's ``encoding`` says the files are written in (None when it names none)."""
    if encoding is None:
        return None
    from ..spec import TextForm

    return TextForm(encoding.encoding, encoding.positions)


def _entries(m: ScenarioManifest | CaseSet, suffix: str) -> list[_Entry]:
    if isinstance(m, ScenarioManifest):
        out = []
        for i, s in enumerate(m.steps, start=1):
            expected = s.expected.to_dict()
            out.append(_Entry(_stem(s.jw321, suffix) or f"step-{i}", f"step-{i}", "set",
                              (_Sent(s.jw321, expected, f"step {s.index}"),) if s.jw321 else (),
                              s.jw321, s.jw322 or "", expected, _stem(s.jw321, suffix), written(s.encoding),
                              s.profile))
        return out
    out = []
    for i, c in enumerate(m.cases, start=1):
        folder = c.folder or ""
        prefix = f"{folder}/" if folder else ""
        expected = c.expected.to_dict()
        priors = {p.jw321: p for p in c.prior}
        sent = []
        for n, path in enumerate(c.receive_in_order, start=1):
            prior = priors.get(path)
            if prior is not None:
                sent.append(_Sent(prefix + path, {"status": prior.status}, f"file {n}",
                                  prefix + prior.jw322 if prior.jw322 else ""))
            else:
                sent.append(_Sent(prefix + path, expected, f"file {n}"))
        jw321 = prefix + c.receive_in_order[-1] if c.receive_in_order else ""
        name = c.case or f"case-{i}"
        out.append(_Entry(f"{folder}/{name}" if folder and folder != name else name, f"case-{i}", f"case-{i}",
                          tuple(sent), jw321, prefix + c.expected.jw322 if c.expected.jw322 else "", expected,
                          _stem(jw321, suffix) if jw321.endswith(suffix) else prefix + name, written(c.encoding),
                          c.profile))
    return out


def set_extras(files: Mapping[str, bytes], manifest: ScenarioManifest | CaseSet, content: bool = True,
               reports: bool = True, spec: Any = None) -> list[Extra]:
    """Read the set's JW321 files: per step or case its content (``content``) and uitval report."""
    from .content import Links, file_content, returned_from_jw322
    from .rows import file_report

    from ..spec import load_spec

    if not content and not reports:  # nothing to read from the files: an empty extra per step or case
        return [Extra() for _ in (manifest.steps if isinstance(manifest, ScenarioManifest) else manifest.cases)]
    extras = []
    scopes: dict[str, Links] = {}
    suffix = f".{(spec or load_spec()).declaration.name}.txt"
    for entry in _entries(manifest, suffix):
        extra = Extra()
        links = scopes.setdefault(entry.scope, Links())
        if content:
            for n, sent in enumerate(entry.sent, start=1):
                data = files.get(sent.path)
                if data is None:
                    continue
                expected = sent.expected
                if sent.jw322:  # an earlier file: its returned records from its own JW322
                    expected = {**expected, "retourcodes": returned_from_jw322(data, files.get(sent.jw322), spec,
                                                                               entry.form)}
                extra.contents.append(file_content(data, expected, sent.path, f"{entry.anchor}-f{n}", links,
                                                   sent.where, spec, form=entry.form))
        data = files.get(entry.jw321)
        if data is not None and (reports or content):
            extra.report = file_report(data, entry.expected, entry.label, files.get(entry.jw322), spec,
                                       profile=entry.profile or None, form=entry.form)
            if reports:
                extra.report_paths = [f"{entry.stem}.uitval.xlsx", f"{entry.stem}.uitval.csv"]
        extras.append(extra)
    if reports and len([e for e in extras if e.report is not None]) > 1:
        extras[0].set_report = SET_REPORT
    return extras


#: The first column of a set's uitval (which step or case a row is of), in Dutch.
PART_HEADERS = {"step": "Stap", "case": "Geval"}


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
                                         part_header=PART_HEADERS.get(unit, unit))
    return out


def attach(entry: dict[str, Any], extra: Extra) -> None:
    """Put what the files add into one entry of :func:`~jwgen.report.fixture_view.view_model`."""
    entry["contents"] = extra.contents
    entry["reports"] = [{"path": p, "href": href(p), "kind": "Excel" if p.endswith(".xlsx") else "CSV"}
                        for p in extra.report_paths]
    if extra.report is None:
        return
    clients = {row["regel"]: row for row in extra.report.rows}
    for finding in entry["outcome"]["findings"]:
        row = clients.get(int(finding["record"])) if finding["record"].isdigit() else None
        if row is not None:
            finding["bsn"] = text(row["bsn"])
            finding["client"] = text(row["naam"])
