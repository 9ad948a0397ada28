"""One line that says what a file is when a command was given the wrong kind of file, and what to run instead.

A JW322 given to ``validate``, an empty file, a JW321 given to ``compare``: each is refused (exit 2) with a
line that names the file's message and the command that reads it. The line goes through the CLI's error
printer, which escapes whatever the path holds.
"""
from __future__ import annotations

from pathlib import Path

from ..spec import load_spec, message_of


def not_a_declaration(path: Path, data: bytes) -> str | None:
    """Why ``validate`` cannot answer ``data`` when it is empty or an answer; None otherwise."""
    if not data:
        return (f"{path} is empty (0 bytes): there is no declaration to answer, and a file without a "
                f"voorlooprecord gets no {load_spec().retour.name} (STB 6.8.1)")
    found = message_of(data)
    if found is None or not found[2]:
        return None
    retour = found[1].name
    return (f"{path} is a {retour} (an answer: retourinformatie), not a declaration to validate: read it with "
            f"`jwgen show {path}`, or compare it with the expected answer: `jwgen compare EXPECTED {path}`")


def not_an_answer(role: str, path: Path, data: bytes) -> str | None:
    """Why ``compare`` cannot read ``data`` as its ``role`` (EXPECTED, ACTUAL) when it is a declaration."""
    found = message_of(data) if data else None
    if found is None or found[2]:
        return None
    standard, declaration, _ = found
    retour = load_spec(standard=standard).retour.name
    return (f"{role} {path} is a {declaration.name} (a declaration), not a {retour} answer: compare takes two "
            f"answers; the expected one to this file is made with `jwgen validate {path} --out "
            f"expected.{retour}.txt`")
