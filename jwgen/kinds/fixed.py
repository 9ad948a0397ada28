"""fixed: the field holds exactly one value (BER: "Waarde '04' vullen", "vullen met '0000'", reserved: "niet vullen").

>>> from types import SimpleNamespace as Check
>>> violated(Check(params={"value": 0}), "specialisme", Scope({"specialisme": 329}))
True
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from ._scope import Scope


def violated(check, key: str, scope: Scope) -> bool:
    return scope.values.get(key) != check.params["value"]


def other_value(f, value: Any, sample: Any = None) -> Any:
    """A value of field ``f`` other than ``value``, of the field's own shape (the probe's edit)."""
    if sample is not None and sample != value:
        return sample
    if f.kind == "date":
        from datetime import date
        return date(2014, 1, 2) if value is None else value + timedelta(days=1)
    if f.type == "N":
        return 1 if not value else (value + 1 if value + 1 < 10 ** f.length else value - 1)
    return "X" if not value else ("Y" if value[0] != "Y" else "Z") + value[1:]


def broken(check, f, scope: Scope, direction: str) -> Any:
    return other_value(f, check.params["value"], check.params.get("sample"))


def allowed(check, f, scope: Scope, direction: str) -> Any:
    return check.params["value"]
