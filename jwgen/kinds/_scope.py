"""What a condition may look at: the record's values, its parent's, the voorlooprecord's, the prestatie's kind."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from ..model import Raw


def filled(value: Any) -> bool:
    """Filled as the EI standards mean it: an N field of zeros, an AN field of spaces and no date are empty.

    >>> filled(0), filled(""), filled(None), filled(7), filled("X")
    (False, False, False, True, True)
    """
    return value is not None and value != "" and value != 0


def unreadable(value: Any) -> bool:
    """Content the reader could not read as its type (a format finding names it; no condition judges it)."""
    return type(value) is Raw


def prestatie_kind(tarieven: Iterable[Mapping[str, Any]], kinds: Mapping[str, Any]) -> str | None:
    """The prestatie's kind (DBC, Basis GGZ, ...): its first tariefrecord's soort, through the ledger's table.

    >>> table = {"field": "soort", "by_soort": {"dbc": [10, 11, 12], "basis": [14]}}
    >>> prestatie_kind([{"soort": 99}, {"soort": 11}], table), prestatie_kind([{"soort": 1}], table)
    ('dbc', None)
    """
    by_soort = kinds.get("_index")
    if by_soort is None:
        by_soort = {soort: kind for kind, soorten in kinds.get("by_soort", {}).items() for soort in soorten}
    key = kinds.get("field")
    for values in tarieven:
        kind = by_soort.get(values.get(key))
        if kind is not None:
            return kind
    return None


def below(node: Any) -> Callable[[str], bool]:
    """Whether a record of a type is right below the node's record (a verzekerde's comments and debiteur, a
    prestatie's comments, tarieven, zorgactiviteiten and tijdsbestedingen); ``node`` None: nothing is."""
    def has(rtype: str) -> bool:
        if node is None:
            return False
        children = [c.record for c in node.children()] if hasattr(node, "children") else \
            [node.debiteur.record] if node.debiteur is not None else []
        return any(r.rtype == rtype for r in [*node.comments, *children])
    return has


@dataclass
class Scope:
    """One record as a condition sees it. ``parent``: the verzekerde's values for a prestatierecord, the
    prestatie's for its tarief-, zorgactiviteit- and tijdsbestedingrecords; ``has(rtype)``: whether the record
    has records of that type below it (a verzekerde's debiteur, a prestatie's zorgactiviteiten)."""

    values: Mapping[str, Any]
    parent: Mapping[str, Any] | None = None
    voorloop: Mapping[str, Any] | None = None
    kind: str | None = None
    below: Callable[[str], bool] = field(default=lambda rtype: False)

    def has(self, rtype: str) -> bool:
        return self.below(rtype)

    def other(self, ref: str) -> Any:
        """A field named as ``key`` (this record), ``parent.key`` or ``voorloop.key``."""
        where, _, key = ref.rpartition(".")
        source = {"": self.values, "parent": self.parent, "voorloop": self.voorloop}[where]
        return None if source is None else source.get(key)
