"""The catalogue: every defect registers here under its kebab-case id."""
from __future__ import annotations

from typing import Callable

from ..domain import ROLES
from ._base import MODEL, Case, Defect

CATALOGUE: dict[str, Defect] = {}


def defect(id: str, title: str, level: int, stage: str, rules: tuple[str, ...] | str, breaks: str,
           phase: int = MODEL, roles: tuple[str, ...] = ROLES,
           history: bool = False) -> Callable[[Callable[[Case], None]], Callable[[Case], None]]:
    def register(apply: Callable[[Case], None]) -> Callable[[Case], None]:
        if id in CATALOGUE:
            raise ValueError(f"defect {id} registered twice")
        CATALOGUE[id] = Defect(id=id, title=title, level=level, stage=stage,
                               rules=(rules,) if isinstance(rules, str) else tuple(rules), breaks=breaks,
                               apply=apply, phase=phase, roles=roles, history=history)
        return apply
    return register
