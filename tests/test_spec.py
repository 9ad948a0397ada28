"""The spec checks itself on load; a user can point jwgen at an edited layout file."""
from __future__ import annotations

import copy
import json

import pytest

from jwgen.controle import check_rule_table
from jwgen.spec import STANDARDS, SpecError, load_spec

BUILTIN = json.loads((STANDARDS / "JW321" / "layouts.json").read_text(encoding="utf-8"))


def edited(tmp_path, change) -> str:
    data = copy.deepcopy(BUILTIN)
    change(data["messages"])
    path = tmp_path / "layouts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_builtin_spec_loads_with_all_record_types():
    spec = load_spec()
    assert list(spec.declaration.records) == ["01", "02", "03", "04", "06", "16", "17", "98", "99"]
    assert spec.declaration.record_length == 310 and spec.retour.record_length == 370
    assert spec.declaration.cod002 == "434" and spec.retour.cod002 == "435"


def test_every_field_keeps_confidence_and_basis():
    spec = load_spec()
    for message in (spec.declaration, spec.retour):
        for layout in message.records.values():
            for f in layout.fields:
                assert f.confidence in spec.confidence_scale, (message.name, f.id, f.confidence)
                assert f.basis, (message.name, f.id)


def test_record_17_is_the_official_tijdsbestedingrecord():
    layout = load_spec().declaration.records["17"]
    assert [f.key for f in layout.fields if f.start >= 62][:5] == [
        "soort_behandelaar", "zorgverlenerscode_hoofdbehandelaar", "beroep_medebehandelaar",
        "begindatum_tijdsbesteding", "einddatum_tijdsbesteding"]
    assert all(f.confidence.startswith("official") for f in layout.fields)


def test_rules_data_and_implementations_match():
    check_rule_table(load_spec())


def shift_start(messages):
    messages["JW321"]["records"]["02"][3]["start"] += 1


def wrong_length(messages):
    messages["JW321"]["records"]["98"][-1]["length"] -= 1


def duplicate_id(messages):
    messages["JW321"]["records"]["02"][4]["id"] = messages["JW321"]["records"]["02"][3]["id"]


def unknown_codelist(messages):
    messages["JW321"]["records"]["02"][3]["codelist"] = "COD999-NOPE"


def jw322_differs(messages):
    messages["JW322"]["records"]["02"][2]["key"] = "not_bsn"


@pytest.mark.parametrize("change, words", [
    (shift_start, "starts at"),
    (wrong_length, "add up to"),
    (duplicate_id, "appears twice"),
    (unknown_codelist, "COD999-NOPE"),
    (jw322_differs, "unchanged"),
])
def test_self_checks_refuse_inconsistent_layouts(tmp_path, change, words):
    with pytest.raises(SpecError, match=words):
        load_spec(edited(tmp_path, change))


def test_edited_layout_is_used_without_touching_code(tmp_path):
    def rename(messages):
        for message in ("JW321", "JW322"):
            messages[message]["records"]["02"][9]["name"] = "ACHTERNAAM VERZEKERDE (BER)"
            messages[message]["records"]["02"][9]["confidence"] = "verified-value"
    spec = load_spec(edited(tmp_path, rename))
    assert spec.declaration.records["02"]["naam_01"].name == "ACHTERNAAM VERZEKERDE (BER)"


def test_unreadable_layout_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text("{nope", encoding="utf-8")
    with pytest.raises(SpecError, match="not readable JSON"):
        load_spec(str(bad))
    with pytest.raises(SpecError, match="not found"):
        load_spec(str(tmp_path / "missing.json"))
