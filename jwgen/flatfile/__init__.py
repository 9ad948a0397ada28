"""Bytes <-> records: the fixed-width writer and reader of Vektis EI flat files."""
from ._codec import Codec, codec_for
from .assemble import assemble
from .errors import (ByteOrderMark, FieldFormat, FlatFileError, LineEnding, NotEncoded, NotUtf8, ReadError,
                     RecordLength, StructureError, TooLarge, UnknownRecordType, WriteError, WrongExtension)
from .kenmerk import kenmerk_rubriek, recover_voorloop
from .reader import Scan, limits, read, read_limit, read_records, scan
from .writer import encode_lines, write, write_records

__all__ = ["ByteOrderMark", "Codec", "codec_for", "FieldFormat", "FlatFileError", "LineEnding", "NotEncoded",
           "NotUtf8", "ReadError", "RecordLength", "WrongExtension", "Scan", "StructureError", "TooLarge",
           "UnknownRecordType", "WriteError", "assemble", "encode_lines", "kenmerk_rubriek", "limits", "read",
           "read_limit", "read_records", "recover_voorloop", "scan", "write", "write_records"]
