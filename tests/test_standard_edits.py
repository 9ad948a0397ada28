"""`jwgen standard edits`: what a standard's folder says beyond what its BER gives (the hand-made parts of JW321
and GZ321 as data; none for a standard made from its BER; a user's edits since `jwgen standard add`)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jwgen.cli import main
from jwgen.spec.ber import SOURCES
from jwgen.spec.builtin_standards import listed
from jwgen.spec.standard_edits import edits_of, own_sources

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("name", [entry.name for entry in listed()])
def test_a_standard_made_from_its_ber_has_no_edits(name):
    found = edits_of(name, *own_sources(name))
    assert found.count() == 0, (found.files, found.layouts[:3], found.changed_conditions[:3], found.standard)


@pytest.mark.parametrize("name", ["GZ321", "JW321"])
def test_the_hand_made_parts_of_jw321_and_gz321_are_listed(name, capsys):
    found = edits_of(name, *own_sources(name))
    assert "+ derivation.json" in found.files  # its layout comes from spec derive's edits, data on top of the BER
    assert found.conditions["same"] + found.conditions["changed"] == 156  # the BER's 156 conditions, each once
    assert found.conditions["changed"] > found.conditions["same"]  # most were classified by hand
    assert main(["standard", "edits", name, "--all"]) == 0
    out = capsys.readouterr().out
    assert f"{name} over the folder jwgen standard add makes from 195_01.BER.txt" in out
    assert "conditions.json otherwise: " in out


def test_jw321_differs_from_the_ber_in_its_receiver(capsys):
    found = edits_of("JW321", *own_sources("JW321"))
    assert ("declaration 0108", "key", "'uzovi_nummer' -> 'gemeentecode'") in found.layouts
    assert "receiver" in found.standard


def test_a_users_edit_is_found(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JWGEN_STANDARDS", str(tmp_path))
    ber = HERE / "data" / "ber" / "ZH308v9.0_BERu2.xls"
    assert main(["standard", "add", str(ber), "--name", "ZH"]) == 0
    conditions = tmp_path / "ZH" / "conditions.json"
    data = json.loads(conditions.read_text(encoding="utf-8"))
    rubriek = next(r for r, entry in data["conditions"].items() if entry["class"] == "not-checkable")
    data["conditions"][rubriek] = {"class": "structural", "by": ["field.format"]}
    conditions.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["standard", "edits", "ZH"]) == 2  # jwgen has no BER of a user's standard
    assert "give it with --ber" in capsys.readouterr().err
    assert main(["standard", "edits", "ZH", "--ber", str(ber), "--all"]) == 0
    out = capsys.readouterr().out
    assert "1 otherwise" in out and f"conditions.json otherwise: {rubriek}" in out


def test_the_ber_given_must_be_a_file(capsys):
    assert main(["standard", "edits", "GZ321", "--ber", str(SOURCES)]) == 2
    assert capsys.readouterr().err.count("\n") == 1

