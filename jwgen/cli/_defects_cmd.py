"""``jwgen defects``: the catalogue of deliberately broken files."""
from __future__ import annotations

import typer

from . import app, echo, echo_json, standard_option, use


@app.command("defects")
def defects_command(as_json: bool = typer.Option(False, "--json", help="Print the catalogue as JSON."),
                    standard: str = standard_option()) -> None:
    """List the defect catalogue: id, PORTES level, retourcode(s), profiles, title; for a standard without what a
    defect breaks (MZ301 has no tariefrecord), that defect last, with the reason instead of its profiles."""
    from ..defects import CATALOGUE
    from ..spec import load_spec

    use(None, standard)
    spec = load_spec()
    if as_json:
        echo_json([{"id": d.id, "title": d.title, "level": d.level, "stage": d.stage,
                    "rules": list(d.rules), "retourcodes": d.retourcodes(spec),
                    "profiles": d.profiles(spec), "needs_earlier_files": d.history,
                    "breaks": d.breaks_in(spec), "encoding": d.encoding,
                    "read_as": dict(zip(("encoding", "positions"), d.reading)) if d.reading else None,
                    "not_in_standard": d.missing(spec)}
                   for d in CATALOGUE.values()])
        return
    echo(f"{'id':30} {'level':5} {'retourcode':11} {'profiles':16} title")
    absent = []
    for d in CATALOGUE.values():
        missing = d.missing(spec)
        if missing is not None:
            absent.append((d, missing))
            continue
        codes = ",".join(d.retourcodes(spec)) or f"(no {spec.retour.name})"
        echo(f"{d.id:30} {d.level:<5} {codes:11} {'/'.join(d.profiles(spec)):16} {d.title}")
    if absent:
        echo(f"\nnot in {spec.standard.name} ({len(absent)}):")
        for d, missing in absent:
            echo(f"{d.id:30} {missing}")
