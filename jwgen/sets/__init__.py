"""Fixture sets: generate, break, and confirm with the reference receiver (one layer above generate, defects
and controle).

Every set this package returns was answered by :func:`jwgen.controle.receive` before it is handed back, and the
answer is the expected JW322 in the set; when the answer differs from what was declared,
:class:`~jwgen.errors.NotConfirmed` stops the run.
"""
from .case import BuiltCase, build_case, confirm, manifest_entry
from .defect_sets import all_defects_set, defect_set
from .valid import OutputSet, build_valid_set, record_counts

__all__ = ["BuiltCase", "OutputSet", "all_defects_set", "build_case", "build_valid_set", "confirm",
           "defect_set", "manifest_entry", "record_counts"]
