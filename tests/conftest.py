"""What every test gets: the built-in standard chosen again after it (``main([..., "--standard", "GZ321"])``
chooses GZ321 for the rest of the process, and under ``pytest -n auto`` a worker runs tests in any order)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from jwgen.spec import use_layout

# Speed is measured by benchmarks/floor.py, never asserted in a test: no hypothesis deadline (a loaded machine or a
# parallel worker made one example of test_roundtrip take 415 ms, over the default 200 ms).
settings.register_profile("jwgen", deadline=None)
settings.load_profile("jwgen")


@pytest.fixture(scope="session")
def _no_user_standards(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("no-user-standards")


@pytest.fixture(autouse=True)
def _builtin_standard_after_each_test(monkeypatch, _no_user_standards):
    """... and no user standards but those a test makes ($JWGEN_STANDARDS: an empty folder)."""
    monkeypatch.setenv("JWGEN_STANDARDS", str(_no_user_standards))
    yield
    use_layout(None, None)


@pytest.fixture
def jw321(tmp_path) -> Path:
    """The minimal JW321 (tests/minimal.py) as a file of its own."""
    import minimal

    path = tmp_path / "in.JW321.txt"
    path.write_bytes(minimal.file())
    return path
