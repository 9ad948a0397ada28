"""The receiver's memory across files, in SQLite.

Credit rules (STB 5.4.9) and invoice uniqueness need what the receiver saw
before: every referentienummer with its status and toegekend amount, the
original text of approved prestaties (a credit must copy its debet), and the
factuurnummers per AGB. One file's changes are collected in a :class:`FileState`
and written in one transaction at the end, so a crash in the middle of a file
leaves the ledger as it was.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import JwgenError

SCHEMA = """
CREATE TABLE IF NOT EXISTS lines (
    agb TEXT NOT NULL, rtype TEXT NOT NULL, ref TEXT NOT NULL,
    status TEXT NOT NULL,            -- approved | rejected
    dc TEXT NOT NULL, toegekend INTEGER NOT NULL,  -- signed eurocent
    bsn INTEGER, prestatie_key TEXT, begindatum TEXT, einddatum TEXT,
    text TEXT, children TEXT,        -- original 310-character lines of an 04 and of its records (LF-joined)
    credited INTEGER NOT NULL DEFAULT 0, factuurnummer TEXT,
    PRIMARY KEY (agb, rtype, ref)
);
CREATE TABLE IF NOT EXISTS invoices (
    agb TEXT NOT NULL, factuurnummer TEXT NOT NULL, dagtekening TEXT, status TEXT NOT NULL,
    PRIMARY KEY (agb, factuurnummer)
);
"""


@dataclass
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
        target = str(path) if path else ":memory:"
        try:
            self.db = sqlite3.connect(target)
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as error:
            raise JwgenError(f"--state {path}: not a jwgen ledger ({error})") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _line(self, row: tuple | None) -> Line | None:
        if row is None:
            return None
        (agb, rtype, ref, status, dc, toegekend, bsn, key, begin, end, text, children, credited, number) = row
        return Line(agb, rtype, ref, status, dc, toegekend, bsn, key, begin, end, text,
                    children.split("\n") if children else [], bool(credited), number)

    def line(self, agb: str, rtype: str, ref: str) -> Line | None:
        row = self.db.execute("SELECT * FROM lines WHERE agb=? AND rtype=? AND ref=?", (agb, rtype, ref)).fetchone()
        return self._line(row)

    def lines(self, agb: str, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], Line]:
        """Many lines in few queries: (rtype, ref) -> Line for those the ledger has."""
        found: dict[tuple[str, str], Line] = {}
        refs = sorted({ref for _, ref in pairs})
        for start in range(0, len(refs), 500):
            chunk = refs[start:start + 500]
            rows = self.db.execute(f"SELECT * FROM lines WHERE agb=? AND ref IN ({','.join('?' * len(chunk))})",
                                   (agb, *chunk)).fetchall()
            for row in rows:
                line = self._line(row)
                found[(line.rtype, line.ref)] = line
        return found

    def active_debet(self, agb: str, bsn: int, prestatie_key: str) -> Line | None:
        row = self.db.execute(
            "SELECT * FROM lines WHERE agb=? AND rtype='04' AND bsn=? AND prestatie_key=? AND dc='D' "
            "AND status='approved' AND credited=0 ORDER BY ref LIMIT 1", (agb, bsn, prestatie_key)).fetchone()
        return self._line(row)

    def invoice(self, agb: str, factuurnummer: str) -> str | None:
        """The dagtekening (ISO date) of an earlier invoice with this number, or None."""
        row = self.db.execute("SELECT dagtekening FROM invoices WHERE agb=? AND factuurnummer=?",
                              (agb, factuurnummer)).fetchone()
        return None if row is None else (row[0] or "")

    def apply(self, state: "FileState") -> None:
        """Write one file's changes in a single transaction."""
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO lines VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(line.agb, line.rtype, line.ref, line.status, line.dc, line.toegekend, line.bsn,
                  line.prestatie_key, line.begindatum, line.einddatum, line.text,
                  "\n".join(line.children) or None, int(line.credited), line.factuurnummer)
                 for line in state.lines.values()])
            self.db.executemany("UPDATE lines SET credited=1 WHERE agb=? AND rtype='04' AND ref=?",
                                sorted(state.credited))
            if state.invoice is not None:
                self.db.execute("INSERT OR REPLACE INTO invoices VALUES (?,?,?,?)", state.invoice)


class FileState:
    """One file's view: the ledger plus what this file has added so far."""

    def __init__(self, ledger: Ledger, agb: str) -> None:
        self.ledger = ledger
        self.agb = agb
        self.lines: dict[tuple[str, str], Line] = {}
        self.debets: dict[tuple[int | None, str | None], list[Line]] = {}  # approved 04 debets of this file
        self.credited: set[tuple[str, str]] = set()
        self.invoice: tuple[str, str, str, str] | None = None
        self.known: dict[tuple[str, str], Line | None] = {}  # preloaded answers of the ledger

    def preload(self, pairs: list[tuple[str, str]]) -> None:
        """Ask the ledger once for every line this file mentions, instead of once per line."""
        found = self.ledger.lines(self.agb, pairs)
        for pair in pairs:
            self.known[pair] = found.get(pair)

    def line(self, rtype: str, ref: str) -> Line | None:
        line = self.lines.get((rtype, ref))
        if line is None:
            key = (rtype, ref)
            line = self.known[key] if key in self.known else self.ledger.line(self.agb, rtype, ref)
        if line is not None and (self.agb, ref) in self.credited and rtype == "04":
            line.credited = True
        return line

    def active_debet(self, bsn: int, prestatie_key: str) -> Line | None:
        for line in self.debets.get((bsn, prestatie_key), ()):
            if not line.credited and (self.agb, line.ref) not in self.credited:
                return line
        line = self.ledger.active_debet(self.agb, bsn, prestatie_key)
        if line is not None and (self.agb, line.ref) in self.credited:
            return None
        return line

    def add(self, line: Line) -> None:
        """Remember a line; a referentienummer already known keeps its first meaning (a later line
        reusing it is rejected with 8021 and must not overwrite an approved one)."""
        if self.line(line.rtype, line.ref) is None:
            self.lines[(line.rtype, line.ref)] = line
            if line.rtype == "04" and line.dc == "D" and line.status == "approved":
                self.debets.setdefault((line.bsn, line.prestatie_key), []).append(line)

    def mark_credited(self, ref: str) -> None:
        self.credited.add((self.agb, ref))
        line = self.lines.get(("04", ref))
        if line is not None:
            line.credited = True

    def commit(self) -> None:
        self.ledger.apply(self)
