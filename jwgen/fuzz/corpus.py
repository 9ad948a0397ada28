"""A fuzz corpus: N confirmed cases (valid and broken) in ``case-<seed>/`` folders with one index.json.

Each case folder holds the JW321 to feed, the expected JW322 (absent when no
answer is expected), the earlier files of history cases (``*.prior-N.*``, fed
first) and ``case.json``: the manifest entry of :func:`jwgen.sets.manifest_entry`
plus the case seed, the base file options and the command that replays it.

A case is a function of (case seed, profile, defect pool) only, so a corpus is the
same bytes whatever ``jobs`` is, and ``replay_files`` regenerates one case exactly.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .. import __version__
from ..errors import JwgenError
from ..output import StagedTree, dump_json
from ..report.manifest import CaseSet, CorpusIndex
from ..spec import load_spec
from .combine import parse_pool
from .one_case import FuzzCase, make_case, placed_case
from .seeds import case_seed
from .workers import build_in_parallel

MAX_COUNT = 50_000  # cases per corpus: about 1.1 GB in memory before it is written

#: Shown in index.json: how a corpus is meant to be used (%s: the standard's retour message, :func:`how_to_check`).
HOW_TO_CHECK = ("jwgen check --cmd 'YOUR_TOOL {jw321} {jw322}' CORPUS_DIR  "
                "(placeholders: {jw321} input, {jw322} output to write, {state} a per-case file for the "
                "tool's memory, {profile}); or feed each case's receive_in_order yourself and compare the "
                "last answer with its expected %s")


def how_to_check() -> str:
    """:data:`HOW_TO_CHECK` for the standard ``--standard`` chose (its answers: JW322, GZ322)."""
    return HOW_TO_CHECK % load_spec().retour.name


def with_views(files: dict[str, bytes], seed: int | None, profile: str, cases: list[FuzzCase],
               report: bool = False) -> dict[str, bytes]:
    """The corpus plus README.md and index.html (every case with its expected answer and uitval, without
    the declaration content: a corpus is large) and, with ``report``, each case's uitval report. The cases'
    sections are used when every case brought its own (``built_case``)."""
    from ..report.fixtures import write_views

    view = CaseSet(tool="jwgen", version=__version__, kind="fuzz-corpus",
                   title=f"Fuzz corpus: {len(cases)} case(s) for {profile}", seed=seed, profile=profile,
                   how_to_use="Check a tool with: " + how_to_check(), cases=tuple(c.case.in_folder() for c in cases))
    sections = [c.sections for c in cases]
    made = not report and all(section is not None for section in sections)
    return write_views(files, view, reports=report, content=False, sections=sections if made else None)


def _index(seed: int | None, profile: str, pool: Sequence[str] | None, cases: list[FuzzCase]) -> bytes:
    return dump_json(CorpusIndex(
        tool="jwgen", version=__version__, kind="fuzz-corpus", seed=seed, standard=load_spec().standard.name,
        profile=profile, count=len(cases), defect_pool=tuple(pool) if pool is not None else None,
        how_to_check=how_to_check(), cases=tuple(case.entry for case in cases)).to_dict())


def _cases(seeds: list[int], profile: str, pool: tuple[str, ...] | None, jobs: int,
           sections: bool, into: str | None = None, encoding: str | None = None) -> Iterator[FuzzCase]:
    if jobs <= 1 or len(seeds) <= 1:
        spec, made = load_spec(), set()
        for position in range(len(seeds)):
            yield placed_case(seeds, position, profile, pool, spec, sections, into, made, encoding)
        return
    yield from build_in_parallel(seeds, profile, pool, jobs, sections, into, encoding)


def check_options(count: int, profile: str, pool: Sequence[str] | None, jobs: int) -> None:
    """One clear line for any option that cannot make a corpus (before any work)."""
    from .run import MAX_JOBS

    if not 1 <= count <= MAX_COUNT:
        raise JwgenError(f"--count must be from 1 to {MAX_COUNT} (a corpus is built in memory, about 22 kB a "
                         f"case; make several with different --seed), not {count}")
    if not 1 <= jobs <= MAX_JOBS:
        raise JwgenError(f"--jobs must be from 1 to {MAX_JOBS}, not {jobs}")
    load_spec().standard.profile(profile)  # one clear line for a profile the standard does not have
    parse_pool(pool, profile)


def corpus_files(count: int, seed: int, profile: str | None = None, pool: Sequence[str] | None = None,
                 jobs: int = 1, progress: Callable[[int, int], None] | None = None, views: bool = True,
                 report: bool = False, into: str | None = None, encoding: str | None = None) -> dict[str, bytes]:
    """Every file of a corpus of ``count`` cases (in ``encoding``, default the standard's) (relative path -> bytes), index.json included;
    ``views``: README.md and index.html; ``report``: the uitval report (xlsx, csv) of every case, made from the
    cases' files. ``into``: a staged folder (:class:`jwgen.output.StagedTree`) the cases' folders are written
    into as they are built, by whichever process builds them; then only the files of the corpus's own folder
    are returned (index.json and the views). Not with ``report``, which reads the cases' files."""
    if into is not None and report:
        raise ValueError("a corpus with uitval reports is made in memory: its reports read the cases' files")
    profile = load_spec().standard.profile(profile or load_spec().standard.receiver_profile)
    check_options(count, profile, pool, jobs)
    pool_key = tuple(pool) if pool is not None else None
    seeds = [case_seed(seed, index) for index in range(count)]
    files: dict[str, bytes] = {}
    cases: list[FuzzCase] = []
    for done, case in enumerate(_cases(seeds, profile, pool_key, jobs, views and not report, into, encoding),
                                start=1):
        files.update(case.files)
        cases.append(FuzzCase(case.seed, {}, case.entry, case.case, case.sections))
        if progress is not None:
            progress(done, count)
    files["index.json"] = _index(seed, profile, pool, cases)
    return with_views(files, seed, profile, cases, report) if views or report else files


def write_corpus(out_dir: Path | str, count: int, seed: int, profile: str | None = None,
                 pool: Sequence[str] | None = None, jobs: int = 1, progress: Callable[[int, int], None] | None = None,
                 report: bool = False, force: bool = False, encoding: str | None = None) -> dict[str, bytes]:
    """The corpus of :func:`corpus_files` written as the whole of ``out_dir``, at once (a staged folder put in
    place at the end; nothing is left of it on an error). The cases' folders are written as they are built
    (without ``report``), so writing overlaps building; returns the corpus's own files (index.json, views)."""
    with StagedTree(out_dir, force) as tree:
        into = None if report else str(tree.folder)
        files = corpus_files(count, seed, profile, pool, jobs, progress=progress, report=report, into=into,
                             encoding=encoding)
        for relative in sorted(files):
            tree.write(relative, files[relative])
        tree.publish()
    return files


def replay_files(seed: int, profile: str | None = None, pool: Sequence[str] | None = None,
                 views: bool = True, report: bool = False, encoding: str | None = None) -> dict[str, bytes]:
    """One case of a corpus, byte-identical to its folder there, with an index.json of its own."""
    profile = load_spec().standard.profile(profile or load_spec().standard.receiver_profile)
    check_options(1, profile, pool, 1)
    if not 0 <= seed:
        raise JwgenError(f"--replay needs a case seed (0 or more), not {seed}")
    case = make_case(seed, profile, tuple(pool) if pool is not None else None, encoding=encoding)
    files = {**case.files, "index.json": _index(None, profile, pool, [case])}
    return with_views(files, None, profile, [case], report) if views or report else files


def tty_progress(done: int, total: int) -> None:
    """A counter line on stderr, redrawn in place; only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return
    step = max(1, total // 100)
    if done == total or done % step == 0:
        sys.stderr.write(f"\rjwgen fuzz: {done}/{total} cases")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()
