"""Per record layout, a compiled encoder (values -> text) and decoder (text -> values).

Positions are characters, not bytes: a name with "ö" keeps its "ö" and the record
keeps its length in characters. N fields are right-aligned and zero-filled, AN
fields left-aligned and space-filled, dates CCYYMMDD from the year 1000 (00000000 = empty).
"""
from __future__ import annotations

import keyword
import re
from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import Any, Callable

from ..model import Raw, Record
from ..spec import RecordLayout
from .errors import WriteError

Encoder = Callable[[Any], str]


def _encoder(f: Any) -> Callable[[Any, int | None], str]:
    length, rubriek, key = f.length, f.id, f.key

    def refuse(value: Any, line: int | None, why: str) -> WriteError:
        return WriteError(f"{key} = {value!r} {why}", line=line, position=f.start, rubriek=rubriek)

    def raw_or(value: Any, line: int | None) -> str:
        if len(value) != length:
            raise refuse(value, line, f"is raw content of {len(value)} characters, field is {length}")
        if "\r" in value or "\n" in value:
            raise refuse(value, line, "contains a line break")
        return str(value)

    if f.kind == "date":
        def encode(value: Any, line: int | None) -> str:
            if value is None:
                return "0" * 8
            if type(value) is date:
                if value.year < 1000:
                    raise refuse(value, line, "is before year 1000")
                return f"{value.year:04d}{value.month:02d}{value.day:02d}"
            if type(value) is Raw:
                return raw_or(value, line)
            raise refuse(value, line, "is not a date")
    elif f.type == "N":
        def encode(value: Any, line: int | None) -> str:
            if type(value) is int:
                if value < 0:
                    raise refuse(value, line, "is negative (use the D/C indicator)")
                text = str(value)
                if len(text) > length:
                    raise refuse(value, line, f"does not fit N{length}")
                return text.zfill(length)
            if type(value) is Raw:
                return raw_or(value, line)
            raise refuse(value, line, f"is not a whole number for N{length}")
    else:
        def encode(value: Any, line: int | None) -> str:
            if type(value) is Raw:
                return raw_or(value, line)
            if not isinstance(value, str):
                raise refuse(value, line, f"is not text for AN{length}")
            if len(value) > length:
                raise refuse(value, line, f"has {len(value)} characters, AN{length} holds {length}")
            if value.endswith(" "):
                raise refuse(value, line, "ends in a space (padding is the writer's job; it would not read back)")
            if "\r" in value or "\n" in value:
                raise refuse(value, line, "contains a line break")
            return value.ljust(length)
    return encode


@lru_cache(maxsize=8192)  # dates repeat a lot within a file (periods, birth dates)
def _date_or_raw(raw: str) -> Any:
    """CCYYMMDD -> date; anything else, and years before 1000 (which the writer refuses and no JW322
    could carry), stays Raw: a format error the receiver answers with the field's retourcode."""
    if raw.isascii() and raw.isdigit() and raw[0] != "0":
        try:
            return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        except ValueError:
            pass
    return Raw(raw)


def _compile_decoder(layout: RecordLayout) -> Callable[[str], tuple[dict, bool]]:
    """A decoder written out as straight-line code for this layout, field by field.

    Returns the values and whether any field kept raw (invalid) content. Keys are
    inserted with repr(), so any key in a layout file is a safe string literal.
    This is the path of a record with a field that does not parse; a clean record
    takes :func:`_compile_fast_decoder`'s.
    """
    body = ["def decode(text):", "    v = {}", "    bad = False"]
    for f in layout.fields:
        a, b, key = f.start - 1, f.start - 1 + f.length, repr(f.key)
        if f.kind == "date":
            body += [f"    r = text[{a}:{b}]",
                     f"    if r == '00000000': v[{key}] = None",
                     "    else:",
                     f"        x = v[{key}] = _date_or_raw(r)",
                     "        if type(x) is Raw: bad = True"]
        elif f.type == "N":
            body += [f"    r = text[{a}:{b}]",
                     f"    if r.isdigit() and r.isascii(): v[{key}] = int(r)",
                     "    else:",
                     f"        v[{key}] = Raw(r)",
                     "        bad = True"]
        else:
            body.append(f"    v[{key}] = text[{a}:{b}].rstrip(' ')")
    body.append("    return v, bad")
    namespace: dict[str, Any] = {"Raw": Raw, "_date_or_raw": _date_or_raw}
    exec(compile("\n".join(body), f"<jwgen decoder {layout.rtype}>", "exec"), namespace)
    return namespace["decode"]


def _date_or_none(raw: str) -> Any:
    return None if raw == "00000000" else _date_or_raw(raw)


def _kind(f: Any) -> str:
    """How a field is written: "date" (CCYYMMDD), "N" (zero-filled digits) or "AN" (space-padded text)."""
    return "date" if f.kind == "date" else "N" if f.type == "N" else "AN"


# Per kind of field, the compiled codecs' pieces: the decoder's group and value (a date's content is judged by
# _date_or_none; numbers, dates and coded text are looked up in their _Memo), the encoder's template (L: the
# field's length) and the lines that accept a value. An optional field is often empty: its group first tries the
# empty content (zeros, spaces), which then makes no substring and takes its value as a constant (the group is
# None); any other content is captured as in a mandatory field.
# (Atomic groups, ``(?>...)``, are Python 3.11's; jwgen needs 3.11.)
_GROUP = {"date": "(.{%d})", "N": "([0-9]{%d})", "AN": "(.{%d})"}
_EMPTY = {"date": "0", "N": "0", "AN": " "}  # what an empty field of the kind is filled with
_VALUE = {"date": "d{n}", "N": "numbers[g{n}]", "AN": "g{n}.rstrip(' ')", "code": "codes[g{n}]"}
_EMPTY_VALUE = {"date": "d{n}", "N": "0 if g{n} is None else numbers[g{n}]",
                "AN": "'' if g{n} is None else g{n}.rstrip(' ')", "code": "'' if g{n} is None else codes[g{n}]"}
_TEMPLATE = {"date": "%s", "N": "%0Ld", "AN": "%-Ls"}
_ACCEPTS = {"date": ["    if {x} is None: {x} = '00000000'",
                     "    elif type({x}) is date and {x}.year >= 1000: {x} = _date_text({x})",
                     "    else: return None"],
            "N": ["    if type({x}) is not int or {x} < 0: return None"],
            "AN": ["    if type({x}) is not str or {x}[-1:] == ' ': return None"]}


class _Memo(dict):
    """Field content -> its value, filled as contents are met: the compiled decoder looks a value up with one
    subscript (a dict's own, quicker than a call through ``functools.lru_cache``), and ``convert`` makes it the
    first time. Emptied when it holds ``limit`` contents, so hostile input cannot make it grow without end."""

    def __init__(self, convert: Callable[[str], Any], limit: int) -> None:
        super().__init__()
        self.convert, self.limit = convert, limit

    def __missing__(self, text: str) -> Any:
        if len(self) >= self.limit:
            self.clear()
        value = self[text] = self.convert(text)
        return value


def _strip(text: str) -> str:
    return text.rstrip(" ")


# The values of a file repeat: codes, counts and volgnummers in every record, a verzekerde's BSN in each of his
# records, the AGB codes in all, a file's periods and birth dates. Looked up, a repeated value costs one subscript
# instead of a conversion, and the records share one object for it (less to allocate, to walk and to free).
_NUMBERS = _Memo(int, 65_536)  # N fields (a 12,000-record file holds about 12,000 different ones)
_DATES = _Memo(_date_or_none, 8192)
_CODES = _Memo(_strip, 16_384)  # AN fields with a code list (few values each); other text is stripped as it comes


#: The most keys CPython lets the instances of one class share (``SHARED_KEYS_MAX_SIZE``, 30 in 3.11-3.13).
_SHARED_KEYS = 30


def _shares_keys(layout: RecordLayout) -> bool:
    """Can a record's values be the ``__dict__`` of an instance (a plain dict, but one that shares its keys with
    every record of the type: a third of the memory of a dict of its own, made in half the time)? When every key
    is an attribute name and there are few enough of them; else a dict display builds them."""
    keys = [f.key for f in layout.fields]
    return len(keys) <= _SHARED_KEYS and all(key.isidentifier() and not keyword.iskeyword(key) for key in keys)


def _compile_fast_decoder(layout: RecordLayout) -> Callable[[str, int | None], Record]:
    """text, line number -> Record, for the whole record at once: the hot path of reading.

    One regular expression per layout cuts the record into its fields (one group each) and
    matches only when every N field holds digits; the values are then built in one go: as the
    ``__dict__`` of a fresh instance where the keys can be shared (:func:`_shares_keys`), else as one
    dict display. A record it does not match (an N field with other content) is decoded field by
    field by :func:`_compile_decoder`, which keeps that content as Raw. Both give the same
    values for every text (tests/test_roundtrip.py).
    """
    kinds = [_kind(f) for f in layout.fields]
    optional = [f.use != "M" for f in layout.fields]
    # atomic: a field's span is fixed, so once one way of matching it holds, the other cannot help a later field;
    # without it a record failing late would be retried both ways for every empty field before (2 ** n).
    pattern = "".join(f"(?>{_EMPTY[kind]}{{{f.length}}}|{_GROUP[kind] % f.length})" if empty else
                      _GROUP[kind] % f.length for f, kind, empty in zip(layout.fields, kinds, optional))
    exprs = [(_EMPTY_VALUE if empty else _VALUE)["code" if kind == "AN" and f.codelist else kind].format(n=n)
             for n, (f, kind, empty) in enumerate(zip(layout.fields, kinds, optional))]
    dates = [f"d{n}" for n, kind in enumerate(kinds) if kind == "date"]
    body = ["def decode(text, number=None):",
            "    m = match(text)",
            "    if m is None:",
            "        values, bad = slow(text)",
            "    else:",
            "        " + "".join(f"g{n}, " for n in range(len(kinds))) + "= m.groups()"]
    body += [f"        {d} = None if g{d[1:]} is None else dates[g{d[1:]}]" if optional[int(d[1:])] else
             f"        {d} = dates[g{d[1:]}]" for d in dates]
    if _shares_keys(layout):  # the values set on a fresh instance, in field order: its __dict__ shares the keys
        body += ["        o = new(Values)"] + [f"        o.{f.key} = {expr}" for f, expr in zip(layout.fields, exprs)]
        body += ["        values = o.__dict__"]
    else:
        body += ["        values = {" + ", ".join(f"{f.key!r}: {expr}" for f, expr in zip(layout.fields, exprs)) + "}"]
    body += ["        bad = " + (" or ".join(f"type({d}) is Raw" for d in dates) or "False"),
             "    record = new(Record)",
             f"    record.rtype = {layout.rtype!r}",
             "    record.values, record.line, record.number, record.suspect = values, text, number, bad",
             "    return record"]
    namespace: dict[str, Any] = {"Raw": Raw, "Record": Record, "new": object.__new__, "dates": _DATES,
                                 "numbers": _NUMBERS, "codes": _CODES,
                                 "match": re.compile(pattern, re.DOTALL).fullmatch,
                                 "slow": _compile_decoder(layout), "Values": type(f"Values{layout.rtype}", (), {})}
    exec(compile("\n".join(body), f"<jwgen fast decoder {layout.rtype}>", "exec"), namespace)
    return namespace["decode"]


@lru_cache(maxsize=8192)
def _date_text(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _compile_encoder(layout: RecordLayout) -> Callable[[dict], str | None]:
    """An encoder written out as straight-line code for this layout: one %-template for the whole record.

    It takes the common values only (int for N, str for AN, date or None for dates, all within their
    field) and returns None for anything else (Raw content, a value that does not fit, a missing key):
    the per-field encoders then write it or refuse it with their message, so both ways give the same
    text or the same error (tests/test_roundtrip.py). The values are fetched in one call; what each field
    can hold is checked once on the whole text: every field is written at least as wide as it is, so the
    text has the record's length exactly when every value fits, and no value holds a line break when the
    text holds none.
    """
    keys = [f.key for f in layout.fields]
    names = [f"x{n}" for n in range(len(keys))]
    body = ["def encode(v):", "    try:", f"        {', '.join(names)}, = fetch(v)", "    except KeyError:",
            "        return None"]
    template = ""
    for x, f in zip(names, layout.fields):
        kind = _kind(f)
        template += _TEMPLATE[kind].replace("L", str(f.length))
        body += [line.format(x=x) for line in _ACCEPTS[kind]]
    body += [f"    text = {template!r} % ({', '.join(names)},)",
             f"    if len(text) != {layout.length} or '\\r' in text or '\\n' in text: return None",
             "    return text"]
    fetch = itemgetter(*keys) if len(keys) > 1 else lambda v: (v[keys[0]],)
    namespace: dict[str, Any] = {"date": date, "_date_text": _date_text, "fetch": fetch}
    exec(compile("\n".join(body), f"<jwgen encoder {layout.rtype}>", "exec"), namespace)
    return namespace["encode"]


class Codec:
    """Encoder and decoder for one record layout."""

    def __init__(self, layout: RecordLayout) -> None:
        self.layout = layout
        self.length = layout.length
        self._encode = [(f.key, _encoder(f)) for f in layout.fields]
        self.decode_line = _compile_fast_decoder(layout)  # text, number -> Record; the reader's hot path
        self._encode_values = _compile_encoder(layout)
        self._fields = len(layout.fields)
        self._tails: dict[int, list] = {}  # encode_tail: start -> (key, encoder) of the fields from there on

    def encode(self, record: Record, line: int | None = None) -> str:
        values = record.values
        if len(values) == self._fields:
            text = self._encode_values(values)
            if text is not None:
                return text
        if len(values) != len(self._encode):
            unknown = sorted(set(values) - {key for key, _ in self._encode})
            if unknown:
                raise WriteError(f"record {record.rtype} has no field {', '.join(unknown)}", line=line)
        try:
            return "".join([encode(values[key], line) for key, encode in self._encode])
        except KeyError as missing:
            raise WriteError(f"record {record.rtype} has no value for {missing}", line=line) from None

    def encode_tail(self, values: Any, start: int, line: int | None = None) -> str:
        """The text of the fields from position ``start`` (1-based, where a field begins) to the end of the
        record, from ``values`` (a value for each of those fields; no other key is read): what follows text
        that is kept as it was, as a retour block follows the 310 positions the sender wrote."""
        tail = self._tails.get(start)
        if tail is None:
            tail = [(f.key, encode) for f, (_, encode) in zip(self.layout.fields, self._encode) if f.start >= start]
            if not tail or self.layout[tail[0][0]].start != start:
                raise WriteError(f"record {self.layout.rtype} has no field that begins at position {start}",
                                 line=line, position=start)
            self._tails[start] = tail
        try:
            return "".join([encode(values[key], line) for key, encode in tail])
        except KeyError as missing:
            raise WriteError(f"record {self.layout.rtype} has no value for {missing}", line=line) from None

    def decode(self, text: str, number: int | None = None) -> Record:
        """Text of exactly the record length -> Record (unparseable fields as Raw)."""
        return self.decode_line(text, number)


@lru_cache(maxsize=64)
def codec_for(layout: RecordLayout) -> Codec:
    return Codec(layout)
