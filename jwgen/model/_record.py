"""One record: its type and its field values, keyed by the spec's field keys."""
from __future__ import annotations

from typing import Any, Iterator, Mapping


class Raw(str):
    """Verbatim field content that is not a valid value (e.g. letters in an N field).

    The reader keeps such content as ``Raw`` so nothing is lost, and the writer
    writes a ``Raw`` value exactly as it is (it must have the field's length).
    Deliberately broken files use it to put bytes the standard forbids.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Raw({str.__repr__(self)})"


class Record:
    """A record of one type. Equality compares type and values only.

    ``line`` is the original text when the record was read from a file (the
    receiver returns it unchanged in the JW322); ``number`` its line number.
    """

    __slots__ = ("rtype", "values", "line", "number", "suspect")

    def __init__(self, rtype: str, values: Mapping[str, Any], line: str | None = None,
                 number: int | None = None) -> None:
        self.rtype = rtype
        self.values = dict(values)
        self.line = line
        self.number = number
        self.suspect: bool | None = None  # set by the reader: does any field hold Raw content?

    @property
    def has_raw(self) -> bool:
        if self.suspect is None:
            return any(type(v) is Raw for v in self.values.values())
        return self.suspect

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def __setitem__(self, key: str, value: Any) -> None:
        if key not in self.values:
            raise KeyError(f"record {self.rtype} has no field {key!r}")
        self.values[key] = value
        self.line = None  # the text no longer matches
        self.suspect = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and self.rtype == other.rtype and self.values == other.values

    def __hash__(self) -> int:  # records are mutable; hash by identity
        return id(self)

    def copy(self, **changes: Any) -> "Record":
        values = dict(self.values)
        for key, value in changes.items():
            if key not in values:
                raise KeyError(f"record {self.rtype} has no field {key!r}")
            values[key] = value
        return Record(self.rtype, values)  # a copy is a new record: no text, no line number yet

    @property
    def invalid(self) -> dict[str, str]:
        """Fields whose content did not parse (kept verbatim as :class:`Raw`)."""
        return {k: v for k, v in self.values.items() if type(v) is Raw}

    def __repr__(self) -> str:
        shown = {k: v for k, v in self.values.items() if v not in ("", 0, None)}
        return f"Record({self.rtype!r}, {shown!r})"


def blank(layout: Any, **values: Any) -> Record:
    """A record of the layout's type with every field empty (fixed values filled)."""
    out: dict[str, Any] = {}
    for f in layout.fields:
        if f.key == "kenmerk_record":
            out[f.key] = int(layout.rtype)
        elif f.kind == "date":
            out[f.key] = None
        elif f.type == "N":
            out[f.key] = int(f.value) if f.value is not None else 0
        else:
            out[f.key] = f.value if f.value is not None else ""
    for key, value in values.items():
        if key not in out:
            raise KeyError(f"record {layout.rtype} has no field {key!r}")
        out[key] = value
    return Record(layout.rtype, out)
