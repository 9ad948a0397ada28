"""values: the field holds one of a few values (BER: "'050' of '063' invullen").

>>> from types import SimpleNamespace as Check
>>> violated(Check(params={"values": {50, 63}}), "lijst", Scope({"lijst": 13}))
True
"""
from __future__ import annotations

from typing import Any

from ._scope import Scope
from .fixed import other_value


def violated(check, key: str, scope: Scope) -> bool:
    return scope.values.get(key) not in check.params["values"]


def broken(check, f, scope: Scope, direction: str) -> Any:
    sample = check.params.get("sample")
    if sample is not None and sample not in check.params["values"]:
        return sample
    value = max(v for v in check.params["values"] if v is not None) if f.type == "N" else ""
    candidate = other_value(f, value)
    while candidate in check.params["values"]:
        candidate = other_value(f, candidate)
    return candidate


def allowed(check, f, scope: Scope, direction: str) -> Any:
    current = scope.values.get(f.key)
    return current if current in check.params["values"] else sorted(check.params["values"], key=str)[0]
