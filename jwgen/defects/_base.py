"""The uniform interface of a defect, and the case it is applied to."""
from __future__ import annotations

import random
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Callable

from ..errors import JwgenError
from ..model import Declaration, Node, Prestatie, Raw, Record, Verzekerde, amount_nodes, finalize
from ..domain import APPROVED, ROLES
from ..spec import Spec, TextForm

# Stages tell which defects can share a file without masking each other: the
# receiver stops at the first stage with findings (STB 6.4.1).
STAGES = ("unrecognised", "bytes", "structure", "content", "record")
# Phases order the work: model edits (then finalize), edits after finalize, edits of lines,
# and last edits of the file as a whole (BOM, line endings), so line edits still find their lines.
MODEL, AFTER_FINALIZE, BYTES, FILE_BYTES = 1, 2, 3, 4


class DefectError(JwgenError):
    """A defect cannot be applied (unknown id, nothing to break, masking combination)."""


@dataclass(frozen=True)
class Defect:
    id: str
    title: str
    level: int  # PORTES level of the rule it breaks
    stage: str
    rules: tuple[str, ...]  # the rule ids the receiver must report, exactly
    breaks: str  # what it breaks, one sentence
    apply: Callable[["Case"], None] = field(repr=False, compare=False)
    phase: int = MODEL
    roles: tuple[str, ...] = ROLES  # who catches it: the receiver (gemeente, zorgverzekeraar), VECOZO
    history: bool = False  # needs earlier files received by the same receiver
    encoding: str | None = None  # the character set its file is written in (None: the case's)
    reading: tuple[str, str] | None = None  # (encoding, positions) of the receiver that finds it (None: the file's)
    needs: tuple["Need", ...] = ()  # what the standard must have for the defect to exist in it

    def applies_to(self, profile: str, spec: Spec) -> bool:
        return spec.role(profile) in self.roles and self.missing(spec) is None

    def missing(self, spec: Spec) -> str | None:
        """Why the defect does not exist in ``spec`` (a standard without the records or rubrieken it breaks, or
        whose receiver does not run the rule it breaks); None when it does."""
        return _missing(self, spec)

    def _missing(self, spec: Spec) -> str | None:
        for need in self.needs:
            reason = need(spec)
            if reason is not None:
                return reason
        for rule in self.rules:
            entry = spec.rules.get(rule)
            if entry is None:
                return f"{spec.standard.name} has no rule {rule}"
            if entry.get("scope") == "record" and not entry["records"]:
                return f"rule {rule} runs on no record type of {spec.standard.name}"
        return None

    def breaks_in(self, spec: Spec) -> str:
        """What it breaks, in the words of ``spec``'s standard: a defect of "a tariefrecord" breaks the record that
        carries the prestatie's amounts (:func:`jwgen.model.amount_nodes`), MZ301's prestatierecord.

        >>> from jwgen.spec import load_spec
        >>> from jwgen.defects import CATALOGUE
        >>> CATALOGUE["wrong-dc"].breaks_in(load_spec(standard="MZ301"))
        "a prestatierecord's indicatie debet/credit of the declaratiebedrag is 'X'"
        """
        structure = spec.declaration.structure
        amount = role_record(spec, "amount")
        name = structure.get("names", {}).get(amount) if amount else None
        return self.breaks.replace("tariefrecord", name) if name else self.breaks

    def profiles(self, spec: Spec) -> list[str]:
        """The profiles, as the standard names them, this defect has a case for."""
        return [name for name, role in spec.standard.profiles.items() if role in self.roles]

    def retourcodes(self, spec: Spec) -> list[str]:
        out: list[str] = []
        for rule in self.rules:
            code = spec.rules[rule]["retourcode"]
            if code not in out:
                out.append(code)
        return out


@lru_cache(maxsize=1024)
def _missing(defect: Defect, spec: Spec) -> str | None:
    """:meth:`Defect.missing`, worked out once per defect and standard (fuzz asks it for every combination)."""
    return defect._missing(spec)


#: What a defect needs of a standard: a function of the spec giving the reason it is missing, or None.
Need = Callable[[Spec], "str | None"]


def role_record(spec: Spec, role: str) -> str | None:
    """The record type of a role: a role of the structure (voorloop, verzekerde, prestatie, sluit, ...),
    ``amount`` (the first record type that carries a declaratiebedrag) or ``child`` / ``child2`` (the first /
    second record type below a prestatie)."""
    structure = spec.declaration.structure
    if role == "amount":
        return next(iter(structure.get("amount_source") or {}), None)
    if role in ("child", "child2"):
        children = structure.get("prestatie_children") or []
        rank = 0 if role == "child" else 1
        return children[rank] if len(children) > rank else None
    return structure.get(role)


def period_pair(spec: Spec) -> str | None:
    """The prestatie has a begindatum and an einddatum of its own (not one date, MZ301)."""
    period = spec.declaration.structure.get("prestatie_period") or []
    return None if len(set(period)) == 2 else f"the prestatierecord of {spec.standard.name} has no begin/end pair"


def fields(role: str, *keys: str) -> Need:
    """The record of ``role`` exists and has the rubrieken ``keys``."""
    def need(spec: Spec) -> str | None:
        rtype = role_record(spec, role)
        if rtype is None or rtype not in spec.declaration.records:
            what = {"child": "record type below its prestatierecord",
                    "child2": "second record type below its prestatierecord",
                    "amount": "record that carries a declaratiebedrag"}.get(role, f"{role}record")
            return f"{spec.standard.name} has no {what}"
        absent = [key for key in keys if key not in spec.declaration.records[rtype]]
        return f"its {rtype} record has no {', '.join(absent)}" if absent else None
    return need


@dataclass
class Touch:
    record: Record | None  # model record (None for byte-level touches)
    key: str | None
    line: int | None = None  # set for byte-level touches


@dataclass
class Case:
    """A generated declaration being broken, with what it needs around it."""

    spec: Spec
    rng: random.Random
    declaration: Declaration
    profile: str = ""  # as the standard names it; "" in a bare Case: the standard's receiver
    prior: list[tuple[str, Declaration]] = field(default_factory=list)  # received before, in order
    touched: list[Touch] = field(default_factory=list)
    byte_edits: list[Callable[[bytes, "Case"], bytes]] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)  # id() of verzekerden already broken
    earlier: Declaration | None = None  # the file a follow-up refers to (history defects)
    prior_status: list[str] = field(default_factory=list)  # expected outcome of each prior file
    form: TextForm | None = None  # the character set the file is written in (None: the standard's)
    reading: TextForm | None = None  # how the receiver whose answer is expected reads it (None: as written)

    @property
    def written_form(self) -> TextForm:
        return self.form or self.spec.standard.encoding

    @property
    def read_form(self) -> TextForm:
        return self.reading or self.written_form

    @property
    def message(self):
        return self.spec.declaration

    def letters_in(self, record: Record, key: str) -> Raw:
        """Content for an N field that has a letter in it, as long as the field (read from the layout)."""
        return Raw("A1".rjust(self.message.records[record.rtype][key].length, "0"))

    def touch(self, record: Record | None, key: str | None = None, line: int | None = None) -> None:
        self.touched.append(Touch(record, key, line))

    def finalize(self) -> None:
        finalize(self.declaration, self.message.structure)

    def verzekerde(self, where: Callable[[Verzekerde], bool] = lambda v: True) -> Verzekerde:
        """An unbroken verzekerde (drawn with the case's rng) and claim it."""
        free = [v for v in self.declaration.verzekerden if id(v) not in self.claimed and where(v)]
        if not free:
            raise DefectError("no verzekerde left to break (add verzekerden or use fewer defects)")
        chosen = self.rng.choice(free)
        self.claimed.add(id(chosen))
        return chosen

    def amount_nodes(self, prestatie: Prestatie) -> list[Node]:
        """The records of a prestatie that carry its amounts (the tariefrecords of a GGZ prestatie, the
        prestatierecord itself where it carries them, MZ301), in file order; else its first child, else itself."""
        return amount_nodes(prestatie, self.message.structure)

    def period_keys(self) -> tuple[str, str]:
        """The prestatierecord's begin and end date rubrieken (structure ``prestatie_period``; one date twice
        where the prestatie has one, MZ301)."""
        begin, end = self.message.structure["prestatie_period"]
        return begin, end

    def amount_keys(self, rtype: str) -> tuple[str, str]:
        """(declaratiebedrag, its debet/credit) of a record type that carries amounts."""
        source = self.message.structure["amount_source"][rtype]
        return source[0], source[1]

    def prestatie(self, where: Callable[[Prestatie], bool] = lambda p: True) -> tuple[Verzekerde, Prestatie]:
        verzekerde = self.verzekerde(lambda v: any(where(p) for p in v.prestaties))
        return verzekerde, self.rng.choice([p for p in verzekerde.prestaties if where(p)])

    def follow_up(self, earlier_status: str = APPROVED) -> Declaration:
        """Move the generated file into the history and start a follow-up file (same declarant and
        period, next factuurnummer) that refers to it. Returns the follow-up."""
        from ..generate.corrections import declaration, follow_up_voorloop
        if self.earlier is None:
            self.earlier = self.declaration
            self.prior.append(("earlier", self.earlier))
            self.prior_status.append(earlier_status)
            voorloop = follow_up_voorloop(self.earlier.voorloop, len(self.prior) + 1, self.spec)
            self.declaration = declaration(voorloop, [], self.spec)
            self.claimed.clear()
        return self.declaration

    def refs(self, start: int = 900001):
        """New referentienummers for lines added to the current file."""
        from ..generate.corrections import Refs
        length = self.message.records[self.message.structure["prestatie"]]["referentienummer"].length
        if not hasattr(self, "_refs") or self._refs.prefix != self.declaration.voorloop["factuurnummer_declarant"]:
            self._refs = Refs(self.declaration.voorloop["factuurnummer_declarant"], length, start)
        return self._refs

    def lines(self) -> dict[int, int]:
        """id(record) -> line number in the written file."""
        return {id(r): n for n, r in enumerate(self.declaration.records(), start=1)}
