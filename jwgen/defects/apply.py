"""Apply defects to a generated declaration: which defects may share a file, and in what order they are applied.

Nothing here asks the receiver: confirming a case (the receiver must report exactly the declared rules) is
:mod:`jwgen.sets`, one layer up, so defects sit below controle in the pipeline.

>>> [d.id for d in resolve(["bsn-invalid", "wrong-dc"])]
['bsn-invalid', 'wrong-dc']
>>> resolve(["lf-only", "non-utf8"])
Traceback (most recent call last):
...
jwgen.defects._base.DefectError: defects lf-only and non-utf8 mask each other (the reader stops at the first of the two)
"""
from __future__ import annotations

import random
from typing import Any, Iterable, Sequence

from ..domain import PARTIAL, REJECTED_FILE, REJECTED_RECORDS, UNRECOGNISED
from ..flatfile import write
from ..generate import GenerateOptions, generate
from ..spec import Spec, TextForm, load_spec
from . import bytes as _bytes, credits, fields, structure, totals  # noqa: F401  (registration)
from ._base import AFTER_FINALIZE, BYTES, FILE_BYTES, MODEL, Case, DefectError, Defect
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
    frozenset(("lf-only", "windows-1252-read-as-utf8")): "the reader stops at the first of the two",
    frozenset(("mixed-line-endings", "windows-1252-read-as-utf8")): "the reader stops at the first of the two",
    frozenset(("no-final-crlf", "windows-1252-read-as-utf8")): "the reader stops at the first of the two",
    frozenset(("missing-sluit", "extra-sluit")): "the extra sluitrecord becomes the only one",
    frozenset(("extra-sluit", "records-wrong-order")): "the inserted line shifts the swapped records",
    frozenset(("duplicate-record", "records-wrong-order")): "the duplicated line may be a swapped one",
}
MASKING_PAIRS = frozenset(MASKING)

#: The receiver's answer a case of each stage must get (STB 6.4.1: the receiver stops at the first failing stage).
EXPECTED_STATUS = {"unrecognised": {UNRECOGNISED}, "bytes": {REJECTED_FILE}, "structure": {REJECTED_FILE},
                   "content": {REJECTED_FILE}, "record": {PARTIAL, REJECTED_RECORDS}}

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
        missing = d.missing(spec)
        if missing is not None:
            raise DefectError(f"defect {d.id} is not in {spec.standard.name}: {missing} (jwgen defects "
                              f"--standard {spec.standard.name} lists those it has)")
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
    if len({(d.encoding, d.reading) for d in defects if d.encoding or d.reading}) > 1:
        raise DefectError(f"defects {', '.join(d.id for d in defects)} are files of different character sets or "
                          "for receivers that read differently; use one per case")
    if sum(d.history for d in defects) > 1:
        raise DefectError("each defect that needs earlier files tells its own history; use one per case")
    for i, a in enumerate(defects):
        for b in defects[i + 1:]:
            reason = MASKING.get(frozenset((a.id, b.id)))
            if reason:
                raise DefectError(f"defects {a.id} and {b.id} mask each other ({reason})")
    return defects



def base_case(ids: Sequence[str], seed: int = 0, profile: str = "", spec: Spec | None = None,
              base: dict[str, Any] | None = None) -> Case:
    """The generated file the defects ``ids`` start from (:data:`BASE_OPTIONS`, overridden by ``base``),
    with the random source of the defects (seeded by seed and ids, so a case is the same on any machine)."""
    spec = spec or load_spec()
    rng = random.Random(f"jwgen-defects:{seed}:{'+'.join(ids)}")
    named = about_encoding(CATALOGUE[i] for i in ids if i in CATALOGUE)
    if named is not None and named.encoding:  # a defect about a character set writes its file in it
        base = {**(base or {}), "encoding": named.encoding, "ascii": False}
    options = GenerateOptions(**{**BASE_OPTIONS, **(base or {})}).fitted(spec)  # no debiteur in a GZ321
    form, reading = case_forms([named] if named else [], spec, options.text_form(spec))
    return Case(spec, rng, generate(options, seed, spec), profile, form=form, reading=reading)


def about_encoding(defects: Iterable[Defect]) -> Defect | None:
    """The defect (of one case) that is about a character set or a receiver's reading, if any."""
    return next((d for d in defects if d.encoding or d.reading), None)


def case_forms(defects: Iterable[Defect], spec: Spec, form: TextForm) -> tuple[TextForm, TextForm | None]:
    """(the form a case's file is written in, the reading of the receiver whose answer is expected; None: as
    written): ``form`` unless one of the defects names its own."""
    named = about_encoding(defects)
    if named is None:
        return form, None
    written = spec.standard.written(named.encoding) if named.encoding else form
    return written, TextForm.of(*named.reading) if named.reading else None


def broken_file(ids: Sequence[str], seed: int = 0, spec: Spec | None = None) -> bytes:
    """The bytes of the base file with the defects ``ids`` of one file applied, *not confirmed*: for
    examples and for probing a receiver. Fixture sets come from :func:`jwgen.sets.build_case`, which
    confirms every case with the reference receiver (and plays the earlier files a history defect needs).

    >>> broken_file(["bsn-invalid"], seed=1) == broken_file(["bsn-invalid"], seed=1)
    True
    """
    spec = spec or load_spec()
    defects = resolve(ids, spec=spec)
    if any(d.history for d in defects):
        raise DefectError(f"{', '.join(d.id for d in defects if d.history)} needs earlier files: use jwgen.sets.build_case")
    return apply_defects(base_case(ids, seed, spec=spec), defects)[0]


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
    data = write(case.declaration, case.spec.declaration, case.written_form)
    for edit in case.byte_edits:
        data = edit(data, case)
    return data, lines



def describe_touched(case: Case, lines: dict[int, int]) -> list[dict[str, Any]]:
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
