"""Text from files made safe to show: control characters become visible escapes.

A JW321 is the sender's bytes; its text fields may hold ESC sequences that rewrite
a terminal, BEL, NUL, C1 controls (U+009B is a one-character CSI), bidirectional
overrides that reorder what is read (U+202E), line separators, lone surrogates and
the characters XML 1.0 forbids. Every human output (tables, ``show``, error lines,
JUnit XML) passes through :func:`printable`; JSON output through :func:`json_text`; every
view (HTML, Markdown) through :func:`printable` as the templates' finalize; every spreadsheet
cell (csv, xlsx) through :func:`cell_text`, which also keeps a text from being read as a formula.

>>> printable("Jansen\\x1b[2J\\x07")
'Jansen\\\\x1b[2J\\\\x07'
>>> printable("ë and € stay")
'ë and € stay'
>>> printable("two\\nlines", keep="")
'two\\\\nlines'
>>> cell_text('=HYPERLINK("//x")'), cell_text("-5"), cell_text("0001"), cell_text("\\tx", quote=False)
('\\'=HYPERLINK("//x")', "'-5", '0001', '\\\\tx')
"""
from __future__ import annotations

import json
import re
from typing import Any

# Unicode categories Cc (controls), Cf (format: bidi overrides, zero-width, BOM), Cs (surrogates),
# Zl/Zp (line/paragraph separators) and the noncharacters U+FDD0-FDEF, U+FFFE/FFFF. Written out
# (Unicode 15) so importing this module costs nothing.
_UNSAFE = (
    "\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_PATTERNS: dict[str, re.Pattern] = {}

#: The characters :func:`printable` escapes, as the body of a regular-expression class (``"[" + UNSAFE + "]"``).
#: The receiver refuses them in an AN field (rule ``field.text``): an EI field holds printable text.
UNSAFE = _UNSAFE
UNSAFE_CHARACTER = re.compile(f"[{_UNSAFE}]")


_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _pattern(keep: str) -> re.Pattern:
    pattern = _PATTERNS.get(keep)
    if pattern is None:
        unsafe = "".join(re.escape(c) for c in keep)
        pattern = _PATTERNS[keep] = re.compile(f"(?![{unsafe}])[{_UNSAFE}]" if keep else f"[{_UNSAFE}]")
    return pattern


def printable(text: Any, keep: str = "\n") -> str:
    """``text`` with every unsafe character written as ``\\xNN``/``\\uNNNN``; ``keep`` lists the ones
    to leave (a newline in multi-line output). Idempotent: an escape is plain ASCII. Every unsafe character
    is one ``str.isprintable`` refuses (a test holds it), so a printable text is returned at once (a page
    of text is checked ten times quicker that way than by the expression)."""
    text = str(text)
    plain = text
    for char in keep:
        plain = plain.replace(char, " ")
    if plain.isprintable():
        return text
    return _pattern(keep).sub(_escape, text)


def _json_escape(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xd800 + (code >> 10):04x}\\u{0xdc00 + (code & 0x3ff):04x}"


def json_text(data: Any, **options: Any) -> str:
    """JSON with UTF-8 text kept readable and every unsafe character as a JSON ``\\u`` escape."""
    text = json.dumps(data, ensure_ascii=False, **options)
    return _pattern("\n").sub(_json_escape, text)


#: What a spreadsheet reads as the start of a formula (OWASP, CSV injection): = + - @, and tab or CR before them.
FORMULA_START = frozenset("=+-@\t\r")


def cell_text(text: Any, quote: bool = True) -> str:
    """Text for one spreadsheet cell: every unsafe character escaped (newlines too: a cell is one line), and,
    with ``quote`` (csv), a text a spreadsheet would read as a formula prefixed with a single quote, as OWASP
    advises. An xlsx cell is written as a string cell instead, which is never a formula (``quote=False``).
    Amounts are no text: they are written as numbers and never pass through here."""
    shown = printable(text, keep="")
    return "'" + shown if quote and shown[:1] in FORMULA_START else shown
