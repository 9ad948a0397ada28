"""How many of the catalogue's defects apply to a standard: the column "defects that apply" of
``jwgen standards --table``: those that exist in it (a defect says what it breaks, ``needs``, and which rules must
run on the standard's records; :func:`jwgen.defects.in_standard`), each of which ``generate --all-defects`` builds
and has its receiver confirm (``tests/test_from_layout.py`` holds that for every built-in standard). The CLI imports
it lazily, so that the spec layer never imports the defects.

>>> from jwgen.spec import load_spec
>>> defects_that_apply(load_spec(standard="GZ321")), defects_that_apply(load_spec(standard="MZ301"))
(53, 41)
"""
from __future__ import annotations

from ..defects import in_standard
from ..spec import Spec


def defects_that_apply(spec: Spec) -> int:
    """The number of catalogue defects that exist in ``spec``'s standard."""
    return len(in_standard(spec))
