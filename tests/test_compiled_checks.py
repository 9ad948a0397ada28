"""The compiled field checks (one predicate per record type) find exactly what the plain checks find."""
from __future__ import annotations

from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from jwgen.controle._context import Context
from jwgen.controle.field_shape import DIGIT
from jwgen.controle.record_checks import _field_findings, check_fields
from jwgen.flatfile import write
from jwgen.flatfile import codec_for
from jwgen.generate import GenerateOptions, generate
from jwgen.spec import load_spec


@lru_cache(maxsize=1)
def _lines() -> tuple[str, ...]:
    spec = load_spec()
    options = GenerateOptions(records=60, debiteur=True, zorgactiviteit=True, tijdsbesteding=True, commentaar=True)
    return tuple(write(generate(options, 3, spec), spec.declaration).decode("utf-8").split("\r\n")[:-1])


def _context(profile: str = "gemeente") -> Context:
    spec = load_spec()
    voorloop = codec_for(spec.declaration.records["01"]).decode(_lines()[0], 1)
    return Context(spec=spec, message=spec.declaration, profile=profile, role=spec.role(profile), voorloop=voorloop,
                   state=None)


CHARS = st.sampled_from(list("0123456789 AZaz-.'öé²\u0663\u2460") + ["\u00a0"]
                        + list("\x00\x07\t\x1b\x7f\x85\x9b\u202e\u2066\u2028\ufeff"))  # field.text: issue 27


@given(line=st.integers(0, 10_000), edits=st.lists(st.tuples(st.integers(0, 309), CHARS), max_size=4),
       blank=st.booleans())
@settings(max_examples=400, deadline=None, database=None)
def test_compiled_field_checks_find_what_the_plain_ones_find(line, edits, blank) -> None:
    spec, ctx = load_spec(), _context()
    text = list(_lines()[line % len(_lines())])
    for position, char in edits:
        if position >= 2:  # keep the record type
            text[position] = char
    if blank:  # a whole field emptied: mandatory, zero and code-list paths
        layout = spec.declaration.records["".join(text[:2])]
        f = layout.fields[(line // 7) % len(layout.fields)]
        if f.start > 2:
            filler = "0" if f.type == "N" else " "
            text[f.start - 1:f.start - 1 + f.length] = filler * f.length
    record = codec_for(spec.declaration.records["".join(text[:2])]).decode("".join(text), 1)
    assert check_fields(ctx, record) == _field_findings(ctx, record)


FIELD_TEXT = st.text(st.sampled_from(list("0123456789 ACDJNZ") + ["\u00b2", "\x1b", "\x00", "\u202e", "\x9f"]),
                     min_size=1, max_size=20)


@given(line=st.integers(0, 10_000), field=st.integers(0, 60), text=FIELD_TEXT, pad=st.booleans())
@settings(max_examples=600, deadline=None, database=None)
def test_a_whole_field_rewritten_finds_what_the_plain_checks_find(line, field, text, pad) -> None:
    """One field's text replaced (codes, shapes, zeros, blanks, padded left or right): the one expression per
    record type and its set lookups agree with the plain checks."""
    spec, ctx = load_spec(), _context()
    original = _lines()[line % len(_lines())]
    layout = spec.declaration.records[original[:2]]
    f = layout.fields[field % len(layout.fields)]
    if f.start <= 2:
        return
    text = (text * f.length)[:f.length] if not pad else text[:f.length].rjust(f.length, "0" if f.type == "N" else " ")
    changed = original[:f.start - 1] + text + original[f.start - 1 + f.length:]
    record = codec_for(layout).decode(changed, 1)
    assert check_fields(ctx, record) == _field_findings(ctx, record)


def test_a_record_without_its_text_goes_the_plain_way() -> None:
    spec, ctx = load_spec(), _context()
    text = _lines()[1]
    record = codec_for(spec.declaration.records[text[:2]]).decode(text, 2)
    record["bsn"] = 0  # the text no longer matches the values
    assert record.line is None
    assert check_fields(ctx, record) == _field_findings(ctx, record) != []


def test_every_clean_generated_record_takes_the_compiled_path() -> None:
    spec, ctx = load_spec(), _context()
    for number, text in enumerate(_lines(), start=1):
        record = codec_for(spec.declaration.records[text[:2]]).decode(text, number)
        assert check_fields(ctx, record) == _field_findings(ctx, record) == []


def test_the_digit_class_is_str_isdigit() -> None:
    assert all(bool(DIGIT.search(c)) is c.isdigit() for c in map(chr, range(0x110000)))


def _plain_encode(codec, record) -> str:
    return "".join(encode(record.values[key], None) for key, encode in codec._encode)


VALUES = st.one_of(st.none(), st.integers(-5, 10 ** 12), st.text(max_size=40), st.dates(),
                   st.sampled_from(["", " a", "a ", "a\r", "ö" * 5]))


@given(line=st.integers(0, 10_000), changes=st.lists(st.tuples(st.integers(0, 60), VALUES), max_size=3))
@settings(max_examples=300, deadline=None, database=None)
def test_the_compiled_encoder_writes_what_the_per_field_encoders_write(line, changes) -> None:
    from jwgen.flatfile.errors import WriteError

    spec = load_spec()
    text = _lines()[line % len(_lines())]
    codec = codec_for(spec.declaration.records[text[:2]])
    record = codec.decode(text, 1)
    assert codec.encode(record) == text
    for index, value in changes:
        record.values[codec.layout.fields[index % len(codec.layout.fields)].key] = value
    try:
        expected = _plain_encode(codec, record)
    except WriteError as error:
        expected = str(error)
    try:
        got = codec.encode(record)
    except WriteError as error:
        got = str(error)
    assert got == expected


def test_every_character_field_text_refuses_is_one_python_calls_unprintable():
    """The compiled field checker lets a line through field.text when str.isprintable() holds for it; that is
    right only while every character printable() escapes (UNSAFE) is unprintable to Python as well."""
    import sys

    from jwgen.printable import UNSAFE_CHARACTER

    assert not [hex(n) for n in range(sys.maxunicode + 1) if UNSAFE_CHARACTER.match(chr(n)) and chr(n).isprintable()]
