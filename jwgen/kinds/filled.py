"""filled: filled when the check's conditions hold (``required``), empty where they do not (``forbidden``).

BER: "verplicht vullen bij X, anders niet vullen" is both; "verplicht vullen bij X" is required only.

>>> from types import SimpleNamespace as Check
>>> both = Check(params={"required": True, "forbidden": True})
>>> violated(both, "code", Scope({"code": 0}), True), violated(both, "code", Scope({"code": 5}), False)
(True, True)
"""
from __future__ import annotations

from typing import Any

from ._scope import Scope, filled
from .fixed import other_value


def violated(check, key: str, scope: Scope, applies: bool) -> bool:
    value = scope.values.get(key)
    if applies:
        return bool(check.params.get("required")) and not filled(value)
    return bool(check.params.get("forbidden")) and filled(value)


def empty(f) -> Any:
    return None if f.kind == "date" else 0 if f.type == "N" else ""


def broken(check, f, scope: Scope, direction: str) -> Any:
    if direction == "required":
        return empty(f)
    return other_value(f, empty(f), check.params.get("sample"))


def allowed(check, f, scope: Scope, direction: str) -> Any:
    if direction == "forbidden":
        return empty(f)
    current = scope.values.get(f.key)
    return current if filled(current) else other_value(f, empty(f), check.params.get("sample"))
