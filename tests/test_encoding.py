"""Text encoding as receivers meet it (issue 25): the character set a standard names, byte-counting receivers,
and fixtures in each set."""
from __future__ import annotations

import json
import shlex
import sys

import pytest

from jwgen.cli import main
from jwgen.controle import receive
from jwgen.flatfile import read, scan, write
from jwgen.generate import GenerateOptions, generate
from jwgen.generate.text import fold_for
from jwgen.report import uitval_rows
from jwgen.sets import build_case, build_valid_set
from jwgen.spec import TextForm, load_spec

JW, GZ = load_spec(standard="JW321"), load_spec(standard="GZ321")
UTF8_CHARACTERS, UTF8_BYTES = TextForm("utf-8", "characters"), TextForm("utf-8", "bytes")
CP1252 = TextForm("windows-1252", "bytes")


def _lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def _with_diacritics(spec, encoding=None, verzekerden=120):
    """A generated file of ``spec`` with at least one record holding a letter outside ASCII."""
    for seed in range(20):
        options = GenerateOptions(verzekerden=verzekerden, encoding=encoding)
        data = write(generate(options, seed, spec), spec.declaration, options.text_form(spec))
        if not data.isascii():
            return data
    raise AssertionError("no generated file with diacritics")  # pragma: no cover


# -- 1. the standard's data ------------------------------------------------------------------------------

def test_each_standard_names_its_character_set_and_how_positions_count():
    assert JW.standard.encoding == UTF8_CHARACTERS  # STB 2024 5.3.5: UTF-8 without BOM
    assert GZ.standard.encoding == CP1252  # one byte per position, jwgen's choice of set
    for spec in (JW, GZ):
        assert "5.3." in spec.standard.encoding_basis and spec.standard.extension == ".txt"
        assert spec.declaration.structure["text_form"] is spec.standard.encoding


@pytest.mark.parametrize("encoding", [None, "windows-1252", "ascii"])
def test_every_gz321_record_is_one_byte_per_position(encoding):
    """Done when: every generated GZ321 file is one byte per position, diacritics kept (Windows-1252) or folded."""
    data = _with_diacritics(GZ, encoding) if encoding != "ascii" else write(
        generate(GenerateOptions(verzekerden=60, encoding="ascii"), 1, GZ), GZ.declaration,
        GenerateOptions(encoding="ascii").text_form(GZ))
    form = GenerateOptions(encoding=encoding).text_form(GZ)
    text = data.decode(form.codec)
    assert all(len(line.encode(form.codec)) == 310 for line in text[:-2].split("\r\n"))
    assert receive(data, spec=GZ, form=form).status == "approved"
    if encoding != "ascii":
        assert any(b > 0x7F for b in data)  # an 'ë' kept, one byte


def test_the_jw321_default_is_utf8_counted_in_characters():
    data = _with_diacritics(JW)
    assert all(len(line.decode("utf-8")) == 310 for line in _lines(data))
    assert any(len(line) > 310 for line in _lines(data))  # an 'é' is two bytes
    assert receive(data, spec=JW).status == "approved"


# -- 3. the receiver reads as a receiver of that kind -----------------------------------------------------

def test_a_byte_counting_receiver_rejects_exactly_the_records_with_a_multibyte_letter():
    data = _with_diacritics(JW)
    wide = {n for n, line in enumerate(_lines(data), start=1) if not line.isascii()}
    outcome = receive(data, spec=JW, form=UTF8_BYTES)
    assert outcome.status == "rejected-file" and outcome.voorloop_codes == ["0804"]
    assert {f.line for f in outcome.findings} == wide
    rows = uitval_rows(outcome, JW)
    assert rows and all("counts positions in bytes" in row["detail"] for row in rows)
    assert receive(data, spec=JW, form=UTF8_CHARACTERS).status == "approved"


def test_validate_positions_bytes_and_characters(tmp_path, capsys):
    path = tmp_path / "file.JW321.txt"
    path.write_bytes(_with_diacritics(JW))
    assert main(["validate", str(path), "--positions", "bytes", "-o", str(tmp_path / "answer.txt")]) == 1
    shown = capsys.readouterr().out
    assert "read as UTF-8, positions counted in bytes" in shown and "0804" in shown
    assert "counts positions in bytes" in shown  # the uitval says why in words
    assert b"0804" in (tmp_path / "answer.txt").read_bytes()[:400]
    assert main(["validate", str(path), "--positions", "characters"]) == 0
    assert main(["validate", str(path), "--encoding", "latin-9"]) == 2
    assert "encoding 'latin-9' is not one of" in capsys.readouterr().err


def test_a_windows_1252_file_read_as_utf8_gets_the_encoding_answer_naming_the_letter():
    data = _with_diacritics(JW, "windows-1252")
    outcome = receive(data, spec=JW)
    assert outcome.voorloop_codes == ["0001"] and {f.rule for f in outcome.findings} == {"file.utf8"}
    assert "a Windows-1252 file read as UTF-8" in outcome.findings[0].message
    assert receive(data, spec=JW, form=CP1252).status == "approved"
    assert receive(data, spec=JW, form=TextForm("ascii", "bytes")).voorloop_codes == ["0001"]


def test_a_utf8_file_read_as_windows_1252_is_one_position_too_long_and_says_so():
    data = _with_diacritics(GZ, "utf-8")
    outcome = receive(data, spec=GZ)  # GZ321's receiver: Windows-1252
    assert outcome.voorloop_codes == ["0804"]
    assert all("a UTF-8 file, read as Windows-1252" in f.message for f in outcome.findings)


def test_bom_in_either_set_and_the_answer_in_the_set_read():
    for spec in (JW, GZ):
        outcome = receive(b"\xef\xbb\xbf" + _with_diacritics(spec), spec=spec)
        assert {f.rule for f in outcome.findings} == {"file.bom"}
        assert spec.standard.encoding.describe() in outcome.findings[0].message
    answer = receive(_with_diacritics(GZ), spec=GZ, profile="vecozo", name="x.TXT").jw322
    answer.decode("cp1252")  # the GZ322 in the set the file was read in


def test_vecozo_checks_the_extension_and_the_receiver_does_not():
    data = _with_diacritics(JW, verzekerden=3)
    assert {f.rule for f in receive(data, "vecozo", spec=JW, name="decl.TXT").findings} == {"file.extension"}
    assert receive(data, "vecozo", spec=JW, name="decl.txt").status == "forwarded"
    assert receive(data, "gemeente", spec=JW, name="decl.TXT").status == "approved"


def test_a_byte_padded_record_reads_at_its_byte_positions():
    """The plain reading (each field's bytes) of a record padded by bytes is the record padded by characters."""
    declaration = generate(GenerateOptions(verzekerden=2), 3, JW)
    declaration.verzekerden[0].record["naam_01"] = "Jönsson-Ünal"
    data = write(declaration, JW.declaration)
    lines = data.split(b"\r\n")
    number = next(n for n, line in enumerate(lines) if "Jönsson".encode() in line)
    f = JW.declaration.records["02"]["naam_01"]
    text = lines[number].decode("utf-8")
    field = "Jönsson-Ünal".encode("utf-8").ljust(f.length)  # padded to 25 bytes, as a byte-counting writer does
    line = text[:f.start - 1].encode() + field + text[f.start - 1 + f.length:].encode()
    padded = lines[:number] + [line] + lines[number + 1:]  # 310 bytes, 308 characters
    assert len(line) == 310 and len(line.decode("utf-8")) == 308
    as_bytes = read(b"\r\n".join(padded), JW.declaration, UTF8_BYTES)
    assert as_bytes.verzekerden[0].record.values == read(data, JW.declaration).verzekerden[0].record.values
    assert {p.rule for p in scan(b"\r\n".join(padded), JW.declaration).problems} == {"file.record-length"}


@pytest.mark.parametrize("ids, written, read_as, rule", [
    (["non-ascii-counted-as-bytes"], "utf-8", UTF8_CHARACTERS, "file.record-length"),
    (["non-utf8"], "utf-8", UTF8_CHARACTERS, "file.utf8"),
    (["utf8-read-counting-bytes"], "utf-8", UTF8_BYTES, "file.record-length"),
    (["windows-1252-read-as-utf8"], "windows-1252", UTF8_CHARACTERS, "file.utf8"),
    (["bom"], None, None, "file.bom"),
])
@pytest.mark.parametrize("spec", [JW, GZ], ids=["JW321", "GZ321"])
def test_the_encoding_defects_are_the_matrix_with_the_encoding_named(spec, ids, written, read_as, rule):
    built = build_case(ids, seed=2, spec=spec)
    encoding = built.encoding
    assert encoding.encoding == (written or spec.standard.encoding.encoding)
    read_as = read_as or spec.standard.encoding
    assert (encoding.receiver_reads, encoding.receiver_counts) == (read_as.encoding, read_as.positions)
    assert {f.rule for f in built.outcome.findings} == {rule}


# -- 2. --encoding on generate, scenario, fuzz, strategies --------------------------------------------------

def test_generate_encoding_and_its_manifest(tmp_path, capsys):
    out = tmp_path / "w"
    assert main(["generate", "--verzekerden", "40", "--seed", "5", "--encoding", "cp1252", "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["encoding"]["described"] == "Windows-1252, one byte per position"
    assert manifest["options"]["encoding"] == "windows-1252"
    assert "Character set: Windows-1252, one byte per position" in (out / "README.md").read_text(encoding="utf-8")
    data = (out / manifest["jw321"]).read_bytes()
    assert all(len(line) == 310 for line in _lines(data))
    ascii_out = tmp_path / "a"
    assert main(["generate", "--ascii", "--out", str(ascii_out)]) == 0
    assert json.loads((ascii_out / "manifest.json").read_text(encoding="utf-8"))["encoding"]["encoding"] == "ascii"
    assert main(["generate", "--ascii", "--encoding", "utf-8", "--out", str(tmp_path / "x")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_fold_for_keeps_what_the_set_holds():
    assert fold_for("Łukasz Brontë", "cp1252") == "Lukasz Brontë"
    assert fold_for("Łukasz Brontë", "ascii") == "Lukasz Bronte"
    options = GenerateOptions(verzekerden=30, encoding="windows-1252")
    for record in generate(options, 7, JW).records():
        for value in record.values.values():
            if isinstance(value, str):
                value.encode("cp1252")


def test_scenario_encoding_writes_the_same_story_in_that_set(tmp_path):
    plain, other = tmp_path / "plain", tmp_path / "cp"
    assert main(["scenario", "credit-correction", "--out", str(plain)]) == 0
    assert main(["scenario", "credit-correction", "--encoding", "windows-1252", "--out", str(other)]) == 0
    a = json.loads((plain / "manifest.json").read_text(encoding="utf-8"))["steps"]
    b = json.loads((other / "manifest.json").read_text(encoding="utf-8"))["steps"]
    assert [s["expected"]["status"] for s in a] == [s["expected"]["status"] for s in b]
    assert {s["encoding"]["encoding"] for s in b} == {"windows-1252"}
    for step in b:
        (other / step["jw321"]).read_bytes().decode("cp1252")


def test_the_encodings_scenario_shows_each_receivers_answer():
    from jwgen.scenario import load, scenario_set

    scenario, file = load("encodings")
    steps = json.loads(scenario_set(scenario, file=file)["manifest.json"])["steps"]
    seen = {s["name"]: (s["encoding"]["encoding"], s["encoding"]["receiver_reads"],
                        s["encoding"]["receiver_counts"], s["expected"]["status"]) for s in steps}
    assert seen == {
        "utf-8": ("utf-8", "utf-8", "characters", "approved"),
        "utf-8-read-counting-bytes": ("utf-8", "utf-8", "bytes", "rejected-file"),
        "windows-1252": ("windows-1252", "windows-1252", "bytes", "approved"),
        "windows-1252-read-as-utf-8": ("windows-1252", "utf-8", "characters", "rejected-file"),
        "ascii": ("ascii", "ascii", "bytes", "approved"),
        "ascii-read-counting-bytes": ("ascii", "utf-8", "bytes", "approved"),
    }


def test_fuzz_encoding_names_it_in_case_json_and_replay(tmp_path):
    out = tmp_path / "f"
    assert main(["fuzz", "-n", "6", "--seed", "3", "--encoding", "windows-1252", "--out", str(out)]) == 0
    for case in json.loads((out / "index.json").read_text(encoding="utf-8"))["cases"]:
        data = json.loads((out / case["folder"] / "case.json").read_text(encoding="utf-8"))
        assert "--encoding windows-1252" in data["replay"]
        assert data["encoding"]["encoding"] in ("windows-1252", "utf-8")  # a defect about UTF-8 writes its own


def test_strategies_draw_in_the_set_asked():
    from hypothesis import given, settings

    from jwgen.strategies import declarations, jw321_files

    @given(jw321_files(defects=[], encoding="windows-1252"))
    @settings(max_examples=3, deadline=None)
    def files(case):
        assert case.encoding["encoding"] == "windows-1252" and case.expected["status"] == "approved"
        case.jw321.decode("cp1252")

    @given(declarations(encoding="ascii"))
    @settings(max_examples=10, deadline=None)
    def trees(declaration):
        assert write(declaration, JW.declaration, TextForm("ascii", "bytes")).isascii()

    files()
    trees()


def test_valid_sets_are_confirmed_by_a_receiver_reading_their_set():
    for encoding in ("utf-8", "windows-1252", "ascii"):
        built = build_valid_set(GenerateOptions(verzekerden=20, encoding=encoding), 1, GZ)
        assert built.manifest.encoding.encoding == encoding
        assert built.manifest.expected.status == "approved"


def test_a_byte_counting_receiver_returns_the_senders_bytes():
    """A record padded by bytes, read by a receiver that counts bytes and returned (its BSN fails the 11-proef):
    the returned record's first 310 bytes are the sender's."""
    declaration = generate(GenerateOptions(verzekerden=2), 3, JW)
    record = declaration.verzekerden[0].record
    record["naam_01"], record["bsn"] = "Jönsson-Ünal", 123456789
    text = write(declaration, JW.declaration).decode("utf-8").split("\r\n")
    number = next(n for n, line in enumerate(text) if "Jönsson" in line)
    f = JW.declaration.records["02"]["naam_01"]
    line = text[number]
    sent = line[:f.start - 1].encode() + "Jönsson-Ünal".encode().ljust(f.length) + line[f.start - 1 + f.length:].encode()
    lines = [t.encode() for t in text]
    lines[number] = sent
    outcome = receive(b"\r\n".join(lines), spec=JW, form=UTF8_BYTES)
    assert outcome.status == "partial" and number + 1 in outcome.returned
    returned = [x for x in outcome.jw322.split(b"\r\n") if x.startswith(b"02")]
    assert returned[0][:310] == sent and len(returned[0]) == 370


def test_check_tells_the_tool_how_each_cases_receiver_reads(tmp_path):
    """{encoding} and {positions}: jwgen validate, told them, agrees on every case of the matrix."""
    corpus = tmp_path / "corpus"
    assert main(["fuzz", "-n", "8", "--seed", "1", "--defects",
                 "utf8-read-counting-bytes,windows-1252-read-as-utf8,non-utf8,valid", "--out", str(corpus)]) == 0
    index = json.loads((corpus / "index.json").read_text(encoding="utf-8"))
    assert {c["encoding"]["receiver_counts"] for c in index["cases"]} == {"characters", "bytes"}
    python = shlex.quote(sys.executable)
    command = (f"{python} -m jwgen.cli validate {{jw321}} --out {{jw322}} --profile {{profile}} "
               "--encoding {encoding} --positions {positions}")
    assert main(["check", "--cmd", command, str(corpus)]) == 0


def test_generate_standard_gz321_cli_is_one_byte_per_position(tmp_path):
    from jwgen.spec import use_layout

    out = tmp_path / "gz"
    try:
        assert main(["generate", "--standard", "GZ321", "--verzekerden", "150", "--seed", "2", "--out", str(out)]) == 0
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        data = (out / manifest["jw321"]).read_bytes()
        assert manifest["encoding"]["encoding"] == "windows-1252" and not data.isascii()
        assert {len(line) for line in _lines(data)} == {310}
        assert main(["validate", str(out / manifest["jw321"]), "--standard", "GZ321"]) == 0
    finally:
        use_layout(None, None)  # the command line chose GZ321 for this process: back to the default


def test_a_scenario_names_its_character_set_once_for_every_step():
    from jwgen.scenario import parse, scenario_set

    source = ("name: one\ndescription: in Windows-1252\nencoding: cp1252\nsteps:\n"
              "  - name: first\n    generate: {verzekerden: 200}\n    expect: approved\n"
              "  - name: again\n    resend: first\n    reader: {encoding: utf-8}\n    expect: rejected-file\n"
              "    codes: ['0001']\n")
    files = scenario_set(parse(source, "one.yaml"), seed=5, file="one.yaml", spec=JW)
    steps = json.loads(files["manifest.json"])["steps"]
    assert [s["encoding"]["encoding"] for s in steps] == ["windows-1252", "windows-1252"]
    assert steps[1]["encoding"]["receiver_reads"] == "utf-8"
