"""``jwgen validate`` and ``jwgen explain``: the receiver on the command line."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

import typer

from . import app, echo


@app.command("validate")
def validate_command(
    file: Path = typer.Argument(..., help="The JW321 file to check."),
    profile: str = typer.Option("gemeente", "--profile", "-p", help="gemeente (default) or vecozo."),
    state: Optional[Path] = typer.Option(None, "--state", help="SQLite ledger carried across files (in memory when omitted)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the JW322 here."),
    as_json: bool = typer.Option(False, "--json", help="Print the outcome as JSON instead of a table."),
    retour_date: Optional[str] = typer.Option(None, "--retour-date", help="Dagtekening retourbericht (YYYY-MM-DD); default factuurdatum + 7 days."),
    force: bool = typer.Option(False, "--force", help="Replace an existing --out file."),
) -> None:
    """Answer a JW321 as a gemeente or VECOZO would: uitval table and JW322.

    Exit 0 fully approved (or forwarded by VECOZO), 1 (partly) rejected, 2 unreadable input or usage error.
    """
    from ..controle import Ledger, receive
    from ..errors import JwgenError
    from ..flatfile import read_limit
    from ..output import StagedFile, check_file_target, read_input
    from ..printable import json_text
    from ..report import outcome_json, uitval_table
    from ..spec import load_spec

    if profile not in ("gemeente", "vecozo"):
        raise JwgenError(f"--profile must be gemeente or vecozo, not {profile!r}")
    when = None
    if retour_date:
        try:
            when = date.fromisoformat(retour_date)
        except ValueError:
            raise JwgenError(f"--retour-date {retour_date!r} is not a date like 2017-02-12") from None
        if when.year < 1000:
            raise JwgenError(f"--retour-date {retour_date!r}: a JW322 date is from 1000-01-01 (CCYYMMDD)")
    if out is not None:
        check_file_target(out, force)  # fail fast, before any work
    spec = load_spec()
    data = read_input(file, limit=read_limit(spec.jw321))
    staged = None
    with Ledger(state) as ledger:
        try:
            # The JW322 is written (under a temporary name) before the ledger commits: a full disk
            # leaves neither an answer nor a recorded file, and the same file can be sent again.
            with ledger.transaction():
                outcome = receive(data, profile=profile, ledger=ledger, spec=spec, retour_date=when)
                if outcome.status == "unrecognised":
                    raise JwgenError(f"{file}: {outcome.message}")
                if out is not None and outcome.jw322 is not None:
                    staged = StagedFile(out, outcome.jw322, force=force)
        except BaseException:
            if staged is not None:
                staged.discard()
            raise
    if staged is not None:
        staged.publish()
    if as_json:
        echo(json_text(outcome_json(outcome), indent=2))
    else:
        echo(uitval_table(outcome), nl=False)
        if out is not None:
            echo(f"JW322 written to {out}" if outcome.jw322 is not None else "no JW322 (forwarded by VECOZO)")
    raise typer.Exit(outcome.exit_code)


@app.command("explain")
def explain_command(code: str = typer.Argument(..., help="A retourcode, e.g. 8017.")) -> None:
    """What a retourcode means and what the sender should do."""
    from ..errors import JwgenError
    from ..report import explain

    text = explain(code.strip().zfill(4) if code.strip().isdigit() else code.strip())
    if text is None:
        raise JwgenError(f"unknown retourcode {code!r} (jwgen knows JWT001-VEKT and COD954-VEKT codes)")
    echo(text, nl=False)
