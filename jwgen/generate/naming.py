"""File names of generated declarations."""
from __future__ import annotations

import re

from ..model import Declaration


def jw321_filename(declaration: Declaration, message: str = "JW321") -> str:
    """``<praktijkcode>_<factuurnummer>_<message>.txt``, reduced to safe file-name characters.

    >>> from jwgen.generate import generate, GenerateOptions
    >>> jw321_filename(generate(GenerateOptions(verzekerden=1), seed=1)).endswith("_JW321.txt")
    True
    """
    voorloop = declaration.voorloop
    praktijk = f"{voorloop['praktijkcode']:08d}" if type(voorloop["praktijkcode"]) is int else "praktijk"
    factuur = re.sub(r"[^0-9A-Za-z-]+", "-", str(voorloop["factuurnummer_declarant"])).strip("-") or "factuur"
    return f"{praktijk}_{factuur}_{message}.txt"
