"""equal: the field equals another field of the record (``to``), of its parent record (``parent``) or of the
voorlooprecord (``voorloop``); with ``negate`` it differs from it. BER: "Waarde dient gelijk te zijn aan die in
het ... in het bovenliggende ...record", "gelijk aan Begindatum prestatie", "een andere waarde ... als 0607".

>>> from types import SimpleNamespace as Check
>>> violated(Check(params={"parent": "nummer"}), "nummer", Scope({"nummer": "A"}, parent={"nummer": "B"}))
True
"""
from __future__ import annotations

from typing import Any

from ._scope import Scope, unreadable
from .fixed import other_value


def reference(check) -> str:
    p = check.params
    return p["to"] if "to" in p else f"parent.{p['parent']}" if "parent" in p else f"voorloop.{p['voorloop']}"


def violated(check, key: str, scope: Scope) -> bool:
    other = scope.other(reference(check))
    if unreadable(other):
        return False  # the other field's own format finding; nothing to compare with
    same = scope.values.get(key) == other
    return same if check.params.get("negate") else not same


def broken(check, f, scope: Scope, direction: str) -> Any:
    other = scope.other(reference(check))
    return other if check.params.get("negate") else other_value(f, other)


def allowed(check, f, scope: Scope, direction: str) -> Any:
    other = scope.other(reference(check))
    if not check.params.get("negate"):
        return other
    current = scope.values.get(f.key)
    return current if current != other else other_value(f, other)
