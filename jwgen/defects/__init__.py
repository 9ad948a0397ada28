"""The defect catalogue: deliberately broken JW321 files, each confirmed with its expected JW322.

>>> from jwgen.defects import CATALOGUE
>>> CATALOGUE["sluit-totaal-bedrag"].rules
('sluit.totaal-bedrag',)
"""
from ._base import Case, Defect, DefectError, NotConfirmed
from ._registry import CATALOGUE
from .build import BuiltCase, build_case, manifest_entry, resolve

__all__ = ["BuiltCase", "CATALOGUE", "Case", "Defect", "DefectError", "NotConfirmed", "build_case",
           "manifest_entry", "resolve"]
