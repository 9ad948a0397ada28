"""Hypothesis strategies for JW321 models, driven by the spec data.

``records(rtype)`` draws any record that fits its layout (values of every field's
type and length, non-ASCII letters included); ``declarations()`` draws
structurally valid declaration trees (keys linked, ids numbered, sluitrecord
computed). Use them in your own tests::

    from hypothesis import given
    from jwgen.strategies import declarations

    @given(declarations())
    def test_my_reader(declaration): ...

This module imports hypothesis; it is not imported by the command line.
"""
from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from .model import Declaration, Node, Prestatie, Record, Verzekerde, finalize
from .spec import MessageLayout, load_spec

# Letters a Dutch declaration meets, ASCII and not: positions are characters, not bytes.
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -'.,/éèëêöóüçñßÆø"


def _text(length: int) -> st.SearchStrategy[str]:
    # AN values never end in a space (the reader strips padding) and never hold CR/LF.
    return st.text(alphabet=ALPHABET, max_size=length).map(lambda s: s.rstrip(" "))


def _field_strategy(f) -> st.SearchStrategy:
    if f.key == "kenmerk_record":
        return st.just(None)  # filled below from the record type
    if f.kind == "date":
        return st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
    if f.kind == "dc":
        return st.sampled_from(["D", "C"])
    if f.type == "N":
        return st.integers(min_value=0, max_value=10 ** f.length - 1)
    return _text(f.length)


def records(rtype: str, message: MessageLayout | None = None) -> st.SearchStrategy[Record]:
    """Any record of one type that fits its layout."""
    message = message or load_spec().jw321
    layout = message.records[rtype]
    fields = {f.key: _field_strategy(f) for f in layout.fields}

    def build(values: dict) -> Record:
        values["kenmerk_record"] = int(rtype)
        return Record(rtype, values)

    return st.fixed_dictionaries(fields).map(build)


@st.composite
def declarations(draw, max_verzekerden: int = 3, max_prestaties: int = 3, max_children: int = 2,
                 message: MessageLayout | None = None) -> Declaration:
    """Structurally valid declaration trees with arbitrary field content."""
    message = message or load_spec().jw321
    structure = message.structure
    link = structure["link_key"]

    def node(rtype: str) -> Node:
        comments = draw(st.lists(records("98", message), max_size=2))
        return Node(draw(records(rtype, message)), comments)

    verzekerden = []
    for _ in range(draw(st.integers(1, max_verzekerden))):
        v = node("02")
        verzekerde = Verzekerde(v.record, v.comments)
        if draw(st.booleans()):
            verzekerde.debiteur = node("03")
        for _ in range(draw(st.integers(1, max_prestaties))):
            p = node("04")
            prestatie = Prestatie(p.record, p.comments)
            prestatie.tarieven = [node("06") for _ in range(draw(st.integers(1, max_children)))]
            prestatie.zorgactiviteiten = [node("16") for _ in range(draw(st.integers(0, max_children)))]
            prestatie.tijdsbestedingen = [node("17") for _ in range(draw(st.integers(0, max_children)))]
            for child in prestatie.children():
                for key in link:
                    child.record.values[key] = p.record.values[key]
            verzekerde.prestaties.append(prestatie)
        verzekerden.append(verzekerde)
    declaration = Declaration(draw(records("01", message)), verzekerden, draw(records("99", message)))
    return finalize(declaration, structure)
