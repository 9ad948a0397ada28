"""Read Vektis EI flat files: bytes -> lines -> records -> declaration tree.

``scan`` is tolerant: it reports every physical problem (BOM, encoding, line
endings, record length, size) with its line and keeps going, so the receiver can
answer any file. ``read`` is strict: the first problem raises a typed error.

Reading is bounded: a file over the byte limit is not decoded beyond its first
line, and the lines are counted before any per-line object is built, so a file
over the record limit (say 5 MB of bare LF) is refused having decoded only its
first and last line. The receiver still answers it from its voorlooprecord.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from ..gc_pause import paused_gc
from ..model import Declaration, Record
from ..spec import BOM as BOM_BYTES, KENMERK_LENGTH, MessageLayout, RecordLayout, TextForm, record_type
from ._codec import codec_for
from .assemble import assemble
from .kenmerk import check_kenmerken
from .errors import (ByteOrderMark, FieldFormat, LineEnding, NotEncoded, ReadError, RecordLength,
                     TooLarge, UnknownRecordType)

_LINE = re.compile(r"(\r\n|\r|\n)")
_FIRST_BREAK = re.compile(rb"[\r\n]")
Limits = tuple  # (max_bytes, max_records); None for no limit


@dataclass
class Scan:
    """What the bytes hold, before any check of meaning."""

    lines: list[str] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)  # one per line of the right length and known type
    problems: list[ReadError] = field(default_factory=list)
    size: int = 0
    count: int = 0  # lines in the file (counted, even when a refused file keeps only its first and last)

    @property
    def ok(self) -> bool:
        return not self.problems


def _decode_text(data: bytes, scan: Scan, form: TextForm) -> str:
    """The text of the bytes in ``form``'s character set; a byte it does not have and a byte order mark are
    reported (in that order), and read on as the replacement character and nothing."""
    bom = data.startswith(BOM_BYTES)
    offset = len(BOM_BYTES) if bom else 0
    body = data[offset:] if bom else data  # no copy of a file without BOM
    try:
        text = body.decode(form.codec)
    except UnicodeDecodeError as error:
        at = error.start + offset
        line = data.count(b"\n", 0, at) + 1
        column = at - (data.rfind(b"\n", 0, at) + 1) + 1
        scan.problems.append(NotEncoded(f"byte 0x{data[at]:02X} is not {form.label}{_hint(data, at, form)}",
                                        line=line, position=column))
        text = body.decode(form.codec, errors="replace")
    if bom:
        scan.problems.append(ByteOrderMark(f"file starts with a UTF-8 byte order mark (EF BB BF); this receiver reads "
                                           f"{form.describe()}, without BOM", line=1, position=1))
    return text


def _hint(data: bytes, at: int, form: TextForm) -> str:
    """Why a byte is not in the receiver's character set, when another set explains it."""
    if form.encoding == "utf-8":
        try:
            return f" (in Windows-1252 it is {bytes([data[at]]).decode('cp1252')!r}: a Windows-1252 file read as UTF-8)"
        except UnicodeDecodeError:
            return ""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    return " (the file is UTF-8)"


def _byte_length(line: str) -> int:
    return len(line) if line.isascii() else len(line.encode("utf-8"))


def _by_bytes(line: str, layout: RecordLayout) -> str:
    """The record a receiver counting UTF-8 bytes reads in a line of the right number of bytes: each field its
    bytes' text, padded to the field's width (a character cut by a field's edge reads as the replacement
    character)."""
    raw = line.encode("utf-8")
    return "".join(raw[f.start - 1:f.start - 1 + f.length].decode("utf-8", errors="replace").ljust(f.length)
                   for f in layout.fields)


def _length_hint(line: str, length: int, form: TextForm) -> str:
    """Why a line of another length may be one, read otherwise: padded by UTF-8 bytes, or UTF-8 read one byte
    at a time."""
    if line.isascii():
        return ""
    if form.encoding == "utf-8" and _byte_length(line) == length:
        return (f" (it is {length} bytes in UTF-8: padded by bytes, where this receiver counts positions in "
                f"characters)")
    if form.single_byte:
        try:
            text = line.encode(form.codec).decode("utf-8")
        except UnicodeError:
            return ""
        if len(text) == length:
            return f" (it is {length} characters in UTF-8: a UTF-8 file, read as {form.label})"
    return ""


def _each(wide: str) -> str:
    """What takes more than one byte.

    >>> print(_each("ö")); print(_each("öé"))
    'ö' takes more than one byte
    'ö', 'é' take more than one byte each
    """
    if len(wide) == 1:
        return f"{wide!r} takes more than one byte"
    return f"{', '.join(map(repr, wide))} take more than one byte each"


def _byte_count_problem(line: str, size: int, length: int, number: int) -> RecordLength:
    wide = "".join(dict.fromkeys(c for c in line if not c.isascii()))
    return RecordLength(f"record has {size} bytes ({len(line)} characters), expected {length}: this receiver counts "
                        f"positions in bytes, and in UTF-8 {_each(wide)}", line=number,
                        position=min(len(line.encode('utf-8')[:length].decode('utf-8', 'ignore')), length) + 1)


def _crlf_lines(text: str, most: int | None) -> list[str] | None:
    """The lines of a text whose every line ends in CR/LF, the last one included, or None for any other text.

    Two counts and one split, no per-line work: as many CR as LF, each LF after a CR (the split on CR/LF cuts
    at every LF then), and a last CR/LF. The split is made only when there are at most ``most`` LF, so a text of
    millions of line breaks is never cut into lines (its lines are counted by ``_line_count`` instead)."""
    lf = text.count("\n")
    if (most is not None and lf > most) or lf != text.count("\r") or not text.endswith("\r\n"):
        return None
    lines = text.split("\r\n")
    if len(lines) != lf + 1:
        return None  # a CR and an LF apart from each other
    lines.pop()
    return lines


def _split(text: str, scan: Scan) -> list[str]:
    parts = _LINE.split(text)
    lines, endings = parts[0::2], parts[1::2]
    if lines and lines[-1] == "":
        lines.pop()
    elif lines:
        scan.problems.append(LineEnding("last record has no CR/LF after it", line=len(lines),
                                        position=len(lines[-1]) + 1))
    for number, ending in enumerate(endings, start=1):
        if ending != "\r\n":
            shown = {"\n": "LF", "\r": "CR"}[ending]
            scan.problems.append(LineEnding(f"record ends with {shown} instead of CR/LF", line=number,
                                            position=len(lines[number - 1]) + 1 if number <= len(lines) else 1))
            break  # one report is enough; the rest follows from it
    return lines


def limits(message: MessageLayout) -> Limits:
    """(max_bytes, max_records) of a message (STB 5.4.3 for JW321); a JW322 answers one JW321 and is
    read with the JW321's limits."""
    return message.structure.get("max_bytes"), message.structure.get("max_records")


def read_limit(message: MessageLayout) -> int | None:
    """How many bytes of a file to read at most: one more than the limit, enough to know it is over."""
    max_bytes = limits(message)[0]
    return max_bytes + 1 if max_bytes else None


def _line_count(text: str) -> int:
    """How many lines ``_split`` would make, without making them."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + (0 if not text or text.endswith(("\n", "\r")) else 1)


def _first_line(text: str) -> str:
    found = _LINE.search(text)
    return text[:found.start()] if found else text


def _last_line(text: str) -> str:
    end = len(text) - (2 if text.endswith("\r\n") else 1 if text.endswith(("\r", "\n")) else 0)
    return text[max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1:end]


def _ends_only(lines: list[str], message: MessageLayout, result: Scan) -> Scan:
    """A refused file keeps only its first and last line, decoded where they are records."""
    result.lines = lines
    for number, line in zip((1, result.count), lines):
        layout = message.records.get(record_type(line))
        if layout is not None and len(line) == message.record_length:
            result.records.append(codec_for(layout).decode(line, number))
    return result


@paused_gc()
def scan(data: bytes, message: MessageLayout, limits_of: MessageLayout | None = None,
         form: TextForm | None = None) -> Scan:
    """Split and decode every line; collect physical problems instead of raising.

    ``limits_of``: the message whose size limits apply (default ``message``; a JW322 is read with the
    JW321's). ``form``: how the receiver reads (default: the standard's character set and positions)."""
    form = form or message.structure["text_form"]
    result = Scan(size=len(data))
    max_bytes, max_records = limits(limits_of or message)
    if max_bytes and len(data) > max_bytes:
        result.problems.append(TooLarge(f"file is larger than {max_bytes} bytes, the limit"))
        head = data[:4 * message.record_length + 8]  # room for the first line in any UTF-8, and a BOM
        first = _FIRST_BREAK.split(head.removeprefix(BOM_BYTES), 1)[0].decode(form.codec, errors="replace")
        result.count = 1
        return _ends_only([first], message, result)
    text = _decode_text(data, result, form)
    lines = _crlf_lines(text, max_records or None)  # every break a CR/LF: nothing to report
    count = len(lines) if lines is not None else _line_count(text)
    if max_records and count > max_records:
        result.problems.append(TooLarge(f"file has {count} records, at most {max_records} allowed",
                                        line=max_records + 1))
        result.count = count
        return _ends_only([_first_line(text), _last_line(text)], message, result)
    if lines is None:
        lines = _split(text, result)
    result.lines = lines
    result.count = len(lines)
    length = message.record_length
    decoders = _decoders(message)
    kenmerk = slice(0, KENMERK_LENGTH)
    by_bytes = form.counts_bytes and not text.isascii()  # some line may be longer in bytes than in characters
    if (set(map(len, lines)) <= {length} and {line[kenmerk] for line in lines} <= decoders.keys()
            and not by_bytes):
        result.records = [decoders[line[kenmerk]](line, number) for number, line in enumerate(lines, start=1)]
        check_kenmerken(result, message)  # a record of a known type whose kenmerk is not its own
        return result  # every line a record of a known type: nothing else to report
    records = result.records
    for number, line in enumerate(lines, start=1):
        decode = decoders.get(line[kenmerk])
        if by_bytes and not line.isascii():
            size = _byte_length(line)
            if size != length:
                result.problems.append(_byte_count_problem(line, size, length, number))
            elif decode is None:
                result.problems.append(UnknownRecordType(f"unknown record type {record_type(line)!r}", line=number,
                                                         position=1))
            else:
                records.append(decode(_by_bytes(line, message.records[line[kenmerk]]), number))
            continue
        if decode is not None and len(line) == length:
            records.append(decode(line, number))
        elif len(line) != length:
            result.problems.append(RecordLength(f"record has {len(line)} characters, expected {length}"
                                                f"{_length_hint(line, length, form)}",
                                                line=number, position=min(len(line), length) + 1))
        else:
            result.problems.append(UnknownRecordType(f"unknown record type {record_type(line)!r}", line=number,
                                                     position=1))
    check_kenmerken(result, message)  # the xx01 of the record the line is
    return result


@lru_cache(maxsize=16)
def _decoders(message: MessageLayout) -> dict[str, Callable[[str, int], Record]]:
    """Record type -> its codec's whole-record decoder."""
    return {rtype: codec_for(layout).decode_line for rtype, layout in message.records.items()}


def read_records(data: bytes, message: MessageLayout, form: TextForm | None = None) -> list[Record]:
    """Strict: every line a valid record of the message, or a typed ReadError (read in ``form``, default the
    standard's)."""
    result = scan(data, message, form=form)
    if result.problems:
        raise result.problems[0]
    for record in result.records:
        if not record.has_raw:  # the decoder knows: no dict built for a clean record
            continue
        bad = record.invalid
        if bad:
            key = next(iter(bad))
            f = message.records[record.rtype][key]
            raise FieldFormat(f"{key} = {bad[key]!r} is not a valid {f.type}{f.length}"
                              f"{' date' if f.kind == 'date' else ''}", line=record.number,
                              position=f.start, rubriek=f.id)
    return result.records


@paused_gc()
def read(data: bytes, message: MessageLayout, form: TextForm | None = None) -> Declaration:
    """Strict read of a whole file into the declaration tree (in ``form``, default the standard's)."""
    records = read_records(data, message, form)
    declaration, problems = assemble(records, message)
    if problems:
        raise problems[0]
    assert declaration is not None
    return declaration
