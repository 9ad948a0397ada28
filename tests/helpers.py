"""One round-trip assertion that every record and file test uses (after construct's ``common``)."""
from __future__ import annotations

from jwgen.flatfile import read, scan, write, write_records
from jwgen.flatfile import codec_for
from jwgen.model import Declaration, Record
from jwgen.spec import MessageLayout, load_spec


def assert_roundtrip(value: Record | Declaration, message: MessageLayout | None = None) -> bytes:
    """encode -> decode gives the same model, decode -> encode the same bytes, lengths are exact.

    Works for one record or a whole declaration; returns the bytes.
    """
    message = message or load_spec().declaration
    if isinstance(value, Record):
        codec = codec_for(message.records[value.rtype])
        text = codec.encode(value)
        assert len(text) == message.record_length, (len(text), value)
        back = codec.decode(text)
        assert back == value, (back, value)
        assert codec.encode(back) == text
        data = write_records([value], message)
        scanned = scan(data, message)  # tolerant: Raw content is kept, not refused
        assert scanned.ok and scanned.records == [value]
        return data
    data = write(value, message)
    lines = data.decode("utf-8").split("\r\n")
    assert lines[-1] == "" and all(len(line) == message.record_length for line in lines[:-1])
    back = read(data, message)
    assert back == value
    assert write(back, message) == data
    return data
