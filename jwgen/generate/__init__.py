"""Realistic, deterministic, valid JW321 declarations (``jwgen generate``).

>>> from jwgen.generate import GenerateOptions, generate
>>> declaration = generate(GenerateOptions(verzekerden=1, prestaties=(1, 1)), seed=3)
>>> [record.rtype for record in declaration.records()][:3]
['01', '02', '04']
"""
from .options import (GENERATOR_OPTIONS, IN_GENERATE, IN_STEP, GenerateOptions, GeneratorOption, options_from_cli,
                      options_from_values, parse_period, parse_range, parse_receiver_code)

__all__ = ["GENERATOR_OPTIONS", "GenerateOptions", "GeneratorOption", "IN_GENERATE", "IN_STEP", "generate",
           "jw321_filename", "options_from_cli", "options_from_values", "parse_period", "parse_range",
           "parse_receiver_code"]


def __getattr__(name: str):
    """``generate`` and ``jw321_filename`` load the generator (the standard, the model) on first use, so
    the command line builds its flags from :data:`GENERATOR_OPTIONS` without that cost at every start."""
    if name == "generate":
        from .declaration import generate as value
    elif name == "jw321_filename":
        from .naming import jw321_filename as value
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
