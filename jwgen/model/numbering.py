"""Give a declaration its physical keys and its sluitrecord."""
from __future__ import annotations

from typing import Any

from ._declaration import Declaration, Node
from .totals import compute_totals


def renumber(declaration: Declaration) -> None:
    """Identificatie detailrecord ascending from 1 in file order; each commentaarrecord
    carries the id of the record it belongs to and regelnummer 1, 2, ..."""
    number = 0

    def visit(node: Node) -> None:
        nonlocal number
        number += 1
        node.record["identificatie_detailrecord"] = number
        for line, comment in enumerate(node.comments, start=1):
            comment["identificatie_detailrecord"] = number
            comment["regelnummer_vrije_tekst"] = line

    for verzekerde in declaration.verzekerden:
        visit(verzekerde)
        if verzekerde.debiteur is not None:
            visit(verzekerde.debiteur)
        for prestatie in verzekerde.prestaties:
            visit(prestatie)
            for child in prestatie.children():
                visit(child)


def close(declaration: Declaration, structure: Any) -> None:
    """Fill the sluitrecord from :func:`compute_totals`."""
    totals = compute_totals(declaration.details(), structure)
    for key, value in totals.sluit_values(structure).items():
        declaration.sluit[key] = value


def finalize(declaration: Declaration, structure: Any) -> Declaration:
    renumber(declaration)
    close(declaration, structure)
    return declaration
