"""Case seeds: derived from (corpus seed, index) with SHA-256, so they are the same on every machine.

>>> case_seed(0, 0) == case_seed(0, 0), case_seed(0, 0) != case_seed(0, 1)
(True, True)
>>> 0 <= case_seed(7, 3) < 2 ** 48
True
"""
from __future__ import annotations

import hashlib

#: Case seeds have 48 bits: at most 15 digits in a folder name, no collisions in practice.
SEED_BITS = 48


def case_seed(corpus_seed: int, index: int) -> int:
    digest = hashlib.sha256(f"jwgen-fuzz:{corpus_seed}:{index}".encode("ascii")).digest()
    return int.from_bytes(digest[:SEED_BITS // 8], "big")


def folder(seed: int) -> str:
    """The folder of a case in a corpus: ``case-<seed>``."""
    return f"case-{seed}"
