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
from typing import Any, Callable, Mapping, TypeVar, Union

from ..errors import JwgenError
from ..output import sha256

__all__ = [
    "Amount", "CaseEntry", "CaseFile", "CaseSet", "CorpusIndex", "DefectEntry", "Expected", "FileEntry",
    "Finding", "GeneratedExpected", "GeneratedSet", "IndexEntry", "ManifestError", "PriorEntry",
    "RecordCounts", "ScenarioManifest", "SetManifest", "StepEntry", "StepExpected", "TouchedEntry",
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


def _plain(value: Any) -> Any:
    """A field value as JSON: manifests as dicts, tuples as lists, mappings value by value."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


OPTIONAL = {"optional": True}  # field metadata: the key is left out when the value is None


class _Json:
    """``to_dict()`` for the dataclasses below: every field in declaration order, optional ones when set."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)  # type: ignore[arg-type]
                if not (f.metadata.get("optional") and getattr(self, f.name) is None)}


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

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> FileEntry:
        r = _Reader(raw, where, path)
        return cls(path=r.text("path"), sha256=r.text("sha256"), bytes=r.int("bytes"))


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

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> Finding:
        r = _Reader(raw, where, path)
        return cls(record=r.get("record", _INT_OR_TEXT), type=r.text("type"), rubriek=r.text("rubriek"),
                   value=r.text("value"), retourcode=r.text("retourcode"), meaning=r.text("meaning"),
                   rule=r.text("rule"), level=r.int("level"), detail=r.text("detail"), action=r.text("action"))


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

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> DefectEntry:
        r = _Reader(raw, where, path)
        return cls(id=r.text("id"), title=r.text("title"), level=r.int("level"), stage=r.text("stage"),
                   rules=r.texts("rules"), retourcodes=r.texts("retourcodes"), breaks=r.text("breaks"))


@dataclass(frozen=True)
class PriorEntry(_Json):
    """An earlier file of a case (history defects): sent first, with the status it must get."""

    jw321: str
    jw322: str | None
    status: str

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> PriorEntry:
        r = _Reader(raw, where, path)
        return cls(jw321=r.text("jw321"), jw322=r.get("jw322", _TEXT_OR_NULL), status=r.text("status"))


@dataclass(frozen=True)
class TouchedEntry(_Json):
    """What a defect changed: a record (line, type) and, when it edited one field, that rubriek."""

    line: int | None
    rtype: str | None
    rubriek: str | None
    key: str | None
    name: str | None

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> TouchedEntry:
        r = _Reader(raw, where, path)
        return cls(line=r.get("line", _INT_OR_NULL), rtype=r.get("rtype", _TEXT_OR_NULL),
                   rubriek=r.get("rubriek", _TEXT_OR_NULL), key=r.get("key", _TEXT_OR_NULL),
                   name=r.get("name", _TEXT_OR_NULL))


@dataclass(frozen=True)
class Expected(_Json):
    """The answer a case must get: status, exit code, the JW322 file (None: no JW322 is sent), the
    voorlooprecord's retourcodes, retourcodes per returned record, amounts and the uitval rows."""

    status: str
    exit_code: int
    jw322: str | None
    voorloop_codes: tuple[str, ...]
    retourcodes: dict[str, tuple[str, ...]]
    ingediend: int
    toegekend: int
    findings: tuple[Finding, ...]

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> Expected:
        r = _Reader(raw, where, path)
        return cls(status=r.text("status"), exit_code=r.int("exit_code"), jw322=r.get("jw322", _TEXT_OR_NULL),
                   voorloop_codes=r.texts("voorloop_codes"), retourcodes=r.codes("retourcodes"),
                   ingediend=r.int("ingediend"), toegekend=r.int("toegekend"),
                   findings=r.objects("findings", Finding.from_dict))


@dataclass(frozen=True)
class StepExpected(_Json):
    """The answer a scenario step must get: :class:`Expected` without ``jw322`` (the step names it)."""

    status: str
    exit_code: int
    voorloop_codes: tuple[str, ...]
    retourcodes: dict[str, tuple[str, ...]]
    ingediend: int
    toegekend: int
    findings: tuple[Finding, ...]

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> StepExpected:
        r = _Reader(raw, where, path)
        return cls(status=r.text("status"), exit_code=r.int("exit_code"), voorloop_codes=r.texts("voorloop_codes"),
                   retourcodes=r.codes("retourcodes"), ingediend=r.int("ingediend"), toegekend=r.int("toegekend"),
                   findings=r.objects("findings", Finding.from_dict))


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

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> GeneratedExpected:
        r = _Reader(raw, where, path)
        return cls(profile=r.text("profile"), status=r.text("status"), exit_code=r.int("exit_code"),
                   jw322=r.get("jw322", _TEXT_OR_NULL), voorloop_codes=r.texts("voorloop_codes"),
                   ingediend=r.int("ingediend"), toegekend=r.int("toegekend"))


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

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> CaseEntry:
        r = _Reader(raw, where, path)
        return cls(case=r.text("case"), defects=r.objects("defects", DefectEntry.from_dict),
                   profile=r.text("profile"), seed=r.int("seed"), sentence=r.text("sentence"),
                   files=r.objects("files", FileEntry.from_dict), receive_in_order=r.texts("receive_in_order"),
                   prior=r.objects("prior", PriorEntry.from_dict),
                   touched=r.objects("touched", TouchedEntry.from_dict),
                   expected=r.object("expected", Expected.from_dict), folder=r.maybe("folder", r.text))


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

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> StepEntry:
        r = _Reader(raw, where, path)
        return cls(index=r.int("index"), name=r.text("name"), description=r.text("description"),
                   profile=r.text("profile"), jw321=r.text("jw321"), jw322=r.get("jw322", _TEXT_OR_NULL),
                   files=r.objects("files", FileEntry.from_dict), defects=r.texts("defects"),
                   sentence=r.text("sentence"), expected=r.object("expected", StepExpected.from_dict))


@dataclass(frozen=True)
class RecordCounts(_Json):
    """Records of a generated file: the total and per record type, in layout order."""

    total: int
    per_type: dict[str, int]

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> RecordCounts:
        r = _Reader(raw, where, path)
        return cls(total=r.int("total"), per_type=r.counts("per_type"))


@dataclass(frozen=True)
class Amount(_Json):
    """An amount in eurocent with its debet/credit sign (D or C)."""

    eurocent: int
    dc: str

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> Amount:
        r = _Reader(raw, where, path)
        return cls(eurocent=r.int("eurocent"), dc=r.text("dc"))


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

    def to_dict(self) -> dict[str, Any]:
        plain = super().to_dict()
        return {key: plain[key] for key in self._ORDER if key in plain}

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> CaseSet:
        r = _Reader(raw, where, path)
        kind = r.text("kind")
        if kind not in CASE_KINDS:
            raise ManifestError(f"{where}: {r.at('kind')} is {kind!r}, not one of {', '.join(CASE_KINDS)}")
        written = kind in DEFECT_KINDS  # a defect set's manifest.json always has these two
        return cls(tool=r.text("tool"), version=r.text("version"), kind=kind, seed=r.get("seed", _INT_OR_NULL),
                   profile=r.text("profile"), how_to_use=r.text("how_to_use"),
                   cases=r.objects("cases", CaseEntry.from_dict), title=r.maybe("title", r.text),
                   description=r.maybe("description", r.text),
                   layout=r.text("layout") if written else r.maybe("layout", r.text),
                   skipped=r.texts("skipped") if written else r.maybe("skipped", r.texts))


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
        return cls(tool=r.text("tool"), version=r.text("version"), kind=kind, scenario=r.text("scenario"),
                   title=r.text("title"), description=r.text("description"), seed=r.int("seed"),
                   standard=r.text("standard"), profile=r.text("profile"), layout=r.text("layout"),
                   how_to_use=r.text("how_to_use"), steps=r.objects("steps", StepEntry.from_dict))


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

    @classmethod
    def from_dict(cls, raw: Any, where: str = "manifest", path: str = "") -> GeneratedSet:
        r = _Reader(raw, where, path)
        return cls(tool=r.text("tool"), jwgen_version=r.text("jwgen_version"), faker_version=r.text("faker_version"),
                   message=r.text("message"), seed=r.int("seed"), options=r.mapping("options"),
                   reference_date=r.text("reference_date"), jw321=r.text("jw321"),
                   records=r.object("records", RecordCounts.from_dict),
                   total_amount=r.object("total_amount", Amount.from_dict),
                   expected=r.object("expected", GeneratedExpected.from_dict),
                   files=r.objects("files", FileEntry.from_dict))


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

    @classmethod
    def from_dict(cls, raw: Any, where: str = "index.json", path: str = "") -> IndexEntry:
        r = _Reader(raw, where, path)
        return cls(folder=r.text("folder"), case_seed=r.int("case_seed"), defects=r.texts("defects"),
                   expected_status=r.text("expected_status"), records=r.int("records"),
                   receive_in_order=r.texts("receive_in_order"), expected_jw322=r.get("expected_jw322", _TEXT_OR_NULL))


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

    @classmethod
    def from_dict(cls, raw: Any, where: str = "index.json", path: str = "") -> CorpusIndex:
        r = _Reader(raw, where, path)
        return cls(tool=r.text("tool"), version=r.text("version"), kind=r.text("kind"), seed=r.get("seed", _INT_OR_NULL),
                   standard=r.text("standard"), profile=r.text("profile"), count=r.int("count"),
                   defect_pool=r.texts_or_null("defect_pool"), how_to_check=r.text("how_to_check"),
                   cases=r.objects("cases", IndexEntry.from_dict))


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
