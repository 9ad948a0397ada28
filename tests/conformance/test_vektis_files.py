"""Vektis's own RBC test files for GZ321 v1.0 (a copy of ../shared/reference/gz321/testbestanden), each
judged as Vektis intends (jwgen/conformance.py): the base file approved, N1/N2 rejected as a whole file with an
answer (no answer only where STB 6.8.1 allows none), N3/N4 rejected with a finding on the rubriek the name
gives, N5 rejected by the rule conformance.json names; each file as the standard its 0102 names. The few that
need a registry jwgen does not have are listed there with the reason naming that registry, and reported, not
failed; a listed case the receiver catches fails (the list must not go stale). The files the receiver does not
answer as Vektis intends yet are :data:`KNOWN_MISSES`, held exactly (a fixed one fails until it is removed)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from jwgen.cli import main
from jwgen.conformance import Verdict, expectation, judge, parse_name, passed, run_folder, table
from jwgen.spec import STANDARDS, load_spec

FOLDER = Path(__file__).parent / "gz321"
BASE_FILE = "GZ321-basisbestand-correct.ASC"
SPEC = load_spec(standard="GZ321")
VERDICTS = {v.file: v for v in run_folder(FOLDER)}  # each file's standard from its own 0102
EXPECTED = json.loads((STANDARDS / "GZ321" / "conformance.json").read_text(encoding="utf-8"))

#: Files the receiver does not handle as Vektis intends yet, file name -> why (none today: the unanswered
#: voorlooprecords N2_0024, N3_0101_02/03, N4_0101_01 are answered since issue 23 item 5). Held exactly: a file
#: listed here that is caught fails until it is removed, and a new miss fails until it is fixed or listed.
KNOWN_MISSES: dict[str, str] = {}


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_vektis_file_is_handled_as_vektis_intends(name):
    verdict = VERDICTS[name]
    assert verdict.standard == "GZ321"
    if name in KNOWN_MISSES:
        assert verdict.missed, f"{name} is caught now: remove it from KNOWN_MISSES"
    else:
        assert verdict.caught or verdict.registry, (verdict.expected, verdict.status, verdict.found)


def test_the_misses_are_exactly_the_known_ones():
    assert {v.file for v in VERDICTS.values() if v.missed} == set(KNOWN_MISSES)


def registry_names(key: str, spec=SPEC) -> set[str]:  # noqa: ANN001 - a Spec
    """What a registry case's reason must name: the code list jwgen checks the rubriek against by shape only
    (``closed: false`` in codelists.json: a registry it does not have), by its id (COD016) or by the register
    the list is part of (the parenthesis of its name: AGB). An N5 case (no rubriek in its name) may name any such
    list. Empty when the rubriek's list is closed (jwgen has it whole: the case is checkable, not a registry)."""
    level, what = key.split("_")[:2]
    fields = [f for r in spec.declaration.records.values() for f in r.fields
              if level in ("N3", "N4") and f.id == what]
    lists = {f.codelist for f in fields if f.codelist} if fields else set(spec.codelists)
    names = set()
    for name in lists:
        entry = spec.codelists.get(name, {})
        if isinstance(entry, dict) and entry.get("closed") is False:
            names.add(name.split("-")[0])
            names.update(re.findall(r"\((\w+)\)", entry.get("name", "")))
    return names


def test_every_registry_case_names_its_registry():
    for key, reason in EXPECTED["registry"].items():
        names = registry_names(key)
        assert names, f"{key}: its rubriek's code list is one jwgen has whole; it is no registry case"
        assert any(name in reason for name in names), f"{key}: the reason names none of {sorted(names)}: {reason}"


def test_registry_cases_are_exactly_the_documented_ones():
    """Computed, not marked: a registry case the receiver catches as named is reported as "listed as registry
    but caught" and fails here until it is removed from conformance.json."""
    stale = {f"{v.level}_{v.what}": v.found for v in VERDICTS.values() if v.stale_registry}
    assert not stale, f"listed as registry but caught (remove from conformance.json): {stale}"
    kept = {f"{v.level}_{v.what}" for v in VERDICTS.values() if not v.caught and v.registry}
    assert kept == set(EXPECTED["registry"])


def test_a_registry_case_that_is_caught_is_reported_stale():
    caught = Verdict("x_TB_N4_0422_01_v1.asc", "N4", "0422", True, "partial", ["0422/8014 (x)"], "", "COD016-VEKT")
    kept = Verdict("x_TB_N4_1616_01_v1.asc", "N4", "1616", False, "approved", [], "", "COD016-VEKT")
    assert caught.stale_registry and not kept.stale_registry and passed([kept]) and not passed([kept, caught])
    assert "listed as registry but caught" in table([caught, kept]) and "not judged" in table([caught, kept])


def _outcome(status: str, *rubrieken: str) -> SimpleNamespace:
    return SimpleNamespace(status=status, findings=[SimpleNamespace(rubriek=r, rule="r") for r in rubrieken])


def test_no_answer_is_a_miss_unless_the_file_cannot_be_identified():
    none, whole = _outcome("unrecognised"), _outcome("rejected-file", "0103")
    for level in ("N1", "N2"):
        assert judge(level, "0009", whole, {}) and not judge(level, "0009", none, {})
        assert judge(level, "0003", none, {}, identified=False)
        assert not judge(level, "0003", whole, {}, identified=False)
        assert "no answer" in expectation(level, "0003", {}, identified=False)
    assert not judge("N3", "0101", none, {}) and judge("N3", "0101", _outcome("rejected-file"), {})
    assert not judge("N5", "044", none, {}) and not judge("N3", "0102", none, {}, identified=False)


def _copy(tmp_path: Path, names) -> Path:  # noqa: ANN001 - file names
    out = tmp_path / "copy"
    out.mkdir()
    for name in names:
        shutil.copyfile(FOLDER / name, out / name)
    return out


def test_a_folder_without_its_basisbestand_gives_the_same_table(tmp_path, capsys):
    """Each file's standard comes from its own 0102, and the two files that are the base file byte for byte
    are known by its sha256 (conformance.json): the same files get the same table with or without it."""
    copy = _copy(tmp_path, [name for name in VERDICTS if name != BASE_FILE])
    main(["conformance", str(copy)])
    assert capsys.readouterr().out == table([v for v in VERDICTS.values() if v.level != "base"])
    outputs = []
    for folder in (FOLDER, copy):
        assert main(["conformance", str(folder)]) == (1 if KNOWN_MISSES else 0)
        outputs.append(capsys.readouterr().out.splitlines())
    with_base, without = outputs
    assert [line for line in with_base if not line.startswith(("base ", "all "))] == \
        [line for line in without if not line.startswith("all ")]
    assert with_base[0] == without[0] == "standard: GZ321, as each file's rubriek 0102 names it"


def test_each_file_is_judged_as_the_standard_its_0102_names(tmp_path, capsys):
    names = [BASE_FILE, "GZ321v1.0_RBCu4_TB_N3_0411_03_v1.asc", "GZ321v1.0_RBCu4_TB_N3_0102_01_v1.asc"]
    copy = _copy(tmp_path, names)
    jw = bytearray((FOLDER / "GZ321v1.0_RBCu4_TB_N3_0203_03_v1.asc").read_bytes())
    jw[2:5] = b"434"  # 0102: a JW321 declaration
    (copy / "x_TB_N5_001_v1.asc").write_bytes(bytes(jw))
    verdicts = {v.file: v for v in run_folder(copy)}
    assert verdicts["x_TB_N5_001_v1.asc"].standard == "JW321"
    assert verdicts[names[2]].standard == "GZ321" and verdicts[names[2]].standard_from == "folder"
    assert {verdicts[n].standard_from for n in names[:2]} == {"0102"}
    main(["conformance", str(copy)])
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "standard: GZ321, as each file's rubriek 0102 names it (1 JW321: listed below)"
    assert "judged as JW321, as their 0102 says (1):\n  x_TB_N5_001_v1.asc\n" in out
    assert f"judged as GZ321, the folder's standard: their 0102 names none (1):\n  {names[2]}\n" in out
    main(["conformance", str(copy), "--standard", "GZ321"])
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "standard: GZ321 (forced by --standard)" and "judged as" not in out
    assert {v.standard for v in run_folder(copy, SPEC)} == {"GZ321"}


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


def test_a_layout_is_the_folders_standards_and_forces_nothing(tmp_path, capsys):
    copy = _copy(tmp_path, [BASE_FILE, "GZ321v1.0_RBCu4_TB_N3_0102_01_v1.asc"])
    layout = STANDARDS / "GZ321" / "layouts.json"
    assert main(["conformance", str(copy), "--layout", str(layout)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "standard: GZ321, as each file's rubriek 0102 names it"
    assert main(["conformance", str(copy), "--profile", "vecozo"]) == 0  # the base file forwarded: its pass


def test_conformance_command_prints_the_table(capsys):
    assert main(["conformance", str(FOLDER), "--standard", "GZ321"]) == (1 if KNOWN_MISSES else 0)
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "standard: GZ321 (forced by --standard)"
    assert out.splitlines()[1].split() == ["level", "files", "caught", "registry", "missed"]
    assert f"all      386    {386 - len(KNOWN_MISSES)}        0      {len(KNOWN_MISSES)}" in out
    assert parse_name("x_TB_N4_0422_01_v1.asc") == ("N4", "0422")


def test_conformance_command_refuses_what_is_not_a_folder_of_test_files(tmp_path, capsys):
    assert main(["conformance", str(tmp_path)]) == 2
    assert main(["conformance", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.count("jwgen: error: ") == 2
