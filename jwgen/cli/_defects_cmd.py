"""``jwgen defects``: the catalogue of deliberately broken files."""
from __future__ import annotations

import typer

from . import app, echo, echo_json


@app.command("defects")
def defects_command(as_json: bool = typer.Option(False, "--json", help="Print the catalogue as JSON.")) -> None:
    """List the defect catalogue: id, PORTES level, retourcode(s), profiles, title."""
    from ..defects import CATALOGUE
    from ..spec import load_spec

    spec = load_spec()
    if as_json:
        echo_json([{"id": d.id, "title": d.title, "level": d.level, "stage": d.stage,
                    "rules": list(d.rules), "retourcodes": d.retourcodes(spec),
                    "profiles": d.profiles(spec), "needs_earlier_files": d.history,
                    "breaks": d.breaks, "encoding": d.encoding,
                    "read_as": dict(zip(("encoding", "positions"), d.reading)) if d.reading else None}
                   for d in CATALOGUE.values()])
        return
    echo(f"{'id':30} {'level':5} {'retourcode':11} {'profiles':16} title")
    for d in CATALOGUE.values():
        codes = ",".join(d.retourcodes(spec)) or "(no JW322)"
        echo(f"{d.id:30} {d.level:<5} {codes:11} {'/'.join(d.profiles(spec)):16} {d.title}")
