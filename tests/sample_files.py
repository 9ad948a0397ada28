"""A small declaration of any standard, written from its layout alone (no generator): for the read-only commands
(show, validate, check, compare) on a standard jwgen does not generate yet.

It has the message's voorlooprecord (its code and version), one verzekerde, one prestatie with one record of each
child type, and the sluitrecord with its counts. A field takes the value of the field with the same key, type and
length in the record of the same role of Vektis's GZ321 base file (a BSN, an AGB-code, a date, an UZOVI-nummer,
...), an amount 0 D; else a mandatory field of a closed code list its list's first code; else it is empty in its type's way (zeros,
spaces), a date 1 January 2020. Its answer may be a rejection: what matters is that it is read and answered, and
far enough to reach the record checks."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jwgen.spec import MessageLayout, Spec, load_spec

BASE_FILE = Path(__file__).parent / "conformance" / "gz321" / "GZ321-basisbestand-correct.ASC"
ROLES = ("voorloop", "verzekerde", "prestatie", "sluit")


@lru_cache(maxsize=1)
def _donor() -> dict[str, dict[str, tuple[str, str, int]]]:
    """role -> key -> (type, text, length) of the first record of that role in Vektis's GZ321 base file."""
    spec = load_spec(standard="GZ321")
    structure = spec.declaration.structure
    out: dict[str, dict] = {}
    for line in BASE_FILE.read_bytes().decode("cp1252").splitlines():
        role = next((r for r in ROLES if structure[r] == line[:2]), None)
        if role is None or role in out:
            continue
        out[role] = {f.key: (f.type, line[f.start - 1:f.end], f.length)
                     for f in spec.declaration.records[line[:2]].fields}
    return out


def _line(spec: Spec, message: MessageLayout, rtype: str, role: str | None, values: dict[str, str]) -> str:
    out = []
    fields = message.records[rtype].fields
    values = {fields[0].key: rtype, **values}  # xx01 KENMERK RECORD
    donor = _donor().get(role, {})
    for f in fields:
        codes = spec.codes(f.codelist) if f.codelist and f.codelist in spec.codelists else None
        given = donor.get(f.key)
        if f.key in values:
            text = values[f.key]
        elif f.value is not None:
            text = f.value
        elif f.kind == "amount":  # every amount nothing: the sluitrecord's total is 0 D
            text = "0"
        elif f.kind == "dc":
            text = "D"
        elif given is not None and given[0] == f.type and given[2] == f.length and f.kind != "filler":
            text = given[1]
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
        role = next((r for r in ROLES if structure[r] == rtype), None)
        values = {"code_berichtsoort": message.codes[0]} if role == "voorloop" else {
            "identificatie_detailrecord": str(number - 1)}
        counts[rtype] = counts.get(rtype, 0) + 1
        lines.append(_line(spec, message, rtype, role, values))
    sluit = {key: str(counts.get(rtype, 0)) for key, rtype in structure["sluit_counts"].items()}
    sluit[structure["sluit_detail_total"]] = str(sum(n for rtype, n in counts.items()
                                                      if rtype != structure["voorloop"]))
    lines.append(_line(spec, message, structure["sluit"], "sluit", sluit))
    return ("\r\n".join(lines) + "\r\n").encode(spec.standard.encoding.encoding)
