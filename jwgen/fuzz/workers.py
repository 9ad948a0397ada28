"""A corpus's cases built by several processes: this one and ``jobs - 1`` worker processes.

Every process takes the next chunk of seeds from one shared counter until none is left, so this
process builds from the first moment while a worker is still starting (a forked worker starts at once, a
spawned one imports jwgen and loads the spec first), and a slow chunk never leaves the others idle. A case is a
function of its seed, so the cases are the same whoever builds them; they come back in seed order.
"""
from __future__ import annotations

import multiprocessing
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Sequence

from ..errors import JwgenError
from ..spec import active_layout, load_spec, use_layout
from .one_case import placed_case

#: Seeds a process takes at a time: small enough to share the tail of the work, large enough to keep the
#: counter's lock out of the way.
CHUNK = 8

_counter: Any = None  # in a worker: the shared chunk counter (set by _worker_start)

#: None: fork on Linux when this process runs one thread, else spawn (see start_method).
START_METHOD: str | None = None


def start_method() -> str:
    """How workers start. Fork on Linux, from a process of one thread: a worker begins warm, with jwgen
    imported, the spec loaded, Faker and the templates ready, instead of paying about 0.7 s to import and load
    them again in a corpus that takes 2-3 s. Spawn anywhere else (macOS and Windows, or a process with
    threads, which fork could deadlock). The cases are functions of their seeds, so the bytes are the same
    either way (tests/test_fuzz.py)."""
    if START_METHOD is not None:
        return START_METHOD
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods() \
            and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _next_chunk(counter: Any) -> int:
    with counter.get_lock():
        chunk = counter.value
        counter.value += 1
    return chunk


def _drain(counter: Any, seeds: Sequence[int], profile: str, pool: tuple[str, ...] | None,
           sections: bool, into: str | None, encoding: str | None = None) -> list[tuple[int, Any]]:
    """(position, case) of every chunk this process takes, until the seeds run out; ``into``: the staged corpus
    folder each case is written into by this process (``one_case.placed_case``)."""
    spec, made = load_spec(), set()
    built = []
    while True:
        start = _next_chunk(counter) * CHUNK
        if start >= len(seeds):
            return built
        for position in range(start, min(start + CHUNK, len(seeds))):
            built.append((position, placed_case(seeds, position, profile, pool, spec, sections, into, made,
                                                encoding)))


def _worker_start(layout: str | None, standard: str | None, counter: Any) -> None:
    global _counter
    use_layout(layout, standard)  # a spawned worker starts fresh: give it the parent's --layout and --standard
    _counter = counter


def _worker_drain(seeds: Sequence[int], profile: str, pool: tuple[str, ...] | None,
                  sections: bool, into: str | None, encoding: str | None = None) -> list[tuple[int, Any]]:
    """Worker entry point (top level, so spawned processes can import it)."""
    return _drain(_counter, seeds, profile, pool, sections, into, encoding)


def build_in_parallel(seeds: Sequence[int], profile: str, pool: tuple[str, ...] | None, jobs: int,
                      sections: bool = False, into: str | None = None, encoding: str | None = None) -> list[Any]:
    """The cases of ``seeds`` in seed order, built by this process and ``jobs - 1`` workers (``sections``:
    each with its sections of the corpus's views, see ``one_case.built_case``; ``into``: each written into that
    staged folder by the process that built it, see ``one_case.placed_case``).

    A worker that cannot start (its interpreter cannot import the caller's ``__main__``, say) leaves its
    chunks to this process; one that stops after taking a chunk is one clear error, never a hang."""
    context = multiprocessing.get_context(start_method())
    counter = context.Value("i", 0)
    helpers = min(jobs, len(seeds)) - 1
    with ProcessPoolExecutor(helpers, mp_context=context, initializer=_worker_start,
                             initargs=(*active_layout(), counter)) as workers:
        pending = [workers.submit(_worker_drain, list(seeds), profile, pool, sections, into, encoding)
                   for _ in range(helpers)]
        try:
            built = _drain(counter, seeds, profile, pool, sections, into, encoding)
        except BaseException:  # a case this process could not build or write: the workers take no more chunks
            with counter.get_lock():
                counter.value = len(seeds)
            raise
        if len(built) < len(seeds):  # the workers took chunks: their cases are needed
            for result in pending:
                try:
                    built += result.result()
                except BrokenProcessPool:
                    raise JwgenError("a worker process of --jobs stopped before it finished its cases; "
                                     "run again with --jobs 1") from None
        workers.shutdown(wait=True, cancel_futures=True)
    built.sort(key=lambda item: item[0])
    return [case for _, case in built]
