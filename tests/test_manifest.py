"""Typed manifests (jwgen.report.manifest): every shape jwgen writes round-trips through its type byte for
byte, and a manifest with a missing or wrongly typed key is one ManifestError line naming file and key."""
from __future__ import annotations

import copy
import dataclasses
import json
import re
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from jwgen.cli import main
from jwgen.errors import JwgenError
from jwgen.fuzz.corpus import corpus_files
from jwgen.output import dump_json
from jwgen.report import manifest as types
from jwgen.report.fixtures import render_readme
from jwgen.report.manifest import (CaseEntry, CaseFile, CaseSet, CorpusIndex, GeneratedSet, ManifestError,
                                   ScenarioManifest, read_manifest)
from jwgen.scenario import scenario_set
from jwgen.scenario.load import load
from jwgen.sets import all_defects_set, build_case, build_valid_set, defect_set, manifest_entry

ROOT = Path(__file__).resolve().parent.parent
#: Mappings whose keys are data (record lines, record types, option names), not keys of the shape.
DATA_MAPPINGS = ("retourcodes", "per_type", "options", "base")


@pytest.fixture(scope="module")
def written() -> dict[str, bytes]:
    """The JSON files the builders write: a valid set, a defect case, the catalogue, a scenario, a corpus."""
    out = {"valid/manifest.json": build_valid_set(seed=5).tree()["manifest.json"],
           "defect/manifest.json": defect_set(["partial-credit"], seed=1)["manifest.json"],
           "catalogue/manifest.json": all_defects_set(seed=1)["manifest.json"]}
    scenario, file = load(str(ROOT / "scenarios" / "resubmit-after-rejection.yaml"))
    out["scenario/manifest.json"] = scenario_set(scenario, file=file)["manifest.json"]
    corpus = corpus_files(6, seed=3, views=False)
    out.update({f"fuzz/{name}": data for name, data in corpus.items() if name.endswith(".json")})
    return out


def typed(name: str, data: bytes) -> Any:
    raw = json.loads(data)
    if name.endswith("index.json"):
        return CorpusIndex.from_dict(raw, name)
    if name.endswith("case.json"):
        return CaseFile.from_dict(raw, name)
    return read_manifest(raw, name)


def parts(value: Any) -> Iterator[Any]:
    """Every manifest dataclass inside ``value``, ``value`` included."""
    if dataclasses.is_dataclass(value):
        yield value
        for f in dataclasses.fields(value):
            yield from parts(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from parts(item)


# ------------------------------------------------------------------ round trips

def test_every_written_file_round_trips_byte_for_byte(written):
    kinds = set()
    for name, data in written.items():
        manifest = typed(name, data)
        assert dump_json(manifest.to_dict()) == data, name
        assert type(manifest).from_dict(manifest.to_dict(), name) == manifest
        kinds.add(type(manifest))
    assert kinds == {GeneratedSet, CaseSet, ScenarioManifest, CorpusIndex, CaseFile}


def test_every_part_round_trips_on_its_own(written):
    seen = set()
    for name, data in written.items():
        for part in parts(typed(name, data)):
            assert type(part).from_dict(part.to_dict(), name) == part, type(part).__name__
            seen.add(type(part).__name__)
    every = {name for name in types.__all__ if isinstance(getattr(types, name), type)
             and dataclasses.is_dataclass(getattr(types, name))}
    assert seen == every  # each type of the module occurs in a real manifest


def test_builders_and_readers_agree():
    result = build_valid_set(seed=5)
    assert GeneratedSet.from_dict(json.loads(result.tree()["manifest.json"])) == result.written_manifest()
    built = build_case(["partial-credit"], seed=1)
    entry = manifest_entry(built)
    assert CaseEntry.from_dict(json.loads(dump_json(entry.to_dict()))) == entry
    assert entry.prior and entry.prior[0].status and entry.expected.findings[0].retourcode == "0634"


def test_case_json_is_the_case_entry_after_its_own_keys(written):
    name = next(n for n in written if n.endswith("case.json"))
    case = CaseFile.from_dict(json.loads(written[name]), name)
    keys = list(json.loads(written[name]))
    assert keys[:6] == ["case_seed", "folder", "defect_pool", "replay", "base", "records"]
    assert keys[6:] == list(case.entry.to_dict())
    assert case.entry.folder is None and case.in_folder().folder == case.folder


# ------------------------------------------------------------------ strict reading

def key_paths(raw: Any, path: str = "") -> Iterator[tuple[str, list[str | int]]]:
    """(shown path, access path) of every key of the shape in a JSON document."""
    if isinstance(raw, dict):
        for key, value in raw.items():
            shown = f"{path}.{key}" if path else key
            yield shown, [key]
            if key not in DATA_MAPPINGS:
                for inner, access in key_paths(value, shown):
                    yield inner, [key, *access]
    elif isinstance(raw, list):
        for n, value in enumerate(raw):
            for inner, access in key_paths(value, f"{path}[{n}]"):
                yield inner, [n, *access]


def optional(name: str, shown: str) -> bool:
    """Keys a reader may go without: a catalogue case's folder (absent for a one-case set); the encoding of a
    set, case or step (absent in manifests written before jwgen named it)."""
    if re.fullmatch(r"(?:(?:cases|steps)\[[0-9]+\]\.)?encoding", shown):
        return True
    return name.startswith("catalogue/") and shown.startswith("cases[") and shown.endswith("].folder")


def _parent(raw: Any, access: list[str | int]) -> Any:
    for step in access[:-1]:
        raw = raw[step]
    return raw


def _one_error(name: str, raw: Any) -> str:
    with pytest.raises(ManifestError) as caught:
        typed(name, dump_json(raw))
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{name}: "), message
    assert isinstance(caught.value, JwgenError)
    return message


@pytest.mark.parametrize("name", ["valid/manifest.json", "defect/manifest.json", "scenario/manifest.json",
                                  "fuzz/index.json", "catalogue/manifest.json"])
def test_every_missing_key_is_named(written, name):
    raw = json.loads(written[name])
    paths = list(key_paths(raw))
    if name.startswith("catalogue/"):
        paths = [p for p in paths if p[0].startswith(("cases[0].", "cases[1].")) or "[" not in p[0]]
    checked = 0
    for shown, access in paths:
        if shown == "kind" or optional(name, shown):
            continue
        broken = copy.deepcopy(raw)
        del _parent(broken, access)[access[-1]]
        assert _one_error(name, broken) == f"{name}: {shown} is missing"
        checked += 1
    assert checked > 20


@pytest.mark.parametrize("name", ["valid/manifest.json", "defect/manifest.json", "scenario/manifest.json",
                                  "fuzz/index.json"])
def test_every_wrongly_typed_value_is_named(written, name):
    raw = json.loads(written[name])
    for shown, access in key_paths(raw):
        if shown == "kind":
            continue
        broken = copy.deepcopy(raw)
        parent = _parent(broken, access)
        wrong = [] if isinstance(parent[access[-1]], dict) else {"not": "this"}  # nothing takes both
        parent[access[-1]] = wrong
        message = _one_error(name, broken)
        assert message.startswith(f"{name}: {shown} is "), message
        assert " not " in message


def test_a_case_json_missing_its_own_key(written):
    name = next(n for n in written if n.endswith("case.json"))
    raw = json.loads(written[name])
    del raw["replay"]
    assert _one_error(name, raw) == f"{name}: replay is missing"
    raw = json.loads(written[name])
    raw["expected"]["findings"] = [{"record": True}]
    assert _one_error(name, raw).startswith(f"{name}: expected.findings[0].record is True (a boolean), not ")


@pytest.mark.parametrize(("raw", "message"), [
    ([], "m.json: the top level is a list, not an object"),
    ({"kind": "who-knows"}, "m.json: kind is 'who-knows', not one of defect-case, defect-catalogue, generated, "
                            "fuzz-corpus"),
    ({"kind": 5}, "m.json: kind is 5 (a number), not a text"),
    ({"kind": "scenario", "tool": "jwgen"}, "m.json: version is missing"),
    ({"tool": "jwgen"}, "m.json: jwgen_version is missing"),  # no kind: a generated set
])
def test_what_is_not_a_manifest(raw, message):
    with pytest.raises(ManifestError) as caught:
        read_manifest(raw, "m.json")
    assert str(caught.value) == message


def test_a_defect_set_must_name_its_layout_and_skipped(written):
    raw = json.loads(written["defect/manifest.json"])
    del raw["skipped"]
    assert _one_error("defect/manifest.json", raw) == "defect/manifest.json: skipped is missing"
    view = {key: value for key, value in json.loads(written["defect/manifest.json"]).items()
            if key not in ("layout", "skipped")}
    assert CaseSet.from_dict({**view, "kind": "generated"}).skipped is None  # a view may go without


def test_views_refuse_a_broken_manifest_in_one_line(written):
    raw = json.loads(written["scenario/manifest.json"])
    del raw["steps"][0]["expected"]["findings"]
    with pytest.raises(ManifestError, match=r"^manifest: steps\[0\]\.expected\.findings is missing$"):
        render_readme(raw)


# ------------------------------------------------------------------ jwgen check on a broken manifest

def _check(folder: Path) -> int:
    return main(["check", "--cmd", f"{sys.executable} -c pass {{jw321}} {{jw322}}", str(folder)])


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


@pytest.mark.parametrize(("breaking", "words"), [
    (lambda m: m["cases"][0].pop("receive_in_order"), ("cases[0].receive_in_order is missing",)),
    (lambda m: m["cases"][0].__setitem__("expected_status", None), ("cases[0].expected_status is null, not a text",)),
    (lambda m: m.pop("profile"), ("profile is missing",)),
    (lambda m: m.__setitem__("cases", {}), ("cases is an object, not a list",)),
])
def test_check_on_a_broken_index_is_a_usage_error(tmp_path, capsys, written, breaking, words):
    corpus = tmp_path / "corpus"
    files = corpus_files(2, seed=3, views=False)
    _write(corpus, files)
    index = json.loads(files["index.json"])
    breaking(index)
    (corpus / "index.json").write_bytes(dump_json(index))
    code = _check(corpus)
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith(f"jwgen: error: {corpus / 'index.json'}: "), err
    assert "Traceback" not in err and "internal error" not in err
    for word in words:
        assert word in err, err


def test_check_on_a_broken_defect_set_manifest(tmp_path, capsys):
    folder = tmp_path / "set"
    files = defect_set(["bsn-invalid"], seed=1)
    _write(folder, files)
    assert _check(folder) == 1  # read and run: the tool writes no JW322, so it disagrees
    capsys.readouterr()
    manifest = json.loads(files["manifest.json"])
    manifest["cases"][0]["expected"]["jw322"] = 7
    (folder / "manifest.json").write_bytes(dump_json(manifest))
    code = _check(folder)
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert err == (f"jwgen: error: {folder / 'manifest.json'}: cases[0].expected.jw322 is 7 (a number), "
                   "not a text or null\n")


def test_check_on_deeply_nested_json(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "index.json").write_text("[" * 100000 + "]" * 100000)
    code = _check(corpus)
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "not readable JSON" in err, err
