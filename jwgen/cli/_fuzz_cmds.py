"""``jwgen fuzz``, ``jwgen check`` and ``jwgen compare``: test another implementation against jwgen."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from . import app, defect_ids, echo, encoding_option, layout_option, profile_of, standard_option, use


@app.command("fuzz")
def fuzz_command(
    count: Optional[int] = typer.Option(None, "--count", "-n", help="Number of cases [default: 100]."),
    seed: int = typer.Option(0, "--seed", help="Corpus seed; case seeds are derived from it and the case index."),
    out: Path = typer.Option(Path("jwgen-fuzz"), "--out", "-o", help="Output folder (must be empty unless --force)."),
    defects: Optional[list[str]] = typer.Option(None, "--defect", "--defects", "-d",
                                                help="Draw only these defect ids: repeatable and/or comma-separated "
                                                     "(-d a -d b or -d a,b; 'valid' allows valid files). Default: "
                                                     "every defect of the profile except too-many-records, and "
                                                     "valid files."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p",
                                          help="Who answers: the standard's receiver (gemeente for JW321, "
                                               "zorgverzekeraar for GZ321; the default) or vecozo (any case)."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes; the bytes do not depend on it."),
    replay: Optional[int] = typer.Option(None, "--replay", help="Regenerate the one case with this case seed "
                                                                "(same --profile and --defects as the corpus)."),
    report: bool = typer.Option(False, "--report", help="Also write each case's uitval report (.uitval.xlsx and "
                                                        ".uitval.csv) and one uitval.xlsx for the corpus."),
    force: bool = typer.Option(False, "--force", help="Replace the contents of a non-empty --out folder."),
    standard: Optional[str] = standard_option(),
    layout: Optional[Path] = layout_option(),
    encoding: Optional[str] = encoding_option(),
) -> None:
    """Write a corpus of confirmed cases, valid and broken, each with the JW322 it must get back.

    Every case is a folder case-<CASE_SEED>/ with the JW321, the expected JW322 (if any), earlier files
    to feed first (history defects) and case.json; index.json lists them. Run another implementation
    over it with `jwgen check`.
    """
    from ..errors import JwgenError
    from ..fuzz.corpus import check_options, replay_files, write_corpus
    from ..output import check_target, write_tree
    from ..report.manifest import CorpusIndex
    from ._progress import progress

    from ..spec import load_spec

    use(layout, standard)
    spec = load_spec()
    profile = profile_of(profile) or spec.standard.receiver_profile
    pool = defect_ids(defects)
    if seed < 0:
        raise JwgenError(f"--seed must be 0 or more, not {seed}")
    if replay is not None:
        if count is not None:
            raise JwgenError("--replay regenerates one case; leave out --count")
        check_options(1, profile, pool, jobs)
        check_target(out, force, inputs=(layout,))
        files = replay_files(replay, profile, pool, report=report, encoding=encoding)
        write_tree(out, files, force=force)
        echo(f"{out}: case-{replay} ({profile}) regenerated")
        return
    count = 100 if count is None else count
    check_options(count, profile, pool, jobs)
    check_target(out, force, inputs=(layout,))  # fail fast, before any work
    with progress("jwgen fuzz", "cases") as tick:
        files = write_corpus(out, count, seed, profile, pool, jobs, progress=tick, report=report, force=force,
                             encoding=encoding)
    broken = sum(1 for case in CorpusIndex.from_dict(json.loads(files["index.json"])).cases if case.defects)
    echo(f"{out}: {count} confirmed case(s) for {profile} ({count - broken} valid, {broken} broken), "
         f"index.json; check a tool with: jwgen check --cmd 'TOOL {{jw321}} {{jw322}}' {out}")


@app.command("check")
def check_command(
    corpus: Path = typer.Argument(..., help="A folder written by jwgen fuzz (or jwgen generate --defect)."),
    cmd: str = typer.Option(..., "--cmd", help="The tool to test, e.g. 'mytool {jw321} {jw322}'. Placeholders: "
                                              "{jw321} input, {jw322} output to write, {state} a per-case memory "
                                              "file, {profile}."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds per case (earlier files included)."),
    junit: Optional[Path] = typer.Option(None, "--junit", help="Also write a JUnit XML report here."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Cases run at the same time."),
    force: bool = typer.Option(False, "--force", help="Replace an existing --junit file."),
    layout: Optional[Path] = layout_option(),
) -> None:
    """Run a tool over every case and compare its JW322 with the expected one, by meaning.

    Exit 0 when every case agrees, 1 on any disagreement, crash or time-out, 2 on a usage error.
    """
    from ..fuzz.corpus_read import read_corpus
    from ..fuzz.junit import junit_xml
    from ..fuzz.run import AGREE, Command, check_run_options, run_corpus
    from ..fuzz.summary import problems, summary_table, verdict_line
    from ..output import check_file_target, write_file
    from ._progress import progress

    use(layout)

    if junit is not None:
        check_file_target(junit, force)  # fail fast, before any case runs
    check_run_options(timeout, jobs)
    command = Command.parse(cmd)
    cases = read_corpus(corpus)
    use(layout, cases.standard)  # compare answers in the corpus's own standard
    with progress("jwgen check", "cases") as tick:
        results = run_corpus(cases, command, timeout, jobs, progress=tick)
    echo(summary_table(results), nl=False)
    details = problems(results)
    if details:
        echo("")
        echo(details, nl=False)
        echo("")
        echo(reproduce(next(r for r in results if r.verdict != AGREE), command, cases.profile), nl=False)
    echo("")
    echo(verdict_line(results))
    if junit is not None:
        # The folder name, not the path as typed: a report says nothing about where it was made.
        write_file(junit, junit_xml(results, f"jwgen check: {corpus.resolve().name or corpus}"), force=force)
        echo(f"JUnit report written to {junit}")
    raise typer.Exit(0 if all(r.verdict == AGREE for r in results) else 1)


def reproduce(result, command, profile: str) -> str:  # noqa: ANN001 - CaseResult, Command
    """The shell line that runs the tool on one disagreeing case again and compares its answer."""
    import shlex

    from ..fuzz.run import output_name

    case = result.case
    folder = case.folder.resolve()
    steps = []
    for name in case.receive_in_order:
        argv = command.argv(folder / name, Path(output_name(name)), Path("state"), profile)
        steps.append(shlex.join(argv))
    answer = output_name(case.receive_in_order[-1])
    expected = str(folder / case.expected_jw322) if case.expected_jw322 else "/dev/null"
    compare = shlex.join(["jwgen", "compare", expected, answer, "--jw321", str(folder / case.receive_in_order[-1])])
    lines = [f"Reproduce {case.name} (its tool run{'s' if len(steps) > 1 else ''} in a fresh folder, then the "
             "comparison):", f"  (cd \"$(mktemp -d)\" && {' ; '.join(steps)} ; {compare})"]
    replay = _replay_of(folder)
    if replay:
        lines.append(f"Regenerate the case: {replay}")
    return "\n".join(lines) + "\n"


def _replay_of(folder: Path) -> str:
    """The replay command of a fuzz case, from its case.json; '' when there is none (a defect set's case) or
    it cannot be read: the hint is extra, it never changes the verdict of a check that has run."""
    from ..report.manifest import CaseFile, ManifestError

    try:
        return CaseFile.from_dict(json.loads((folder / "case.json").read_text(encoding="utf-8"))).replay
    except (OSError, ValueError, ManifestError):
        return ""


@app.command("compare")
def compare_command(
    expected: Path = typer.Argument(..., help="The expected JW322 (an empty file: no JW322 expected)."),
    actual: Path = typer.Argument(..., help="The JW322 the tool wrote (an empty file: none written)."),
    jw321: Optional[Path] = typer.Option(None, "--jw321", help="The JW321 both answer, to name its line numbers."),
    layout: Optional[Path] = layout_option(),
    standard: Optional[str] = standard_option(),
) -> None:
    """Compare two JW322 answers by meaning and print the differences (of any standard: the answers name theirs
    in rubriek 0102).

    Returned records are matched by their JW321 content (positions 1-310); retourcodes per record and
    in the voorlooprecord are sets; sluitrecord counts and totals must be equal; referentienummer
    gemeente and dagtekening retourbericht are ignored. Exit 0 same meaning, 1 differences, 2 usage error,
    a missing file, or a declaration where an answer belongs.
    """
    import os

    from ..flatfile import read_limit
    from ..fuzz.compare import Unreadable, compare
    from ..errors import JwgenError
    from ._what import not_an_answer

    use(layout)
    from ..output import read_input
    from ..spec import load_spec

    limit = read_limit(load_spec().declaration)
    wanted = read_input(expected, limit=limit)
    if not os.path.lexists(actual):
        raise JwgenError(f"ACTUAL {actual}: no such file (the answer the tool wrote; give an empty file for "
                         "\"no answer written\")")
    got = read_input(actual, limit=limit)
    use(layout, standard, data=wanted or got)  # --standard, else the one the answers name in 0102 (AP305: AP304's)
    for role, path, data in (("EXPECTED", expected, wanted), ("ACTUAL", actual, got)):
        wrong = not_an_answer(role, path, data)
        if wrong:
            raise JwgenError(wrong)
    context = read_input(jw321, limit=limit) if jw321 is not None else None
    try:
        result = compare(wanted, got, context)
    except Unreadable as error:
        raise JwgenError(f"EXPECTED {expected} is not a {load_spec().retour.name}: {error}") from None
    if result.agree:
        echo("same meaning: the answers agree")
        raise typer.Exit(0)
    for line in result.lines():
        echo(f"- {line}")
    raise typer.Exit(1)
