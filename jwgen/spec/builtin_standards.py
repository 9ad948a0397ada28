"""The built-in standards made from a BER alone, by the path of ``jwgen standard add`` (``jwgen standard rebuild``).

Which they are is data: ``jwgen/spec/sources/standards.json`` lists each one's name, the BER of its declaration,
the BER of its retour where there is one, and its message's name where the BER names none (the GGZ DBC text
exports), and every source's sha256 and origin. :func:`folder_files` is what ``jwgen standard rebuild`` writes
for one of them: the very bytes ``jwgen standard add`` writes for the same BERs and options, so a test can hold the
shipped folders equal to both. JW321 and GZ321 are not listed: their layouts are made by ``jwgen spec derive``.

>>> [entry.name for entry in listed()][:3]
['MZ301', 'AP304', 'EP301']
>>> listed()[0].options()
['--retour', 'MZ302V0103.xls']
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

from ._layout import SpecError
from .ber import SOURCES, Ber, read_ber

LIST = SOURCES / "standards.json"


@dataclass(frozen=True)
class Listed:
    """One built-in standard made from a BER: what ``jwgen standard add`` is given to make it."""

    name: str
    ber: str  # a file in jwgen/spec/sources
    retour: str | None = None
    message: str | None = None  # the declaration message's name, where the BER names none
    why: str = ""  # why this name, where the BER does not give it

    def options(self) -> list[str]:
        """The options of ``jwgen standard add BER`` that make it (besides --name and --out)."""
        return [*(["--retour", self.retour] if self.retour else []), *(["--message", self.message]
                                                                       if self.message else [])]


@lru_cache(maxsize=1)
def _data() -> dict:
    try:
        return json.loads(LIST.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SpecError(f"the list of built-in standards {LIST} is not readable: {error}") from None


def listed() -> tuple[Listed, ...]:
    """The built-in standards made from a BER, in the list's order."""
    return tuple(Listed(**entry) for entry in _data()["standards"])


def source(name: str) -> Ber:
    """A vendored BER, read after its sha256 is checked against the list."""
    expected = _data()["sources"].get(name, {}).get("sha256")
    data = (SOURCES / name).read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise SpecError(f"source {name} has sha256 {actual}, jwgen/spec/sources/standards.json expects {expected}")
    return read_ber(SOURCES / name, data)


def folder_files(entry: Listed) -> dict[str, bytes]:
    """The files of the standard's folder, as ``jwgen standard add`` writes them (manifest.json included)."""
    from .new_standard import build, file_bytes

    retour = source(entry.retour) if entry.retour else None
    return file_bytes(build(source(entry.ber), retour, entry.name, entry.message))
