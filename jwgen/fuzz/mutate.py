"""Hostile variants of a JW321: what an attacker or a careless operator might send.

Unlike the defect catalogue (one known rule broken, expected answer confirmed),
these mutations break anything: bytes, dates out of every range, amounts at their
maximum, line endings, control characters, sizes at the limits. There is no
expected answer, only the guarantees every answer must keep (see
``tests/robustness`` and ``benchmarks/bench_mutations.py``): a readable file is
answered, nothing raises, the same input gives the same bytes.

Each kind is a function ``(data, rng, message) -> bytes``; :func:`mutate` applies
one to three of them. Positions come from the layout (field kinds and types),
never from field names, so the mutations follow the layout when it changes.
"""
from __future__ import annotations

import random
from typing import Callable

from ..spec import MessageLayout, Spec, load_spec, record_type

CRLF = b"\r\n"
# Values a careless or hostile sender puts in a date field.
HOSTILE_DATES = (b"00010101", b"05000101", b"09991231", b"10000101", b"99991231", b"99991225", b"99991230",
                 b"9999123x", b"00000000", b"99999999", b"20170229", b"20171301", b"2017-3-1", b"        ")
# Characters that must never reach a terminal, an XML file or a log raw.
HOSTILE_TEXT = ("\x1b[2J\x1b[H", "\x07", "\x00", "\x1b]0;owned\x07", "\u009b31m", "\u202e", "\ufeff", "\x7f",
                "<![CDATA[", "&amp;<x>", "ë", "\U0001f600", "\ufffe")
Mutation = Callable[[bytes, random.Random, MessageLayout], bytes]


def _lines(data: bytes) -> list[bytes]:
    return data.split(CRLF)


def _pick_field(rng: random.Random, message: MessageLayout, line: bytes, want: Callable) -> tuple[int, int] | None:
    """(start, length) in characters of a field of this line's record type that ``want`` accepts."""
    layout = message.records.get(line[:2].decode("ascii", "replace"))
    if layout is None:
        return None
    fields = [f for f in layout.fields if want(f)]
    if not fields:
        return None
    f = rng.choice(fields)
    return f.start - 1, f.length


def _set_field(data: bytes, rng: random.Random, message: MessageLayout, want: Callable,
               value: Callable[[random.Random, int], bytes]) -> bytes:
    lines = _lines(data)
    index = rng.randrange(max(len(lines) - 1, 1))
    line = lines[index]
    spot = _pick_field(rng, message, line, want)
    if spot is None:
        return data
    start, length = spot
    text = value(rng, length)
    lines[index] = line[:start] + text[:length].ljust(length, b" ") + line[start + length:]
    return CRLF.join(lines)


def hostile_date(data: bytes, rng: random.Random, message: MessageLayout) -> bytes:
    return _set_field(data, rng, message, lambda f: f.kind == "date", lambda r, n: r.choice(HOSTILE_DATES))


def voorloop_date(data: bytes, rng: random.Random, message: MessageLayout) -> bytes:
    """A hostile date in the voorlooprecord (period, dagtekening), where the receiver computes with it."""
    lines = _lines(data)
    layout = message.records.get(message.structure["voorloop"])
    if not lines or layout is None or record_type(lines[0].decode("latin-1")) != layout.rtype:
        return data
    fields = [f for f in layout.fields if f.kind == "date"]
    f = rng.choice(fields)
    value = rng.choice(HOSTILE_DATES)
    lines[0] = lines[0][:f.start - 1] + value + lines[0][f.start - 1 + f.length:]
    return CRLF.join(lines)


def numeric_extreme(data: bytes, rng: random.Random, message: MessageLayout) -> bytes:
    return _set_field(data, rng, message, lambda f: f.type == "N" and f.kind != "date",
                      lambda r, n: r.choice([b"9" * n, b"0" * n, b"-" + b"1" * (n - 1), b" " * n, b"1e5".rjust(n)]))


def max_amounts(data: bytes, rng: random.Random, message: MessageLayout) -> bytes:
    """Every amount field of every record at its maximum, D/C as drawn, the sluit total made to match:
    totals that do not fit the return message's fields."""
    structure = message.structure
    sources = structure.get("amount_source", {})  # JW321 only; a JW322 just gets its amounts at the maximum
    lines = _lines(data)
    total = 0
    credit = rng.random() < 0.5
    for i, line in enumerate(lines):
        rtype = line[:2].decode("ascii", "replace")
        layout = message.records.get(rtype)
        if layout is None or len(line) != message.record_length:
            continue
        dc = b"C" if credit and rng.random() < 0.5 else b"D"
        for f in layout.fields:
            if f.kind == "amount":
                line = line[:f.start - 1] + b"9" * f.length + line[f.start - 1 + f.length:]
            elif f.kind == "dc":
                line = line[:f.start - 1] + dc + line[f.start:]
        if rtype in sources:
            amount_key = sources[rtype][0]
            total += (-1 if dc == b"C" else 1) * (10 ** layout[amount_key].length - 1)
        lines[i] = line
    sluit = message.records.get(structure["sluit"])
    if sluit is not None and "sluit_amount" in structure:
        amount_key, dc_key = structure["sluit_amount"]
        for i, line in enumerate(lines):
            if line[:2].decode("ascii", "replace") == sluit.rtype and len(line) == message.record_length:
                f, g = sluit[amount_key], sluit[dc_key]
                text = str(abs(total)).zfill(f.length)[-f.length:].encode()
                line = line[:f.start - 1] + text + line[f.start - 1 + f.length:]
                line = line[:g.start - 1] + (b"C" if total < 0 else b"D") + line[g.start:]
                lines[i] = line
    return CRLF.join(lines)


def hostile_text(data: bytes, rng: random.Random, message: MessageLayout) -> bytes:
    """Control characters, markup and multi-byte characters in a text field (record length kept in bytes only
    for one-byte characters)."""
    return _set_field(data, rng, message, lambda f: f.type == "AN",
                      lambda r, n: r.choice(HOSTILE_TEXT).encode("utf-8", "replace"))


def flip_bytes(data: bytes, rng: random.Random, message: MessageLayout) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] = rng.choice([rng.randrange(256), 0x00, 0x1B, 0x07, 0x0A, 0x0D, 0x80, 0xFF])
    return bytes(out)


def truncate(data: bytes, rng: random.Random, message: MessageLayout) -> bytes:
    return data[:rng.randrange(len(data) + 1)]


def shuffle_lines(data: bytes, rng: random.Random, message: MessageLayout) -> bytes:
    lines = _lines(data)
    body = lines[:-1] if lines and lines[-1] == b"" else lines
    if not body:
        return data
    choice = rng.randrange(4)
    i = rng.randrange(len(body))
    if choice == 0:
        body.insert(i, body[rng.randrange(len(body))])  # duplicate
    elif choice == 1:
        del body[i]
    elif choice == 2:
        j = rng.randrange(len(body))
        body[i], body[j] = body[j], body[i]
    else:
        body.insert(i, b"")  # an empty line
    return CRLF.join(body) + CRLF


def line_endings(data: bytes, rng: random.Random, message: MessageLayout) -> bytes:
    ending = rng.choice([b"\n", b"\r", b"\n\r", b"\r\r\n", b""])
    if rng.random() < 0.5:
        return data.replace(CRLF, ending)
    lines = _lines(data)
    i = rng.randrange(len(lines))
    return CRLF.join(lines[:i]) + ending + CRLF.join(lines[i:])


def encoding(data: bytes, rng: random.Random, message: MessageLayout) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        return b"\xef\xbb\xbf" + data
    if choice == 1:
        return data.decode("utf-8", "replace").encode("utf-16")
    if choice == 2:
        return data.decode("utf-8", "replace").encode("latin-1", "replace")
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice([b"\xc3", b"\xff\xfe", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"]) + data[i:]


def record_type_change(data: bytes, rng: random.Random, message: MessageLayout) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    if len(lines[i]) < 2:
        return data
    kinds = list(message.records) + ["00", "5", "\x1b["]
    lines[i] = rng.choice(kinds).encode()[:2].ljust(2, b"0") + lines[i][2:]
    return CRLF.join(lines)


def sizes(data: bytes, rng: random.Random, message: MessageLayout) -> bytes:
    """At and over the limits: many lines (empty, bare LF, copies), a file just over the byte limit."""
    lines = _lines(data)
    head = lines[0] + CRLF if lines else b""
    max_records = message.structure.get("max_records") or 12000
    max_bytes = message.structure.get("max_bytes") or 5 * 1024 * 1024
    choice = rng.randrange(5)
    if choice == 0:
        return head + b"\n" * rng.randint(max_records - 2, max_records + 2)
    if choice == 1:
        return head + CRLF * rng.randint(max_records - 2, max_records + 2)
    if choice == 2:
        return head + b"\n" * rng.randint(max_bytes // 4, max_bytes + 16)
    if choice == 3:
        body = lines[1:-2] or lines[:1]
        return head + CRLF.join(body[i % len(body)] for i in range(max_records + 1)) + CRLF
    return data + b" " * (max_bytes + 1 - len(data))


KINDS: dict[str, Mutation] = {
    "hostile-date": hostile_date, "voorloop-date": voorloop_date, "numeric-extreme": numeric_extreme,
    "max-amounts": max_amounts, "hostile-text": hostile_text, "flip-bytes": flip_bytes, "truncate": truncate,
    "shuffle-lines": shuffle_lines, "line-endings": line_endings, "encoding": encoding,
    "record-type": record_type_change, "sizes": sizes,
}
CHEAP = tuple(kind for kind in KINDS if kind != "sizes")  # "sizes" builds multi-megabyte inputs


def mutate(data: bytes, rng: random.Random, message: MessageLayout, kinds: tuple[str, ...] = CHEAP,
           most: int = 3) -> tuple[bytes, list[str]]:
    """One to ``most`` mutations drawn from ``kinds``; returns the bytes and the kinds applied."""
    applied = [rng.choice(kinds) for _ in range(rng.randint(1, most))]
    return apply(data, applied, rng, message), applied


def apply(data: bytes, kinds: list[str], rng: random.Random, message: MessageLayout) -> bytes:
    """The mutations ``kinds`` in order, each drawing from ``rng``."""
    for kind in kinds:
        data = KINDS[kind](data, rng, message)
    return data


def base_files(spec: Spec | None = None, count: int = 4) -> list[bytes]:
    """Small valid JW321s of different shapes (every record type occurs), the same on every machine."""
    from ..flatfile import write
    from ..generate import GenerateOptions, generate

    spec = spec or load_spec()
    out = []
    for seed in range(count):
        options = GenerateOptions(verzekerden=2 + seed, debiteur=seed % 2 == 0, zorgactiviteit=True,
                                  tijdsbesteding=seed % 2 == 1, commentaar=True).fitted(spec)
        out.append(write(generate(options, seed, spec), spec.declaration))
    return out
