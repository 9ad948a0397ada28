"""Column-wise screens: per record check, the lines of a file where it may find anything, found in one sweep.

A record check runs once per record; most find nothing in most files. A :class:`Screen` asks the same
question of the whole file at once (the distinct BSNs, the distinct receivers, the referentienummers as one
set) and answers with the line numbers the check may report: a superset of its findings, never fewer. The
receiver runs the check on those lines only, and not at all in a file whose screen is empty, which for a
clean file is every screen. A screen decides only which records are looked at; the check still decides the
finding, its retourcode and its text, so the answer is the same with and without screens
(tests/test_receiver_fast_path.py holds the receiver to the plain way, without screens, on every defect of the
catalogue, and tests/test_screens.py on files changed at random in the fields the checks read).

Only checks whose question a file answers more cheaply as a whole than record by record have one: in
CPython a sweep over 12,000 records costs about what a check called on each of them costs, so a screen
pays where it looks at one column through a set (BSN, receiver, referentienummer) or spares the check's
own dear part (the ledger, for a referentienummer), and does not where it compares each record with its
prestatie's (keys.link, dc.group, date.outside-prestatie: measured, no faster).

>>> from jwgen.controle import receive
>>> from jwgen.defects import broken_file
>>> sorted({f.rule for f in receive(broken_file(["bsn-invalid"])).findings})
['bsn.invalid']
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Callable, Iterable

from ..domain import RECEIVER
from ._context import Context
from .record_checks import _dc_keys, valid_bsn

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
    details = ctx.details
    bad = {bsn for bsn in {record.values.get("bsn") for record in details} if type(bsn) is int and not valid_bsn(bsn)}
    return _numbers(record for record in details if record.values.get("bsn") in bad) if bad else NONE


def _receiver_detail(ctx: Context) -> Lines:
    """A detail record naming another receiver (gemeentecode, UZOVI-nummer) than the voorlooprecord."""
    key = ctx.message.structure["receiver_key"]
    expected = ctx.voorloop.values.get(key)
    if type(expected) is not int:
        return NONE  # the check compares whole numbers only
    details = ctx.details
    if {record.values.get(key, expected) for record in details} <= {expected}:
        return NONE
    return _numbers(record for record in details if record.values.get(key, expected) != expected)


def _dc_mixed(ctx: Context) -> Lines:
    """A record whose D/C indicators (dc_...) hold both D and C."""
    found = []
    for rtype, records in ctx.by_type.items():
        keys = _dc_keys(ctx.message.records[rtype])
        if len(keys) < 2:
            continue
        get = itemgetter(*keys)
        found += [record for record in records if "C" in (marks := get(record.values)) and "D" in marks]
    return _numbers(found)


def _ref_not_unique(ctx: Context) -> Lines:
    """A referentienummer twice in the file (of one record type), or, at a receiver, one the ledger knows (its
    answers are preloaded for every line the file names)."""
    details, state = ctx.details, ctx.state
    asks_ledger = ctx.role == RECEIVER and not state.fresh
    known = state.known if asks_ledger else {}
    refs = [ref for record in details if type(ref := record.values.get("referentienummer")) is str and ref]
    if len(set(refs)) == len(refs) and not any(line is not None for line in known.values()):
        return NONE  # every referentienummer once, and none the ledger knows
    pairs = [(record, (record.rtype, ref)) for record in details
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
