"""What a person reads on the terminal, pinned: validate, show, spec, explain, check, defects, generate --help,
conformance.

Each snapshot is a file under tests/snapshots/ with the command line, its output and its exit
code. A change in what a person reads shows up in review as a diff of these files; after an
intended change regenerate them with JWGEN_UPDATE_SNAPSHOTS=1 (JWGEN_UPDATE_GOLDEN=1 also works).
Temporary paths are written as placeholders (<DIR>, <PYTHON>, <HERE>) so the files do not
depend on the machine.
"""
from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import pytest

import minimal
from jwgen.cli import main

HERE = Path(__file__).resolve().parent
SNAPSHOTS = HERE / "snapshots"
UPDATE = os.environ.get("JWGEN_UPDATE_SNAPSHOTS") == "1" or os.environ.get("JWGEN_UPDATE_GOLDEN") == "1"
STAND_IN = f"{shlex.quote(sys.executable)} {shlex.quote(str(HERE / 'stand_in_receiver.py'))}"


def bad_bsn() -> bytes:
    v2 = minimal.verzekerde(bsn=minimal.BSN2, naam="Meijer", prestaties=[minimal.prestatie(minimal.BSN2, ref="P2")])
    d = minimal.declaration(verzekerden=[minimal.verzekerde(), v2])
    d.verzekerden[1].record["bsn"] = 123456789  # fails the 11-proef
    return minimal.file(d)


def bad_total() -> bytes:
    d = minimal.declaration()
    d.sluit["totaal_declaratiebedrag"] += 100
    return minimal.file(d)


def short_record() -> bytes:
    lines = minimal.file().split(b"\r\n")
    lines[3] = lines[3][:-1]
    return b"\r\n".join(lines)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("snap")
    (folder / "ok.JW321.txt").write_bytes(minimal.file())
    (folder / "bsn.JW321.txt").write_bytes(bad_bsn())
    (folder / "total.JW321.txt").write_bytes(bad_total())
    (folder / "short.JW321.txt").write_bytes(short_record())
    (folder / "notes.txt").write_text("Dear gemeente,\nplease find attached ...\n")
    (folder / "empty.txt").write_bytes(b"")
    assert main(["validate", str(folder / "bsn.JW321.txt"), "--out", str(folder / "bsn.JW322.txt")]) == 1
    assert main(["fuzz", "--count", "6", "--seed", "5", "--out", str(folder / "corpus")]) == 0
    return folder


CASES = {
    "validate-partial": ["validate", "{DIR}/bsn.JW321.txt"],
    "validate-vecozo": ["validate", "{DIR}/bsn.JW321.txt", "--profile", "VECOZO"],
    "validate-file-rejected": ["validate", "{DIR}/total.JW321.txt"],
    "validate-approved": ["validate", "{DIR}/ok.JW321.txt"],
    "show-jw321": ["show", "{DIR}/ok.JW321.txt"],
    "show-jw322": ["show", "{DIR}/bsn.JW322.txt"],
    "show-wrong-length": ["show", "{DIR}/short.JW321.txt"],
    "show-not-a-declaration": ["show", "{DIR}/notes.txt"],
    "spec": ["spec"],
    "spec-04": ["spec", "4"],
    "spec-conditions-gz321": ["spec", "conditions", "--standard", "GZ321"],
    "spec-conditions-1711": ["spec", "conditions", "1711"],
    "spec-conditions-bad-class": ["spec", "conditions", "--class", "maybe"],
    "spec-conditions-ber": ["spec", "conditions", "--ber", str(HERE / "data" / "ber" / "MZ301V0103.xls"),
                            "--class", "implemented"],  # a BER's own words, before any hand classification
    "explain-0435": ["explain", "0435"],
    "explain-8002": ["explain", "8002"],
    "check-bug": ["check", "--cmd", f"{STAND_IN} --bugs sluit-total --state {{state}} {{jw321}} {{jw322}}",
                  "{DIR}/corpus"],
    "check-agree": ["check", "--cmd", f"{STAND_IN} --bugs none --state {{state}} {{jw321}} {{jw322}}",
                    "{DIR}/corpus"],
    # answers that name the problem: what the file is and what to run instead (exit 2), a malformed answer
    "validate-a-retour-file": ["validate", "{DIR}/bsn.JW322.txt"],
    "validate-an-empty-file": ["validate", "{DIR}/empty.txt"],
    "compare-missing-actual": ["compare", "{DIR}/bsn.JW322.txt", "{DIR}/typo.JW322.txt"],
    "compare-a-declaration-as-answer": ["compare", "{DIR}/bsn.JW322.txt", "{DIR}/bsn.JW321.txt"],
    "check-malformed-answer": ["check", "--cmd", "cp {jw321} {jw322}", "{DIR}/corpus"],
    "version": ["--version"],
    "generate-help": ["generate", "--help"],  # its flags come from jwgen.generate.GENERATOR_OPTIONS
    "conformance-gz321": ["conformance", str(HERE / "conformance" / "gz321")],  # each file's standard by 0102
}


def _shown(text: str, folder: Path) -> str:
    return (text.replace(str(folder), "<DIR>").replace(sys.executable, "<PYTHON>")
            .replace(str(HERE), "<HERE>"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_output_snapshot(name, files, capsys, monkeypatch):
    if name.endswith("-help"):
        monkeypatch.setenv("COLUMNS", "80")  # help is wrapped to the terminal
    args = [a.replace("{DIR}", str(files)) for a in CASES[name]]
    capsys.readouterr()
    code = main(args)
    captured = capsys.readouterr()
    shown = _shown(f"$ jwgen {shlex.join(args)}\n{captured.out}"
                   + (f"[stderr]\n{captured.err}" if captured.err else "") + f"[exit {code}]\n", files)
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(shown, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run the tests with JWGEN_UPDATE_SNAPSHOTS=1 once"
    assert shown == path.read_text(encoding="utf-8"), (
        f"the output of `jwgen {' '.join(CASES[name])}` changed; if intended, regenerate with "
        "JWGEN_UPDATE_SNAPSHOTS=1 and review the diff of tests/snapshots/")


def test_progress_stays_quiet_when_piped(files, tmp_path, capsys):
    """stderr is not a terminal under pytest: long runs print no progress bar there."""
    assert main(["fuzz", "--count", "3", "--seed", "1", "--out", str(tmp_path / "c")]) == 0
    assert main(["check", "--cmd", f"{STAND_IN} --bugs none --state {{state}} {{jw321}} {{jw322}}",
                 str(tmp_path / "c")]) == 0
    assert capsys.readouterr().err == ""


def test_progress_bar_on_a_terminal(monkeypatch):
    import io

    from jwgen.cli import _progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    fake = Tty()
    monkeypatch.setattr(_progress.sys, "stderr", fake)
    monkeypatch.delenv("JWGEN_NO_PROGRESS", raising=False)
    with _progress.progress("jwgen test", "cases") as tick:
        for done in range(1, 6):
            tick(done, 5)
    assert _progress.wanted()
    monkeypatch.setenv("JWGEN_NO_PROGRESS", "1")
    assert not _progress.wanted()
