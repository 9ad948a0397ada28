"""Issue 12, point 5: inputs that are not regular files.

Inputs must be regular files (a FIFO would block forever, a device never end).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import minimal

PYTHON = sys.executable
CLI = [PYTHON, "-m", "jwgen.cli"]
FILE = minimal.file()


def _run(*args: str, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """The CLI in its own process, with a time-out: a FIFO that blocks must fail the test, not hang it."""
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)


def _refused(run: subprocess.CompletedProcess, *words: str) -> None:
    assert run.returncode == 2, (run.returncode, run.stderr)
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("jwgen: error: "), run.stderr
    assert "Traceback" not in run.stderr
    for word in words:
        assert word in run.stderr, run.stderr


@pytest.fixture
def jw321(tmp_path) -> Path:
    path = tmp_path / "in.JW321.txt"
    path.write_bytes(FILE)
    return path


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "a.fifo"
    os.mkfifo(path)
    return path


# -- inputs -------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["validate"], ["show"], ["compare", "{x}", "{x}"], ["scenario"],
                                     ["spec", "--layout"], ["show", "--layout", "{x}", "{ok}"]])
def test_a_fifo_as_input_is_refused_at_once(tmp_path, fifo, jw321, command):
    args = [part.replace("{x}", str(fifo)).replace("{ok}", str(jw321)) for part in command]
    if "{x}" not in " ".join(command):
        args.append(str(fifo))
    started = time.monotonic()
    run = _run(*args, timeout=30)
    _refused(run, "FIFO")
    assert time.monotonic() - started < 20


def test_a_scenario_named_like_a_fifo(tmp_path):
    path = tmp_path / "story.yaml"
    os.mkfifo(path)
    _refused(_run("scenario", str(path), "--out", str(tmp_path / "out"), timeout=30), "FIFO")


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_input_is_refused(path):
    _refused(_run("validate", path, timeout=30), "device")


def test_a_folder_as_input(tmp_path):
    _refused(_run("validate", str(tmp_path)), "folder")


def test_check_survives_a_tool_that_answers_with_a_fifo(tmp_path):
    corpus = tmp_path / "corpus"
    assert _run("fuzz", "--count", "2", "--out", str(corpus)).returncode == 0
    tool = f"{PYTHON} -c 'import os, sys; os.mkfifo(sys.argv[2])' {{jw321}} {{jw322}}"
    run = _run("check", "--cmd", tool, str(corpus), timeout=60)
    assert run.returncode == 1, run.stderr
    assert "not a file jwgen can read" in run.stdout and "Traceback" not in run.stderr
