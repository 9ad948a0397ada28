"""Run a scenario: one JW321 per step, each answered by the reference receiver whose
memory (ledger) is carried from step to step, so a credit in step 2 is judged
against the toegekend amounts of step 1. Every step's outcome is confirmed
against what the scenario expects; a story that does not hold stops with an error.

What a step's file holds comes from the kinds of step it names (:mod:`jwgen.scenario.steps`).
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

from ..controle import Ledger, Outcome, receive
from ..defects import CATALOGUE, Case, apply_defects, case_forms
from ..flatfile import write
from ..model import Declaration, Record
from ..spec import Spec, TextForm, load_spec
from .failure import ScenarioError
from .steps import STEP_KINDS, Draft, Sent, clone, folded

DEFAULT_PERIOD = "2017-03"


@dataclass
class StepResult:
    index: int
    name: str
    description: str
    profile: str
    jw321: bytes
    outcome: Outcome
    declaration: Declaration | None  # as sent (None when the bytes are not a readable declaration)
    clean: Declaration | None  # before defects: what ``fix`` and ``again`` send
    defects: list[str] = field(default_factory=list)
    lines: dict[int, int] = field(default_factory=dict)  # id(record) -> line, for the sent declaration
    form: TextForm | None = None  # the character set the file is in
    reading: TextForm | None = None  # how the step's receiver read it


def step_seed(seed: int, index: int) -> int:
    return int.from_bytes(hashlib.sha256(f"jwgen-scenario:{seed}:{index}".encode()).digest()[:6], "big")


def _period(text: str, shift: int = 0) -> tuple[int, int]:
    year, month = (int(x) for x in text.split("-"))
    month += shift
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return year, month


class Runner:
    def __init__(self, scenario: dict[str, Any], seed: int, profile: str | None, spec: Spec, file: str,
                 encoding: str | None = None) -> None:
        self.scenario, self.seed, self.spec, self.file = scenario, seed, spec, file
        self.encoding = encoding  # --encoding: the story's files in that character set (a step's own wins)
        self.profile = spec.standard.profile(profile or scenario.get("profile") or spec.standard.receiver_profile)
        self.default_profile_overridden = profile is not None
        self.ledgers: dict[str, Ledger] = {}
        self.results: dict[str, StepResult] = {}
        self.base: Record | None = None  # voorloop of the first generated file: the declarant
        self.ref_length = spec.declaration.records[spec.declaration.structure["prestatie"]]["referentienummer"].length

    def fail(self, step: dict, message: str) -> ScenarioError:
        return ScenarioError(f"{self.file}:{step['__line__']}: step {step['name']!r}: {message}")

    def run(self) -> list[StepResult]:
        try:
            return [self.step(index, step) for index, step in enumerate(self.scenario["steps"], start=1)]
        finally:
            for ledger in self.ledgers.values():
                ledger.close()

    # -- one step --------------------------------------------------------------------------
    def step(self, index: int, step: dict) -> StepResult:
        profile = step.get("profile") or self.profile
        seed = step_seed(self.seed, index)
        year, month = _period(step.get("period") or self.scenario.get("period") or DEFAULT_PERIOD,
                              0 if step.get("period") else index - 1)
        defects = list(step.get("defects", []))
        form = self.spec.standard.written(step.get("encoding") or self.encoding or self.scenario.get("encoding"))
        form, reading = case_forms([CATALOGUE[d] for d in defects], self.spec, form)
        draft = Draft(self, step, index, seed, year, month, form=form,
                      encoding=step.get("encoding") or self.encoding or self.scenario.get("encoding"))
        for kind, entry in STEP_KINDS.items():
            if kind in step:
                entry.run(draft, step[kind])
        sent = draft.sent or self.own_file(draft.declaration(), seed, profile, defects, form, reading)
        reader = step.get("reader")
        reading = reading or sent.form or form
        if reader:  # a receiver of another kind: its own character set and count, and its own memory
            reading = (TextForm.of(reader["encoding"], reader.get("positions")) if "encoding" in reader
                       else reading.reading(reader.get("positions")))
        ledger = self.ledgers.setdefault((profile, reading), Ledger())
        outcome = receive(sent.data, profile, ledger, self.spec, form=reading)
        self.confirm(step, outcome, defects)
        result = StepResult(index, step["name"], step.get("description", ""), profile, sent.data, outcome,
                            sent.declaration, sent.clean, defects, sent.lines, sent.form or form, reading)
        self.results[step["name"]] = result
        return result

    def own_file(self, declaration: Declaration, seed: int, profile: str, defects: list[str], form: TextForm,
                 reading: TextForm | None = None) -> Sent:
        """The step's own file in ``form``, broken by its defects (which edit the declaration in place)."""
        declaration = folded(declaration, form, self.spec)
        clean = clone(declaration, self.spec) if defects else declaration
        case = Case(self.spec, random.Random(seed), declaration, profile, form=form, reading=reading)
        if defects:
            for name in defects:  # a defect the standard lacks (MZ301 has no tariefrecord to count): one line
                missing = CATALOGUE[name].missing(self.spec)
                if missing is not None:
                    raise ScenarioError(f"{self.file}: defect {name} is not in {self.spec.standard.name}: {missing}")
            data, lines = apply_defects(case, [CATALOGUE[d] for d in defects])
        else:
            data, lines = write(declaration, self.spec.declaration, form), case.lines()
        return Sent(data, declaration, clean, lines, form)

    def confirm(self, step: dict, outcome: Outcome, defects: list[str]) -> None:
        if outcome.status != step["expect"]:
            found = ", ".join(sorted({f"{f.rule} ({f.retourcode})" for f in outcome.findings})) or "no findings"
            raise self.fail(step, f"expected {step['expect']}, the receiver answered {outcome.status}: {found}")
        codes = (set(outcome.voorloop_codes) | {f.retourcode for f in outcome.findings}
                 | {c for cs in outcome.returned.values() for c in cs})
        missing = [c for c in step.get("codes", []) if c not in codes]
        if missing:
            raise self.fail(step, f"expected retourcode(s) {', '.join(missing)}, got {', '.join(sorted(codes))}")
        if defects:
            want = {rule for d in defects for rule in CATALOGUE[d].rules}
            got = {f.rule for f in outcome.findings}
            if got != want:
                raise self.fail(step, f"defects {', '.join(defects)} declare {sorted(want)}, the receiver found "
                                      f"{sorted(got)}")


def run(scenario: dict[str, Any], seed: int | None = None, profile: str | None = None, spec: Spec | None = None,
        file: str = "<scenario>", encoding: str | None = None) -> list[StepResult]:
    spec = spec or load_spec()
    return Runner(scenario, scenario.get("seed", 1) if seed is None else seed, profile, spec, file, encoding).run()
