"""``jwgen scenarios`` and ``jwgen scenario``: ready fixture sets that tell a story."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from . import app, echo, encoding_option, layout_option, profile_of, standard_option, use


@app.command("scenarios")
def scenarios_command() -> None:
    """List the built-in scenarios with a one-line description."""
    from ..scenario import builtin_names, load

    for name in builtin_names():
        scenario, _ = load(name)
        echo(f"{name:26} {scenario.get('title', '')}")


@app.command("scenario")
def scenario_command(
    name: str = typer.Argument(..., help="A built-in scenario (jwgen scenarios) or a path to a .yaml file."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Seed [default: the scenario's own]."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder [default: jwgen-NAME]."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p",
                                          help="Default receiver for steps that name none: the standard's "
                                               "receiver (gemeente for JW321) or vecozo."),
    force: bool = typer.Option(False, "--force", help="Replace the contents of a non-empty --out folder."),
    standard: Optional[str] = standard_option(),
    layout: Optional[Path] = layout_option(),
    encoding: Optional[str] = encoding_option(),
) -> None:
    """Write a scenario's fixture set: per step the JW321 and expected JW322, manifest.json, README.md, index.html.

    --encoding writes the same story in that character set (a step that names its own keeps it)."""
    from ..errors import JwgenError
    from ..output import check_target, write_tree
    from ..scenario import load, scenario_set

    from ..spec import load_spec

    use(layout, standard)
    profile = profile_of(profile)
    if seed is not None and seed < 0:
        raise JwgenError(f"--seed must be 0 or more, not {seed}")
    scenario, file = load(name)
    target = out or Path(f"jwgen-{scenario['name']}")
    check_target(target, force, inputs=(name if os.path.lexists(name) else None, layout))  # a YAML file read
    from ._progress import progress

    with progress(f"jwgen scenario {scenario['name']}", "steps") as tick:
        files = scenario_set(scenario, seed, profile, file=file, progress=tick, encoding=encoding)
    write_tree(target, files, force=force)
    steps = sum(1 for f in files if f.endswith(f".{load_spec().declaration.name}.txt"))
    echo(f"{target}: scenario {scenario['name']}, {steps} step(s), confirmed by the receiver; "
         f"open {target / 'index.html'}")
