"""The defect catalogue: deliberately broken JW321 files, each declaring the rules the receiver must report.

Defects edit a generated declaration (model, then bytes); confirming the receiver's answer is
:mod:`jwgen.sets`, one layer up.

>>> from jwgen.defects import CATALOGUE
>>> CATALOGUE["sluit-totaal-bedrag"].rules
('sluit.totaal-bedrag',)
>>> from jwgen.spec import load_spec
>>> len(in_standard(load_spec(standard="GZ321"))) == len(CATALOGUE)
True
"""
from ._base import STAGES, Case, Defect, DefectError
from ._registry import CATALOGUE
from .apply import (BASE_OPTIONS, EXPECTED_STATUS, MASKING, MASKING_PAIRS, apply_defects, base_case, broken_file,
                    case_forms, describe_touched, resolve)



def in_standard(spec) -> list[Defect]:  # noqa: ANN001 - a jwgen.spec.Spec
    """The defects of the catalogue that exist in ``spec``'s standard (:meth:`Defect.missing` is None)."""
    return [d for d in CATALOGUE.values() if d.missing(spec) is None]


__all__ = ["BASE_OPTIONS", "CATALOGUE", "Case", "Defect", "DefectError", "EXPECTED_STATUS", "MASKING",
           "MASKING_PAIRS", "STAGES", "apply_defects", "base_case", "broken_file", "case_forms", "describe_touched",
           "in_standard", "resolve"]
