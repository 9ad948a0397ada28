"""Every standard is generated, answered and broken: the built-in ones (parametrised over the list, so a standard
added to jwgen is tested without a test edit) and standards `jwgen standard add` makes from a BER in a
temporary folder; the layout-driven generator (jwgen.generate.from_layout) and what it settles."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import assert_roundtrip
from jwgen.controle import receive
from jwgen.defects import CATALOGUE
from jwgen.domain import APPROVED
from jwgen.flatfile import write
from jwgen.generate import GenerateOptions, generate
from jwgen.generate.from_layout import generate_from_layout
from jwgen.generate.satisfy import settle
from jwgen.kinds import Scope
from jwgen.sets import all_defects_set
from jwgen.spec import load_folder, load_spec
from jwgen.spec.standard_folders import builtin_names
from jwgen.spec.ber import read_ber
from jwgen.spec.new_standard import build, file_bytes
from jwgen.strategies import records

DATA = Path(__file__).parent / "data" / "ber"
SOURCES = Path(__file__).parent.parent / "jwgen" / "spec" / "sources"
#: BERs of the tests' own copies, made into standards under names no built-in one has.
FROM_BER = {
    "T-MZ301": (DATA / "MZ301V0103.xls", SOURCES / "MZ302V0103.xls"),
    "T-ZH308": (DATA / "ZH308v9.0_BERu2.xls", None),
    "T-AW319": (DATA / "AW319v1.4_BERu7.xlsx", None),
    "T-181V1": (DATA / "181_01.BER.txt", None),
    "T-181V2": (DATA / "181_02.BER.txt", None),
    "T-GZ321": (SOURCES / "195_01.BER.txt", None),
}


def _answer(spec, declaration):
    return receive(write(declaration, spec.declaration, spec.standard.encoding), spec=spec)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict:
    """name -> the spec of each standard `jwgen standard add` makes from the BERs above."""
    root = tmp_path_factory.mktemp("standards")
    out = {}
    for name, (ber, retour) in FROM_BER.items():
        files = build(read_ber(ber), read_ber(retour) if retour else None, name=name)
        folder = root / name
        folder.mkdir()
        for file, data in file_bytes(files).items():
            (folder / file).write_bytes(data)
        out[name] = load_folder(folder, name)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_standard_generates_files_its_receiver_approves(name, seed):
    spec = load_spec(standard=name)
    outcome = _answer(spec, generate(GenerateOptions(verzekerden=3), seed=seed, spec=spec))
    assert outcome.status == APPROVED, [(f.rule, f.rubriek) for f in outcome.findings]


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_standard_has_every_defect_that_applies_confirmed(name):
    spec = load_spec(standard=name)
    files = all_defects_set(seed=1, spec=spec)  # raises NotConfirmed for a case its receiver does not confirm
    manifest = json.loads(files["manifest.json"])
    applies = {d.id for d in CATALOGUE.values() if d.applies_to(spec.standard.receiver_profile, spec)}
    assert {case["folder"] for case in manifest["cases"]} == applies
    assert len(manifest["cases"]) + len(manifest["skipped"]) == len(CATALOGUE)


@pytest.mark.parametrize("name, message, rtype", [
    (name, part, rtype) for name in builtin_names() for part in ("declaration", "retour")
    for rtype in getattr(load_spec(standard=name), part).records])
@given(data=st.data())
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
def test_every_record_of_every_standard_roundtrips(name, message, rtype, data):
    layout = getattr(load_spec(standard=name), message)
    assert_roundtrip(data.draw(records(rtype, layout)), layout)


@pytest.mark.parametrize("name", sorted(FROM_BER))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_standard_made_from_a_ber_generates_approved_files(made, name, seed):
    spec = made[name]
    declaration = generate(GenerateOptions(verzekerden=3), seed=seed, spec=spec)
    assert {r.rtype for r in declaration.records()} == set(spec.declaration.records)  # every record type
    outcome = _answer(spec, declaration)
    assert outcome.status == APPROVED, [(f.rule, f.rubriek) for f in outcome.findings]


@pytest.mark.parametrize("name", sorted(FROM_BER))
def test_a_standard_made_from_a_ber_has_its_defects_confirmed(made, name):
    spec = made[name]
    files = all_defects_set(seed=2, spec=spec)
    applies = {d.id for d in CATALOGUE.values() if d.applies_to(spec.standard.receiver_profile, spec)}
    assert applies <= {name.split("/")[0] for name in files if "/" in name}
    assert len(applies) >= 30  # structure, bytes, keys, dates, sluit counts and totals, credits


def test_the_same_seed_gives_the_same_bytes(made):
    spec = made["T-ZH308"]
    one, two = (write(generate(GenerateOptions(), seed=5, spec=spec), spec.declaration) for _ in range(2))
    assert one == two
    assert one != write(generate(GenerateOptions(), seed=6, spec=spec), spec.declaration)


def test_what_a_defect_needs_is_said_when_a_standard_lacks_it(made):
    spec = made["T-MZ301"]  # a prestatie without children, one datum prestatie
    assert "no record type below its prestatierecord" in CATALOGUE["prestatie-without-tarief"].missing(spec)
    assert "begin/end pair" in CATALOGUE["einddatum-before-begindatum"].missing(spec)
    assert CATALOGUE["bsn-invalid"].missing(spec) is None
    files = all_defects_set(seed=1, spec=spec)
    assert (b"prestatie-without-tarief: not in T-MZ301 (T-MZ301 has no record type below its prestatierecord)"
            in files["manifest.json"])


def test_the_ledger_is_met_where_the_ber_says_more_than_the_layout():
    """The hand-made GZ321 ledger (83 checks): the layout-driven draft of a tijdsbestedingrecord of a
    hoofdbehandelaar gets its zorgverlenerscode (BER 1711), with the value the kind allows."""
    spec = load_spec(standard="GZ321")
    values = {"soort_behandelaar": 1, "zorgverlenerscode_hoofdbehandelaar": 0}
    assert settle(spec, "17", values, Scope(values)) == ["1711"]
    assert values["zorgverlenerscode_hoofdbehandelaar"] != 0


def test_the_voorlooprecord_names_the_message_and_the_declarant(made):
    spec = made["T-MZ301"]
    declaration = generate_from_layout(spec, GenerateOptions(receiver_code="3311"), random.Random(1))
    voorloop = declaration.voorloop
    assert voorloop["code_berichtsoort"] == 176 and voorloop["uzovi_nummer"] == 3311
    assert voorloop["betaling_aan"] == 3 and voorloop["praktijkcode"] and voorloop["soort_bericht"] == "T"
    for verzekerde in declaration.verzekerden:  # the records below repeat the receiver's code and the BSN
        assert verzekerde.record["uzovi_nummer"] == 3311
        for prestatie in verzekerde.prestaties:
            assert prestatie.record["bsn"] == verzekerde.record["bsn"]


@pytest.mark.parametrize("name, records", [("T-ZH308", 9), ("T-ZH308", 400), ("T-MZ301", 4), ("T-MZ301", 77)])
def test_records_fits_a_file_of_any_standard_to_that_many_records(made, name, records):
    spec = made[name]
    declaration = generate(GenerateOptions(records=records), seed=records, spec=spec)
    assert sum(1 for _ in declaration.records()) == records
    assert _answer(spec, declaration).status == APPROVED


def test_the_counts_of_the_ggz_options_count_the_record_types_below_a_prestatie(made):
    """--tarieven counts the first record type below a prestatie, --zorgactiviteiten the second (ZH308: 06, 16)."""
    spec = made["T-ZH308"]
    options = GenerateOptions(verzekerden=2, prestaties=(2, 2), tarieven=(3, 3), zorgactiviteiten=(2, 2),
                              zorgactiviteit=True)
    declaration = generate(options, seed=1, spec=spec)
    for _, prestatie in declaration.prestaties():
        assert [len(prestatie.tarieven), len(prestatie.zorgactiviteiten)] == [3, 2]
    assert _answer(spec, declaration).status == APPROVED
    from jwgen.errors import JwgenError
    with pytest.raises(JwgenError, match="--records 3"):
        generate(GenerateOptions(records=3), seed=1, spec=spec)  # voorloop, verzekerde, prestatie, tarief, sluit


@pytest.mark.parametrize("options, message", [
    (dict(debiteur=True), "--debiteur: T-AW319 has no debiteurrecord"),
    (dict(year=1899), "--period 1899-03"),
    (dict(receiver_code="ABCD"), "ABCD: not a zorgverzekeraar of T-AW319's list"),
    (dict(prestaties=(0, 2)), "--prestaties 0..2"),
])
def test_an_option_a_standard_cannot_hold_is_one_line(made, options, message):
    from jwgen.errors import JwgenError
    with pytest.raises(JwgenError, match=re.escape(message)):
        generate(GenerateOptions(**options), seed=1, spec=made["T-AW319"])
