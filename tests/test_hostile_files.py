"""Issue 27, points 3 and 5: no exit 3 from ordinary input, and files jwgen must never touch.

A read-only file system refuses even the removal of what is not there (EROFS): the clean-up after the first
error must not raise a second one. A BER that is not text is refused in one line. ``--state`` never follows a
symbolic link; an output never replaces the input it answers; ``--force`` never removes a folder that holds
the current folder, an input, or anything jwgen did not write.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import minimal
from jwgen.cli import main

FILE = minimal.file()


def _one_line(capsys, *words: str) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("jwgen: error: ") and "Traceback" not in err, err
    for word in words:
        assert word in err, (word, err)
    return err


@pytest.fixture
def read_only(tmp_path, monkeypatch) -> Path:
    """A folder on a "read-only file system": every change under it fails with EROFS, as Linux does (unlink and
    mkdir too, also of a name that is not there)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    root = str(folder)

    def refuse(real):
        def call(path, *args, **kwargs):
            if os.fspath(path).startswith(root):
                if real is os.open and not (args[0] if args else kwargs.get("flags", 0)) & (os.O_WRONLY | os.O_RDWR):
                    return real(path, *args, **kwargs)
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))
            return real(path, *args, **kwargs)
        return call

    for name in ("open", "unlink", "mkdir", "rmdir", "rename", "replace"):
        monkeypatch.setattr(os, name, refuse(getattr(os, name)))
    return folder


@pytest.mark.parametrize("command", [["validate", "{jw321}", "--out", "{ro}/x.JW322.txt"],
                                     ["validate", "{jw321}", "--report", "{ro}/u.xlsx"],
                                     ["generate", "--out", "{ro}/g"],
                                     ["scenario", "credit-correction", "--out", "{ro}/s"]])
def test_a_read_only_file_system_is_one_line_and_exit_2(jw321, read_only, capsys, command):
    args = [a.replace("{jw321}", str(jw321)).replace("{ro}", str(read_only)) for a in command]
    assert main(args) == 2
    _one_line(capsys, "Read-only file system")


def test_spec_import_of_a_file_that_is_no_ber(tmp_path, capsys):
    for name, data in (("ber.txt", b"\x9d\n"), ("ber2.txt", b"\xff\xfe\x00"), ("empty.txt", b"")):
        path = tmp_path / name
        path.write_bytes(data)
        assert main(["spec", "import", str(path), "--out", str(tmp_path / "out.json")]) == 2
        _one_line(capsys, name)


# -- point 4: a name with control characters is not approved ----------------------------------------------------

def _with(value: str, rtype: str = "02", key: str = "naam_01") -> bytes:
    lines = FILE.split(b"\r\n")
    index = next(i for i, line in enumerate(lines) if line[:2] == rtype.encode())
    f = minimal.M.records[rtype][key]
    line = lines[index].decode()
    lines[index] = (line[:f.start - 1] + value.ljust(f.length)[:f.length] + line[f.end:]).encode()
    return b"\r\n".join(lines)


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\u202e", "\x07", "\x0b", "\x7f", "\x9b", "\u2066", "\u2028"])
@pytest.mark.parametrize("profile", ["gemeente", "vecozo"])
def test_a_name_with_a_control_character_is_a_field_error(char, profile):
    from jwgen.controle import receive

    outcome = receive(_with("Jan" + char + "sen"), profile=profile)
    assert outcome.exit_code == 1 and outcome.status != "approved"
    found = [(f.rule, f.key, f.retourcode) for f in outcome.findings]
    assert found == [("field.text", "naam_01", minimal.SPEC.field_code("02", "naam_01", "0001"))], found


def test_every_an_field_of_every_record_type_refuses_a_control_character():
    """The compiled check (one expression per record type) and the plain one both name the field."""
    from jwgen.controle._context import Context
    from jwgen.controle.record_checks import _field_findings, check_fields
    from jwgen.flatfile import scan
    from jwgen.flatfile._codec import codec_for

    spec = minimal.SPEC
    records = scan(FILE, spec.declaration).records
    ctx = Context(spec=spec, message=spec.declaration, profile="gemeente", role=spec.role("gemeente"),
                  voorloop=records[0], state=None)
    checked = 0
    for record in records:
        layout = spec.declaration.records[record.rtype]
        for f in layout.fields:
            if f.type != "AN" or f.kind == "filler" or f.start <= 2:
                continue
            line = record.line
            text = line[f.start - 1:f.start - 1 + f.length]
            changed = line[:f.start - 1] + ("\x1b" + text)[:f.length] + line[f.start - 1 + f.length:]
            broken = codec_for(layout).decode(changed, record.number)
            for found in (check_fields(ctx, broken), _field_findings(ctx, broken)):
                assert ("field.text", f.key) in [(x.rule, x.key) for x in found], (record.rtype, f.key, found)
            checked += 1
    assert checked > 20


def test_validate_a_name_with_escape_is_rejected_with_the_fields_code(tmp_path, capsys):
    path = tmp_path / "in.JW321.txt"
    path.write_bytes(_with("Jan\x1b]0;owned\x07sen"))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Jan\\x1b]0;owned\\x07sen" in out and "\x1b" not in out


# -- point 5: files jwgen must never touch ---------------------------------------------------------------------

def test_state_refuses_a_symbolic_link(tmp_path, jw321, capsys):
    target = tmp_path / "precious.txt"
    target.write_bytes(b"my notes\n")
    for link, to in ((tmp_path / "ledger.db", target), (tmp_path / "dangling.db", tmp_path / "nowhere.db")):
        link.symlink_to(to)
        assert main(["validate", str(jw321), "--state", str(link)]) == 2
        _one_line(capsys, "symbolic link")
    assert target.read_bytes() == b"my notes\n" and not (tmp_path / "nowhere.db").exists()


@pytest.mark.parametrize("option", ["--out", "--report"])
def test_validate_never_writes_over_its_own_input(tmp_path, jw321, capsys, option):
    report = jw321.with_name("in.csv")
    report.write_bytes(FILE)
    path = jw321 if option == "--out" else report
    assert main(["validate", str(path), option, str(path), "--force"]) == 2
    _one_line(capsys, "is the input")
    assert path.read_bytes() == FILE
    alias = tmp_path / "alias.JW321.txt"
    os.link(path, alias)  # the same file under another name
    assert main(["validate", str(alias), option, str(path), "--force"]) == 2
    _one_line(capsys, "is the input")
    assert path.read_bytes() == FILE


def test_validate_out_is_not_the_ledger(tmp_path, jw321, capsys):
    state = tmp_path / "ledger.db"
    assert main(["validate", str(jw321), "--state", str(state)]) == 0
    before = state.read_bytes()
    capsys.readouterr()
    assert main(["validate", str(jw321), "--state", str(state), "--out", str(state), "--force"]) == 2
    _one_line(capsys, "is the input")
    assert state.read_bytes() == before


def test_spec_import_never_writes_over_the_ber(tmp_path, capsys):
    ber = tmp_path / "ber.txt"
    ber.write_bytes(b"not a BER\n")
    assert main(["spec", "import", str(ber), "--out", str(ber), "--force"]) == 2
    _one_line(capsys, "is the input")
    assert ber.read_bytes() == b"not a BER\n"


def test_scenario_out_never_holds_its_scenario_file(tmp_path, capsys):
    folder = tmp_path / "work"
    folder.mkdir()
    scenario = folder / "s.yaml"
    scenario.write_text("name: s\ntitle: t\ndescription: d\nseed: 1\nsteps:\n  - name: one\n    description: d\n"
                        "    generate: {verzekerden: 1}\n    expect: approved\n", encoding="utf-8")
    assert main(["scenario", str(scenario), "--out", str(folder), "--force"]) == 2
    _one_line(capsys, "holds the input")
    assert scenario.exists()


def test_force_never_removes_the_current_folder_or_what_holds_it(tmp_path, monkeypatch, capsys):
    assert main(["generate", "--out", str(tmp_path / "set"), "--verzekerden", "1"]) == 0
    here = tmp_path / "set" / "sub"
    here.mkdir()
    monkeypatch.chdir(here)
    capsys.readouterr()
    for out in ("..", ".", str(tmp_path)):
        assert main(["generate", "--out", out, "--force", "--verzekerden", "1"]) == 2
        _one_line(capsys, "current folder")
    assert here.is_dir() and (tmp_path / "set" / "manifest.json").exists()


def test_force_replaces_only_a_folder_jwgen_wrote(tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"years of work")
    assert main(["generate", "--out", str(mine), "--force", "--verzekerden", "1"]) == 2
    _one_line(capsys, "not a folder jwgen wrote", "no jwgen manifest")
    assert (mine / "thesis.docx").read_bytes() == b"years of work"

    out = tmp_path / "set"
    assert main(["generate", "--out", str(out), "--verzekerden", "1"]) == 0
    assert main(["generate", "--out", str(out), "--force", "--verzekerden", "2"]) == 0  # jwgen's own: replaced
    (out / "notes.txt").write_text("mine")
    capsys.readouterr()
    assert main(["generate", "--out", str(out), "--force", "--verzekerden", "1"]) == 2
    _one_line(capsys, "not a folder jwgen wrote", "notes.txt")
    (out / "notes.txt").unlink()
    (out / "extra").mkdir()
    assert main(["generate", "--out", str(out), "--force", "--verzekerden", "1"]) == 2
    _one_line(capsys, "a folder extra")
    (out / "extra").rmdir()
    (out / "link").symlink_to(tmp_path)
    assert main(["generate", "--out", str(out), "--force", "--verzekerden", "1"]) == 2
    _one_line(capsys, "symbolic link")


@pytest.mark.parametrize("command", [["generate", "--all-defects"], ["generate", "-d", "bsn-invalid,wrong-dc"],
                                     ["scenario", "gemeente-vs-vecozo"], ["scenario", "monthly-cycle"],
                                     ["fuzz", "--count", "40", "--seed", "5", "--report"],
                                     ["fuzz", "--replay", "119472740583069"]])
def test_every_folder_jwgen_writes_is_recognised_as_its_own(tmp_path, capsys, command):
    out = tmp_path / "out"
    assert main([*command, "--out", str(out)]) == 0
    assert main([*command, "--out", str(out), "--force"]) == 0, capsys.readouterr().err


# -- point 6: the answer is not lost after the ledger committed --------------------------------------------------

KILLED_AT_RENAME = """
import os, signal, sys
import jwgen.output as output
real = output.StagedFile.publish
def publish(self):
    if str(self.path).endswith(".JW322.txt"):
        os.kill(os.getpid(), signal.SIGKILL)  # after the ledger's commit, before the rename
    real(self)
output.StagedFile.publish = publish
from jwgen.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_killed_between_the_commit_and_the_rename_the_next_run_puts_the_answer_in_place(tmp_path, jw321, capsys):
    import signal
    import sqlite3
    import subprocess
    import sys

    state, out = tmp_path / "ledger.db", tmp_path / "answer.JW322.txt"
    run = subprocess.run([sys.executable, "-c", KILLED_AT_RENAME, "validate", str(jw321), "--state", str(state),
                          "--out", str(out)], capture_output=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert not out.exists()
    clean = tmp_path / "clean"
    clean.mkdir()
    assert main(["validate", str(jw321), "--state", str(clean / "l.db"), "--out", str(clean / "a.JW322.txt")]) == 0
    capsys.readouterr()

    # The next run on the ledger (here: the same file sent again, which the ledger remembers) finishes first.
    assert main(["validate", str(jw321), "--state", str(state)]) == 1
    err = capsys.readouterr().err
    assert "put in place the JW322" in err and err.count("\n") == 1, err
    assert out.read_bytes() == (clean / "a.JW322.txt").read_bytes()
    assert sqlite3.connect(state).execute("SELECT COUNT(*) FROM answers").fetchone() == (0,)
    assert main(["validate", str(jw321), "--state", str(state)]) == 1
    assert capsys.readouterr().err == ""  # once


def test_a_kept_answer_never_goes_over_a_file(tmp_path, jw321, capsys):
    import sqlite3

    from jwgen.controle import Ledger

    state, out = tmp_path / "ledger.db", tmp_path / "answer.JW322.txt"
    with Ledger(state) as ledger:
        ledger.hold_answer(out, b"kept answer\r\n")
    out.write_bytes(b"the user's own")
    assert main(["validate", str(jw321), "--state", str(state)]) == 0
    assert out.read_bytes() == b"the user's own"
    assert sqlite3.connect(state).execute("SELECT COUNT(*) FROM answers").fetchone() == (0,)


def test_a_ledger_of_an_earlier_jwgen_gets_the_answers_table(tmp_path, jw321):
    import sqlite3

    from jwgen.controle.ledger import SCHEMA

    state = tmp_path / "old.db"
    db = sqlite3.connect(state)
    for statement in SCHEMA[:2]:  # lines and invoices, as before
        db.execute(statement)
    db.commit()
    db.close()
    assert main(["validate", str(jw321), "--state", str(state), "--out", str(tmp_path / "a.JW322.txt")]) == 0
    tables = {row[0] for row in sqlite3.connect(state).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"answers", "invoices", "lines"}


# -- point 7: compare X X agrees with itself -------------------------------------------------------------------

def _answers() -> list[bytes]:
    from jwgen.controle import receive
    from jwgen.fuzz.mutate import base_files

    return [receive(data, profile="gemeente").jw322 for data in base_files(minimal.SPEC)]


ANSWERS = _answers()


def test_compare_of_a_file_with_itself_agrees_whatever_its_problems():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    import random

    from jwgen.fuzz.compare import Unreadable, compare, read_answer
    from jwgen.fuzz.mutate import CHEAP, apply

    @settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(base=st.sampled_from(range(len(ANSWERS))), seed=st.integers(0, 2 ** 32 - 1),
           kinds=st.lists(st.sampled_from(CHEAP), min_size=1, max_size=3))
    def check(base, seed, kinds):
        data = apply(ANSWERS[base], kinds, random.Random(seed), minimal.SPEC.retour)
        try:
            read_answer(data)
        except Unreadable:
            return
        result = compare(data, data)
        assert result.agree, result.lines()

    check()


def test_compare_still_names_the_problems_only_the_actual_answer_has(tmp_path, capsys):
    from jwgen.fuzz.compare import compare

    good = ANSWERS[0]
    lf = good.replace(b"\r\n", b"\n")
    assert compare(lf, lf).agree
    result = compare(good, lf)
    assert not result.agree and result.differences and all("JW322" in d for d in result.differences)
    expected, actual = tmp_path / "e.txt", tmp_path / "a.txt"
    expected.write_bytes(lf)
    actual.write_bytes(lf)
    assert main(["compare", str(expected), str(actual)]) == 0
    assert main(["compare", str(expected), str(expected)]) == 0
    capsys.readouterr()


# -- point 9: --json is valid JSON under any locale --------------------------------------------------------------

@pytest.mark.parametrize("env", [{"LC_ALL": "POSIX", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
                                 {"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}])
def test_json_output_is_valid_json_under_any_locale(tmp_path, env):
    import json
    import subprocess
    import sys

    path = tmp_path / "in.JW321.txt"
    path.write_bytes(_with("Jöns€漢😀\x1b", key="naam_01"))
    environment = {key: value for key, value in os.environ.items() if key not in ("LC_ALL", "LANG", "PYTHONUTF8")}
    environment.update(env)
    for args in (["defects", "--json"], ["validate", "--json", str(path)]):
        run = subprocess.run([sys.executable, "-m", "jwgen.cli", *args], capture_output=True, env=environment,
                             timeout=120)
        assert run.returncode in (0, 1) and run.stderr == b"", (args, run.stderr)
        data = json.loads(run.stdout)
        if args[0] == "validate":
            assert any(f["value"].startswith("Jöns€漢😀\x1b") for f in data["findings"]), data["findings"]


def test_show_escapes_a_control_character_read_as_a_debet_credit():
    """The readable amount beside a raw one names its D/C as the file has it: a BEL there is escaped too."""
    from jwgen.show import render

    out = render(_with("\x07", rtype="06", key="dc_berekend_bedrag"))
    assert "\x07" not in out and "\\x07" in out
