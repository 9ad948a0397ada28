"""Issue 12, points 7 and 8: nothing from a file reaches a terminal or an XML report raw.

Control characters (ESC, BEL, NUL, C1, bidi overrides, separators) in a JW321 or in
another tool's output are shown as escapes in every human output; the JUnit report is
well-formed XML for any tool output and names the corpus by its folder name.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
import xml.dom.minidom
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import minimal
from jwgen.cli import main
from jwgen.fuzz.corpus_read import CorpusCase
from jwgen.fuzz.junit import junit_xml
from jwgen.fuzz.run import CRASHED, DISAGREE, CaseResult
from jwgen.printable import printable

M = minimal.M
HOSTILE = ["\x1b[2J\x1b[H", "\x07", "\x00", "\x1b]0;owned\x07", "\u009b31m", "\u202e", "\u2028", "\x7f"]
# XML 1.0 Char production, negated.
NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _unsafe(text: str) -> list[str]:
    """Characters a terminal could act on: controls (but newline), format characters, separators."""
    return sorted({c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")})


def _with_text(value: str, rtype: str = "02", key: str = "naam_01") -> bytes:
    """The minimal file with a field holding ``value`` (padded, so the record keeps its length in characters)."""
    lines = minimal.file().split(b"\r\n")
    index = next(i for i, line in enumerate(lines) if line[:2] == rtype.encode())
    f = M.records[rtype][key]
    line = lines[index].decode()
    lines[index] = (line[:f.start - 1] + value.ljust(f.length)[:f.length] + line[f.end:]).encode()
    return b"\r\n".join(lines)


def _file(tmp_path, data: bytes) -> Path:
    path = tmp_path / "in.JW321.txt"
    path.write_bytes(data)
    return path


def test_show_escapes_control_characters(tmp_path, capsys):
    for value in HOSTILE:
        assert main(["show", str(_file(tmp_path, _with_text("Jan" + value + "sen")))]) == 0
        out = capsys.readouterr().out
        assert _unsafe(out) == [], (value, _unsafe(out))
        assert "Jan" + printable(value, keep="") + "sen" in out


def test_validate_table_escapes_values_from_the_file(tmp_path, capsys):
    # Control characters in an N field: the value is shown in the uitval table (0435).
    for value in ("\x1b[2J\x07X", "\x00\x00\x1b]0", "\u202e1234567", "\u009b2J"):
        code = main(["validate", str(_file(tmp_path, _with_text(value, "02", "bsn")))])
        out = capsys.readouterr().out
        assert code == 1 and _unsafe(out) == [], _unsafe(out)
        assert "0435" in out and printable(value, keep="") in out


def test_validate_json_keeps_values_and_escapes_them(tmp_path, capsys):
    value = "\x1b\u009b\u202e12"
    code = main(["validate", "--json", str(_file(tmp_path, _with_text(value, "02", "bsn")))])
    out = capsys.readouterr().out
    assert code == 1 and _unsafe(out) == [], _unsafe(out)
    values = [finding["value"] for finding in json.loads(out)["findings"]]
    assert any(v.startswith(value) for v in values), values  # the value itself, once decoded


def test_error_lines_are_one_line_without_control_characters(tmp_path, capsys):
    name = str(tmp_path / "no\x1b[2Jsuch\nfile\u202e.txt")
    assert main(["validate", name]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and _unsafe(err) == [], err
    assert "no\\x1b[2Jsuch\\nfile\\u202e.txt" in err


# -- JUnit ------------------------------------------------------------------------------------

def _case(name: str = "case-1", defects: tuple[str, ...] = ()) -> CorpusCase:
    return CorpusCase(name, Path("/corpus") / name, ("x.JW321.txt",), "x.JW322.txt", defects, "partial")


def _parse_strictly(data: bytes) -> None:
    ET.fromstring(data)
    xml.dom.minidom.parseString(data)
    assert not NOT_XML.search(data.decode("utf-8"))


ANY_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()),
                   max_size=60)


@settings(max_examples=150, deadline=None)
@given(detail=ANY_TEXT, differences=st.lists(ANY_TEXT, max_size=3), name=ANY_TEXT)
def test_junit_is_well_formed_for_any_tool_output(detail, differences, name):
    results = [CaseResult(_case(name or "c"), CRASHED, differences, detail, 0.5),
               CaseResult(_case("d", ("bsn-invalid",)), DISAGREE, differences, "", 0.1)]
    _parse_strictly(junit_xml(results, f"jwgen check: {name}"))


def test_check_junit_from_a_tool_that_writes_control_characters(tmp_path, capsys):
    corpus = tmp_path / "my-corpus"
    assert main(["fuzz", "--count", "2", "--seed", "3", "--out", str(corpus)]) == 0
    tool = tmp_path / "tool.py"
    tool.write_text("import sys\nsys.stderr.buffer.write(b'boom \\x1b[31m\\x00\\x07\\x1b]0;x\\x07 \\xed\\xa0\\x80 "
                    "\\xef\\xbf\\xbe done\\n')\nsys.exit(3)\n")
    junit = tmp_path / "report.xml"
    code = main(["check", "--cmd", f"{sys.executable} {tool} {{jw321}} {{jw322}}", "--junit", str(junit),
                 str(corpus)])
    out = capsys.readouterr().out
    assert code == 1 and _unsafe(out) == [], _unsafe(out)
    data = junit.read_bytes()
    _parse_strictly(data)
    root = ET.fromstring(data)
    suite = root.find("testsuite")
    assert suite.get("name") == "jwgen check: my-corpus"  # the folder name, not the path as typed
    assert str(tmp_path) not in data.decode()
    texts = [e.text or "" for e in root.iter("error")]
    assert texts and all("boom \\x1b[31m\\x00\\x07" in t for t in texts), texts


def test_a_terminal_that_cannot_show_the_characters(tmp_path):
    """An ASCII or Latin-1 stdout: characters it lacks are written as \\u20ac, not a UnicodeEncodeError."""
    import os
    import subprocess

    path = _file(tmp_path, _with_text("Jansen €✓漢"))
    for encoding in ("ascii", "latin-1"):
        env = {**os.environ, "PYTHONIOENCODING": encoding}
        for args in (["show", str(path)], ["validate", str(path)], ["validate", "--json", str(path)]):
            run = subprocess.run([sys.executable, "-m", "jwgen.cli", *args], capture_output=True, env=env,
                                 timeout=60)
            assert run.returncode in (0, 1) and run.stderr == b"", (args, run.stderr)
            if args[0] == "show":
                assert b"Jansen \\u20ac\\u2713\\u6f22" in run.stdout
