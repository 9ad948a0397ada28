"""The condition engine's checks of one record type, written out as one function: the receiver's hot path.

:func:`jwgen.controle.conditions.plain_findings` judges a record the plain way: for each check, a
:class:`~jwgen.controle.kinds.Scope` and the kind's module. That costs a few microseconds a check, and a
prestatierecord has a dozen. :func:`compiled` writes the same checks of one record type, for the rules the
rule table gives the engine (in the order of rules.json), as straight-line Python: each check is one
expression over the record's values, its parent's and its prestatie's kind, which is looked up once per
prestatie. Kinds that are rare or need dates worked out (day-count, date-order) call their module as the plain
way does. ``tests/test_condition_engine.py`` holds the compiled function to the plain way on every probe case,
every catalogue defect and generated files.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

from ..model import Raw
from ..spec import Spec
from ..spec.conditions import Check
from ._findings import NO_FINDINGS
from .conditions import message, plan, scope_of
from .kinds import module, prestatie_kind

EMPTY = (None, "", 0)
INLINE = ("fixed", "values", "filled", "equal", "one-of")


def _facts(ctx: Any, record: Any, group: Any) -> tuple[str | None, frozenset]:
    """(the prestatie's kind, the types of the records right below the record): once per prestatie of the file.
    What the ledger asks of it (``has``): a verzekerde's debiteurrecord, a prestatie's zorgactiviteitrecords."""
    prestatie = group.prestatie
    if prestatie is None:  # a verzekerde: the records right below it (its comments, its debiteur)
        node = group.node
        if node is None:
            return None, frozenset()
        below = {c.rtype for c in node.comments}
        if node.debiteur is not None:
            below.add(node.debiteur.record.rtype)
        return None, below
    key = id(prestatie)
    facts = ctx.prestatie_kinds.get(key)
    if facts is None:
        kind = prestatie_kind([t.record.values for t in prestatie.tarieven], ctx.spec.conditions.kinds)
        below = frozenset(child.record.rtype for child in prestatie.children()) | {c.rtype for c in prestatie.comments}
        facts = ctx.prestatie_kinds[key] = (kind, below)
    return facts if prestatie.record is record else (facts[0], frozenset())


def _constant(value: Any, names: dict, name: str) -> str:
    """A value as a literal where Python folds it into the code (ints, strings, None, their sets), else a name."""
    items = list(value) if isinstance(value, (set, frozenset)) else None
    simple = (int, str, type(None))
    if items is not None and all(type(i) in simple for i in items):
        return "{" + ", ".join(sorted(repr(i) for i in items)) + "}" if items else "()"
    if items is None and type(value) in simple:
        return repr(value)
    names[name] = value
    return name


def _predicate(predicate: Any, names: dict, n: str) -> str:
    parts = []
    if "field" in predicate:
        field = f"v[{predicate['field']!r}]"
        if "in" in predicate:
            parts.append(f"{field} in {_constant(predicate['in'], names, f'P{n}')}")
        if "filled" in predicate:
            parts.append(f"{field} {'not in' if predicate['filled'] else 'in'} {EMPTY!r}")
    if "kind" in predicate:
        parts.append(f"kind in {_constant(predicate['kind'], names, f'K{n}')}")
    if "has" in predicate:
        parts.append(f"{predicate['has']!r} in below")
    return "(" + " and ".join(parts) + ")"


def _applies(check: Check, names: dict, n: int) -> str:
    when = [_predicate(p, names, f"{n}w{i}") for i, p in enumerate(check.when)]
    unless = [_predicate(p, names, f"{n}u{i}") for i, p in enumerate(check.unless)]
    terms = when + ([f"not ({' or '.join(unless)})"] if unless else [])
    return "(" + " and ".join(terms) + ")" if terms else "True"


def _other(check: Check) -> str:
    p = check.params
    if "to" in p:
        return f"v[{p['to']!r}]"
    if "parent" in p:
        return f"pv[{p['parent']!r}]"
    return f"ctx.voorloop.values[{p['voorloop']!r}]"


def _violation(check: Check, names: dict, n: int, key: str) -> str:
    applies = _applies(check, names, n)
    if check.kind == "fixed":
        return f"{applies} and x != {_constant(check.params['value'], names, f'C{n}')}"
    if check.kind == "values":
        return f"{applies} and x not in {_constant(check.params['values'], names, f'C{n}')}"
    if check.kind == "filled":
        parts = []
        if check.params.get("required"):
            parts.append(f"(x in {EMPTY!r} and {applies})")
        if check.params.get("forbidden"):
            parts.append(f"(x not in {EMPTY!r} and not {applies})")
        return "(" + " or ".join(parts) + ")"
    if check.kind == "equal":
        same = "==" if check.params.get("negate") else "!="
        return f"{applies} and type(o := {_other(check)}) is not Raw and x {same} o"
    if check.kind == "one-of":
        return f"{applies} and " + " and ".join(f"v[{k!r}] in {EMPTY!r}" for k in check.params["fields"])
    names[f"G{n}"] = check
    return f"{applies} and _module({check.kind!r}).violated(G{n}, {key!r}, scope())"


@lru_cache(maxsize=256)
def compiled(spec: Spec, rtype: str, rules: tuple[str, ...]) -> Callable | None:
    """``run(ctx, record, group)`` -> the findings of every engine check of ``rtype`` under ``rules``, in the
    order of ``rules`` and of the plan; None when there is none. A record read without unreadable content
    (``record.suspect is False``) takes the body without the per-field guards."""
    names: dict[str, Any] = {"Raw": Raw, "EMPTY": EMPTY, "NO_FINDINGS": NO_FINDINGS, "_facts": _facts,
                             "_module": module, "scope_of": scope_of}
    tests: list[tuple[str, str, str, str, str]] = []  # (key, guard, credit, test, what to append)
    n = 0
    for rule in rules:
        for condition, check, reads in plan(spec, rtype, rule):
            n += 1
            key = condition.key
            names[f"M{n}"] = message(condition, check)
            guard = " and ".join([f"type(v[{key!r}]) is not Raw"] + [f"type(v[{k!r}]) is not Raw" for k in reads])
            looks_below = any("has" in p for p in (*check.when, *check.unless))
            credit = "ctx.dc(record) != 'C'" if looks_below else ""
            tests.append((key, guard, credit, _violation(check, names, n, key),
                          f"found.append(ctx.finding({rule!r}, record, {key!r}, M{n}))"))
    if not tests:
        return None
    text = " ".join(test for _, _, _, test, _ in tests)
    head = ["def run(ctx, record, group):", "    v = record.values", "    found = []"]
    if "pv[" in text:
        head += ["    p = group.prestatie",
                 "    pv = group.verzekerde.values if p is None or p.record is record else p.record.values"]
    if "kind in" in text or "in below" in text:
        head += ["    kind, below = _facts(ctx, record, group)"]
    if "scope()" in text:
        head += ["    def scope():", "        return scope_of(ctx, record, group)"]

    def body(guarded: bool, indent: str) -> list[str]:
        out = []
        for key, guard, credit, test, append in tests:
            terms = ([guard] if guarded else []) + ([credit] if credit else []) + [f"({test})"]
            out += [f"{indent}x = v[{key!r}]", f"{indent}if {' and '.join(terms)}:", f"{indent}    {append}"]
        return out
    lines = head + ["    if record.suspect is False:"] + body(False, "        ") + ["    else:"] + body(True, "        ")
    source = "\n".join(lines + ["    return found or NO_FINDINGS"]) + "\n"
    exec(compile(source, f"<jwgen conditions {spec.standard.name} {rtype}>", "exec"), names)
    return names["run"]

