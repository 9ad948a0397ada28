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
from .fixture_view import FORWARDED_TEXT, PASSED_TEXT, generated_view, view_model
from .formatting import euro, md_cell, md_inline, md_text
from .manifest import CaseSet, GeneratedSet, ScenarioManifest, SetManifest, ensure

__all__ = ["FORWARDED_TEXT", "PASSED_TEXT", "euro", "md_cell", "md_text", "render_html", "render_readme",
           "write_views"]

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


def render_readme(manifest: SetManifest | Mapping[str, Any], extras: Sequence[Extra] | None = None) -> str:
    """README.md of a fixture set (GitHub-flavoured Markdown)."""
    view = _model(_viewed(manifest), extras)
    text = _env().get_template("fixture_readme.md.j2").render(v=view)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def render_html(manifest: SetManifest | Mapping[str, Any], extras: Sequence[Extra] | None = None) -> str:
    """index.html of a fixture set: one page, inline CSS, no scripts, nothing fetched."""
    view = _model(_viewed(manifest), extras)
    return _env().get_template("fixture_index.html.j2").render(v=view).strip("\n") + "\n"


def write_views(files: Mapping[str, bytes], manifest: SetManifest | Mapping[str, Any], reports: bool = True,
                content: bool = True, spec: Any = None) -> dict[str, bytes]:
    """``files`` plus README.md and index.html (UTF-8) rendered from ``manifest`` and the files, and
    (``reports``) the uitval report of every step or case with one for the whole set."""
    viewed = _viewed(manifest)
    out = dict(files)
    extras = set_extras(files, viewed, content=content, reports=reports, spec=spec)
    if reports:
        out.update(report_files(extras, "step" if isinstance(viewed, ScenarioManifest) else "case"))
    out[README_NAME] = render_readme(viewed, extras).encode("utf-8")
    out[INDEX_NAME] = render_html(viewed, extras).encode("utf-8")
    return out
