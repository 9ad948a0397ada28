"""A record whose KENMERK RECORD (xx01) is wrong: which record it is, and the voorlooprecord it still is.

A line whose kenmerk is no record type of the standard ("XX", "00", spaces, an 03 in a GZ321) is answered
with retourcode 0002 on that line's xx01 (rule ``order.unknown-type``). Which xx01: the kenmerk is what is
wrong, so the rubriek is that of the record the line is: the record type of the standard whose layout the
rest of the line reads as with the fewest faults (:func:`faults`; the first such type in the layout's
order), as Vektis names its own test files (``N3_0201``: a verzekerdenrecord with kenmerk "00"). When the
line reads as no record type without a fault, a kenmerk of two digits names its own rubriek (``05`` -> 0501);
anything else (letters, spaces) the closest type's. A record whose kenmerk is a record type of the standard
but not its own (``N4_1601``: a zorgactiviteitrecord with kenmerk 17) is answered the same way
(:func:`misread`).

A first line whose kenmerk is wrong but whose CODE EXTERNE-INTEGRATIEBERICHT and versie (0102, 0103:
structure.json ``identified_by``) name the message is still its voorlooprecord (PORTES N3): the file gets an
answer, 0002 on 0101 and rejected; so is a voorlooprecord of the wrong length (its length problem answered).
STB 6.8.1's "no retourinformatie" is for a file without one, or a message that cannot be identified.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..model import Raw, Record
from ..spec import KENMERK_LENGTH, MessageLayout, RecordLayout, identifies, record_type
from ._codec import codec_for
from .errors import UnknownRecordType

#: A fixed value (0102 = 195, ...) that differs weighs as much as this many fields that do not parse.
FIXED_VALUE_WEIGHT = 10
#: A record misread (:func:`misread`) must fail its own type in this many fields: one broken field is a field
#: error of its record, not a wrong kenmerk.
MISREAD = 2
EMPTY = (None, "", 0)  # a field left empty, as the reader gives it (no date, no text, zeros)


def faults(line: str, rtype: str, message: MessageLayout) -> int:
    """How badly ``line`` reads as a record of type ``rtype`` (its kenmerk taken as ``rtype``): the fields that
    do not parse, mandatory fields left empty, reserves not empty; a fixed value that differs weighs more.
    0: it reads cleanly."""
    layout = message.records[rtype]
    values = codec_for(layout).decode(rtype + line[KENMERK_LENGTH:]).values
    count = 0
    for f in layout.fields[1:]:
        value = values[f.key]
        if f.value is not None:
            count += FIXED_VALUE_WEIGHT * (line[f.start - 1:f.end] != f.value)
        elif f.kind == "filler":  # a reserve: spaces
            count += bool(line[f.start - 1:f.end].strip())
        else:
            count += type(value) is Raw or (f.use == "M" and value in EMPTY)
    return count


@lru_cache(maxsize=64)
def _shape(layout: RecordLayout) -> tuple[tuple[int, int, str, bool, str | None], ...]:
    """(start, end, what, mandatory, fixed value) of each field after the kenmerk, for :func:`shape_faults`."""
    return tuple((f.start - 1, f.end, "fixed" if f.value is not None else "filler" if f.kind == "filler" else f.type,
                  f.use == "M", f.value) for f in layout.fields[1:])


def shape_faults(line: str, rtype: str, message: MessageLayout) -> int:
    """:func:`faults` from the characters alone, without reading the record (a number of digits, a date of
    digits, a reserve of spaces, a mandatory field not empty, a fixed value): quick, and 0 whenever
    :func:`faults` is 0, so it ranks the candidates and only those at 0 are read."""
    count = 0
    for start, end, what, mandatory, value in _shape(message.records[rtype]):
        text = line[start:end]
        if what == "N":
            count += not (text.isdigit() and text.isascii()) and not (not mandatory and text.isspace()) or \
                (mandatory and not text.strip("0"))
        elif what == "fixed":
            count += FIXED_VALUE_WEIGHT * (text != value)
        elif what == "filler" or mandatory:
            count += bool(text.strip()) if what == "filler" else not text.strip()
    return count


def likely_type(line: str, message: MessageLayout) -> tuple[str, int] | None:
    """(the record type ``line`` reads best as, its faults: 0 when it reads cleanly); None for a line not of the
    record length. The first type in the layout's order that reads cleanly, else the one of fewest
    :func:`shape_faults`."""
    if len(line) != message.record_length:
        return None
    shapes = {rtype: shape_faults(line, rtype, message) for rtype in message.records}
    clean = next((rtype for rtype, count in shapes.items() if count == 0 and faults(line, rtype, message) == 0), None)
    if clean is not None:
        return clean, 0
    best = min(shapes, key=shapes.__getitem__)
    return best, max(shapes[best], 1)


def kenmerk_rubriek(line: str, message: MessageLayout) -> str | None:
    """The xx01 a wrong kenmerk is answered on (see the module's text)."""
    kenmerk = record_type(line)
    likely = likely_type(line, message)
    if likely is not None and likely[1] == 0:
        return likely[0] + "01"
    if kenmerk.isdigit() and kenmerk.isascii() and len(kenmerk) == KENMERK_LENGTH:
        return kenmerk + "01"
    return likely[0] + "01" if likely is not None else None


def check_kenmerken(scan: Any, message: MessageLayout) -> None:
    """What a scan's lines say about their kenmerk: every unknown-record-type problem gets the rubriek its line
    is answered on, and a record whose kenmerk names another type than it is (:func:`misread`) is one more."""
    for problem in scan.problems:
        if isinstance(problem, UnknownRecordType) and problem.rubriek is None and problem.line is not None:
            problem.rubriek = kenmerk_rubriek(scan.lines[problem.line - 1], message)
    scan.problems.extend(misread(scan.records, message))


def misread(records: list[Record], message: MessageLayout) -> list[UnknownRecordType]:
    """Records whose kenmerk is a record type of the standard but not theirs (Vektis's N4_1601: a
    zorgactiviteitrecord with kenmerk 17): read as their kenmerk's type with at least :data:`MISREAD` faults,
    read cleanly as another type. The commentaarrecord is no candidate: its free text reads almost any line.
    Only records with a field that did not parse are looked at (a clean file costs one pass over a flag)."""
    comment = message.structure["comment"]
    out = []
    for record in [r for r in records if r.suspect and r.line is not None]:
        line = record.line
        if len(record.invalid) < MISREAD and faults(line, record.rtype, message) < MISREAD:
            continue
        fits = [rtype for rtype in message.records if rtype not in (record.rtype, comment)
                and shape_faults(line, rtype, message) == 0 and faults(line, rtype, message) == 0]
        if fits:
            names = message.structure.get("names", {})  # a retour message names none
            out.append(UnknownRecordType(f"kenmerk record {record.rtype!r} on a {names.get(fits[0], fits[0])}: the "
                                         f"record reads as a {fits[0]}, not as a {record.rtype}", line=record.number,
                                         position=1, rubriek=fits[0] + "01"))
    return out


def recover_voorloop(lines: list[str], records: list[Record], problems: list, message: MessageLayout) -> Record | None:
    """The voorlooprecord of a first line whose kenmerk is wrong but whose 0102/0103 identify ``message``: read
    as one (kenmerk 01, the text a retour repeats), put first in ``records`` instead of what line 1 was read
    as, with a 0002 problem on its 0101 in ``problems``. A voorlooprecord of the wrong length (reported as such
    by the reader) is read cut or padded to the record length. None when line 1 is a voorlooprecord already or
    does not identify the message."""
    voorloop_t = message.structure["voorloop"]
    if not lines or (records and records[0].number == 1 and records[0].rtype == voorloop_t):
        return None
    line = lines[0][:message.record_length].ljust(message.record_length)  # a length problem is reported already
    if not identifies(message, line):
        return None
    voorloop = codec_for(message.records[voorloop_t]).decode(voorloop_t + line[KENMERK_LENGTH:], 1)
    if record_type(line) == voorloop_t:  # only its length is wrong
        records.insert(0, voorloop)
        return voorloop
    records[:] = [voorloop] + [r for r in records if r.number != 1]
    rubriek = message.records[voorloop_t].fields[0].id
    for problem in problems:
        if isinstance(problem, UnknownRecordType) and problem.line == 1:
            problem.rubriek = rubriek
            break
    else:
        problems.insert(0, UnknownRecordType(f"kenmerk record {record_type(line)!r} on the voorlooprecord (0102/0103 "
                                             f"name a {message.name})", line=1, position=1, rubriek=rubriek))
    return voorloop
