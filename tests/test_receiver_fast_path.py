"""The receiver's fast path answers exactly as the full one, on every defect of the catalogue.

Fast: rules whose gate holds nowhere in the file are left out once per file (credit rules in a file
without credits), a ledger without lines of the AGB is not asked again, a ledger nobody keeps is not
written. Fast also: a record's generic field checks are one regular expression over its text and a few set lookups
(``record_checks.fields_checker``). Full: every rule of the role on every record, every field check the plain
way, every question to the ledger.
"""
from __future__ import annotations

import pytest

from jwgen.controle import Ledger, receive
from jwgen.controle import receiver, record_checks
from jwgen.defects import CATALOGUE
from jwgen.sets import build_case
from jwgen.spec import load_spec

SPEC = load_spec()
CASES = [(d.id, profile) for d in CATALOGUE.values() for profile in ("gemeente", "vecozo")
         if d.applies_to(profile, SPEC) and d.id != "too-many-records"]


def _full_checks(ctx, rtype):
    if rtype in ctx.message.structure["not_checked_by"].get(ctx.role, ()):
        return None
    return record_checks._field_findings, tuple((check, when, None) for check, when, _ in
                                                 receiver._role_checks(ctx.spec, ctx.role, rtype))


def _answer(outcome):
    return (outcome.status, outcome.message, outcome.findings, outcome.voorloop_codes, outcome.returned,
            outcome.jw322, outcome.ingediend, outcome.toegekend)


def _answers(built, profile):
    with Ledger() as ledger:
        outcomes = [receive(data, profile, ledger) for _, data, _ in built.prior]
        outcomes.append(receive(built.jw321, profile, ledger))
    return [_answer(o) for o in outcomes]


@pytest.mark.parametrize("defect, profile", CASES)
def test_fast_and_full_path_agree(defect, profile, monkeypatch):
    built = build_case([defect], seed=3, profile=profile)
    fast = _answers(built, profile)
    if not built.prior:  # without a ledger of the caller's: nothing asked, nothing written, the same answer
        assert _answer(receive(built.jw321, profile)) == fast[-1]
    monkeypatch.setattr(receiver, "_checks_in_file", _full_checks)
    monkeypatch.setattr(receiver, "check_fields", record_checks._field_findings)
    monkeypatch.setattr(Ledger, "has_lines", lambda self, agb: True)
    assert _answers(built, profile) == fast


def test_a_not_assessed_records_referentienummer_counts_with_and_without_a_ledger():
    """The verzekerde is rejected, so its prestaties are not assessed (8002), yet their lines are known: a
    later record of the file reusing one of their referentienummers is ref.not-unique, whether the file is
    received on the scratch ledger or on a ledger somebody keeps. (A shortcut that did not remember the
    children's lines in a file nobody keeps missed it.)"""
    from jwgen.flatfile import write
    from jwgen.generate import GenerateOptions, generate
    from jwgen.model import finalize

    declaration = generate(GenerateOptions(verzekerden=3), 5, SPEC)
    first, second = declaration.verzekerden[:2]
    first.record["bsn"] = 123456789  # fails the 11-proef
    second.prestaties[0].tarieven[0].record["referentienummer"] = first.prestaties[0].tarieven[0].record[
        "referentienummer"]
    data = write(finalize(declaration, SPEC.declaration.structure), SPEC.declaration)
    scratch = receive(data)
    with Ledger() as ledger:
        kept = receive(data, None, ledger)
    assert {f.rule for f in scratch.findings} == {"bsn.invalid", "ref.not-unique"}
    assert _answer(scratch) == _answer(kept)
