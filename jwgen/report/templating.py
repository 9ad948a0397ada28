"""The jinja2 environment every view of jwgen is rendered with (README.md, index.html, the uitval report).

The views' models are plain dicts. jinja2 reads ``e.anchor`` as "the attribute, else the item", so on a dict
every such read first fails as an attribute (an AttributeError raised and caught); this environment reads
a dict's item first and falls back to jinja2's own order for anything else, and for a name the dict does not
hold. The pages are the same: no template reads a dict's method (``items``, ``get``, ...) by attribute, which
the test of this module pins. Templates are jwgen's own files: read once, never checked again for changes
(``auto_reload`` off: no stat of the template per page).

>>> env = environment(autoescape=False)
>>> env.from_string("{{ e.anchor }} {{ e.missing | default('-') }} {{ n.real }}").render(e={"anchor": "a"}, n=3)
'a - 3'
"""
from __future__ import annotations

from typing import Any, Callable

from jinja2 import Environment, PackageLoader, StrictUndefined


class _Environment(Environment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(autoescape: bool | Callable[[str | None], bool], **filters: Callable[..., Any]) -> Environment:
    """jwgen's templates (``jwgen/report/templates``) with ``filters``, undefined names an error."""
    env = _Environment(loader=PackageLoader("jwgen.report", "templates"), autoescape=autoescape,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                       auto_reload=False)
    env.filters.update(filters)
    return env
