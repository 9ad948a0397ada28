"""Rule implementations register here under the id they have in rules.json.

A rule's metadata (PORTES level, retourcode, texts, profiles) is data; its logic
is one small function. ``check_registry`` proves the two lists are the same.
"""
from __future__ import annotations

from typing import Callable

from ..spec import Spec, SpecError

# Rules whose findings come from the byte layer (jwgen.flatfile scan/assemble).
READER_RULES = {
    "file.utf8", "file.bom", "file.crlf", "file.record-length", "file.too-large",
    "order.voorloop", "order.sluit", "order.records", "order.unknown-type",
    "structure.verzekerde-without-prestatie", "structure.prestatie-without-tarief",
    "structure.no-verzekerde", "structure.duplicate-record", "structure.comment-orphan",
    "structure.comment-regelnummer", "keys.identificatie",
}

VOORLOOP_CHECKS: dict[str, Callable] = {}
SLUIT_CHECKS: dict[str, Callable] = {}
# Field-level rules are applied by the generic field check (record_checks.check_fields).
FIELD_RULES = {"field.reserve", "field.format", "field.mandatory", "field.code", "comment.text",
               "date.prestatie", "dc.value", "field.left-aligned", "field.name-text"}
# rule id -> (record types, check, when): ``when(ctx, record, group)`` is a cheap gate; the check
# only runs where it can find something (credit rules on credit lines, ...).
RECORD_CHECKS: dict[str, tuple[tuple[str, ...], Callable, Callable | None]] = {}


def voorloop_rule(rule_id: str) -> Callable:
    def register(fn: Callable) -> Callable:
        VOORLOOP_CHECKS[rule_id] = fn
        return fn
    return register


def sluit_rule(rule_id: str) -> Callable:
    def register(fn: Callable) -> Callable:
        SLUIT_CHECKS[rule_id] = fn
        return fn
    return register


def record_rule(rule_id: str, *rtypes: str, when: Callable | None = None) -> Callable:
    def register(fn: Callable) -> Callable:
        RECORD_CHECKS[rule_id] = (rtypes, fn, when)
        return fn
    return register


def implemented() -> set[str]:
    from . import condition_checks, credit_checks, file_checks, record_checks  # noqa: F401  (registration)
    return READER_RULES | FIELD_RULES | set(VOORLOOP_CHECKS) | set(SLUIT_CHECKS) | set(RECORD_CHECKS)


def check_registry(spec: Spec) -> None:
    have, want = implemented(), set(spec.rules)
    if have != want:
        raise SpecError(f"rules.json and the implementations differ: only in data {sorted(want - have)}, "
                        f"only in code {sorted(have - want)}")
