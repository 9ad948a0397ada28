"""Issue 12, points 1 and 3: the ledger (--state) under damage, faults and concurrency.

Whatever the --state file holds, validate ends with one line and exit 2 when it cannot
be used; two runs on one ledger never both approve the same file.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading

import pytest

import minimal
from jwgen.cli import main
from jwgen.controle import Ledger, receive
from jwgen.controle.ledger import LedgerError

PYTHON = sys.executable
FILE = minimal.file()


def _validate(tmp_path, capsys, state, data: bytes = FILE) -> tuple[int, str]:
    source = tmp_path / "in.JW321.txt"
    source.write_bytes(data)
    code = main(["validate", str(source), "--state", str(state)])
    err = capsys.readouterr().err
    return code, err


def _one_line_refusal(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("jwgen: error: --state "), err
    assert "Traceback" not in err and "internal error" not in err
    for word in words:
        assert word in err, err


def _approved_ledger(tmp_path):
    state = tmp_path / "ledger.sqlite"
    with Ledger(state) as ledger:
        assert receive(FILE, ledger=ledger).status == "approved"
    return state


# -- what the file holds ------------------------------------------------------------------------

def test_a_file_that_is_not_a_database(tmp_path, capsys):
    state = tmp_path / "notes.txt"
    state.write_text("hello\n" * 200)
    _one_line_refusal(*_validate(tmp_path, capsys, state), "not a database")
    assert state.read_text() == "hello\n" * 200


@pytest.mark.parametrize("script", [
    "CREATE TABLE customers (id INTEGER, name TEXT)",
    "CREATE TABLE lines (x); CREATE TABLE invoices (y)",
    "CREATE TABLE lines (agb TEXT); CREATE TABLE invoices (agb TEXT); CREATE TABLE extra (z)",
])
def test_another_programs_database_is_refused_and_left_alone(tmp_path, capsys, script):
    state = tmp_path / "other.sqlite"
    db = sqlite3.connect(state)
    db.executescript(script)
    db.close()
    before = state.read_bytes()
    _one_line_refusal(*_validate(tmp_path, capsys, state), "not a jwgen ledger")
    assert state.read_bytes() == before


def test_corrupted_pages(tmp_path, capsys):
    state = _approved_ledger(tmp_path)
    data = bytearray(state.read_bytes())
    page = sqlite3.connect(state).execute("PRAGMA page_size").fetchone()[0]
    for i in range(page, len(data), 7):  # every page after the header page
        data[i] = 0xAB
    state.write_bytes(bytes(data))
    _one_line_refusal(*_validate(tmp_path, capsys, state), "malformed")


CREDIT = minimal.file(minimal.declaration(
    [minimal.verzekerde(prestaties=[minimal.prestatie(ref="C1", dc="C", ref_voorgaande="P1")])],
    factuurnummer="F2", month=2))


def _tamper(state, sql: str) -> None:
    db = sqlite3.connect(state)
    db.execute(sql)
    db.commit()
    db.close()


def test_a_damaged_schema_whose_error_message_is_not_utf8(tmp_path, capsys):
    """SQLite quotes the damaged schema text in its error; Python fails to decode that message
    (UnicodeDecodeError, not sqlite3.Error). Found by tests/robustness."""
    state = tmp_path / "ledger.sqlite"
    Ledger(state).close()
    data = bytearray(state.read_bytes())
    data[data.find(b"PRIMARY KEY (agb, rtype") + 10] = 0xC3
    state.write_bytes(bytes(data))
    _one_line_refusal(*_validate(tmp_path, capsys, state), "not UTF-8")


@pytest.mark.parametrize(("sql", "data", "words"), [
    ("UPDATE lines SET toegekend = 'abc'", CREDIT, ("damaged ledger row", "toegekend")),
    ("UPDATE lines SET status = 'maybe'", CREDIT, ("damaged ledger row", "status")),
    ("UPDATE lines SET bsn = 'x'", CREDIT, ("damaged ledger row", "bsn")),
    ("UPDATE lines SET children = x'00ff'", CREDIT, ("damaged ledger row", "children")),
    ("UPDATE invoices SET dagtekening = 'garbage'", FILE, ("damaged invoice row", "garbage")),
    ("UPDATE lines SET prestatie_key = CAST(x'c328' AS TEXT)", CREDIT, ("UTF-8",)),
])
def test_tampered_values(tmp_path, capsys, sql, data, words):
    state = _approved_ledger(tmp_path)
    code, err = _validate(tmp_path, capsys, state, CREDIT)
    assert code == 0, "untampered, the credit is approved"
    state.unlink()
    state = _approved_ledger(tmp_path)
    _tamper(state, sql)
    _one_line_refusal(*_validate(tmp_path, capsys, state, data), *words)


def test_tampered_child_lines_of_a_debet_give_a_rejection_not_a_crash(tmp_path, capsys):
    state = _approved_ledger(tmp_path)
    _tamper(state, "UPDATE lines SET children = 'ZZ' || substr(children, 3) WHERE rtype = '04'")
    code, err = _validate(tmp_path, capsys, state, CREDIT)
    assert code == 1 and err == "", err


def test_a_fifo_or_a_folder_as_ledger(tmp_path, capsys):
    fifo = tmp_path / "state.fifo"
    os.mkfifo(fifo)
    _one_line_refusal(*_validate(tmp_path, capsys, fifo), "not a regular file")
    _one_line_refusal(*_validate(tmp_path, capsys, tmp_path), "folder")


def test_a_ledger_in_a_missing_folder(tmp_path, capsys):
    _one_line_refusal(*_validate(tmp_path, capsys, tmp_path / "no" / "such" / "ledger.sqlite"), "unable to open")


# -- faults while recording ---------------------------------------------------------------------

class _FailingWrites:
    """A connection whose writes fail as on a read-only or full disk (root ignores file modes)."""

    def __init__(self, db: sqlite3.Connection, message: str) -> None:
        self._db, self._message = db, message

    def __getattr__(self, name):
        return getattr(self._db, name)

    def execute(self, sql, *args):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "COMMIT")):
            raise sqlite3.OperationalError(self._message)
        return self._db.execute(sql, *args)

    def executemany(self, sql, *args):
        raise sqlite3.OperationalError(self._message)


@pytest.mark.parametrize("message", ["attempt to write a readonly database", "database or disk is full"])
def test_read_only_or_full_disk_gives_one_line_and_leaves_no_answer(tmp_path, capsys, monkeypatch, message):
    state = tmp_path / "ledger.sqlite"
    Ledger(state).close()
    real_init = Ledger.__init__

    def failing_init(self, path=None):
        real_init(self, path)
        self.db = _FailingWrites(self.db, message)

    monkeypatch.setattr(Ledger, "__init__", failing_init)
    source, out = tmp_path / "in.JW321.txt", tmp_path / "out.JW322.txt"
    source.write_bytes(FILE)
    code = main(["validate", str(source), "--state", str(state), "--out", str(out)])
    err = capsys.readouterr().err
    _one_line_refusal(code, err, message)
    assert not out.exists() and not list(tmp_path.glob(".*jwgen-partial*"))
    monkeypatch.undo()
    code, err = _validate(tmp_path, capsys, state)
    assert code == 0, "nothing was recorded: the same file is still new"


@pytest.mark.parametrize("with_ledger", [True, False], ids=["ledger-cannot-grow", "answer-cannot-be-written"])
def test_a_full_disk_for_real(tmp_path, capsys, with_ledger):
    """RLIMIT_FSIZE makes writes past a size fail (EFBIG) as on a full disk: an empty ledger (20 kB) cannot
    grow, a JW322 (744 bytes) cannot be written past 512 bytes."""
    state, source, out = tmp_path / "ledger.sqlite", tmp_path / "in.JW321.txt", tmp_path / "out.JW322.txt"
    source.write_bytes(FILE)
    options = ["--state", str(state)] if with_ledger else []
    if with_ledger:
        Ledger(state).close()
    limit = state.stat().st_size if with_ledger else 512
    script = (f"import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
              "from jwgen.cli import main; sys.exit(main(sys.argv[1:]))")
    run = subprocess.run([PYTHON, "-c", script, "validate", str(source), *options, "--out", str(out)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2, run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr, run.stderr
    assert not out.exists() and not list(tmp_path.glob(".*jwgen-partial*"))
    if with_ledger:
        code, err = _validate(tmp_path, capsys, state)
        assert code == 0, "nothing was recorded: the same file is still new"


def test_a_ledger_held_too_long_by_another_run(tmp_path, monkeypatch):
    import jwgen.controle.ledger as ledger_module

    state = _approved_ledger(tmp_path)
    monkeypatch.setattr(ledger_module, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(state, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(LedgerError, match="another run has held it"):
            with Ledger(state) as ledger:
                receive(FILE, ledger=ledger)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# -- one ledger never approves twice ------------------------------------------------------------

def _status(code: int) -> str:
    return {0: "approved", 1: "rejected"}.get(code, f"exit {code}")


def test_two_processes_at_the_same_moment_approve_once(tmp_path):
    """8 rounds: two `jwgen validate F --state S` started together; exactly one is approved, the other
    gets 8067 (declaratie reeds ingediend)."""
    source = tmp_path / "in.JW321.txt"
    source.write_bytes(FILE)
    # Both processes import jwgen first and then wait for the same go signal (a file appearing), so
    # they reach the ledger within milliseconds of each other.
    script = ("import os, sys, time\nfrom jwgen.cli import main\ngo = sys.argv[1]\n"
              "while not os.path.exists(go): time.sleep(0.001)\nsys.exit(main(sys.argv[2:]))\n")
    for round_ in range(8):
        state, go = tmp_path / f"ledger-{round_}.sqlite", tmp_path / f"go-{round_}"
        runs = [subprocess.Popen([PYTHON, "-c", script, str(go), "validate", str(source), "--state", str(state),
                                  "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(2)]
        go.touch()
        results = [run.communicate(timeout=120) + (run.returncode,) for run in runs]
        assert sorted(_status(code) for _, _, code in results) == ["approved", "rejected"], results
        rejected = next(out for out, _, code in results if code == 1)
        assert '"8067"' in rejected


def test_eight_threads_on_one_ledger_file_approve_once(tmp_path):
    state = tmp_path / "ledger.sqlite"
    Ledger(state).close()
    barrier = threading.Barrier(8)
    outcomes = []

    def submit():
        with Ledger(state) as ledger:
            barrier.wait()
            outcomes.append(receive(FILE, ledger=ledger))

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(o.status for o in outcomes) == ["approved"] + ["rejected-file"] * 7
    assert all(o.voorloop_codes == ["8067"] for o in outcomes if o.status != "approved")
