"""Run another implementation over a corpus and judge each answer with :mod:`jwgen.fuzz.compare`.

For every case the command runs in a fresh temporary folder: first for each
earlier file of a history case, then for the case file itself, each time with
its own output path. Placeholders in the command (after shell-like splitting,
no shell involved):

* ``{jw321}``: the file to read (a copy inside the temporary folder);
* ``{jw322}``: where to write the answer (absent before the run);
* ``{state}``: a file the tool may use as its memory across the files of one case
  (absent at the start of every case);
* ``{profile}``: gemeente or vecozo, as in the corpus;
* ``{encoding}``, ``{positions}``: how the receiver whose answer is expected reads the case (utf-8,
  windows-1252 or ascii; characters or bytes), the standard's unless the case says otherwise
  (``jwgen validate {jw321} --encoding {encoding} --positions {positions}``).

Verdicts: ``agree``; ``disagree`` (an answer that differs, a missing answer from
a tool that exited 0, or a malformed answer from a tool that exited 0: it answered,
wrongly); ``crashed`` (no answer where one was expected and a non-zero exit, or an
answer that is not a JW322 and a non-zero exit); ``timed-out`` (the case took
longer than the timeout, earlier files included). A non-zero exit with a
readable answer is not a crash: receivers exit 1 on rejection.
"""
from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import JwgenError
from ..flatfile import read_limit
from ..output import read_input
from ..spec import Spec, load_spec
from .compare import Unreadable, compare
from .corpus_read import Corpus, CorpusCase

PLACEHOLDERS = ("{jw321}", "{jw322}", "{state}", "{profile}", "{encoding}", "{positions}")
AGREE, DISAGREE, CRASHED, TIMED_OUT = "agree", "disagree", "crashed", "timed-out"
VERDICTS = (AGREE, DISAGREE, CRASHED, TIMED_OUT)
STDERR_TAIL = 5  # lines of the tool's stderr kept for a crash report
MAX_JOBS = 64  # worker processes (fuzz) or cases run at once (check)
MAX_TIMEOUT = 86400.0  # seconds per case: a day


@dataclass(frozen=True)
class Command:
    """A command template: argv words that may hold placeholders."""

    words: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> "Command":
        try:
            words = tuple(shlex.split(text))
        except ValueError as error:
            raise JwgenError(f"--cmd {text!r}: {error}") from None
        if not words:
            raise JwgenError("--cmd is empty")
        joined = " ".join(words)
        for needed in ("{jw321}", "{jw322}"):
            if needed not in joined:
                raise JwgenError(f"--cmd must contain {needed} (placeholders: {', '.join(PLACEHOLDERS)})")
        program = words[0]
        found = shutil.which(program) if os.sep not in program else (program if os.access(program, os.X_OK) else None)
        if found is None:
            raise JwgenError(f"--cmd: cannot run {program!r} (not found or not executable)")
        return cls(words)

    def argv(self, jw321: Path, jw322: Path, state: Path, profile: str,
             reads: tuple[str, str] = ("utf-8", "characters")) -> list[str]:
        values = {"{jw321}": str(jw321), "{jw322}": str(jw322), "{state}": str(state), "{profile}": profile,
                  "{encoding}": reads[0], "{positions}": reads[1]}
        out = []
        for word in self.words:
            for placeholder, value in values.items():
                word = word.replace(placeholder, value)
            out.append(word)
        return out


@dataclass
class CaseResult:
    case: CorpusCase
    verdict: str
    differences: list[str] = field(default_factory=list)
    detail: str = ""  # exit code and stderr tail for crashes and time-outs
    seconds: float = 0.0


@dataclass
class _Step:
    returncode: int | None  # None: timed out
    stderr: str


def _run(argv: list[str], cwd: Path, timeout: float) -> _Step:
    """Run once; on time-out kill the whole process group (a wrapper script's children too)."""
    try:
        process = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, start_new_session=True)
    except OSError as error:
        hint = "" if "/" not in argv[0] or argv[0].startswith("/") else \
            " (the command runs in a temporary folder per case: give an absolute path)"
        return _Step(127, f"cannot start {argv[0]!r}: {error.strerror or error}{hint}")
    try:
        _, err = process.communicate(timeout=max(timeout, 0.001))
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, AttributeError):
            process.kill()
        process.communicate()
        return _Step(None, "")
    return _Step(process.returncode, err.decode("utf-8", errors="replace"))


def _tail(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " | ".join(lines[-STDERR_TAIL:])


def output_name(name: str, spec: Spec | None = None) -> str:
    """Where the tool writes its answer to ``name``: ``x.JW321.txt`` -> ``x.answer.JW322.txt``."""
    spec = spec or load_spec()
    sent = f".{spec.declaration.name}.txt"
    stem = name[:-len(sent)] if name.endswith(sent) else name
    return f"{stem}.answer.{spec.retour.name}.txt"


def run_case(case: CorpusCase, command: Command, profile: str, timeout: float, spec: Spec) -> CaseResult:
    """Feed the case's files in order and judge the last answer."""
    started = time.monotonic()
    form = spec.standard.encoding
    reads = case.reads or (form.encoding, form.positions)
    with tempfile.TemporaryDirectory(prefix="jwgen-check-") as tmp:
        work = Path(tmp)
        state = work / "state"
        last: _Step | None = None
        out_path = work / "none"
        for name in case.receive_in_order:
            source = work / name
            shutil.copyfile(case.folder / name, source)
            out_path = work / output_name(name)
            remaining = timeout - (time.monotonic() - started)
            last = _run(command.argv(source, out_path, state, profile, reads), work, remaining)
            if last.returncode is None:
                return CaseResult(case, TIMED_OUT, detail=f"no answer within {timeout:g} s (while feeding {name})",
                                  seconds=time.monotonic() - started)
        assert last is not None
        limit = read_limit(spec.declaration)
        try:
            actual = read_input(out_path, limit=limit) if os.path.lexists(out_path) else None
        except JwgenError as error:  # the tool left a folder, a FIFO, a device or a dangling link
            return CaseResult(case, CRASHED, [f"the answer is not a file jwgen can read: {error}"],
                              f"exit code {last.returncode}", time.monotonic() - started)
    seconds = time.monotonic() - started
    expected = read_input(case.folder / case.expected_jw322, limit=limit) if case.expected_jw322 else None
    exit_note = f"exit code {last.returncode}" + (f"; stderr: {_tail(last.stderr)}" if last.stderr.strip() else "")
    if expected is not None and not actual and last.returncode != 0:
        return CaseResult(case, CRASHED, ["no JW322 was written, one was expected"], exit_note, seconds)
    jw321 = read_input(case.folder / case.receive_in_order[-1], limit=limit)
    try:
        comparison = compare(expected, actual, jw321, spec)
    except Unreadable as error:
        raise JwgenError(f"{case.folder / str(case.expected_jw322)}: the expected answer is not a JW322 "
                         f"({error}); regenerate the corpus") from None
    if comparison.unreadable is not None and last.returncode != 0:
        return CaseResult(case, CRASHED, comparison.lines(), exit_note, seconds)
    if comparison.agree:
        return CaseResult(case, AGREE, seconds=seconds)
    return CaseResult(case, DISAGREE, comparison.lines(), exit_note if last.returncode else "", seconds)


def check_run_options(timeout: float, jobs: int) -> None:
    """One clear line for a time-out or a number of jobs ``check`` cannot use (before any work)."""
    if not 0 < timeout <= MAX_TIMEOUT:  # nan fails both comparisons
        raise JwgenError(f"--timeout must be more than 0 and at most {MAX_TIMEOUT:g} seconds, not {timeout:g}")
    if not 1 <= jobs <= MAX_JOBS:
        raise JwgenError(f"--jobs must be from 1 to {MAX_JOBS}, not {jobs}")


def run_corpus(corpus: Corpus, command: Command, timeout: float = 30.0, jobs: int = 1,
               progress: Callable[[int, int], None] | None = None) -> list[CaseResult]:
    """Every case of the corpus, results in corpus order (``jobs`` cases at a time)."""
    check_run_options(timeout, jobs)
    spec = load_spec()
    total = len(corpus.cases)
    results: list[CaseResult] = []

    def one(case: CorpusCase) -> CaseResult:
        return run_case(case, command, corpus.profile, timeout, spec)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for done, result in enumerate(pool.map(one, corpus.cases), start=1):
            results.append(result)
            if progress is not None:
                progress(done, total)
    return results
