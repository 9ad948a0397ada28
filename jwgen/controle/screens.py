"""Column-wise screens: per record check, the lines of a file where it may find anything, found in one sweep.

A record check runs once per record; most find nothing in most files. A :class:`Screen` asks the same
question of the whole file at once, of the columns one sweep over the records gathered (``Context.columns``:
the distinct BSNs, the distinct receivers, the referentienummers, the records whose D/C indicators disagree),
and answers with the line numbers the check may report: a superset of its findings, never fewer. The
receiver runs the check on those lines only, and not at all in a file whose screen is empty, which for a
clean file is every screen. A screen decides only which records are looked at; the check still decides the
finding, its retourcode and its text, so the answer is the same with and without screens
(tests/test_receiver_fast_path.py holds the receiver to the plain way, without screens, on every defect of the
catalogue, and tests/test_screens.py on files changed at random in the fields the checks read).

Only checks whose question a file answers more cheaply as a whole than record by record have one: in
CPython a pass over 12,000 records costs about what a check called on each of them costs (reaching the
records' values is most of either), so a screen pays where the one shared sweep can gather its column and
a set answers it (BSN, receiver, referentienummer, D/C), and does not where it compares each record with its
prestatie's (keys.link, dc.group, date.outside-prestatie: measured, no faster as passes of their own).

>>> from jwgen.controle import receive
>>> from jwgen.defects import broken_file
>>> sorted({f.rule for f in receive(broken_file(["bsn-invalid"])).findings})
['bsn.invalid']
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..domain import RECEIVER
from ._context import Context
from .record_checks import valid_bsn

Lines = frozenset  # line numbers of a file
NONE: Lines = frozenset()


@dataclass(frozen=True, eq=False)
class Screen:
    """``lines(ctx)``: the line numbers of this file where the check may find anything (a superset)."""

    lines: Callable[[Context], Lines]
    name: str = ""

    def __repr__(self) -> str:
        return f"Screen({self.name})"


def _numbers(records: Iterable) -> Lines:
    return frozenset(record.number for record in records)


def _bsn_invalid(ctx: Context) -> Lines:
    """BSNs failing the 11-proef: each distinct BSN of the file judged once."""
    bad = {bsn for bsn in ctx.columns.bsns if type(bsn) is int and not valid_bsn(bsn)}
    return _numbers(record for record in ctx.details if record.values.get("bsn") in bad) if bad else NONE


def _receiver_detail(ctx: Context) -> Lines:
    """A detail record naming another receiver (gemeentecode, UZOVI-nummer) than the voorlooprecord."""
    key = ctx.message.structure["receiver_key"]
    expected = ctx.voorloop.values.get(key)
    if type(expected) is not int:
        return NONE  # the check compares whole numbers only
    if ctx.columns.receivers <= {expected, None}:
        return NONE  # every detail record names the voorlooprecord's receiver (None: a type without the field)
    return _numbers(record for record in ctx.details if record.values.get(key, expected) != expected)


def _dc_mixed(ctx: Context) -> Lines:
    """A record whose D/C indicators (dc_...) hold both D and C."""
    return ctx.columns.mixed_dc


def _ref_not_unique(ctx: Context) -> Lines:
    """A referentienummer twice in the file (of one record type), or, at a receiver, one the ledger knows (its
    answers are preloaded for every line the file names)."""
    state = ctx.state
    known = state.known if ctx.role == RECEIVER and not state.fresh else {}
    refs = ctx.columns.refs
    if len(set(refs)) == len(refs) and not any(line is not None for line in known.values()):
        return NONE  # every referentienummer once, and none the ledger knows
    pairs = [(record, (record.rtype, ref)) for record in ctx.details
             if type(ref := record.values.get("referentienummer")) is str and ref]
    seen: set = set()
    twice: set = set()
    for _, pair in pairs:
        if pair in seen:
            twice.add(pair)
        seen.add(pair)
    return _numbers(record for record, pair in pairs if pair in twice or known.get(pair) is not None)


bsn_invalid = Screen(_bsn_invalid, "bsn_invalid")
receiver_detail = Screen(_receiver_detail, "receiver_detail")
dc_mixed = Screen(_dc_mixed, "dc_mixed")
ref_not_unique = Screen(_ref_not_unique, "ref_not_unique")
