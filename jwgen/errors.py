"""Errors the command line turns into one clear line and a documented exit code."""
from __future__ import annotations

EXIT_OK = 0
EXIT_REJECTED = 1  # validate: (partly) rejected; check/compare: disagreement
EXIT_USAGE = 2  # wrong options, unreadable or unrecognisable input, existing output
EXIT_INTERNAL = 3  # a bug in jwgen: please report


class JwgenError(Exception):
    """Any expected failure: shown as ``jwgen: error: <message>``, exit code 2."""

    exit_code = EXIT_USAGE


class OutputExists(JwgenError):
    """The output already exists and --force was not given."""


class NotConfirmed(JwgenError):
    """The reference receiver did not reach the outcome a generated file declares: generation stops.

    Raised by :mod:`jwgen.sets` (a valid file not approved, a defect case not confirmed); exit code 3,
    because it is a bug in jwgen, never in the user's input.
    """

    exit_code = EXIT_INTERNAL
