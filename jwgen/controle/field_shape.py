"""One regular expression per record type for the generic field checks of a clean record.

``line_shape`` writes the field checks that look at one field's characters (reserve blank, mandatory filled,
left-aligned, names without digits, a short closed code list, a code of a fixed-width shape) as one regular
expression over the record's text. It holds for a record's text exactly when the values decoded from that
text, in a record without Raw content, pass those checks: an AN value is its text without trailing spaces, an
N value the number of its ASCII digits (anything else is Raw). What it cannot say exactly is left to the
caller: long code lists (a set lookup on the value after the match) and shapes it cannot prove field-local.

>>> import re
>>> _fixed_width("^(?!00)[0-9]{2}(?!0{6})[0-9]{6}$", 8)
'(?!00)[0-9]{2}(?!0{6})[0-9]{6}'
>>> _fixed_width("^[0-9]{2,4}$", 4) is None
True
"""
from __future__ import annotations

import re

from ..spec import RecordLayout

#: Every character for which str.isdigit() is true: \\d (Unicode decimal digits) and the other digits
#: (superscripts, circled numbers, ...). A test pins it against the whole of Unicode.
DIGIT = re.compile("[\\d\u00b2-\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468"
                   "\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792"
                   "\U00010a40-\U00010a43\U00010e60-\U00010e68\U00011052-\U0001105a\U0001f100-\U0001f10a]")
_DIGITS = DIGIT.pattern[1:]  # the class without its "[": "[^" + _DIGITS is every character but a digit

#: A closed list of at most this many codes goes into the expression; a longer one is a set lookup.
SHORT_LIST = 12

# The shapes _fixed_width proves: a class or a literal character, each with an optional fixed count; and
# lookaheads of those. Nothing else (no alternation, ranges of counts, anchors or escapes inside).
_ATOM = r"(?:\[[^\]\\^ ]+\]|[0-9A-Za-z])"
_TOKEN = re.compile(rf"(?P<look>\(\?[!=](?P<inner>(?:{_ATOM}(?:\{{\d+\}})?)+)\))|(?P<atom>{_ATOM})(?:\{{(?P<n>\d+)\}})?")
_COUNTED = re.compile(rf"{_ATOM}(?:\{{(\d+)\}})?")


def _width(source: str) -> int:
    return sum(int(m[1] or 1) for m in _COUNTED.finditer(source))


def _fixed_width(pattern: str, length: int) -> str | None:
    """The body of ``^BODY$`` when it matches only texts of ``length`` characters, none with a space, and its
    lookaheads read inside them; else None."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        return None
    body, at = pattern[1:-1], 0
    width = 0
    while at < len(body):
        m = _TOKEN.match(body, at)
        if m is None:
            return None
        if m["look"]:
            if width + _width(m["inner"]) > length:
                return None
        else:
            width += int(m["n"] or 1)
        at = m.end()
    return body if width == length else None


def _literal(code: str, length: int) -> str:
    return re.escape(code.ljust(length))


def line_shape(layout: RecordLayout, fillers: tuple, mandatory: tuple, aligned: tuple, names: tuple,
               coded: tuple, patterned: tuple) -> tuple[re.Pattern, tuple, tuple]:
    """(the expression, the coded and the patterned entries it leaves to the caller). The arguments are a
    field-check plan's: keys of fillers, of mandatory fields, of AN fields and of names; (key, length, use,
    codes, ...) of closed lists with the codes as the decoded values hold them; (key, length, use, pattern,
    ...) of open lists of a known shape."""
    conditions: dict[str, list[str]] = {f.key: [] for f in layout.fields}
    left_coded, left_patterned = [], []
    kinds = {f.key: (f.type, f.kind) for f in layout.fields}
    for key in fillers:
        conditions[key].append(" {%d}" % layout[key].length if kinds[key][0] == "AN" else "(?!)")
    for key in mandatory:
        if kinds[key][0] == "N" or kinds[key][1] == "date":  # all zeros is empty (a date's 00000000: None)
            conditions[key].append("(?!0{%d})" % layout[key].length)
    names_ = set(names)
    for key in aligned:
        n = layout[key].length
        # printable text (field.text) is asked of the whole line at once (str.isprintable, in record_checks)
        body, first = ("[^" + _DIGITS, "[^ " + _DIGITS) if key in names_ else (".", "[^ ]")
        part = first + ("%s{%d}" % (body, n - 1) if n > 1 else "")  # filled, left-aligned
        conditions[key].append(part if key in mandatory else "(?: {%d}|%s)" % (n, part))
    for key in names_ - set(aligned):
        conditions[key].append("(?!)")  # a name that is not text: the plain way decides
    for entry in coded:
        key, length, use, codes = entry[:4]
        type_, kind = kinds[key]
        if len(codes) > SHORT_LIST or kind == "date":
            left_coded.append(entry)
            continue
        if type_ == "N":  # the value is the number of the field's digits
            alts = [f"{c:0{length}d}" for c in sorted(codes) if 0 <= c < 10 ** length]
            alts += ["0" * length] if use != "M" else []
        else:  # the value is the text without trailing spaces; empty passes
            alts = [_literal(c, length) for c in sorted(codes) if len(c) <= length and not c.endswith(" ")]
            alts += [" " * length]
        conditions[key].append("(?:%s)" % "|".join(alts) if alts else "(?!)")
    for entry in patterned:
        key, length, use, pattern = entry[:4]
        type_, kind = kinds[key]
        body = _fixed_width(pattern.pattern, length) if kind != "date" else None
        if body is None:
            left_patterned.append(entry)
            continue
        empty = ("0" * length if use != "M" else None) if type_ == "N" else " " * length
        conditions[key].append(f"(?:{empty}|{body})" if empty else f"(?:{body})")
    parts: list[str] = []
    free = 0  # characters without a condition since the last part written
    for f in layout.fields:
        found = conditions[f.key]
        if not found:
            free += f.length
            continue
        if free:
            parts.append(".{%d}" % free)
        looks = [c for c in found if c.startswith("(?!0{") or c == "(?!)"]
        consuming = [c for c in found if c not in looks]
        parts += looks + ["(?=%s)" % c for c in consuming[:-1]]
        if consuming:
            parts.append(consuming[-1])
            free = 0
        else:
            free = f.length
    return re.compile("".join(parts), re.DOTALL), tuple(left_coded), tuple(left_patterned)
