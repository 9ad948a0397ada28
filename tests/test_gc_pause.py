"""The collector pause: nested, across threads, on errors, and leaving a disabled collector disabled."""
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


def test_one_thread_ending_its_pause_does_not_end_another_threads():
    inside, release, seen = threading.Event(), threading.Event(), []

    def other() -> None:
        with paused_gc():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(10)
    with paused_gc():
        pass
    seen.append(gc.isenabled())  # the other thread's pause is still open
    release.set()
    thread.join(10)
    assert seen == [False] and gc.isenabled()


def test_a_decorated_function_runs_paused():
    @paused_gc()
    def work() -> bool:
        return gc.isenabled()

    assert work() is False and gc.isenabled()
