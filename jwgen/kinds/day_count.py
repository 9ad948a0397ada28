"""day-count: the number of days from one date to another, both included (BER 0618: "het aantal aaneengesloten
dagen voor de periode van dit tariefrecord").

>>> from datetime import date
>>> from types import SimpleNamespace as Check
>>> check = Check(params={"begin": "b", "end": "e"})
>>> violated(check, "n", Scope({"n": 6, "b": date(2014, 1, 10), "e": date(2014, 1, 15)}))
False
"""
from __future__ import annotations

from datetime import date
from typing import Any

from ._scope import Scope


def days(check, scope: Scope) -> int | None:
    begin, end = scope.other(check.params["begin"]), scope.other(check.params["end"])
    if type(begin) is not date or type(end) is not date or end < begin:
        return None  # no period to count: the dates' own findings
    return (end - begin).days + 1


def violated(check, key: str, scope: Scope) -> bool:
    count = days(check, scope)
    return count is not None and scope.values.get(key) != count


def broken(check, f, scope: Scope, direction: str) -> Any:
    return (days(check, scope) or 0) + 1


def allowed(check, f, scope: Scope, direction: str) -> Any:
    return days(check, scope)
