"""A condition ledger made from a BER alone: the BER's own words, recognised.

Vektis writes the same conditions in the same words across its standards ("Verplicht vullen met spaties",
"Waarde dient gelijk te zijn aan die in het ... in het bovenliggende verzekerdenrecord", "Conditie: invullen
verplicht als er sprake is van een creditpost ..."). ``jwgen/spec/data/condition_phrases.json`` lists those
phrases with the classification each gives (the kinds of :mod:`jwgen.spec.conditions`); :func:`derive` gives
every rubriek of a layout with a condition the entry of the first phrase that matches, its placeholders filled
from the layout, and the rest an honest 'not-checkable: no phrase recognises it'. A standard's own
``conditions.json`` is then the hand edits on top; :func:`derived_counts` says how far the words alone get.

>>> from jwgen.spec import load_spec
>>> derived = derive(load_spec(standard="GZ321").declaration)
>>> derived["0180"]["class"], derived["0180"]["phrase"]
('structural', 'reserve')
>>> derived["1711"]["class"]
'not-checkable'
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from ._layout import Field, MessageLayout, SpecError

PHRASES = resources.files("jwgen.spec") / "data" / "condition_phrases.json"
UNRECOGNISED = "no phrase of jwgen's recognises this wording (jwgen/spec/data/condition_phrases.json): it is " \
               "not checked until the standard's conditions.json classifies it by hand"


@lru_cache(maxsize=1)
def phrases() -> tuple[tuple[str, re.Pattern, re.Pattern | None, re.Pattern | None, dict], ...]:
    """(id, pattern, key pattern or None, record type pattern or None, entry) of every phrase, in order."""
    try:
        raw = json.loads(PHRASES.read_text(encoding="utf-8"))["phrases"]
        return tuple((p["id"], re.compile(p["pattern"], re.IGNORECASE), re.compile(p["key"]) if p.get("key") else None,
                      re.compile(p["records"]) if p.get("records") else None, p["entry"]) for p in raw)
    except (KeyError, TypeError, ValueError, re.error) as error:
        raise SpecError(f"condition_phrases.json is not readable: {error}") from None


def _empty(f: Field) -> Any:
    return None if f.kind == "date" else 0 if f.type == "N" else ""


#: A code and its meaning as a rubriek's condition enumerates them ("10 = DBC-behandeling, 11 = Verblijf"), and
#: the heading a group of them stands under ("Voor OVP: 02 = Kosten instelling; 04 = honorarium ...").
CODE_ITEM = re.compile(r"(?<![\w'])'?(?P<code>\d{2,})'? ?= ?(?P<meaning>[^,.;]+)")
CODE_GROUP = re.compile(r"\bVoor (?P<group>[^:.;]+):")
WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(text.lower()))


def enumerated_codes(fields: list[Field]) -> list[tuple[str, str, frozenset[str]]]:
    """(field key, code, the words of its meaning and heading) of every code a rubriek of the record enumerates
    with its meaning (at least two codes in one condition).

    >>> from jwgen.spec import load_spec
    >>> codes = enumerated_codes(list(load_spec(standard="GZ321").declaration.records["06"].fields))
    >>> [(key, code, sorted(words)) for key, code, words in codes if code == "04"]
    [('soort_prestatie_tarief', '04', ['honorarium', 'medisch', 'ovp', 'specialist'])]
    """
    out = []
    for f in fields:
        text = " ".join(f.condition.split())
        items = list(CODE_ITEM.finditer(text))
        if len(items) < 2:
            continue
        for item in items:
            heading = [g["group"] for g in CODE_GROUP.finditer(text, 0, item.start())][-1:]
            out.append((f.key, item["code"], _words(item["meaning"]) | _words(" ".join(heading))))
    return out


def situation(words: str, fields: list[Field]) -> dict | None:
    """The predicate a situation the BER names ("bij DBC-behandeling", "bij OVP Honorarium") is, read as the codes
    of one rubriek of the record whose meaning (with its heading) has every word of it; None when no rubriek's
    codes, or more than one rubriek's, are meant."""
    wanted = _words(words)
    meant = [(key, code) for key, code, meaning in enumerated_codes(fields) if wanted and wanted <= meaning]
    keys = {key for key, _ in meant}
    if len(keys) != 1:
        return None
    return {"field": keys.pop(), "in": [code for _, code in meant]}


def _filled_in(value: Any, fields: list[Field], at: int, match: re.Match, by_id: dict) -> Any:
    """A placeholder of a phrase's entry filled from the layout; None when it cannot be."""
    if not isinstance(value, str) or not value.startswith("{"):
        return value
    f = fields[at]
    if value == "{situation}":
        captured = match.groupdict().get("situation")
        return None if captured is None else situation(captured, fields)
    if value[1:-1] in match.groupdict() and value != "{rubriek}":  # a capture of the phrase: {value}, ...
        return match.group(value[1:-1])
    if value == "{empty}":
        return _empty(f)
    if value == "{previous}":
        return fields[at - 1].key if at > 0 else None
    if value == "{dc}":
        return next((g.key for g in reversed(fields[:at]) if g.kind == "dc"), None)
    if value == "{rubriek}":
        other = by_id.get(match.groupdict().get("rubriek"))
        return other.key if other is not None and other in fields else None
    return None


def _entry(template: Any, fields: list[Field], at: int, match: re.Match, by_id: dict) -> Any:
    if isinstance(template, dict):
        out = {}
        for key, value in template.items():
            filled = _entry(value, fields, at, match, by_id)
            if filled is _MISSING:
                return _MISSING
            out[key] = filled
        return out
    if isinstance(template, list):
        items = [_entry(v, fields, at, match, by_id) for v in template]
        return _MISSING if any(i is _MISSING for i in items) else items
    filled = _filled_in(template, fields, at, match, by_id)
    return _MISSING if filled is None and template != "{empty}" and isinstance(template, str) and \
        template.startswith("{") else filled


_MISSING = object()


def derive(message: MessageLayout) -> dict[str, dict]:
    """rubriek -> the ledger entry its condition's words give (conditions.json's shape, plus the phrase's id)."""
    by_id = {f.id: f for layout in message.records.values() for f in layout.fields}
    out: dict[str, dict] = {}
    for layout in message.records.values():
        fields = list(layout.fields)
        for at, f in enumerate(fields):
            text = " ".join(f.condition.split())
            if not text:
                continue
            for phrase_id, pattern, key, records, template in phrases():
                match = pattern.search(text)
                if match is None or (key is not None and not key.search(f.key)) or \
                        (records is not None and not records.search(layout.rtype)):
                    continue
                entry = _entry(template, fields, at, match, by_id)
                if entry is not _MISSING:
                    out[f.id] = {**entry, "phrase": phrase_id}
                    break
            else:
                out[f.id] = {"class": "not-checkable", "reason": UNRECOGNISED}
    return out


def derived_counts(message: MessageLayout, rules: Mapping[str, Any]) -> dict[str, int]:
    """How many of the message's conditions its words give, per classification of the ledger they make (a check
    no rule of jwgen answers on its record type counts as not checkable), and how many no phrase recognises."""
    from .conditions import build_ledger

    counts = {"conditions": 0, "implemented": 0, "structural": 0, "not-checkable": 0, "unrecognised": 0}
    for condition in build_ledger([("derived", {"conditions": derive(message)})], message, rules).values():
        counts["conditions"] += 1
        counts["unrecognised" if condition.reason == UNRECOGNISED else condition.cls] += 1
    return counts
