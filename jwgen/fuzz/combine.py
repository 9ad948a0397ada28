"""Which defects of the catalogue can share one fuzz case without masking each other.

:func:`jwgen.defects.resolve` refuses combinations across stages, history
defects mixed with single-file defects, and defects of another profile. A few
combinations it accepts still fail confirmation because one defect rewrites
what the other one broke (found by building every same-stage pair with several
seeds and base sizes); :data:`MASKING_PAIRS` lists them, and fuzzing never
draws them together. Defects that need earlier files are only drawn alone:
each one builds its own history, and two histories in one case hide each
other's findings.

>>> combinable(["bsn-invalid", "wrong-dc"], "gemeente")
True
>>> combinable(["lf-only", "non-utf8"], "gemeente")
False
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Sequence

from ..defects import CATALOGUE, Defect, DefectError, resolve
from ..defects import MASKING_PAIRS as _MASKING_PAIRS
from ..spec import TextForm, load_spec

#: Same-stage pairs the receiver cannot confirm together (the catalogue's own list; resolve refuses them).
MASKING_PAIRS = _MASKING_PAIRS

#: Never drawn unless asked for by id: 12,001 records take 0.6 s to build and confirm.
SLOW = frozenset({"too-many-records"})

#: Pseudo-id in a defect pool: valid files (no defect) may be drawn.
VALID = "valid"


def applicable(profile: str) -> list[Defect]:
    """Every defect of the catalogue for ``profile`` that fuzzing draws by default, in catalogue order: not the
    slow ones, and only those whose file is in the standard's character set, answered by a receiver that reads
    as the standard says (not a Windows-1252 file read as UTF-8, nor a UTF-8 one read by a receiver counting
    bytes, in JW321): a tool under test is the standard's receiver. Name the others with --defects."""
    return list(_applicable(profile, load_spec()))


@lru_cache(maxsize=16)
def _applicable(profile: str, spec: Any) -> tuple[Defect, ...]:  # every case of a corpus asks again
    return tuple(d for d in CATALOGUE.values() if d.applies_to(profile, spec) and d.id not in SLOW
                 and _as_the_standard_says(d, spec.standard))


def _as_the_standard_says(defect: Defect, standard: Any) -> bool:
    form = standard.encoding
    return ((defect.encoding is None or defect.encoding == form.encoding)
            and (defect.reading is None or TextForm.of(*defect.reading) == form))


def parse_pool(ids: Sequence[str] | None, profile: str) -> tuple[list[Defect], bool]:
    """The defects to draw from and whether valid files may be drawn.

    ``None``: every applicable defect and valid files. Otherwise the named ids
    (catalogue order, duplicates ignored); the pseudo-id ``valid`` allows valid files.
    """
    if ids is None:
        return applicable(profile), True
    wanted = list(dict.fromkeys(i.strip() for i in ids if i.strip()))
    if not wanted:
        raise DefectError("no defect ids given (name ids from `jwgen defects`, or 'valid')")
    allow_valid = VALID in wanted
    named = [i for i in wanted if i != VALID]
    for defect_id in named:
        resolve([defect_id], profile)  # unknown id or wrong profile: one clear line
    return [CATALOGUE[i] for i in in_catalogue_order(named)], allow_valid


def masks(a: str, b: str) -> bool:
    return frozenset((a, b)) in MASKING_PAIRS


def combinable(ids: Sequence[str], profile: str) -> bool:
    """True when the defects can share one file and each is still found by the receiver."""
    return _combinable(tuple(ids), profile)


@lru_cache(maxsize=4096)
def _combinable(ids: tuple[str, ...], profile: str) -> bool:
    try:
        defects = resolve(ids, profile)
    except DefectError:
        return False
    if len(defects) > 1 and any(d.history for d in defects):
        return False
    return not any(masks(a, b) for i, a in enumerate(ids) for b in ids[i + 1:])


def partners(chosen: Sequence[str], pool: Iterable[Defect], profile: str) -> list[Defect]:
    """Defects of ``pool`` that can join ``chosen`` (same stage, single file, not masking), pool order."""
    return [d for d in pool if d.id not in chosen and combinable([*chosen, d.id], profile)]


def in_catalogue_order(ids: Iterable[str]) -> list[str]:
    """Byte edits are applied in the order given; the catalogue order is the one known to compose
    (a line edit after ``lf-only`` would look for CR/LF that is gone)."""
    order = {defect_id: index for index, defect_id in enumerate(CATALOGUE)}
    return sorted(ids, key=order.__getitem__)


def make_combinable(ids: Sequence[str], profile: str) -> list[str]:
    """Keep the first id and every later one that still combines with those kept; catalogue order."""
    kept: list[str] = []
    for defect_id in ids:
        if defect_id not in kept and combinable([*kept, defect_id], profile):
            kept.append(defect_id)
    return in_catalogue_order(kept)
