"""The manifests jwgen writes, as types: ``manifest.json`` of every fixture set, a fuzz corpus's
``index.json`` and each of its cases' ``case.json``.

Builders construct these dataclasses and write ``to_dict()`` (with :func:`jwgen.output.dump_json`);
readers call ``from_dict()`` once, where the JSON comes in, and use attributes from then on.
``to_dict()`` gives the keys in the order the fields are declared, which is the order jwgen has
always written them, so the bytes on disk do not depend on whether a manifest went through these
types. ``from_dict()`` is strict: a missing key, or a value of the wrong type, raises
:class:`ManifestError`, one line naming the file and the key. Keys it does not know are ignored
(a newer jwgen may add some).

The dataclasses are frozen; sequences are tuples, mappings (retourcodes per record, records per
type, generator options) are plain dicts.

>>> entry = FileEntry(path="a.JW321.txt", sha256="0" * 64, bytes=12)
>>> entry.to_dict()["path"], FileEntry.from_dict(entry.to_dict()) == entry
('a.JW321.txt', True)
>>> FileEntry.from_dict({"path": "a.JW321.txt", "sha256": "0" * 64}, "set/manifest.json")
Traceback (most recent call last):
...
jwgen.report.manifest.ManifestError: set/manifest.json: bytes is missing
>>> Expected.from_dict({"status": 5}, "x.json", "cases[0].expected")
Traceback (most recent call last):
...
jwgen.report.manifest.ManifestError: x.json: cases[0].expected.status is 5 (a number), not a text
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from types import UnionType
from typing import Any, Callable, Mapping, TypeVar, Union, get_args, get_origin, get_type_hints

from ..errors import JwgenError
from ..output import sha256

__all__ = [
    "Amount", "CaseEntry", "CaseFile", "CaseSet", "CorpusIndex", "DefectEntry", "Expected", "FileEntry",
    "Finding", "GeneratedExpected", "GeneratedSet", "IndexEntry", "ManifestError", "PriorEntry",
    "RecordCounts", "ScenarioManifest", "SetManifest", "StepEntry", "StepExpected", "TextEncoding", "TouchedEntry",
    "ensure", "read_manifest",
]

#: ``kind`` of the sets whose manifest lists cases (the last two are views only, never written).
CASE_KINDS = ("defect-case", "defect-catalogue", "generated", "fuzz-corpus")
#: ``kind`` of the case sets written as manifest.json: these always name their layout and skipped defects.
DEFECT_KINDS = ("defect-case", "defect-catalogue")


class ManifestError(JwgenError):
    """A manifest (or index.json, case.json) not in the shape jwgen writes; exit code 2."""


# ---------------------------------------------------------------- reading one JSON object

_Check = tuple[Callable[[Any], bool], str]
_TEXT: _Check = (lambda v: isinstance(v, str), "a text")
_INT: _Check = (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number")
_TEXT_OR_NULL: _Check = (lambda v: v is None or isinstance(v, str), "a text or null")
_INT_OR_NULL: _Check = (lambda v: v is None or _INT[0](v), "a whole number or null")
_INT_OR_TEXT: _Check = (lambda v: isinstance(v, str) or _INT[0](v), "a whole number or a text")


def _kind(value: Any) -> str:
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    name = ("null" if value is None else "a boolean" if isinstance(value, bool)
            else "a number" if isinstance(value, (int, float)) else "a text" if isinstance(value, str)
            else "a list" if isinstance(value, list) else "an object" if isinstance(value, dict) else "a value")
    return name if value is None or isinstance(value, (list, dict)) else f"{shown} ({name})"


T = TypeVar("T")
J = TypeVar("J", bound="_Json")


class _Reader:
    """One JSON object of a manifest: typed getters whose errors name the file and the key path."""

    def __init__(self, raw: Any, where: str, path: str = "") -> None:
        if not isinstance(raw, dict):
            raise ManifestError(f"{where}: {path or 'the top level'} is {_kind(raw)}, not an object")
        self.raw, self.where, self.path = raw, where, path

    def at(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key

    def fail(self, path: str, value: Any, want: str) -> ManifestError:
        return ManifestError(f"{self.where}: {path} is {_kind(value)}, not {want}")

    def has(self, key: str) -> bool:
        return key in self.raw

    def get(self, key: str, check: _Check = _TEXT) -> Any:
        if key not in self.raw:
            raise ManifestError(f"{self.where}: {self.at(key)} is missing")
        value = self.raw[key]
        if not check[0](value):
            raise self.fail(self.at(key), value, check[1])
        return value

    def text(self, key: str) -> str:
        return self.get(key, _TEXT)

    def int(self, key: str) -> int:
        return self.get(key, _INT)

    def _list(self, key: str) -> list[Any]:
        return self.get(key, (lambda v: isinstance(v, list), "a list"))

    def texts(self, key: str) -> tuple[str, ...]:
        values = self._list(key)
        for n, value in enumerate(values):
            if not isinstance(value, str):
                raise self.fail(f"{self.at(key)}[{n}]", value, "a text")
        return tuple(values)

    def texts_or_null(self, key: str) -> tuple[str, ...] | None:
        if self.get(key, (lambda v: v is None or isinstance(v, list), "a list or null")) is None:
            return None
        return self.texts(key)

    def objects(self, key: str, kind: Callable[[Any, str, str], T]) -> tuple[T, ...]:
        return tuple(kind(item, self.where, f"{self.at(key)}[{n}]") for n, item in enumerate(self._list(key)))

    def object(self, key: str, kind: Callable[[Any, str, str], T]) -> T:
        if key not in self.raw:
            raise ManifestError(f"{self.where}: {self.at(key)} is missing")
        return kind(self.raw[key], self.where, self.at(key))

    def mapping(self, key: str) -> dict[str, Any]:
        return dict(self.get(key, (lambda v: isinstance(v, dict), "an object")))

    def counts(self, key: str) -> dict[str, int]:
        values = self.mapping(key)
        for name, value in values.items():
            if not _INT[0](value):
                raise self.fail(f"{self.at(key)}.{name}", value, _INT[1])
        return values

    def codes(self, key: str) -> dict[str, tuple[str, ...]]:
        """Retourcodes per record: JW321 line (as text) -> codes."""
        inner = _Reader(self.mapping(key), self.where, self.at(key))
        return {line: inner.texts(line) for line in inner.raw}

    def maybe(self, key: str, read: Callable[[str], T]) -> T | None:
        """An optional key: None when absent, else read (and checked) like any other."""
        return read(key) if key in self.raw else None


_LEAVES = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """A field value as JSON: manifests as dicts, tuples as lists, mappings value by value."""
    if type(value) in _LEAVES:  # most values: nothing to convert
        return value
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


OPTIONAL = {"optional": True}  # field metadata: the key is left out when the value is None


_NONE = type(None)
_SIMPLE: dict[Any, Callable[[_Reader, str], Any]] = {
    str: _Reader.text, int: _Reader.int,
    frozenset({int, _NONE}): lambda r, key: r.get(key, _INT_OR_NULL),
    frozenset({str, _NONE}): lambda r, key: r.get(key, _TEXT_OR_NULL),
    frozenset({int, str}): lambda r, key: r.get(key, _INT_OR_TEXT),
}


def _reader_for(hint: Any) -> Callable[[_Reader, str], Any]:
    """How to read a field of this type: the getter of :class:`_Reader` its annotation names."""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, UnionType):
        members = frozenset(args)
        if members in _SIMPLE:
            return _SIMPLE[members]
        if members == frozenset({tuple[str, ...], _NONE}):
            return _Reader.texts_or_null
        raise TypeError(f"no manifest reader for {hint}")
    if hint in _SIMPLE:
        return _SIMPLE[hint]
    if origin is tuple and args[1:] == (Ellipsis,):
        item = args[0]
        if item is str:
            return _Reader.texts
        return lambda r, key: r.objects(key, item.from_dict)
    if origin is dict:
        return {int: _Reader.counts, tuple[str, ...]: _Reader.codes}.get(args[1], _Reader.mapping)
    if isinstance(hint, type) and issubclass(hint, _Json):
        return lambda r, key: r.object(key, hint.from_dict)
    raise TypeError(f"no manifest reader for {hint}")


def _present(hint: Any) -> Any:
    """``X | None`` -> X: an optional key, when present, holds a value."""
    return next(a for a in get_args(hint) if a is not _NONE)


@lru_cache(maxsize=None)
def _names(cls: type) -> tuple[tuple[str, bool], ...]:
    """(name, is it OPTIONAL) of a manifest dataclass's fields, in declaration order."""
    return tuple((f.name, bool(f.metadata.get("optional"))) for f in fields(cls))


class _Json:
    """``to_dict()`` and ``from_dict()`` for the dataclasses below, from their fields and annotations:
    every field in declaration order; an ``OPTIONAL`` field is left out when None and may be absent."""

    _ORDER: tuple[str, ...] = ()  # the written key order where it is not the declaration order

    def to_dict(self) -> dict[str, Any]:
        plain = {}
        for name, optional in _names(type(self)):
            value = getattr(self, name)
            if not (optional and value is None):
                plain[name] = _plain(value)
        return {key: plain[key] for key in self._ORDER if key in plain} if self._ORDER else plain

    @classmethod
    def _readers(cls) -> list[tuple[str, bool, Callable[[_Reader, str], Any]]]:
        cached = cls.__dict__.get("_readers_cache")
        if cached is None:
            hints = get_type_hints(cls)
            cached = [(f.name, bool(f.metadata.get("optional")),
                       _reader_for(_present(hints[f.name]) if f.metadata.get("optional") else hints[f.name]))
                      for f in fields(cls)]  # type: ignore[arg-type]
            setattr(cls, "_readers_cache", cached)
        return cached

    @classmethod
    def _values(cls, r: _Reader, **given: Any) -> dict[str, Any]:
        """Every field read from ``r`` (strictly, in declaration order), except those ``given``."""
        return {name: given[name] if name in given else
                (r.maybe(name, lambda key: read(r, key)) if optional else read(r, key=name))
                for name, optional, read in cls._readers()}

    @classmethod
    def from_dict(cls: type[J], raw: Any, where: str = "manifest", path: str = "") -> J:
        return cls(**cls._values(_Reader(raw, where, path)))


# ---------------------------------------------------------------- the parts

@dataclass(frozen=True)
class FileEntry(_Json):
    """One file of a set: path (relative to the manifest's folder, or to the case's), SHA-256, size."""

    path: str
    sha256: str
    bytes: int

    @classmethod
    def of_files(cls, files: Mapping[str, bytes]) -> tuple[FileEntry, ...]:
        """One entry per file, by path."""
        return tuple(cls(path=name, sha256=sha256(files[name]), bytes=len(files[name])) for name in sorted(files))


@dataclass(frozen=True)
class Finding(_Json):
    """One uitval row (see :func:`jwgen.report.uitval_rows`): record is the JW321 line, "" for the file."""

    record: int | str
    type: str
    rubriek: str
    value: str
    retourcode: str
    meaning: str
    rule: str
    level: int
    detail: str
    action: str


@dataclass(frozen=True)
class DefectEntry(_Json):
    """A defect of a case, as the catalogue describes it."""

    id: str
    title: str
    level: int
    stage: str
    rules: tuple[str, ...]
    retourcodes: tuple[str, ...]
    breaks: str


@dataclass(frozen=True)
class TextEncoding(_Json):
    """The character set a file is in and how its positions are counted, and how the receiver whose answer
    is expected reads it (the same, unless the case is about a receiver of another kind); ``described`` in
    words."""

    encoding: str  # utf-8 | windows-1252 | ascii
    positions: str  # characters | bytes
    receiver_reads: str
    receiver_counts: str
    described: str

    @classmethod
    def of(cls, written: Any, read: Any | None = None) -> TextEncoding:
        """From the :class:`~jwgen.spec.TextForm` written and the one read (default: the same)."""
        read = read or written
        said = written.describe()
        if read != written:
            said += f"; the expected answer is a receiver's that reads {read.describe()}"
        return cls(encoding=written.encoding, positions=written.positions, receiver_reads=read.encoding,
                   receiver_counts=read.positions, described=said)


@dataclass(frozen=True)
class PriorEntry(_Json):
    """An earlier file of a case (history defects): sent first, with the status it must get."""

    jw321: str
    jw322: str | None
    status: str


@dataclass(frozen=True)
class TouchedEntry(_Json):
    """What a defect changed: a record (line, type) and, when it edited one field, that rubriek."""

    line: int | None
    rtype: str | None
    rubriek: str | None
    key: str | None
    name: str | None


@dataclass(frozen=True)
class StepExpected(_Json):
    """The answer a scenario step must get: status, exit code, the voorlooprecord's retourcodes, retourcodes
    per returned record, amounts and the uitval rows (the step itself names its JW322)."""

    status: str
    exit_code: int
    voorloop_codes: tuple[str, ...]
    retourcodes: dict[str, tuple[str, ...]]
    ingediend: int
    toegekend: int
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Expected(StepExpected):
    """The answer a case must get: a step's answer plus the JW322 file (None: no JW322 is sent), written
    after the exit code."""

    jw322: str | None

    _ORDER = ("status", "exit_code", "jw322", "voorloop_codes", "retourcodes", "ingediend", "toegekend", "findings")


@dataclass(frozen=True)
class GeneratedExpected(_Json):
    """The answer a valid generated file must get, from whom (``profile``); a valid file has no uitval."""

    profile: str
    status: str
    exit_code: int
    jw322: str | None
    voorloop_codes: tuple[str, ...]
    ingediend: int
    toegekend: int


@dataclass(frozen=True)
class CaseEntry(_Json):
    """One defect case (see :func:`jwgen.sets.manifest_entry`): the files to send in order and the answer
    to the last one. ``folder``: where its files are, in a catalogue (absent: next to the manifest)."""

    case: str
    defects: tuple[DefectEntry, ...]
    profile: str
    seed: int
    sentence: str
    files: tuple[FileEntry, ...]
    receive_in_order: tuple[str, ...]
    prior: tuple[PriorEntry, ...]
    touched: tuple[TouchedEntry, ...]
    expected: Expected
    folder: str | None = field(default=None, metadata=OPTIONAL)
    encoding: TextEncoding | None = field(default=None, metadata=OPTIONAL)


@dataclass(frozen=True)
class StepEntry(_Json):
    """One step of a scenario: the JW321 it sends, the JW322 it must get (None: none is sent), the
    defect ids it applies and the expected answer."""

    index: int
    name: str
    description: str
    profile: str
    jw321: str
    jw322: str | None
    files: tuple[FileEntry, ...]
    defects: tuple[str, ...]
    sentence: str
    expected: StepExpected
    encoding: TextEncoding | None = field(default=None, metadata=OPTIONAL)


@dataclass(frozen=True)
class RecordCounts(_Json):
    """Records of a generated file: the total and per record type, in layout order."""

    total: int
    per_type: dict[str, int]


@dataclass(frozen=True)
class Amount(_Json):
    """An amount in eurocent with its debet/credit sign (D or C)."""

    eurocent: int
    dc: str


# ---------------------------------------------------------------- whole manifests

@dataclass(frozen=True)
class CaseSet(_Json):
    """A set of cases: the manifest.json of a defect case or the catalogue (``kind`` defect-case,
    defect-catalogue), and the case-shaped view of a generated set or a fuzz corpus (generated,
    fuzz-corpus; never written). ``title`` and ``description`` are the views' own."""

    tool: str
    version: str
    kind: str
    seed: int | None
    profile: str
    how_to_use: str
    cases: tuple[CaseEntry, ...]
    title: str | None = field(default=None, metadata=OPTIONAL)
    description: str | None = field(default=None, metadata=OPTIONAL)
    layout: str | None = field(default=None, metadata=OPTIONAL)
    skipped: tuple[str, ...] | None = field(default=None, metadata=OPTIONAL)

    _ORDER = ("tool", "version", "kind", "title", "description", "seed", "profile", "layout", "how_to_use",
              "cases", "skipped")

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> CaseSet:
        r = _Reader(raw, where, path)
        kind = r.text("kind")
        if kind not in CASE_KINDS:
            raise ManifestError(f"{where}: {r.at('kind')} is {kind!r}, not one of {', '.join(CASE_KINDS)}")
        values = cls._values(r, kind=kind)
        if kind in DEFECT_KINDS:  # a defect set's manifest.json always has these two
            values.update(layout=r.text("layout"), skipped=r.texts("skipped"))
        return cls(**values)


@dataclass(frozen=True)
class ScenarioManifest(_Json):
    """The manifest.json of a scenario set: its steps in order."""

    tool: str
    version: str
    kind: str
    scenario: str
    title: str
    description: str
    seed: int
    standard: str
    profile: str
    layout: str
    how_to_use: str
    steps: tuple[StepEntry, ...]

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> ScenarioManifest:
        r = _Reader(raw, where, path)
        kind = r.text("kind")
        if kind != "scenario":
            raise ManifestError(f"{where}: {r.at('kind')} is {kind!r}, not 'scenario'")
        return cls(**cls._values(r, kind=kind))


@dataclass(frozen=True)
class GeneratedSet(_Json):
    """The manifest.json of ``jwgen generate`` (a valid file): how it was made and its expected answer.
    ``files`` is filled in when the set is written (:meth:`jwgen.sets.OutputSet.tree`)."""

    tool: str
    jwgen_version: str
    faker_version: str
    message: str
    seed: int
    options: dict[str, Any]
    reference_date: str
    jw321: str
    records: RecordCounts
    total_amount: Amount
    expected: GeneratedExpected
    files: tuple[FileEntry, ...] = ()
    encoding: TextEncoding | None = field(default=None, metadata=OPTIONAL)


@dataclass(frozen=True)
class IndexEntry(_Json):
    """One case of a fuzz corpus's index.json: its folder, the files to feed and the JW322 to expect."""

    folder: str
    case_seed: int
    defects: tuple[str, ...]
    expected_status: str
    records: int
    receive_in_order: tuple[str, ...]
    expected_jw322: str | None
    encoding: TextEncoding | None = field(default=None, metadata=OPTIONAL)


@dataclass(frozen=True)
class CorpusIndex(_Json):
    """A fuzz corpus's index.json. ``seed`` is None for a replayed case; ``defect_pool`` None: every defect."""

    tool: str
    version: str
    kind: str
    seed: int | None
    standard: str
    profile: str
    count: int
    defect_pool: tuple[str, ...] | None
    how_to_check: str
    cases: tuple[IndexEntry, ...]


@dataclass(frozen=True)
class CaseFile:
    """A fuzz case's case.json: the case seed, its folder, the defect pool and the command that replays
    it, the base file options and its number of records, followed by the keys of its :class:`CaseEntry`."""

    case_seed: int
    folder: str
    defect_pool: tuple[str, ...] | None
    replay: str
    base: dict[str, Any]
    records: int
    entry: CaseEntry

    _OWN = ("case_seed", "folder", "defect_pool", "replay", "base", "records")

    def to_dict(self) -> dict[str, Any]:
        return {"case_seed": self.case_seed, "folder": self.folder,
                "defect_pool": _plain(self.defect_pool), "replay": self.replay, "base": _plain(self.base),
                "records": self.records, **self.entry.to_dict()}

    def in_folder(self) -> CaseEntry:
        """The entry with its folder, as a corpus's views list it."""
        return replace(self.entry, folder=self.folder)

    @classmethod
    def from_dict(cls, raw: Any, where: str = "case.json", path: str = "") -> CaseFile:
        r = _Reader(raw, where, path)
        rest = {key: value for key, value in r.raw.items() if key not in cls._OWN}
        return cls(case_seed=r.int("case_seed"), folder=r.text("folder"),
                   defect_pool=r.texts_or_null("defect_pool"), replay=r.text("replay"), base=r.mapping("base"),
                   records=r.int("records"), entry=CaseEntry.from_dict(rest, where, path))


SetManifest = Union[ScenarioManifest, CaseSet, GeneratedSet]


def read_manifest(raw: Any, where: str = "manifest.json") -> SetManifest:
    """Any fixture set's manifest.json, by its ``kind`` (none: a generated valid set)."""
    r = _Reader(raw, where)
    if not r.has("kind"):
        return GeneratedSet.from_dict(raw, where)
    if r.text("kind") == "scenario":
        return ScenarioManifest.from_dict(raw, where)
    return CaseSet.from_dict(raw, where)


def ensure(manifest: SetManifest | Mapping[str, Any], where: str = "manifest") -> SetManifest:
    """A typed manifest as it is; a dict (a manifest.json read by the caller) through :func:`read_manifest`."""
    if isinstance(manifest, (ScenarioManifest, CaseSet, GeneratedSet)):
        return manifest
    return read_manifest(manifest, where)
