"""A scenario as a language-neutral fixture set: per step the JW321 and the expected JW322,
one manifest.json, and a README.md and index.html that tell the story."""
from __future__ import annotations

from typing import Any, Callable

from .. import __version__
from ..output import dump_json
from ..report import uitval_rows
from ..report.manifest import FileEntry, Finding, ScenarioManifest, StepEntry, StepExpected, TextEncoding
from ..domain import APPROVED, NOT_A_REJECTION
from ..spec import Spec, load_spec
from .engine import Runner, StepResult


def _paths(result: StepResult, spec: Spec) -> tuple[str, str]:
    stem = f"{result.index:02d}-{result.name}"
    return f"{stem}.{spec.declaration.name}.txt", f"{stem}.{spec.retour.name}.txt"


def step_files(result: StepResult, spec: Spec) -> dict[str, bytes]:
    sent, answer = _paths(result, spec)
    files = {sent: result.jw321}
    if result.outcome.jw322 is not None:
        files[answer] = result.outcome.jw322
    return files


def step_entry(result: StepResult, spec: Spec) -> StepEntry:
    outcome = result.outcome
    files = step_files(result, spec)
    sent, answer = _paths(result, spec)
    codes = list(dict.fromkeys(outcome.voorloop_codes + sorted(
        {c for cs in outcome.returned.values() for c in cs} - NOT_A_REJECTION)))
    lead = result.description or f"Step {result.name}."
    sentence = (f"{lead} Sent to the {result.profile}: {outcome.message}"
                + (f"; retourcodes {', '.join(codes)}." if codes and outcome.status != APPROVED else "."))
    return StepEntry(
        index=result.index,
        name=result.name,
        description=result.description,
        profile=result.profile,
        jw321=sent,
        jw322=answer if outcome.jw322 is not None else None,
        files=FileEntry.of_files(files),
        defects=tuple(result.defects),
        sentence=sentence,
        expected=StepExpected(
            status=outcome.status,
            exit_code=outcome.exit_code,
            voorloop_codes=tuple(outcome.voorloop_codes),
            retourcodes={str(line): tuple(c) for line, c in outcome.returned.items()},
            ingediend=outcome.ingediend,
            toegekend=outcome.toegekend,
            findings=tuple(Finding(**row) for row in uitval_rows(outcome, spec)),
        ),
        encoding=TextEncoding.of(result.form, result.reading) if result.form else None,
    )


def _run(scenario: dict[str, Any], seed: int, profile: str | None, spec: Spec, file: str,
         progress: Callable[[int, int], None] | None, encoding: str | None = None) -> list[StepResult]:
    """:func:`jwgen.scenario.run`, step by step, telling ``progress`` (steps + 1 for the views)."""
    runner = Runner(scenario, seed, profile, spec, file, encoding)
    steps = scenario["steps"]
    results = []
    try:
        for index, step in enumerate(steps, start=1):
            results.append(runner.step(index, step))
            if progress is not None:
                progress(index, len(steps) + 1)
    finally:
        for ledger in runner.ledgers.values():
            ledger.close()
    return results


def scenario_set(scenario: dict[str, Any], seed: int | None = None, profile: str | None = None,
                 spec: Spec | None = None, file: str = "<scenario>",
                 progress: Callable[[int, int], None] | None = None, encoding: str | None = None) -> dict[str, bytes]:
    """Run the scenario and return every file of its fixture set (nothing is written); ``encoding``: the story's
    files in that character set (a step that names its own keeps it)."""
    spec = spec or load_spec()
    seed = scenario.get("seed", 1) if seed is None else seed
    results = _run(scenario, seed, profile, spec, file, progress, encoding)
    files: dict[str, bytes] = {}
    for result in results:
        files.update(step_files(result, spec))
    manifest = ScenarioManifest(
        tool="jwgen", version=__version__, kind="scenario", scenario=scenario["name"],
        title=scenario.get("title", scenario["name"]), description=scenario["description"].strip(),
        seed=seed, standard=spec.standard.name,
        profile=spec.standard.profile(profile or scenario.get("profile") or spec.standard.receiver_profile),
        layout=spec.label,
        how_to_use=(f"Send the steps' {spec.declaration.name} files in order to one receiver per profile, keeping "
                    f"its memory between steps; each answer must equal the step's {spec.retour.name} (same returned "
                    "records, retourcodes per record, counts and totals)."),
        steps=tuple(step_entry(r, spec) for r in results),
    )
    out = _with_views(files, manifest, spec)
    if progress is not None:
        progress(len(results) + 1, len(results) + 1)
    return out


def _with_views(files: dict[str, bytes], manifest: ScenarioManifest, spec: Spec) -> dict[str, bytes]:
    from ..report.fixtures import write_views
    return write_views({**files, "manifest.json": dump_json(manifest.to_dict())}, manifest, spec=spec)
