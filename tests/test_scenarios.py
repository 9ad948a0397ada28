"""Scenarios: every built-in story holds, credit-correction is faithful to STB 5.4.9, bad files get clear errors."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from jwgen.controle import Ledger, receive
from jwgen.flatfile import scan
from jwgen.scenario import ScenarioError, builtin_names, load, parse, run
from jwgen.spec import load_spec

SPEC = load_spec()
M = SPEC.declaration


@pytest.mark.parametrize("name", [n for n in builtin_names() if n != "max-size"])
def test_builtin_scenario_holds(name):
    scenario, file = load(name)
    results = run(scenario, file=file)
    assert [r.name for r in results] == [s["name"] for s in scenario["steps"]]
    for result, step in zip(results, scenario["steps"]):
        assert result.outcome.status == step["expect"]


def test_max_size_scenario_has_12000_records():
    scenario, file = load("max-size")
    (result,) = run(scenario, file=file)
    assert result.jw321.count(b"\r\n") == 12000 and result.outcome.status == "approved"


def test_builtin_names_include_the_asked_ones():
    assert {"credit-correction", "credit-misuse", "bad-totals", "duplicate-records", "missing-prestatie",
            "resubmit-after-rejection", "monthly-cycle", "max-size", "gemeente-vs-vecozo"} <= set(builtin_names())


def test_credit_correction_credits_equal_their_debets_and_the_toegekend_amounts():
    scenario, file = load("credit-correction")
    declare, correct = run(scenario, file=file)
    exempt = set(M.structure["credit_exempt_fields"])
    debets = {r.values["referentienummer"]: r for r in scan(declare.jw321, M).records if "referentienummer" in r.values}
    credits = [r for r in scan(correct.jw321, M).records if r.values.get("dc_declaratiebedrag") == "C"
               or r.values.get("indicatie_debet_credit") == "C"]
    assert credits and any(r.rtype == "04" for r in credits)
    for credit in credits:
        debet = debets[credit.values["referentienummer_voorgaande"]]
        assert credit.rtype == debet.rtype
        for f in M.records[credit.rtype].fields:
            if f.key not in exempt:
                assert credit.line[f.start - 1:f.end] == debet.line[f.start - 1:f.end], f.key
        if credit.rtype == "06":  # amounts live on the tariefrecord
            # the whole step-1 file was approved, so each line's toegekend amount is its declaratiebedrag
            assert credit.values["declaratiebedrag"] == debet.values["declaratiebedrag"]
    # step 1's JW322 grants everything it was sent
    assert declare.outcome.toegekend == declare.outcome.ingediend
    sluit = scan(declare.outcome.jw322, SPEC.retour).records[-1].values
    assert sluit["totaal_toegekend_bedrag"] == declare.outcome.toegekend
    # the corrected 2nd debets keep the original period and point at the original line
    seconds = [r for r in scan(correct.jw321, M).records if r.rtype == "04" and r.values["indicatie_debet_credit"] == "D"
               and r.values["referentienummer_voorgaande"]]
    assert seconds
    for again in seconds:
        original = debets[again.values["referentienummer_voorgaande"]]
        assert (again.values["begindatum_prestatie"], again.values["einddatum_prestatie"]) == \
               (original.values["begindatum_prestatie"], original.values["einddatum_prestatie"])
    assert correct.outcome.status == "approved"


def test_credit_correction_judges_step_two_against_step_one():
    """Without step 1 in the receiver's memory, the same step-2 file is rejected (8017: no debet known)."""
    scenario, file = load("credit-correction")
    _, correct = run(scenario, file=file)
    alone = receive(correct.jw321, "gemeente", Ledger())
    assert alone.status == "partial" and "8017" in {f.retourcode for f in alone.findings}


def test_same_seed_same_bytes_other_seed_other_bytes():
    scenario, file = load("credit-correction")
    a = [r.jw321 for r in run(scenario, seed=5, file=file)]
    b = [r.jw321 for r in run(scenario, seed=5, file=file)]
    c = [r.jw321 for r in run(scenario, seed=6, file=file)]
    assert a == b and a != c


GOOD = """\
name: tiny
description: one file
steps:
  - name: only
    generate: {verzekerden: 1}
    expect: approved
"""


@pytest.mark.parametrize("source, where", [
    (GOOD.replace("expect: approved", "expect: aproved"), "tiny.yaml:6: steps[0].expect: expected one of"),
    (GOOD.replace("    generate:", "    generat:"), "tiny.yaml:5: steps[0]: unknown key 'generat'"),
    (GOOD.replace("verzekerden: 1", "verzekerden: many"), "tiny.yaml:5: steps[0].generate.verzekerden"),
    (GOOD.replace("description: one file\n", ""), "tiny.yaml:1: top level: missing required key 'description'"),
    (GOOD + "  - name: only\n    resend: only\n    expect: approved\n", "tiny.yaml:7: steps[1].name: step name"),
    (GOOD + "  - name: two\n    credit: [{step: later}]\n    expect: approved\n", "refers to 'later'"),
    (GOOD + "  - name: two\n    resend: only\n    generate: true\n    expect: approved\n", "take no other content"),
    (GOOD.replace("expect: approved", "expect: approved\n    defects: [partial-credit]"), "needs earlier files"),
    (GOOD.replace("expect: approved", "expect: approved\n    defects: [nope]"), "unknown defect 'nope'"),
    ("name: [unclosed\n", "tiny.yaml:2: not valid YAML"),
    ("", "tiny.yaml:1: the file is empty"),
])
def test_malformed_scenarios_name_file_line_and_key(source, where):
    with pytest.raises(ScenarioError) as error:
        parse(source, "tiny.yaml")
    assert where in str(error.value)


def test_a_story_that_does_not_hold_names_the_step(tmp_path):
    wrong = GOOD.replace("expect: approved", "expect: partial")
    with pytest.raises(ScenarioError, match=r"tiny.yaml:4: step 'only': expected partial, the receiver answered approved"):
        run(parse(wrong, "tiny.yaml"), file="tiny.yaml")


def test_example_fixture_set_regenerates_byte_identically(tmp_path):
    """examples/credit-correction is what the README's main-job command writes."""
    from jwgen.cli import main

    example = Path(__file__).resolve().parent.parent / "examples" / "credit-correction"
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "jwgen scenario credit-correction --out examples/credit-correction --force" in readme
    assert main(["scenario", "credit-correction", "--out", str(tmp_path / "set")]) == 0
    fresh = {p.name: p.read_bytes() for p in (tmp_path / "set").iterdir()}
    committed = {p.name: p.read_bytes() for p in example.iterdir()}
    assert fresh == committed


def test_scenario_cli(tmp_path, capsys):
    from jwgen.cli import main

    assert main(["scenarios"]) == 0
    assert "credit-correction" in capsys.readouterr().out
    out = tmp_path / "set"
    assert main(["scenario", "monthly-cycle", "--out", str(out)]) == 0
    assert main(["scenario", "monthly-cycle", "--out", str(out)]) == 2  # not empty, no --force
    assert main(["scenario", "no-such-story", "--out", str(tmp_path / "x")]) == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("expect: approved", "expect: maybe"), encoding="utf-8")
    capsys.readouterr()
    assert main(["scenario", str(bad), "--out", str(tmp_path / "y")]) == 2
    assert f"{bad}:6: steps[0].expect" in capsys.readouterr().err
    assert not (tmp_path / "y").exists()


# -- the fixture sets, pinned; the step kinds, one table ------------------------------------------------------

GOLDEN_SETS = Path(__file__).parent / "golden" / "scenarios.sha256.json"


def test_every_builtin_fixture_set_is_byte_identical_to_its_golden():
    """sha256 of every file of every built-in scenario's fixture set (jwgen scenario NAME). After an intended
    change (a new version number counts: the manifest names it) regenerate with JWGEN_UPDATE_GOLDEN=1."""
    import hashlib
    import json

    from jwgen.scenario import scenario_set

    digests = {}
    for name in builtin_names():
        scenario, file = load(name)
        digests[name] = {path: hashlib.sha256(data).hexdigest()
                         for path, data in sorted(scenario_set(scenario, file=file).items())}
    if os.environ.get("JWGEN_UPDATE_GOLDEN") == "1":
        GOLDEN_SETS.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert digests == json.loads(GOLDEN_SETS.read_text(encoding="utf-8"))


#: The keys of a step that are no kind of step.
STEP_KEYS = {"name", "description", "period", "encoding", "reader", "profile", "defects", "expect", "codes"}


def allowed_step_keys() -> set[str]:
    with pytest.raises(ScenarioError) as error:
        parse(GOOD.replace("    generate:", "    no-such-kind:"), "tiny.yaml")
    listed = str(error.value).partition("(allowed: ")[2].rstrip(")")
    return set(listed.split(", "))


def test_the_schema_allows_exactly_the_registrys_step_kinds():
    from jwgen.scenario.schema import KIND_VALUES
    from jwgen.scenario.steps import STEP_KINDS

    assert allowed_step_keys() - STEP_KEYS == set(STEP_KINDS)
    assert set(KIND_VALUES) == set(STEP_KINDS), "a value check for a kind the registry does not have"
    assert all(callable(kind.run) and callable(kind.refers) for kind in STEP_KINDS.values())


@pytest.mark.parametrize("kind, value", [("resend", "only"), ("fix", "only"), ("again", "{step: only}"),
                                         ("credit", "[{step: only}]"), ("redeclare", "[{step: only}]")])
def test_each_kind_names_its_earlier_step(kind, value):
    """What a kind refers to (STEP_KINDS[kind].refers) is checked against the earlier steps."""
    later = GOOD + f"  - name: two\n    {kind}: {value.replace('only', 'three')}\n    expect: approved\n"
    with pytest.raises(ScenarioError, match=rf"steps\[1\]\.{kind}.*refers to 'three', which is not an earlier step"):
        parse(later, "tiny.yaml")
    parse(GOOD + f"  - name: two\n    {kind}: {value}\n    expect: approved\n", "tiny.yaml")


def test_a_kind_that_sends_an_earlier_file_takes_no_other_kind():
    with pytest.raises(ScenarioError, match="resend/fix send an earlier file again and take no other content"):
        parse(GOOD + "  - name: two\n    fix: only\n    credit: [{step: only}]\n    expect: approved\n", "tiny.yaml")
    with pytest.raises(ScenarioError, match="a step needs content: generate, credit, redeclare, again, resend or fix"):
        parse(GOOD + "  - name: two\n    expect: approved\n", "tiny.yaml")


def test_line_numbers_of_a_step_come_from_the_written_file():
    """StepResult.lines (id(record) -> line) matches the bytes, for generated, fixed and resent files."""
    scenario, file = load("bad-totals")
    for result in run(scenario, file=file):
        lines = result.jw321.split(b"\r\n")
        for record in result.declaration.records():
            line = lines[result.lines[id(record)] - 1]
            assert line[:2].decode() == record.rtype
