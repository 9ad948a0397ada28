"""Pause Python's cyclic garbage collector while a whole file's objects are built.

Reading, receiving or generating a file of 12,000 records makes some hundred thousand objects that all live
until the work is done; records, nodes and their dicts are not in reference cycles. The collector does not
know that: every 700 new objects it walks the young ones, and now and then all of them, finding nothing
(10-17 % of a 12k read, measured on this VM). Inside ``paused_gc()`` it does not run; reference counting
frees everything as before, and the collector runs again, as usual, once the outermost pause ends, and then
collects whatever did form a cycle.

>>> import gc
>>> with paused_gc():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_depth = 0  # pauses open in the main thread
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the collector for the block, in the main thread only. Elsewhere (``jwgen check --jobs`` compares
    answers on a thread pool, a server may receive on many threads) it does nothing: pauses of overlapping
    threads could keep the collector off for as long as the threads run."""
    global _depth, _was_enabled
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if _depth == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _was_enabled:
            gc.enable()
