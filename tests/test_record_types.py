"""Record types per standard (issue 23 item 5): GZ321 has the BER's 8 record types and no debiteurrecord, in
its layout and in everything jwgen writes for it; a wrong KENMERK RECORD is answered 0002 on the xx01 of the
record the line is; a voorlooprecord that still names its message is answered; the texts a person reads name
the standard's own receiver."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jwgen.cli import main
from jwgen.controle import receive
from jwgen.defects import CATALOGUE
from jwgen.flatfile import write
from jwgen.fuzz.corpus import corpus_files
from jwgen.generate import GenerateOptions, generate
from jwgen.report.uitval import explain
from jwgen.sets import build_case
from jwgen.spec import detect_standard, load_spec, use_layout
from jwgen.strategies import declarations, jw321_files

GZ = load_spec(standard="GZ321")
JW = load_spec(standard="JW321")
BER_TYPES = ["01", "02", "04", "06", "16", "17", "98", "99"]  # GZ321 BER (195_01.BER.txt), in file order
BASE = (Path(__file__).parent / "conformance" / "gz321" / "GZ321-basisbestand-correct.ASC").read_bytes()
DEBITEUR = re.compile(rb"(?m)^03")


@pytest.fixture(autouse=True)
def _builtin_standard():
    """main(["...", "--standard", "GZ321"]) leaves GZ321 chosen: every test leaves the default as it found it."""
    yield
    use_layout(None, None)


def lines_of(data: bytes) -> list[bytes]:
    return data.split(b"\r\n")[:-1]


def joined(lines: list[bytes]) -> bytes:
    return b"\r\n".join(lines) + b"\r\n"


def jw321_file() -> bytes:
    options = GenerateOptions(verzekerden=2, debiteur=True, zorgactiviteit=True, tijdsbesteding=True, commentaar=True)
    return write(generate(options, 5, JW), JW.declaration)


# --- B: GZ321 has no debiteurrecord -------------------------------------------------------------------------

def test_gz321_has_exactly_the_bers_record_types():
    assert list(GZ.declaration.records) == list(GZ.retour.records) == BER_TYPES
    structure = GZ.declaration.structure
    assert structure["debiteur"] is None and "03" not in structure["detail_types"] + structure["comment_parents"]
    assert "03" not in structure["names"] and structure["not_checked_by"]["vecozo"] == []
    assert structure["sluit_counts"]["aantal_debiteurrecords"] == "03"  # 9903 stays: it counts 0, always
    assert all("03" not in rule["records"] for rule in GZ.rules.values())
    assert "03" in JW.declaration.records and JW.declaration.structure["debiteur"] == "03"


def test_spec_lists_the_eight_record_types(capsys):
    assert main(["spec", "--standard", "GZ321"]) == 0
    listed = re.findall(r"(?m)^  (\d\d)  ", capsys.readouterr().out)
    assert listed == BER_TYPES


def test_generate_gz321_writes_no_debiteur(tmp_path):
    out = tmp_path / "gz"
    assert main(["generate", "--standard", "GZ321", "--verzekerden", "4", "--zorgactiviteit", "--tijdsbesteding",
                 "--commentaar", "--out", str(out)]) == 0
    files = sorted(out.glob("*.txt"))
    assert files and not any(DEBITEUR.search(f.read_bytes()) for f in files)


def test_debiteur_with_gz321_is_a_one_line_error(tmp_path, capsys):
    assert main(["generate", "--standard", "GZ321", "--debiteur", "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--debiteur" in err and "GZ321 has no debiteurrecord" in err
    assert not (tmp_path / "x").exists()


def test_no_gz321_defect_case_holds_a_debiteur():
    for defect in CATALOGUE.values():
        for profile in defect.profiles(GZ):
            built = build_case([defect.id], seed=3, profile=profile, spec=GZ)
            for data in (built.jw321, built.outcome.jw322 or b"", *(d for _, d, _ in built.prior)):
                assert not DEBITEUR.search(data), (defect.id, profile)


def test_no_gz321_fuzz_case_holds_a_debiteur():
    use_layout(None, "GZ321")
    try:
        files = corpus_files(16, seed=11, views=False)
    finally:
        use_layout(None, None)
    texts = {name: data for name, data in files.items() if name.endswith(".txt")}
    assert texts and not [name for name, data in texts.items() if DEBITEUR.search(data)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(declarations(message=GZ.declaration))
def test_gz321_declarations_strategy_draws_no_debiteur(declaration):
    assert all(v.debiteur is None for v in declaration.verzekerden)
    assert {record.rtype for record in declaration.records()} <= set(BER_TYPES)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_gz321_files_strategy_draws_no_debiteur(data):
    use_layout(None, "GZ321")
    try:
        drawn = data.draw(jw321_files())
    finally:
        use_layout(None, None)
    assert not DEBITEUR.search(drawn.jw321) and not DEBITEUR.search(drawn.jw322 or b"")
    assert drawn.profile in GZ.standard.profiles  # drawn for a GZ321 (zorgverzekeraar or vecozo)


def test_a_debiteur_in_a_gz321_is_an_unknown_record_type():
    lines = lines_of(BASE)
    debiteur = next(line for line in lines_of(jw321_file()) if line.startswith(b"03"))
    outcome = receive(joined(lines[:2] + [debiteur] + lines[2:]), spec=GZ)
    assert outcome.status == "rejected-file" and outcome.exit_code == 1 and outcome.jw322 is not None
    assert [(f.line, f.retourcode, f.rule) for f in outcome.findings] == [(3, "0002", "order.unknown-type")]
    lines[1] = b"03" + lines[1][2:]  # Vektis's N4_0201_01: a verzekerdenrecord with kenmerk 03
    outcome = receive(joined(lines), spec=GZ)
    assert [(f.line, f.rubriek, f.retourcode) for f in outcome.findings] == [(2, "0201", "0002")]


def test_9903_counts_no_debiteurrecords_in_a_gz321():
    lines = lines_of(BASE)
    sluit = GZ.declaration.records["99"]["aantal_debiteurrecords"]
    assert lines[-1][sluit.start - 1:sluit.end] == b"000000"
    lines[-1] = lines[-1][:sluit.start - 1] + b"000001" + lines[-1][sluit.end:]
    outcome = receive(joined(lines), spec=GZ)
    assert [(f.rubriek, f.rule) for f in outcome.findings] == [(sluit.id, "sluit.aantal-debiteur")]


# --- A: a wrong KENMERK RECORD ------------------------------------------------------------------------------

@pytest.mark.parametrize("kenmerk", [b"XX", b"00", b"  ", b"05"])
@pytest.mark.parametrize("standard", ["JW321", "GZ321"])
def test_a_wrong_kenmerk_is_answered_on_the_xx01_of_the_record_it_is(standard, kenmerk):
    spec = load_spec(standard=standard)
    original = BASE if standard == "GZ321" else jw321_file()
    lines = lines_of(original)
    for rtype in spec.declaration.records:
        number = next(n for n, line in enumerate(lines, start=1) if line.startswith(rtype.encode()))
        broken = list(lines)
        broken[number - 1] = kenmerk + broken[number - 1][2:]
        outcome = receive(joined(broken), spec=spec)
        assert outcome.status == "rejected-file" and outcome.jw322 is not None, (rtype, outcome.message)
        assert [(f.line, f.rubriek, f.retourcode, f.rule) for f in outcome.findings] == \
            [(number, f"{rtype}01", "0002", "order.unknown-type")], rtype


def test_a_line_no_record_type_reads_is_named_by_its_own_kenmerk():
    lines = lines_of(BASE)
    lines[2] = b"05" + b"X" * 308
    outcome = receive(joined(lines), spec=GZ)
    assert [(f.line, f.rubriek, f.retourcode) for f in outcome.findings] == [(3, "0501", "0002")]


@pytest.mark.parametrize("kenmerk", [b"00", b"  ", b"02", b"XX"])
def test_a_voorlooprecord_whose_0102_0103_name_the_message_is_answered(kenmerk):
    data = kenmerk + BASE[2:]
    assert detect_standard(data) == "GZ321"
    outcome = receive(data)
    assert outcome.status == "rejected-file" and outcome.exit_code == 1
    assert [(f.line, f.rubriek, f.retourcode) for f in outcome.findings] == [(1, "0101", "0002")]
    assert outcome.jw322.startswith(b"01196") and outcome.voorloop_codes == ["0002"]


def test_a_voorlooprecord_of_the_wrong_length_that_names_the_message_is_answered():
    lines = lines_of(BASE)
    lines[0] = lines[0][:-1]
    outcome = receive(joined(lines), spec=GZ)
    assert outcome.status == "rejected-file" and outcome.jw322.startswith(b"01196")
    assert [(f.line, f.rule) for f in outcome.findings] == [(1, "file.record-length")]


def test_a_first_line_that_names_no_message_gets_no_answer():
    for data in (b"00999" + BASE[5:], b"0019502" + BASE[7:]):  # 0102 of no message; 0103 not GZ321's version
        outcome = receive(data, spec=GZ)
        assert outcome.status == "unrecognised" and outcome.exit_code == 2 and outcome.jw322 is None


# --- C: texts per standard ----------------------------------------------------------------------------------

NOT_THEIRS = {"GZ321": re.compile(r"(?i)gemeente|\bCBS"), "JW321": re.compile(r"(?i)uzovi|zorgverzekeraar")}


def _answerable(spec) -> set[str]:  # noqa: ANN001 - a Spec
    """Every retourcode a rule or a field code of the standard answers with."""
    codes = {rule["retourcode"] for rule in spec.rules.values()}

    def walk(node) -> None:  # noqa: ANN001 - JSON
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, str) and re.fullmatch(r"\d{4}", node):
            codes.add(node)
    walk(spec.field_codes)
    return codes & set(spec.retourcodes)


@pytest.mark.parametrize("standard", ["JW321", "GZ321"])
def test_every_text_a_person_reads_names_the_standards_own_receiver(standard):
    spec = load_spec(standard=standard)
    wrong = NOT_THEIRS[standard]
    for rule_id, rule in spec.rules.items():
        for key in ("nl", "en", "action", "wat_te_doen"):
            assert not wrong.search(rule.get(key, "")), (rule_id, key, rule[key])
            assert "{" not in rule.get(key, ""), (rule_id, key, rule[key])  # every placeholder filled
    for code in sorted(_answerable(spec)):
        assert not wrong.search(spec.retourcode(code)["meaning"]), (code, spec.retourcode(code)["meaning"])
        assert not wrong.search(explain(code, spec) or ""), code


def test_explain_0018_in_gz321_names_the_uzovi_nummer():
    text = explain("0018", GZ)
    assert "UZOVI-nummer of the zorgverzekeraar" in text and "gemeente" not in text.lower()
    assert "CBS code of the gemeente" in explain("0018", JW)
    assert "01, 02, 04, 06, 16, 17, 98, 99." in explain("0002", GZ)


def test_the_uitval_status_names_the_standards_receiver_and_messages():
    from jwgen.domain import FORWARDED, UNRECOGNISED
    from jwgen.report.rows import status_text

    assert status_text(FORWARDED, GZ) == "Technisch goedgekeurd en doorgestuurd naar de zorgverzekeraar (geen GZ322 " \
                                         "van VECOZO)"
    assert status_text(UNRECOGNISED, JW) == "Niet herkend als JW321 (geen JW322 mogelijk)"


def test_a_record_whose_kenmerk_is_another_known_type_is_answered_on_the_type_it_is():
    """Vektis's N4_1601_01: a zorgactiviteitrecord with kenmerk 17; one broken field is a field error, not this."""
    lines = lines_of(BASE)
    number = next(n for n, line in enumerate(lines, start=1) if line.startswith(b"16"))
    misread = list(lines)
    misread[number - 1] = b"17" + lines[number - 1][2:]
    outcome = receive(joined(misread), spec=GZ)
    assert [(f.line, f.rubriek, f.retourcode) for f in outcome.findings][:1] == [(number, "1601", "0002")]
    tarief = GZ.declaration.records["06"]["declaratiebedrag"]
    broken = list(lines)
    line = next(n for n, text in enumerate(lines) if text.startswith(b"06"))
    broken[line] = lines[line][:tarief.start - 1] + b"X" * tarief.length + lines[line][tarief.end:]
    outcome = receive(joined(broken), spec=GZ)
    assert "order.unknown-type" not in {f.rule for f in outcome.findings}


def test_every_vektis_kenmerk_file_is_answered_on_the_rubriek_its_name_gives():
    """Vektis's N3/N4 test files of a KENMERK RECORD (xx01): each answered 0002 on that very rubriek, so the
    conformance runner may require the rubriek (the one file that is the base file byte for byte aside)."""
    folder = Path(__file__).parent / "conformance" / "gz321"
    files = [p for p in sorted(folder.glob("*_TB_N[34]_??01_*")) if p.read_bytes() != BASE]
    assert len(files) == 21
    for path in files:
        rubriek = re.search(r"_N[34]_(\d{4})_", path.name).group(1)
        outcome = receive(path.read_bytes())
        assert (rubriek, "0002") in {(f.rubriek, f.retourcode) for f in outcome.findings}, path.name


def test_a_gz321_fixture_set_names_the_zorgverzekeraar_and_its_messages(tmp_path):
    out = tmp_path / "corpus"
    assert main(["fuzz", "--standard", "GZ321", "--count", "3", "--seed", "2", "--out", str(out)]) == 0
    for view in ("README.md", "index.html"):
        text = (out / view).read_text(encoding="utf-8")
        assert "the way a zorgverzekeraar reports it" in text and "expected GZ322" in text
        assert "gemeente" not in text.lower() and "expected JW322" not in text
