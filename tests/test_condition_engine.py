"""The condition engine's compiled checks (jwgen/controle/condition_code.py) answer as their plain twin
(jwgen/controle/conditions.py plain_findings): on every probe case of both standards, every catalogue defect and
generated files, the receiver's whole answer is the same with either."""
from __future__ import annotations

import pytest

from jwgen.controle import receive, receiver
from jwgen.controle.conditions import plain_findings
from jwgen.defects import CATALOGUE
from jwgen.flatfile import write
from jwgen.generate import GenerateOptions, generate
from jwgen.sets import build_case
from jwgen.sets.probe import probe_cases
from jwgen.spec import load_spec

from test_ber import BASE_FILE, as_jw321

SPEC = load_spec()


def _plain(spec, rtype, rules):
    return lambda ctx, record, group: plain_findings(ctx, record, group, rules)


def _answer(outcome):
    return (outcome.status, outcome.findings, outcome.voorloop_codes, outcome.returned, outcome.jw322)


def _both(data: bytes, monkeypatch, spec=None, profile=None) -> tuple:
    fast = _answer(receive(data, profile, spec=spec))
    with monkeypatch.context() as patched:
        patched.setattr(receiver, "compiled", _plain)
        receiver._role_checks.cache_clear()
        plain = _answer(receive(data, profile, spec=spec))
    receiver._role_checks.cache_clear()
    return fast, plain


@pytest.mark.parametrize("standard", ["GZ321", "JW321"])
def test_every_probe_case_is_answered_alike(standard, monkeypatch):
    spec = load_spec(standard=standard)
    base = BASE_FILE.read_bytes() if standard == "GZ321" else as_jw321(BASE_FILE.read_bytes())
    cases = [c for c in probe_cases(spec, base) if c.data]
    assert len(cases) > 150
    for case in cases:
        for profile in spec.standard.profiles:
            fast, plain = _both(case.data, monkeypatch, spec, profile)
            assert fast == plain, (case.rubriek, case.direction, case.variant, profile)


@pytest.mark.parametrize("defect", sorted(d.id for d in CATALOGUE.values() if d.applies_to("gemeente", SPEC)
                                          and d.id != "too-many-records"))
def test_every_catalogue_defect_is_answered_alike(defect, monkeypatch):
    built = build_case([defect], seed=5, profile="gemeente")
    fast, plain = _both(built.jw321, monkeypatch, SPEC, "gemeente")
    assert fast == plain


def test_generated_files_are_answered_alike(monkeypatch):
    for seed in range(6):
        declaration = generate(GenerateOptions(verzekerden=4, debiteur=seed % 2 == 0), seed, SPEC)
        fast, plain = _both(write(declaration, SPEC.declaration), monkeypatch, SPEC, "gemeente")
        assert fast == plain and fast[0] == "approved"
