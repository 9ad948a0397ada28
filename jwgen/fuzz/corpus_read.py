"""Read a corpus folder back: the cases to run, from a fuzz index.json or a fixture-set manifest.json.

Both ``jwgen fuzz`` corpora (index.json) and ``jwgen generate --defect/--all-defects``
fixture sets (manifest.json with "cases") can be checked; each case says which
files to feed in order and which JW322 the last one must get (or none).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import JwgenError
from ..spec import load_spec


@dataclass(frozen=True)
class CorpusCase:
    name: str  # the folder (fuzz) or case name (fixture set)
    folder: Path
    receive_in_order: tuple[str, ...]  # file names inside folder; the last one is the case
    expected_jw322: str | None  # file name inside folder, None: no JW322 expected
    defects: tuple[str, ...]
    expected_status: str


@dataclass(frozen=True)
class Corpus:
    root: Path
    profile: str
    cases: tuple[CorpusCase, ...]
    standard: str = "JW321"


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise JwgenError(f"{path} is not readable JSON: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise JwgenError(f"{path} has no list of cases")
    return data


def _name(value: Any, where: Path, what: str) -> str:
    """A file or folder name from the index: text, not empty, no NUL (a hostile index is refused)."""
    if not isinstance(value, str) or not value or "\x00" in value:
        raise JwgenError(f"{where}: {what} {value!r} is not a file name")
    return value


def _texts(values: Any, where: Path, what: str) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise JwgenError(f"{where}: {what} {values!r} is not a list of texts")
    return tuple(values)


def _case(root: Path, raw: Any, where: Path) -> CorpusCase:
    try:
        if "expected_status" in raw:  # fuzz index.json
            folder, files = raw["folder"], raw["receive_in_order"]
            expected, defects, status = raw["expected_jw322"], raw["defects"], raw["expected_status"]
            name = folder
        else:  # fixture set manifest.json
            folder, files = raw.get("folder") or "", raw["receive_in_order"]
            expected, status = raw["expected"]["jw322"], raw["expected"]["status"]
            defects = [d["id"] for d in raw["defects"]]
            name = raw.get("folder") or raw["case"]
    except (KeyError, TypeError) as error:
        raise JwgenError(f"{where}: a case lacks {error} (not written by jwgen fuzz or jwgen generate?)") from None
    if folder:
        _name(folder, where, "folder")
    return CorpusCase(_name(name, where, "case"), root / folder,
                      tuple(_name(f, where, "file") for f in _texts(files, where, "receive_in_order")),
                      None if expected is None else _name(expected, where, "expected JW322"),
                      _texts(defects, where, "defects"), _name(status, where, "expected status"))


def read_corpus(root: Path | str) -> Corpus:
    """The cases of a corpus folder, in index order; one clear error if it is not one."""
    root = Path(root)
    if not root.is_dir():
        raise JwgenError(f"{root} is not a folder (expected a corpus written by jwgen fuzz)")
    for name in ("index.json", "manifest.json"):
        path = root / name
        if path.is_file():
            data = _load(path)
            break
    else:
        raise JwgenError(f"{root} has no index.json (jwgen fuzz) or manifest.json (jwgen generate --defect)")
    standard = str(data.get("standard") or "JW321")
    try:
        profile = load_spec(standard=standard).standard.profile(str(data.get("profile")))
    except JwgenError as error:
        raise JwgenError(f"{path}: {error}") from None
    cases = tuple(_case(root, raw, path) for raw in data["cases"])
    if not cases:
        raise JwgenError(f"{path} lists no cases")
    inside = root.resolve()
    for case in cases:
        for name in case.receive_in_order + ((case.expected_jw322,) if case.expected_jw322 else ()):
            if not (case.folder / name).resolve().is_relative_to(inside):  # a hostile index: ../../etc/passwd
                raise JwgenError(f"{case.folder / name}: listed in {path.name} but outside the corpus folder")
            if not (case.folder / name).is_file():
                raise JwgenError(f"{case.folder / name}: listed in {path.name} but missing")
    return Corpus(root, profile, cases, standard)
