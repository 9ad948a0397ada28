"""A valid declaration of any standard, drawn from its layout and structure alone (a standard made from a BER).

The GGZ generator (:mod:`jwgen.generate.declaration`) knows what a DBC is; this one knows only what the
standard's data says: the record types and their roles (``structure``: voorloop, verzekerde, debiteur,
prestatie and its children, commentaar, sluit), every field's type, length, kind, code list and fixed value,
where amounts and their debet/credit live, the date pairs. What a field holds comes from its role
(:mod:`jwgen.generate.field_values`); beyond that:

* a record repeats what its parents say (the voorlooprecord, the verzekerde, the prestatie) under the same
  rubriek name: the receiver's code, the BSN, a prestatie's keys (Vektis's key inheritance, "waarde dient
  gelijk te zijn aan die in het ... record");
* dates lie inside the declaratieperiode; a record with a begin/end pair inside its prestatie's;
* a record that carries a declaratiebedrag has ``tarief x aantal = berekend bedrag = declaratiebedrag``,
  debet; counts, totals and numbering come from :func:`jwgen.model.finalize`;
* every implemented check of the standard's condition ledger is met (:mod:`jwgen.generate.satisfy`: each
  kind's ``allowed`` value, what the receiver judges with);
* the counts of the GGZ options (:mod:`jwgen.generate.shape`): ``--prestaties``, ``--commentaren``,
  ``--debiteur``; ``--tarieven``, ``--zorgactiviteiten`` and ``--tijdsbestedingen`` count the first, second and
  third record type below a prestatie (ZH308: tarief- and zorgactiviteitrecords); ``--records`` fits the file to
  that many records;
* every record type of the standard is present: the first verzekerde has a debiteur (where the standard has
  one) and a commentaarrecord, its first prestatie one record of every type below it.

Like the GGZ generator it draws everything from one seeded ``random.Random`` (one per verzekerde, seeded from
the file's), so the same seed and options give the same bytes.

>>> from jwgen.spec import load_spec
>>> spec = load_spec(standard="GZ321")
>>> d = generate_from_layout(spec, GenerateOptions(verzekerden=2), random.Random(1))
>>> sorted({r.rtype for r in d.records()})
['01', '02', '04', '06', '16', '17', '98', '99']
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from ..errors import JwgenError
from ..model import Declaration, Node, Prestatie, Record, Verzekerde, blank, finalize
from ..spec import Field, RecordLayout, Spec
from . import identifiers
from .draw import between, day_between, pick
from .corrections import set_tarief_amount
from .field_values import role_of
from .options import GenerateOptions
from .pattern_values import matching
from .people import People
from .satisfy import satisfy
from .shape import CHILD_RANKS, MINIMUM, PrestatieShape, Shape, draw_shape, fit_shape, for_standard
from .text import fit, fold_for

#: Roles whose field the record keeps as ``blank`` made it (fixed, empty) or that are set later (numbering, amounts).
NO_DRAW = frozenset({"fixed", "empty", "numbered", "amount"})
#: Roles of the rubrieken a record keeps to itself (its kenmerk, identificatie, referentienummers).
OWN = frozenset({"fixed", "numbered", "referentienummer", "empty"})
#: Length of the factuurnummer of a voorlooprecord that names none (FACTUURNUMMER DECLARANT is AN12).
FACTUURNUMMER = 12
#: BETALING AAN (COD833-VEKT) of a generated file: the praktijk.
PRAKTIJK = 3
#: The words a commentaarrecord of a generated file says.
COMMENT = "Toelichting bij de declaratie."
#: Tarief of a prestatie, in cents: from 12.50 to 950.00 euro.
TARIEF_CENTS = (1250, 95_000)
#: Age range of a generated verzekerde, in years.
AGES = (0, 90)
#: Draws of a prestatie's begindatum and keys before one a verzekerde's other prestaties do not have is given up on
#: (more prestaties than days in the period); the receiver then names the doubled prestatie.
DRAWS = 50


class _FileState:
    """What the whole file shares: the declarant, the period, counters and the rubrieken of the voorlooprecord."""

    def __init__(self, spec: Spec, options: GenerateOptions, rng: random.Random) -> None:
        self.spec = spec
        self.options = options
        self.structure = spec.declaration.structure
        self.layouts: dict[str, RecordLayout] = dict(spec.declaration.records)
        self.receiver_key = spec.standard.receiver["key"]
        self.receiver = options.receiver(spec)
        self.people = People(spec.codes("NAM040-NEN") or {})
        self.codec = options.text_form(spec).codec
        self.begin, self.end = options.begindatum, options.einddatum
        # per record type: (field, its role, whether a record repeats its parents' value of it), worked out once
        self.roles = {rtype: tuple((f, role_of(f, self.receiver_key),
                                    f.kind not in ("amount", "dc") and not f.key.startswith("aantal"))
                                   for f in layout.fields) for rtype, layout in self.layouts.items()}
        length = next((f.length for f, role, _ in self.roles[self.structure["voorloop"]] if role == "factuurnummer"),
                      FACTUURNUMMER)
        self.factuurnummer = identifiers.factuurnummer(rng, options.year, options.month, length)
        self.agb = [options.praktijkcode or identifiers.agb(rng, options.zorgverlenerssoort, praktijk=True),
                    options.zorgverlenerscode or identifiers.agb(rng, options.zorgverlenerssoort)]
        # what a record of each type keeps to itself: the records below it do not repeat its kenmerk, numbering
        # and referentienummers
        self.own = {rtype: frozenset(f.key for f, role, _ in roles if role in OWN)
                    for rtype, roles in self.roles.items()}
        self.references = 0
        self.clients = rng.randrange(100_000, 900_000)
        self.debiteuren = 0
        self.bsns: set[int] = set()  # membership only

    def referentienummer(self, length: int) -> str:
        self.references += 1
        return identifiers.referentienummer(self.factuurnummer, self.references, length)


def _check(spec: Spec, options: GenerateOptions) -> None:
    """The options a standard made from a BER takes: verzekerden or records, the counts per record type (the GGZ
    names of a prestatie's children: its first, second and third record type below it), period, receiver."""
    options.check_common(spec)
    structure = spec.declaration.structure
    max_records = structure["max_records"]
    most = (max_records - 2) // 3
    if not 1 <= options.verzekerden <= most:
        raise JwgenError(f"--verzekerden must be from 1 to {most}, not {options.verzekerden}")
    for name, (low, high), floor in (("prestaties", options.prestaties, 1), ("tarieven", options.tarieven, 1),
                                     ("zorgactiviteiten", options.zorgactiviteiten, 0),
                                     ("tijdsbestedingen", options.tijdsbestedingen, 0),
                                     ("commentaren", options.commentaren, 0)):
        if not floor <= low <= high <= max_records:
            raise JwgenError(f"--{name} {low}..{high}: need {floor} <= min <= max <= {max_records}")
    if options.debiteur and structure.get("debiteur") is None:
        raise JwgenError(f"--debiteur: {spec.standard.name} has no debiteurrecord (its layout has no such record "
                         "type)")
    least = MINIMUM + 1 if _children(structure) else MINIMUM  # voorloop, verzekerde, prestatie, (a child,) sluit
    most_records = min(max_records, structure["max_bytes"] // (spec.declaration.record_length + 2)
                       if structure.get("max_bytes") else max_records)  # ZH308: 610 positions a record
    if options.records is not None and not least <= options.records <= most_records:
        raise JwgenError(f"--records {options.records}: a {spec.declaration.name} holds {least} to {most_records} "
                         f"records (at most {max_records} records and {structure.get('max_bytes') or 0:,} bytes, "
                         f"{spec.declaration.record_length} positions a record)")


def _children(structure: Any) -> list[str]:
    """The record types below a prestatie, as many as a shape counts (three)."""
    return list(structure.get("prestatie_children") or [])[:len(CHILD_RANKS)]


def _plans(state: _FileState, rng: random.Random) -> list[tuple[random.Random, Shape]]:
    """One generator and one shape per verzekerde: drawn from the options (the first with every record type of
    the standard: a debiteur, a commentaarrecord, one record of each type below its first prestatie), fitted to
    ``--records`` when given."""
    s, options = state.structure, state.options
    children = len(_children(s))
    has_comment = bool(s.get("comment")) and s["comment"] in state.layouts

    def drawn(first: bool) -> tuple[random.Random, Shape]:
        own = random.Random(rng.getrandbits(64))
        shape = for_standard(draw_shape(own, options), children, bool(s.get("debiteur")), has_comment)
        if first:
            shape.debiteur = bool(s.get("debiteur"))
            shape.comments = max(shape.comments, 1 if has_comment else 0)
            for rank in range(children):
                attribute = CHILD_RANKS[rank]
                setattr(shape.prestaties[0], attribute, max(getattr(shape.prestaties[0], attribute), 1))
        return own, shape

    if options.records is None:
        return [drawn(number == 0) for number in range(options.verzekerden)]
    plans = []
    remaining = options.records - 2
    least = MINIMUM if children else MINIMUM - 1
    while remaining > 0:
        own, shape = drawn(not plans)
        if remaining - shape.size < least:
            fit_shape(shape, remaining, children)
        plans.append((own, shape))
        remaining -= shape.size
    return plans


def generate_from_layout(spec: Spec, options: GenerateOptions, rng: random.Random) -> Declaration:
    """A finalized declaration of ``spec`` (any standard) for ``options``, fully determined by ``rng``."""
    _check(spec, options)
    state = _FileState(spec, options, rng)
    s = state.structure
    plans = _plans(state, rng)
    voorloop = _record(state, rng, s["voorloop"], {})
    inherited = {k: v for k, v in voorloop.values.items() if k == state.receiver_key}
    verzekerden = [_verzekerde(state, own, inherited, shape) for own, shape in plans]
    declaration = Declaration(voorloop, verzekerden, blank(state.layouts[s["sluit"]]))
    return finalize(satisfy(spec, declaration), s)


def _verzekerde(state: _FileState, rng: random.Random, inherited: dict, shape: Shape) -> Verzekerde:
    s = state.structure
    record = _record(state, rng, s["verzekerde"], inherited)
    verzekerde = Verzekerde(record)
    keys = {**inherited, **_keys_of(state, record)}
    if shape.debiteur:
        debiteur = _record(state, rng, s["debiteur"], inherited)
        if "debiteurnummer" in record and "debiteurnummer" in debiteur:
            record["debiteurnummer"] = debiteur["debiteurnummer"]
        verzekerde.debiteur = Node(debiteur)
    periods: set[tuple] = set()
    for prestatie_shape in shape.prestaties:
        verzekerde.prestaties.append(_prestatie(state, rng, keys, prestatie_shape, periods))
    for _ in range(shape.comments):
        verzekerde.comments.append(_record(state, rng, s["comment"], {}))
    return verzekerde


def _prestatie(state: _FileState, rng: random.Random, keys: dict, shape: PrestatieShape, periods: set) -> Prestatie:
    s = state.structure
    rtype = s["prestatie"]
    pair = s.get("date_ranges", {}).get(rtype) or []
    for _ in range(DRAWS):  # a verzekerde's prestaties differ in their keys (a prestatie is known by them)
        begin = day_between(rng, state.begin, state.end)
        end = day_between(rng, begin, state.end) if pair and pair[0] != pair[1] else begin
        record = _record(state, rng, rtype, keys, period=(begin, end))
        key = tuple(record[k] for k in s.get("link_key", ()) if k in record) + (begin,)
        if key not in periods:
            break
    periods.add(key)
    prestatie = Prestatie(record)
    own = {**keys, **_keys_of(state, record)}
    lists = (prestatie.tarieven, prestatie.zorgactiviteiten, prestatie.tijdsbestedingen)
    for rank, child in enumerate(_children(s)):
        for _ in range(getattr(shape, CHILD_RANKS[rank])):
            lists[rank].append(Node(_record(state, rng, child, own, period=(begin, end))))
    return prestatie


def _keys_of(state: _FileState, record: Record) -> dict[str, Any]:
    """What the records below ``record`` repeat of it: every filled rubriek but its own bookkeeping."""
    own = state.own[record.rtype]
    return {k: v for k, v in record.values.items() if k not in own and v not in (None, "", 0)}


def _record(state: _FileState, rng: random.Random, rtype: str, inherited: dict,
            period: tuple[date, date] | None = None) -> Record:
    """A record of ``rtype``: every field drawn by its role, what its parents hold repeated, amounts made
    consistent."""
    layout = state.layouts[rtype]
    record = blank(layout)
    pair = state.structure.get("date_ranges", {}).get(rtype) or []
    window = period or (state.begin, state.end)
    first = day_between(rng, *window)
    span = {pair[0]: first, pair[-1]: day_between(rng, first, window[1]) if len(set(pair)) > 1 else first} \
        if pair else {}
    if rtype == state.structure.get("prestatie") and pair:
        span = {pair[0]: window[0], pair[-1]: window[1]}
    person: dict[str, Any] = {}  # one name and one address a record: its voorletters are its naam's
    for f, role, inheritable in state.roles[rtype]:
        if inheritable and f.key in inherited:
            record[f.key] = inherited[f.key]
            continue
        if role in NO_DRAW:
            continue
        value = _value(state, rng, f, role, span, window, person)
        if value is not None:
            record[f.key] = value
    _amounts(state, rng, rtype, record)
    return record


def _value(state: _FileState, rng: random.Random, f: Field, role: str, span: dict, window: tuple,
           person: dict) -> Any:
    """The value of field ``f`` by its role; None leaves it empty (or fixed, or set later)."""
    if role == "dc":
        return "D"
    if f.kind == "date":
        return _date(state, rng, f, role, span, window)
    if role == "soort_bericht":
        return state.options.soort_bericht
    if role == "message_code":
        return int(state.spec.declaration.codes[0])
    if role == "receiver":
        return int(state.receiver) if f.numeric else state.receiver
    if role == "bsn":
        while True:
            value = int(identifiers.bsn(rng))
            if value not in state.bsns:
                state.bsns.add(value)
                return value
    if role in ("agb", "agb_elsewhere"):
        code = state.agb[0] if "praktijk" in f.key else pick(rng, state.agb)
        return int(code) if f.numeric else code
    if role == "betaling_aan":  # the praktijk (COD833-VEKT 03), where the field's list has it
        codes = state.spec.codes(f.codelist) if f.codelist in state.spec.codelists else None
        return PRAKTIJK if not codes or f"{PRAKTIJK:02d}" in codes else _code(state, rng, f)
    if role == "code":
        return _code(state, rng, f)
    if role == "aantal" or role == "volgnummer":
        return 1
    if role == "huisnummer":
        return between(rng, 1, 250)
    if role == "postcode":
        return identifiers.postcode(rng)
    if role == "land":
        return "NL"
    if role == "factuurnummer":
        return state.factuurnummer
    if role == "referentienummer":
        return state.referentienummer(f.length)
    if role == "clientnummer":
        state.clients += 1
        return _shaped(f, str(state.clients))
    if role == "debiteurnummer":
        state.debiteuren += 1
        return _shaped(f, f"D{state.debiteuren:06d}")
    if role in ("achternaam", "voorletters"):
        name = person.get("name") or person.setdefault("name", state.people.child(rng, pick(rng, (1, 2))))
        return _text(state, f, name.achternaam if role == "achternaam" else name.voorletters)
    if role in ("straatnaam", "woonplaats"):
        address = person.get("address") or person.setdefault("address", state.people.address(rng))
        return _text(state, f, address.straatnaam if role == "straatnaam" else address.woonplaats)
    if role == "tekst":
        return _text(state, f, COMMENT)
    if f.numeric:  # a number the standard does not explain: the smallest that is filled
        return 1
    return _shaped(f, "A1")


def _date(state: _FileState, rng: random.Random, f: Field, role: str, span: dict, window: tuple) -> date | None:
    if role == "periode_begin":
        return state.begin
    if role == "periode_eind":
        return state.end
    if role == "dagtekening":
        return state.options.dagtekening
    if role == "geboortedatum":
        days = between(rng, AGES[0] * 365 + 1, AGES[1] * 365)
        return state.begin - timedelta(days=days)
    if f.key in span:
        return span[f.key]
    if role == "empty":
        return None
    return window[0]


def _code(state: _FileState, rng: random.Random, f: Field) -> Any:
    """A value of the field's code list: one of its codes (a closed list), else one of its shape."""
    fitting = _fitting(state.spec, f)
    if fitting:
        code = pick(rng, fitting)
        return int(code) if f.numeric else code
    pattern = state.spec.pattern(f.codelist) if f.codelist in state.spec.codelists else None
    if pattern is not None:  # an open list checked by its shape: a value of that shape
        value = matching(pattern.pattern, rng)
        if value is not None and len(value) <= f.length and (not f.numeric or value.isdigit()):
            return int(value) if f.numeric else value
    return 1 if f.numeric else _shaped(f, "A1")


@lru_cache(maxsize=1024)
def _fitting(spec: Spec, f: Field) -> tuple[str, ...]:
    """The codes of a field's closed code list that fit it, sorted; a mandatory field's never its empty code."""
    codes = spec.codes(f.codelist) if f.codelist in spec.codelists else None
    return tuple(sorted(c for c in codes or () if len(c) <= f.length and (not f.numeric or c.isdigit())
                        and (f.use != "M" or c.strip("0 "))))


def _shaped(f: Field, text: str) -> Any:
    """``text`` as the field holds it: a number for an N field, cut to its length."""
    if f.numeric:
        digits = "".join(ch for ch in text if ch.isdigit()) or "1"
        return int(digits[-f.length:])
    return text[:f.length]


def _text(state: _FileState, f: Field, text: str) -> str:
    return fit(text if state.codec == "utf-8" else fold_for(text, state.codec), f.length)


def _amounts(state: _FileState, rng: random.Random, rtype: str, record: Record) -> None:
    """tarief x aantal = berekend bedrag = declaratiebedrag (:func:`set_tarief_amount`), debet, on a record that
    carries a declaratiebedrag; every other amount 0."""
    if rtype in (state.structure.get("amount_source") or {}):
        aantal = next((v for k, v in record.values.items() if k.startswith("aantal_uitgevoerde")), 1)
        set_tarief_amount(record, between(rng, *TARIEF_CENTS) * aantal)
