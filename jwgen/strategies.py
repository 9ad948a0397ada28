"""Hypothesis strategies for JW321 models, driven by the spec data.

``records(rtype)`` draws any record that fits its layout (values of every field's
type and length, non-ASCII letters included); ``declarations()`` draws
structurally valid declaration trees (keys linked, ids numbered, sluitrecord
computed). Use them in your own tests::

    from hypothesis import given
    from jwgen.strategies import declarations

    @given(declarations())
    def test_my_reader(declaration): ...

``jw321_files()`` draws whole JW321 files as bytes, valid or broken by defects
of the catalogue that combine (one stage, single file, not masking each other),
each confirmed by jwgen's receiver, with the outcome and JW322 a receiver must
give. Test your own receiver with it::

    from hypothesis import given, settings
    from jwgen.fuzz import compare
    from jwgen.strategies import jw321_files

    @given(jw321_files(profile="gemeente"))
    @settings(deadline=None)
    def test_my_receiver(case):
        answer = my_receiver(case.jw321)             # your JW322 bytes, or None
        assert compare(case.jw322, answer, case.jw321).agree, compare(case.jw322, answer).lines()
        # or look at case.expected: status, voorloop_codes, retourcodes per line, rules

``jw321_files(defects=["bsn-invalid", "wrong-dc"])`` draws only from those ids
(one or more of them per file; ``defects=[]`` draws valid files only). A
history defect named there (see ``jwgen defects``) gives files with
``case.prior``: earlier files to feed the same receiver first, in order.
Failing examples shrink toward fewer verzekerden, fewer defects and simpler
files; ``case.replay`` says how to rebuild one outside hypothesis.

This module imports hypothesis; it is not imported by the command line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Sequence

from hypothesis import strategies as st

from .model import Declaration, Node, Prestatie, Record, Verzekerde, finalize
from .errors import JwgenError
from .spec import MessageLayout, TextForm, encoding_name, load_spec

# Letters a Dutch declaration meets, ASCII and not: positions are characters, not bytes.
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -'.,/éèëêöóüçñßÆø"


def alphabet(encoding: str | None = None) -> str:
    """The letters drawn for text in a file of ``encoding`` (None: any, UTF-8): what that character set holds.

    >>> alphabet("ascii").isascii(), alphabet("windows-1252") == ALPHABET
    (True, True)
    """
    if encoding is None:
        return ALPHABET
    form = TextForm.of(encoding)
    return "".join(c for c in ALPHABET if form.can_hold(c))


def _text(length: int, letters: str = ALPHABET) -> st.SearchStrategy[str]:
    # AN values never end in a space (the reader strips padding) and never hold CR/LF.
    return st.text(alphabet=letters, max_size=length).map(lambda s: s.rstrip(" "))


def _field_strategy(f, letters: str = ALPHABET) -> st.SearchStrategy:
    if f.key == "kenmerk_record":
        return st.just(None)  # filled below from the record type
    if f.kind == "date":
        return st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
    if f.kind == "dc":
        return st.sampled_from(["D", "C"])
    if f.type == "N":
        return st.integers(min_value=0, max_value=10 ** f.length - 1)
    return _text(f.length, letters)


def records(rtype: str, message: MessageLayout | None = None,
            encoding: str | None = None) -> st.SearchStrategy[Record]:
    """Any record of one type that fits its layout (its text in what ``encoding`` holds; None: any)."""
    message = message or load_spec().declaration
    layout = message.records[rtype]
    letters = alphabet(encoding)
    fields = {f.key: _field_strategy(f, letters) for f in layout.fields}

    def build(values: dict) -> Record:
        values["kenmerk_record"] = int(rtype)
        return Record(rtype, values)

    return st.fixed_dictionaries(fields).map(build)


@st.composite
def declarations(draw, max_verzekerden: int = 3, max_prestaties: int = 3, max_children: int = 2,
                 message: MessageLayout | None = None, encoding: str | None = None) -> Declaration:
    """Structurally valid declaration trees with arbitrary field content (text in what ``encoding`` holds)."""
    message = message or load_spec().declaration
    structure = message.structure
    link = structure["link_key"]

    def node(rtype: str) -> Node:
        allowed = rtype in structure["comment_parents"]  # STB table 5-2: commentaar on 02, 03, 04, 06 only
        comments = draw(st.lists(records(structure["comment"], message, encoding), max_size=2)) if allowed else []
        return Node(draw(records(rtype, message, encoding)), comments)

    verzekerden = []
    for _ in range(draw(st.integers(1, max_verzekerden))):
        v = node(structure["verzekerde"])
        verzekerde = Verzekerde(v.record, v.comments)
        if structure["debiteur"] is not None and draw(st.booleans()):  # GZ321 has no debiteurrecord
            verzekerde.debiteur = node(structure["debiteur"])
        for _ in range(draw(st.integers(1, max_prestaties))):
            p = node(structure["prestatie"])
            prestatie = Prestatie(p.record, p.comments)
            tarief, zorgactiviteit, tijdsbesteding = structure["prestatie_children"]
            prestatie.tarieven = [node(tarief) for _ in range(draw(st.integers(1, max_children)))]
            prestatie.zorgactiviteiten = [node(zorgactiviteit) for _ in range(draw(st.integers(0, max_children)))]
            prestatie.tijdsbestedingen = [node(tijdsbesteding) for _ in range(draw(st.integers(0, max_children)))]
            for child in prestatie.children():
                for key in link:
                    child.record.values[key] = p.record.values[key]
            verzekerde.prestaties.append(prestatie)
        verzekerden.append(verzekerde)
    declaration = Declaration(draw(records(structure["voorloop"], message, encoding)), verzekerden,
                              draw(records(structure["sluit"], message, encoding)))
    return finalize(declaration, structure)


@dataclass(frozen=True)
class Jw321File:
    """A drawn JW321 file and what a receiver must answer (``jw322`` None: no JW322)."""

    jw321: bytes
    expected: dict[str, Any]  # status, voorloop_codes, retourcodes {line: [codes]}, rules, ingediend, toegekend
    jw322: bytes | None
    defects: tuple[str, ...]
    profile: str
    seed: int
    base: dict[str, Any]  # the generator options the file was built from
    prior: tuple[bytes, ...] = field(default=())  # earlier files to feed first (history defects)
    encoding: dict[str, str] = field(default_factory=dict)  # its character set, and how the receiver reads it

    @property
    def replay(self) -> str:
        """Python that rebuilds this file."""
        return (f"jwgen.fuzz.cases.build({list(self.defects)!r}, {self.seed}, {self.profile!r}, "
                f"{self.base!r}, jwgen.spec.load_spec())")


def _expected(outcome) -> dict[str, Any]:
    return {"status": outcome.status, "voorloop_codes": list(outcome.voorloop_codes),
            "retourcodes": {line: list(codes) for line, codes in outcome.returned.items()},
            "rules": sorted({f.rule for f in outcome.findings}), "ingediend": outcome.ingediend,
            "toegekend": outcome.toegekend}


@st.composite
def _bases(draw) -> dict[str, Any]:
    """Generator options; every size starts at its small end, so failures shrink to small files."""
    return dict(
        verzekerden=draw(st.integers(1, 4)),
        prestaties=(1, draw(st.integers(1, 3))),
        tarieven=(1, draw(st.integers(1, 2))),
        zorgactiviteiten=(0, draw(st.integers(0, 2))),
        tijdsbestedingen=(0, draw(st.integers(0, 1))),
        commentaren=(draw(st.integers(0, 1)), 1),
        debiteur=draw(st.booleans()),
        zorgactiviteit=draw(st.booleans()),
        tijdsbesteding=draw(st.booleans()),
        commentaar=draw(st.booleans()),
    )


def _defect_sets(defects: Sequence[str] | None, profile: str) -> st.SearchStrategy[tuple[str, ...]]:
    """Valid one time in five (what shrinking aims at), else a first defect from the pool and 0-2
    partners of its stage that do not mask it (history defects alone)."""
    from .fuzz.combine import applicable, make_combinable, parse_pool, partners

    if defects is not None and not list(defects):
        return st.just(())
    if defects is None:
        pool, allow_valid = [d for d in applicable(profile) if not d.history], True
    else:
        pool, allow_valid = parse_pool(list(defects), profile)
    if not pool:
        return st.just(())

    @st.composite
    def draw_set(draw) -> tuple[str, ...]:
        if allow_valid and draw(st.integers(0, 4)) == 0:
            return ()
        first = draw(st.sampled_from(pool)).id
        others = [d.id for d in partners([first], pool, profile)]
        extra = draw(st.lists(st.sampled_from(others), max_size=2, unique=True)) if others else []
        return tuple(make_combinable([first, *extra], profile))

    return draw_set()


def jw321_files(defects: Sequence[str] | None = None, profile: str | None = None,
                encoding: str | None = None) -> st.SearchStrategy[Jw321File]:
    """Whole JW321 files (valid or broken) with the confirmed expected outcome and JW322.

    ``defects=None``: valid files and every single-file defect of the profile except the slow
    ``too-many-records``; a list restricts the draw to those ids ("valid" allows valid files too).
    ``encoding``: utf-8, windows-1252 or ascii [default: the standard's]; a defect about a character set (see
    ``jwgen defects``) writes its own, and ``case.encoding`` says which, and how the receiver reads it.
    """
    from .defects import DefectError
    from .fuzz.combine import parse_pool

    standard = load_spec().standard
    try:
        profile = standard.profile(profile or standard.receiver_profile)
    except JwgenError as error:
        raise DefectError(str(error)) from None
    if defects is not None and list(defects):
        parse_pool(list(defects), profile)  # unknown ids fail here, not inside a test
    spec = load_spec()
    chosen = {} if encoding is None else {"encoding": encoding_name(encoding)}  # an unknown one fails here

    def build(drawn: tuple[tuple[str, ...], dict[str, Any], int]) -> Jw321File:
        from .fuzz.cases import build as build_case

        ids, base, seed = drawn
        base = {**base, "verzekerden": max(base["verzekerden"], len(ids)), **chosen}
        built, used = build_case(ids, seed, profile, base, spec)
        return Jw321File(built.jw321, _expected(built.outcome), built.outcome.jw322, tuple(ids), profile, seed,
                         used, tuple(data for _, data, _ in built.prior),
                         built.encoding.to_dict() if built.encoding else {})

    return st.tuples(_defect_sets(defects, profile), _bases(), st.integers(0, 2 ** 32 - 1)).map(build)
