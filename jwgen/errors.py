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
