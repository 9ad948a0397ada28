"""Every defect is produced and confirmed by the receiver, for each profile it applies to."""
from __future__ import annotations

import pytest

from jwgen.defects import CATALOGUE, MASKING_PAIRS, Defect, DefectError
from jwgen.errors import NotConfirmed
from jwgen.sets import build_case, manifest_entry
from jwgen.spec import load_spec

SPEC = load_spec()
CASES = [(defect_id, profile) for defect_id, d in CATALOGUE.items() for profile in d.profiles(SPEC)]


@pytest.mark.parametrize("defect_id, profile", CASES)
def test_defect_is_confirmed_by_the_receiver(defect_id, profile):
    built = build_case([defect_id], seed=7, profile=profile)
    defect = CATALOGUE[defect_id]
    found = {f.rule for f in built.outcome.findings}
    assert found == set(defect.rules)
    codes = {f.retourcode for f in built.outcome.findings}
    # each finding answers with its rule's code, or, for a generic field rule, its field's own (field_codes.json)
    assert codes == {SPEC.field_code(f.rtype, f.key, SPEC.rules[f.rule]["retourcode"])
                     if SPEC.rules[f.rule].get("field_codes") and f.key else SPEC.rules[f.rule]["retourcode"]
                     for f in built.outcome.findings}
    assert codes <= set(defect.retourcodes(SPEC)) | {SPEC.field_code(f.rtype, f.key, "") for f in built.outcome.findings
                                                    if f.key}
    if defect.stage == "record":
        returned = {c for cs in built.outcome.returned.values() for c in cs}
        assert codes <= returned
    elif defect.stage == "unrecognised":
        assert built.outcome.jw322 is None
    else:
        assert set(built.outcome.voorloop_codes) <= codes and built.outcome.jw322.count(b"\r\n") == 2


def test_catalogue_covers_what_users_asked_for():
    wanted = {
        "sluit-aantal-verzekerden", "sluit-aantal-debiteur", "sluit-aantal-prestatie", "sluit-aantal-tarief",
        "sluit-aantal-zorgactiviteit", "sluit-aantal-tijdsbesteding", "sluit-aantal-commentaar",
        "sluit-aantal-detailrecords", "sluit-totaal-bedrag", "sluit-totaal-dc", "duplicate-record",
        "verzekerde-without-prestatie", "prestatie-without-tarief", "missing-voorloop", "missing-sluit",
        "extra-sluit", "records-wrong-order", "comment-orphan", "identificatie-not-ascending", "unknown-record-type",
        "record-too-short", "record-too-long", "non-ascii-counted-as-bytes", "bom", "lf-only", "mixed-line-endings",
        "no-final-crlf", "non-utf8", "too-many-records", "bsn-invalid", "bsn-detail-mismatch", "invalid-date",
        "prestatie-outside-period", "prestatie-after-factuurdatum", "einddatum-before-begindatum",
        "letters-in-numeric", "wrong-dc", "unknown-gemeentecode", "empty-mandatory", "credit-same-file",
        "credit-without-debet", "partial-credit", "credit-of-rejected-debet", "credit-differs",
        "second-debet-before-credit", "second-debet-period-changed", "credit-incomplete", "referentienummer-reused",
        "factuurnummer-reused",
    }
    assert wanted <= set(CATALOGUE)
    for defect in CATALOGUE.values():
        assert defect.id == defect.id.lower() and " " not in defect.id
        assert all(rule in SPEC.rules for rule in defect.rules)


def test_same_seed_same_bytes():
    a = build_case(["bsn-invalid", "wrong-dc"], seed=3)
    b = build_case(["bsn-invalid", "wrong-dc"], seed=3)
    assert a.files() == b.files()
    assert build_case(["bsn-invalid"], seed=4).jw321 != build_case(["bsn-invalid"], seed=3).jw321


def test_combined_defects_of_one_stage_add_up():
    built = build_case(["sluit-aantal-tarief", "sluit-totaal-bedrag", "unknown-gemeentecode"], seed=2)
    assert {f.rule for f in built.outcome.findings} == {"sluit.aantal-tarief", "sluit.totaal-bedrag",
                                                        "voorloop.receiver"}
    built = build_case(["bsn-invalid", "wrong-dc", "credit-same-file"], seed=2, profile="vecozo")
    assert {f.retourcode for f in built.outcome.findings} == {"0435", "0631", "8062"}


@pytest.mark.parametrize("ids, words", [
    (["bom", "bsn-invalid"], "mask each other"),
    (["missing-voorloop", "missing-voorloop"], "named twice"),
    (["partial-credit", "bsn-invalid"], "earlier files"),
    (["no-such-defect"], "unknown defect"),
])
def test_combinations_that_would_mask_are_refused(ids, words):
    with pytest.raises(DefectError, match=words):
        build_case(ids, seed=1)


def test_profile_mismatch_is_refused():
    with pytest.raises(DefectError, match="profile"):
        build_case(["partial-credit"], profile="vecozo")


def test_a_defect_that_does_not_break_what_it_claims_stops_generation():
    honest = CATALOGUE["wrong-dc"]
    liar = Defect(id="liar", title="claims a BSN error, breaks D/C", level=4, stage="record", rules=("bsn.invalid",),
                  breaks="nothing it claims", apply=honest.apply)
    CATALOGUE["liar"] = liar
    try:
        with pytest.raises(NotConfirmed, match="liar"):
            build_case(["liar"], seed=1)
    finally:
        del CATALOGUE["liar"]


def test_manifest_entry_is_self_contained():
    built = build_case(["partial-credit"], seed=5)
    entry = manifest_entry(built)
    paths = {f.path for f in entry.files}
    assert entry.receive_in_order == ("partial-credit.prior-1.JW321.txt", "partial-credit.JW321.txt")
    assert set(entry.receive_in_order) <= paths and entry.expected.jw322 in paths
    assert entry.expected.retourcodes and "0634" in entry.sentence
    assert entry.touched[0].rubriek == "0625"  # the tariefrecord's declaratiebedrag
    assert all(len(f.sha256) == 64 for f in entry.files)


def test_every_defect_is_confirmed_for_other_seeds_too():
    """Targets are drawn from the seed; the catalogue must hold for any base file, not one lucky seed."""
    for seed in (0, 1, 2):
        for defect_id, defect in CATALOGUE.items():
            build_case([defect_id], seed=seed, profile=defect.profiles(SPEC)[0])


def test_generate_cli_writes_confirmed_cases(tmp_path):
    import json

    from jwgen.cli import main

    one = tmp_path / "one"
    assert main(["generate", "--defect", "credit-differs", "--seed", "3", "--out", str(one)]) == 0
    manifest = json.loads((one / "manifest.json").read_text(encoding="utf-8"))
    (case,) = manifest["cases"]
    for entry in case["files"]:
        from hashlib import sha256
        assert sha256((one / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    assert case["expected"]["status"] == "partial" and "0634" in json.dumps(case["expected"]["retourcodes"])
    everything = tmp_path / "all"
    assert main(["generate", "--all-defects", "--profile", "vecozo", "--out", str(everything)]) == 0
    manifest = json.loads((everything / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["cases"]) == sum("vecozo" in d.profiles(SPEC) for d in CATALOGUE.values())
    assert manifest["skipped"]
    assert main(["generate", "--defect", "bom", "--defect", "bsn-invalid", "--out", str(tmp_path / "x")]) == 2
    assert main(["generate", "--defect", "nope", "--out", str(tmp_path / "y")]) == 2
    assert main(["generate", "--defect", "partial-credit", "--profile", "vecozo", "--out", str(tmp_path / "z")]) == 2
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


@pytest.mark.parametrize("ids, words", [
    (["lf-only", "non-utf8"], "mask each other"),
    (["missing-sluit", "extra-sluit"], "mask each other"),
    (["partial-credit", "credit-differs"], "one per case"),
])
def test_same_stage_combinations_that_cannot_be_confirmed_are_refused(ids, words):
    with pytest.raises(DefectError, match=words):
        build_case(ids, seed=1)


def test_byte_defects_combine_in_either_order():
    a = build_case(["lf-only", "record-too-short"], seed=2)
    b = build_case(["record-too-short", "lf-only"], seed=2)
    assert {f.rule for f in a.outcome.findings} == {f.rule for f in b.outcome.findings} == \
        {"file.crlf", "file.record-length"}


def test_every_accepted_same_stage_pair_is_confirmed():
    """resolve's refusals are complete: any pair it accepts, the receiver confirms."""
    from itertools import combinations

    by_stage: dict[str, list[str]] = {}
    for d in CATALOGUE.values():
        if not d.history and d.id != "too-many-records" and "gemeente" in d.profiles(SPEC):
            by_stage.setdefault(d.stage, []).append(d.id)
    built, refused = 0, set()
    for ids in by_stage.values():
        for pair in combinations(ids, 2):
            try:
                build_case(list(pair), seed=3)  # NotConfirmed (not a DefectError) would fail the test
                built += 1
            except DefectError:
                refused.add(frozenset(pair))  # refused up front, with a reason
    assert built > 100
    forms = {frozenset((a.id, b.id)) for a in CATALOGUE.values() for b in CATALOGUE.values()
             if (a.encoding or a.reading) and (b.encoding or b.reading) and (a.encoding, a.reading) != (b.encoding, b.reading)}
    refused_for_forms = {pair for pair in refused if pair in forms}  # files of two character sets or receivers
    assert refused - refused_for_forms == set(MASKING_PAIRS)  # refused exactly for the documented reasons


def test_broken_file_is_the_case_build_case_confirms():
    """broken_file (unconfirmed, for examples) gives the bytes that build_case confirms; history defects refuse."""
    from jwgen.defects import broken_file

    assert broken_file(["bsn-invalid", "wrong-dc"], seed=3) == build_case(["bsn-invalid", "wrong-dc"], seed=3).jw321
    with pytest.raises(DefectError, match="partial-credit needs earlier files"):
        broken_file(["partial-credit"])
