"""Command-line conventions: -h and --version, one way to name defects, --profile in any case, show on
broken and foreign files."""
from __future__ import annotations

import json

import pytest

import minimal
from jwgen.cli import main


def test_version_and_short_help(capsys):
    from jwgen import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"jwgen {__version__}\n"
    for args in (["-h"], ["validate", "-h"], ["spec", "-h"], ["spec", "show", "-h"], ["fuzz", "-h"]):
        assert main(args) == 0, args
        assert "Usage: jwgen" in capsys.readouterr().out
    assert main([]) == 0  # jwgen alone: the help, on stdout, not an error
    captured = capsys.readouterr()
    assert "Commands:" in captured.out and captured.err == ""


@pytest.mark.parametrize("args", [["-d", "bsn-invalid,wrong-dc"], ["-d", "bsn-invalid", "--defect", "wrong-dc"],
                                  ["--defects", "bsn-invalid", "-d", "wrong-dc"]])
def test_generate_names_defects_repeatable_and_comma_separated(tmp_path, args):
    out = tmp_path / "set"
    assert main(["generate", *args, "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in manifest["cases"][0]["defects"]] == ["bsn-invalid", "wrong-dc"]


def test_fuzz_names_defects_the_same_way(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["fuzz", "-n", "3", "--defects", "bsn-invalid,wrong-dc", "--out", str(one)]) == 0
    assert main(["fuzz", "-n", "3", "-d", "bsn-invalid", "--defect", "wrong-dc", "--out", str(two)]) == 0
    index = [json.loads((p / "index.json").read_text()) for p in (one, two)]
    assert index[0]["defect_pool"] == index[1]["defect_pool"] == ["bsn-invalid", "wrong-dc"]


def test_profile_is_case_insensitive(tmp_path, capsys):
    jw321 = tmp_path / "a.JW321.txt"
    jw321.write_bytes(minimal.file())
    assert main(["validate", str(jw321), "--profile", "VECOZO"]) == 0
    assert capsys.readouterr().out.startswith("vecozo: forwarded")
    assert main(["generate", "--profile", "Gemeente", "--out", str(tmp_path / "g")]) == 0
    assert main(["scenario", "credit-correction", "-p", "GEMEENTE", "--out", str(tmp_path / "s")]) == 0
    assert main(["fuzz", "-n", "2", "-p", "VeCoZo", "--out", str(tmp_path / "f")]) == 0
    capsys.readouterr()
    assert main(["validate", str(jw321), "--profile", "cak"]) == 2
    assert "profile 'cak' is not one of JW321's: gemeente, vecozo" in capsys.readouterr().err


def test_show_names_a_record_of_the_wrong_length(tmp_path, capsys):
    lines = minimal.file().split(b"\r\n")
    lines[2] = lines[2] + b"X"
    path = tmp_path / "long.JW321.txt"
    path.write_bytes(b"\r\n".join(lines))
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "line 3: 03 debiteurrecord  ! line 3, position 311: record has 311 characters, expected 310" in out
    assert "(read as if the record had 310 characters; it has 311)" in out
    assert "  0303 DEBITEURNUMMER" in out


@pytest.mark.parametrize("content, why", [(b"", "empty"), (b"%PDF-1.4\x00\x01binary", "binary"),
                                          (b"naam;bsn\r\nJansen;111222333\r\n", "no line is a 310-")])
def test_show_says_when_a_file_is_no_jw321_or_jw322(tmp_path, capsys, content, why):
    path = tmp_path / "other.dat"
    path.write_bytes(content)
    assert main(["show", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"jwgen: error: {path} is not a JW321 or JW322 file") and why in err
    assert err.count("\n") == 1


def test_show_makes_amounts_and_dates_readable(tmp_path, capsys):
    path = tmp_path / "ok.JW321.txt"
    path.write_bytes(minimal.file())
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "20170131  31-01-2017" in out
    assert "00012345  € 123,45 D" in out  # berekend bedrag with its D/C
    assert "TARIEF PRESTATIE (INCL. BTW)" in out and "00012345  € 123,45\n" in out  # a tarief has no D/C
