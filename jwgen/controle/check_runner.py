"""One record type's checks in this file, written out as one function: the receiver's hot path.

The receiver decides once per file and record type which checks can find anything (the role's rules in
the order of rules.json, without those whose gate holds nowhere in the file) and hands them here as
``(field checker, ((check, gate or None), ...))``. :func:`runner` writes them out as straight-line code,
each check called in turn and its gate tested in front of it, so a record costs one call and no loop over
the checks. The findings and their order are those of calling the checks one by one
(tests/test_receiver_fast_path.py holds the receiver to the plain way on every defect of the catalogue).

>>> def none(ctx, record, group): return ()
>>> def one(ctx, record, group): return ["found"]
>>> run = runner(lambda ctx, record: [], ((none, None), (one, lambda ctx, record, group: record == "x")))
>>> run(None, "x", None), run(None, "y", None)
(['found'], [])
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

Check = Callable[[Any, Any, Any], Any]


@lru_cache(maxsize=1024)
def runner(fields: Callable[[Any, Any], list], checks: tuple[tuple[Check, Check | None], ...]) -> Check:
    """``run(ctx, record, group)`` -> the record's findings: the field checks', then each check's in turn."""
    namespace: dict[str, Any] = {"fields": fields}
    body = ["def run(ctx, record, group):", "    found = fields(ctx, record)"]
    for n, (check, when) in enumerate(checks):
        namespace[f"check{n}"] = check
        indent = "    "
        if when is not None:
            namespace[f"when{n}"] = when
            body.append(f"    if when{n}(ctx, record, group):")
            indent = "        "
        body += [f"{indent}more = check{n}(ctx, record, group)", f"{indent}if more:", f"{indent}    found.extend(more)"]
    body.append("    return found")
    exec(compile("\n".join(body), "<jwgen record checks>", "exec"), namespace)
    return namespace["run"]
