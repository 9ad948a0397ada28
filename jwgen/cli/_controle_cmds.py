"""``jwgen validate`` and ``jwgen explain``: the receiver on the command line."""
from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from . import app, echo, echo_json, encoding_option, layout_option, positions_option, standard_option, use


@app.command("validate")
def validate_command(
    file: Path = typer.Argument(..., help="The JW321 file to check."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="Who answers: the standard's receiver (gemeente for JW321, "
                                           "zorgverzekeraar for GZ321; the default) or vecozo."),
    state: Optional[Path] = typer.Option(None, "--state", help="SQLite ledger carried across files (in memory when omitted)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the JW322 here."),
    report: Optional[Path] = typer.Option(None, "--report", "-r",
                                          help="Write the uitval report here: .xlsx (Excel), .csv (';', UTF-8 with "
                                               "BOM) or .html; one row per rejected record, with client and claim."),
    as_json: bool = typer.Option(False, "--json", help="Print the outcome as JSON instead of a table."),
    retour_date: Optional[str] = typer.Option(None, "--retour-date", help="Dagtekening retourbericht (YYYY-MM-DD); default factuurdatum + 7 days."),
    force: bool = typer.Option(False, "--force", help="Replace existing --out and --report files."),
    strict: bool = typer.Option(False, "--strict", help="Reject a receiver code outside the standard's list even "
                                                        "when well-formed (a gemeente merged away before 2023)."),
    standard: Optional[str] = standard_option(),
    layout: Optional[Path] = layout_option(),
    encoding: Optional[str] = encoding_option(reads=True),
    positions: Optional[str] = positions_option(),
) -> None:
    """Answer a declaration of any standard (JW321, GZ321, MZ301, ...) as its receiver or VECOZO would: uitval
    table, its answer (JW322, GZ322, ...) and an uitval report.

    --encoding and --positions ask what a receiver of another kind answers (one that counts UTF-8 bytes, one
    that reads Windows-1252); it answers in the character set it read. VECOZO also checks the file's extension.

    Exit 0 fully approved (or forwarded by VECOZO), 1 (partly) rejected, 2 unreadable input or usage error.
    """
    from ..controle import Ledger, receive
    from ..domain import UNRECOGNISED
    from ..errors import JwgenError
    from ..flatfile import read_limit
    from ..output import StagedFile, check_file_target, read_input
    from ..printable import printable
    from ..report import outcome_json, uitval_table
    from ..report.export import report_format
    from ..spec import TextForm, load_spec
    from ._what import not_a_declaration

    fmt = report_format(report) if report is not None else None
    when = None
    if retour_date:
        try:
            when = date.fromisoformat(retour_date)
        except ValueError:
            raise JwgenError(f"--retour-date {retour_date!r} is not a date like 2017-02-12") from None
        if when.year < 1000:
            raise JwgenError(f"--retour-date {retour_date!r}: a retour date is from 1000-01-01 (CCYYMMDD)")
    for target in (out, report):
        if target is not None:
            check_file_target(target, force, inputs=(file, state))  # fail fast, before any work
    if out is not None and report is not None and os.path.abspath(out) == os.path.abspath(report):
        raise JwgenError("--out and --report name the same file")
    use(layout, standard)
    data = read_input(file, limit=read_limit(load_spec().declaration))
    use(layout, standard, data)
    spec = load_spec()
    profile = spec.standard.profile(profile) if profile else spec.standard.receiver_profile
    form = spec.standard.reading(encoding, positions)
    staged: list = []
    # Without --state nothing is kept: receive's scratch ledger answers, and nothing is opened or written.
    with Ledger(state) if state is not None else nullcontext() as ledger:
        for path in ledger.finish_answers() if ledger is not None else ():
            print(f"jwgen: note: {printable(path, keep='')}: put in place the JW322 an earlier run had recorded in "
                  "the ledger but not written (it was stopped)", file=sys.stderr)
        kept = None
        try:
            # The answers are written (under temporary names) before the ledger commits: a full disk
            # leaves neither an answer nor a recorded file, and the same file can be sent again. The ledger
            # keeps the JW322 in the same transaction until it is in place (stopped between the commit and
            # the rename, the next run puts it there).
            with ledger.transaction() if ledger is not None else nullcontext():
                outcome = receive(data, profile=profile, ledger=ledger, spec=spec, retour_date=when, strict=strict,
                                  form=form, name=file.name)
                if outcome.status == UNRECOGNISED:
                    raise JwgenError(not_a_declaration(file, data) or f"{file}: {outcome.message}")
                if out is not None and outcome.jw322 is not None:
                    staged.append(StagedFile(out, outcome.jw322, force=force))
                    if ledger is not None:
                        kept = os.path.abspath(out)
                        ledger.hold_answer(kept, outcome.jw322)
                if report is not None:
                    from ..report.export import report_bytes
                    from ..report.rows import file_report, outcome_expected

                    built = file_report(data, outcome_expected(outcome), file.name, outcome.jw322, profile=profile,
                                        form=TextForm.of(form.encoding))  # the client's names as written
                    staged.append(StagedFile(report, report_bytes(fmt, [built]), force=force))
        except BaseException:
            for item in staged:
                item.discard()
            raise
        for item in staged:
            item.publish()
        if kept is not None:
            ledger.answer_placed(kept)
    if as_json:
        echo_json(outcome_json(outcome))
    else:
        if encoding is not None or positions is not None:
            echo(f"read as {form.describe()}")
        echo(uitval_table(outcome), nl=False)
        if out is not None:
            retour = load_spec().retour.name  # the standard's answer: JW322, GZ322, MZ302, ...
            echo(f"{retour} written to {out}" if outcome.jw322 is not None else f"no {retour} (forwarded by VECOZO)")
        if report is not None:
            rows = len(built.rows)
            echo(f"uitval report written to {report} ({rows} row{'' if rows == 1 else 's'})")
    raise typer.Exit(outcome.exit_code)


@app.command("explain")
def explain_command(code: str = typer.Argument(..., help="A retourcode, e.g. 8017."),
                    standard: Optional[str] = standard_option()) -> None:
    """What a retourcode means and what the sender should do."""
    from ..errors import JwgenError
    from ..report import explain

    use(None, standard)
    text = explain(code.strip().zfill(4) if code.strip().isdigit() else code.strip())
    if text is None:
        raise JwgenError(f"unknown retourcode {code!r} (jwgen knows JWT001-VEKT and COD954-VEKT codes)")
    echo(text, nl=False)


@app.command("conformance")
def conformance_command(
    folder: Path = typer.Argument(..., help="A folder of Vektis test files (..._TB_N3_0411_02_v1.asc, basisbestand)."),
    standard: Optional[str] = typer.Option(None, "--standard", help="The standard of every file (`jwgen standards`) "
                                           "[default: each file's own (rubriek 0102); the folder's when a file's 0102 "
                                           "names none]."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="Who answers [default: the receiver]."),
    misses: int = typer.Option(10, "--misses", help="How many misses to list."),
    layout: Optional[Path] = layout_option(),
) -> None:
    """Run Vektis's RBC test files through the receiver: per PORTES level the files, caught as named, missed.

    Each file is judged as the standard its rubriek 0102 names (a file whose 0102 names none: as the folder's,
    the one most files name); the output's first line says which. A file that gets no answer (no JW322/GZ322)
    is a miss, unless it has no voorlooprecord or its message cannot be identified (STB 6.8.1).

    Exit 0 when every file is caught (or is a documented registry case), 1 when any is missed or a documented
    registry case is caught after all (the list in conformance.json is stale), 2 usage error.
    """
    from ..conformance import file_standard, folder_standard, passed, run_folder, table
    from ..spec import load_spec

    of_layout = standard
    if standard is None and layout is not None and folder.is_dir():  # a layout is of one standard: the folder's
        of_layout = folder_standard([file_standard(p.read_bytes()) for p in sorted(folder.iterdir())
                                     if p.is_file() and p.suffix.lower() == ".asc"])
    use(layout, of_layout)
    verdicts = run_folder(folder, load_spec() if standard is not None else None, profile)
    echo(table(verdicts, misses), nl=False)
    raise typer.Exit(0 if passed(verdicts) else 1)
