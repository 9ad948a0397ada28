"""A standard from a BER, by one command (issue 24): ``jwgen standard add``, jwgen reading the user's standards,
``jwgen standards``, and spec / show / validate on a standard made that way (MZ301 v1.3 from its BER, with its
MZ302 retour BER, and the sibling example file tests/data/MZ301-example.asc). MZ301 is built in since (made the
same way, tests/test_builtin_standards.py): the user's standard made here is named MZ."""
from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from jwgen.cli import main
from jwgen.spec import load_spec, standard_names
from jwgen.spec.ber import SOURCES, read_ber
from jwgen.spec.condition_phrases import derive
from jwgen.spec.new_standard import build, file_bytes
from jwgen.spec.standard_folders import builtin_names

HERE = Path(__file__).resolve().parent
MZ301 = HERE / "data" / "ber" / "MZ301V0103.xls"
MZ302 = Path(str(SOURCES / "MZ302V0103.xls"))
EXAMPLE = HERE / "data" / "MZ301-example.asc"


@pytest.fixture
def standards(tmp_path, monkeypatch) -> Path:
    """An empty folder of user standards, the one jwgen reads ($JWGEN_STANDARDS)."""
    folder = tmp_path / "standards"
    monkeypatch.setenv("JWGEN_STANDARDS", str(folder))
    return folder


@pytest.fixture
def mz301(standards) -> Path:
    """MZ301 made by `jwgen standard add` from its BER and its retour's, as the user's standard MZ."""
    assert main(["standard", "add", str(MZ301), "--retour", str(MZ302), "--name", "MZ"]) == 0
    return standards / "MZ"


def test_add_writes_a_standard_folder_from_the_ber(mz301):
    assert sorted(p.name for p in mz301.iterdir()) == ["codelists.json", "conditions.json", "layouts.json",
                                                       "manifest.json", "standard.json"]
    standard = json.loads((mz301 / "standard.json").read_text("utf-8"))
    assert (standard["name"], standard["version"], standard["declaration"], standard["retour"]) == \
        ("MZ", "1.3", "MZ301", "MZ302")
    assert standard["receiver"]["key"] == "uzovi_nummer"  # the voorlooprecord's UZOVI-nummer (0108)
    assert standard["made"]["source"] == {"ber": "MZ301V0103.xls", "sha256": read_ber(MZ301).sha256,
                                          "retour_ber": "MZ302V0103.xls", "retour_sha256": read_ber(MZ302).sha256}
    assert set(standard["made"]["derived"]) >= {"name", "version", "layouts.json", "conditions.json", "structure"}
    assert set(standard["made"]["defaults"]) >= {"receiver", "profiles", "encoding"}
    spec = load_spec(standard="MZ")
    assert (spec.declaration.cod002, spec.retour.cod002) == ("176", "177")
    assert list(spec.declaration.records) == ["01", "02", "03", "04", "98", "99"]
    # the retour is MZ302's own BER: its 04 has the receiver's amounts, its sluitrecord its own counts
    assert spec.retour.records["04"]["toegekend_bedrag"].confidence == "official"
    assert spec.retour.records["01"]["code_berichtsoort"].value == "177"
    # the ledger is the BER's words alone, as `jwgen spec conditions --ber` shows it
    conditions = json.loads((mz301 / "conditions.json").read_text("utf-8"))["conditions"]
    assert conditions == json.loads(json.dumps(derive(spec.declaration)))
    assert "MZ" in standard_names()


def test_the_structure_is_read_off_the_ber(mz301):
    structure = load_spec(standard="MZ").declaration.structure
    assert (structure["verzekerde"], structure["debiteur"], structure["prestatie"]) == ("02", "03", "04")
    assert structure["prestatie_children"] == []  # MZ301's prestatie has no tarief-, zorgactiviteitrecords
    assert structure["amount_source"] == {"04": ["declaratiebedrag", "dc_declaratiebedrag"]}
    assert structure["dc_field"] == {"04": "dc_declaratiebedrag"}
    assert structure["sluit_counts"] == {"aantal_verzekerdenrecords": "02", "aantal_debiteurrecords": "03",
                                         "aantal_prestatierecords": "04", "aantal_commentaarrecords": "98"}
    assert structure["prestatie_period"] == ["datum_prestatie", "datum_prestatie"]
    # the voorlooprecord's version rubrieken from the BER's Versie 1.3
    voorloop = load_spec(standard="MZ").declaration.records["01"]
    assert (voorloop["versienummer"].value, voorloop["subversienummer"].value) == ("01", "03")


def test_without_retour_the_retour_blocks_are_the_builtin_ones(standards):
    assert main(["standard", "add", str(MZ301), "--name", "MZ"]) == 0
    spec = load_spec(standard="MZ")
    assert (spec.retour.name, spec.retour.cod002) == ("MZ302", "177")  # Vektis's custom: the declaration's + 1
    assert spec.retour.record_length == 370
    # GZ322 (the built-in with the same receiver) has no debiteurrecord: 03 gets the block of a record of its sort
    block = [f for f in spec.retour.records["03"].fields if f.start > 310]
    assert [f.id for f in block] == ["0396", "0397", "0398", "0399"]
    assert {f.confidence for f in block} == {"derived"}


def test_the_same_ber_gives_the_same_bytes():
    one = file_bytes(build(read_ber(MZ301), read_ber(MZ302)))
    assert one == file_bytes(build(read_ber(MZ301), read_ber(MZ302)))


def test_add_never_overwrites_without_force(mz301, capsys):
    before = (mz301 / "standard.json").read_bytes()
    assert main(["standard", "add", str(MZ301), "--name", "MZ"]) == 2
    assert "not empty; use --force" in capsys.readouterr().err
    assert (mz301 / "standard.json").read_bytes() == before
    assert main(["standard", "add", str(MZ301), "--name", "MZ", "--force"]) == 0  # jwgen's own folder: replaced
    assert load_spec(standard="MZ").retour.records["03"]["retourcode_01"].confidence == "derived"


def test_add_out_names_the_folder_of_standards(tmp_path, standards, capsys):
    assert main(["standard", "add", str(MZ301), "--name", "mz", "--out", str(tmp_path / "mine")]) == 0
    assert (tmp_path / "mine" / "MZ" / "standard.json").is_file()
    assert "set JWGEN_STANDARDS=" in capsys.readouterr().out
    assert "MZ" not in standard_names()  # not where jwgen reads


@pytest.mark.parametrize("args, message", [
    (["--name", "JW321"], "JW321 is a built-in standard"),
    ([], "MZ301 is a built-in standard"),  # the BER's Standaardcode, in the folder jwgen reads
    (["--name", "1 2"], "no name for a standard"),
])
def test_add_refuses_a_name_in_one_line(standards, capsys, args, message):
    assert main(["standard", "add", str(MZ301), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_builtin_name_is_written_only_where_jwgen_does_not_read(tmp_path, standards, capsys):
    """`standard add` with a built-in standard's name: refused in the folder jwgen reads (it would shadow the
    built-in one), written with --out elsewhere (to compare it with the built-in one)."""
    assert main(["standard", "add", str(MZ301), "--out", str(standards)]) == 2
    assert "MZ301 is a built-in standard" in capsys.readouterr().err
    assert main(["standard", "add", str(MZ301), "--out", str(tmp_path / "elsewhere")]) == 0
    assert (tmp_path / "elsewhere" / "MZ301" / "standard.json").is_file()
    assert "MZ301" not in [name for name in standard_names() if name not in builtin_names()]


@pytest.mark.parametrize("content, message", [
    (b"", "no header row"),
    (b"hello\tworld\n", "no header row"),
])
def test_add_refuses_what_is_no_ber(standards, tmp_path, capsys, content, message):
    path = tmp_path / "not.BER.txt"
    path.write_bytes(content)
    assert main(["standard", "add", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not standards.exists()


def test_a_retour_ber_of_other_records_is_refused(standards, capsys):
    assert main(["standard", "add", str(MZ301), "--retour", str(HERE / "data" / "ber" / "181_02.BER.txt")]) == 2
    assert "not its retour message" in capsys.readouterr().err


def test_a_user_standard_may_not_shadow_a_builtin_one(standards, capsys):
    (standards / "GZ321").mkdir(parents=True)
    (standards / "GZ321" / "standard.json").write_text("{}")
    assert main(["standards"]) == 2
    err = capsys.readouterr().err
    assert "has the name of the built-in standard GZ321" in err and err.count("\n") == 1


def test_a_standard_json_must_name_its_folder(mz301, capsys):
    raw = json.loads((mz301 / "standard.json").read_text("utf-8"))
    (mz301 / "standard.json").write_text(json.dumps({**raw, "name": "OTHER"}))
    assert main(["spec", "--standard", "MZ"]) == 2
    assert "names the standard 'OTHER'; its folder is MZ" in capsys.readouterr().err


def test_spec_show_and_validate_a_derived_standard(mz301, tmp_path, capsys):
    assert main(["spec", "--standard", "MZ"]) == 0
    assert "04  prestatierecord" in capsys.readouterr().out
    assert main(["show", str(EXAMPLE)]) == 0  # the file names its standard in 0102: 176
    out = capsys.readouterr().out
    assert out.startswith("MZ301: 15 records") and "0108 UZOVI-NUMMER" in out
    # the example's last record has no CR/LF: the file is rejected as a whole, and answered
    assert main(["validate", str(EXAMPLE), "--standard", "MZ"]) == 1
    assert "8095" in capsys.readouterr().out
    fixed = tmp_path / "example.txt"
    fixed.write_bytes(EXAMPLE.read_bytes() + b"\r\n")
    answer = tmp_path / "answer.txt"
    assert main(["validate", str(fixed), "--out", str(answer)]) == 1
    out = capsys.readouterr().out  # the BTW-nummer fails its check digit: 0001, the file rejected
    assert "file rejected (0001)" in out and "0118" in out and f"MZ302 written to {answer}" in out
    fixed.write_bytes(fixed.read_bytes().replace(b"NL123456789B12", b" " * 14))
    assert main(["validate", str(fixed), "--out", str(answer), "--force"]) == 1
    out = capsys.readouterr().out
    assert "partly rejected" in out and "ingediend € 400,00 D" in out
    assert "0423" in out  # the verzekerde's UZOVI-nummer is another than the voorlooprecord's
    assert answer.read_bytes()[:5] == b"01177"  # an MZ302
    assert main(["show", str(answer)]) == 0
    assert capsys.readouterr().out.startswith("MZ302: ")
    assert main(["validate", str(fixed), "--profile", "vecozo"]) == 1  # the extension .txt: answered as well


@pytest.mark.parametrize("at, value, rubriek, code", [
    (3, b"000003", "9902", "0151"),  # aantal verzekerdenrecords: the file has 2
    (34, b"00000050000", "9907", None),  # totaal declaratiebedrag: the prestaties add up to 400,00
])
def test_the_sluitrecord_is_counted_and_totalled(mz301, tmp_path, capsys, at, value, rubriek, code):
    lines = EXAMPLE.read_bytes().replace(b"NL123456789B12", b" " * 14).split(b"\r\n")
    lines[-1] = lines[-1][:at - 1] + value + lines[-1][at - 1 + len(value):]
    path = tmp_path / "sluit.txt"
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "file rejected" in out and f"99 sluitrecord  {rubriek}" in out and (code is None or code in out)


@pytest.mark.parametrize("args", [["generate"], ["generate", "--all-defects"], ["fuzz", "--count", "2"]])
def test_a_derived_standard_is_generated_fuzzed_and_broken(mz301, tmp_path, capsys, args):
    """What jwgen writes of a standard made from a BER: its own receiver's answers (each case confirmed)."""
    out = tmp_path / "out"
    assert main([*args, "--standard", "MZ", "--out", str(out)]) == 0
    assert list(out.rglob("*MZ301.txt")) and list(out.rglob("*MZ302.txt"))
    assert "JW32" not in capsys.readouterr().out


def test_standards_lists_every_standard(mz301, capsys):
    assert main(["standards"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines() if not line.startswith(" ")] == [*builtin_names(), "MZ"]
    assert "edited:   nothing since jwgen standard add" in out
    conditions = mz301 / "conditions.json"
    conditions.write_text(conditions.read_text("utf-8").replace("not-checkable", "not-checkable", 1) + " ")
    assert main(["standards"]) == 0
    assert "edited:   conditions.json" in capsys.readouterr().out


def test_standards_snapshot(mz301, capsys):
    from test_snapshots import SNAPSHOTS, UPDATE, _shown

    capsys.readouterr()
    code = main(["standards"])
    shown = _shown(f"$ jwgen standards\n{capsys.readouterr().out}[exit {code}]\n", mz301.parent)
    path = SNAPSHOTS / "standards.txt"
    if UPDATE:
        path.write_text(shown, encoding="utf-8")
    assert shown == path.read_text(encoding="utf-8"), "regenerate with JWGEN_UPDATE_SNAPSHOTS=1 and review the diff"
    assert shlex.split(shown.splitlines()[0]) == ["$", "jwgen", "standards"]


def test_a_user_standard_that_does_not_load_is_listed_as_such(standards, capsys):
    (standards / "BAD").mkdir(parents=True)
    (standards / "BAD" / "standard.json").write_text('{"name": "BAD"}')
    assert main(["standards"]) == 0
    out = capsys.readouterr().out
    assert "BAD  does not load: " in out and "has no title, version" in out
    assert main(["standards", "--table"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("| BAD | does not load: ")
    assert main(["validate", str(EXAMPLE), "--standard", "BAD"]) == 2  # one line, never a traceback
    err = capsys.readouterr().err
    assert "has no title" in err and err.count("\n") == 1


def test_add_takes_what_the_ber_states_beyond_its_rows(standards):
    """GZ321's text export names no Versie and no value for 0102/0104 in its columns; its words do: 0102
    'Waarde 195 = ...', 0104 '... Waarde '00' vullen.'; and its coded elements name the code lists jwgen has
    (COD061 UZOVI-nummer; COD864 zorgverlenerscode 1e hoofdbehandelaar is part of COD009, the AGB code)."""
    assert main(["standard", "add", str(SOURCES / "195_01.BER.txt"), "--name", "GZ321BER"]) == 0
    spec = load_spec(standard="GZ321BER")
    voorloop = spec.declaration.records["01"]
    assert spec.standard.version == "1.0"
    assert [voorloop[key].value for key in ("code_berichtsoort", "versienummer", "subversienummer")] == \
        ["195", "01", "00"]
    records = spec.declaration.records
    assert records["01"]["uzovi_nummer"].codelist == "COD061"
    assert records["04"]["zorgverlenerscode_hoofdbehandelaar_1"].codelist == "COD009"
    assert records["01"]["kenmerk_record"].codelist is None  # its one value is stated: no list needed
    made = json.loads((standards / "GZ321BER" / "standard.json").read_text("utf-8"))["made"]["derived"]
    assert "rubrieken 0102, 0104" in made["layouts.json"] and made["version"].startswith("the values the BER states")


def test_compare_and_show_read_the_answers_of_a_derived_standard(mz301, tmp_path, capsys):
    """An MZ302 is compared and shown as the MZ301 standard's retour message (its 0102 names it)."""
    out = tmp_path / "out"
    assert main(["generate", "--standard", "MZ301", "--seed", "4", "--out", str(out)]) == 0
    answer = next(out.glob("*_MZ302.txt"))
    declaration = next(out.glob("*_MZ301.txt"))
    capsys.readouterr()
    assert main(["compare", str(answer), str(answer), "--jw321", str(declaration)]) == 0
    assert "the answers agree" in capsys.readouterr().out
    assert main(["show", str(answer)]) == 0
    assert "MZ302" in capsys.readouterr().out


@pytest.mark.parametrize("scenario, code", [("credit-correction", 0), ("bad-totals", 2)])
def test_a_scenario_runs_on_a_derived_standard_or_says_why_not(mz301, tmp_path, capsys, scenario, code):
    """The built-in scenarios speak of a gemeente; with the standard's receiver as profile they run on MZ301, and
    one that breaks what MZ301 lacks (a count of tariefrecords) says so in one line."""
    out = tmp_path / "out"
    assert main(["scenario", scenario, "--standard", "MZ301", "--profile", "zorgverzekeraar", "--out", str(out)]) \
        == code
    err = capsys.readouterr().err
    assert (err == "") if code == 0 else ("is not in MZ301: its 99 record has no aantal_tariefrecords" in err
                                          and err.count("\n") == 1)
