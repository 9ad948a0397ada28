"""jwgen check and jwgen compare: the runner finds exactly the bugs of a stand-in receiver,
agrees fully with jwgen's own validate, and reports crashes and time-outs."""
from __future__ import annotations

import json
import shlex
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from jwgen.cli import main
from jwgen.sets import build_case
from jwgen.fuzz import compare
from jwgen.fuzz.compare import read_answer
from jwgen.spec import load_spec

HERE = Path(__file__).resolve().parent
PYTHON = shlex.quote(sys.executable)
STAND_IN = (f"{PYTHON} {shlex.quote(str(HERE / 'stand_in_receiver.py'))} {{jw321}} {{jw322}} "
            "--state {state} --profile {profile}")
VALIDATE = f"{PYTHON} -m jwgen.cli validate {{jw321}} --out {{jw322}} --force --state {{state}} --profile {{profile}}"
#: Defects whose cases the stand-in's bugs can be predicted on exactly (one bytes-stage defect, alone).
POOL = ("valid,bsn-invalid,wrong-dc,invalid-date,credit-without-debet,sluit-totaal-bedrag,sluit-totaal-dc,"
        "sluit-aantal-prestatie,unknown-gemeentecode,non-ascii-counted-as-bytes")


def verdicts(junit: Path) -> dict[str, str]:
    """case folder -> agree | disagree | crashed | timed-out, from the JUnit report."""
    out = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        problem = next(iter(case), None)
        out[case.get("name")] = "agree" if problem is None else problem.get("type")
    return out


def affected(bug: str, case: dict, jw321: bytes) -> bool:
    """Does this known bug change the answer to this case? Predicted from the case alone."""
    defects = set(case["defects"])
    if bug == "sluit-total":
        return bool(defects & {"sluit-totaal-bedrag", "sluit-totaal-dc"})
    if bug == "credit-without-debet":
        return "credit-without-debet" in defects
    # byte-length: lines whose byte count differs from their character count
    wide = [line for line in jw321.split(b"\r\n") if len(line) != len(line.decode("utf-8"))]
    if "non-ascii-counted-as-bytes" in defects:  # its 309-character line of 310 bytes is accepted ...
        return all(len(line) == 310 for line in wide)  # ... unless another line is rejected with 0804 anyway
    return bool(wide)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("check") / "corpus"
    assert main(["fuzz", "--count", "40", "--seed", "11", "--defects", POOL, "--out", str(root)]) == 0
    return root


def _cases(root: Path) -> list[dict]:
    return json.loads((root / "index.json").read_text())["cases"]


@pytest.mark.parametrize("bug", ["byte-length", "sluit-total", "credit-without-debet"])
def test_check_reports_exactly_the_cases_a_bug_affects(bug, corpus, tmp_path, capsys):
    junit = tmp_path / "report.xml"
    code = main(["check", "--cmd", f"{STAND_IN} --bugs {bug}", "--jobs", "4", "--junit", str(junit), str(corpus)])
    out = capsys.readouterr().out
    found = verdicts(junit)
    cases = _cases(corpus)
    predicted = {c["folder"] for c in cases
                 if affected(bug, c, (corpus / c["folder"] / c["receive_in_order"][-1]).read_bytes())}
    assert predicted and len(predicted) < len(cases)  # the corpus shows the bug and agreement elsewhere
    assert {name for name, verdict in found.items() if verdict != "agree"} == predicted
    assert {found[name] for name in predicted} == {"disagree"}
    assert code == 1
    assert f"{len(cases) - len(predicted)} of {len(cases)} case(s) agree; {len(predicted)} disagree" in out
    for name in predicted:
        assert name in out  # each disagreeing case is named with its differences


@pytest.mark.parametrize("profile, count", [("gemeente", 24), ("vecozo", 12)])
def test_jwgen_validate_agrees_with_every_case(profile, count, tmp_path, capsys):
    root = tmp_path / "corpus"
    assert main(["fuzz", "--count", str(count), "--seed", "4", "--profile", profile, "--out", str(root)]) == 0
    junit = tmp_path / "report.xml"
    code = main(["check", "--cmd", VALIDATE, "--jobs", "4", "--junit", str(junit), str(root)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert set(verdicts(junit).values()) == {"agree"}
    statuses = {c["expected_status"] for c in _cases(root)}
    assert len(statuses) >= 3  # valid, rejected files and rejected records were all exercised
    if profile == "gemeente":
        assert any(len(c["receive_in_order"]) > 1 for c in _cases(root))  # history cases fed in order


def test_check_a_fixture_set_from_generate(tmp_path, capsys):
    root = tmp_path / "set"
    assert main(["generate", "--defect", "credit-differs", "--seed", "2", "--out", str(root)]) == 0
    assert main(["check", "--cmd", VALIDATE, str(root)]) == 0
    assert "all 1 case(s) agree" in capsys.readouterr().out


def test_check_reads_a_gz321_defect_set_as_gz321(tmp_path, capsys):
    """A defect set's manifest names no standard: its files do (0102 = 195), so check answers as a zorgverzekeraar."""
    from jwgen.fuzz.corpus_read import read_corpus

    root = tmp_path / "gz"
    assert main(["generate", "--standard", "GZ321", "--defect", "bsn-invalid", "--seed", "2", "--out", str(root)]) == 0
    corpus = read_corpus(root)
    assert (corpus.standard, corpus.profile) == ("GZ321", "zorgverzekeraar")
    assert main(["check", "--cmd", VALIDATE.replace("validate", "validate --standard GZ321"), str(root)]) == 0
    assert "all 1 case(s) agree" in capsys.readouterr().out


# --- crashes, time-outs, usage --------------------------------------------------------------------

@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("small") / "corpus"
    assert main(["fuzz", "--count", "3", "--seed", "1", "--defects", "valid,bsn-invalid", "--out", str(root)]) == 0
    return root


def _tool(tmp_path: Path, body: str) -> str:
    script = tmp_path / "tool.py"
    script.write_text("import sys, time\njw321, jw322 = sys.argv[1], sys.argv[2]\n" + body)
    return f"{PYTHON} {shlex.quote(str(script))} {{jw321}} {{jw322}}"


def test_no_answer_and_non_zero_exit_is_a_crash(small, tmp_path, capsys):
    junit = tmp_path / "r.xml"
    assert main(["check", "--cmd", _tool(tmp_path, "print('boom', file=sys.stderr); sys.exit(3)"),
                 "--junit", str(junit), str(small)]) == 1
    assert set(verdicts(junit).values()) == {"crashed"}
    out = capsys.readouterr().out
    assert "exit code 3; stderr: boom" in out and "3 crashed" in out


def test_a_malformed_answer_is_a_disagreement_after_exit_0_and_a_crash_after_another(small, tmp_path, capsys):
    """A tool that exits 0 and writes a malformed answer answered, wrongly: it did not crash."""
    junit = tmp_path / "r.xml"
    assert main(["check", "--cmd", _tool(tmp_path, "open(jw322, 'w').write('not a JW322')"),
                 "--junit", str(junit), str(small)]) == 1
    assert set(verdicts(junit).values()) == {"disagree"}
    assert "the JW322 written is malformed" in capsys.readouterr().out
    assert main(["check", "--cmd", _tool(tmp_path, "open(jw322, 'w').write('not a JW322'); sys.exit(3)"),
                 "--junit", str(junit), "--force", str(small)]) == 1
    assert set(verdicts(junit).values()) == {"crashed"}
    assert main(["check", "--cmd", _tool(tmp_path, "pass"), "--junit", str(junit), "--force", str(small)]) == 1
    assert set(verdicts(junit).values()) == {"disagree"}


def test_time_out(small, tmp_path, capsys):
    junit = tmp_path / "r.xml"
    assert main(["check", "--cmd", _tool(tmp_path, "time.sleep(30)"), "--timeout", "0.5", "--jobs", "3",
                 "--junit", str(junit), str(small)]) == 1
    assert set(verdicts(junit).values()) == {"timed-out"}
    assert "3 timed out" in capsys.readouterr().out


def test_check_usage_errors(small, tmp_path, capsys):
    assert main(["check", "--cmd", "no-such-tool-xyz {jw321} {jw322}", str(small)]) == 2
    assert main(["check", "--cmd", f"{PYTHON} {{jw321}}", str(small)]) == 2  # no {jw322}
    assert main(["check", "--cmd", "'unbalanced", str(small)]) == 2
    assert main(["check", "--cmd", VALIDATE, str(tmp_path / "missing")]) == 2
    assert main(["check", "--cmd", VALIDATE, str(tmp_path)]) == 2  # a folder without index.json
    assert main(["check", "--cmd", VALIDATE, "--timeout", "0", str(small)]) == 2
    existing = tmp_path / "exists.xml"
    existing.write_text("keep")
    assert main(["check", "--cmd", VALIDATE, "--junit", str(existing), str(small)]) == 2
    assert existing.read_text() == "keep"
    err = capsys.readouterr().err
    assert all(line.startswith("jwgen: error: ") for line in err.strip().splitlines())


# --- compare --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def answer() -> tuple[bytes, bytes]:
    built = build_case(["bsn-invalid", "wrong-dc"], seed=5)
    return built.outcome.jw322, built.jw321


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8").split("\r\n")[:-1]


def _join(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _with_codes(line: str, *codes: str) -> str:
    """A JW322 line with its three retourcode slots set (positions from the spec)."""
    start = load_spec().retour.records[line[:2]]["retourcode_01"].start - 1
    slots = "".join(code.ljust(4) for code in codes).ljust(12)
    return line[:start] + slots + line[start + 12:]


def test_compare_identical_and_ignored_fields(answer):
    jw322, jw321 = answer
    assert compare(jw322, jw322).agree and compare(None, None).agree and compare(b"", None).agree
    lines = _lines(jw322)
    # referentienummer gemeente (311-334) and dagtekening retourbericht (335-342) are the receiver's own
    lines[0] = lines[0][:310] + "OTHER-REF".ljust(24) + "20240101" + lines[0][342:]
    # record order and the order of codes within a record do not matter
    details = [_with_codes(line, "0435", "0631") for line in lines[1:-1]]
    swapped = [_with_codes(line, "0631", "0435") for line in details]
    first = _join([lines[0], *details, lines[-1]])
    assert compare(first, _join([lines[0], *reversed(swapped), lines[-1]]), jw321).agree
    assert not compare(first, _join([lines[0], *[_with_codes(line, "0435") for line in details], lines[-1]])).agree


def test_compare_names_each_difference(answer):
    jw322, jw321 = answer
    lines = _lines(jw322)
    result = compare(jw322, _join([lines[0], _with_codes(lines[1], "9999"), *lines[2:]]), jw321)
    assert not result.agree and len(result.differences) == 1
    assert "JW321 line" in result.differences[0] and "got 9999" in result.differences[0]
    dropped = compare(jw322, _join([lines[0], *lines[2:]]), jw321)
    assert any("is not returned" in d for d in dropped.differences)
    assert not any(d.startswith("sluitrecord: ") for d in dropped.differences)  # the sluitrecord is the same
    ingediend = load_spec().retour.records["99"]["totaal_ingediend_declaratiebedrag"]
    sluit = lines[-1]
    other = sluit[:ingediend.start - 1] + "1".zfill(ingediend.length) + sluit[ingediend.end:]
    assert any(d.startswith("sluitrecord: totaal_ingediend_declaratiebedrag expected ")
               for d in compare(jw322, _join([*lines[:-1], other])).differences)
    assert compare(jw322, None).differences == ["no JW322 was written, one was expected"]
    assert compare(None, jw322).differences[0].startswith("a JW322 was written, none was expected")
    assert compare(jw322, b"rubbish\r\n").unreadable


def test_read_answer_keeps_totals_as_signed_text(answer):
    jw322, _ = answer
    read = read_answer(jw322)
    assert read is not None and read.voorloop_codes == {"0200"}
    assert read.sluit["totaal_ingediend_declaratiebedrag"].endswith(" D")


def test_compare_cli(answer, tmp_path, capsys):
    jw322, jw321 = answer
    expected, same, other, empty = (tmp_path / n for n in ("e.txt", "s.txt", "o.txt", "empty.txt"))
    expected.write_bytes(jw322)
    same.write_bytes(jw322)
    lines = _lines(jw322)
    other.write_bytes(_join([lines[0], *lines[2:]]))
    empty.write_bytes(b"")
    assert main(["compare", str(expected), str(same)]) == 0
    assert main(["compare", str(expected), str(other), "--jw321", str(tmp_path / "nope")]) == 2
    jw321_path = tmp_path / "in.txt"
    jw321_path.write_bytes(jw321)
    assert main(["compare", str(expected), str(other), "--jw321", str(jw321_path)]) == 1
    assert "is not returned" in capsys.readouterr().out
    assert main(["compare", str(empty), str(empty)]) == 0  # no JW322 either side
    assert main(["compare", str(expected), str(empty)]) == 1  # an empty ACTUAL: no answer written
    capsys.readouterr()
    assert main(["compare", str(expected), str(tmp_path / "absent.txt")]) == 2  # a typo is no answer: an error
    assert "ACTUAL" in capsys.readouterr().err
    assert main(["compare", str(tmp_path / "absent.txt"), str(same)]) == 2
    assert main(["compare", str(jw321_path), str(same)]) == 2  # the expected file is not a JW322
