"""Vektis's own RBC test files for GZ321 v1.0 (a copy of ../shared/reference/gz321/testbestanden), each
judged as Vektis intends: the base file approved, N1/N2 rejected as a whole file, N3/N4 rejected with a
finding on the rubriek the name gives, N5 rejected by the rule conformance.json names. The few that need a
registry jwgen does not have are listed there with the reason, and reported, not failed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jwgen.cli import main
from jwgen.conformance import parse_name, run_folder
from jwgen.spec import STANDARDS, load_spec

FOLDER = Path(__file__).parent / "gz321"
SPEC = load_spec(standard="GZ321")
VERDICTS = {v.file: v for v in run_folder(FOLDER, SPEC)}
EXPECTED = json.loads((STANDARDS / "GZ321" / "conformance.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_vektis_file_is_handled_as_vektis_intends(name):
    verdict = VERDICTS[name]
    assert verdict.caught or verdict.registry, (verdict.expected, verdict.status, verdict.found)


def test_registry_cases_are_exactly_the_documented_ones():
    kept = {f"{v.level}_{v.what}" for v in VERDICTS.values() if not v.caught}
    assert kept == set(EXPECTED["registry"])


def test_every_n5_file_has_its_rule_written_down():
    numbers = {v.what for v in VERDICTS.values() if v.level == "N5"}
    assert numbers <= set(EXPECTED["N5"]) and all(SPEC.rules.get(e["rule"]) for e in EXPECTED["N5"].values())


def test_the_base_file_is_approved_with_its_total():
    from jwgen.controle import receive

    outcome = receive((FOLDER / "GZ321-basisbestand-correct.ASC").read_bytes())  # GZ321 detected by its 0102
    assert outcome.status == "approved" and outcome.profile == "zorgverzekeraar"
    assert outcome.ingediend == outcome.toegekend == 733000 and outcome.jw322.startswith(b"01196")
    assert not outcome.findings


def test_no_rule_fires_on_a_field_the_base_file_has_right():
    """Every file differs from the base file in a few fields; no finding may name a rubriek the file left as the
    base file has it, on a record it did not change (the change is what the receiver must find)."""
    base = (FOLDER / "GZ321-basisbestand-correct.ASC").read_bytes().split(b"\r\n")
    for name, verdict in VERDICTS.items():
        if verdict.level not in ("N3", "N4") or not verdict.caught:
            continue
        lines = (FOLDER / name).read_bytes().split(b"\r\n")
        if len(lines) != len(base):
            continue
        from jwgen.controle import Ledger, receive

        with Ledger() as ledger:
            outcome = receive((FOLDER / name).read_bytes(), None, ledger, SPEC)
        for finding in outcome.findings:
            if finding.line is not None and finding.line <= len(base) and finding.rubriek:
                f = next((f for f in SPEC.declaration.records[base[finding.line - 1][:2].decode()].fields
                          if f.id == finding.rubriek), None)
                if f is None:
                    continue
                same = lines[finding.line - 1][f.start - 1:f.end] == base[finding.line - 1][f.start - 1:f.end]
                unchanged_record = lines[finding.line - 1] == base[finding.line - 1]
                assert not (same and unchanged_record and finding.rule.startswith("field.")), (name, finding)


def test_conformance_command_prints_the_table(capsys):
    assert main(["conformance", str(FOLDER), "--standard", "GZ321"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["level", "files", "caught", "registry", "missed"]
    assert "all      386    386        0      0" in out
    assert parse_name("x_TB_N4_0422_01_v1.asc") == ("N4", "0422")


def test_conformance_command_refuses_what_is_not_a_folder_of_test_files(tmp_path, capsys):
    assert main(["conformance", str(tmp_path)]) == 2
    assert main(["conformance", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.count("jwgen: error: ") == 2
