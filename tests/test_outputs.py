"""Issue 12, points 5 and 6: inputs and outputs that are not regular files, and leftovers.

Inputs must be regular files (a FIFO would block forever); outputs replace only
regular files and folders, never a symlink, FIFO or device, even with --force.
No ``*.jwgen-partial*`` survives a failure, and the next run in the same folder
removes those a killed run left (its PID no longer runs).
"""
from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minimal
from jwgen.output import clean_stale, write_tree

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


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if ".jwgen-partial" in p.name or ".jwgen-old" in p.name)


def _dead_pid() -> int:
    child = subprocess.Popen([PYTHON, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "a.fifo"
    os.mkfifo(path)
    return path


def _device(tmp_path) -> Path:
    path = tmp_path / "null-device"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    except PermissionError:
        pytest.skip("creating a device node needs root")
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


# -- outputs ------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["fifo", "device", "symlink", "dangling-symlink", "folder"])
def test_validate_out_is_never_replaced_unless_a_regular_file(tmp_path, jw321, kind):
    target, kept = tmp_path / "target.txt", b"the user's file\n"
    target.write_bytes(kept)
    out = tmp_path / "out.JW322.txt"
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "device":
        out = _device(tmp_path)
    elif kind == "symlink":
        out.symlink_to(target)
    elif kind == "dangling-symlink":
        out.symlink_to(tmp_path / "nowhere")
    else:
        out.mkdir()
    before = os.lstat(out)
    run = _run("validate", str(jw321), "--out", str(out), "--force", timeout=30)
    _refused(run, {"fifo": "FIFO", "device": "device", "symlink": "symbolic link",
                   "dangling-symlink": "symbolic link", "folder": "folder"}[kind])
    after = os.lstat(out)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert target.read_bytes() == kept
    assert _leftovers(tmp_path) == []


def test_validate_out_replaces_a_regular_file_with_force(tmp_path, jw321):
    out = tmp_path / "out.JW322.txt"
    out.write_bytes(b"old")
    _refused(_run("validate", str(jw321), "--out", str(out)), "exists")
    assert out.read_bytes() == b"old"
    assert _run("validate", str(jw321), "--out", str(out), "--force").returncode == 0
    assert out.read_bytes().startswith(b"01")
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["fifo", "symlink-to-folder", "file"])
@pytest.mark.parametrize("command", [["generate"], ["scenario", "credit-correction"], ["fuzz", "--count", "1"]])
def test_folder_outputs_are_never_a_fifo_link_or_file(tmp_path, kind, command):
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "file":
        out.write_text("a file")
    else:
        out.symlink_to(elsewhere)
    _refused(_run(*command, "--out", str(out), "--force"), "not a folder")
    assert (elsewhere / "keep.txt").read_text() == "keep" and sorted(os.listdir(elsewhere)) == ["keep.txt"]
    assert _leftovers(tmp_path) == []


def test_junit_to_a_fifo_is_refused_before_any_case_runs(tmp_path, fifo):
    corpus = tmp_path / "corpus"
    assert _run("fuzz", "--count", "1", "--out", str(corpus)).returncode == 0
    run = _run("check", "--cmd", f"{PYTHON} -c pass {{jw321}} {{jw322}}", "--junit", str(fifo), "--force",
               str(corpus), timeout=30)
    _refused(run, "FIFO")


def test_check_survives_a_tool_that_answers_with_a_fifo(tmp_path):
    corpus = tmp_path / "corpus"
    assert _run("fuzz", "--count", "2", "--out", str(corpus)).returncode == 0
    tool = f"{PYTHON} -c 'import os, sys; os.mkfifo(sys.argv[2])' {{jw321}} {{jw322}}"
    run = _run("check", "--cmd", tool, str(corpus), timeout=60)
    assert run.returncode == 1, run.stderr
    assert "not a file jwgen can read" in run.stdout and "Traceback" not in run.stderr


# -- leftovers ----------------------------------------------------------------------------------

def test_validate_out_existing_folder_with_force_leaves_nothing(tmp_path, jw321):
    folder = tmp_path / "adir"
    folder.mkdir()
    _refused(_run("validate", str(jw321), "--out", str(folder), "--force"), "folder")
    assert _leftovers(tmp_path) == [] and folder.is_dir()


@pytest.mark.parametrize("command", [["generate"], ["scenario", "credit-correction"], ["validate", "{jw321}"]])
def test_a_full_disk_leaves_no_partial(tmp_path, jw321, command):
    out = tmp_path / ("out.JW322.txt" if command[0] == "validate" else "out")
    args = [a.replace("{jw321}", str(jw321)) for a in command]
    script = ("import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (300, 300)); "
              "from jwgen.cli import main; sys.exit(main(sys.argv[1:]))")
    run = subprocess.run([PYTHON, "-c", script, *args, "--out", str(out)], capture_output=True, text=True,
                         timeout=120)
    _refused(run)
    assert not os.path.lexists(out) and _leftovers(tmp_path) == []


def test_stale_temporaries_of_dead_runs_are_removed_by_the_next_run(tmp_path):
    dead, alive = _dead_pid(), os.getpid()
    stale_dir = tmp_path / f".D.jwgen-partial-{dead}"
    (stale_dir / "case-1").mkdir(parents=True)
    (stale_dir / "case-1" / "x.JW321.txt").write_bytes(FILE)
    stale_file = tmp_path / f".o.jw322.jwgen-partial-{dead}"
    stale_file.write_bytes(b"half")
    running = tmp_path / f".E.jwgen-partial-{alive}"  # a run still going: not touched
    running.mkdir()
    unrelated = tmp_path / ".D.jwgen-partial-notapid"
    unrelated.write_text("not ours")
    run = _run("generate", "--out", str(tmp_path / "D"))
    assert run.returncode == 0, run.stderr
    assert not stale_dir.exists() and not stale_file.exists()
    assert running.is_dir() and unrelated.exists()
    assert (tmp_path / "D" / "manifest.json").is_file()


def test_a_folder_moved_aside_by_a_killed_force_run_comes_back(tmp_path):
    dead = _dead_pid()
    backup = tmp_path / f".D.jwgen-old-{dead}"
    backup.mkdir()
    (backup / "mine.txt").write_text("the user's")
    assert clean_stale(tmp_path) == [backup]
    assert (tmp_path / "D" / "mine.txt").read_text() == "the user's"
    # Without --force the restored folder is not replaced.
    with pytest.raises(Exception, match="not empty"):
        write_tree(tmp_path / "D", {"a.txt": b"new"})
    assert (tmp_path / "D" / "mine.txt").read_text() == "the user's"


def test_kill_9_mid_run_then_run_again_leaves_nothing(tmp_path):
    """Kill `jwgen scenario max-size` with SIGKILL while it writes its staging folder; the next run in the
    same parent folder removes what it left."""
    out = tmp_path / "D"
    caught = 0
    for attempt in range(10):
        process = subprocess.Popen([*CLI, "scenario", "max-size", "--out", str(out), "--force"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            if any(".jwgen-partial" in name for name in os.listdir(tmp_path)):
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.0005)
        process.wait(timeout=60)
        if process.returncode == -signal.SIGKILL and _leftovers(tmp_path):
            caught += 1
            break
    assert caught, "no run was killed while its staging folder existed"
    run = _run("scenario", "max-size", "--out", str(out), "--force", timeout=120)
    assert run.returncode == 0, run.stderr
    assert _leftovers(tmp_path) == []
    assert (out / "manifest.json").is_file()


_JSON_LEAVES = (st.none() | st.booleans() | st.integers() | st.floats() | st.text()
                | st.sampled_from([10 ** 30, -0.0, 1e16, float("nan"), float("inf"), "\u2028", "\x00\"\\"]))
_JSON = st.recursive(_JSON_LEAVES, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                     | st.dictionaries(st.text(max_size=5) | st.integers(-3, 3), inner, max_size=4), max_leaves=25)


@given(_JSON)
@settings(max_examples=300)
def test_jwgens_json_text_is_the_standard_librarys(data):
    """json_text.dumps writes what json.dumps(indent=2, ensure_ascii=False) writes, for every document, those it
    hands to json.dumps included (non-string keys, NaN and infinity)."""
    from jwgen import json_text

    assert json_text.dumps(data) == json.dumps(data, indent=2, ensure_ascii=False)


def test_json_text_hands_what_it_does_not_write_itself_to_the_standard_library():
    from jwgen import json_text

    class Number(int):
        pass

    for odd in ({"a": Number(3)}, {"b": float("nan")}, {2: "x"}, [{"c": (1, [])}]):
        assert json_text.dumps(odd) == json.dumps(odd, indent=2, ensure_ascii=False)
