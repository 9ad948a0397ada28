"""Where each standard comes from: its source BERs, and which of its files were derived and which edited.

A built-in standard (JW321, GZ321) has a layout derived from official BERs by its ``derivation.json``
(``jwgen spec derive``), and the rest of its folder written by hand. A standard made by ``jwgen standard add``
says in its ``standard.json`` ``made`` what came from the BER and what jwgen chose by default, and its
``manifest.json`` holds the sha256 of every file as written: a file whose bytes differ has been edited since.

>>> gz = provenance("GZ321")
>>> gz.where, gz.sources, gz.derived
('built-in', ('195_01.BER.txt', 'MZ302V0103.xls'), ('layouts.json',))
>>> gz.edited
('conditions.json', 'conformance.json', 'standard.json')
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from . import standard_folders

#: The files of a built-in standard jwgen makes from others (the layout) or that say how (the derivation).
MADE = ("layouts.json", "derivation.json")


@dataclass(frozen=True)
class Provenance:
    name: str
    where: str  # "built-in" or the user standard's folder
    sources: tuple[str, ...]  # the BER files it comes from
    derived: tuple[str, ...]  # what was derived from them
    defaults: tuple[str, ...] = ()  # what jwgen chose (a standard made by jwgen standard add)
    edited: tuple[str, ...] = ()  # the files written or changed by hand


def _json(path: Any) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def provenance(name: str) -> Provenance:
    folder = standard_folders.folder(name)
    if standard_folders.is_builtin(name):
        derivation = _json(folder / "derivation.json")
        sources = tuple(dict.fromkeys(f for f in (derivation.get(part, {}).get("template", {}).get("file")
                                                  for part in ("declaration", "retour")) if f))
        files = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".json"))
        return Provenance(name, "built-in", sources, ("layouts.json",),
                          edited=tuple(f for f in files if f not in MADE))
    made = _json(folder / "standard.json").get("made", {})
    source = made.get("source", {})
    sources = tuple(s for s in (source.get("ber"), source.get("retour_ber")) if s)
    written = {f.get("path"): f.get("sha256") for f in _json(folder / "manifest.json").get("files", [])
               if isinstance(f, dict)}
    edited = []
    for entry in sorted(folder.iterdir()):
        if entry.name == "manifest.json" or not entry.is_file():
            continue
        expected = written.get(entry.name)
        if expected is None or hashlib.sha256(entry.read_bytes()).hexdigest() != expected:
            edited.append(entry.name)
    return Provenance(name, str(folder), sources, tuple(made.get("derived", {})), tuple(made.get("defaults", {})),
                      tuple(edited))
