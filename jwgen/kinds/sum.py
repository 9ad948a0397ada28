"""sum: the field is the sum of the same field over the records of one type below it (BER 0433: "som aantal
tijdseenheden zorgactiviteiten die bij de DBC geregistreerd zijn"). The receiver's rule function names it."""
from __future__ import annotations

from typing import Any

from ._scope import Scope


def broken(check, f, scope: Scope, direction: str) -> Any:
    return (scope.values.get(f.key) or 0) + 1


def allowed(check, f, scope: Scope, direction: str) -> Any:
    return scope.values.get(f.key)
