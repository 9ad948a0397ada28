"""The declarative kinds of a BER condition, one small module each, with one interface.

Every kind module has:

* ``violated(check, key, scope) -> bool``: does the record in ``scope`` break ``check`` on field ``key``
  (only asked where the check applies: its ``when`` predicates hold and none of its ``unless``); a kind that
  only the rule function the ledger names can judge (``sum``, ``resend``: they read other records, or the
  ledger of earlier files) has none: a check of theirs that names no rule is not checked, and the ledger says so;
* ``broken(check, field, scope, direction) -> value``: a value of ``field`` that breaks it (for the probe);
* ``allowed(check, field, scope, direction) -> value``: a value of ``field`` that satisfies it.

A ``filled`` check is the one kind that also speaks where it does not apply (``forbidden``: not filled
there), so :func:`applies` and :func:`violated` below take the direction into account. The kinds are named
in ``jwgen.spec.conditions.KINDS``; the condition ledger (``conditions.json``) says which rubriek has which.

>>> from jwgen.spec import load_spec
>>> check = load_spec(standard="GZ321").conditions["1711"].checks[0]
>>> scope = Scope({"soort_behandelaar": 1, "zorgverlenerscode_hoofdbehandelaar": 0})
>>> applies(check, scope), violated(check, "zorgverlenerscode_hoofdbehandelaar", scope)
(True, True)
"""
from __future__ import annotations

from types import ModuleType

from ._scope import Scope, below, prestatie_kind, unreadable
from ._scope import filled as is_filled
from . import date_order, day_count, equal, fixed, filled as filled_kind, one_of, resend, sum as sum_kind, values

__all__ = ["Scope", "applies", "below", "direction", "violated", "module", "is_filled", "prestatie_kind", "predicate_holds", "unreadable"]

MODULES: dict[str, ModuleType] = {"fixed": fixed, "values": values, "filled": filled_kind, "equal": equal,
                                  "one-of": one_of, "day-count": day_count, "date-order": date_order,
                                  "sum": sum_kind, "resend": resend}


def module(kind: str) -> ModuleType:
    return MODULES[kind]


def predicate_holds(predicate, scope: Scope) -> bool:
    """One predicate of a check's when / unless."""
    if "field" in predicate:
        value = scope.values.get(predicate["field"])
        if "in" in predicate and value not in predicate["in"]:
            return False
        if "filled" in predicate and is_filled(value) != predicate["filled"]:
            return False
    if "kind" in predicate and scope.kind not in predicate["kind"]:
        return False
    if "has" in predicate and not scope.has(predicate["has"]):
        return False
    return True


def applies(check, scope: Scope) -> bool:
    """Do the check's conditions hold here (every ``when``, no ``unless``)?"""
    return all(predicate_holds(p, scope) for p in check.when) and \
        not any(predicate_holds(p, scope) for p in check.unless)


def direction(check, scope: Scope) -> str:
    """The direction a record stands in towards a check: a filled check is ``required`` where it applies and
    ``forbidden`` elsewhere; every other kind ``holds``."""
    if check.kind == "filled":
        return "required" if applies(check, scope) else "forbidden"
    return "holds"


def violated(check, key: str, scope: Scope) -> bool:
    """Does the record break the check on ``key``? A filled check may be broken where it does not apply."""
    if check.kind == "filled":
        return filled_kind.violated(check, key, scope, applies(check, scope))
    return applies(check, scope) and MODULES[check.kind].violated(check, key, scope)
