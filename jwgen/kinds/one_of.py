"""one-of: at least one of some fields is filled (BER: "een van beide ... moet gevuld zijn").

>>> from types import SimpleNamespace as Check
>>> check = Check(params={"fields": ["direct", "indirect"]})
>>> violated(check, "direct", Scope({"direct": 0, "indirect": 0})), violated(check, "direct", Scope({"direct": 0, "indirect": 30}))
(True, False)
"""
from __future__ import annotations

from typing import Any

from ._scope import Scope, filled
from .filled import empty


def violated(check, key: str, scope: Scope) -> bool:
    return not any(filled(scope.values.get(k)) for k in check.params["fields"])


def also(check, key: str) -> dict[str, Any]:
    """The other fields the probe empties with ``key`` to break the check (their empty values by key)."""
    return {k: None for k in check.params["fields"] if k != key}


def broken(check, f, scope: Scope, direction: str) -> Any:
    return empty(f)


def allowed(check, f, scope: Scope, direction: str) -> Any:
    return scope.values.get(f.key)
