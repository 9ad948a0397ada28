"""The BER importer on every shared Vektis export, and the built-in layout derived from the official BERs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jwgen.cli import main
from jwgen.controle import receive
from jwgen.spec import STANDARDS, SpecError, load_spec
from jwgen.spec.ber import BerError, import_ber, read_ber, SOURCES
from jwgen.spec.derive import derive_layouts, dumps, load_derivation
from jwgen.spec.standard_folders import handmade_names

HERE = Path(__file__).parent
BERS = sorted([*(HERE / "data" / "ber").iterdir(), Path(str(SOURCES / "195_01.BER.txt")),
               Path(str(SOURCES / "MZ302V0103.xls"))])
BASE_FILE = HERE / "conformance" / "gz321" / "GZ321-basisbestand-correct.ASC"


def _tsv_rows(path: Path) -> list[list[str]]:
    """The export read the plainest way: Windows-1252, one tab-separated row per rubriek, header first."""
    lines = path.read_bytes().decode("cp1252").splitlines()
    return [line.split("\t") for line in lines[1:] if line.strip()]


@pytest.mark.parametrize("path", BERS, ids=[p.name for p in BERS])
def test_every_shared_ber_imports_and_passes_the_self_checks(path):
    ber = read_ber(path)
    layout = import_ber(ber)
    assert ber.form == {".txt": "txt", ".xls": "xls", ".xlsx": "xlsx"}[path.suffix]
    assert layout["record_length"] in (310, 370, 610)
    assert sum(len(fields) for fields in layout["records"].values()) == len(ber.rows)
    for fields in layout["records"].values():
        assert [f["id"] for f in fields] == sorted({f["id"] for f in fields}, key=[f["id"] for f in fields].index)
        assert all(f["basis"].startswith(path.name) and f["confidence"] == "official" for f in fields)


def test_retour_bers_show_the_retour_block():
    for name in ("MZ302V0103.xls", "AP305V0702.xls", "EP302V0102.xls"):
        path = next(p for p in BERS if p.name == name)
        layout = import_ber(read_ber(path))
        assert layout["record_length"] == 370
        for rtype, fields in layout["records"].items():
            keys = [f["key"] for f in fields if f["start"] > 310]
            if rtype != "99":
                assert keys[-4:] == ["retourcode_01", "retourcode_02", "retourcode_03", "reserve_retour"], (name, rtype)


def test_195_import_equals_the_export_rubriek_for_rubriek():
    path = Path(str(SOURCES / "195_01.BER.txt"))
    layout = import_ber(read_ber(path))
    fields = {f["id"]: f for fs in layout["records"].values() for f in fs}
    rows = _tsv_rows(path)
    assert len(rows) == len(fields) == 174
    for row in rows:
        rubriek, name, kind, length, end, use = row[2], row[3], row[4], int(row[5]), int(row[7]), row[8]
        f = fields[rubriek]
        assert (f["name"], f["type"], f["length"], f["start"], f["use"]) == (name, kind, length, end - length + 1, use)
        assert f["element_code"] == row[10] and f.get("codelist", "") == row[24]


def test_a_ber_with_a_gap_or_an_overlap_is_refused_naming_the_rubriek(tmp_path):
    text = (SOURCES / "195_01.BER.txt").read_bytes().decode("cp1252").splitlines()
    rows = [line.split("\t") for line in text]
    gap = [list(r) for r in rows]
    gap[5][5], gap[5][7] = str(int(gap[5][5]) + 1), str(int(gap[5][7]) + 1)  # 0105 one longer: 0106 overlaps it
    path = tmp_path / "overlap.BER.txt"
    path.write_bytes("\r\n".join("\t".join(r) for r in gap).encode("cp1252"))
    with pytest.raises(BerError, match="rubriek 0106.*overlaps"):
        import_ber(read_ber(path))
    gap = [list(r) for r in rows]
    del gap[6]  # no rubriek 0106: a gap before 0107
    path.write_bytes("\r\n".join("\t".join(r) for r in gap).encode("cp1252"))
    with pytest.raises(BerError, match="rubriek 0107.*gap"):
        import_ber(read_ber(path))


def test_not_a_ber_is_one_clear_error(tmp_path):
    for data in (b"", b"hello\tworld\r\n", b"PK\x03\x04garbage", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1garbage"):
        path = tmp_path / "x.xls"
        path.write_bytes(data)
        with pytest.raises(BerError):
            read_ber(path)
    with pytest.raises(BerError, match="not found"):
        read_ber(tmp_path / "missing.txt")


def test_spec_import_command(tmp_path, capsys):
    out = tmp_path / "gz321.json"
    assert main(["spec", "import", str(SOURCES / "195_01.BER.txt"), "--message", "GZ321", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["messages"]["GZ321"]["cod002"] == "195"
    assert main(["spec", "import", str(SOURCES / "195_01.BER.txt"), "--out", str(out)]) == 2  # exists
    assert main(["spec", "import", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("jwgen: error: ") for line in err)


# --- the built-in layout, derived ------------------------------------------------------------------

@pytest.mark.parametrize("standard", handmade_names())
def test_shipped_layout_is_exactly_what_spec_derive_writes(tmp_path, standard):
    """Every hand-made standard's layouts.json is the output of ``jwgen spec derive``: never edited by hand (the
    other built-in standards are made whole by ``jwgen standard rebuild``: tests/test_builtin_standards.py)."""
    out = tmp_path / "layouts.json"
    assert main(["spec", "derive", "--standard", standard, "--out", str(out)]) == 0
    assert out.read_bytes() == (STANDARDS / standard / "layouts.json").read_bytes()
    assert dumps(derive_layouts(standard)).encode("utf-8") == (STANDARDS / standard / "layouts.json").read_bytes()


def test_jw321_equals_the_gz321_ber_except_the_documented_substitutions():
    gz = {f["id"]: f for fs in import_ber(read_ber(SOURCES / "195_01.BER.txt"))["records"].values() for f in fs}
    jw = load_spec().declaration
    changed = {r for change in load_derivation()["declaration"]["changes"] for r in change["rubrieken"]}
    for rtype, layout in jw.records.items():
        for f in layout.fields:
            if rtype == "03":
                assert f.confidence == "sibling"  # SB311, not in the GZ321 BER
                continue
            g = gz[f.id]
            same = (f.name, f.type, f.length, f.start, f.use) == (g["name"], g["type"], g["length"], g["start"], g["use"])
            assert same or f.id in changed, f.id
            assert f.confidence == ("official-substitution" if f.id in changed else "official-template"), f.id
    assert {f.id for r in jw.records.values() for f in r.fields if f.key == "gemeentecode"} == \
        {"0108", "0204", "0404", "0604", "1604", "1704"}
    assert jw.records["02"]["voorletters"].use == "C"
    assert (jw.records["01"]["code_berichtsoort"].value, jw.records["01"]["versienummer"].value) == ("434", "02")


def test_jw322_repeats_the_jw321_and_adds_the_mz302_retour_blocks():
    spec = load_spec()
    assert spec.retour.records["01"]["code_berichtsoort"].value == "435"
    for rtype in ("04", "06"):
        block = [f.key for f in spec.retour.records[rtype].fields if f.start > 310]
        assert block == ["berekend_bedrag_ontvanger", "dc_berekend_bedrag_ontvanger", "toegekend_bedrag",
                         "dc_toegekend_bedrag", "retourcode_01", "retourcode_02", "retourcode_03", "reserve_retour"]
    for rtype in ("02", "03", "16", "17", "98"):
        block = [f.key for f in spec.retour.records[rtype].fields if f.start > 310]
        assert block == ["retourcode_01", "retourcode_02", "retourcode_03", "reserve_retour"]
    assert spec.retour.records["01"]["referentienummer_ontvanger"].name == "REFERENTIENUMMER GEMEENTE"


def test_the_prestatierecord_carries_no_amount():
    spec = load_spec()
    assert not [f for f in spec.declaration.records["04"].fields if f.kind == "amount"]
    assert [f.id for f in spec.declaration.records["06"].fields if f.kind == "amount"] == ["0619", "0620", "0622", "0625"]


# --- Vektis's correct base file, as a JW321 ---------------------------------------------------------

def as_jw321(data: bytes, gemeentecode: str = "0363") -> bytes:
    """The GZ321 base file turned into a JW321 by the derivation's substitutions: 0102 434, 0103 02, and a CBS
    gemeentecode where GZ321 has the UZOVI-nummer (positions from the spec)."""
    spec = load_spec()
    lines = data.decode("utf-8").split("\r\n")
    out = []
    for line in lines[:-1]:
        layout = spec.declaration.records[line[:2]]
        for f in layout.fields:
            value = {"code_berichtsoort": "434", "versienummer": "02", "gemeentecode": gemeentecode}.get(f.key)
            if value is not None:
                line = line[:f.start - 1] + value + line[f.end:]
        out.append(line)
    return ("\r\n".join(out) + "\r\n").encode("utf-8")


def test_vektis_base_file_as_jw321_is_fully_approved_with_its_total():
    outcome = receive(as_jw321(BASE_FILE.read_bytes()), profile="gemeente")
    assert outcome.status == "approved", [(f.rule, f.line, f.key, f.message) for f in outcome.findings]
    assert outcome.ingediend == outcome.toegekend == 733000  # 7,330.00 D, the sluitrecord's 9910/9911
    assert outcome.jw322.startswith(b"01435")
    assert receive(as_jw321(BASE_FILE.read_bytes()), profile="vecozo").status == "forwarded"


def test_a_user_layout_with_only_the_declaration_gets_the_built_in_retour_blocks(tmp_path):
    out = tmp_path / "gz321.json"
    assert main(["spec", "import", str(SOURCES / "195_01.BER.txt"), "--message", "GZ321", "--out", str(out)]) == 0
    spec = load_spec(out, standard="GZ321")
    assert spec.retour.records["06"]["toegekend_bedrag"].start == 320
    assert spec.retour.records["01"]["code_berichtsoort"].value == "196"
    with pytest.raises(SpecError, match="receiver field 'gemeentecode'"):
        load_spec(out)  # a GZ321 BER is no JW321 layout: no gemeentecode
    with pytest.raises(SpecError):
        load_spec(tmp_path / "missing.json")


# --- --layout on every command ------------------------------------------------------------------------

def _edited_layout(tmp_path) -> Path:
    data = json.loads((STANDARDS / "JW321" / "layouts.json").read_text(encoding="utf-8"))
    for message in ("JW321", "JW322"):
        data["messages"][message]["records"]["02"][9]["name"] = "ACHTERNAAM VERZEKERDE (EIGEN BER)"
    path = tmp_path / "my-layout.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_layout_option_on_every_command(tmp_path, capsys):
    mine = _edited_layout(tmp_path)
    gen = tmp_path / "gen"
    assert main(["generate", "--layout", str(mine), "--out", str(gen)]) == 0
    jw321 = next(gen.glob("*_JW321.txt"))
    assert main(["validate", "--layout", str(mine), str(jw321)]) == 0
    capsys.readouterr()
    assert main(["show", "--layout", str(mine), str(jw321)]) == 0
    assert "ACHTERNAAM VERZEKERDE (EIGEN BER)" in capsys.readouterr().out
    assert main(["spec", "02", "--layout", str(mine)]) == 0
    assert main(["scenario", "credit-correction", "--layout", str(mine), "--out", str(tmp_path / "sc")]) == 0
    corpus = tmp_path / "corpus"
    assert main(["fuzz", "--layout", str(mine), "--count", "3", "--jobs", "2", "--out", str(corpus)]) == 0
    case = sorted(p for p in corpus.iterdir() if p.is_dir())[0]
    expected = next(case.glob("*JW322*"))
    assert main(["compare", "--layout", str(mine), str(expected), str(expected)]) == 0
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    for args in (["generate", "--out", str(tmp_path / "x")], ["validate", str(jw321)], ["show", str(jw321)],
                 ["spec"], ["scenario", "credit-correction", "--out", str(tmp_path / "y")],
                 ["fuzz", "--count", "1", "--out", str(tmp_path / "z")],
                 ["check", "--cmd", "true", str(corpus)], ["compare", str(expected), str(expected)]):
        capsys.readouterr()
        assert main([*args, "--layout", str(broken)]) == 2, args
        assert "not readable JSON" in capsys.readouterr().err, args
