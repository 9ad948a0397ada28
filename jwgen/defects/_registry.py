"""The catalogue: every defect registers here under its kebab-case id.

A defect's PORTES level is the level of the rules it breaks (rules.json), not a number of its own:

>>> from jwgen.defects import CATALOGUE
>>> CATALOGUE["bsn-invalid"].level, CATALOGUE["sluit-aantal-tarief"].level
(4, 3)
"""
from __future__ import annotations

from typing import Callable, Sequence

from ..domain import ROLES
from ..spec import load_spec
from ._base import MODEL, Case, Defect


def _level(defect_id: str, rules: Sequence[str]) -> int:
    levels = {load_spec().rules[rule]["level"] for rule in rules}  # rules.json is shared by every standard
    if len(levels) != 1:
        raise ValueError(f"defect {defect_id}: its rules {list(rules)} have levels {sorted(levels)}; give level=")
    return levels.pop()

CATALOGUE: dict[str, Defect] = {}


def defect(id: str, title: str, stage: str, rules: tuple[str, ...] | str, breaks: str,
           phase: int = MODEL, roles: tuple[str, ...] = ROLES, history: bool = False,
           level: int | None = None, encoding: str | None = None,
           reading: tuple[str, str] | None = None, needs: tuple = ()) -> Callable[[Callable[[Case], None]], Callable[[Case], None]]:
    def register(apply: Callable[[Case], None]) -> Callable[[Case], None]:
        if id in CATALOGUE:
            raise ValueError(f"defect {id} registered twice")
        ids = (rules,) if isinstance(rules, str) else tuple(rules)
        CATALOGUE[id] = Defect(id=id, title=title, level=_level(id, ids) if level is None else level, stage=stage,
                               rules=ids, breaks=breaks,
                               apply=apply, phase=phase, roles=roles, history=history, encoding=encoding,
                               reading=reading, needs=tuple(needs))
        return apply
    return register
