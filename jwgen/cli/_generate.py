"""``jwgen generate``: a folder with a valid JW321 and its manifest."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app


@app.command("generate")
def generate_command(
    seed: int = typer.Option(0, "--seed", help="Seed; the same seed and options give the same bytes."),
    out: Path = typer.Option(Path("jwgen-out"), "--out", "-o", help="Output folder (must be empty unless --force)."),
    verzekerden: Optional[int] = typer.Option(None, "--verzekerden", help="Number of verzekerden [default: 3]."),
    prestaties: str = typer.Option("1..3", "--prestaties", help="Prestaties per verzekerde: N or MIN..MAX."),
    tarieven: str = typer.Option("1..2", "--tarieven", help="Tariefrecords per prestatie: N or MIN..MAX."),
    records: Optional[int] = typer.Option(None, "--records",
                                          help="Fill the file to exactly N records (voorloop and sluit included)."),
    debiteur: bool = typer.Option(False, "--debiteur/--no-debiteur", help="A debiteurrecord per verzekerde."),
    zorgactiviteit: bool = typer.Option(False, "--zorgactiviteit", help="0..2 zorgactiviteitrecords per prestatie."),
    tijdsbesteding: bool = typer.Option(False, "--tijdsbesteding", help="0..2 tijdsbestedingrecords per prestatie."),
    commentaar: bool = typer.Option(False, "--commentaar", help="1..2 commentaarrecords per verzekerde."),
    gemeente: str = typer.Option("0363", "--gemeente", help="CBS gemeentecode of the receiving gemeente."),
    period: str = typer.Option("2017-03", "--period", help="Declaratieperiode (one month), YYYY-MM."),
    soort_bericht: str = typer.Option("T", "--soort-bericht", help="T (test) or P (productie)."),
    zonder_bsn: float = typer.Option(0.0, "--zonder-bsn", help="Share (0..1) of verzekerden without BSN (999999999)."),
    force: bool = typer.Option(False, "--force", help="Replace the contents of a non-empty --out folder."),
) -> None:
    """Generate a realistic, valid JW321 declaration and manifest.json into a folder."""
    from ..errors import JwgenError
    from ..generate import GenerateOptions, build_valid_set, parse_gemeentecode, parse_period, parse_range
    from ..output import check_target, write_tree
    from ..spec import load_spec

    if seed < 0:
        raise JwgenError(f"--seed must be 0 or more, not {seed}")
    if verzekerden is not None and records is not None:
        raise JwgenError("use --verzekerden or --records, not both")
    check_target(out, force)  # fail fast, before any work
    year, month = parse_period(period)
    options = GenerateOptions(
        verzekerden=3 if verzekerden is None else verzekerden,
        prestaties=parse_range(prestaties, "--prestaties"), tarieven=parse_range(tarieven, "--tarieven"),
        records=records, debiteur=debiteur, zorgactiviteit=zorgactiviteit, tijdsbesteding=tijdsbesteding,
        commentaar=commentaar, gemeentecode=parse_gemeentecode(gemeente), year=year, month=month,
        soort_bericht=soort_bericht.upper(), zonder_bsn=zonder_bsn)
    result = build_valid_set(options, seed, load_spec())
    write_tree(out, result.tree(), force=force)
    counts = result.manifest["records"]
    amount = result.manifest["total_amount"]
    typer.echo(f"{out}: {result.manifest['jw321']} ({counts['total']} records, "
               f"{amount['eurocent'] / 100:.2f} EUR {amount['dc']}) and manifest.json")
