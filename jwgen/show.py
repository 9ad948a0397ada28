"""A readable, field-by-field view of a JW321 or JW322 file (``jwgen show``)."""
from __future__ import annotations

from .flatfile import scan
from .spec import Spec, load_spec


def detect_message(data: bytes, spec: Spec) -> str:
    """The retour message when the voorlooprecord carries its message code or has its length, else the declaration."""
    first = data.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")
    code = spec.retour.records[spec.retour.structure["voorloop"]]["code_berichtsoort"]
    if first[code.start - 1:code.end] == spec.retour.cod002 or len(first) == spec.retour.record_length:
        return spec.retour.name
    return spec.declaration.name


def render(data: bytes, all_fields: bool = False, spec: Spec | None = None) -> str:
    spec = spec or load_spec()
    message = spec.message(detect_message(data, spec))
    result = scan(data, message)
    names = spec.declaration.structure["names"]
    out = [f"{message.name}: {len(result.lines)} records, {result.size} bytes"]
    for problem in result.problems:
        out.append(f"  ! {problem}")
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
            shown = raw.rstrip() if f.type == "AN" else raw
            flag = "  <- invalid" if type(value).__name__ == "Raw" else ""
            out.append(f"  {f.id} {f.name[:52]:52} {shown}{flag}")
    return "\n".join(out) + "\n"
