"""The declaration tree: voorlooprecord, verzekerden with their records, sluitrecord."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from ._record import Record


@dataclass(eq=True)
class Node:
    """A detail record with the commentaarrecords that belong to it."""

    record: Record
    comments: list[Record] = field(default_factory=list)

    def records(self) -> Iterator[Record]:
        yield self.record
        yield from self.comments


@dataclass(eq=True)
class Prestatie(Node):
    tarieven: list[Node] = field(default_factory=list)
    zorgactiviteiten: list[Node] = field(default_factory=list)
    tijdsbestedingen: list[Node] = field(default_factory=list)

    def children(self) -> list[Node]:
        """Its tarief, zorgactiviteit and tijdsbesteding nodes, in that order (a new list)."""
        return [*self.tarieven, *self.zorgactiviteiten, *self.tijdsbestedingen]

    def records(self) -> Iterator[Record]:
        yield self.record
        yield from self.comments
        for child in self.children():
            yield from child.records()


@dataclass(eq=True)
class Verzekerde(Node):
    debiteur: Node | None = None
    prestaties: list[Prestatie] = field(default_factory=list)

    def records(self) -> Iterator[Record]:
        """File order of STB 5.3.3: verzekerde, its comments, debiteur, prestaties."""
        yield self.record
        yield from self.comments
        if self.debiteur is not None:
            yield from self.debiteur.records()
        for prestatie in self.prestaties:
            yield from prestatie.records()


@dataclass(eq=True)
class Declaration:
    voorloop: Record
    verzekerden: list[Verzekerde]
    sluit: Record

    def records(self) -> Iterator[Record]:
        """Every record in file order."""
        yield self.voorloop
        for verzekerde in self.verzekerden:
            yield from verzekerde.records()
        yield self.sluit

    def details(self) -> Iterator[Record]:
        for verzekerde in self.verzekerden:
            yield from verzekerde.records()

    def prestaties(self) -> Iterator[tuple[Verzekerde, Prestatie]]:
        for verzekerde in self.verzekerden:
            for prestatie in verzekerde.prestaties:
                yield verzekerde, prestatie
