"""The condition probe: an approved file, changed so that it breaks one BER condition, one direction at a time.

For every ``implemented`` condition of the standard's ledger (``conditions.json``) and every direction of each
of its checks (a ``filled`` check: ``required`` and/or ``forbidden``; any other: ``holds``), the probe finds a
record of the base file where the direction applies (or makes one, by setting the fields the check's
predicates test), and writes two variants: **broken** (only that rubriek changed so that the check fails:
the receiver must reject it with a finding on that rubriek, under the check's rule and retourcode) and
**allowed** (the same rubriek set as the check wants: the receiver must approve it). A change to a field that
records below repeat ("Waarde dient gelijk te zijn aan die in ... in het bovenliggende ...record", the BER's
key inheritance) is made in those records too, so the probe breaks nothing else on the way. The variants are
built from the ledger and the kinds (:mod:`jwgen.kinds`), never picked by hand; ``resend`` (0116) is
the base file sent twice to one ledger.

>>> from jwgen.spec import load_spec
>>> base = open("tests/conformance/gz321/GZ321-basisbestand-correct.ASC", "rb").read()
>>> results = run_probe(load_spec(standard="GZ321"), base)
>>> [r.passed for r in results if r.case.rubriek == "1711"]
[True, True, True, True]
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from types import SimpleNamespace
from typing import Any, Iterator

from ..controle import Ledger, Outcome, receive
from ..controle.conditions import rule_of, scope_of
from ..kinds import applies, module
from ..controle.record_checks import Group
from ..flatfile import read, write
from ..model import Declaration, Record
from ..spec import Spec
from ..spec.conditions import Check, Condition, typed

INHERITED = "Waarde dient gelijk te zijn aan die in"  # the BER's words for a key a record repeats from above


@dataclass(frozen=True)
class ProbeCase:
    rubriek: str
    kind: str
    direction: str  # required | forbidden | holds
    variant: str  # broken | allowed
    rule: str  # the rule that must answer (broken)
    retourcode: str
    line: int  # the changed record's line
    change: str  # what was changed, for people
    data: bytes
    resend: bool = False  # send the file twice to one ledger; the second answer counts


@dataclass(frozen=True)
class ProbeResult:
    case: ProbeCase
    outcome: Outcome
    passed: bool
    why: str


def _walk(declaration: Declaration) -> Iterator[tuple[Record, Group, list[Record]]]:
    """Every detail record with its group and the records below it (for key inheritance)."""
    for verzekerde in declaration.verzekerden:
        group = Group(verzekerde.record, node=verzekerde)
        yield verzekerde.record, group, [r for r in verzekerde.records() if r is not verzekerde.record]
        for comment in verzekerde.comments:
            yield comment, group, []
        if verzekerde.debiteur is not None:
            yield verzekerde.debiteur.record, group, []
        for prestatie in verzekerde.prestaties:
            pgroup = Group(verzekerde.record, prestatie)
            yield prestatie.record, pgroup, [r for r in prestatie.records() if r is not prestatie.record]
            for child in prestatie.children():
                yield child.record, pgroup, []
                for comment in child.comments:
                    yield comment, pgroup, []


def _targets(spec: Spec, declaration: Declaration, rtype: str) -> Iterator[tuple[Record, Group | None, list]]:
    structure = spec.declaration.structure
    if rtype == structure["voorloop"]:
        yield declaration.voorloop, None, []
    elif rtype == structure["sluit"]:
        yield declaration.sluit, None, []
    else:
        yield from ((r, g, below) for r, g, below in _walk(declaration) if r.rtype == rtype)


def _scope(spec: Spec, declaration: Declaration, record: Record, group: Group | None):
    ctx = SimpleNamespace(spec=spec, voorloop=declaration.voorloop)
    return scope_of(ctx, record, group)


def _set(spec: Spec, record: Record, below: list[Record], key: str, value: Any) -> None:
    """Set a field, and the same key in the records below that repeat it (the BER's key inheritance)."""
    record[key] = value
    ledger = spec.conditions
    for other in below:
        layout = spec.declaration.records[other.rtype]
        if key in layout and INHERITED in (ledger.get(layout[key].id).text if layout[key].id in ledger else ""):
            other[key] = value


def _make_hold(spec: Spec, declaration: Declaration, check: Check, record: Record, below: list, want: bool) -> bool:
    """Set the fields of the check's field predicates so that it applies (``want``) or not; False when a
    predicate is not about a field of the record (a kind, what is below it)."""
    f_of = spec.declaration.records[record.rtype]
    preds = [(p, True) for p in check.when] + [(p, False) for p in check.unless]
    if not all("field" in p and set(p) <= {"field", "in", "filled"} for p, _ in preds):
        return False
    if not want:  # break the first when (or make the first unless hold)
        preds = preds[:1]
        preds = [(p, not sense) for p, sense in preds]
    for predicate, sense in preds:
        f = f_of[predicate["field"]]
        current = record.values[predicate["field"]]
        sample = _file_sample(spec, declaration, predicate["field"])
        if "in" in predicate:
            options = sorted(predicate["in"], key=str)
            if sense:
                value = current if current in predicate["in"] else options[0]
            else:
                value = module("fixed").other_value(f, options[0])
                while value in predicate["in"]:
                    value = module("fixed").other_value(f, value)
        else:
            wanted_filled = predicate["filled"] == sense
            empty = module("filled").empty(f)
            value = (current if current not in (None, "", 0) else module("fixed").other_value(f, empty, sample)) \
                if wanted_filled else empty
        _set(spec, record, below, predicate["field"], value)
    return True


def _fresh(spec: Spec, base: bytes) -> Declaration:
    return read(base, spec.declaration)


def _file_sample(spec: Spec, declaration: Declaration, key: str) -> Any:
    """A filled value the file itself holds for a field of the same code list (or key): a value of the right
    shape (an AGB code where an AGB code goes) for the probe to fill in."""
    f = next(layout[key] for layout in spec.declaration.records.values() if key in layout)
    for record in declaration.records():
        layout = spec.declaration.records[record.rtype]
        for other in layout.fields:
            if other.key != key and not (f.codelist and other.codelist == f.codelist):
                continue
            if other.type == f.type and other.length == f.length and record.values.get(other.key) not in ("", 0, None):
                return record.values[other.key]
    return None


def _with_sample(spec: Spec, declaration: Declaration, check: Check, key: str) -> Check:
    if "sample" in check.params:
        return check
    sample = _file_sample(spec, declaration, key)
    return check if sample is None else replace(check, params={**check.params, "sample": sample})


def _locate(spec: Spec, base: bytes, condition: Condition, check: Check, direction: str):
    """(declaration, record, group, below) where the direction applies, made so when the base has none."""
    want = direction != "forbidden"
    declaration = _fresh(spec, base)
    situation = check.params.get("with", {})
    if situation:  # the fields the ledger sets for the situation the check is probed in
        for record, group, below in _targets(spec, declaration, condition.rtype):
            for key, value in situation.items():
                f = spec.declaration.records[condition.rtype][key]
                _set(spec, record, below, key, typed(f, value))
            break
    for record, group, below in _targets(spec, declaration, condition.rtype):
        if applies(check, _scope(spec, declaration, record, group)) == want:
            return declaration, record, group, below
    for record, group, below in _targets(spec, declaration, condition.rtype):
        if _make_hold(spec, declaration, check, record, below, want) and \
                applies(check, _scope(spec, declaration, record, group)) == want:
            return declaration, record, group, below
        break
    return None


def _expected_code(spec: Spec, rtype: str, key: str, rule: str) -> str:
    entry = spec.rules[rule]
    return spec.field_code(rtype, key, entry["retourcode"]) if entry.get("field_codes") else entry["retourcode"]


def probe_cases(spec: Spec, base: bytes) -> Iterator[ProbeCase]:
    """The broken and the allowed variant of every implemented condition's every direction."""
    for condition in spec.conditions.values():
        if condition.cls != "implemented":
            continue
        for check in condition.checks:
            rule = rule_of(spec, condition.rtype, check)
            code = _expected_code(spec, condition.rtype, condition.key, rule)
            if check.kind == "resend":
                yield ProbeCase(condition.rubriek, check.kind, "holds", "broken", rule, code, 1,
                                "the same file sent twice", base, resend=True)
                continue
            for direction in check.directions():
                for variant in ("broken", "allowed"):
                    if variant == "allowed" and "unprobed" in check.params:
                        yield ProbeCase(condition.rubriek, check.kind, direction, "unprobed", rule, code, 0,
                                        check.params["unprobed"], b"")
                        continue
                    found = _locate(spec, base, condition, check, direction)
                    if found is None:  # e.g. a debiteurrecord the base file does not have
                        yield ProbeCase(condition.rubriek, check.kind, direction, "unprobed", rule, code, 0,
                                        f"no record of the base file where the {direction} direction applies, "
                                        "and none can be made by setting fields of the record", b"")
                        break
                    declaration, record, group, below = found
                    f = spec.declaration.records[condition.rtype][condition.key]
                    scope = _scope(spec, declaration, record, group)
                    kind = module(check.kind)
                    value = getattr(kind, variant)(_with_sample(spec, declaration, check, condition.key), f, scope,
                                                   direction)
                    _set(spec, record, below, condition.key, value)
                    if variant == "broken" and check.kind == "one-of":
                        for key in kind.also(check, condition.key):
                            _set(spec, record, below, key, module("filled").empty(
                                spec.declaration.records[condition.rtype][key]))
                    yield ProbeCase(condition.rubriek, check.kind, direction, variant, rule, code, record.number,
                                    f"line {record.number}: {condition.key} = {value!r}",
                                    write(declaration, spec.declaration))


def judge(spec: Spec, case: ProbeCase) -> ProbeResult:
    """Ask the receiver (its own profile, a fresh ledger) and say whether it answered as the probe expects."""
    if case.variant == "unprobed":
        return ProbeResult(case, Outcome("", "unprobed", case.change), False, case.change)
    ledger = Ledger()
    try:
        outcome = receive(case.data, ledger=ledger, spec=spec)
        if case.resend:
            outcome = receive(case.data, ledger=ledger, spec=spec)
    finally:
        ledger.close()
    if case.variant == "allowed":
        ok = outcome.status == "approved"
        return ProbeResult(case, outcome, ok, "" if ok else "not approved: " + _said(outcome))
    hit = [f for f in outcome.findings if f.rubriek == case.rubriek and f.rule == case.rule]
    if outcome.status == "approved" or not hit:
        return ProbeResult(case, outcome, False, f"no {case.rule} finding on {case.rubriek}: {_said(outcome)}")
    if hit[0].retourcode != case.retourcode:
        return ProbeResult(case, outcome, False, f"retourcode {hit[0].retourcode}, expected {case.retourcode}")
    return ProbeResult(case, outcome, True, "")


def _said(outcome: Outcome) -> str:
    return f"{outcome.status} " + ", ".join(f"{f.rubriek}/{f.retourcode} {f.rule}" for f in outcome.findings[:5])


def run_probe(spec: Spec, base: bytes) -> list[ProbeResult]:
    """Every probe case of the spec's ledger on ``base``, judged."""
    return [judge(spec, case) for case in probe_cases(spec, base)]
