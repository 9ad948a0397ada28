"""Read Vektis EI flat files: bytes -> lines -> records -> declaration tree.

``scan`` is tolerant: it reports every physical problem (BOM, encoding, line
endings, record length, size) with its line and keeps going, so the receiver can
answer any file. ``read`` is strict: the first problem raises a typed error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Declaration, Record
from ..spec import MessageLayout, record_type
from ._codec import codec_for
from .assemble import assemble
from .errors import (ByteOrderMark, FieldFormat, LineEnding, NotUtf8, ReadError, RecordLength,
                     TooLarge, UnknownRecordType)

_LINE = re.compile(r"(\r\n|\r|\n)")
BOM = "\ufeff"


@dataclass
class Scan:
    """What the bytes hold, before any check of meaning."""

    lines: list[str] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)  # one per line of the right length and known type
    problems: list[ReadError] = field(default_factory=list)
    size: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _decode_text(data: bytes, scan: Scan) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        scan.problems.append(NotUtf8(f"byte 0x{data[error.start]:02X} is not UTF-8", line=line, position=column))
        text = data.decode("utf-8", errors="replace")
    if text.startswith(BOM):
        scan.problems.append(ByteOrderMark("file starts with a byte order mark (UTF-8 without BOM required)",
                                           line=1, position=1))
        text = text[1:]
    return text


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


def scan(data: bytes, message: MessageLayout) -> Scan:
    """Split and decode every line; collect physical problems instead of raising."""
    result = Scan(size=len(data))
    structure = message.structure
    max_bytes = structure.get("max_bytes")
    if max_bytes and len(data) > max_bytes:
        result.problems.append(TooLarge(f"file is {len(data)} bytes, at most {max_bytes} allowed"))
    text = _decode_text(data, result)
    lines = _split(text, result)
    result.lines = lines
    max_records = structure.get("max_records")
    if max_records and len(lines) > max_records:
        result.problems.append(TooLarge(f"file has {len(lines)} records, at most {max_records} allowed",
                                        line=max_records + 1))
    length = message.record_length
    layouts = message.records
    for number, line in enumerate(lines, start=1):
        if len(line) != length:
            result.problems.append(RecordLength(f"record has {len(line)} characters, expected {length}",
                                                line=number, position=min(len(line), length) + 1))
            continue
        layout = layouts.get(record_type(line))
        if layout is None:
            result.problems.append(UnknownRecordType(f"unknown record type {record_type(line)!r}", line=number,
                                                     position=1))
            continue
        result.records.append(codec_for(layout).decode(line, number))
    return result


def read_records(data: bytes, message: MessageLayout) -> list[Record]:
    """Strict: every line a valid record of the message, or a typed ReadError."""
    result = scan(data, message)
    if result.problems:
        raise result.problems[0]
    for record in result.records:
        bad = record.invalid
        if bad:
            key = next(iter(bad))
            f = message.records[record.rtype][key]
            raise FieldFormat(f"{key} = {bad[key]!r} is not a valid {f.type}{f.length}"
                              f"{' date' if f.kind == 'date' else ''}", line=record.number,
                              position=f.start, rubriek=f.id)
    return result.records


def read(data: bytes, message: MessageLayout) -> Declaration:
    """Strict read of a whole file into the declaration tree."""
    records = read_records(data, message)
    declaration, problems = assemble(records, message)
    if problems:
        raise problems[0]
    assert declaration is not None
    return declaration
