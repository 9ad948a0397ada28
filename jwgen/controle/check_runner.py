"""One record type's checks in this file, written out as one function: the receiver's hot path.

The receiver decides once per file and record type which checks can find anything (the role's rules in
the order of rules.json, without those whose gate holds nowhere in the file, such as credit rules in a file
without credits, and without those whose screen lets no line of the file through) and hands them here as
``(field checker, ((check, gate or None, screen or None), ...))``. :func:`runner` writes them out as
straight-line code, each check called in turn with its screen and its gate tested in front of it: a screened
check runs only on the lines its screen let through for this file (``ctx.screened[screen]``), so one runner
serves every file. A record costs one call and no loop over the checks. The findings and their order are
those of calling the checks one by one (tests/test_receiver_fast_path.py holds the receiver to the plain
way on every defect of the catalogue).

>>> from types import SimpleNamespace
>>> def none(ctx, record, group): return ()
>>> def one(ctx, record, group): return ["found"]
>>> early = lambda ctx, record, group: record.number < 3
>>> run = runner(lambda ctx, record: [], ((none, None, None), (one, early, None)))
>>> run(None, SimpleNamespace(number=2), None), run(None, SimpleNamespace(number=5), None)
(['found'], [])
>>> screened = runner(lambda ctx, record: [], ((one, None, "lines"),))
>>> ctx = SimpleNamespace(screened={"lines": frozenset({2})})
>>> screened(ctx, SimpleNamespace(number=2), None), screened(ctx, SimpleNamespace(number=5), None)
(['found'], [])
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

Check = Callable[[Any, Any, Any], Any]


@lru_cache(maxsize=1024)
def runner(fields: Callable[[Any, Any], list], checks: tuple[tuple[Check, Check | None, Any], ...]) -> Check:
    """``run(ctx, record, group)`` -> the record's findings: the field checks', then each check's in turn."""
    namespace: dict[str, Any] = {"fields": fields}
    body = ["def run(ctx, record, group):", "    found = fields(ctx, record)"]
    for n, (check, when, screen) in enumerate(checks):
        namespace[f"check{n}"] = check
        tests = []
        if screen is not None:
            namespace[f"screen{n}"] = screen
            tests.append(f"record.number in ctx.screened[screen{n}]")
        if when is not None:
            namespace[f"when{n}"] = when
            tests.append(f"when{n}(ctx, record, group)")
        indent = "    "
        if tests:
            body.append(f"    if {' and '.join(tests)}:")
            indent = "        "
        body += [f"{indent}more = check{n}(ctx, record, group)", f"{indent}if more:", f"{indent}    found.extend(more)"]
    body.append("    return found")
    exec(compile("\n".join(body), "<jwgen record checks>", "exec"), namespace)
    return namespace["run"]
