"""Every screen lets through each line its check finds something on: with screens and without (every check on
every record), the receiver gives the same answer to files whose records were changed at random in the fields
the screened checks read (BSN, receiver, referentienummer, D/C) and in those their neighbours read (link keys,
dates), at a gemeente and at VECOZO, on a ledger without lines of the declarant and on one that already holds
the unchanged file. The files are the same in every run (derandomize); each screen made to let nothing through
fails this test (checked when the test was written)."""
from __future__ import annotations

import copy
from contextlib import contextmanager
from datetime import date
from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from jwgen.controle import Ledger, receive, receiver, record_checks, screens
from jwgen.controle.rule_table import RULES, Detail
from jwgen.flatfile import write
from jwgen.generate import GenerateOptions, generate
from jwgen.model import finalize
from jwgen.spec import load_spec

SPEC = load_spec()
STRUCTURE = SPEC.declaration.structure


@lru_cache(maxsize=1)
def _base():
    options = GenerateOptions(verzekerden=3, debiteur=True, zorgactiviteit=True, tijdsbesteding=True, commentaar=True)
    return generate(options, 11, SPEC)


def _pool(declaration) -> dict[str, tuple[list, list]]:
    """Per field the screens read, (values other records hold, values that break a rule) to put there."""
    keys = {"bsn", STRUCTURE["receiver_key"], "referentienummer", *STRUCTURE["link_key"], "einddatum_prestatie",
            *STRUCTURE["dc_field"].values(), *(key for pair in STRUCTURE["date_ranges"].values() for key in pair)}
    for layout in SPEC.declaration.records.values():
        keys.update(f.key for f in layout.fields if f.key.startswith("dc_"))
    held: dict[str, set] = {key: set() for key in keys}
    for record in declaration.records():
        for key in keys & record.values.keys():
            held[key].add(record.values[key])
    breaking: dict[str, list] = {key: [] for key in keys}
    breaking["bsn"] = [123456789, 999999999]
    own = declaration.voorloop.values[STRUCTURE["receiver_key"]]
    breaking[STRUCTURE["receiver_key"]] = [own + 1, 363 if own != 363 else 599]
    for key in keys:
        if key.startswith(("begindatum", "einddatum")):
            breaking[key] = [date(2000, 1, 1), date(2031, 12, 31)]
        if key.startswith("dc_") or key in STRUCTURE["dc_field"].values():
            held[key], breaking[key] = {"D"}, ["C"]
    return {key: (sorted(held[key], key=repr), breaking[key]) for key in keys if held[key]}


@lru_cache(maxsize=1)
def _prior() -> bytes:
    """An earlier invoice of the same declarant: the first verzekerde of the file, under another number (the
    ledger then knows that verzekerde's referentienummers)."""
    earlier = copy.deepcopy(_base())
    earlier.verzekerden = earlier.verzekerden[:1]
    earlier.voorloop["factuurnummer_declarant"] = "EARLIER-1"
    return write(finalize(earlier, STRUCTURE), SPEC.declaration)


@contextmanager
def _without_screens():
    """The plain way: every role check of the record type on every record, no screen asked."""
    saved = receiver._checks_in_file

    def full(ctx, rtype):
        if rtype in ctx.message.structure["not_checked_by"].get(ctx.role, ()):
            return None
        checks = tuple((check, when, None) for check, when, _ in receiver._role_checks(ctx.spec, ctx.role, rtype))
        return record_checks.fields_checker(ctx, rtype), checks
    receiver._checks_in_file = full
    try:
        yield
    finally:
        receiver._checks_in_file = saved


def _answer(outcome):
    return (outcome.status, outcome.findings, outcome.voorloop_codes, outcome.returned, outcome.jw322,
            outcome.toegekend)


def _answers(data: bytes, profile: str, prior: bytes | None) -> list:
    with Ledger() as ledger:
        first = [_answer(receive(prior, profile, ledger))] if prior is not None else []
        return first + [_answer(receive(data, profile, ledger))]


#: (which detail record, which of its screened fields, a value that breaks a rule or one another record holds, which)
EDIT = st.tuples(st.integers(0, 63), st.integers(0, 15), st.booleans(), st.integers(0, 15))


@given(edits=st.lists(EDIT, min_size=1, max_size=4), profile=st.sampled_from(["gemeente", "vecozo"]),
       kept=st.booleans())
@settings(max_examples=200, deadline=None, database=None, derandomize=True)  # the same files in every run
def test_screens_let_through_every_line_a_check_finds(edits, profile, kept) -> None:
    base = _base()
    declaration = copy.deepcopy(base)
    pool = _pool(base)
    details = list(declaration.details())
    for which, field, breaks, value in edits:
        record = details[which % len(details)]
        keys = sorted(pool.keys() & record.values.keys())
        if not keys:
            continue
        key = keys[field % len(keys)]
        held, breaking = pool[key]
        values = breaking if breaks and breaking else held
        record[key] = values[value % len(values)]
    data = write(finalize(declaration, STRUCTURE), SPEC.declaration)
    prior = _prior() if kept else None
    screened = _answers(data, profile, prior)
    with _without_screens():
        assert _answers(data, profile, prior) == screened


def test_every_screen_is_of_a_detail_rule_and_the_receiver_asks_it():
    """The screens in use are the rule table's; a check without a screen is simply run on every record."""
    used = {impl.screen for impl in RULES.values() if isinstance(impl, Detail) and impl.screen is not None}
    defined = {value for value in vars(screens).values() if isinstance(value, screens.Screen)}
    assert used == defined and len(used) >= 4
