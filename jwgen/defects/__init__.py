"""The defect catalogue: deliberately broken JW321 files, each declaring the rules the receiver must report.

Defects edit a generated declaration (model, then bytes); confirming the receiver's answer is
:mod:`jwgen.sets`, one layer up.

>>> from jwgen.defects import CATALOGUE
>>> CATALOGUE["sluit-totaal-bedrag"].rules
('sluit.totaal-bedrag',)
"""
from ._base import STAGES, Case, Defect, DefectError
from ._registry import CATALOGUE
from .apply import (BASE_OPTIONS, EXPECTED_STATUS, MASKING, MASKING_PAIRS, apply_defects, base_case, broken_file,
                    case_forms, describe_touched, resolve)

__all__ = ["BASE_OPTIONS", "CATALOGUE", "Case", "Defect", "DefectError", "EXPECTED_STATUS", "MASKING",
           "MASKING_PAIRS", "STAGES", "apply_defects", "base_case", "broken_file", "case_forms", "describe_touched",
           "resolve"]
