"""How the fixture views write values: euro amounts, Markdown escaping and links to the set's files.

>>> euro(12345), euro(-500), euro(3181160), euro(0), euro(None)
('€ 123,45 D', '€ 5,00 C', '€ 31.811,60 D', '€ 0,00', '–')
>>> md_cell("a | b\\nc")
'a \\\\| b<br>c'
>>> href("javascript:alert(1)")
'javascript%3Aalert%281%29'
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from .money import money_or_blank

__all__ = ["MISSING", "euro", "href", "md_cell", "md_inline", "md_text", "text"]

MISSING = "–"


def euro(cents: int | None) -> str:
    """Signed eurocent in the one money format (``€ 21.327,50 D``, credit ``C``); '–' when missing."""
    return money_or_blank(cents, MISSING)


def text(value: Any) -> str:
    """A value as the views show it: None as '', booleans as yes/no, anything else as str()."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<|~]|&(?=#?\w+;))")
_MD_BLOCK_START = re.compile(r"^(\s*)([-+=>#]|\d+[.)])")


def md_inline(value: Any) -> str:
    """Backslash-escape what Markdown (CommonMark/GFM) would read as markup."""
    plain = text(value)
    return _MD_SPECIAL.sub(r"\\\1", plain) if _MD_SPECIAL.search(plain) else plain  # most values hold none


def md_cell(value: Any) -> str:
    """One GFM table cell: markup and '|' escaped, newlines as <br>, never empty-broken."""
    plain = text(value)
    if "\n" not in plain and "\r" not in plain:  # one line, as most cells are
        return md_inline(plain.strip())
    lines = [md_inline(line.strip()) for line in plain.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "<br>".join(lines)


def _escape_block_start(match: re.Match[str]) -> str:
    mark = match.group(2)
    return mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark


def md_text(value: Any) -> str:
    """A paragraph: markup escaped, lines kept, no line can start a heading, list or code block."""
    out = []
    for line in text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = md_inline(line.strip())
        out.append(_MD_BLOCK_START.sub(_escape_block_start, line))
    return "\n".join(out).strip("\n")


def href(path: str) -> str:
    """A relative link to a file of the set; ':' is quoted so no scheme (javascript:) can appear."""
    return quote(path, safe="/")
