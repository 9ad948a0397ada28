"""Writer and reader agree: read(write(m)) == m and write(read(b)) == b, for every record type."""
from __future__ import annotations

import sys
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import assert_roundtrip
from jwgen.flatfile import WriteError, codec_for, write_records
from jwgen.flatfile._codec import _compile_decoder, _compile_encoder, _shares_keys
from jwgen.model import Raw, blank
from jwgen.spec import load_spec
from jwgen.strategies import declarations, records

SPEC = load_spec()
TYPES = list(SPEC.declaration.records)


@pytest.mark.parametrize("rtype", TYPES)
@given(data=st.data())
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_record_roundtrip(rtype, data):
    assert_roundtrip(data.draw(records(rtype)))


@pytest.mark.parametrize("rtype", TYPES)
@given(data=st.data())
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
def test_jw322_record_roundtrip(rtype, data):
    assert_roundtrip(data.draw(records(rtype, SPEC.retour)), SPEC.retour)


@given(declarations())
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_declaration_roundtrip(declaration):
    assert_roundtrip(declaration)


def test_non_ascii_name_keeps_record_length():
    record = blank(SPEC.declaration.records["02"], naam_01="Öztürk-Çelik Ñúñez Ærø")
    data = assert_roundtrip(record)
    assert len(data) > SPEC.declaration.record_length + 2  # more bytes than characters
    assert len(data.decode("utf-8")) == SPEC.declaration.record_length + 2


def test_raw_content_roundtrips():
    record = blank(SPEC.declaration.records["06"], aantal_uitgevoerde_prestaties=Raw("00A1"))
    assert_roundtrip(record)


@pytest.mark.parametrize("key, value", [
    ("naam_01", "x" * 26),           # AN25
    ("bsn", 10 ** 9),                # N9
    ("huisnummer", -1),              # negative N
    ("geboortedatum", "20100101"),   # a date field needs a date
    ("naam_01", "two\r\nlines"),     # line break inside a field
    ("bsn", Raw("12345")),           # raw content must have the field's length
    ("naam_01", "Jansen "),          # a trailing space would not read back
])
def test_writer_refuses_values_that_do_not_fit(key, value):
    record = blank(SPEC.declaration.records["02"], **{key: value})
    with pytest.raises(WriteError) as error:
        write_records([record], SPEC.declaration)
    assert SPEC.declaration.records["02"][key].id in str(error.value)


def test_writer_refuses_unknown_fields():
    record = blank(SPEC.declaration.records["02"])
    record.values["achternaam"] = "Jansen"  # a misspelt key must not vanish silently
    with pytest.raises(WriteError, match="achternaam"):
        write_records([record], SPEC.declaration)


def test_the_strict_reader_names_a_field_that_does_not_parse():
    """read() refuses letters in a numeric field with FieldFormat naming line and rubriek; the receiver, which
    reads tolerantly, answers the same file with field.format on that rubriek."""
    from jwgen.controle import receive
    from jwgen.defects import broken_file
    from jwgen.flatfile import FieldFormat, read

    data = broken_file(["letters-in-numeric"], seed=2)
    with pytest.raises(FieldFormat) as caught:
        read(data, SPEC.declaration)
    finding = next(f for f in receive(data).findings if f.rule == "field.format")
    assert (caught.value.line, caught.value.rubriek) == (finding.line, finding.rubriek)


_FIELD_TEXT = st.text(alphabet=st.sampled_from("0123456789 AZaz-ö٣²\t"), min_size=0, max_size=12)


@pytest.mark.parametrize("rtype", TYPES)
@given(data=st.data())
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_the_whole_record_decoder_agrees_with_the_field_by_field_one(rtype, data):
    """The reader's hot path (one match per record) reads every text as the field-by-field decoder does:
    the same values, the same Raw content, the same verdict on whether any field kept raw content."""
    layout = SPEC.declaration.records[rtype]
    record = data.draw(records(rtype))
    text = codec_for(layout).encode(record)
    for f in data.draw(st.lists(st.sampled_from(layout.fields), max_size=4)):  # overwrite some fields
        content = data.draw(_FIELD_TEXT).ljust(f.length, data.draw(st.sampled_from("0 ")))[:f.length]
        text = text[:f.start - 1] + content + text[f.start - 1 + f.length:]
    fast = codec_for(layout).decode(text, 7)
    values, bad = _compile_decoder(layout)(text)
    assert (fast.values, fast.suspect, fast.number, fast.line) == (values, bad, 7, text)
    assert [type(v) for v in fast.values.values()] == [type(v) for v in values.values()]


def _odd_value(f):
    """Values of every kind the writer may be handed for field ``f``: fitting, too wide, of the wrong type."""
    edges = [None, True, 1.5, -1, 0, 10 ** f.length - 1, 10 ** f.length, date(999, 12, 31), date(2024, 2, 29),
             "", "a", "a" * f.length, "a" * (f.length + 1), "a ", "two\nlines", "cr\r", Raw("0" * f.length),
             Raw("0" * (f.length + 1)), Raw("\n" * f.length)]
    return st.one_of(st.sampled_from(edges), st.integers(min_value=-5, max_value=10 ** f.length + 5),
                     st.text(alphabet=st.sampled_from("ab 9\r\nö"), max_size=f.length + 2))


@pytest.mark.parametrize("rtype", TYPES)
@given(data=st.data())
@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
def test_the_whole_record_encoder_agrees_with_the_field_by_field_one(rtype, data):
    """The writer's hot path (one template per record) writes what the per-field encoders write, and hands
    everything else (Raw content, a value that does not fit, a wrong type) to them to write or refuse."""
    layout = SPEC.declaration.records[rtype]
    record = data.draw(records(rtype))
    for f in data.draw(st.lists(st.sampled_from(layout.fields), max_size=3)):
        record.values[f.key] = data.draw(_odd_value(f))
    codec = codec_for(layout)
    fast = _compile_encoder(layout)(record.values)
    try:
        slow = "".join(encode(record.values[key], None) for key, encode in codec._encode)
    except WriteError:
        slow = None
    assert fast is None or fast == slow


@pytest.mark.parametrize("rtype", TYPES)
def test_a_read_records_values_are_a_plain_dict_of_its_own(rtype):
    """The whole-record decoder may build the values as an instance's __dict__ (``_codec._shares_keys``): it is
    still a dict of the record alone, in field order, that changes without touching another record's."""
    layout = SPEC.declaration.records[rtype]
    codec = codec_for(layout)
    text = codec.encode(blank(layout))
    first, second = codec.decode(text, 1), codec.decode(text, 2)
    assert type(first.values) is dict and first.values == second.values and first.values is not second.values
    assert list(first.values) == [f.key for f in layout.fields]
    key = layout.fields[-1].key
    first.values[key] = "changed"
    assert second.values[key] != "changed" and first.values[key] == "changed"
    copied = {**second.values, "extra": 1}
    assert "extra" not in second.values and copied["extra"] == 1


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="key-sharing dicts are CPython's")
def test_record_types_of_few_fields_share_their_keys():
    """What _shares_keys is for: the values of such a record take less memory than a dict of their own."""
    shared = [rtype for rtype in TYPES if _shares_keys(SPEC.declaration.records[rtype])]
    assert shared
    for rtype in shared:
        layout = SPEC.declaration.records[rtype]
        values = codec_for(layout).decode(codec_for(layout).encode(blank(layout))).values
        assert sys.getsizeof(values) < sys.getsizeof({**values}), rtype


@pytest.mark.parametrize("rtype", TYPES)
def test_the_whole_record_decoder_never_retries_a_field(rtype):
    """An optional field's group tries its empty content first. It must be atomic: a record whose last N field
    holds letters would otherwise be tried both ways for every empty field before it, 2 ** n matches (a
    prestatierecord with its many empty fields took 10 ms instead of 10 µs)."""
    pattern = codec_for(SPEC.declaration.records[rtype]).decode_line.__globals__["match"].__self__.pattern
    assert pattern.count("|") == pattern.count("(?>"), "every alternative sits in an atomic group of its own"
    assert "(?:" not in pattern


@pytest.mark.parametrize("rtype", TYPES)
@given(data=st.data())
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
def test_a_records_tail_is_written_as_the_whole_record_writes_it(rtype, data):
    """``Codec.encode_tail`` (the JW322's retour block after the sender's 310 positions) writes the fields from a
    position on exactly as the whole record's text has them, reading no other value; a position inside a field
    is refused."""
    layout = SPEC.retour.records[rtype]
    record = data.draw(records(rtype, SPEC.retour))
    codec = codec_for(layout)
    f = data.draw(st.sampled_from(layout.fields))
    tail = {g.key: record.values[g.key] for g in layout.fields if g.start >= f.start}
    assert codec.encode_tail(tail, f.start) == codec.encode(record)[f.start - 1:]
    inside = [g for g in layout.fields if g.length > 1]
    if inside:
        with pytest.raises(WriteError, match="begins at position"):
            codec.encode_tail(tail, data.draw(st.sampled_from(inside)).start + 1)


def test_the_readers_memos_give_what_the_conversion_gives_and_stay_bounded():
    """A memo answers what its conversion would, and is emptied at its limit: a file of ever new values (hostile,
    or just large) cannot make it grow without end."""
    from jwgen.flatfile._codec import _CODES, _DATES, _NUMBERS, _Memo

    memo = _Memo(int, 3)
    assert [memo[text] for text in ("007", "7", "0042", "007", "99999")] == [7, 7, 42, 7, 99999]
    assert len(memo) <= 3
    for text in (f"{n:09d}" for n in range(1000)):
        assert memo[text] == int(text)
        assert len(memo) <= 3
    assert {memo.limit for memo in (_NUMBERS, _DATES, _CODES)} == {65_536, 8192, 16_384}
    assert _DATES["20240229"] == date(2024, 2, 29) and _DATES["00000000"] is None
    assert isinstance(_DATES["20230229"], Raw)  # not a date: kept as it came, as the field-by-field decoder does
