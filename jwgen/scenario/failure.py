"""The one error of scenarios: a scenario file that is malformed or a story that does not hold (exit 2).

Its own module so that the schema, the step kinds and the engine all raise it without importing each other.
"""
from __future__ import annotations

from ..errors import JwgenError


class ScenarioError(JwgenError):
    """A scenario file is malformed or its story does not hold."""
