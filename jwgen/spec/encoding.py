"""How a file's text is held in bytes: its character set and how a receiver counts positions.

A standard names both in its ``standard.json`` (``"encoding"``): JW321 v2.0 is UTF-8 without BOM with
positions in characters (STB uitgave 2, 2024, 5.3.5); GZ321 v1.0 names no character set (STB 5.3.6: one
"ö" is one position), so jwgen writes it in Windows-1252, one byte per position. A :class:`TextForm` is one
such pair; the writer writes in one, the reader reads as a receiver of one would.

>>> form = TextForm("utf-8", "bytes")
>>> form.codec, form.counts_bytes, form.describe()
('utf-8', True, 'UTF-8, positions counted in bytes')
>>> TextForm.of("cp1252").describe()
'Windows-1252, one byte per position'
>>> encoding_name("Latin-9")
Traceback (most recent call last):
...
jwgen.errors.JwgenError: encoding 'Latin-9' is not one of utf-8, windows-1252, ascii
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import JwgenError

#: jwgen's name of an encoding -> Python's codec and the name people read.
ENCODINGS = {"utf-8": ("utf-8", "UTF-8"), "windows-1252": ("cp1252", "Windows-1252"), "ascii": ("ascii", "ASCII")}
_ALIASES = {"utf8": "utf-8", "cp1252": "windows-1252", "win1252": "windows-1252", "windows1252": "windows-1252",
            "us-ascii": "ascii"}
CHARACTERS, BYTES = "characters", "bytes"
POSITIONS = (CHARACTERS, BYTES)
BOM = b"\xef\xbb\xbf"


def encoding_name(name: str) -> str:
    """An encoding as jwgen spells it (utf-8, windows-1252, ascii), from any common spelling."""
    wanted = str(name).strip().lower().replace("_", "-")
    wanted = _ALIASES.get(wanted, wanted)
    if wanted not in ENCODINGS:
        raise JwgenError(f"encoding {name!r} is not one of {', '.join(ENCODINGS)}")
    return wanted


def positions_name(name: str) -> str:
    wanted = str(name).strip().lower()
    if wanted not in POSITIONS:
        raise JwgenError(f"positions {name!r} is not one of {', '.join(POSITIONS)}")
    return wanted


@dataclass(frozen=True)
class TextForm:
    """A character set and how positions are counted in it (for a single-byte set the two counts agree)."""

    encoding: str = "utf-8"
    positions: str = CHARACTERS

    @classmethod
    def of(cls, encoding: str, positions: str | None = None) -> "TextForm":
        """The form of a file written in ``encoding``: a single-byte set counts bytes (its characters),
        UTF-8 counts characters unless ``positions`` says otherwise."""
        encoding = encoding_name(encoding)
        if positions is None:
            positions = CHARACTERS if encoding == "utf-8" else BYTES
        return cls(encoding, positions_name(positions))

    @property
    def codec(self) -> str:
        return ENCODINGS[self.encoding][0]

    @property
    def label(self) -> str:
        return ENCODINGS[self.encoding][1]

    @property
    def single_byte(self) -> bool:
        return self.encoding != "utf-8"

    @property
    def counts_bytes(self) -> bool:
        """Positions counted in bytes where a character can be more than one byte (UTF-8 only)."""
        return self.positions == BYTES and not self.single_byte

    def reading(self, positions: str | None) -> "TextForm":
        """The same encoding with positions as given (None: as they are)."""
        return self if positions is None else TextForm(self.encoding, positions_name(positions))

    def describe(self) -> str:
        if self.single_byte:
            return f"{self.label}, one byte per position"
        return f"{self.label}, positions counted in {self.positions}"

    def to_dict(self) -> dict[str, str]:
        return {"encoding": self.encoding, "positions": self.positions, "described": self.describe()}

    def can_hold(self, text: str) -> bool:
        try:
            text.encode(self.codec)
        except UnicodeEncodeError:
            return False
        return True
