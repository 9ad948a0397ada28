"""date-order: a date not before (``not_before``) or not after (``not_after``) another field's date
(BER: "Waarde is groter of gelijk aan 'Begindatum prestatie'", "De datum moet liggen op of na ...").

>>> from datetime import date
>>> from types import SimpleNamespace as Check
>>> violated(Check(params={"not_before": "b"}), "e", Scope({"e": date(2014, 1, 1), "b": date(2014, 1, 2)}))
True
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ._scope import Scope


def violated(check, key: str, scope: Scope) -> bool:
    value = scope.values.get(key)
    if type(value) is not date:
        return False
    low, high = scope.other(check.params.get("not_before", "")) if "not_before" in check.params else None, \
        scope.other(check.params["not_after"]) if "not_after" in check.params else None
    return (type(low) is date and value < low) or (type(high) is date and value > high)


def broken(check, f, scope: Scope, direction: str) -> Any:
    if "not_before" in check.params:
        return scope.other(check.params["not_before"]) - timedelta(days=1)
    return scope.other(check.params["not_after"]) + timedelta(days=1)


def allowed(check, f, scope: Scope, direction: str) -> Any:
    return scope.values.get(f.key)
