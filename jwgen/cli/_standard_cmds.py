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
    message: Optional[str] = typer.Option(None, "--message", "-m", help="The declaration message's name where the "
                                                                        "BER names none (a text export) [default: "
                                                                        "the standard's name]; its retour's follows "
                                                                        "(GZ311 -> GZ312)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="The folder of standards to write it in, as "
                                                                 "OUT/NAME [default: $JWGEN_STANDARDS, else "
                                                                 "./jwgen-standards]."),
    force: bool = typer.Option(False, "--force", help="Replace a standard of that name jwgen wrote there."),
) -> None:
    """Make a standard from a BER: layouts, conditions, code lists and standard.json, in a folder jwgen reads.
    What the BER does not say (the receiver, profiles, character set) is a documented default: edit the folder.
    A built-in standard's name is refused, except with --out to a folder jwgen does not read standards from
    (to compare what the BER gives with the built-in one)."""
    from ..output import read_input
    from ..spec.ber import read_ber
    from ..spec.new_standard import build, check_place, file_bytes
    from ..spec.standard_folders import user_root

    parsed = read_ber(ber, read_input(ber))
    parsed_retour = read_ber(retour, read_input(retour)) if retour is not None else None
    files = build(parsed, parsed_retour, name, message)
    standard = files["standard.json"]
    root = out if out is not None else user_root()
    check_place(standard["name"], root)
    target = root / standard["name"]
    spec = _write_standard(target, standard["name"], file_bytes(files), force, inputs=(ber, retour))
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


def _write_standard(target: Path, name: str, files: dict[str, bytes], force: bool, inputs=()):  # noqa: ANN001
    """Write a standard's folder beside ``target``, load and self-check it as jwgen will read it, and only then
    put it in place (nothing written when it does not load); the loaded spec."""
    from ..controle import check_rule_table
    from ..output import StagedTree, check_target
    from ..spec import load_folder

    check_target(target, force, inputs=inputs)
    with StagedTree(target, force) as tree:
        for relative, data in files.items():
            tree.write(relative, data)
        spec = load_folder(tree.folder, name)
        check_rule_table(spec)
        tree.publish()
    return spec


@standard_app.command("rebuild")
def standard_rebuild(
    out: Path = typer.Option(..., "--out", "-o", help="The folder to write the standards in, as OUT/NAME (the "
                                                      "built-in ones are in jwgen/spec/standards)."),
    names: Optional[list[str]] = typer.Argument(None, help="Only these standards [default: every one listed]."),
    force: bool = typer.Option(False, "--force", help="Replace a standard's folder jwgen wrote there."),
) -> None:
    """Rebuild the built-in standards made from a BER alone (jwgen/spec/sources/standards.json: MZ301, AP304,
    ...), each exactly as `jwgen standard add` makes it from the vendored BERs. JW321 and GZ321 are made by hand
    and `jwgen spec derive`."""
    from ..errors import JwgenError
    from ..spec.builtin_standards import folder_files, listed

    entries = listed()
    wanted = [n.upper() for n in names or []]
    unknown = [n for n in wanted if n not in {e.name for e in entries}]
    if unknown:
        raise JwgenError(f"{', '.join(unknown)}: not a standard jwgen makes from a BER; the list has "
                         f"{', '.join(e.name for e in entries)}")
    for entry in entries:
        if wanted and entry.name not in wanted:
            continue
        target = out / entry.name
        spec = _write_standard(target, entry.name, folder_files(entry), force)
        sources = " and ".join(s for s in (entry.ber, entry.retour) if s)
        echo(f"{target}: {entry.name} v{spec.standard.version} ({spec.declaration.name}/{spec.retour.name}) "
             f"from {sources}")


@standard_app.command("edits")
def standard_edits(
    name: str = typer.Argument(..., help="The standard (jwgen standards lists them)."),
    ber: Optional[Path] = typer.Option(None, "--ber", help="The BER to compare with [default: the standard's own: "
                                                           "its derivation.json's (JW321, GZ321) or its entry in "
                                                           "jwgen/spec/sources/standards.json]; needed for yours."),
    retour: Optional[Path] = typer.Option(None, "--retour", help="The retour message's BER, as for standard add."),
    message: Optional[str] = typer.Option(None, "--message", help="The declaration's name, as for standard add."),
    every: bool = typer.Option(False, "--all", help="List every edit, not only the counts."),
) -> None:
    """What a standard's folder says beyond what its BER gives: its edits over the folder `jwgen standard add`
    makes from the same BER (for JW321 and GZ321 the hand-made parts; none for a standard made from its BER)."""
    from ..errors import JwgenError
    from ..output import regular_file
    from ..spec import load_spec
    from ..spec.ber import read_ber
    from ..spec.standard_edits import edits_of, own_sources

    spec = load_spec(standard=name)
    if ber is not None:
        sources = (read_ber(regular_file(ber)), read_ber(regular_file(retour)) if retour else None, message)
    else:
        if retour is not None:
            raise JwgenError("--retour goes with --ber")
        sources = own_sources(spec.standard.name)
        if sources is None:
            raise JwgenError(f"{spec.standard.name}: jwgen does not have its BER; give it with --ber (and --retour)")
    found = edits_of(spec.standard.name, *sources)
    echo(f"{found.name} over the folder jwgen standard add makes from {found.source}: {found.count()} edit(s)")
    echo(f"  files:           {', '.join(found.files) or 'the same'}")
    by_what: dict[str, int] = {}
    for _, what, _ in found.layouts:
        by_what[what] = by_what.get(what, 0) + 1
    echo(f"  layouts.json:    {len(found.layouts)} ({', '.join(f'{what} {n}' for what, n in sorted(by_what.items())) or 'none'})")
    c = found.conditions
    echo(f"  conditions.json: {sum(c.values())} rubrieken: {c['same']} as the BER's words give them, "
         f"{c['changed']} otherwise, {c['only-folder']} only in the folder, {c['only-ber']} only from the BER")
    echo(f"  standard.json:   {', '.join(found.standard) or 'as the BER gives it'}")
    if every:
        for where, what, change in found.layouts:
            echo(f"  layouts.json {where} {what}: {change}")
        if found.changed_conditions:
            echo(f"  conditions.json otherwise: {' '.join(found.changed_conditions)}")


@app.command("standards")
def standards_command(
    table: bool = typer.Option(False, "--table", help="One markdown table instead: per standard its version, "
                                                      "codes, source, record types, rubrieken, BER conditions "
                                                      "(implemented / structural / not checkable) and the defects "
                                                      "that apply (the README's table)."),
) -> None:
    """Every standard jwgen knows, built-in and your own: version, COD002 code, source BER, what was derived
    from it and what was edited (or chosen by default)."""
    from ..spec import SpecError, load_spec, standard_names
    from ..spec.provenance import provenance

    if table:
        from ..sets.applicable import defects_that_apply  # lazy: the spec layer does not know the defects
        from ..spec.standards_table import table as standards_table

        echo(standards_table(standard_names(), defects_that_apply), nl=False)
        return
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
        since = "jwgen standard rebuild" if made.where == "built-in" else "jwgen standard add"
        echo(f"  edited:   {', '.join(made.edited) or 'nothing since ' + since}")
