"""A progress bar with rate and ETA for long runs, on stderr, only on a terminal.

``with progress("jwgen fuzz", "cases") as tick:`` gives a ``tick(done, total)`` callback.
When stderr is not a terminal (piped, redirected, CI) the callback does nothing and rich is
not even imported, so output that is read by programs stays exactly what it was.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Callable, Iterator

Tick = Callable[[int, int], None]


def _quiet(done: int, total: int) -> None:
    return None


def wanted() -> bool:
    """A terminal on stderr and no request for silence (NO_COLOR does not silence, JWGEN_NO_PROGRESS does)."""
    try:
        return sys.stderr.isatty() and not os.environ.get("JWGEN_NO_PROGRESS")
    except (AttributeError, ValueError):
        return False


@contextmanager
def progress(label: str, unit: str) -> Iterator[Tick]:
    if not wanted():
        yield _quiet
        return
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:  # noqa: ANN001 - rich's Task
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.0f} {unit}/s" if speed else f"- {unit}/s", style="progress.data.speed")

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(),
                   TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True)
    task = None

    def tick(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            task = bar.add_task(label, total=total)
        bar.update(task, completed=done, total=total)

    with bar:
        yield tick
