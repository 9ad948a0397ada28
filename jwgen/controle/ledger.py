"""The receiver's memory across files, in SQLite.

Credit rules (STB 5.4.9) and invoice uniqueness need what the receiver saw
before: every referentienummer with its status and toegekend amount, the
original text of approved prestaties (a credit must copy its debet), and the
factuurnummers per AGB. One file's changes are collected in a :class:`FileState`.

A file is received inside one write transaction (:meth:`Ledger.transaction`,
``BEGIN IMMEDIATE``): the checks read and the changes are written under the same
write lock, so two runs that receive the same file on one ledger at the same
moment are served one after the other (the second sees the first's invoice), and
a crash in the middle of a file leaves the ledger as it was. The file's JW322 is
kept in the same transaction until it is in place (:meth:`Ledger.hold_answer`), so
the memory and the answer never part: a run stopped after the commit leaves the
answer in the ledger, and the next run that opens it puts it in place.

Whatever the file at ``path`` holds, errors are one line (:class:`LedgerError`,
exit 2): not a database, another program's database, a damaged page or row, a
read-only or full disk, a ledger held by another run for too long.
"""
from __future__ import annotations

import sqlite3
import stat
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from ..domain import LINE_APPROVED, LINE_STATUSES
from ..errors import JwgenError

SCHEMA = ("""
CREATE TABLE IF NOT EXISTS lines (
    agb TEXT NOT NULL, rtype TEXT NOT NULL, ref TEXT NOT NULL,
    status TEXT NOT NULL,            -- approved | rejected
    dc TEXT NOT NULL, toegekend INTEGER NOT NULL,  -- signed eurocent
    bsn INTEGER, prestatie_key TEXT, begindatum TEXT, einddatum TEXT,
    text TEXT, children TEXT,        -- original 310-character lines of an 04 and of its records (LF-joined)
    credited INTEGER NOT NULL DEFAULT 0, factuurnummer TEXT,
    PRIMARY KEY (agb, rtype, ref)
)""", """
CREATE TABLE IF NOT EXISTS invoices (
    agb TEXT NOT NULL, factuurnummer TEXT NOT NULL, dagtekening TEXT, status TEXT NOT NULL,
    PRIMARY KEY (agb, factuurnummer)
)""", """
CREATE TABLE IF NOT EXISTS answers (
    path TEXT NOT NULL PRIMARY KEY,  -- absolute path of a JW322 recorded with its file, not yet in place
    answer BLOB NOT NULL
)""")
TABLES = ("answers", "invoices", "lines")
ADDED = ("answers",)  # tables a ledger of an earlier jwgen lacks: made when it is opened
BUSY_SECONDS = 60.0  # how long a run waits for another run that holds the ledger


class LedgerError(JwgenError):
    """The --state file cannot be used as the receiver's memory."""


@dataclass(slots=True)
class Line:
    agb: str
    rtype: str
    ref: str
    status: str
    dc: str
    toegekend: int
    bsn: int | None = None
    prestatie_key: str | None = None
    begindatum: str | None = None
    einddatum: str | None = None
    text: str | None = None
    children: list[str] = field(default_factory=list)
    credited: bool = False
    factuurnummer: str | None = None


class Ledger:
    def __init__(self, path: str | Path | None = None) -> None:
        self.path = path
        self._depth = 0
        target = str(path) if path else ":memory:"
        if path:
            _refuse_special(Path(path))
        try:
            self.db = sqlite3.connect(target, timeout=BUSY_SECONDS, isolation_level=None)
        except sqlite3.Error as error:
            raise self._error(error) from None
        try:
            if not path:  # a new in-memory database is empty and nobody else's: just make the tables
                with self._guard():
                    for statement in SCHEMA:
                        self.db.execute(statement)
                return
            with self.transaction(), self._guard():  # two runs opening one new ledger: one creates it
                self._open_schema()
        except LedgerError:
            self.db.close()
            raise

    def _error(self, error: sqlite3.Error, doing: str = "") -> LedgerError:
        text = str(error) or type(error).__name__
        if "locked" in text or "busy" in text:
            text = f"{text}: another run has held it for more than {BUSY_SECONDS:g} s"
        return LedgerError(f"{self._name}: {doing}{text}")

    @property
    def _name(self) -> str:
        return f"--state {self.path}" if self.path else "ledger"

    @contextmanager
    def _guard(self, doing: str = "") -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise self._error(error, doing) from None
        except UnicodeDecodeError:  # a damaged page turned text into bytes that are not UTF-8
            raise self._error(sqlite3.DatabaseError("damaged: a text value is not UTF-8"), doing) from None

    def _open_schema(self) -> None:
        """Create the tables in an empty database; refuse any other database than a jwgen ledger."""
        tables = sorted(row[0] for row in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"))
        if not tables:
            for statement in SCHEMA:
                self.db.execute(statement)
            return
        expected = _schema_of(SCHEMA)
        if tables == sorted(set(TABLES) - set(ADDED)):  # a ledger of an earlier jwgen
            for statement in SCHEMA:
                self.db.execute(statement)
            tables = list(TABLES)
        if tables != list(TABLES):
            why = f"tables {', '.join(tables)}"
        elif any(_columns(self.db, t) != expected[t] for t in TABLES):
            why = "its tables have other columns than jwgen's"
        else:
            return
        raise LedgerError(f"{self._name}: an SQLite database, but not a jwgen ledger ({why}); "
                          "give a new file name or a ledger jwgen wrote")

    @contextmanager
    def transaction(self) -> Iterator["Ledger"]:
        """One write transaction (``BEGIN IMMEDIATE``): committed at the end, rolled back on any error.
        Nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        with self._guard("cannot start a transaction: "):
            self.db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self._rollback()
            raise
        self._depth = 0
        try:
            with self._guard("cannot record this file: "):
                self.db.execute("COMMIT")
        except LedgerError:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.db.in_transaction:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite rolls back itself when the connection closes

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: tuple) -> list[tuple]:
        with self._guard("cannot read it: "):
            return self.db.execute(sql, params).fetchall()

    def _line(self, row: tuple | None) -> Line | None:
        if row is None:
            return None
        problem = _damaged(row)
        if problem:
            raise LedgerError(f"{self._name}: damaged ledger row {row[:3]!r}: {problem}")
        (agb, rtype, ref, status, dc, toegekend, bsn, key, begin, end, text, children, credited, number) = row
        return Line(agb, rtype, ref, status, dc, toegekend, bsn, key, begin, end, text,
                    children.split("\n") if children else [], bool(credited), number)

    def line(self, agb: str, rtype: str, ref: str) -> Line | None:
        rows = self._rows("SELECT * FROM lines WHERE agb=? AND rtype=? AND ref=?", (agb, rtype, ref))
        return self._line(rows[0] if rows else None)

    def lines(self, agb: str, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], Line]:
        """Many lines in few queries: (rtype, ref) -> Line for those the ledger has."""
        found: dict[tuple[str, str], Line] = {}
        refs = sorted({ref for _, ref in pairs})
        for start in range(0, len(refs), 500):
            chunk = refs[start:start + 500]
            rows = self._rows(f"SELECT * FROM lines WHERE agb=? AND ref IN ({','.join('?' * len(chunk))})",
                              (agb, *chunk))
            for row in rows:
                line = self._line(row)
                found[(line.rtype, line.ref)] = line
        return found

    def has_lines(self, agb: str) -> bool:
        """Has this AGB code any line in the ledger (else no earlier line needs to be looked up)?"""
        return bool(self._rows("SELECT 1 FROM lines WHERE agb=? LIMIT 1", (agb,)))

    def active_debet(self, agb: str, rtype: str, bsn: int, prestatie_key: str) -> Line | None:
        rows = self._rows(
            "SELECT * FROM lines WHERE agb=? AND rtype=? AND bsn=? AND prestatie_key=? AND dc='D' "
            "AND status=? AND credited=0 ORDER BY ref LIMIT 1", (agb, rtype, bsn, prestatie_key, LINE_APPROVED))
        return self._line(rows[0] if rows else None)

    def invoice(self, agb: str, factuurnummer: str) -> str | None:
        """The dagtekening (ISO date) of an earlier invoice with this number, or None."""
        rows = self._rows("SELECT dagtekening FROM invoices WHERE agb=? AND factuurnummer=?", (agb, factuurnummer))
        if not rows:
            return None
        day = rows[0][0]
        if day not in (None, "") and not _is_iso_date(day):
            raise LedgerError(f"{self._name}: damaged invoice row {(agb, factuurnummer)!r}: "
                              f"dagtekening {day!r} is not a date")
        return day or ""

    def apply(self, state: "FileState") -> None:
        """Write one file's changes (in the file's transaction, or in one of its own)."""
        with self.transaction(), self._guard("cannot record this file: "):
            self.db.executemany(
                "INSERT OR REPLACE INTO lines VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(line.agb, line.rtype, line.ref, line.status, line.dc, line.toegekend, line.bsn,
                  line.prestatie_key, line.begindatum, line.einddatum, line.text,
                  "\n".join(line.children) or None, int(line.credited), line.factuurnummer)
                 for line in state.lines.values()])
            self.db.executemany("UPDATE lines SET credited=1 WHERE agb=? AND rtype=? AND ref=?",
                                [(agb, state.prestatie_type, ref) for agb, ref in sorted(state.credited)])
            if state.invoice is not None:
                self.db.execute("INSERT OR REPLACE INTO invoices VALUES (?,?,?,?)", state.invoice)


    # -- the answer kept with the file it answers ------------------------------------------------------------
    # A JW322 is renamed into place after the ledger commits. Killed in between, the ledger would remember an
    # approved file that has no answer (and a resent file gets 8067). So the answer is kept in the ledger in the
    # file's own transaction (hold_answer), dropped once it is in place (answer_placed), and a run that opens the
    # ledger puts a kept answer in place first (finish_answers).

    def hold_answer(self, path: str | Path, answer: bytes) -> None:
        """Keep ``answer`` for ``path`` (absolute), in the file's transaction."""
        with self.transaction(), self._guard("cannot record this file: "):
            self.db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (os.path.abspath(path), answer))

    def answer_placed(self, path: str | Path) -> None:
        with self.transaction(), self._guard("cannot record this file: "):
            self.db.execute("DELETE FROM answers WHERE path=?", (os.path.abspath(path),))

    def finish_answers(self) -> list[str]:
        """Put in place every answer an earlier run recorded but did not rename into place (it was stopped); returns
        their paths. An answer goes only where nothing is (never over a file, never through a link, never into a
        folder that is gone): then it is dropped, as the file there is the user's."""
        from ..output import write_file

        rows = self._rows("SELECT path, answer FROM answers ORDER BY path", ())
        placed = []
        for path, answer in rows:
            if not isinstance(path, str) or not isinstance(answer, bytes) or not os.path.isabs(path):
                raise LedgerError(f"{self._name}: damaged answers row {str(path)[:80]!r}")
            if not os.path.lexists(path) and os.path.isdir(os.path.dirname(path)):
                try:
                    write_file(path, answer)
                except JwgenError:
                    continue  # cannot be written now (a read-only folder): kept for a later run
                placed.append(path)
            self.answer_placed(path)
        return placed


_SCRATCH = threading.local()


def scratch_ledger() -> Ledger:
    """The in-memory ledger of a file received without one: nobody keeps its changes, so none are written
    (``FileState(durable=False)``) and it stays empty; one per thread and process, opened once instead of per
    file (a forked worker opens its own: an SQLite connection must not cross a fork)."""
    owner, ledger = getattr(_SCRATCH, "ledger", (None, None))
    if ledger is None or owner != os.getpid():
        ledger = Ledger()
        _SCRATCH.ledger = (os.getpid(), ledger)
    return ledger


def _refuse_special(path: Path) -> None:
    """Only a regular file (or none yet) can be a ledger: a FIFO or a device would block or be destroyed, and a
    symbolic link is never followed (its target, whatever it is, would become a ledger), as ``--out`` refuses one."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise LedgerError(f"--state {path}: {error.strerror or error}") from None
    if stat.S_ISLNK(mode):
        raise LedgerError(f"--state {path} is a symbolic link; jwgen never follows one: give the ledger's own path")
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise LedgerError(f"--state {path} is {kind}; give a file name for the ledger")


def _schema_of(statements: tuple[str, ...]) -> dict[str, list[tuple]]:
    db = sqlite3.connect(":memory:")
    try:
        for statement in statements:
            db.execute(statement)
        return {table: _columns(db, table) for table in TABLES}
    finally:
        db.close()


def _columns(db: sqlite3.Connection, table: str) -> list[tuple]:
    return [tuple(row[1:]) for row in db.execute(f"PRAGMA table_info({table})")]


def _is_iso_date(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _damaged(row: tuple) -> str | None:
    """Why a row of ``lines`` cannot be what jwgen wrote, or None."""
    if len(row) != 14:
        return f"{len(row)} columns"
    agb, rtype, ref, status, dc, toegekend, bsn, key, begin, end, text, children, credited, number = row
    for name, value in (("agb", agb), ("rtype", rtype), ("ref", ref)):
        if not isinstance(value, str):
            return f"{name} is {value!r}"
    if status not in LINE_STATUSES:
        return f"status is {status!r}"
    if dc not in ("D", "C"):
        return f"dc is {dc!r}"
    if type(toegekend) is not int:
        return f"toegekend is {toegekend!r}"
    if bsn is not None and type(bsn) is not int:
        return f"bsn is {bsn!r}"
    for name, value in (("prestatie_key", key), ("begindatum", begin), ("einddatum", end), ("text", text),
                        ("children", children), ("factuurnummer", number)):
        if value is not None and not isinstance(value, str):
            return f"{name} is {value!r}"
    if credited not in (0, 1):
        return f"credited is {credited!r}"
    return None


class FileState:
    """One file's view: the ledger plus what this file has added so far."""

    def __init__(self, ledger: Ledger, agb: str, prestatie_type: str, durable: bool = True) -> None:
        self.ledger = ledger
        self.durable = durable  # False: the ledger is thrown away after this file, commit writes nothing
        self.fresh = False  # set by preload: the ledger has no line of this AGB, nothing to look up
        self.agb = agb
        self.prestatie_type = prestatie_type  # the prestatierecord's type (structure.json): credits name these lines
        self.lines: dict[tuple[str, str], Line] = {}
        self.debets: dict[tuple[int | None, str | None], list[Line]] = {}  # approved 04 debets of this file
        self.debet_bsns: set[int | None] = set()  # the BSNs of those debets
        self.credited: set[tuple[str, str]] = set()
        self.invoice: tuple[str, str, str, str] | None = None
        self.known: dict[tuple[str, str], Line | None] = {}  # preloaded answers of the ledger

    def preload(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Ask the ledger once for every line this file mentions, instead of once per line; a ledger without
        lines of the AGB is asked nothing more (and ``pairs`` is not gone through)."""
        self.fresh = not self.ledger.has_lines(self.agb)
        if self.fresh:
            return  # line() answers None for what neither this file nor the ledger has
        pairs = list(pairs)
        found = self.ledger.lines(self.agb, pairs)
        for pair in pairs:
            self.known[pair] = found.get(pair)

    def _lookup(self, rtype: str, ref: str) -> Line | None:
        """The line as this file so far or the ledger knows it (preloaded answers first)."""
        key = (rtype, ref)
        line = self.lines.get(key)
        if line is None:
            line = self.known[key] if key in self.known else None if self.fresh else \
                self.ledger.line(self.agb, rtype, ref)
        return line

    def line(self, rtype: str, ref: str) -> Line | None:
        line = self._lookup(rtype, ref)
        if line is not None and (self.agb, ref) in self.credited and rtype == self.prestatie_type:
            line.credited = True
        return line

    def may_hold_debet(self, bsn: int) -> bool:
        """False when neither this file so far nor the ledger holds an approved debet of this BSN: then
        ``active_debet`` answers None for any prestatie of it, and its key need not be made."""
        return not self.fresh or bsn in self.debet_bsns

    def active_debet(self, bsn: int, prestatie_key: str) -> Line | None:
        for line in self.debets.get((bsn, prestatie_key), ()):
            if not line.credited and (self.agb, line.ref) not in self.credited:
                return line
        if self.fresh:
            return None
        line = self.ledger.active_debet(self.agb, self.prestatie_type, bsn, prestatie_key)
        if line is not None and (self.agb, line.ref) in self.credited:
            return None
        return line

    def has_line(self, rtype: str, ref: str) -> bool:
        """Is this line known, from this file so far or from the ledger? (``line`` is not None, without marking
        it credited.)"""
        return self._lookup(rtype, ref) is not None

    def add(self, line: Line) -> None:
        """Remember a line; a referentienummer already known keeps its first meaning (a later line
        reusing it is rejected with 8021 and must not overwrite an approved one)."""
        key = (line.rtype, line.ref)
        if key in self.lines or (not self.fresh and self._lookup(line.rtype, line.ref) is not None):
            return  # has_line, without its calls for a ledger that has nothing of the AGB (fresh: only this file)
        self.lines[key] = line
        if line.rtype == self.prestatie_type and line.dc == "D" and line.status == LINE_APPROVED:
            self.debets.setdefault((line.bsn, line.prestatie_key), []).append(line)
            self.debet_bsns.add(line.bsn)

    def mark_credited(self, ref: str) -> None:
        self.credited.add((self.agb, ref))
        line = self.lines.get((self.prestatie_type, ref))
        if line is not None:
            line.credited = True

    def commit(self) -> None:
        if self.durable:
            self.ledger.apply(self)
