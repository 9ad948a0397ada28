"""Every standard measured, as one markdown table (``jwgen standards --table``; the README's standards table).

Per standard: its version, message codes (declaration / retour), source BERs and how it is made, its record types
and rubrieken (the declaration's), and its BER conditions: how many the ledger classifies, and of those how many
are implemented, structural and not checkable. The last column, the defects that apply, is not the spec's to
know: the caller passes a function that counts them (the CLI passes :func:`jwgen.sets.applicable.defects_that_apply`)
and a None from it is shown as "-".

>>> print(table(["GZ321"], lambda spec: None).splitlines()[2])
| GZ321 | 1.0 | 195 / 196 | 195_01.BER.txt, MZ302V0103.xls | layout derived, rest by hand | 01 02 04 06 16 17 98 99 | 174 | 156 | 68 | 67 | 21 | - |
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

from . import SpecError, load_spec
from .provenance import provenance

COLUMNS = ("standard", "version", "COD002", "source BER", "made", "record types", "rubrieken", "BER conditions",
           "implemented", "structural", "not checkable", "defects that apply")


def row(name: str, defects: Callable[[Any], int | None]) -> tuple[str, ...]:
    """The cells of one standard's row (a standard that does not load says so, in its second cell)."""
    try:
        spec = load_spec(standard=name)
    except SpecError as error:
        return (name, f"does not load: {error}", *("-" for _ in COLUMNS[2:]))
    made = provenance(name)
    counts = spec.conditions.counts()
    how = (f"from the BER alone ({spec.standard.made.get('by', 'jwgen standard add')})" if spec.standard.made
           else "layout derived, rest by hand")
    found = defects(spec)
    return (name, spec.standard.version, f"{spec.declaration.cod002} / {spec.retour.cod002 or '?'}",
            ", ".join(made.sources) or "-", how, " ".join(spec.declaration.records),
            str(sum(len(layout.fields) for layout in spec.declaration.records.values())), str(len(spec.conditions)),
            *(str(counts.get(cls, 0)) for cls in ("implemented", "structural", "not-checkable")),
            "-" if found is None else str(found))


def table(names: Iterable[str], defects: Callable[[Any], int | None]) -> str:
    """The markdown table of ``names``, one row each, in that order."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row(name, defects)) + " |" for name in names]
    return "\n".join(lines) + "\n"
