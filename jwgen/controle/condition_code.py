"""The condition engine's checks of one record type, written out as one function: the receiver's hot path.

:func:`jwgen.controle.conditions.plain_findings` judges a record the plain way: for each check, a
:class:`~jwgen.kinds.Scope` and the kind's module. That costs a few microseconds a check, and a
prestatierecord has a dozen. :func:`compiled` writes the same checks of one record type, for the rules the
rule table gives the engine (in the order of rules.json), as straight-line Python: each check is one
expression over the record's values, its parent's and its prestatie's kind, which is looked up once per
prestatie. Kinds that are rare or need dates worked out (day-count, date-order) call their module as the plain
way does. ``tests/test_condition_engine.py`` holds the compiled function to the plain way on every probe case,
every catalogue defect and generated files.
"""
from __future__ import annotations

from functools import lru_cache
from operator import itemgetter
from typing import Any, Callable

from ..model import Raw
from ..spec import Spec
from ..spec.conditions import Check
from ._findings import NO_FINDINGS
from .conditions import message, plan, scope_of
from ..kinds import module, prestatie_kind

EMPTY = (None, "", 0)
NOTHING = frozenset()
INLINE = ("fixed", "values", "filled", "equal", "one-of")


def _facts(ctx: Any, record: Any, group: Any) -> tuple[str | None, Any]:
    """(the prestatie's kind, the types of the records right below the record): what the ledger's predicates ask
    (``kind``: its first tariefrecord's soort through the ledger's table; ``has``: a verzekerde's debiteurrecord,
    a prestatie's zorgactiviteitrecords). The same answers as the plain way's (``conditions.scope_of``)."""
    prestatie = group.prestatie
    if prestatie is None:  # a verzekerde: the records right below it (its comments, its debiteur)
        node = group.node
        if node is None or (not node.comments and node.debiteur is None):
            return None, NOTHING
        below = {c.rtype for c in node.comments}
        if node.debiteur is not None:
            below.add(node.debiteur.record.rtype)
        return None, below
    kind = prestatie_kind((tarief.record.values for tarief in prestatie.tarieven), ctx.spec.conditions.kinds)
    if prestatie.record is not record:
        return kind, NOTHING
    below = {nodes[0].record.rtype for nodes in (prestatie.tarieven, prestatie.zorgactiviteiten,
                                                 prestatie.tijdsbestedingen) if nodes}
    if prestatie.comments:
        below.update(c.rtype for c in prestatie.comments)
    return kind, below


def _member(value: Any, names: dict, name: str) -> str:
    """``in`` a set of constants, or ``==`` its one member."""
    if isinstance(value, (set, frozenset)) and len(value) == 1 and type(next(iter(value))) in (int, str):
        return f"== {next(iter(value))!r}"
    return f"in {_constant(value, names, name)}"


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


UNKNOWN = object()  # a kind the code does not know in advance: tested at run time


def _predicate(predicate: Any, names: dict, n: str, kind: Any, pick: tuple | None = None) -> str | bool:
    """One predicate as an expression, or True/False where it is known (the kind, in a kind's own code; the
    value of the field ``pick`` = (key, value) names, in that value's own code)."""
    parts: list[str] = []
    if "kind" in predicate:
        if kind is UNKNOWN:
            parts.append(f"kind {_member(predicate['kind'], names, f'K{n}')}")
        elif kind not in predicate["kind"]:
            return False
    if "field" in predicate and pick is not None and predicate["field"] == pick[0]:
        if "in" in predicate and pick[1] not in predicate["in"]:
            return False
        if "filled" in predicate and (pick[1] not in EMPTY) != predicate["filled"]:
            return False
    elif "field" in predicate:
        field = f"v[{predicate['field']!r}]"
        if "in" in predicate:
            parts.append(f"{field} {_member(predicate['in'], names, f'P{n}')}")
        if "filled" in predicate:
            parts.append(f"{field} {'not in' if predicate['filled'] else 'in'} {EMPTY!r}")
    if "has" in predicate:
        parts.append(f"{predicate['has']!r} in below")
    return "(" + " and ".join(parts) + ")" if parts else True


def _terms(predicates: tuple, names: dict, n: str, kind: Any, decisive: bool,
           pick: tuple | None = None) -> list[str] | bool:
    """The predicates' expressions, or ``decisive`` where one of them is known to be ``decisive``."""
    terms: list[str] = []
    for i, p in enumerate(predicates):
        term = _predicate(p, names, f"{n}{i}", kind, pick)
        if term is decisive:
            return decisive
        if term is not (not decisive):
            terms.append(term)
    return terms


def _applies(check: Check, names: dict, n: int, kind: Any, pick: tuple | None = None) -> str | bool:
    """Whether the check applies: True, False or an expression (every when holds, no unless)."""
    terms = _terms(check.when, names, f"{n}w", kind, False, pick)
    unless = _terms(check.unless, names, f"{n}u", kind, True, pick)
    if terms is False or unless is True:
        return False
    if unless:
        terms.append(f"not ({' or '.join(unless)})")
    return "(" + " and ".join(terms) + ")" if terms else True


def _other(check: Check) -> str:
    p = check.params
    if "to" in p:
        return f"v[{p['to']!r}]"
    if "parent" in p:
        return f"pv[{p['parent']!r}]"
    return f"ctx.voorloop.values[{p['voorloop']!r}]"


def _violation(check: Check, names: dict, n: int, key: str, kind: Any, pick: tuple | None = None) -> str | None:
    """The check broken, as one expression (its conditions first, the field after); None where it cannot be."""
    applies = _applies(check, names, n, kind, pick)
    x = f"v[{key!r}]"
    if check.kind == "filled":
        required, forbidden = check.params.get("required"), check.params.get("forbidden")
        if applies is True:
            return f"{x} in {EMPTY!r}" if required else None
        if applies is False:
            return f"{x} not in {EMPTY!r}" if forbidden else None
        if required and forbidden:  # filled exactly where it applies
            return f"{applies} == ({x} in {EMPTY!r})"
        return f"{applies} and {x} in {EMPTY!r}" if required else f"not {applies} and {x} not in {EMPTY!r}"
    if applies is False:
        return None
    when = "" if applies is True else f"{applies} and "
    if check.kind == "fixed":
        value = check.params["value"]
        return f"{when}{x} is not None" if value is None else f"{when}{x} != {_constant(value, names, f'C{n}')}"
    if check.kind == "values":
        return f"{when}{x} not in {_constant(check.params['values'], names, f'C{n}')}"
    if check.kind == "equal":
        same = "==" if check.params.get("negate") else "!="
        return f"{when}type(o := {_other(check)}) is not Raw and {x} {same} o"
    if check.kind == "one-of":
        return when + " and ".join(f"v[{k!r}] in {EMPTY!r}" for k in check.params["fields"])
    names[f"G{n}"] = check
    return f"{when}_module({check.kind!r}).violated(G{n}, {key!r}, scope())"


def _settled(check: Check, layout: Any, key: str, kind: Any, pick: tuple | None = None) -> tuple[bool, Any]:
    """(True, value) where the check, in this kind's code, only says 'the field holds this value' (a fixed value,
    or empty where a filled check forbids it): such checks are tested together, as one tuple."""
    def open_(p: Any) -> bool:  # a predicate this code cannot answer in advance
        return "has" in p or ("field" in p and (pick is None or p["field"] != pick[0]))
    if any(open_(p) for p in (*check.when, *check.unless)):
        return False, None
    applies = _applies(check, {}, 0, kind, pick)
    if check.kind == "fixed" and applies is True:
        return True, check.params["value"]
    if check.kind == "filled" and applies is False and check.params.get("forbidden"):
        f = layout[key]
        return True, None if f.kind == "date" else 0 if f.type == "N" else ""
    return False, None


def _function(spec: Spec, rtype: str, checks: list, names: dict, kind: Any, suffix: str,
              pick: tuple | None = None) -> str:
    """The source of one run function (``run{suffix}``) for a kind (or UNKNOWN: tested at run time) and, with
    ``pick``, one value of one field."""
    layout = spec.declaration.records[rtype]
    tests = []  # (key, guard, credit, test, what to append)
    settled: list[tuple[str, Any]] = []
    for n, rule, condition, check, reads in checks:
        key = condition.key
        test = _violation(check, names, n, key, kind, pick)
        if test is None:
            continue
        guard = " and ".join([f"type(v[{key!r}]) is not Raw"] + [f"type(v[{k!r}]) is not Raw" for k in reads])
        credit = "ctx.dc(record) != 'C'" if any("has" in p for p in (*check.when, *check.unless)) else ""
        is_settled, value = _settled(check, layout, key, kind, pick)
        tests.append((key, guard, credit, test, f"found.append(ctx.finding({rule!r}, record, {key!r}, M{n}))",
                      is_settled))
        if is_settled:
            settled.append((key, value))
    text = " ".join(t[3] for t in tests)
    lines = [f"def run{suffix}(ctx, record, group, kind, below):", "    v = record.values", "    found = []"]
    if "pv[" in text:
        lines += ["    p = group.prestatie",
                  "    pv = group.verzekerde.values if p is None or p.record is record else p.record.values"]
    if "scope()" in text:
        lines += ["    def scope():", "        return scope_of(ctx, record, group)"]

    def body(guarded: bool, skip_settled: bool) -> list[str]:
        out = []
        for key, guard, credit, test, append, is_settled in tests:
            if skip_settled and is_settled:
                continue
            terms = ([guard] if guarded else []) + [f"({test})"] + ([credit] if credit else [])
            out += [f"        if {' and '.join(terms)}:", f"            {append}"]
        return out or ["        pass"]
    clean = "record.suspect is False"
    if settled:  # one comparison for every settled field; their own checks only where it fails, in their order
        names[f"_settled_of{suffix}"] = itemgetter(*[k for k, _ in settled])
        names[f"_SETTLED{suffix}"] = tuple(v for _, v in settled) if len(settled) > 1 else settled[0][1]
        clean += f" and _settled_of{suffix}(v) == _SETTLED{suffix}"
    lines += [f"    if {clean}:"] + body(False, bool(settled)) + ["    else:"] + body(True, False)
    return "\n".join(lines + ["    return found or NO_FINDINGS"]) + "\n"


@lru_cache(maxsize=256)
def compiled(spec: Spec, rtype: str, rules: tuple[str, ...]) -> Callable | None:
    """``run(ctx, record, group)`` -> the findings of every engine check of ``rtype`` under ``rules``, in the
    order of ``rules`` and of the plan; None when there is none. Where checks depend on the prestatie's kind, one
    function per kind with the kind's answers written in (and one for a kind the ledger does not name), chosen
    per record; a record read without unreadable content (``record.suspect is False``) takes the body without
    the per-field guards, and the fields a kind settles to one value are compared as one tuple."""
    names: dict[str, Any] = {"Raw": Raw, "NO_FINDINGS": NO_FINDINGS, "_facts": _facts, "_module": module,
                             "scope_of": scope_of}
    checks = []
    for rule in rules:
        for condition, check, reads in plan(spec, rtype, rule):
            checks.append((len(checks) + 1, rule, condition, check, reads))
            names[f"M{len(checks)}"] = message(condition, check)
    if not checks:
        return None
    by_kind = any("kind" in p for *_, check, _ in checks for p in (*check.when, *check.unless))
    needs_facts = by_kind or any("has" in p for *_, check, _ in checks for p in (*check.when, *check.unless))
    kinds = sorted(spec.conditions.kinds.get("by_soort", {})) if by_kind else []
    key, values = (None, []) if by_kind else _picked(checks)
    sources = [_function(spec, rtype, checks, names, kind, f"_{kind}") for kind in kinds]
    sources += [_function(spec, rtype, checks, names, None, f"_{n}", (key, value)) for n, value in enumerate(values)]
    sources.append(_function(spec, rtype, checks, names, UNKNOWN if by_kind else None, "_any"))
    dispatch = ["def run(ctx, record, group):"]
    if needs_facts:
        dispatch.append("    kind, below = _facts(ctx, record, group)")
    else:
        dispatch.append("    kind = below = None")
    if kinds:
        dispatch.append("    return BY_KIND.get(kind, run_any)(ctx, record, group, kind, below)")
    elif values:
        dispatch.append(f"    return BY_VALUE.get(record.values[{key!r}], run_any)(ctx, record, group, kind, below)")
    else:
        dispatch.append("    return run_any(ctx, record, group, kind, below)")
    source = "\n\n".join(sources) + "\n\n" + "\n".join(dispatch) + "\n"
    exec(compile(source, f"<jwgen conditions {spec.standard.name} {rtype}>", "exec"), names)
    names["BY_KIND"] = {kind: names[f"run_{kind}"] for kind in kinds}
    names["BY_VALUE"] = {value: names[f"run_{n}"] for n, value in enumerate(values)}
    return names["run"]


def _picked(checks: list) -> tuple[str | None, list]:
    """The field most of a record type's checks ask for a value of, and those values (one function each), when
    at least three checks ask it: a tariefrecord's soort."""
    asked: dict[str, set] = {}
    counts: dict[str, int] = {}
    for *_, check, _ in checks:
        for p in (*check.when, *check.unless):
            if "field" in p and "in" in p and all(type(v) in (int, str) for v in p["in"]):
                asked.setdefault(p["field"], set()).update(p["in"])
                counts[p["field"]] = counts.get(p["field"], 0) + 1
    if not counts or max(counts.values()) < 3:
        return None, []
    key = max(sorted(counts), key=counts.get)
    return key, sorted(asked[key], key=repr)
