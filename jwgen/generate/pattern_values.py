"""A value that matches a code list's pattern (``codelists.json`` ``pattern``), drawn from a ``random.Random``.

An open code list (a registry jwgen does not hold: prestatiecodes, AGB codes) is checked by its shape; a
generated file must hold a value of that shape. The patterns are character classes with a count
(``^[0-9A-Z]{6}$``, ``^[1-9][0-9]{3}[A-Z]{2}$``) and negative lookaheads (``(?!00)``); each class is drawn,
the lookaheads are honoured by drawing again.

>>> import random
>>> matching("^[1-9][0-9]{3}[A-Z]{2}$", random.Random(1))
'2177UM'
>>> matching("^(?!00)[0-9]{2}(?!0{6})[0-9]{6}$", random.Random(2)).isdigit()
True
>>> matching("^(a|b)$", random.Random(1)) is None  # a shape jwgen does not draw
True
"""
from __future__ import annotations

import random
import re

_TOKEN = re.compile(r"\[([^\]]+)\](?:\{(\d+)(?:,(\d+))?\})?")
_LOOKAHEAD = re.compile(r"\(\?![^)]*\)")
#: Draws before giving up on a pattern whose lookaheads keep refusing.
TRIES = 20


def _alphabet(spec: str) -> str:
    out = []
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            out.extend(chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1))
            i += 3
        else:
            out.append(spec[i])
            i += 1
    return "".join(out)


def matching(pattern: str, rng: random.Random) -> str | None:
    """A string the whole ``pattern`` matches, or None for a pattern of another shape."""
    body = _LOOKAHEAD.sub("", pattern.removeprefix("^").removesuffix("$"))
    tokens = []
    at = 0
    for found in _TOKEN.finditer(body):
        if found.start() != at:
            return None
        low = int(found.group(2) or 1)
        tokens.append((_alphabet(found.group(1)), low, int(found.group(3) or low)))
        at = found.end()
    if at != len(body) or not tokens:
        return None
    whole = re.compile(pattern)
    for _ in range(TRIES):
        text = "".join(rng.choice(letters) for letters, low, high in tokens for _ in range(rng.randint(low, high)))
        if whole.fullmatch(text):
            return text
    return None
