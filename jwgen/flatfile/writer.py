"""Write records as a Vektis EI flat file: UTF-8 without BOM, CR/LF after every record."""
from __future__ import annotations

from typing import Iterable

from ..gc_pause import paused_gc
from ..model import Declaration, Record
from ..spec import MessageLayout
from ._codec import codec_for
from .errors import WriteError

CRLF = "\r\n"


def write_records(records: Iterable[Record], message: MessageLayout) -> bytes:
    """Encode records in the order given. Refuses (WriteError) a value that does not fit."""
    layouts = message.records
    lines = []
    for number, record in enumerate(records, start=1):
        layout = layouts.get(record.rtype)
        if layout is None:
            raise WriteError(f"{message.name} has no record type {record.rtype!r}", line=number)
        lines.append(codec_for(layout).encode(record, number))
    lines.append("")
    return CRLF.join(lines).encode("utf-8")


@paused_gc()
def write(declaration: Declaration, message: MessageLayout) -> bytes:
    """A declaration in the file order of STB 5.3.3."""
    return write_records(declaration.records(), message)
