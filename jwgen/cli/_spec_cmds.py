"""``jwgen spec`` and ``jwgen show``: look at the standard and at any file."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app, echo

LayoutOption = typer.Option(None, "--layout", help="An edited layouts.json to use instead of the built-in reconstruction.")


@app.command("spec")
def spec_command(
    record: Optional[str] = typer.Argument(None, help="Record type (01, 02, ...) to list field by field."),
    message: str = typer.Option("JW321", "--message", "-m", help="JW321 or JW322."),
    layout: Optional[Path] = LayoutOption,
) -> None:
    """List record types, or the fields of one record type with their confidence."""
    from ..errors import JwgenError
    from ..spec import load_spec

    from ..output import regular_file

    spec = load_spec(regular_file(layout))
    message = message.upper()
    if message not in ("JW321", "JW322"):
        raise JwgenError(f"--message must be JW321 or JW322, not {message!r}")
    layout_ = spec.message(message)
    names = layout_.structure.get("names") or spec.jw321.structure["names"]
    if record is None:
        echo(f"{message} v{layout_.version} {layout_.title} (code {layout_.cod002}), "
             f"record length {layout_.record_length}; layout: {spec.layout_source}")
        for rtype, rec in layout_.records.items():
            low = sum(1 for f in rec.fields if f.confidence.startswith(("reconstructed", "unknown")))
            echo(f"  {rtype}  {names.get(rtype, ''):22} {len(rec.fields):3} fields, {low} reconstructed")
        return
    if record not in layout_.records:
        raise JwgenError(f"{message} has no record type {record!r} (have {', '.join(layout_.records)})")
    echo(f"{'rubriek':7} {'start':>5} {'len':>4} {'type':4} {'use':3} {'key':38} confidence")
    for f in layout_.records[record].fields:
        echo(f"{f.id:7} {f.start:5} {f.length:4} {f.type:4} {f.use:3} {f.key:38} {f.confidence}")


@app.command("show")
def show_command(
    file: Path = typer.Argument(..., help="A JW321 or JW322 file."),
    all_fields: bool = typer.Option(False, "--all", help="Also show empty fields and reserve."),
    layout: Optional[Path] = LayoutOption,
) -> None:
    """Field-by-field view of any JW321/JW322 file: rubriek, name, value."""
    from ..flatfile import read_limit
    from ..output import read_input, regular_file
    from ..show import render
    from ..spec import load_spec

    limit = read_limit(load_spec().jw321)
    echo(render(read_input(file, limit=limit), regular_file(layout), all_fields), nl=False)
