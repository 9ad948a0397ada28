"""The explicit rule table (jwgen/controle/rule_table.py) against rules.json: the data decides order and place."""
from __future__ import annotations

import copy
import dataclasses
import datetime

import pytest

from jwgen.controle import check_rule_table, receive
from jwgen.controle.rule_table import detail_checks, sluit_checks, voorloop_checks
from jwgen.flatfile import write
from jwgen.generate import GenerateOptions, generate
from jwgen.spec import SpecError, load_spec, standard_names

SPEC = load_spec()


def with_rules(spec, edit):
    rules = copy.deepcopy(dict(spec.rules))
    rules = edit(rules) or rules
    return dataclasses.replace(spec, rules=rules)


@pytest.mark.parametrize("standard", standard_names())
def test_both_standards_agree_with_the_table(standard):
    check_rule_table(load_spec(standard=standard))


@pytest.mark.parametrize("edit, message", [
    (lambda r: r.pop("dc.group") and None, "only in rules.json [], only in the rule table ['dc.group']"),
    (lambda r: r.update({"new.rule": {**r["dc.group"], "id": "new.rule"}}), "only in rules.json ['new.rule']"),
    (lambda r: r["bsn.invalid"].update(scope="file"), "bsn.invalid: a Detail check does not fit scope 'file'"),
    (lambda r: r["bsn.invalid"].update(records=["01", "02"]), "bsn.invalid: a Detail check does not fit"),
    (lambda r: r["voorloop.agb"].update(records=["02"]), "voorloop.agb: a Voorloop check does not fit"),
    (lambda r: r["sluit.totaal-bedrag"].update(records=["01"]), "sluit.totaal-bedrag: a Sluit check"),
    (lambda r: r["file.utf8"].update(scope="record"), "file.utf8: a reader check"),
    (lambda r: r["field.format"].update(scope="file"), "field.format: a field check"),
    (lambda r: r["sluit.aantal-tarief"].pop("fields") and None, "no sluit rule names the count fields ['aantal_tariefrecords']"),
])
def test_any_disagreement_fails(edit, message):
    with pytest.raises(SpecError, match=message.replace("[", r"\[").replace("]", r"\]")):
        check_rule_table(with_rules(SPEC, edit))


def test_every_stage_runs_in_the_order_of_the_data():
    order = list(SPEC.rules)
    for ids in ([r for r, _ in voorloop_checks(SPEC)], [r for r, _ in sluit_checks(SPEC)],
                [r for r, _, _ in detail_checks(SPEC, "04")]):
        assert ids == sorted(ids, key=order.index)
    reversed_spec = with_rules(SPEC, lambda r: dict(reversed(list(r.items()))))
    assert [r for r, _, _ in detail_checks(reversed_spec, "04")] == [r for r, _, _ in detail_checks(SPEC, "04")][::-1]


def test_record_types_come_from_the_data():
    assert "dc.mixed" in [r for r, _, _ in detail_checks(SPEC, "06")]
    moved = with_rules(SPEC, lambda r: r["dc.mixed"].update(records=["16"]))
    assert "dc.mixed" not in [r for r, _, _ in detail_checks(moved, "06")]
    assert "dc.mixed" in [r for r, _, _ in detail_checks(moved, "16")]


def test_the_data_order_decides_which_retourcode_comes_first():
    """One prestatierecord with two findings: its retourcodes follow the order of rules.json."""
    declaration = generate(GenerateOptions(verzekerden=1, prestaties=(1, 1), tarieven=(1, 1)), seed=1, spec=SPEC)
    prestatie = declaration.verzekerden[0].prestaties[0].record
    prestatie.values["einddatum_prestatie"] = datetime.date(2030, 1, 1)  # after the period and the factuur
    data = write(declaration, SPEC.declaration)
    returned = receive(data, spec=SPEC).returned
    line = next(line for line, codes in returned.items() if len(codes) == 2)
    swapped = with_rules(SPEC, lambda r: dict(reversed(list(r.items()))))
    assert returned[line] == ["8007", "8178"]
    assert receive(data, spec=swapped).returned[line] == ["8178", "8007"]

