"""Where jwgen finds its standards: the built-in folder first, then the user's.

A standard is a folder holding a ``standard.json``. The built-in ones are package data
(``jwgen/spec/standards``); a user's (made by ``jwgen standard add``) live in one folder of standards:
``$JWGEN_STANDARDS`` when that is set, else ``./jwgen-standards/`` in the current folder. A user standard's
folder is named after the standard (``jwgen-standards/MZ301/standard.json`` names MZ301). A user standard may
not take the name of a built-in one: jwgen refuses it in one line rather than pick one of the two silently.

>>> "JW321" in names() and "GZ321" in names() and "MZ301" in names()
True
>>> handmade_names()
('GZ321', 'JW321')
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import JwgenError

BUILTIN = resources.files("jwgen.spec") / "standards"
ENVIRONMENT = "JWGEN_STANDARDS"  # the user's folder of standards
LOCAL = "jwgen-standards"  # ... else this one, in the current folder


def user_root() -> Path:
    """The folder of the user's standards: ``$JWGEN_STANDARDS``, else ``./jwgen-standards``."""
    chosen = os.environ.get(ENVIRONMENT, "").strip()
    return Path(chosen) if chosen else Path(LOCAL)


@lru_cache(maxsize=1)
def builtin_names() -> tuple[str, ...]:
    """The standards jwgen ships (package data: the folder does not change while jwgen runs)."""
    return tuple(sorted(entry.name for entry in BUILTIN.iterdir() if (entry / "standard.json").is_file()))


@lru_cache(maxsize=1)
def handmade_names() -> tuple[str, ...]:
    """The built-in standards written by hand (JW321, GZ321): those whose standard.json says no ``made``; the
    others are made from a BER by ``jwgen standard rebuild`` (:mod:`jwgen.spec.builtin_standards`)."""
    return tuple(name for name in builtin_names()
                 if "made" not in json.loads((BUILTIN / name / "standard.json").read_text(encoding="utf-8")))


def read_here(root: Path | str) -> bool:
    """Whether jwgen reads standards from the folder ``root`` (the built-in folder, the user's)."""
    try:
        place = Path(root).resolve()
        return place in (Path(str(BUILTIN)).resolve(), user_root().resolve())
    except OSError:
        return True


def user_folders() -> dict[str, Path]:
    """name -> folder of every user standard (sorted by name); a name of a built-in one is refused."""
    root = user_root()
    try:
        entries = sorted(root.iterdir()) if root.is_dir() else []
    except OSError as error:
        raise JwgenError(f"cannot read the folder of standards {root}: {error.strerror or error}") from None
    found = {}
    for entry in entries:
        if not (entry / "standard.json").is_file():
            continue
        if entry.name in builtin_names():
            raise JwgenError(f"the user standard {entry} has the name of the built-in standard {entry.name}; "
                             "give it another name (jwgen standard add --name) or remove it")
        found[entry.name] = entry
    return found


def names() -> list[str]:
    """Every standard: the built-in ones, then the user's."""
    return [*builtin_names(), *user_folders()]


def folder(name: str) -> Any:
    """The folder of standard ``name`` (a package resource for a built-in one, a path for a user's)."""
    if name in builtin_names():
        return BUILTIN / name
    found = user_root() / name
    if not name or name != found.name or not (found / "standard.json").is_file():
        raise JwgenError(f"unknown standard {name!r}; jwgen knows {', '.join(names())}")
    return found


@lru_cache(maxsize=None)
def _builtin_key(name: str) -> tuple[str, int]:
    return str(BUILTIN / name), 0  # package data: it does not change while jwgen runs


def is_builtin(name: str) -> bool:
    return name in builtin_names()


def version_key(name: str) -> tuple[str, int]:
    """What a cached standard is keyed by: its folder and when its standard.json last changed (a user's
    folder may be rewritten by ``jwgen standard add --force`` in the same process)."""
    if name in builtin_names():
        return _builtin_key(name)
    place = folder(name)
    try:
        return str(place), os.stat(Path(place) / "standard.json").st_mtime_ns
    except OSError:
        return str(place), 0
