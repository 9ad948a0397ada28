"""Read a corpus folder back: the cases to run, from a fuzz index.json or a fixture-set manifest.json.

Both ``jwgen fuzz`` corpora (index.json) and ``jwgen generate --defect/--all-defects``
fixture sets (manifest.json with "cases") can be checked; each case says which
files to feed in order and which JW322 the last one must get (or none). Both are read strictly
(:mod:`jwgen.report.manifest`): a missing or wrongly typed key is one error line naming the file and key.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from ..errors import JwgenError
from ..report.manifest import CaseSet, CorpusIndex, TextEncoding, read_manifest
from ..spec import DEFAULT_STANDARD, detect_standard, encoding_name, load_spec, positions_name


@dataclass(frozen=True)
class CorpusCase:
    name: str  # the folder (fuzz) or case name (fixture set)
    folder: Path
    receive_in_order: tuple[str, ...]  # file names inside folder; the last one is the case
    expected_jw322: str | None  # file name inside folder, None: no JW322 expected
    defects: tuple[str, ...]
    expected_status: str
    reads: tuple[str, str] | None = None  # (encoding, positions) of the receiver whose answer is expected


@dataclass(frozen=True)
class Corpus:
    root: Path
    profile: str
    cases: tuple[CorpusCase, ...]
    standard: str = "JW321"


def _load(path: Path) -> CorpusIndex | CaseSet:
    """index.json (a fuzz corpus) or manifest.json (a defect set), read strictly."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise JwgenError(f"{path} is not readable JSON: {error}") from None
    except RecursionError:
        raise JwgenError(f"{path} is not readable JSON: nested too deeply") from None
    if path.name == "index.json":
        return CorpusIndex.from_dict(data, str(path))
    manifest = read_manifest(data, str(path))
    if not isinstance(manifest, CaseSet):
        raise JwgenError(f"{path} has no list of cases (check runs fuzz corpora and defect sets)")
    return manifest


def _name(value: str | None, where: Path, what: str) -> str:
    """A file or folder name from the index: not empty, no NUL (a hostile index is refused)."""
    if not value or "\x00" in value:
        raise JwgenError(f"{where}: {what} {value!r} is not a file name")
    return value


def _case(root: Path, folder: str, name: str, files: tuple[str, ...], expected: str | None,
          defects: tuple[str, ...], status: str, where: Path, encoding: TextEncoding | None = None) -> CorpusCase:
    if folder:
        _name(folder, where, "folder")
    reads = None
    if encoding is not None:
        try:  # a hostile index names no character set jwgen does not know
            reads = (encoding_name(encoding.receiver_reads), positions_name(encoding.receiver_counts))
        except JwgenError as error:
            raise JwgenError(f"{where}: case {name!r}: {error}") from None
    return CorpusCase(_name(name, where, "case"), root / folder, tuple(_name(f, where, "file") for f in files),
                      None if expected is None else _name(expected, where, "expected JW322"), defects,
                      _name(status, where, "expected status"), reads)


def _cases(root: Path, data: CorpusIndex | CaseSet, where: Path) -> tuple[CorpusCase, ...]:
    if isinstance(data, CorpusIndex):
        return tuple(_case(root, c.folder, c.folder, c.receive_in_order, c.expected_jw322, c.defects,
                           c.expected_status, where, c.encoding) for c in data.cases)
    return tuple(_case(root, c.folder or "", c.folder or c.case, c.receive_in_order, c.expected.jw322,
                       tuple(d.id for d in c.defects), c.expected.status, where, c.encoding) for c in data.cases)


def _standard_of(case: CorpusCase) -> str:
    """The standard of a case's last file, read off its voorlooprecord (0102); JW321 if none is recognised."""
    try:
        with open(case.folder / case.receive_in_order[-1], "rb") as handle:
            head = handle.read(64)
    except (OSError, IndexError):
        return DEFAULT_STANDARD  # the checks below name the missing file
    return detect_standard(head) or DEFAULT_STANDARD


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
    cases = _cases(root, data, path)
    if not cases:
        raise JwgenError(f"{path} lists no cases")
    # A defect set's manifest.json names no standard: its files say it (0102), else the default.
    standard = data.standard if isinstance(data, CorpusIndex) else _standard_of(cases[0])
    try:
        profile = load_spec(standard=standard).standard.profile(data.profile)
    except JwgenError as error:
        raise JwgenError(f"{path}: {error}") from None
    inside = root.resolve()
    for case in cases:
        for name in case.receive_in_order + ((case.expected_jw322,) if case.expected_jw322 else ()):
            if not (case.folder / name).resolve().is_relative_to(inside):  # a hostile index: ../../etc/passwd
                raise JwgenError(f"{case.folder / name}: listed in {path.name} but outside the corpus folder")
            if not (case.folder / name).is_file():
                raise JwgenError(f"{case.folder / name}: listed in {path.name} but missing")
    return Corpus(root, profile, cases, standard)
