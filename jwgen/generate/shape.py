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


#: The record counts of a prestatie's children, by the rank of their record type below it (a GGZ prestatie: its
#: tarief-, zorgactiviteit- and tijdsbestedingrecords; a standard made from a BER: its first, second, third).
CHILD_RANKS = ("tarieven", "zorgactiviteiten", "tijdsbestedingen")


def fit_shape(shape: Shape, target: int, children: int = len(CHILD_RANKS)) -> Shape:
    """Trim or grow ``shape`` in place to exactly ``target`` records (``target`` >= 3; >= 2 for a standard whose
    prestatie has no ``children`` record types, MZ301).

    Trims in this order: commentaarrecords, tijdsbestedingen, zorgactiviteiten,
    tarieven beyond the first, prestaties beyond the first, the debiteur.
    Grows by adding tariefrecords to the prestaties in turn (prestaties, without children).

    >>> shape = Shape(debiteur=True, prestaties=[PrestatieShape(2, 1, 1)], comments=1)
    >>> fit_shape(shape, 4).size, shape.comments, shape.prestaties[0].tarieven
    (4, 0, 1)
    >>> fit_shape(Shape(), 6).prestaties[0].tarieven
    4
    >>> len(fit_shape(Shape(prestaties=[PrestatieShape(0)]), 4, children=0).prestaties)
    3
    """
    minimum = MINIMUM if children else MINIMUM - 1
    if target < minimum:
        raise ValueError(f"a verzekerde needs at least {minimum} records, not {target}")
    while shape.size > target and shape.comments:
        shape.comments -= 1
    for attribute in reversed(CHILD_RANKS):
        keep = 1 if attribute == "tarieven" and children else 0
        for prestatie in reversed(shape.prestaties):
            while shape.size > target and getattr(prestatie, attribute) > keep:
                setattr(prestatie, attribute, getattr(prestatie, attribute) - 1)
    while shape.size > target and len(shape.prestaties) > 1:
        shape.prestaties.pop()
    if shape.size > target:
        shape.debiteur = False
    turn = 0
    while shape.size < target:
        if children:
            shape.prestaties[turn % len(shape.prestaties)].tarieven += 1
        else:
            shape.prestaties.append(PrestatieShape(0))
        turn += 1
    return shape


def for_standard(shape: Shape, children: int, debiteur: bool, comment: bool) -> Shape:
    """``shape`` for a standard whose prestatie has ``children`` record types below it (0 to 3) and that has a
    debiteurrecord and commentaarrecord or not: counts of what it lacks are 0.

    >>> for_standard(Shape(debiteur=True, prestaties=[PrestatieShape(2, 1, 1)], comments=2), 1, False, True)
    Shape(debiteur=False, prestaties=[PrestatieShape(tarieven=2, zorgactiviteiten=0, tijdsbestedingen=0)], comments=2)
    """
    for prestatie in shape.prestaties:
        for rank, attribute in enumerate(CHILD_RANKS):
            if rank >= children:
                setattr(prestatie, attribute, 0)
    shape.debiteur = shape.debiteur and debiteur
    shape.comments = shape.comments if comment else 0
    return shape
