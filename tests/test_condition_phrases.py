"""A condition ledger from a BER's words alone (jwgen/spec/condition_phrases.py): every vendored BER gives one
that the ledger loader accepts, and on GZ321 the phrases never claim more than the hand-made ledger checks."""
from __future__ import annotations

from pathlib import Path

import pytest

from jwgen.spec import build_message, load_spec
from jwgen.spec.ber import import_ber, read_ber
from jwgen.spec.condition_phrases import UNRECOGNISED, derive, derived_counts, situation
from jwgen.spec.conditions import build_ledger

from test_ber import BERS

SPEC = load_spec(standard="GZ321")


@pytest.mark.parametrize("path", BERS, ids=[p.name for p in BERS])
def test_every_condition_of_a_ber_gets_an_entry_the_loader_accepts(path):
    layout = import_ber(read_ber(path))
    message = build_message(layout["standard"], layout, {})
    derived = derive(message)
    stated = {f.id for rec in message.records.values() for f in rec.fields if f.condition.strip()}
    assert set(derived) == stated
    ledger = build_ledger([(path.name, {"conditions": derived})], message, SPEC.rules)
    assert len(ledger) == len(stated)
    counts = derived_counts(message, SPEC.rules)
    assert counts["conditions"] == len(stated) == sum(v for k, v in counts.items() if k != "conditions")
    assert counts["conditions"] - counts["unrecognised"] > counts["conditions"] // 3  # the boilerplate is known


def test_on_gz321_the_phrases_claim_no_check_the_hand_made_ledger_has_not():
    derived = derive(SPEC.declaration)
    over = {rubriek for rubriek, entry in derived.items()
            if entry["class"] == "implemented" and SPEC.conditions[rubriek].cls == "not-checkable"}
    assert over == set()
    ledger = build_ledger([("derived", {"conditions": derived})], SPEC.declaration, SPEC.rules)
    for rubriek, condition in ledger.items():  # a derived check is one the hand-made ledger makes, or covers
        for check in condition.checks:
            made = SPEC.conditions[rubriek]
            assert made.cls == "structural" or any(c.kind == check.kind or check.kind == "values" and
                                                   c.kind == "fixed" for c in made.checks), rubriek
            for predicate in check.when:  # a situation named in words is the hand-made one
                assert any(predicate == w for c in made.checks for w in c.when), rubriek
    agree = sum(1 for rubriek, entry in derived.items() if entry.get("reason") != UNRECOGNISED
                and entry["class"] == SPEC.conditions[rubriek].cls)
    assert agree >= 80  # of the 106 the phrases recognise


def test_placeholders_are_filled_from_the_layout():
    derived = derive(SPEC.declaration)
    assert derived["0213"]["phrase"] == "name-02"
    assert derived["0213"]["checks"][0]["when"] == {"field": "naamcode_02", "in": [2]}  # {previous}
    assert derived["0441"]["checks"][0]["when"] == {"field": "indicatie_debet_credit", "in": ["C"]}  # {dc}


def test_a_check_no_rule_answers_is_not_claimed():
    """181 v1's 0105 SOORT BERICHT reads as 'filled when 0106 is', but no rule of jwgen runs such a check on a
    voorlooprecord's soort bericht: the ledger calls it not checked and says why, instead of claiming it. Its
    0107 VERSIEAANDUIDING INFORMATIESYSTEEM, in the same words, is checked: the voorloop rule of that rubriek
    (voorloop.versie-informatiesysteem) runs it, as it does on MZ301 and GZ321."""
    path = next(p for p in BERS if p.name.startswith("181_01"))
    layout = import_ber(read_ber(path))
    message = build_message(layout["standard"], layout, {})
    ledger = build_ledger([(path.name, {"conditions": derive(message)})], message, SPEC.rules)
    assert derive(message)["0105"]["class"] == "implemented"
    assert ledger["0105"].cls == "not-checkable" and "no rule of jwgen answers" in ledger["0105"].reason
    assert ledger["0107"].cls == "implemented"
    assert [c.rule for c in ledger["0107"].checks] == ["voorloop.versie-informatiesysteem"]
    assert ledger["0209"].cls == "implemented"  # a fixed value of a detail record: condition.fixed asks it


def test_a_situation_is_read_off_the_codes_another_rubriek_enumerates():
    """GZ321 0613 'verplicht vullen bij DBC-behandeling (altijd met code 0329)' and 0615 '... bij OVP Honorarium
    ...': the codes of 0610 SOORT PRESTATIE/TARIEF whose meaning names the situation ('10 = DBC-behandeling',
    'Voor OVP: ... 04 = honorarium medisch specialist'), as the hand-made ledger has them."""
    derived = derive(SPEC.declaration)
    assert derived["0613"]["checks"] == [{"kind": "fixed", "value": "0329",
                                          "when": {"field": "soort_prestatie_tarief", "in": ["10"]}}]
    assert derived["0615"]["checks"][0]["when"] == {"field": "soort_prestatie_tarief", "in": ["04"]}
    assert "forbidden" not in derived["0615"]["checks"][0]  # the words say when it is required, no more
    fields = list(SPEC.declaration.records["06"].fields)
    assert situation("Verblijf", fields) == {"field": "soort_prestatie_tarief", "in": ["11", "16"]}  # ZZP Verblijf too
    assert situation("ZZP", fields) == {"field": "soort_prestatie_tarief", "in": ["16", "17"]}
    assert situation("Kosten van iets anders", fields) is None


DOCS = Path(__file__).resolve().parent.parent / "docs" / "standards.md"
#: the rows of docs/standards.md's BER-words table whose BERs are vendored (AP304 and EP301 are not), and their BERs
DOCS_ROWS = {"GZ321 (195_01)": ["195_01.BER.txt"], "MZ301 v1.3": ["MZ301V0103.xls"],
             "ZH308 v9.0": ["ZH308v9.0_BERu2.xls"], "AW319 v1.4": ["AW319v1.4_BERu7.xlsx"],
             "GGZ DBC 181 v1 / v2": ["181_01.BER.txt", "181_02.BER.txt"]}


RULES = load_spec().rules  # the default standard's, as `jwgen spec conditions --ber` measures


def test_the_docs_ber_words_table_is_measured():
    rows = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] in DOCS_ROWS and len(cells) == 6:
            rows[cells[0]] = cells[1:]
    assert set(rows) == set(DOCS_ROWS)
    by_name = {p.name: p for p in BERS}
    for label, names in DOCS_ROWS.items():
        measured = []
        for name in names:
            layout = import_ber(read_ber(by_name[name]))
            counts = derived_counts(build_message(layout["standard"], layout, {}), RULES)
            measured.append([counts[k] for k in ("conditions", "implemented", "structural", "not-checkable",
                                                 "unrecognised")])
        assert rows[label] == [" / ".join(str(m[i]) for m in measured) for i in range(5)], label
