"""One fuzz case: its plan (defects and base file shape) drawn from its seed, then built and confirmed.

A case is a pure function of (case seed, profile, defect pool): :func:`plan`
draws from a ``random.Random`` seeded with a string, never from the clock,
``hash()`` or set order, so ``jwgen fuzz --replay`` gives the same bytes.

>>> p = plan(12345, "gemeente")
>>> p == plan(12345, "gemeente"), 1 <= p.base["verzekerden"] <= 12
(True, True)
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Sequence

from ..defects import BASE_OPTIONS, Defect, DefectError
from ..errors import NotConfirmed
from ..sets import BuiltCase, build_case
from ..spec import Spec
from .combine import in_catalogue_order, parse_pool, partners

#: Share of valid files in a corpus when valid files may be drawn.
VALID_SHARE = 0.2
#: How many defects join the first one: 0, 1 or 2 more (weights).
EXTRA_WEIGHTS = (0.55, 0.3, 0.15)
#: Share of larger files (5..12 verzekerden, roughly 40..130 records); the rest have 1..4 (5..60 records).
LARGE_SHARE = 0.1


@dataclass(frozen=True)
class Plan:
    """What a case seed chose: the defect ids (empty: valid) and the generator options of the base file."""

    seed: int
    profile: str
    defects: tuple[str, ...]
    base: dict[str, Any]


def draw_base(rng: random.Random) -> dict[str, Any]:
    """Generator options for a small base file, varied in every record type (keys of GenerateOptions)."""
    large = rng.random() < LARGE_SHARE
    verzekerden = rng.randint(5, 12) if large else rng.randint(1, 4)
    return dict(
        verzekerden=verzekerden,
        prestaties=(1, rng.randint(1, 3)),
        tarieven=(1, rng.randint(1, 2)),
        zorgactiviteiten=(0, rng.randint(0, 2)),
        tijdsbestedingen=(0, rng.randint(0, 1)),
        commentaren=(rng.randint(0, 1), 1),
        debiteur=rng.random() < 0.5,
        zorgactiviteit=rng.random() < 0.6,
        tijdsbesteding=rng.random() < 0.4,
        commentaar=rng.random() < 0.5,
    )


def draw_defects(rng: random.Random, pool: Sequence[Defect], allow_valid: bool, profile: str) -> tuple[str, ...]:
    """Valid (if allowed) one time in five; otherwise a first defect uniformly from the pool and
    0-2 partners of its stage that do not mask it, in catalogue order (the order byte edits are
    known to compose in)."""
    if not pool or (allow_valid and rng.random() < VALID_SHARE):
        return ()
    first = rng.choice(list(pool))
    chosen = [first.id]
    extra = rng.choices(range(len(EXTRA_WEIGHTS)), weights=EXTRA_WEIGHTS)[0]
    for _ in range(extra):
        candidates = partners(chosen, pool, profile)
        if not candidates:
            break
        chosen.append(rng.choice(candidates).id)
    return tuple(in_catalogue_order(chosen))


def plan(seed: int, profile: str, pool_ids: Sequence[str] | None = None, encoding: str | None = None) -> Plan:
    """The case a seed stands for. ``pool_ids`` restricts the defects (see :func:`combine.parse_pool`);
    ``encoding``: the base file's character set (None: the standard's; drawn nothing from the seed)."""
    pool, allow_valid = parse_pool(pool_ids, profile)
    rng = random.Random(f"jwgen-fuzz-case:{seed}")
    base = draw_base(rng)
    defects = draw_defects(rng, pool, allow_valid, profile)
    # most defects break a verzekerde of their own
    base["verzekerden"] = max(base["verzekerden"], len(defects))
    if encoding is not None:
        base["encoding"] = encoding
    return Plan(seed, profile, defects, base)


def richer_base(base: dict[str, Any], defects: Sequence[str]) -> dict[str, Any]:
    """The drawn base with every record type present and a verzekerde more per defect."""
    def at_least_one(key: str) -> tuple[int, int]:
        return 1, max(1, base[key][1])
    return {**base, "verzekerden": max(base["verzekerden"], len(defects) + 1),
            "prestaties": (1, max(2, base["prestaties"][1])),
            "debiteur": True, "zorgactiviteit": True, "zorgactiviteiten": at_least_one("zorgactiviteiten"),
            "tijdsbesteding": True, "tijdsbestedingen": at_least_one("tijdsbestedingen"), "commentaar": True,
            "commentaren": at_least_one("commentaren")}


def fallback_base(defects: Sequence[str], encoding: str | None = None) -> dict[str, Any]:
    """The catalogue's own base file, with a verzekerde more per extra defect to break."""
    extra = {} if encoding is None else {"encoding": encoding}
    return {**BASE_OPTIONS, "verzekerden": max(BASE_OPTIONS["verzekerden"], len(defects) + 2), **extra}


def build(defects: Sequence[str], seed: int, profile: str, base: dict[str, Any], spec: Spec,
          name: str | None = None) -> tuple[BuiltCase, dict[str, Any]]:
    """Build and confirm a case on ``base``; when that base cannot carry the defects, try
    :func:`richer_base`, then :func:`fallback_base` (the catalogue's own base file).

    "Cannot carry" is a :class:`DefectError` (no commentaarrecord to break, too few verzekerden) or,
    rarely, :class:`NotConfirmed` (a shape where a defect also trips another rule, e.g. a reused
    referentienummer that lands on another prestatie's key). Returns the case and the base it was
    built on. Valid cases and the last attempt are never retried: their failure is a bug.
    """
    if not defects:
        return build_case([], seed, profile, spec, name=name, base=base), base
    for options in (base, richer_base(base, defects)):
        try:
            return build_case(list(defects), seed, profile, spec, name=name, base=options), options
        except (DefectError, NotConfirmed):
            pass
    bigger = fallback_base(defects, base.get("encoding"))
    return build_case(list(defects), seed, profile, spec, name=name, base=bigger), bigger
