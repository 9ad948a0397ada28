"""Defect cases as language-neutral fixture sets: JW321, expected JW322, manifest."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Sequence

from .. import __version__
from ..output import dump_json
from ..report.fixtures import write_views
from ..report.manifest import CaseEntry, CaseSet
from ..spec import Spec, load_spec
from ..defects import CATALOGUE
from .case import build_case, manifest_entry


def _manifest(kind: str, seed: int, profile: str, cases: list[CaseEntry], skipped: list[str],
              spec: Spec) -> CaseSet:
    return CaseSet(tool="jwgen", version=__version__, kind=kind, seed=seed, profile=profile, layout=spec.label,
                   how_to_use=("For each case, send the files of receive_in_order to the receiver in that order, "
                               "with one memory (ledger) per case; the answer to the last one must equal the "
                               f"expected {spec.retour.name}: same returned records and retourcodes, same counts and "
                               "totals."),
                   cases=tuple(cases), skipped=tuple(skipped))


def _encoded(encoding: str | None) -> dict | None:
    """The base file's options for files in ``encoding`` (None: the standard's)."""
    return None if encoding is None else {"encoding": encoding}


def defect_set(ids: Sequence[str], seed: int = 0, profile: str | None = None,
               spec: Spec | None = None, encoding: str | None = None) -> dict[str, bytes]:
    """One case with one or more defects: its files plus manifest.json. ``encoding``: the character set of
    its files (default the standard's; a defect about a character set writes its own)."""
    spec = spec or load_spec()
    profile = spec.standard.profile(profile or spec.standard.receiver_profile)
    built = build_case(ids, seed, profile, spec, base=_encoded(encoding))
    files = dict(built.files())
    manifest = _manifest("defect-case", seed, profile, [manifest_entry(built, spec)], [], spec)
    return write_views({**files, "manifest.json": dump_json(manifest.to_dict())}, manifest, spec=spec)


def all_defects_set(seed: int = 0, profile: str | None = None, spec: Spec | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    encoding: str | None = None) -> dict[str, bytes]:
    """One folder per defect of the catalogue that applies to ``profile``, and one manifest for all (files in
    ``encoding``, default the standard's, except where a defect is about a character set)."""
    spec = spec or load_spec()
    profile = spec.standard.profile(profile or spec.standard.receiver_profile)
    files: dict[str, bytes] = {}
    cases, skipped = [], []
    total = len(CATALOGUE) + 1  # + 1: the views and reports
    for done, (defect_id, defect) in enumerate(CATALOGUE.items(), start=1):
        if progress is not None:
            progress(done - 1, total)
        missing = defect.missing(spec)
        if missing is not None:
            skipped.append(f"{defect_id}: not in {spec.standard.name} ({missing})")
            continue
        if not defect.applies_to(profile, spec):
            skipped.append(f"{defect_id}: applies to {'/'.join(defect.profiles(spec))} only")
            continue
        built = build_case([defect_id], seed, profile, spec, base=_encoded(encoding))
        for name, data in built.files().items():
            files[f"{defect_id}/{name}"] = data
        cases.append(replace(manifest_entry(built, spec), folder=defect_id))
    manifest = _manifest("defect-catalogue", seed, profile, cases, skipped, spec)
    if progress is not None:
        progress(total - 1, total)
    out = write_views({**files, "manifest.json": dump_json(manifest.to_dict())}, manifest, spec=spec)
    if progress is not None:
        progress(total, total)
    return out
