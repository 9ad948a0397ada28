"""A readable, field-by-field view of a JW321 or JW322 file (``jwgen show``).

Every line of the file is shown: a record of the wrong length is named with its problem
and read as well as it can be (padded or cut to the record length); an unknown record type
is named too. Amounts and dates are shown readable next to the raw value
(``00012345  € 123,45 D``, ``20170331  31-03-2017``). Field names are never cut.
A file that is not a JW321 or JW322 at all is refused with one clear line.
"""
from __future__ import annotations


from .errors import JwgenError
from .flatfile import scan
from .flatfile import codec_for
from .model import Raw
from .report.money import dutch_date, money
from .spec import MessageLayout, Spec, load_spec, record_type
from .printable import printable


def detect_message(data: bytes, spec: Spec) -> str:
    """The retour message when the voorlooprecord carries its message code or has its length, else the declaration."""
    first = _first_line(data)
    code = spec.retour.records[spec.retour.structure["voorloop"]]["code_berichtsoort"]
    if first[code.start - 1:code.end] in spec.retour.codes or len(first) == spec.retour.record_length:
        return spec.retour.name
    return spec.declaration.name


def _first_line(data: bytes) -> str:
    return data.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")


def not_an_ei_file(data: bytes, spec: Spec) -> str | None:
    """Why these bytes are no JW321/JW322 at all (None when they look like one, however broken).

    It looks like one when its first line starts a voorlooprecord with code 434 or 435, or when any
    line is a record of a known type and the right length."""
    if not data.strip():
        return "the file is empty"
    first = _first_line(data)
    voorloop = spec.declaration.structure["voorloop"]
    code = spec.declaration.records[voorloop]["code_berichtsoort"]
    if record_type(first) == voorloop and first[code.start - 1:code.end] in spec.declaration.codes + spec.retour.codes:
        return None
    lengths = {spec.declaration.record_length: spec.declaration, spec.retour.record_length: spec.retour}
    text = data.decode("utf-8", "replace")
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:1000]:
        message = lengths.get(len(line))
        if message is not None and record_type(line) in message.records:
            return None
    if b"\x00" in data[:4096]:
        return "it is a binary file"
    return (f"its first line does not start a voorlooprecord ({voorloop} with code {spec.declaration.cod002} or "
            f"{spec.retour.cod002}) and no line is a {spec.declaration.record_length}- or "
            f"{spec.retour.record_length}-character record of a known type")


def _readable(f, raw: str, record, layout) -> str:  # noqa: ANN001 - spec Field, Record, RecordLayout
    """The value a person reads next to the raw one: money for amounts, dd-mm-jjjj for dates."""
    value = record.values.get(f.key)
    if type(value) is Raw or not raw.strip():
        return ""
    if f.kind == "date":
        return dutch_date(value) if value is not None and raw.strip("0") else ""
    if f.kind == "amount" and type(value) is int:
        fields = layout.fields
        index = fields.index(f)
        after = fields[index + 1] if index + 1 < len(fields) else None
        if after is not None and after.kind == "dc":
            return money(value, str(record.values.get(after.key) or "").strip() or "?")
        return money(value, signed=False)
    return ""


def render(data: bytes, all_fields: bool = False, name: str = "the file", spec: Spec | None = None) -> str:
    spec = spec or load_spec()
    why = not_an_ei_file(data, spec)
    if why is not None:
        raise JwgenError(f"{name} is not a JW321 or JW322 file: {why}")
    message = spec.message(detect_message(data, spec))
    result = scan(data, message, limits_of=spec.declaration)  # a retour answers one declaration: its limits
    names = spec.declaration.structure["names"]
    by_line = {record.number: record for record in result.records}
    problems: dict[int, list[str]] = {}
    out = [f"{message.name}: {len(result.lines)} records, {result.size} bytes"]
    for problem in result.problems:
        line = getattr(problem, "line", None)
        if line is not None and line not in by_line and line <= len(result.lines):
            problems.setdefault(line, []).append(str(problem))
        out.append(f"  ! {printable(_located(problem), keep='')}")
    shown = [(n, by_line.get(n)) for n in range(1, len(result.lines) + 1)]
    width = _name_width(message, result.records, all_fields)
    for number, record in shown:
        text = result.lines[number - 1]
        if record is None:
            rtype = record_type(text)
            known = message.records.get(rtype)
            what = f"{rtype} {names.get(rtype, '')}".strip() if known else f"{rtype!r} (unknown record type)"
            out.append(f"line {number}: {printable(what, keep='')}  ! "
                       f"{printable('; '.join(problems.get(number, ['not read'])), keep='')}")
            if known is None:
                out.append(f"  raw: {printable(text[:80], keep='')}{'…' if len(text) > 80 else ''}")
                continue
            record = codec_for(known).decode(text.ljust(message.record_length)[:message.record_length], number)
            out.append(f"  (read as if the record had {message.record_length} characters; it has {len(text)})")
            text = text.ljust(message.record_length)[:message.record_length]
        else:
            out.append(f"line {number}: {record.rtype} {names.get(record.rtype, '')}")
        out.extend(_fields(message, record, text, all_fields, width))
    return "\n".join(out) + "\n"


def _located(problem) -> str:  # noqa: ANN001 - a ReadError
    line = getattr(problem, "line", None)
    return f"line {line}: {problem}" if line is not None and f"line {line}" not in str(problem) else str(problem)


def _name_width(message: MessageLayout, records, all_fields: bool) -> int:  # noqa: ANN001
    types = {r.rtype for r in records} or set(message.records)
    names = [len(f.name) for rtype in types if rtype in message.records for f in message.records[rtype].fields]
    return max(names, default=20)


def _fields(message: MessageLayout, record, line: str, all_fields: bool, width: int) -> list[str]:  # noqa: ANN001
    layout = message.records[record.rtype]
    out = []
    for f in layout.fields:
        value = record.values.get(f.key)
        raw = line[f.start - 1:f.start - 1 + f.length] if line else ""
        empty = raw.strip(" 0") == ""
        if f.kind == "filler" and not all_fields and raw.strip() == "":
            continue
        if empty and not all_fields:
            continue
        shown = printable(raw.rstrip() if f.type == "AN" else raw, keep="")
        readable = _readable(f, raw, record, layout)
        flag = "  <- invalid" if type(value) is Raw else ""
        tail = f"  {printable(readable, keep='')}" if readable else ""  # a D/C read off the file, maybe BEL
        out.append(f"  {f.id} {f.name:{width}} {shown}{tail}{flag}".rstrip())
    return out
