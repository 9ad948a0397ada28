"""Run a scenario: one JW321 per step, each answered by the reference receiver whose
memory (ledger) is carried from step to step, so a credit in step 2 is judged
against the toegekend amounts of step 1. Every step's outcome is confirmed
against what the scenario expects; a story that does not hold stops with an error.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from ..domain import NOT_A_REJECTION
from ..controle import Ledger, Outcome, receive
from ..defects import CATALOGUE, Case, apply_defects
from ..flatfile import read, write
from ..generate import generate, options_from_values
from ..generate.corrections import (Refs, clone_verzekerde, credit_of, declaration as new_declaration,
                                    follow_up_voorloop, redeclare, set_tarief_amount, verzekerde_copy)
from ..model import Declaration, Prestatie, Record, Verzekerde
from ..spec import Spec, load_spec
from .schema import GENERATE_KEYS, ScenarioError

DEFAULT_PERIOD = "2017-03"
NEW_LINES = 900001  # referentienummers of added lines start here, clear of generated ones


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


def step_seed(seed: int, index: int) -> int:
    return int.from_bytes(hashlib.sha256(f"jwgen-scenario:{seed}:{index}".encode()).digest()[:6], "big")


def _period(text: str, shift: int = 0) -> tuple[int, int]:
    year, month = (int(x) for x in text.split("-"))
    month += shift
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return year, month


def _clone(declaration: Declaration, spec: Spec) -> Declaration:
    """An independent copy (valid declarations only): write and read back."""
    return read(write(declaration, spec.declaration), spec.declaration)


class Runner:
    def __init__(self, scenario: dict[str, Any], seed: int, profile: str | None, spec: Spec, file: str) -> None:
        self.scenario, self.seed, self.spec, self.file = scenario, seed, spec, file
        self.profile = spec.standard.profile(profile or scenario.get("profile") or spec.standard.receiver_profile)
        self.default_profile_overridden = profile is not None
        self.ledgers: dict[str, Ledger] = {}
        self.results: dict[str, StepResult] = {}
        self.base: Record | None = None  # voorloop of the first generated file: the declarant
        self.ref_length = spec.declaration.records["04"]["referentienummer"].length

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
        if step.get("resend") or step.get("fix"):
            source = self.results[step.get("resend") or step["fix"]]
            if step.get("resend"):
                data, declaration, clean, lines = source.jw321, source.declaration, source.clean, source.lines
            else:
                if source.clean is None:
                    raise self.fail(step, f"step {step['fix']!r} has no readable declaration to fix")
                declaration = clean = _clone(source.clean, self.spec)
                data, lines = write(declaration, self.spec.declaration), _line_map(declaration)
        else:
            declaration = self.build(step, index, seed, year, month)
            clean = _clone(declaration, self.spec) if defects else declaration  # defects edit in place
            if defects:
                case = Case(self.spec, random.Random(seed), declaration, profile)
                data, lines = apply_defects(case, [CATALOGUE[d] for d in defects])
            else:
                data, lines = write(declaration, self.spec.declaration), _line_map(declaration)
        ledger = self.ledgers.setdefault(profile, Ledger())
        outcome = receive(data, profile, ledger, self.spec)
        self.confirm(step, outcome, defects)
        result = StepResult(index, step["name"], step.get("description", ""), profile, data, outcome,
                            declaration, clean, defects, lines)
        self.results[step["name"]] = result
        return result

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

    # -- building a step's declaration -----------------------------------------------------
    def build(self, step: dict, index: int, seed: int, year: int, month: int) -> Declaration:
        verzekerden: list[Verzekerde] = []
        voorloop: Record | None = None
        if "generate" in step:
            generated = self.generate(step, seed, year, month)
            voorloop = generated.voorloop
            verzekerden.extend(generated.verzekerden)
        if voorloop is None:
            voorloop = self.follow_up(step, index, year, month)
        refs = Refs(str(voorloop["factuurnummer_declarant"]), self.ref_length, NEW_LINES)
        verzekerden.extend(self.corrections(step, refs))
        if step.get("again"):
            verzekerden.extend(self.again(step, step["again"], refs))
        return new_declaration(voorloop, verzekerden, self.spec)

    def generate(self, step: dict, seed: int, year: int, month: int) -> Declaration:
        values = {key: value for key, value in {**(self.scenario.get("generate") or {}), **step["generate"]}.items()
                  if key in GENERATE_KEYS}
        if "records" in values:
            values.pop("verzekerden", None)
        options = options_from_values({**values, "period": (year, month)})
        if self.base is not None:
            receiver_key = self.spec.declaration.structure["receiver_key"]
            options = replace(options, praktijkcode=f"{self.base['praktijkcode']:08d}",
                              zorgverlenerscode=f"{self.base['zorgverlenerscode']:08d}",
                              receiver_code=f"{self.base[receiver_key]:04d}")
        try:
            declaration = generate(options, seed, self.spec)
        except (TypeError, ValueError) as error:
            raise self.fail(step, f"generate: {error}") from None
        if self.base is None:
            self.base = declaration.voorloop.copy()
        return declaration

    def follow_up(self, step: dict, index: int, year: int, month: int) -> Record:
        if self.base is None:
            raise self.fail(step, "the first step must generate a file (the declarant comes from it)")
        voorloop = follow_up_voorloop(self.base, index, self.spec)
        begin = date(year, month, 1)
        end = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
        voorloop.values.update(begindatum_declaratieperiode=begin, einddatum_declaratieperiode=end,
                               dagtekening_factuur=end + timedelta(days=5))
        return voorloop

    def targets(self, step: dict, ref: dict) -> list[tuple[Verzekerde, list[Prestatie]]]:
        source = self.results[ref["step"]].clean
        if source is None:
            raise self.fail(step, f"step {ref['step']!r} has no readable declaration")
        which = ref.get("verzekerde", "all")
        if which != "all" and which > len(source.verzekerden):
            raise self.fail(step, f"step {ref['step']!r} has {len(source.verzekerden)} verzekerden, not {which}")
        chosen = source.verzekerden if which == "all" else [source.verzekerden[which - 1]]
        out = []
        for verzekerde in chosen:
            pick = ref.get("prestatie", "all")
            if pick != "all" and pick > len(verzekerde.prestaties):
                raise self.fail(step, f"verzekerde has {len(verzekerde.prestaties)} prestaties, not {pick}")
            out.append((verzekerde, verzekerde.prestaties if pick == "all" else [verzekerde.prestaties[pick - 1]]))
        return out

    def corrections(self, step: dict, refs: Refs) -> list[Verzekerde]:
        groups: dict[int, tuple[Verzekerde, list[Prestatie], list[Prestatie]]] = {}
        for kind in ("credit", "redeclare"):
            for ref in step.get(kind, []):
                for verzekerde, prestaties in self.targets(step, ref):
                    _, first, credits = groups.setdefault(id(verzekerde), (verzekerde, [], []))
                    for prestatie in prestaties:
                        if kind == "credit":
                            credits.append(self.credit(step, prestatie, ref, refs))
                        else:
                            line = self.redeclare(step, prestatie, ref, refs)
                            (first if ref.get("before_credit") else credits).append(line)
        return [verzekerde_copy(v, first + rest) for v, first, rest in groups.values()]

    def credit(self, step: dict, prestatie: Prestatie, ref: dict, refs: Refs) -> Prestatie:
        credit = credit_of(prestatie, refs)
        if ref.get("amount_change"):
            _change_amount(credit, ref["amount_change"])
        for part in ref.get("drop", []):
            group = {"tarief": credit.tarieven, "zorgactiviteit": credit.zorgactiviteiten,
                     "tijdsbesteding": credit.tijdsbestedingen}[part]
            if not group:
                raise self.fail(step, f"drop: the prestatie has no {part} record to leave out")
            group.pop()
        for key, value in (ref.get("change") or {}).items():
            if key not in credit.record.values:
                raise self.fail(step, f"change: the prestatierecord has no field {key!r}")
            credit.record.values[key] = value
        if ref.get("ref_voorgaande"):
            credit.record.values["referentienummer_voorgaande"] = ref["ref_voorgaande"]
        return credit

    def redeclare(self, step: dict, prestatie: Prestatie, ref: dict, refs: Refs) -> Prestatie:
        again = redeclare(prestatie, refs)
        if ref.get("amount_change"):
            _change_amount(again, ref["amount_change"])
        if ref.get("period_shift_days"):
            _shift(again, ref["period_shift_days"], self.spec.declaration.structure)
        if ref.get("reuse_ref"):
            again.record.values["referentienummer"] = prestatie.record["referentienummer"]
            again.record.values["referentienummer_voorgaande"] = ""
        return again

    def again(self, step: dict, spec: dict, refs: Refs) -> list[Verzekerde]:
        source = self.results[spec["step"]]
        if source.clean is None or source.declaration is None:
            raise self.fail(step, f"step {spec['step']!r} has no readable declaration")
        chosen = list(range(len(source.clean.verzekerden)))
        if spec.get("which", "rejected") == "rejected":
            rejected = {n for n, codes in source.outcome.returned.items() if set(codes) - NOT_A_REJECTION}
            chosen = [i for i, v in enumerate(source.declaration.verzekerden)
                      if any(source.lines.get(id(r)) in rejected for r in v.records())]
            if not chosen:
                raise self.fail(step, f"step {spec['step']!r} rejected no verzekerde")
        out = []
        returned = set(source.outcome.returned)
        for i in chosen:
            copy = clone_verzekerde(source.clean.verzekerden[i])
            if spec.get("which", "rejected") == "rejected":
                # STB 6.10: only the lines the receiver returned come back; approved prestaties stay approved
                sent = source.declaration.verzekerden[i].prestaties
                copy.prestaties = [p for p, original in zip(copy.prestaties, sent)
                                   if any(source.lines.get(id(r)) in returned for r in original.records())]
            if not spec.get("keep_refs", False):
                for record in copy.records():
                    if "referentienummer" in record.values:
                        record.values["referentienummer"] = refs()
            out.append(copy)
        return out


def _line_map(declaration: Declaration) -> dict[int, int]:
    return {id(r): n for n, r in enumerate(declaration.records(), start=1)}


def _change_amount(prestatie: Prestatie, delta: int) -> None:
    """Change the first tarief's amount by ``delta`` eurocent (tarief x aantal = berekend = declaratiebedrag)."""
    record = prestatie.tarieven[0].record
    set_tarief_amount(record, max(record["declaratiebedrag"] + delta, 0))


def _shift(prestatie: Prestatie, days: int, structure) -> None:
    delta = timedelta(days=days)
    for node in [prestatie, *prestatie.children()]:
        for key in dict.fromkeys(("begindatum_prestatie", *structure["date_ranges"].get(node.record.rtype, ()))):
            if isinstance(node.record.values.get(key), date):
                node.record.values[key] = node.record[key] + delta


def run(scenario: dict[str, Any], seed: int | None = None, profile: str | None = None, spec: Spec | None = None,
        file: str = "<scenario>") -> list[StepResult]:
    spec = spec or load_spec()
    return Runner(scenario, scenario.get("seed", 1) if seed is None else seed, profile, spec, file).run()
