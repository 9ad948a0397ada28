"""A valid generated set, confirmed by the reference receiver: the JW321, its expected JW322 and ``manifest.json``.

``build_valid_set`` returns an :class:`OutputSet` (relative path -> bytes plus
the manifest as a :class:`~jwgen.report.manifest.GeneratedSet`) and writes nothing; the command line hands
``OutputSet.tree()`` to :func:`jwgen.output.write_tree`. Other generators (for
instance of broken files) can add files to ``files`` before calling ``tree()``:
the manifest's file list is computed from ``files`` at that moment. Nothing in
the manifest depends on the clock or on the output folder.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version

from .. import __version__
from ..controle import receive
from ..domain import PASSED
from ..errors import NotConfirmed
from ..flatfile import write
from ..generate import GenerateOptions, generate, jw321_filename
from ..model import Declaration, compute_totals
from ..output import dump_json
from ..report.fixtures import write_views
from ..report.manifest import Amount, FileEntry, GeneratedExpected, GeneratedSet, RecordCounts, TextEncoding
from ..spec import Spec, load_spec

MANIFEST = "manifest.json"


@dataclass
class OutputSet:
    """Files of one set (without the manifest) and the manifest (its file list still empty)."""

    files: dict[str, bytes]
    manifest: GeneratedSet
    declaration: Declaration | None = None

    def written_manifest(self) -> GeneratedSet:
        """The manifest with the file list of ``files`` as they are now."""
        return replace(self.manifest, files=FileEntry.of_files(self.files))

    def tree(self) -> dict[str, bytes]:
        """Every file to write, ``manifest.json`` included, with the file list filled in."""
        return {**self.files, MANIFEST: dump_json(self.written_manifest().to_dict())}

    def with_views(self) -> dict[str, bytes]:
        """:meth:`tree` plus what a person opens: README.md, index.html and the (empty) uitval report,
        rendered like a one-case defect set (the manifest itself keeps its own shape)."""
        return write_views(self.tree(), self.written_manifest())


def faker_version() -> str:
    try:
        return version("faker")
    except PackageNotFoundError:  # pragma: no cover - faker is a dependency
        return "unknown"


def record_counts(declaration: Declaration, spec: Spec) -> dict[str, int]:
    """Records per type in layout order, voorloop and sluit included (from compute_totals)."""
    structure = spec.declaration.structure
    totals = compute_totals(declaration.details(), structure)
    counts = {structure["voorloop"]: 1, **totals.counts, structure["sluit"]: 1}
    return {rtype: counts.get(rtype, 0) for rtype in spec.declaration.records}


def build_valid_set(options: GenerateOptions | None = None, seed: int = 0,
                    spec: Spec | None = None, profile: str | None = None) -> OutputSet:
    """Generate one valid JW321, its expected answer, and a manifest (nothing is written).

    The expected answer comes from the reference receiver: a gemeente approves a valid
    file fully (JW322 = voorloop with 8001 + sluit); VECOZO forwards it and sends no JW322.
    """
    spec = spec or load_spec()
    options = options or GenerateOptions()
    declaration = generate(options, seed, spec)
    form = options.text_form(spec)  # the file's character set; its receiver reads it so
    data = write(declaration, spec.declaration, form)
    name = jw321_filename(declaration, spec.declaration.name)
    structure = spec.declaration.structure
    amount_key, dc_key = structure["sluit_amount"]
    counts = record_counts(declaration, spec)
    profile = spec.standard.profile(profile or spec.standard.receiver_profile)
    outcome = receive(data, profile=profile, spec=spec, form=form)
    if outcome.status not in PASSED:
        raise NotConfirmed(f"the generated file is not approved by the reference receiver: {outcome.message}")
    files = {name: data}
    jw322_name = None
    if outcome.jw322 is not None:
        jw322_name = jw321_filename(declaration, spec.retour.name)
        files[jw322_name] = outcome.jw322
    manifest = GeneratedSet(
        tool="jwgen", jwgen_version=__version__, faker_version=faker_version(),
        message=f"{spec.declaration.name} v{spec.declaration.version}", seed=seed, options=options.to_dict(),
        reference_date=options.dagtekening.isoformat(), jw321=name,
        records=RecordCounts(total=sum(counts.values()), per_type=counts),
        total_amount=Amount(eurocent=declaration.sluit[amount_key], dc=declaration.sluit[dc_key]),
        expected=GeneratedExpected(profile=profile, status=outcome.status, exit_code=outcome.exit_code,
                                   jw322=jw322_name, voorloop_codes=tuple(outcome.voorloop_codes),
                                   ingediend=outcome.ingediend, toegekend=outcome.toegekend),
        encoding=TextEncoding.of(form))
    return OutputSet(files=files, manifest=manifest, declaration=declaration)
