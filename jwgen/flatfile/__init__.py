"""Bytes <-> records: the fixed-width writer and reader of Vektis EI flat files."""
from ._codec import Codec, codec_for
from .assemble import assemble
from .errors import (ByteOrderMark, FieldFormat, FlatFileError, LineEnding, NotUtf8, ReadError,
                     RecordLength, StructureError, TooLarge, UnknownRecordType, WriteError)
from .reader import Scan, limits, read, read_limit, read_records, scan
from .writer import write, write_records

__all__ = ["ByteOrderMark", "Codec", "codec_for", "FieldFormat", "FlatFileError", "LineEnding", "NotUtf8", "ReadError",
           "RecordLength", "Scan", "StructureError", "TooLarge", "UnknownRecordType", "WriteError",
           "assemble", "limits", "read", "read_limit", "read_records", "scan", "write", "write_records"]
