"""Make a drafted declaration meet its standard's BER conditions: every implemented check of the condition
ledger (:mod:`jwgen.spec.conditions`) that a record breaks gets the value its kind says satisfies it
(``allowed`` of :mod:`jwgen.kinds`), the same knowledge the receiver judges with and the probe breaks with.

The layout-driven generator (:mod:`jwgen.generate.from_layout`) drafts every field by its role; a BER says more
("verplicht vullen bij X, anders niet vullen", "waarde '04' vullen"), and the ledger holds it as data. A record
is settled in a few rounds, as one check's value may make another apply; what a kind cannot settle alone
(``sum``, ``resend``: they read other records or files) is left to the rule that judges it.

>>> from jwgen.kinds import Scope
>>> from jwgen.spec import load_spec
>>> spec = load_spec(standard="GZ321")
>>> values = {"soort_behandelaar": 1, "zorgverlenerscode_hoofdbehandelaar": 0}
>>> settle(spec, "17", values, Scope(values))
['1711']
>>> values["zorgverlenerscode_hoofdbehandelaar"] != 0
True
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..kinds import Scope, below, direction, module, prestatie_kind, violated
from ..model import Declaration
from ..spec import Spec

#: Rounds of settling one record; a check whose value makes another apply is met in the next round.
ROUNDS = 3
#: Kinds that judge one record on its own (``sum`` and ``resend`` read other records or earlier files).
ONE_RECORD = frozenset({"fixed", "values", "filled", "equal", "one-of", "day-count", "date-order"})


@lru_cache(maxsize=64)
def _checks(spec: Spec, rtype: str) -> tuple:
    """(condition, check) of one record type that the generator meets."""
    return tuple((condition, check) for condition in spec.conditions.of_record(rtype)
                 if condition.cls == "implemented" for check in condition.checks if check.kind in ONE_RECORD)


def settle(spec: Spec, rtype: str, values: dict[str, Any], scope: Scope) -> list[str]:
    """Change ``values`` (a record of ``rtype``, seen as ``scope``) until no check of its type is broken; the
    rubrieken changed."""
    layout = spec.declaration.records[rtype]
    changed: list[str] = []
    for _ in range(ROUNDS):
        moved = False
        for condition, check in _checks(spec, rtype):
            key = condition.key
            if key not in layout or not violated(check, key, scope):
                continue
            value = module(check.kind).allowed(check, layout[key], scope, direction(check, scope))
            if value != values.get(key):
                values[key] = value
                moved = True
                if condition.rubriek not in changed:
                    changed.append(condition.rubriek)
        if not moved:
            break
    return changed


def satisfy(spec: Spec, declaration: Declaration) -> Declaration:
    """Every record of ``declaration`` settled against the ledger (before :func:`jwgen.model.finalize`)."""
    voorloop = declaration.voorloop.values
    kinds = spec.conditions.kinds
    settle(spec, declaration.voorloop.rtype, voorloop, Scope(voorloop, None, voorloop))
    for verzekerde in declaration.verzekerden:
        own = verzekerde.record.values
        settle(spec, verzekerde.record.rtype, own, Scope(own, None, voorloop, None, below(verzekerde)))
        records = [*verzekerde.comments, *(verzekerde.debiteur.records() if verzekerde.debiteur else ())]
        for record in records:
            settle(spec, record.rtype, record.values, Scope(record.values, own, voorloop))
        for prestatie in verzekerde.prestaties:
            kind = prestatie_kind([t.record.values for t in prestatie.tarieven], kinds)
            values = prestatie.record.values
            settle(spec, prestatie.record.rtype, values, Scope(values, own, voorloop, kind, below(prestatie)))
            for record in [*prestatie.comments, *(r for child in prestatie.children() for r in child.records())]:
                settle(spec, record.rtype, record.values, Scope(record.values, values, voorloop, kind))
    return declaration
