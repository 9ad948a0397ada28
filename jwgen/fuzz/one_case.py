"""One fuzz case, built by whichever process builds it: :func:`make_case` plans, builds and confirms the case of
one seed; :func:`built_case` adds its sections of the corpus's views; :func:`placed_case` writes it into the
staged corpus folder at once (a worker writes its own cases, :mod:`jwgen.fuzz.workers`). The corpus
(:mod:`jwgen.fuzz.corpus`) and the workers both build their cases here, so neither imports the other.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Sequence

from ..errors import JwgenError
from ..gc_pause import paused_gc
from ..output import dump_json, write_into
from ..report.manifest import CaseFile, IndexEntry
from ..sets import manifest_entry
from ..spec import Spec, load_spec
from .cases import build, plan
from .seeds import folder


@dataclass(frozen=True)
class FuzzCase:
    """One built case: its files (paths relative to the corpus root), its line in index.json and its case.json."""

    seed: int
    files: dict[str, bytes]
    entry: IndexEntry
    case: CaseFile
    sections: tuple[str, str] | None = None  # its sections of README.md and index.html, made where it was built


def replay_command(seed: int, profile: str, pool: Sequence[str] | None, encoding: str | None = None) -> str:
    defects = f" --defects {','.join(pool)}" if pool is not None else ""
    standard = load_spec().standard.name
    other = f" --standard {standard}" if standard != "JW321" else ""  # JW321 is the default
    text = f" --encoding {encoding}" if encoding is not None else ""
    return f"jwgen fuzz --replay {seed}{other} --profile {profile}{defects}{text} --out DIR"


def _plain(options: dict[str, Any]) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, tuple) else value for key, value in options.items()}


def make_case(seed: int, profile: str, pool: Sequence[str] | None = None, spec: Spec | None = None,
              encoding: str | None = None) -> FuzzCase:
    """Plan, build and confirm the case of one seed (its files in ``encoding``, default the standard's)."""
    spec = spec or load_spec()
    chosen = plan(seed, profile, pool, encoding)
    name = folder(seed)
    built, base = build(chosen.defects, seed, profile, chosen.base, spec, name=name)
    entry = manifest_entry(built, spec)
    records = len(built.jw321.splitlines())
    case = CaseFile(case_seed=seed, folder=name, defect_pool=tuple(pool) if pool is not None else None,
                    replay=replay_command(seed, profile, pool, encoding), base=_plain(base), records=records,
                    entry=entry)
    files = {f"{name}/{path}": data for path, data in built.files().items()}
    files[f"{name}/case.json"] = dump_json(case.to_dict())
    index_entry = IndexEntry(folder=name, case_seed=seed, defects=tuple(d.id for d in built.defects),
                             expected_status=built.outcome.status, records=records,
                             receive_in_order=entry.receive_in_order, expected_jw322=entry.expected.jw322,
                             encoding=entry.encoding)
    return FuzzCase(seed, files, index_entry, case)


@paused_gc()  # a case's objects live until it is built; the collector would only walk them
def built_case(seeds: Sequence[int], position: int, profile: str, pool: tuple[str, ...] | None, spec: Spec,
               sections: bool, encoding: str | None = None) -> FuzzCase:
    """The case at ``position`` (0-based) of a corpus; ``sections``: with its sections of the corpus's
    README.md and index.html, so the process that assembles the corpus renders only the overview."""
    case = make_case(seeds[position], profile, pool, spec, encoding)
    if not sections:
        return case
    from ..report.fixtures import case_sections

    return replace(case, sections=case_sections(case.case.in_folder(), position + 1))


def placed_case(seeds: Sequence[int], position: int, profile: str, pool: tuple[str, ...] | None, spec: Spec,
                sections: bool, into: str | None, made: set[str], encoding: str | None = None) -> FuzzCase:
    """:func:`built_case`; with ``into``, its files written at once into that staged corpus folder by the process
    that built it (``made``: the folders this process has made there), and returned without them: a fuzz worker
    writes its own cases while the others build, instead of sending their bytes back to be written one after
    the other at the end."""
    case = built_case(seeds, position, profile, pool, spec, sections, encoding)
    if into is None:
        return case
    for relative, data in case.files.items():
        try:
            write_into(into, relative, data, made)
        except OSError as error:
            raise JwgenError(f"cannot write {relative}: {error.strerror or error}") from None
    return replace(case, files={})
