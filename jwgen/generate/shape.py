"""How many records of each type a verzekerde gets, and making a file come out at exactly N records."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .draw import between
from .options import GenerateOptions

#: Records every verzekerde needs at least: verzekerde, prestatie, tarief.
MINIMUM = 3


@dataclass
class PrestatieShape:
    tarieven: int = 1
    zorgactiviteiten: int = 0
    tijdsbestedingen: int = 0

    @property
    def size(self) -> int:
        return 1 + self.tarieven + self.zorgactiviteiten + self.tijdsbestedingen


@dataclass
class Shape:
    """The record counts of one verzekerde (its own record included)."""

    debiteur: bool = False
    prestaties: list[PrestatieShape] = field(default_factory=lambda: [PrestatieShape()])
    comments: int = 0

    @property
    def size(self) -> int:
        return 1 + self.debiteur + sum(p.size for p in self.prestaties) + self.comments


def draw_shape(rng: random.Random, options: GenerateOptions) -> Shape:
    """Counts drawn from the option ranges; disabled record types get none.

    Every range is drawn whether or not its record type is enabled, so enabling
    one type does not change the counts of the others.

    >>> shape = draw_shape(random.Random(1), GenerateOptions())
    >>> 1 <= len(shape.prestaties) <= 3, shape.debiteur, shape.comments
    (True, False, 0)
    """
    prestaties = []
    for _ in range(between(rng, *options.prestaties)):
        tarieven = between(rng, *options.tarieven)
        zorgactiviteiten = between(rng, *options.zorgactiviteiten)
        tijdsbestedingen = between(rng, *options.tijdsbestedingen)
        prestaties.append(PrestatieShape(tarieven,
                                         zorgactiviteiten if options.zorgactiviteit else 0,
                                         tijdsbestedingen if options.tijdsbesteding else 0))
    comments = between(rng, *options.commentaren)
    return Shape(debiteur=options.debiteur, prestaties=prestaties,
                 comments=comments if options.commentaar else 0)


def fit_shape(shape: Shape, target: int) -> Shape:
    """Trim or grow ``shape`` in place to exactly ``target`` records (``target`` >= 3).

    Trims in this order: commentaarrecords, tijdsbestedingen, zorgactiviteiten,
    tarieven beyond the first, prestaties beyond the first, the debiteur.
    Grows by adding tariefrecords to the prestaties in turn.

    >>> shape = Shape(debiteur=True, prestaties=[PrestatieShape(2, 1, 1)], comments=1)
    >>> fit_shape(shape, 4).size, shape.comments, shape.prestaties[0].tarieven
    (4, 0, 1)
    >>> fit_shape(Shape(), 6).prestaties[0].tarieven
    4
    """
    if target < MINIMUM:
        raise ValueError(f"a verzekerde needs at least {MINIMUM} records, not {target}")
    while shape.size > target and shape.comments:
        shape.comments -= 1
    for attribute in ("tijdsbestedingen", "zorgactiviteiten", "tarieven"):
        keep = 1 if attribute == "tarieven" else 0
        for prestatie in reversed(shape.prestaties):
            while shape.size > target and getattr(prestatie, attribute) > keep:
                setattr(prestatie, attribute, getattr(prestatie, attribute) - 1)
    while shape.size > target and len(shape.prestaties) > 1:
        shape.prestaties.pop()
    if shape.size > target:
        shape.debiteur = False
    turn = 0
    while shape.size < target:
        shape.prestaties[turn % len(shape.prestaties)].tarieven += 1
        turn += 1
    return shape
