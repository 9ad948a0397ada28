"""The generic engine of the BER's conditions: every ``implemented`` check of the condition ledger
(``conditions.json``, :mod:`jwgen.spec.conditions`) that names no rule function of its own, run per record.

A check answers under the rule of its kind (``condition.fixed``, ``condition.filled``, ...; on the sluitrecord
``condition.sluit``, which rejects the file; the voorlooprecord's conditions are all rule functions of their
own, which reject the file, so no engine rule is made for it until a ledger needs one), with the field's own
retourcode (rules.json ``field_codes``) and the BER's words in the finding. Which checks a record type has is
worked out once per spec and record type (:func:`plan`); the receiver runs them written out as code
(:mod:`jwgen.controle.condition_code`), and :class:`EngineRule` is their plain twin.

>>> from jwgen.controle import receive
>>> base = open("tests/conformance/gz321/GZ321-basisbestand-correct.ASC", "rb").read()
>>> broken = base.replace(b"01000120000000Dpres001_tb001", b"01000000000000Dpres001_tb001")  # no direct, no indirect
>>> sorted({(f.rubriek, f.rule) for f in receive(broken).findings if f.rule.startswith("condition.")})
[('1716', 'condition.one-of'), ('1717', 'condition.one-of')]
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

from ..model import Record
from ..spec import Spec
from ..spec.conditions import SLUIT_RULE, Check, Condition, answering_rule
from ._context import Context
from ._findings import NO_FINDINGS, Finding, Findings
from ..kinds import Scope, below, prestatie_kind, unreadable, violated
from .record_checks import Group

def rule_of(spec: Spec, rtype: str, check: Check) -> str:
    """The rule a check answers under (:func:`jwgen.spec.conditions.answering_rule`)."""
    return answering_rule(spec.declaration, rtype, check)


@lru_cache(maxsize=256)
def plan(spec: Spec, rtype: str, rule: str) -> tuple[tuple[Condition, Check, tuple[str, ...]], ...]:
    """(condition, check, the fields its predicates read) of the checks of one record type that answer under one
    rule: a kind's own rule, or a rule of rules.json whose implementation in the rule table is this engine."""
    out = []
    for condition in spec.conditions.of_record(rtype):
        if condition.cls != "implemented":
            continue
        for check in condition.checks:
            if rule_of(spec, rtype, check) == rule:
                reads = tuple(p["field"] for p in (*check.when, *check.unless) if "field" in p)
                out.append((condition, check, reads))
    return tuple(out)


def message(condition: Condition, check: Check) -> str:
    text = " ".join(condition.text.split())
    return f"rubriek {condition.rubriek} breaks its BER condition ({check.kind}): {text}"


def _looksbelow(check: Check) -> bool:
    return any("has" in p for p in (*check.when, *check.unless))


def _findings(ctx: Context, record: Record, scope: Scope, plan) -> list[Finding]:
    found = []
    credit = None
    values = scope.values
    for condition, check, reads in plan:
        if _looksbelow(check):  # a credit copies its debet (STB 5.4.9): what it left out is credit.incomplete's
            credit = ctx.dc(record) == "C" if credit is None else credit
            if credit:
                continue
        key = condition.key
        if unreadable(values.get(key)) or any(unreadable(values.get(k)) for k in reads):
            continue  # a field the reader could not read: its format finding, no condition on it
        if violated(check, key, scope):
            found.append(ctx.finding(rule_of(ctx.spec, record.rtype, check), record, key, message(condition, check)))
    return found


def scope_of(ctx: Context, record: Record, group: Group) -> Scope:
    """The record as its conditions see it (its parent, its prestatie's kind, what is below it)."""
    prestatie = group.prestatie if group is not None else None
    kinds = ctx.spec.conditions.kinds
    if prestatie is None:
        return Scope(record.values, None, ctx.voorloop.values, None, below(getattr(group, "node", None)))
    kind = prestatie_kind([t.record.values for t in prestatie.tarieven], kinds)
    if prestatie.record is record:
        return Scope(record.values, group.verzekerde.values, ctx.voorloop.values, kind, below(prestatie))
    return Scope(record.values, prestatie.record.values, ctx.voorloop.values, kind, below(None))


class EngineRule:
    """The Detail check of a rule the engine runs: every check of the ledger under that rule, the plain way
    (:func:`plain_findings`). The receiver runs the engine rules of a record type together, written out as code
    (:func:`jwgen.controle.condition_code.compiled`), at the place of the first; this is their plain twin."""

    __slots__ = ("rule",)

    def __init__(self, rule: str) -> None:
        self.rule = rule

    def __call__(self, ctx: Context, record: Record, group: Group) -> Findings:
        return plain_findings(ctx, record, group, (self.rule,))

    def __repr__(self) -> str:
        return f"EngineRule({self.rule!r})"


def plain_findings(ctx: Context, record: Record, group: Group, rules: tuple[str, ...]) -> Findings:
    """The findings of every engine check of the record's type under ``rules``, in their order."""
    found: list[Finding] = []
    scope = None
    for rule in rules:
        checks = plan(ctx.spec, record.rtype, rule)
        if checks:
            scope = scope or scope_of(ctx, record, group)
            found += _findings(ctx, record, scope, checks)
    return found or NO_FINDINGS


def voorloop_check(rule: str) -> Callable[[Context], list[Finding]]:
    """The Voorloop check of a rule whose conditions the engine runs on the voorlooprecord."""
    def check(ctx: Context) -> list[Finding]:
        record = ctx.voorloop
        return _findings(ctx, record, Scope(record.values, None, record.values), plan(ctx.spec, record.rtype, rule))
    check.__name__ = check.__qualname__ = f"voorloop_{rule.rpartition('.')[2].replace('-', '_')}"
    return check


def sluit(ctx: Context, totals: Any, record: Record) -> list[Finding]:
    """The engine's checks of the sluitrecord."""
    return _findings(ctx, record, Scope(record.values, None, ctx.voorloop.values),
                     plan(ctx.spec, record.rtype, SLUIT_RULE))
