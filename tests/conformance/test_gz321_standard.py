"""GZ321/GZ322 v1.0 as a second standard: generated, validated, shown and fuzzed like JW321."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from jwgen.cli import main
from jwgen.flatfile import scan
from jwgen.spec import detect_standard, load_spec

BASE = Path(__file__).parent / "gz321" / "GZ321-basisbestand-correct.ASC"


def test_generate_gz321_agrees_with_the_base_files_structure(tmp_path):
    out = tmp_path / "gz"
    assert main(["generate", "--standard", "GZ321", "--zorgactiviteit", "--tijdsbesteding",
                 "--commentaar", "--out", str(out)]) == 0
    sent = next(out.glob("*_GZ321.txt"))
    answer = next(out.glob("*_GZ322.txt"))
    data = sent.read_bytes()
    assert data.startswith(b"01195") and answer.read_bytes().startswith(b"01196")
    spec = load_spec(standard="GZ321")
    generated = scan(data, spec.declaration)
    base = scan(BASE.read_bytes(), spec.declaration)
    assert generated.ok and base.ok
    assert {r.rtype for r in base.records} <= {r.rtype for r in generated.records}  # every type the base file has
    assert {len(line) for line in generated.lines} == {len(line) for line in base.lines} == {310}
    uzovi = {r.values["uzovi_nummer"] for r in generated.records if "uzovi_nummer" in r.values}
    assert uzovi == {7119}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["expected"]["profile"] == "zorgverzekeraar" and manifest["expected"]["status"] == "approved"


def test_validate_detects_gz321_by_its_message_code(tmp_path, capsys):
    assert detect_standard(BASE.read_bytes()) == "GZ321"
    assert detect_standard(b"01434" + b" " * 305) == "JW321"
    assert main(["validate", str(BASE), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "approved"
    assert main(["validate", str(BASE), "--standard", "JW321"]) == 1  # forced JW321: its 0102 says 195, not 434
    assert main(["validate", str(BASE), "--profile", "gemeente"]) == 2  # GZ321 has no gemeente
    assert "zorgverzekeraar, vecozo" in capsys.readouterr().err


def test_show_and_fuzz_work_for_gz321(tmp_path, capsys):
    assert main(["show", str(BASE)]) == 0
    assert "UZOVI-NUMMER" in capsys.readouterr().out
    corpus = tmp_path / "corpus"
    assert main(["fuzz", "--standard", "GZ321", "--count", "4", "--out", str(corpus)]) == 0
    index = json.loads((corpus / "index.json").read_text(encoding="utf-8"))
    assert index["standard"] == "GZ321" and index["profile"] == "zorgverzekeraar"
    validate = f"{sys.executable} -m jwgen.cli validate {{jw321}} --out {{jw322}} --force --profile {{profile}} " \
               "--state {state}"
    assert main(["check", "--cmd", validate, str(corpus)]) == 0
