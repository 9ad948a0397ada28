"""Typed errors of the byte layer. Each names where: line, position, rubriek."""
from __future__ import annotations


class FlatFileError(ValueError):
    """Base class. ``line`` is 1-based, ``position`` the 1-based character in the line."""

    rule = "file"

    def __init__(self, message: str, line: int | None = None, position: int | None = None,
                 rubriek: str | None = None) -> None:
        self.message = message
        self.line = line
        self.position = position
        self.rubriek = rubriek
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.position is not None:
            where.append(f"position {self.position}")
        if self.rubriek is not None:
            where.append(f"rubriek {self.rubriek}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class WriteError(FlatFileError):
    """A value does not fit its field; the writer refuses instead of cutting it."""


class ReadError(FlatFileError):
    """The bytes are not a readable JW321/JW322 file."""


class NotEncoded(ReadError):
    """A byte the receiver's character set does not have (a Windows-1252 file read as UTF-8, ...)."""

    rule = "file.utf8"


NotUtf8 = NotEncoded  # its first name, when jwgen read only UTF-8


class ByteOrderMark(ReadError):
    rule = "file.bom"


class WrongExtension(ReadError):
    """The file's name does not end in the extension the standard names (VECOZO checks it)."""

    rule = "file.extension"


class LineEnding(ReadError):
    rule = "file.crlf"


class RecordLength(ReadError):
    rule = "file.record-length"


class UnknownRecordType(ReadError):
    rule = "order.unknown-type"


class FieldFormat(ReadError):
    rule = "format.field"


class StructureError(ReadError):
    """Records stand in an order or relation the standard does not allow."""

    def __init__(self, message: str, rule: str, line: int | None = None, rubriek: str | None = None) -> None:
        super().__init__(message, line=line, rubriek=rubriek)
        self.rule = rule


class TooLarge(ReadError):
    rule = "file.too-large"
