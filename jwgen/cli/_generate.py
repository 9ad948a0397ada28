"""``jwgen generate``: a folder with a valid JW321 and its manifest."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..generate import GENERATOR_OPTIONS
from . import app, defect_ids, echo, layout_option, profile_of, standard_option, use


def option_flag(name: str):
    """The typer option of one generator option: flags, help and default from the table
    (:data:`jwgen.generate.GENERATOR_OPTIONS`); the parameter must be called ``name``."""
    option = GENERATOR_OPTIONS[name]
    return typer.Option(option.cli_default, *option.flags, help=option.help)


@app.command("generate")
def generate_command(
    context: typer.Context,
    seed: int = typer.Option(0, "--seed", help="Seed; the same seed and options give the same bytes."),
    out: Path = typer.Option(Path("jwgen-out"), "--out", "-o", help="Output folder (must be empty unless --force)."),
    # The generator's options: options_from_cli reads them from context.params, by these names.
    verzekerden: Optional[int] = option_flag("verzekerden"),
    prestaties: str = option_flag("prestaties"),
    tarieven: str = option_flag("tarieven"),
    records: Optional[int] = option_flag("records"),
    debiteur: bool = option_flag("debiteur"),
    zorgactiviteit: bool = option_flag("zorgactiviteit"),
    tijdsbesteding: bool = option_flag("tijdsbesteding"),
    commentaar: bool = option_flag("commentaar"),
    gemeente: Optional[str] = option_flag("gemeente"),
    period: str = option_flag("period"),
    soort_bericht: str = option_flag("soort_bericht"),
    zonder_bsn: float = option_flag("zonder_bsn"),
    ascii: bool = option_flag("ascii"),
    encoding: Optional[str] = option_flag("encoding"),
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
    from ..generate import options_from_cli
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
    check_target(out, force, inputs=(layout,))  # fail fast, before any work
    base_encoding = options_from_cli(context.params).text_form(spec).encoding  # --encoding, --ascii checked here
    if defect or all_defects:
        if defect and all_defects:
            raise JwgenError("use --defect or --all-defects, not both")
        if verzekerden is not None or records is not None:
            raise JwgenError("--verzekerden and --records apply to valid files; defect cases use jwgen's base file")
        import json

        from ..report.manifest import read_manifest
        from ..sets import all_defects_set, defect_set
        from ._progress import progress

        if all_defects:
            with progress("jwgen generate --all-defects", "cases") as tick:
                files = all_defects_set(seed, profile, progress=tick, encoding=base_encoding)
        else:
            files = defect_set(defect, seed, profile, encoding=base_encoding)
        write_tree(out, files, force=force)
        cases = len(read_manifest(json.loads(files["manifest.json"])).cases)
        echo(f"{out}: {cases} confirmed defect case(s) for {profile}, with expected {spec.retour.name} and "
             "manifest.json")
        return
    options = options_from_cli(context.params)
    from ..sets import build_valid_set

    result = build_valid_set(options, seed, spec, profile)
    write_tree(out, result.with_views(), force=force)
    manifest = result.manifest
    from ..report.money import money

    echo(f"{out}: {manifest.jw321} ({manifest.records.total} records, "
         f"{money(manifest.total_amount.eurocent, manifest.total_amount.dc)}), expected answer "
         f"({profile}: {manifest.expected.status}), manifest.json; open {out / 'index.html'}")
