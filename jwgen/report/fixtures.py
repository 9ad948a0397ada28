"""Human-readable views of a fixture set: ``README.md`` and a self-contained ``index.html``.

Both are rendered from the set's manifest (typed, :mod:`jwgen.report.manifest`; a dict read from
``manifest.json`` is read with :func:`~jwgen.report.manifest.read_manifest` first, so a manifest
not in jwgen's shape stops with one :class:`~jwgen.report.manifest.ManifestError` line), step by
step for a scenario set and case by case for a defect set (:mod:`jwgen.report.fixture_view`), and,
when the set's files are given (:func:`write_views`), from the JW321 files themselves: per file what
it declares per client and an uitval table with the client of each rejected record
(:mod:`jwgen.report.fixture_extras`). Next to them :func:`write_views` puts the uitval report of every
step or case as ``.uitval.xlsx`` and ``.uitval.csv`` (see :mod:`jwgen.report.rows`), and one
``uitval.xlsx`` for the whole set.

The output is deterministic: no timestamps, manifest order everywhere except where order means
something (returned records by line number).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Mapping, Sequence

from .fixture_extras import Extra, attach, report_files, set_extras
from .fixture_view import FORWARDED_TEXT, PASSED_TEXT, case_view, generated_view, view_model
from .formatting import euro, md_cell, md_inline, md_text
from .manifest import CaseEntry, CaseSet, GeneratedSet, ScenarioManifest, SetManifest, ensure

__all__ = ["FORWARDED_TEXT", "PASSED_TEXT", "case_sections", "euro", "md_cell", "md_text", "render_html",
           "render_readme", "write_views"]

CaseSections = tuple[str, str]  # one case's section of README.md and of index.html

README_NAME = "README.md"
INDEX_NAME = "index.html"


def _viewed(manifest: SetManifest | Mapping[str, Any]) -> ScenarioManifest | CaseSet:
    typed = ensure(manifest)
    return generated_view(typed) if isinstance(typed, GeneratedSet) else typed


def _model(manifest: ScenarioManifest | CaseSet, extras: Sequence[Extra] | None) -> dict[str, Any]:
    reports = [extras[0].set_report] if extras and extras[0].set_report else []
    view = view_model(manifest, reports)
    for entry, extra in zip(view["entries"], extras or ()):
        attach(entry, extra)
    return view


def _with_bodies(view: dict[str, Any], kind: str, sections: Sequence[CaseSections] | None) -> dict[str, Any]:
    """Each entry's own section (its part of the page below the overview), as ``e.body``: rendered here, or
    handed in (``sections``, made where the case was built)."""
    template = _env().get_template(f"fixture_entry.{kind}.j2")
    index = 0 if kind == "md" else 1
    for n, entry in enumerate(view["entries"]):
        body = sections[n][index] if sections is not None else template.render(v=view, e=entry)
        entry["body"] = body  # index.html: escaped when it was rendered, shown as it is (| safe)
    return view


def case_sections(case: CaseEntry, position: int) -> CaseSections:
    """The README.md and index.html sections of one case, at ``position`` (1-based) of a case set whose
    views show neither content nor reports, as :func:`write_views` writes them: a fuzz worker renders its
    own cases' sections and the corpus's process only the overview."""
    entry = case_view(case, position)
    attach(entry, Extra())
    view = {"is_scenario": False}
    return tuple(_env().get_template(f"fixture_entry.{kind}.j2").render(v=view, e=entry) for kind in ("md", "html"))


@lru_cache(maxsize=1)
def _env() -> Any:
    from jinja2 import select_autoescape

    from .templating import environment

    # Only the HTML template is escaped; the Markdown one escapes with md_* filters.
    return environment(select_autoescape(enabled_extensions=("html", "htm", "html.j2"),
                                         disabled_extensions=("md.j2", "md"), default=True),
                       md_cell=md_cell, md_text=md_text, md=md_inline)


def render_readme(manifest: SetManifest | Mapping[str, Any], extras: Sequence[Extra] | None = None,
                  sections: Sequence[CaseSections] | None = None) -> str:
    """README.md of a fixture set (GitHub-flavoured Markdown)."""
    return _readme(_model(_viewed(manifest), extras), sections)


def _readme(view: dict[str, Any], sections: Sequence[CaseSections] | None) -> str:
    text = _env().get_template("fixture_readme.md.j2").render(v=_with_bodies(view, "md", sections))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def render_html(manifest: SetManifest | Mapping[str, Any], extras: Sequence[Extra] | None = None,
                sections: Sequence[CaseSections] | None = None) -> str:
    """index.html of a fixture set: one page, inline CSS, no scripts, nothing fetched."""
    return _html(_model(_viewed(manifest), extras), sections)


def _html(view: dict[str, Any], sections: Sequence[CaseSections] | None) -> str:
    return _env().get_template("fixture_index.html.j2").render(v=_with_bodies(view, "html", sections)).strip("\n") \
        + "\n"


def write_views(files: Mapping[str, bytes], manifest: SetManifest | Mapping[str, Any], reports: bool = True,
                content: bool = True, spec: Any = None,
                sections: Sequence[CaseSections] | None = None) -> dict[str, bytes]:
    """``files`` plus README.md and index.html (UTF-8) rendered from ``manifest`` and the files, and
    (``reports``) the uitval report of every step or case with one for the whole set. ``sections``: the
    cases' own sections made beforehand with :func:`case_sections` (a case set without content or reports)."""
    viewed = _viewed(manifest)
    if sections is not None and (reports or content or not isinstance(viewed, CaseSet)
                                 or len(sections) != len(viewed.cases)):
        raise ValueError("case sections are made for a case set without content or reports, one per case")
    out = dict(files)
    extras = set_extras(files, viewed, content=content, reports=reports, spec=spec)
    if reports:
        out.update(report_files(extras, "step" if isinstance(viewed, ScenarioManifest) else "case"))
    view = _model(viewed, extras)  # one model for both pages: each entry's body is set for the page being rendered
    out[README_NAME] = _readme(view, sections).encode("utf-8")
    out[INDEX_NAME] = _html(view, sections).encode("utf-8")
    return out
