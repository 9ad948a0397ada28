"""The built-in standards made from a BER alone (issue 24): every folder is what ``jwgen standard rebuild`` writes
and what ``jwgen standard add`` writes from the same BER, wherever the BER lies; each is listed, measured, found
from a file's 0102-0104, and every read-only command works on a file of it. Parametrised over the lists, so an
added standard is tested without a test edit."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from jwgen.cli import main
from jwgen.controle import receive
from jwgen.spec import STANDARDS, detect_standard, identifies, load_spec
from jwgen.spec.identity import identities
from jwgen.spec.ber import SOURCES
from jwgen.spec.builtin_standards import LIST, folder_files, listed
from jwgen.spec.standard_folders import builtin_names, handmade_names

sys.path.insert(0, str(Path(__file__).parent))
from sample_files import sample_declaration  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LISTED = {entry.name: entry for entry in listed()}


def _folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(Path(str(path)).iterdir()) if p.is_file()}


def test_every_builtin_standard_is_listed_or_made_by_hand():
    assert set(builtin_names()) == set(LISTED) | set(handmade_names())
    assert set(handmade_names()) == {"JW321", "GZ321"}
    assert len(builtin_names()) >= 9


def test_every_source_is_vendored_with_its_sha256_and_origin():
    sources = json.loads(LIST.read_text("utf-8"))["sources"]
    named = {name for entry in listed() for name in (entry.ber, entry.retour) if name}
    assert named <= set(sources)
    for name, source in sources.items():
        assert hashlib.sha256((SOURCES / name).read_bytes()).hexdigest() == source["sha256"], name
        assert source["origin"], name
    readme = (SOURCES / "README.md").read_text("utf-8")
    for path in Path(str(SOURCES)).iterdir():
        assert path.name == "README.md" or path.name in readme, f"{path.name} is not in jwgen/spec/sources/README.md"


def test_the_shipped_folders_are_what_standard_rebuild_writes(tmp_path, capsys):
    assert main(["standard", "rebuild", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(LISTED)
    for name in LISTED:
        assert _folder(tmp_path / name) == _folder(STANDARDS / name), (
            f"{name}: run `jwgen standard rebuild --out jwgen/spec/standards --force` and review the diff")
    assert main(["standard", "rebuild", "--out", str(tmp_path)]) == 2  # never over a folder without --force
    assert "not empty; use --force" in capsys.readouterr().err
    assert main(["standard", "rebuild", "--out", str(tmp_path), "--force", "mz301"]) == 0
    assert main(["standard", "rebuild", "--out", str(tmp_path), "JW321"]) == 2
    assert "not a standard jwgen makes from a BER" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(LISTED))
def test_standard_add_makes_the_builtin_standard_wherever_the_ber_lies(tmp_path, name):
    """`jwgen standard add` on the BER (a copy in another folder: only its name and bytes count), with --out to a
    folder jwgen does not read, gives the built-in folder byte for byte."""
    entry = LISTED[name]
    copies = tmp_path / "somewhere" / "else"
    copies.mkdir(parents=True)
    for source in (entry.ber, entry.retour):
        if source:
            shutil.copyfile(str(SOURCES / source), copies / source)
    options = [str(copies / o) if o in (entry.ber, entry.retour) else o for o in entry.options()]
    out = tmp_path / "out"
    assert main(["standard", "add", str(copies / entry.ber), *options, "--name", name, "--out", str(out)]) == 0
    assert _folder(out / name) == _folder(STANDARDS / name)
    assert folder_files(entry) == _folder(STANDARDS / name)


@pytest.mark.parametrize("name", sorted(LISTED))
def test_a_listed_standard_says_it_was_made_from_its_ber(name):
    spec = load_spec(standard=name)
    entry = LISTED[name]
    made = spec.standard.made
    assert made["source"]["ber"] == entry.ber and made["source"].get("retour_ber") == entry.retour
    assert made["template"] in handmade_names()  # defaults only from a hand-made standard
    assert spec.standard.version and spec.declaration.version == spec.standard.version


def test_the_ggz_dbc_versions_are_told_apart():
    v1, v2 = load_spec(standard="GZ311-V1"), load_spec(standard="GZ311-V2")
    assert (v1.standard.version, v2.standard.version) == ("1.1", "2.0")
    assert v1.declaration.cod002 == v2.declaration.cod002 == "181"
    assert (v1.declaration.name, v1.retour.name, v1.retour.cod002) == ("GZ311", "GZ312", "182")
    voorloop = [(s.declaration.records["01"]["versienummer"].value, s.declaration.records["01"]["subversienummer"].value)
                for s in (v1, v2)]
    assert voorloop == [("01", "01"), ("02", "00")]
    assert v1.standard.title == "Declaratie DBC-zorg GGZ"  # the words of the BER's rubriek 0102


@pytest.mark.parametrize("name", builtin_names())
def test_a_file_names_its_standard(name):
    data = sample_declaration(load_spec(standard=name))
    assert detect_standard(data) == name
    # a first line whose KENMERK RECORD is wrong is still the standard's by its 0102 and 0103 (STB 6.8.1)
    assert detect_standard(b"02" + data[2:]) == name


def _credited(data: bytes, spec) -> bytes:  # noqa: ANN001 - Spec
    """Every detail record's debet/credit indicator 'C'."""
    text = spec.standard.encoding.encoding
    ends = (spec.declaration.structure["voorloop"], spec.declaration.structure["sluit"])
    lines = []
    for line in data.decode(text).split("\r\n"):
        if line[:2] in spec.declaration.records and line[:2] not in ends:
            for f in spec.declaration.records[line[:2]].fields:
                if f.kind == "dc":
                    line = line[:f.start - 1] + "C" + line[f.end:]
        lines.append(line)
    return "\r\n".join(lines).encode(text)


@pytest.mark.parametrize("name", builtin_names())
def test_the_receiver_reaches_the_record_checks_of_every_standard(name):
    """A sample with a voorlooprecord the receiver accepts, and its credit, answered by every profile: the record
    checks run on every record type of the standard (a check reads only fields its record type has: rules.json
    ``reads``; the link keys are those the prestatie and its children share; a record type without dates has no
    date range)."""
    spec = load_spec(standard=name)
    data = sample_declaration(spec)
    for variant in (data, _credited(data, spec)):
        for profile in spec.standard.profiles:
            outcome = receive(variant, profile=profile, spec=spec)
            assert outcome.jw322 and outcome.status in ("approved", "partial", "rejected-records", "forwarded"), \
                (profile, outcome.status, outcome.voorloop_codes)


@pytest.mark.parametrize("name", builtin_names())
def test_detection_and_the_reader_identify_a_first_line_alike(name):
    """spec.identity (which standard a file is, from the voorlooprecords alone) and spec.identifies (the reader's:
    is a first line of another KENMERK RECORD this message's voorlooprecord) agree, on every message."""
    spec = load_spec(standard=name)
    line = sample_declaration(spec).split(b"\r\n")[0].decode("latin-1")
    for message, own in zip((spec.declaration, spec.retour), identities(name)):
        for first in (line, "02" + line[2:], "02" + line[2:5] + "99" + line[7:]):
            assert own.identifies(first) == (first[:2] != own.voorloop and identifies(message, first)), (message.name,
                                                                                                      first[:10])


def test_the_sibling_mz301_example_is_mz301():
    assert detect_standard((HERE / "data" / "MZ301-example.asc").read_bytes()) == "MZ301"


def test_several_message_codes_are_one_standard():
    spec = load_spec(standard="AP304")
    assert spec.declaration.codes == ("106", "120") and spec.retour.codes == ("143", "144")
    data = sample_declaration(spec)
    assert detect_standard(data.replace(b"01106", b"01120", 1)) == "AP304"
    assert load_spec(standard="AW319").retour.codes == ("188", "429", "431")  # Vektis's custom, each + 1
    outcome = receive(data.replace(b"01106", b"01120", 1))
    assert "voorloop.code-bericht" not in {f.rule for f in outcome.file_findings}
    assert outcome.jw322[:5] == b"01144"  # hulpmiddelen (120) answered as such (144), farmaceutische hulp with 143
    assert receive(data).jw322[:5] == b"01143"


@pytest.mark.parametrize("name", builtin_names())
def test_every_read_only_command_works_on_every_standard(name, tmp_path, capsys):
    spec = load_spec(standard=name)
    path = tmp_path / f"sample.{name}.txt"
    path.write_bytes(sample_declaration(spec))
    assert main(["spec", "--standard", name]) == 0
    assert main(["spec", "show", spec.declaration.structure["prestatie"], "--standard", name]) == 0
    assert main(["spec", "--standard", name, "--message", spec.retour.name]) == 0
    assert main(["spec", "conditions", "--standard", name]) == 0
    assert main(["show", str(path)]) == 0
    assert capsys.readouterr().out.count(f"{spec.declaration.name}: ") >= 1
    answer = tmp_path / "answer.txt"
    assert main(["validate", str(path), "--out", str(answer)]) == 1  # no --standard: its 0102-0104 say which
    assert f"{spec.retour.name} written to" in capsys.readouterr().out
    assert main(["show", str(answer)]) == 0
    assert capsys.readouterr().out.startswith(f"{spec.retour.name}: ")
    assert main(["compare", str(answer), str(answer)]) == 0
    assert main(["validate", str(path), "--standard", name, "--report", str(tmp_path / "uitval.csv")]) == 1
    # check: a one-case corpus of this standard, answered by jwgen's own receiver as the tool
    corpus = tmp_path / "corpus"
    (corpus / "case").mkdir(parents=True)
    outcome = receive(path.read_bytes(), spec=spec)
    (corpus / "case" / path.name).write_bytes(path.read_bytes())
    (corpus / "case" / "expected.txt").write_bytes(outcome.jw322)
    form = spec.standard.encoding
    (corpus / "index.json").write_text(json.dumps({
        "tool": "jwgen", "version": "0", "kind": "fuzz-corpus", "seed": 1, "standard": name,
        "profile": spec.standard.receiver_profile, "count": 1, "defect_pool": None, "how_to_check": "",
        "cases": [{"folder": "case", "case_seed": 1, "defects": [], "expected_status": outcome.status,
                   "records": len(path.read_bytes().splitlines()), "receive_in_order": [path.name],
                   "expected_jw322": "expected.txt",
                   "encoding": {"encoding": form.encoding, "positions": form.positions,
                                "receiver_reads": form.encoding, "receiver_counts": form.positions,
                                "described": ""}}]}), encoding="utf-8")
    capsys.readouterr()
    command = f"{sys.executable} -m jwgen.cli validate {{jw321}} --out {{jw322}} --force --profile {{profile}}"
    assert main(["check", "--cmd", command, str(corpus)]) == 0, capsys.readouterr()
    assert "all 1 case(s) agree" in capsys.readouterr().out


def test_standards_lists_every_builtin_standard(capsys):
    assert main(["standards"]) == 0
    heads = [line.split() for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")]
    assert [head[0] for head in heads] == list(builtin_names())
    assert all(head[1].startswith("v") and head[4] for head in heads)  # version and COD002


def _table_in(path: Path) -> str:
    text = path.read_text("utf-8")
    found = re.search(r"<!-- jwgen standards --table -->\n(.*?)<!-- end of the table -->", text, re.S)
    assert found, f"{path} has no table between <!-- jwgen standards --table --> and <!-- end of the table -->"
    return found.group(1)


@pytest.mark.parametrize("doc", ["README.md", "docs/standards.md"])
def test_the_standards_table_in_the_docs_is_the_commands_output(doc, capsys):
    assert main(["standards", "--table"]) == 0
    out = capsys.readouterr().out
    assert _table_in(ROOT / doc) == out, f"paste the output of `jwgen standards --table` into {doc}"
    rows = [line for line in out.splitlines()[2:]]
    assert [row.split(" | ")[0].strip("| ") for row in rows] == list(builtin_names())
