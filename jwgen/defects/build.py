"""Apply defects to a generated declaration, confirm the outcome with the receiver, describe the case.

Confirmed, not assumed: a case is only returned when the reference receiver,
fed the earlier files first (same ledger), reports exactly the rules the defects
declare, at the stage they declare, on the records they touched. Otherwise
generation stops with :class:`NotConfirmed` naming the defect.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..domain import NOT_A_REJECTION
from ..controle import Ledger, Outcome, receive
from ..flatfile import write
from ..generate import generate
from ..generate.options import GenerateOptions
from ..output import sha256
from ..report import uitval_rows
from ..spec import Spec, load_spec
from . import bytes as _bytes, credits, fields, structure, totals  # noqa: F401  (registration)
from ._base import AFTER_FINALIZE, BYTES, FILE_BYTES, MODEL, Case, DefectError, Defect, NotConfirmed
from ._registry import CATALOGUE

#: The generated file every defect starts from: every record type present, room for several defects.
BASE_OPTIONS = dict(verzekerden=4, prestaties=(2, 3), tarieven=(1, 2), zorgactiviteiten=(1, 2),
                    tijdsbestedingen=(1, 1), commentaren=(1, 1), debiteur=True, zorgactiviteit=True,
                    tijdsbesteding=True, commentaar=True)
#: Same-stage pairs where one defect rewrites what the other broke, so the receiver cannot
#: find both (found by building every same-stage pair with several seeds and base sizes).
MASKING = {
    frozenset(("lf-only", "mixed-line-endings")): "every record already ends with LF",
    frozenset(("lf-only", "no-final-crlf")): "the reader reports the first line-ending problem only",
    frozenset(("lf-only", "non-utf8")): "the reader stops at the first of the two",
    frozenset(("mixed-line-endings", "non-utf8")): "the reader stops at the first of the two",
    frozenset(("no-final-crlf", "non-utf8")): "the reader stops at the first of the two",
    frozenset(("missing-sluit", "extra-sluit")): "the extra sluitrecord becomes the only one",
    frozenset(("extra-sluit", "records-wrong-order")): "the inserted line shifts the swapped records",
    frozenset(("duplicate-record", "records-wrong-order")): "the duplicated line may be a swapped one",
}
MASKING_PAIRS = frozenset(MASKING)

EXPECTED_STATUS = {"unrecognised": {"unrecognised"}, "bytes": {"rejected-file"}, "structure": {"rejected-file"},
                   "content": {"rejected-file"}, "record": {"partial", "rejected-records"}}


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


def resolve(ids: Sequence[str], profile: str | None = None, spec: Spec | None = None) -> list[Defect]:
    spec = spec or load_spec()
    profile = spec.standard.profile(profile or spec.standard.receiver_profile)
    defects = []
    for defect_id in ids:
        if defect_id not in CATALOGUE:
            raise DefectError(f"unknown defect {defect_id!r} (jwgen defects lists them)")
        defects.append(CATALOGUE[defect_id])
    if len({d.id for d in defects}) != len(defects):
        raise DefectError("a defect is named twice")
    for d in defects:
        if not d.applies_to(profile, spec):
            raise DefectError(f"defect {d.id} applies to the {'/'.join(d.profiles(spec))} profile, not {profile}")
    stages = {d.stage for d in defects}
    if len(stages) > 1:
        raise DefectError(f"defects {', '.join(d.id for d in defects)} mask each other: the receiver stops at the "
                          f"first failing stage ({', '.join(sorted(stages))}); combine defects of one stage")
    if "unrecognised" in stages and len(defects) > 1:
        raise DefectError("missing-voorloop cannot be combined: without a voorlooprecord nothing else is checked")
    if len({d.history for d in defects}) > 1:
        raise DefectError("defects that need earlier files cannot be combined with defects on a single file")
    if sum(d.history for d in defects) > 1:
        raise DefectError("each defect that needs earlier files tells its own history; use one per case")
    for i, a in enumerate(defects):
        for b in defects[i + 1:]:
            reason = MASKING.get(frozenset((a.id, b.id)))
            if reason:
                raise DefectError(f"defects {a.id} and {b.id} mask each other ({reason})")
    return defects


def build_case(ids: Sequence[str], seed: int = 0, profile: str | None = None, spec: Spec | None = None,
               name: str | None = None, base: dict[str, Any] | None = None) -> BuiltCase:
    """Build and confirm one case. No ids: a valid file (approved by a gemeente, forwarded by VECOZO).
    ``base`` overrides :data:`BASE_OPTIONS` of the generated file the defects start from."""
    spec = spec or load_spec()
    profile = spec.standard.profile(profile or spec.standard.receiver_profile)
    defects = resolve(ids, profile, spec)
    rng = random.Random(f"jwgen-defects:{seed}:{'+'.join(ids)}")
    options = GenerateOptions(**{**BASE_OPTIONS, **(base or {})})
    case = Case(spec, rng, generate(options, seed, spec), profile)
    data, lines = apply_defects(case, defects)
    touched = _describe_touched(case, lines)
    built = BuiltCase(name or "+".join(ids) or "valid", defects, profile, seed, data, Outcome(profile, "", ""),
                      touched=touched, messages=(spec.declaration.name, spec.retour.name))
    ledger = Ledger()
    try:
        for (label, declaration), expected in zip(case.prior, case.prior_status):
            prior_bytes = write(declaration, spec.declaration)
            prior = receive(prior_bytes, profile, ledger, spec)
            if prior.status != expected:
                raise NotConfirmed(f"defect {built.name}: earlier file {label!r} should be {expected}, the receiver "
                                   f"answered {prior.status} ({prior.message})")
            built.prior.append((label, prior_bytes, prior))
        built.outcome = receive(data, profile, ledger, spec)
    finally:
        ledger.close()
    confirm(built, case, lines)
    return built


def apply_defects(case: Case, defects: Sequence[Defect]) -> tuple[bytes, dict[int, int]]:
    """Apply defects phase by phase (model edits, finalize, edits after finalize, bytes) and write.
    Returns the bytes and the line number of every model record."""
    for phase in (MODEL, AFTER_FINALIZE, BYTES, FILE_BYTES):
        if phase == AFTER_FINALIZE:
            case.finalize()
        for defect in defects:
            if defect.phase == phase:
                defect.apply(case)
    lines = case.lines()
    data = write(case.declaration, case.spec.declaration)
    for edit in case.byte_edits:
        data = edit(data, case)
    return data, lines


def _describe_touched(case: Case, lines: dict[int, int]) -> list[dict[str, Any]]:
    out = []
    for touch in case.touched:
        if touch.record is not None:
            layout = case.message.records[touch.record.rtype]
            f = layout[touch.key] if touch.key else None
            out.append({"line": lines.get(id(touch.record)), "rtype": touch.record.rtype,
                        "rubriek": f.id if f else None, "key": touch.key, "name": f.name if f else None})
        else:
            out.append({"line": touch.line, "rtype": None, "rubriek": None, "key": None, "name": None})
    return out


def confirm(built: BuiltCase, case: Case, lines: dict[int, int]) -> None:
    """The receiver must agree with what the defects declare, or generation stops."""
    outcome, defects = built.outcome, built.defects
    if not defects:
        if outcome.status not in ("approved", "forwarded"):
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


def manifest_entry(built: BuiltCase, spec: Spec | None = None) -> dict[str, Any]:
    spec = spec or load_spec()
    outcome = built.outcome
    files = built.files()
    titles = "; ".join(d.title for d in built.defects)
    codes = outcome.voorloop_codes + sorted({c for cs in outcome.returned.values() for c in cs} - NOT_A_REJECTION)
    sentence = (f"{titles}: {' and '.join(d.breaks for d in built.defects)}. "
                f"Expected answer ({built.profile}): {outcome.message}"
                + (f"; retourcodes {', '.join(dict.fromkeys(codes))}." if codes else "."))
    return {
        "case": built.name,
        "defects": [{"id": d.id, "title": d.title, "level": d.level, "stage": d.stage, "rules": list(d.rules),
                     "retourcodes": d.retourcodes(spec), "breaks": d.breaks} for d in built.defects],
        "profile": built.profile,
        "seed": built.seed,
        "sentence": sentence,
        "files": [{"path": path, "sha256": sha256(data), "bytes": len(data)} for path, data in sorted(files.items())],
        "receive_in_order": [built.path(prior=i) for i in range(1, len(built.prior) + 1)] + [built.path()],
        "prior": [{"jw321": built.path(prior=i),
                   "jw322": built.path(retour=True, prior=i) if o.jw322 is not None else None,
                   "status": o.status} for i, (_, _, o) in enumerate(built.prior, start=1)],
        "touched": built.touched,
        "expected": {
            "status": outcome.status,
            "exit_code": outcome.exit_code,
            "jw322": built.path(retour=True) if outcome.jw322 is not None else None,
            "voorloop_codes": outcome.voorloop_codes,
            "retourcodes": {str(line): codes for line, codes in outcome.returned.items()},
            "ingediend": outcome.ingediend,
            "toegekend": outcome.toegekend,
            "findings": uitval_rows(outcome, spec),
        },
    }
