"""Find and read scenario files: a built-in name (scenarios/NAME.yaml) or a path."""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from .schema import ScenarioError, parse

BUILTIN = resources.files("jwgen") / "scenarios"


def builtin_names() -> list[str]:
    return sorted(p.name[:-5] for p in BUILTIN.iterdir() if p.name.endswith(".yaml"))


def load(name_or_path: str) -> tuple[dict[str, Any], str]:
    """(scenario, file name shown in errors) for a built-in name or a YAML file."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        try:
            source = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ScenarioError(f"{path}: no such scenario file") from None
        except (OSError, UnicodeDecodeError) as error:
            raise ScenarioError(f"{path}: cannot read it ({error})") from None
        return parse(source, str(path)), str(path)
    if name_or_path not in builtin_names():
        raise ScenarioError(f"no scenario {name_or_path!r}; built-in: {', '.join(builtin_names())} "
                            "(or give a path to a .yaml file)")
    resource = BUILTIN / f"{name_or_path}.yaml"
    return parse(resource.read_text(encoding="utf-8"), f"scenarios/{name_or_path}.yaml"), \
        f"scenarios/{name_or_path}.yaml"
