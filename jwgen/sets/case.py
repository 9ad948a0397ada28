"""One defect case, built and confirmed: generate, apply the defects, let the reference receiver answer.

Confirmed, not assumed: a case is only returned when the reference receiver, fed the earlier files first
(same ledger), reports exactly the rules the defects declare, at the stage they declare, on the records they
touched. Otherwise generation stops with :class:`~jwgen.errors.NotConfirmed` naming the defect.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from ..controle import Ledger, Outcome, receive
from ..defects import EXPECTED_STATUS, Case, Defect, apply_defects, base_case, describe_touched, resolve
from ..domain import NOT_A_REJECTION, PASSED
from ..errors import NotConfirmed
from ..flatfile import write
from ..report import uitval_rows
from ..report.manifest import (CaseEntry, DefectEntry, Expected, FileEntry, Finding, PriorEntry, TextEncoding,
                               TouchedEntry)
from ..spec import Spec, load_spec


@dataclass
class BuiltCase:
    name: str
    defects: list[Defect]
    profile: str
    seed: int
    jw321: bytes
    outcome: Outcome
    prior: list[tuple[str, bytes, Outcome]] = field(default_factory=list)
    touched: list[dict[str, Any]] = field(default_factory=list)
    messages: tuple[str, str] = ("JW321", "JW322")  # the standard's declaration and retour, for file names
    encoding: TextEncoding | None = None  # the file's character set and how the expected answer's receiver reads

    def path(self, retour: bool = False, prior: int | None = None) -> str:
        middle = f".prior-{prior}" if prior else ""
        return f"{self.name}{middle}.{self.messages[1 if retour else 0]}.txt"

    def files(self) -> dict[str, bytes]:
        out = {self.path(): self.jw321}
        if self.outcome.jw322 is not None:
            out[self.path(retour=True)] = self.outcome.jw322
        for index, (label, data, outcome) in enumerate(self.prior, start=1):
            out[self.path(prior=index)] = data
            if outcome.jw322 is not None:
                out[self.path(retour=True, prior=index)] = outcome.jw322
        return out


def build_case(ids: Sequence[str], seed: int = 0, profile: str | None = None, spec: Spec | None = None,
               name: str | None = None, base: dict[str, Any] | None = None) -> BuiltCase:
    """Build and confirm one case. No ids: a valid file (approved by a gemeente, forwarded by VECOZO).
    ``base`` overrides :data:`BASE_OPTIONS` of the generated file the defects start from."""
    spec = spec or load_spec()
    profile = spec.standard.profile(profile or spec.standard.receiver_profile)
    defects = resolve(ids, profile, spec)
    case = base_case(ids, seed, profile, spec, base)
    data, lines = apply_defects(case, defects)
    touched = describe_touched(case, lines)
    built = BuiltCase(name or "+".join(ids) or "valid", defects, profile, seed, data, Outcome(profile, "", ""),
                      touched=touched, messages=(spec.declaration.name, spec.retour.name),
                      encoding=TextEncoding.of(case.written_form, case.read_form))
    form = case.read_form
    if not case.prior:  # nothing received before: the receiver's own scratch ledger (tests/test_receiver_fast_path.py)
        built.outcome = receive(data, profile, None, spec, form=form)
        confirm(built, case, lines)
        return built
    ledger = Ledger()
    try:
        for (label, declaration), expected in zip(case.prior, case.prior_status):
            prior_bytes = write(declaration, spec.declaration, case.written_form)
            prior = receive(prior_bytes, profile, ledger, spec, form=form)
            if prior.status != expected:
                raise NotConfirmed(f"defect {built.name}: earlier file {label!r} should be {expected}, the receiver "
                                   f"answered {prior.status} ({prior.message})")
            built.prior.append((label, prior_bytes, prior))
        built.outcome = receive(data, profile, ledger, spec, form=form)
    finally:
        ledger.close()
    confirm(built, case, lines)
    return built


def confirm(built: BuiltCase, case: Case, lines: dict[int, int]) -> None:
    """The receiver must agree with what the defects declare, or generation stops."""
    outcome, defects = built.outcome, built.defects
    if not defects:
        if outcome.status not in PASSED:
            raise NotConfirmed(f"valid case {built.name}: the receiver answered {outcome.status} ({outcome.message})")
        return
    stage = defects[0].stage
    want = {rule for d in defects for rule in d.rules}
    got = {f.rule for f in outcome.findings}
    problems = []
    if outcome.status not in EXPECTED_STATUS[stage]:
        problems.append(f"status {outcome.status} ({outcome.message}), expected {sorted(EXPECTED_STATUS[stage])}")
    if got != want:
        problems.append(f"rules found {sorted(got)}, declared {sorted(want)}")
    if stage == "record" and not problems:
        allowed: set[int] = set()
        for verzekerde in case.declaration.verzekerden:
            group = {lines[id(r)] for r in verzekerde.records()}
            if any(t["line"] in group for t in built.touched):
                allowed |= group
        stray = sorted({f.line for f in outcome.findings} - allowed)
        if stray:
            problems.append(f"findings on lines {stray} outside the records the defect touched")
    if problems:
        raise NotConfirmed(f"defect {built.name} not confirmed by the receiver: {'; '.join(problems)}")


def manifest_entry(built: BuiltCase, spec: Spec | None = None) -> CaseEntry:
    """The case as its manifest lists it: defects, files, the order to send them and the expected answer."""
    spec = spec or load_spec()
    outcome = built.outcome
    files = built.files()
    titles = "; ".join(d.title for d in built.defects)
    codes = outcome.voorloop_codes + sorted({c for cs in outcome.returned.values() for c in cs} - NOT_A_REJECTION)
    told = f"{titles}: {' and '.join(d.breaks_in(spec) for d in built.defects)}. " if built.defects \
        else "A valid file. "
    sentence = (f"{told}Expected answer ({built.profile}): {outcome.message}"
                + (f"; retourcodes {', '.join(dict.fromkeys(codes))}." if codes else "."))
    return CaseEntry(
        case=built.name,
        defects=tuple(DefectEntry(id=d.id, title=d.title, level=d.level, stage=d.stage, rules=tuple(d.rules),
                                  retourcodes=tuple(d.retourcodes(spec)), breaks=d.breaks_in(spec))
                      for d in built.defects),
        profile=built.profile,
        seed=built.seed,
        sentence=sentence,
        files=FileEntry.of_files(files),
        receive_in_order=tuple(built.path(prior=i) for i in range(1, len(built.prior) + 1)) + (built.path(),),
        prior=tuple(PriorEntry(jw321=built.path(prior=i),
                               jw322=built.path(retour=True, prior=i) if o.jw322 is not None else None,
                               status=o.status) for i, (_, _, o) in enumerate(built.prior, start=1)),
        touched=tuple(TouchedEntry(**t) for t in built.touched),
        expected=Expected(
            status=outcome.status,
            exit_code=outcome.exit_code,
            jw322=built.path(retour=True) if outcome.jw322 is not None else None,
            voorloop_codes=tuple(outcome.voorloop_codes),
            retourcodes={str(line): tuple(codes) for line, codes in outcome.returned.items()},
            ingediend=outcome.ingediend,
            toegekend=outcome.toegekend,
            findings=tuple(Finding(**row) for row in uitval_rows(outcome, spec)),
        ),
        encoding=built.encoding,
    )
