"""A readable, field-by-field view of a JW321 or JW322 file (``jwgen show``)."""
from __future__ import annotations

from pathlib import Path

from .flatfile import scan
from .printable import printable
from .spec import Spec, load_spec


def detect_message(data: bytes, spec: Spec) -> str:
    """JW322 when the voorlooprecord carries the JW322 message code or has the JW322 length, else JW321."""
    first = data.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")
    code = spec.jw322.records[spec.jw322.structure["voorloop"]]["code_berichtsoort"]
    if first[code.start - 1:code.end] == spec.jw322.cod002 or len(first) == spec.jw322.record_length:
        return "JW322"
    return "JW321"


def render(data: bytes, layout: Path | None = None, all_fields: bool = False) -> str:
    spec = load_spec(layout)
    message = spec.message(detect_message(data, spec))
    result = scan(data, message, limits_of=spec.jw321)  # a JW322 answers one JW321: the same limits
    names = spec.jw321.structure["names"]
    out = [f"{message.name}: {result.count} records, {result.size} bytes"]
    for problem in result.problems:
        out.append(f"  ! {printable(problem, keep='')}")
    for record in result.records:
        out.append(f"line {record.number}: {record.rtype} {names.get(record.rtype, '')}")
        for f in message.records[record.rtype].fields:
            value = record.values[f.key]
            raw = record.line[f.start - 1:f.start - 1 + f.length] if record.line else ""
            empty = raw.strip(" 0") == ""
            if f.kind == "filler" and not all_fields and raw.strip() == "":
                continue
            if empty and not all_fields:
                continue
            shown = printable(raw.rstrip() if f.type == "AN" else raw, keep="")
            flag = "  <- invalid" if type(value).__name__ == "Raw" else ""
            out.append(f"  {f.id} {f.name[:52]:52} {shown}{flag}")
    return "\n".join(out) + "\n"
