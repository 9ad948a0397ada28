"""Realistic, deterministic, valid JW321 declarations (``jwgen generate``).

>>> from jwgen.generate import GenerateOptions, generate
>>> declaration = generate(GenerateOptions(verzekerden=1, prestaties=(1, 1)), seed=3)
>>> [record.rtype for record in declaration.records()][:3]
['01', '02', '04']
"""
from .declaration import generate
from .options import GenerateOptions, parse_period, parse_range, parse_receiver_code
from .naming import jw321_filename

__all__ = ["GenerateOptions", "generate", "jw321_filename",
           "parse_period", "parse_range", "parse_receiver_code"]
