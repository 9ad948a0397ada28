"""The condition ledger (every BER condition classified) and the probe that proves each implemented one.

The ledger is data (jwgen/spec/standards/*/conditions.json); these tests hold it complete against the BER's
own column Constraints/condities (the layout keeps its text), and run the probe (jwgen.sets.probe) built from
it on Vektis's base file: for every implemented check, each direction, a variant that breaks it (rejected,
on that rubriek, with the rule's retourcode) and one that satisfies it (approved).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jwgen.spec import STANDARDS, load_spec
from jwgen.spec.conditions import CLASSES, build_ledger, coverage
from jwgen.spec.standard_folders import builtin_names
from jwgen.sets.probe import INHERITED, probe_cases, run_probe

from test_ber import BASE_FILE, as_jw321

BASES = {"GZ321": lambda: BASE_FILE.read_bytes(), "JW321": lambda: as_jw321(BASE_FILE.read_bytes())}
#: what the probe cannot make from the base file by changing fields, with the ledger's reasons
UNPROBED = {("0222", "required", "unprobed"),  # no debiteurrecord in the base file (none at all in GZ321)
            ("0441", "required", "unprobed"), ("0628", "required", "unprobed"), ("1620", "required", "unprobed"),
            ("1720", "required", "unprobed")}


@pytest.mark.parametrize("standard", builtin_names())
def test_every_ber_condition_has_one_ledger_entry(standard):
    spec = load_spec(standard=standard)
    assert coverage(spec) == ([], [])
    stated = [f for layout in spec.declaration.records.values() for f in layout.fields if f.condition.strip()]
    assert len(stated) == len(spec.conditions) == {"GZ321": 156, "JW321": 156}.get(standard, len(stated))
    assert all(spec.conditions[f.id].text == f.condition for f in stated)


def test_the_gz321_ber_states_156_conditions_and_the_layout_keeps_every_one():
    rows = (Path(__file__).parent.parent / "jwgen/spec/sources/195_01.BER.txt").read_text("cp1252").splitlines()
    with_condition = [r.split("\t")[2] for r in rows[1:] if len(r.split("\t")) > 26 and r.split("\t")[26].strip()]
    assert len(with_condition) == 156
    assert sorted(with_condition) == sorted(load_spec(standard="GZ321").conditions)


def test_a_removed_entry_is_a_condition_without_classification():
    spec = load_spec(standard="GZ321")
    raw = json.loads((STANDARDS / "GZ321" / "conditions.json").read_text("utf-8"))
    del raw["conditions"]["1711"]
    ledger = build_ledger([("GZ321", raw)], spec.declaration, spec.rules)
    assert coverage(type("S", (), {"declaration": spec.declaration, "conditions": ledger})()) == (["1711"], [])


def test_every_class_is_used_and_jw321_inherits_with_its_own_0108():
    gz, jw = load_spec(standard="GZ321").conditions, load_spec(standard="JW321").conditions
    assert set(gz.counts()) == set(CLASSES) and all(gz.counts().values())
    assert jw["0108"].source == "JW321" and jw["1711"].source == "GZ321"


@pytest.mark.parametrize("standard", ["GZ321", "JW321"])
def test_the_probe_breaks_and_allows_every_implemented_condition(standard):
    spec = load_spec(standard=standard)
    results = run_probe(spec, BASES[standard]())
    failed = [(r.case.rubriek, r.case.kind, r.case.direction, r.case.variant, r.why) for r in results
              if not r.passed and r.case.variant != "unprobed"]
    assert failed == []
    assert {(r.case.rubriek, r.case.direction, r.case.variant) for r in results if not r.passed} == UNPROBED
    # every direction of every implemented check was broken (apart from the one the base file cannot hold)
    broken = {(r.case.rubriek, r.case.kind, r.case.direction) for r in results
              if r.case.variant == "broken" and r.passed}
    wanted = {(c.rubriek, check.kind, d) for c in spec.conditions.values() if c.cls == "implemented"
              for check in c.checks for d in check.directions()}
    assert wanted - broken == {("0222", "filled", "required")}


def test_a_probe_case_changes_one_rubriek_of_one_record():
    spec = load_spec(standard="GZ321")
    base = BASE_FILE.read_bytes().split(b"\r\n")
    repeated = {c.key for c in spec.conditions.values() if INHERITED in c.text}  # the BER's key inheritance
    for case in probe_cases(spec, BASE_FILE.read_bytes()):
        if case.variant != "broken" or case.resend:
            continue
        changed = [n for n, (a, b) in enumerate(zip(base, case.data.split(b"\r\n")), start=1) if a != b]
        assert case.line in changed, (case.rubriek, case.change)
        if spec.conditions[case.rubriek].key not in repeated and case.rubriek != "0205":
            assert changed == [case.line], (case.rubriek, case.change, changed)  # 0205: the dummy BSN, repeated


def test_what_the_base_file_cannot_hold_is_probed_on_a_file_with_a_debiteur():
    """Vektis's base file has no debiteurrecord, so 0222's required direction (filled when the verzekerde has
    one) is probed on jwgen's minimal JW321, which has one: broken rejected, allowed approved."""
    import minimal

    results = [r for r in run_probe(load_spec(standard="JW321"), minimal.file())
               if (r.case.rubriek, r.case.direction) == ("0222", "required")]
    assert {r.case.variant for r in results} == {"broken", "allowed"}
    assert all(r.passed for r in results), [r.why for r in results]


@pytest.mark.parametrize("standard", ["GZ321", "JW321"])
def test_every_implemented_check_is_asked_by_a_rule_of_its_record_type(standard):
    """A check is implemented only where the rule it answers under runs on its record type; the built-in
    ledgers claim nothing the receiver does not ask."""
    ledger = load_spec(standard=standard).conditions
    assert [rubriek for rubriek, c in ledger.items() if c.extra.get("unanswered")] == []
