"""Dutch names and addresses from Faker nl_NL, behind a small deterministic adapter.

Faker is used only for what it is good at (first names, surnames, street and
place names). Its generator is re-seeded from the caller's ``random.Random``
for every person and each person costs a fixed number of Faker calls, so one
person's values never depend on how many calls earlier persons made, and an
option that adds a record elsewhere does not shift anyone's name.

Faker nl_NL surnames may carry a voorvoegsel ("van der Veen", "Van Bragt",
"Bourgondië, van"); it is split off into the voorvoegsel field with the NEN
voorvoegsel list of the spec. Values are returned whole; the record builder
fits them to the field lengths of the spec.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Collection

from .text import initials, split_surname

#: Geslacht (COD046-NEN) -> the Faker method for a first name of that sex.
_FIRST_NAME = {1: "first_name_male", 2: "first_name_female"}


@dataclass(frozen=True)
class Name:
    achternaam: str
    voorvoegsel: str
    voornamen: tuple[str, ...]

    @property
    def voorletters(self) -> str:
        return initials(*self.voornamen)


@dataclass(frozen=True)
class Address:
    straatnaam: str
    woonplaats: str


@lru_cache(maxsize=1)
def _nl_faker() -> Any:
    """One Faker nl_NL generator per process: building one costs ~1.5 ms (a third of a small
    fuzz case), and sharing it changes no value because it is re-seeded for every person."""
    from faker import Faker

    return Faker("nl_NL").factories[0]


class People:
    """Faker('nl_NL') seeded per person from a ``random.Random``.

    >>> people = People({"van", "van der"})
    >>> a = people.child(random.Random(1), geslacht=2)
    >>> b = people.child(random.Random(1), geslacht=2)
    >>> a == b, 1 <= len(a.voornamen) <= 2
    (True, True)
    """

    def __init__(self, voorvoegsels: Collection[str]) -> None:
        self._faker = _nl_faker()
        self._voorvoegsels = frozenset(v.lower() for v in voorvoegsels)

    def _seed(self, rng: random.Random) -> None:
        self._faker.seed_instance(rng.getrandbits(64))

    def _first_names(self, rng: random.Random, geslacht: int) -> tuple[str, ...]:
        first_name = getattr(self._faker, _FIRST_NAME[geslacht])
        names = (first_name(), first_name())  # always two calls; the second is used half of the time
        return names if rng.random() < 0.5 else names[:1]

    def child(self, rng: random.Random, geslacht: int) -> Name:
        """A verzekerde: one or two first names and a surname (three Faker calls)."""
        self._seed(rng)
        voornamen = self._first_names(rng, geslacht)
        for _ in range(20):  # a double name with a voorvoegsel inside ("Berg-van Dijk") is drawn again
            achternaam, voorvoegsel = split_surname(self._faker.last_name(), self._voorvoegsels)
            if not self.inner_voorvoegsel(achternaam):
                break
        return Name(achternaam, voorvoegsel, voornamen)

    def inner_voorvoegsel(self, achternaam: str) -> bool:
        """Does a voorvoegsel stand inside the surname (the field voorvoegsel is the only place for one)?"""
        words = achternaam.replace("-", " ").lower().split()
        return any(" ".join(words[i:j]) in self._voorvoegsels for i in range(len(words))
                   for j in range(i + 1, min(i + 3, len(words)) + 1))

    def parent(self, rng: random.Random, family: Name, geslacht: int) -> Name:
        """A debiteur of the same family: own first names, the family's surname (two Faker calls)."""
        self._seed(rng)
        return Name(family.achternaam, family.voorvoegsel, self._first_names(rng, geslacht))

    def address(self, rng: random.Random) -> Address:
        """A street and a place name (two Faker calls)."""
        self._seed(rng)
        return Address(self._faker.street_name(), self._faker.city())
