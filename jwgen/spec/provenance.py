"""Where each standard comes from: its source BERs, and which of its files were derived and which edited.

The hand-made built-in standards (JW321, GZ321) have a layout derived from official BERs by their
``derivation.json`` (``jwgen spec derive``), and the rest of their folders written by hand. A standard made by
``jwgen standard add`` (the user's, and the other built-in ones, by ``jwgen standard rebuild``) says in its
``standard.json`` ``made`` what came from the BER and what jwgen chose by default, and its ``manifest.json`` holds
the sha256 of every file as written: a file whose bytes differ has been edited since.

>>> gz = provenance("GZ321")
>>> gz.where, gz.sources, gz.derived
('built-in', ('195_01.BER.txt', 'MZ302V0103.xls'), ('layouts.json',))
>>> gz.edited
('conditions.json', 'conformance.json', 'standard.json')
>>> mz = provenance("MZ301")
>>> mz.where, mz.sources, mz.edited
('built-in', ('MZ301V0103.xls', 'MZ302V0103.xls'), ())
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
    made = _json(folder / "standard.json").get("made")
    where = "built-in" if standard_folders.is_builtin(name) else str(folder)
    if made is None:  # a hand-made built-in (JW321, GZ321): its layout by its derivation.json
        derivation = _json(folder / "derivation.json")
        sources = tuple(dict.fromkeys(f for f in (derivation.get(part, {}).get("template", {}).get("file")
                                                  for part in ("declaration", "retour")) if f))
        files = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".json"))
        if not derivation:  # a folder neither derived nor made by jwgen standard add: all of it by hand
            return Provenance(name, where, sources, (), edited=tuple(files))
        return Provenance(name, where, sources, ("layouts.json",), edited=tuple(f for f in files if f not in MADE))
    source = made.get("source", {})
    sources = tuple(s for s in (source.get("ber"), source.get("retour_ber")) if s)
    written = {f.get("path"): f.get("sha256") for f in _json(folder / "manifest.json").get("files", [])
               if isinstance(f, dict)}
    edited = []
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if entry.name == "manifest.json" or not entry.is_file():
            continue
        expected = written.get(entry.name)
        if expected is None or hashlib.sha256(entry.read_bytes()).hexdigest() != expected:
            edited.append(entry.name)
    return Provenance(name, where, sources, tuple(made.get("derived", {})), tuple(made.get("defaults", {})),
                      tuple(edited))
