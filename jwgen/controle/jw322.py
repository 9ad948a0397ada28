"""Build the JW322 return message: returned records unchanged plus their retour block (STB 6.9)."""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Iterable

from ..flatfile import WriteError, codec_for
from ..flatfile.writer import CRLF
from ..model import Record, blank, split_signed
from ..spec import RecordLayout, Spec, TextForm, record_type

RETOUR_DELAY = timedelta(days=7)  # dagtekening retourbericht = dagtekening factuur + 7 days (deterministic)
LATEST_FACTUUR = date.max - RETOUR_DELAY  # the last dagtekening factuur whose retourbericht has a date


def retour_date(factuur: date | None) -> date | None:
    """The dagtekening retourbericht for this dagtekening factuur, never past ``date.max``."""
    if factuur is None:
        return None
    return factuur + RETOUR_DELAY if factuur <= LATEST_FACTUUR else date.max


def retour_line(spec: Spec, original: Record, codes: Iterable[str], amounts: dict | None = None,
                voorloop: dict | None = None) -> str:
    """The text of a returned record: the original 310 positions untouched, then its retour block: codes (first
    slot first), amounts and (voorlooprecord) the receiver's own fields; what the block does not set, empty."""
    layout, changes = _retour_shape(spec, original.rtype)
    head = original.line if original.line is not None else codec_for(spec.declaration.records[original.rtype]).encode(original)
    for start, end, value in changes:
        head = head[:start] + value + head[end:]  # e.g. 0102 = 435: a retour carries its own message code
    if original.rtype == spec.declaration.structure["voorloop"]:
        head = _retour_code(spec, head)
    block = _block(layout, len(head))
    values = dict(block)
    for slot, code in zip(spec.retour.structure["retourcode_fields"], list(codes)[:3]):
        values[slot] = code
    values.update(amounts or {})
    values.update(voorloop or {})
    if len(values) != len(block):
        unknown = sorted(set(values) - set(block))
        raise WriteError(f"the retour block of record {original.rtype} has no field {', '.join(unknown)}",
                         line=original.number)
    return head + codec_for(layout).encode_tail(values, len(head) + 1, original.number)


@lru_cache(maxsize=16)
def _code_map(spec: Spec) -> tuple[tuple[int, int] | None, dict[str, str]]:
    """(the slice of 0102, declaration code -> retour code) of a standard whose BER names several codes and whose
    retour's 0102 has no one value (AP304 106/120 -> AP305 143/144: each code answered with its own)."""
    sent, retour = spec.declaration, spec.retour
    field = retour.records[retour.structure["voorloop"]].by_key.get("code_berichtsoort")
    if field is None or field.value is not None or len(sent.codes) != len(retour.codes) or len(sent.codes) < 2:
        return None, {}
    return (field.start - 1, field.end), dict(zip(sent.codes, retour.codes))


def _retour_code(spec: Spec, head: str) -> str:
    at, codes = _code_map(spec)
    if at is None or head[at[0]:at[1]] not in codes:
        return head
    return head[:at[0]] + codes[head[at[0]:at[1]]] + head[at[1]:]


@lru_cache(maxsize=256)
def _block(layout: RecordLayout, length: int) -> MappingProxyType:
    """The fields of a retour layout after a head of ``length`` characters (the retour block), each empty as
    :func:`~jwgen.model.blank` makes it."""
    empty = blank(layout).values
    return MappingProxyType({f.key: empty[f.key] for f in layout.fields if f.start > length})


@lru_cache(maxsize=256)
def _retour_shape(spec: Spec, rtype: str) -> tuple[RecordLayout, tuple[tuple[int, int, str], ...]]:
    """(the retour layout of a record type, (start, end, value) of the fields in positions 1-310 whose fixed
    value differs between JW321 and JW322: the message code)."""
    sent, layout = spec.declaration.records[rtype], spec.retour.records[rtype]
    return layout, tuple((f.start - 1, f.end, f.value) for f in layout.fields
                         if f.value is not None and f.key in sent and sent[f.key].value != f.value)


@lru_cache(maxsize=64)
def amount_limit(spec: Spec, rtype: str) -> int:
    """The first amount the retour block of a record type cannot carry: 10 ** the length of its first amount
    field (the berekend bedrag)."""
    return 10 ** spec.retour.records[rtype][spec.retour.structure["amount_fields"][rtype][0]].length


def amounts_block(spec: Spec, rtype: str, berekend: int, toegekend: int) -> dict:
    keys = spec.retour.structure["amount_fields"].get(rtype)
    if not keys:
        return {}
    b, b_dc = split_signed(berekend)
    t, t_dc = split_signed(toegekend)
    most = amount_limit(spec, rtype) - 1  # a prestatie beyond it is rejected (amount.prestatie-too-large)
    return dict(zip(keys, (min(b, most), b_dc, min(t, most), t_dc)))


def sluit_record(spec: Spec, returned: list[str], ingediend: int, toegekend: int) -> Record:
    """The retour's sluitrecord for the returned records (their text: each counts by its record type)."""
    structure = spec.retour.structure
    counts = {rtype: 0 for rtype in structure["sluit_counts"].values()}
    for line in returned:
        rtype = record_type(line)
        if rtype in counts:
            counts[rtype] += 1
    values = {key: counts[rtype] for key, rtype in structure["sluit_counts"].items()}
    values[structure["sluit_detail_total"]] = sum(counts.values())
    for keys, amount in ((structure["sluit_ingediend"], ingediend), (structure["sluit_toegekend"], toegekend)):
        values[keys[0]], values[keys[1]] = split_signed(amount)
    return blank(spec.retour.records[structure["sluit"]], **values)


def build(spec: Spec, voorloop: Record, voorloop_codes: list[str], returned: list[str], ingediend: int,
          toegekend: int, referentienummer: str, dagtekening: date | None, form: TextForm | None = None) -> bytes:
    """JW322 bytes: voorloop with its codes, the returned records (their :func:`retour_line`) in file order, the
    sluitrecord; in the character set the file was read in (``form``, default the standard's: a character it does
    not have, from a byte the receiver could not read, is written as '?')."""
    layout = spec.retour.records[spec.retour.structure["voorloop"]]
    head = retour_line(spec, voorloop, voorloop_codes, voorloop={
        "referentienummer_ontvanger": referentienummer[:layout["referentienummer_ontvanger"].length],
        "dagtekening_retourbericht": dagtekening,
    })
    sluit = sluit_record(spec, returned, ingediend, toegekend)
    # Returned records are written from their text, so positions 1-310 are the sender's own bytes.
    lines = [head, *returned, codec_for(sluit_layout(spec)).encode(sluit)]
    form = form or spec.retour.structure["text_form"]
    if form.counts_bytes:
        return b"".join(_in_bytes(line, spec) + b"\r\n" for line in lines)
    return (CRLF.join(lines) + CRLF).encode(form.codec, errors="replace")


def _in_bytes(line: str, spec: Spec) -> bytes:
    """A returned line as a receiver that counts UTF-8 bytes writes it: each of the sender's fields padded to its
    length in bytes (the sender's own bytes, for a record the receiver read at its byte positions), then the
    retour block."""
    if line.isascii():
        return line.encode("ascii")
    length = spec.declaration.record_length
    layout = spec.declaration.records.get(record_type(line))
    if layout is None:
        return line.encode("utf-8", errors="replace")
    head = line[:length]
    return b"".join(head[f.start - 1:f.start - 1 + f.length].rstrip(" ").encode("utf-8", errors="replace")
                    .ljust(f.length) for f in layout.fields) + line[length:].encode("utf-8", errors="replace")


def sluit_layout(spec: Spec):
    return spec.retour.records[spec.retour.structure["sluit"]]
