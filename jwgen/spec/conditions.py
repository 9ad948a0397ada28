"""The condition ledger: every condition a standard's BER states, and what jwgen does with it.

The BER's last column, *Constraints/condities*, states a condition for most rubrieken (GZ321: 156 of 174).
The layout keeps that text (``Field.condition``, copied from the BER by ``jwgen spec derive``); a standard's
``conditions.json`` classifies each one, by rubriek:

* ``implemented``: checked by the receiver. Its ``checks`` say how, as data: a check of one of the
  declarative :data:`KINDS` (fixed value, allowed values, filled exactly when, equal to, one of both, day
  count, date order, sum), run by the generic engine (:mod:`jwgen.controle.conditions`), or, where ``rule``
  names one, by a rule function of the rule table; then the kind still describes the condition, which is
  what the probe (:mod:`jwgen.sets.probe`) breaks;
* ``structural``: covered by a generic check (``by``: the rules, e.g. key equality, D/C value, code list);
* ``not-checkable``: what the receiver cannot know from the file alone, with the ``reason`` (a registry, the
  invulinstructie, a bilateral agreement, a fact about the person, a clock).

A standard may name a ``base`` standard whose ledger it inherits (JW321 inherits GZ321's: the same
rubrieken, with the derivation's substitutions), entries of its own replacing the base's. Which rubriek
has a condition is the BER's word (the layout); :func:`coverage` says which have no entry and which entries
have no condition, and the test suite fails on either.

>>> from jwgen.spec import load_spec
>>> ledger = load_spec(standard="GZ321").conditions
>>> ledger["1711"].cls, ledger["1711"].checks[0].kind
('implemented', 'filled')
>>> ledger["0109"].checks[0].rule
'voorloop.betaling-aan'
>>> coverage(load_spec(standard="GZ321"))
([], [])
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Mapping

from ._layout import Field, MessageLayout, SpecError

CLASSES = ("implemented", "structural", "not-checkable")
#: the declarative kinds of a check, and the parameters each takes (beside when/unless/rule/note)
KINDS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "fixed": ("value",),  # the field holds exactly this value ('' / 0 / no date: not filled)
    "values": ("values",),  # the field holds one of these values
    "filled": ("required", "forbidden"),  # filled when the condition holds (required), empty when not (forbidden)
    "equal": ("to", "parent", "voorloop", "negate"),  # equal to a field of the record, its parent or the voorlooprecord
    "one-of": ("fields",),  # at least one of these fields (this one among them) is filled
    "day-count": ("begin", "end"),  # the number of days from begin to end, both included
    "date-order": ("not_before", "not_after"),  # a date not before / not after another field's
    "sum": ("of",),  # the sum of this field over the child records of a type
    "resend": (),  # the file sent again is refused (a ledger check; no record edit breaks it)
})
#: parameters for the probe only: a value to use (sample), fields to set for the situation (with), a variant it
#: cannot make and why (unprobed)
PROBE_PARAMS = frozenset({"sample", "with", "unprobed"})
SLUIT_RULE = "condition.sluit"  # the engine's rule on the sluitrecord, which rejects the file
#: what a predicate (when / unless) may test
PREDICATES = ("field", "kind", "has")


@dataclass(frozen=True)
class Check:
    """One declarative check of a condition."""

    kind: str
    rule: str | None  # the rule function that implements it; None: the generic rule of its kind
    when: tuple[Mapping[str, Any], ...]  # every predicate must hold for the check to apply
    unless: tuple[Mapping[str, Any], ...]  # no predicate may hold
    params: Mapping[str, Any]
    note: str = ""

    def directions(self) -> tuple[str, ...]:
        """The directions a probe breaks: 'required' and/or 'forbidden' for a filled check, else 'holds'."""
        if self.kind == "filled":
            return tuple(d for d in ("required", "forbidden") if self.params.get(d))
        return ("holds",)


@dataclass(frozen=True)
class Condition:
    """A rubriek's BER condition and its classification."""

    rubriek: str
    rtype: str
    key: str
    text: str  # the BER's words (the layout's condition)
    cls: str
    checks: tuple[Check, ...] = ()
    by: tuple[str, ...] = ()  # structural: the generic rules that cover it
    reason: str = ""  # not-checkable: why; implemented/structural: what of it is left unchecked and why
    source: str = ""  # the standard whose conditions.json classified it
    extra: Mapping[str, Any] = field(default_factory=dict)


class Ledger(Mapping[str, Condition]):
    """rubriek -> :class:`Condition`, with the prestatie kinds the conditions speak of."""

    def __init__(self, entries: dict[str, Condition], kinds: Mapping[str, Any], about: str):
        self._entries = entries
        self.kinds = kinds
        self.about = about

    def __getitem__(self, rubriek: str) -> Condition:
        return self._entries[rubriek]

    def __iter__(self):
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def asked(self) -> dict[str, set[str]]:
        """rule id -> the record types on which a check of this ledger names that rule (``rule``)."""
        out: dict[str, set[str]] = {}
        for condition in self._entries.values():
            for check in condition.checks:
                if check.rule:
                    out.setdefault(check.rule, set()).add(condition.rtype)
        return out

    def of_record(self, rtype: str) -> list[Condition]:
        return [c for c in self._entries.values() if c.rtype == rtype]

    def counts(self) -> dict[str, int]:
        """How many conditions per classification."""
        out = {cls: 0 for cls in CLASSES}
        for condition in self._entries.values():
            out[condition.cls] += 1
        return out


def typed(f: Field, value: Any) -> Any:
    """A value of the ledger (JSON) as the reader gives the field's content: int for N, date for a date, str."""
    if f.kind == "date":
        if value in ("", 0, None, "00000000"):
            return None
        return value if isinstance(value, date) else date(int(str(value)[:4]), int(str(value)[4:6]), int(str(value)[6:8]))
    if f.type == "N":
        return int(value or 0)
    return "" if value is None else str(value)


def _predicates(raw: Any, layout_fields: Mapping[str, Field], where: str) -> tuple[Mapping[str, Any], ...]:
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        if not isinstance(item, dict) or not set(item) & set(PREDICATES):
            raise SpecError(f"{where}: a predicate is one of {PREDICATES}, not {item!r}")
        item = dict(item)
        if "field" in item:
            f = layout_fields.get(item["field"])
            if f is None:
                raise SpecError(f"{where}: predicate field {item['field']!r} is not in the record")
            if "in" in item:
                item["in"] = frozenset(typed(f, v) for v in item["in"])
        if "kind" in item:
            item["kind"] = frozenset(item["kind"])
        out.append(MappingProxyType(item))
    return tuple(out)


def _check(raw: dict, layout_fields: Mapping[str, Field], f: Field, rules: Mapping[str, Any], where: str) -> Check:
    kind = raw.get("kind")
    if kind not in KINDS:
        raise SpecError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    rule = raw.get("rule")
    if rule is not None and rule not in rules:
        raise SpecError(f"{where}: rule {rule!r} is not in rules.json")
    params = {k: v for k, v in raw.items() if k not in ("kind", "rule", "when", "unless", "note")}
    unknown = set(params) - set(KINDS[kind]) - PROBE_PARAMS
    if unknown:
        raise SpecError(f"{where}: a {kind} check takes {KINDS[kind]}, not {sorted(unknown)}")
    if kind == "fixed":
        params["value"] = typed(f, params["value"])
    elif kind == "values":
        params["values"] = frozenset(typed(f, v) for v in params["values"])
    elif kind == "equal" and "to" in params and params["to"] not in layout_fields:
        raise SpecError(f"{where}: equal to {params['to']!r}, which the record lacks")
    elif kind == "one-of":
        for key in params["fields"]:
            if key not in layout_fields:
                raise SpecError(f"{where}: one-of field {key!r} is not in the record")
    return Check(kind=kind, rule=rule, when=_predicates(raw.get("when"), layout_fields, where),
                 unless=_predicates(raw.get("unless"), layout_fields, where), params=MappingProxyType(params),
                 note=raw.get("note", ""))


def _fields_by_id(message: MessageLayout) -> dict[str, tuple[str, Field]]:
    return {f.id: (rtype, f) for rtype, layout in message.records.items() for f in layout.fields}


def build_ledger(raw_files: list[tuple[str, dict]], message: MessageLayout, rules: Mapping[str, Any]) -> Ledger:
    """The ledger of ``message`` from its conditions.json and those of its base standards (base first)."""
    by_id = _fields_by_id(message)
    entries: dict[str, Condition] = {}
    kinds: dict[str, Any] = {}
    about = ""
    for source, raw in raw_files:
        kinds.update(raw.get("prestatie_kinds", {}))
        about = raw.get("about", about)
        for rubriek, entry in raw.get("conditions", {}).items():
            where = f"{source} conditions.json {rubriek}"
            if rubriek not in by_id:
                continue  # a base standard's rubriek this message does not have
            rtype, f = by_id[rubriek]
            cls = entry.get("class")
            if cls not in CLASSES:
                raise SpecError(f"{where}: class {cls!r} is not one of {', '.join(CLASSES)}")
            layout_fields = message.records[rtype].by_key
            checks = tuple(_check(c, layout_fields, f, rules, f"{where} check {n + 1}")
                           for n, c in enumerate(entry.get("checks", ())))
            by = tuple(entry.get("by", ()))
            for rule in by:
                if rule not in rules:
                    raise SpecError(f"{where}: rule {rule!r} is not in rules.json")
            if cls == "implemented" and not checks:
                raise SpecError(f"{where}: an implemented condition has checks")
            if cls == "structural" and not by:
                raise SpecError(f"{where}: a structural condition names the rules that cover it (by)")
            if cls == "not-checkable" and not entry.get("reason"):
                raise SpecError(f"{where}: a condition that is not checkable says why (reason)")
            reason = entry.get("reason", "")
            unanswered = [c for c in checks if rtype not in rules.get(answering_rule(message, rtype, c), {})
                          .get("records", ())]
            if unanswered:  # claimed, but no rule of jwgen would ever ask it: say so instead of claiming it
                checks = tuple(c for c in checks if c not in unanswered)
                said = "; ".join(f"no rule of jwgen answers a {c.kind} check on record {rtype} "
                                 f"({answering_rule(message, rtype, c)}): not checked" for c in unanswered)
                reason = f"{said}; {reason}" if reason else said
                cls = cls if checks else "not-checkable"
            entries[rubriek] = Condition(rubriek=rubriek, rtype=rtype, key=f.key, text=f.condition, cls=cls,
                                         checks=checks, by=by, reason=reason, source=source,
                                         extra=MappingProxyType({**{k: v for k, v in entry.items()
                                                                    if k not in ("class", "checks", "by", "reason")},
                                                                 "unanswered": len(unanswered)}))
    if kinds.get("by_soort"):  # the table read the other way: a soort's kind, looked up per prestatie
        kinds["_index"] = {soort: kind for kind, soorten in kinds["by_soort"].items() for soort in soorten}
    ordered = {rubriek: entries[rubriek] for rubriek in sorted(entries)}
    return Ledger(ordered, MappingProxyType(kinds), about)


def answering_rule(message: MessageLayout, rtype: str, check: Check) -> str:
    """The rule a check answers under: the rule function it names, else its kind's generic rule (``condition.``
    and the kind; on the sluitrecord ``condition.sluit``). A check whose rule does not list its record type in
    rules.json would never be asked: the ledger says so (:func:`build_ledger`) rather than claim it."""
    if check.rule:
        return check.rule
    return SLUIT_RULE if rtype == message.structure.get("sluit") else f"condition.{check.kind}"


def coverage(spec: Any) -> tuple[list[str], list[str]]:
    """(rubrieken whose BER condition has no ledger entry, ledger entries for a rubriek without a condition)."""
    stated = {f.id for layout in spec.declaration.records.values() for f in layout.fields if f.condition.strip()}
    classified = set(spec.conditions)
    return sorted(stated - classified), sorted(classified - stated)
