"""Defects that only exist in bytes: length, encoding, line endings, size (PORTES level 1)."""
from __future__ import annotations

from ..model import Record
from ._base import BYTES, FILE_BYTES, Case
from ._registry import defect
from .structure import _join, _line_of, _split

NAME = "Jönsson"  # one character that is two bytes in UTF-8


def _line_edit(case: Case, record, change) -> None:
    target = _line_of(case, record)

    def edit(data: bytes, case: Case) -> bytes:
        lines = _split(data)
        lines[target - 1] = change(lines[target - 1])
        case.touch(None, None, line=target)
        return _join(lines)
    case.byte_edits.append(edit)


@defect("record-too-short", "Record one character short", "bytes", "file.record-length",
        "a tariefrecord has 309 characters instead of 310", phase=BYTES)
def too_short(case: Case) -> None:
    _, prestatie = case.prestatie()
    _line_edit(case, case.amount_nodes(prestatie)[0].record, lambda line: line[:-1])


@defect("record-too-long", "Record one character long", "bytes", "file.record-length",
        "a prestatierecord has 311 characters instead of 310", phase=BYTES)
def too_long(case: Case) -> None:
    _, prestatie = case.prestatie()
    _line_edit(case, prestatie.record, lambda line: line + b" ")


def _named(case: Case) -> Record:
    """The record of an unbroken verzekerde, named :data:`NAME` (a letter of two bytes in UTF-8)."""
    record = case.verzekerde().record
    record["naam_01"] = NAME
    return record


# The encoding matrix: a file in one character set, read by a receiver that reads it so or otherwise. Each
# defect names the set its file is written in and how the receiver whose answer is expected reads it.
UTF8_CHARACTERS = ("utf-8", "characters")  # JW321's receiver (STB 2024 5.3.5)
UTF8_BYTES = ("utf-8", "bytes")  # a receiver that counts UTF-8 bytes


@defect("non-ascii-counted-as-bytes", "Record padded by bytes, not characters", "bytes", "file.record-length",
        "a UTF-8 file whose record with 'ö' is padded to 310 bytes, so it has 309 characters (the classic "
        "byte-count bug), read by a receiver that counts characters", phase=BYTES, encoding="utf-8",
        reading=UTF8_CHARACTERS)
def counted_as_bytes(case: Case) -> None:
    # the written line has one byte more than characters; a byte-counting writer drops one space
    _line_edit(case, _named(case), lambda line: line[:-1])


@defect("bom", "Byte order mark", "bytes", "file.bom", "the file, in the standard's character set (JW321 UTF-8, "
        "GZ321 Windows-1252), starts with a UTF-8 byte order mark (EF BB BF), which neither allows",
        phase=FILE_BYTES)
def bom(case: Case) -> None:
    case.byte_edits.append(lambda data, case: (case.touch(None, None, line=1), b"\xef\xbb\xbf" + data)[1])


@defect("lf-only", "LF line endings", "bytes", "file.crlf", "every record ends with LF instead of CR/LF",
        phase=FILE_BYTES)
def lf_only(case: Case) -> None:
    case.byte_edits.append(lambda data, case: (case.touch(None, None, line=1), data.replace(b"\r\n", b"\n"))[1])


@defect("mixed-line-endings", "One LF among CR/LF", "bytes", "file.crlf",
        "one record ends with LF while the others end with CR/LF", phase=FILE_BYTES)
def mixed(case: Case) -> None:
    _, prestatie = case.prestatie()
    target = _line_of(case, prestatie.record)

    def edit(data: bytes, case: Case) -> bytes:
        lines = _split(data)
        case.touch(None, None, line=target)
        return CR_LF.join(lines[:target]) + b"\n" + CR_LF.join(lines[target:]) + CR_LF
    case.byte_edits.append(edit)


CR_LF = b"\r\n"


@defect("no-final-crlf", "No CR/LF after the last record", "bytes", "file.crlf",
        "the sluitrecord is not followed by CR/LF", phase=FILE_BYTES)
def no_final_crlf(case: Case) -> None:
    def edit(data: bytes, case: Case) -> bytes:
        case.touch(None, None, line=len(_split(data)))
        return data[:-2]
    case.byte_edits.append(edit)


@defect("non-utf8", "Windows-1252 byte in a UTF-8 file", "bytes", "file.utf8",
        "in a UTF-8 file, one name's 'ö' is the Windows-1252 (Latin-1) byte 0xF6, read by a receiver that reads "
        "UTF-8", phase=BYTES, encoding="utf-8", reading=UTF8_CHARACTERS)
def non_utf8(case: Case) -> None:
    _line_edit(case, _named(case), lambda line: line.replace("ö".encode("utf-8"), b"\xf6"))


@defect("utf8-read-counting-bytes", "UTF-8 file, receiver counts bytes", "bytes", "file.record-length",
        "a UTF-8 file padded by characters (as JW321's 2024 STB says) with a name with 'ö', read by a receiver "
        "that counts positions in bytes: that record is 311 bytes", phase=BYTES, encoding="utf-8",
        reading=UTF8_BYTES)
def utf8_counted_in_bytes(case: Case) -> None:
    case.touch(_named(case), "naam_01")


@defect("windows-1252-read-as-utf8", "Windows-1252 file, receiver reads UTF-8", "bytes", "file.utf8",
        "a file in Windows-1252 (one byte per position, GZ321's set in jwgen) with a name with 'ö' (byte 0xF6), "
        "read by a receiver that reads UTF-8", phase=BYTES, encoding="windows-1252", reading=UTF8_CHARACTERS)
def windows_1252_as_utf8(case: Case) -> None:
    case.touch(_named(case), "naam_01")


@defect("too-many-records", "More than 12,000 records", "bytes", "file.too-large",
        "the file holds 12,001 records, one more than the standard allows (STB 5.4.3)")
def too_many(case: Case) -> None:
    from ..generate.corrections import clone_verzekerde
    from ..model import blank

    limit = case.message.structure["max_records"]
    declaration = case.declaration
    source = declaration.verzekerden[0]

    def clone():
        return clone_verzekerde(source)

    count = sum(1 for _ in declaration.records())
    size = sum(1 for _ in clone().records())
    while limit + 1 - count >= size:
        declaration.verzekerden.append(clone())
        count += size
    last = declaration.verzekerden[-1].prestaties[0]
    comment = case.message.records[case.message.structure["comment"]]
    for _ in range(limit + 1 - count):  # top up with commentaarrecords to exactly limit + 1
        last.comments.append(blank(comment, vrije_tekst="Aanvullende toelichting"))
    case.touch(declaration.sluit, None)
    case.finalize()
