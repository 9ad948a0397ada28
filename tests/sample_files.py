"""A small declaration of any standard, written from its layout alone (no generator): for the read-only commands
(show, validate, compare) on a standard jwgen does not generate yet. It has the message's voorlooprecord (its code
and version), one verzekerde, one prestatie with one record of each child type, and the sluitrecord with the
counts; every other field is empty in its type's way (zeros, spaces) or, for a date, 1 January 2020. Its answer
may be a rejection: what matters is that it is read and answered."""
from __future__ import annotations

from jwgen.spec import MessageLayout, Spec


def _line(spec: Spec, message: MessageLayout, rtype: str, values: dict[str, str]) -> str:
    out = []
    fields = message.records[rtype].fields
    values = {fields[0].key: rtype, **values}  # xx01 KENMERK RECORD
    for f in fields:
        codes = spec.codes(f.codelist) if f.codelist and f.codelist in spec.codelists else None
        if f.key in values:
            text = values[f.key]
        elif f.value is not None:
            text = f.value
        elif codes and f.use == "M":
            text = sorted(code for code in codes if len(code) <= f.length)[0]
        elif f.kind == "date" and f.length == 8:
            text = "20200101"
        else:
            text = "0" * f.length if f.type == "N" else " " * f.length
        out.append(text.rjust(f.length, "0") if f.type == "N" else text.ljust(f.length))
    line = "".join(out)
    assert len(line) == message.record_length, (rtype, len(line))
    return line


def sample_declaration(spec: Spec) -> bytes:
    message = spec.declaration
    structure = message.structure
    order = [structure["voorloop"], structure["verzekerde"], structure["prestatie"],
             *structure.get("prestatie_children", [])]
    lines, counts = [], {}
    for number, rtype in enumerate(order, start=1):
        values = {}
        if rtype == structure["voorloop"]:
            values["code_berichtsoort"] = message.codes[0]
        if rtype != structure["voorloop"]:
            values["identificatie_detailrecord"] = str(number - 1)
        counts[rtype] = counts.get(rtype, 0) + 1
        lines.append(_line(spec, message, rtype, values))
    sluit = {key: str(counts.get(rtype, 0)) for key, rtype in structure["sluit_counts"].items()}
    sluit[structure["sluit_detail_total"]] = str(sum(n for rtype, n in counts.items()
                                                      if rtype != structure["voorloop"]))
    lines.append(_line(spec, message, structure["sluit"], sluit))
    return ("\r\n".join(lines) + "\r\n").encode(spec.standard.encoding.encoding)
