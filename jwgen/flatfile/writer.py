"""Write records as a Vektis EI flat file: in the standard's character set (JW321: UTF-8 without BOM; GZ321:
Windows-1252) or the one asked for, never a BOM, CR/LF after every record."""
from __future__ import annotations

from typing import Iterable

from ..gc_pause import paused_gc
from ..model import Declaration, Record
from ..spec import MessageLayout, TextForm
from ._codec import codec_for
from .errors import WriteError

CRLF = "\r\n"


def write_records(records: Iterable[Record], message: MessageLayout, form: TextForm | None = None) -> bytes:
    """Encode records in the order given, in ``form`` (default: the standard's). Refuses (WriteError) a value
    that does not fit, or a character the encoding does not have."""
    layouts = message.records
    lines = []
    for number, record in enumerate(records, start=1):
        layout = layouts.get(record.rtype)
        if layout is None:
            raise WriteError(f"{message.name} has no record type {record.rtype!r}", line=number)
        lines.append(codec_for(layout).encode(record, number))
    lines.append("")
    return encode_lines(lines, form or message.structure["text_form"])


def encode_lines(lines: list[str], form: TextForm) -> bytes:
    """Lines (the last one empty) joined by CR/LF in ``form``'s encoding; a WriteError names the first character
    it does not have."""
    try:
        return CRLF.join(lines).encode(form.codec)
    except UnicodeEncodeError:
        for number, line in enumerate(lines, start=1):
            try:
                line.encode(form.codec)
            except UnicodeEncodeError as error:
                raise WriteError(f"{line[error.start]!r} cannot be written in {form.label}", line=number,
                                 position=error.start + 1) from None
        raise  # pragma: no cover - one of the lines holds it


@paused_gc()
def write(declaration: Declaration, message: MessageLayout, form: TextForm | None = None) -> bytes:
    """A declaration in the file order of STB 5.3.3, in ``form`` (default: the standard's)."""
    return write_records(declaration.records(), message, form)
