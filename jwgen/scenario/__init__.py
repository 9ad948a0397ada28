"""Scenarios: declarative multi-file stories (declare, answer, credit, correct, answer again)."""
from .engine import StepResult, run
from .fixtures import scenario_set
from .load import builtin_names, load
from .schema import ScenarioError, parse

__all__ = ["ScenarioError", "StepResult", "builtin_names", "load", "parse", "run", "scenario_set"]
