"""The jinja2 environment every view of jwgen is rendered with (README.md, index.html, the uitval report).

The views' models are plain dicts. jinja2 reads ``e.anchor`` as "the attribute, else the item", so on a dict
every such read first fails as an attribute (an AttributeError raised and caught); this environment reads
a dict's item first and falls back to jinja2's own order for anything else, and for a name the dict does not
hold. The pages are the same: no template reads a dict's method (``items``, ``get``, ...) by attribute, which
the test of this module pins. Templates are jwgen's own files: read once, never checked again for changes
(``auto_reload`` off: no stat of the template per page). Every value a template writes passes
:func:`jwgen.printable.printable` (the environment's ``finalize``, before HTML escaping): a control character,
bidi override or separator from a file, a file name or a scenario file is shown as a visible escape, on every
page, whatever filter the template uses (a newline is kept: a description may have lines).

>>> env = environment(autoescape=False)
>>> env.from_string("{{ e.anchor }} {{ e.missing | default('-') }} {{ n.real }}").render(e={"anchor": "a"}, n=3)
'a - 3'
>>> env.from_string("{{ name }}").render(name="Jan\\x1b[2Jsen\\u202e")
'Jan\\\\x1b[2Jsen\\\\u202e'
"""
from __future__ import annotations

from typing import Any, Callable

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..printable import printable


class _Environment(Environment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def _finalize(value: Any) -> Any:
    """What a template writes: text with its control characters escaped (markup made by jwgen, a section rendered
    by this environment before, is escaped the same way and stays markup); numbers as they are. A newline is
    kept (a description may have lines)."""
    if isinstance(value, str):
        shown = printable(value)
        if len(shown) != len(value):  # something was escaped (an escape is longer than its character)
            return Markup(shown) if isinstance(value, Markup) else shown
    return value


def environment(autoescape: bool | Callable[[str | None], bool], **filters: Callable[..., Any]) -> Environment:
    """jwgen's templates (``jwgen/report/templates``) with ``filters``, undefined names an error."""
    env = _Environment(loader=PackageLoader("jwgen.report", "templates"), autoescape=autoescape,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                       auto_reload=False, finalize=_finalize)
    env.filters.update(filters)
    return env
