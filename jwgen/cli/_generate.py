"""``jwgen generate``: a folder with a valid JW321 and its manifest."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app, defect_ids, echo, layout_option, profile_of, standard_option, use


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
    gemeente: Optional[str] = typer.Option(None, "--gemeente", "--uzovi",
                                           help="The receiver: CBS gemeentecode (JW321) [default: 0363] or "
                                                "UZOVI-nummer (GZ321) [default: 7119]."),
    period: str = typer.Option("2017-03", "--period", help="Declaratieperiode (one month), YYYY-MM."),
    soort_bericht: str = typer.Option("T", "--soort-bericht", help="T (test) or P (productie)."),
    zonder_bsn: float = typer.Option(0.0, "--zonder-bsn", help="Share (0..1) of verzekerden without BSN (999999999)."),
    ascii_only: bool = typer.Option(False, "--ascii", help="Every text value ASCII (diacritics folded): for receivers "
                                                           "that count bytes instead of characters."),
    force: bool = typer.Option(False, "--force", help="Replace the contents of a non-empty --out folder."),
    defect: Optional[list[str]] = typer.Option(None, "--defect", "--defects", "-d",
                                               help="Break the file with these defects: repeatable and/or "
                                                    "comma-separated (-d a -d b or -d a,b); see jwgen defects."),
    all_defects: bool = typer.Option(False, "--all-defects", help="One case per defect of the catalogue."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p",
                                          help="Who answers: the standard's receiver (gemeente for JW321, "
                                               "zorgverzekeraar for GZ321; the default) or vecozo (any case)."),
    standard: Optional[str] = standard_option(),
    layout: Optional[Path] = layout_option(),
) -> None:
    """Generate a realistic JW321 (valid, or broken with --defect) with its expected JW322 and manifest.json.

    Broken files start from jwgen's defect base file (every record type present); the shape options
    (--verzekerden, --records, ...) apply to valid files only.
    """
    from ..errors import JwgenError
    from ..generate import GenerateOptions, parse_period, parse_range, parse_receiver_code
    from ..output import check_target, write_tree
    from ..spec import load_spec

    use(layout, standard)
    spec = load_spec()
    profile = profile_of(profile) or spec.standard.receiver_profile
    if seed < 0:
        raise JwgenError(f"--seed must be 0 or more, not {seed}")
    if verzekerden is not None and records is not None:
        raise JwgenError("use --verzekerden or --records, not both")
    defect = defect_ids(defect)
    check_target(out, force)  # fail fast, before any work
    if defect or all_defects:
        if defect and all_defects:
            raise JwgenError("use --defect or --all-defects, not both")
        if verzekerden is not None or records is not None:
            raise JwgenError("--verzekerden and --records apply to valid files; defect cases use jwgen's base file")
        from ..sets import all_defects_set, defect_set
        from ._progress import progress

        if all_defects:
            with progress("jwgen generate --all-defects", "cases") as tick:
                files = all_defects_set(seed, profile, progress=tick)
        else:
            files = defect_set(defect, seed, profile)
        write_tree(out, files, force=force)
        cases = files["manifest.json"].count(b'"case":')
        echo(f"{out}: {cases} confirmed defect case(s) for {profile}, with expected JW322 and manifest.json")
        return
    year, month = parse_period(period)
    options = GenerateOptions(
        verzekerden=3 if verzekerden is None else verzekerden,
        prestaties=parse_range(prestaties, "--prestaties"), tarieven=parse_range(tarieven, "--tarieven"),
        records=records, debiteur=debiteur, zorgactiviteit=zorgactiviteit, tijdsbesteding=tijdsbesteding,
        commentaar=commentaar, receiver_code=parse_receiver_code(gemeente) if gemeente else None, year=year, month=month,
        soort_bericht=soort_bericht.upper(), zonder_bsn=zonder_bsn, ascii=ascii_only)
    from ..sets import build_valid_set

    result = build_valid_set(options, seed, spec, profile)
    write_tree(out, result.with_views(), force=force)
    manifest = result.manifest
    from ..report.money import money

    echo(f"{out}: {manifest.jw321} ({manifest.records.total} records, "
         f"{money(manifest.total_amount.eurocent, manifest.total_amount.dc)}), expected answer "
         f"({profile}: {manifest.expected.status}), manifest.json; open {out / 'index.html'}")
