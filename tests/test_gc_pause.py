"""The collector pause: nested, main thread only, on errors, and leaving a disabled collector disabled."""
from __future__ import annotations

import gc
import threading

import pytest

from jwgen.gc_pause import paused_gc


def test_nested_pauses_end_with_the_outermost():
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_ends_the_pause():
    with pytest.raises(ValueError):
        with paused_gc():
            raise ValueError
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_pause_in_another_thread_does_nothing():
    """Pauses of overlapping threads could keep the collector off for as long as they run: only the main
    thread pauses it."""
    seen = []

    def other() -> None:
        with paused_gc():
            seen.append(gc.isenabled())

    thread = threading.Thread(target=other)
    thread.start()
    thread.join(10)
    assert seen == [True] and gc.isenabled()


def test_a_decorated_function_runs_paused():
    @paused_gc()
    def work() -> bool:
        return gc.isenabled()

    assert work() is False and gc.isenabled()
