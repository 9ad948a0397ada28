"""The JSON text of jwgen's manifests, indexes and case files: ``json.dumps(data, indent=2, ensure_ascii=False)``.

The standard library writes indented JSON with its pure-Python encoder, one generator per level and one
``yield`` per piece: writing a fuzz case's ``case.json`` that way was about 4 % of building the case. :func:`dumps`
writes the same text with one join per dict or list and the standard library's own C string escaper; for a
value it does not write itself (a key that is not a string, a float that is not finite, a type other than dict,
list, tuple, str, int, float, bool and None, subclasses included) it hands the whole document to ``json.dumps``,
so the text is always the standard library's (a hypothesis test holds the two equal).

>>> print(dumps({"name": "jwgen", "codes": ["0200", 8001], "empty": {}, "none": None, "ok": True, "€": 1.5}))
{
  "name": "jwgen",
  "codes": [
    "0200",
    8001
  ],
  "empty": {},
  "none": null,
  "ok": true,
  "€": 1.5
}
>>> dumps({1: "a"}) == json.dumps({1: "a"}, indent=2, ensure_ascii=False)
True
"""
from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["dumps"]

_STRING = json.encoder.encode_basestring  # what json.dumps escapes a string with when ensure_ascii is off


class _NotPlain(Exception):
    """A value :func:`_text` leaves to ``json.dumps``."""


def dumps(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)``, the same text."""
    try:
        return _text(data, "\n")
    except (_NotPlain, RecursionError):
        return json.dumps(data, indent=2, ensure_ascii=False)


def _text(value: Any, newline: str) -> str:
    """``value`` as JSON; ``newline``: a line break and the indent of the level ``value`` stands at."""
    kind = type(value)
    if kind is str:
        return _STRING(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + "  "
        parts = []
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            parts.append(_STRING(key) + ": " + _text(item, inner))
        return "{" + inner + ("," + inner).join(parts) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = newline + "  "
        return "[" + inner + ("," + inner).join([_text(item, inner) for item in value]) + newline + "]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    raise _NotPlain
