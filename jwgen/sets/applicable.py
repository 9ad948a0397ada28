"""How many of the catalogue's defects apply to a standard: the column "defects that apply" of
``jwgen standards --table``.

A hook, not yet an answer: it returns None (shown as "-") until the layout-driven generator and the generic
defects (issue 24, item 3) say which defects a standard made from a BER can be broken by and confirmed with. Fill
it in here (or make it call jwgen.defects); the CLI imports it lazily, so that the spec layer never imports the
defects.

>>> from jwgen.spec import load_spec
>>> defects_that_apply(load_spec(standard="GZ321")) is None
True
"""
from __future__ import annotations

from ..spec import Spec


def defects_that_apply(spec: Spec) -> int | None:
    """The number of catalogue defects that apply to ``spec``'s standard, each confirmed by its receiver; None
    while that is not measured yet."""
    return None
