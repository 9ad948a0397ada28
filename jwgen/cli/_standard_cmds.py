"""``jwgen standard add`` (a standard from a BER, by one command) and ``jwgen standards`` (every standard)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import CONTEXT, app, echo

standard_app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None, context_settings=CONTEXT,
                           help="Standards of your own: made from a Vektis BER by one command (add).")
app.add_typer(standard_app, name="standard")


@standard_app.command("add")
def standard_add(
    ber: Path = typer.Argument(..., help="The BER export of the declaration message (.txt, .xls or .xlsx)."),
    retour: Optional[Path] = typer.Option(None, "--retour", help="The BER export of its retour message (MZ302 for "
                                                                  "MZ301); without it the retour blocks of the "
                                                                  "built-in standard with the same receiver."),
    name: Optional[str] = typer.Option(None, "--name", help="The standard's name [default: the BER's "
                                                            "Standaardcode, e.g. MZ301]."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="The folder of standards to write it in, as "
                                                                 "OUT/NAME [default: $JWGEN_STANDARDS, else "
                                                                 "./jwgen-standards]."),
    force: bool = typer.Option(False, "--force", help="Replace a standard of that name jwgen wrote there."),
) -> None:
    """Make a standard from a BER: layouts, conditions, code lists and standard.json, in a folder jwgen reads.
    What the BER does not say (the receiver, profiles, character set) is a documented default: edit the folder."""
    from ..controle import check_rule_table
    from ..output import StagedTree, check_target, read_input
    from ..spec import load_folder
    from ..spec.ber import read_ber
    from ..spec.new_standard import build, file_bytes
    from ..spec.standard_folders import user_root

    parsed = read_ber(ber, read_input(ber))
    parsed_retour = read_ber(retour, read_input(retour)) if retour is not None else None
    files = build(parsed, parsed_retour, name)
    standard = files["standard.json"]
    target = (out if out is not None else user_root()) / standard["name"]
    check_target(target, force, inputs=(ber, retour))
    with StagedTree(target, force) as tree:
        for relative, data in file_bytes(files).items():
            tree.write(relative, data)
        spec = load_folder(tree.folder, standard["name"])  # it loads, as jwgen will read it, or nothing is written
        check_rule_table(spec)
        tree.publish()
    counts = spec.conditions.counts()
    rubrieken = sum(len(layout.fields) for layout in spec.declaration.records.values())
    echo(f"{target}: {spec.standard.name} v{spec.standard.version}, {spec.declaration.name} (COD002 "
         f"{spec.declaration.cod002}) and {spec.retour.name} (COD002 {spec.retour.cod002}); record types "
         f"{' '.join(spec.declaration.records)}, {rubrieken} rubrieken; {len(spec.conditions)} BER conditions ("
         + ", ".join(f"{n} {cls}" for cls, n in counts.items()) + ")")
    echo(f"  defaults of the built-in {standard['made']['template']}: receiver {spec.standard.receiver['name']} "
         f"({spec.standard.receiver['key']}), profiles {', '.join(spec.standard.profiles)}, "
         f"{spec.standard.encoding.encoding}; edit {target / 'standard.json'} to change them")
    if out is not None and Path(out).resolve() != user_root().resolve():
        echo(f"  jwgen reads standards from $JWGEN_STANDARDS (else ./jwgen-standards): set JWGEN_STANDARDS={out}")


@app.command("standards")
def standards_command() -> None:
    """Every standard jwgen knows, built-in and your own: version, COD002 code, source BER, what was derived
    from it and what was edited (or chosen by default)."""
    from ..spec import SpecError, load_spec, standard_names
    from ..spec.provenance import provenance

    for name in standard_names():
        made = provenance(name)
        try:
            spec = load_spec(standard=name)
            head = (f"{name} v{spec.standard.version}  {spec.declaration.name}/{spec.retour.name}  COD002 "
                    f"{spec.declaration.cod002}/{spec.retour.cod002}  {spec.standard.title}")
        except SpecError as error:
            head = f"{name}  does not load: {error}"
        echo(head)
        echo(f"  where:    {made.where}")
        echo(f"  source:   {', '.join(made.sources) or '-'}")
        echo(f"  derived:  {', '.join(made.derived) or '-'}")
        if made.defaults:
            echo(f"  defaults: {', '.join(made.defaults)}")
        echo(f"  edited:   {', '.join(made.edited) or 'nothing since jwgen standard add'}")
