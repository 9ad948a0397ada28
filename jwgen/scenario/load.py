"""Find and read scenario files: a built-in name (scenarios/NAME.yaml) or a path."""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

from ..output import read_input
from .schema import ScenarioError, parse

BUILTIN = resources.files("jwgen") / "scenarios"
MAX_BYTES = 1024 * 1024  # a scenario file is read whole; the built-in ones are a few kB


def builtin_names() -> list[str]:
    return sorted(p.name[:-5] for p in BUILTIN.iterdir() if p.name.endswith(".yaml"))


def load(name_or_path: str) -> tuple[dict[str, Any], str]:
    """(scenario, file name shown in errors) for a built-in name or a YAML file."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or os.path.lexists(path):
        if not os.path.lexists(path):
            raise ScenarioError(f"{path}: no such scenario file")
        data = read_input(path, limit=MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ScenarioError(f"{path}: larger than {MAX_BYTES} bytes; a scenario is a short story")
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ScenarioError(f"{path}: cannot read it ({error})") from None
        return parse(source, str(path)), str(path)
    if name_or_path not in builtin_names():
        raise ScenarioError(f"no scenario {name_or_path!r}; built-in: {', '.join(builtin_names())} "
                            "(or give a path to a .yaml file)")
    resource = BUILTIN / f"{name_or_path}.yaml"
    return parse(resource.read_text(encoding="utf-8"), f"scenarios/{name_or_path}.yaml"), \
        f"scenarios/{name_or_path}.yaml"
