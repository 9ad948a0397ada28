"""Issue 27, points 3 and 5: no exit 3 from ordinary input, and files jwgen must never touch.

A read-only file system refuses even the removal of what is not there (EROFS): the clean-up after the first
error must not raise a second one. A BER that is not text is refused in one line. ``--state`` never follows a
symbolic link; an output never replaces the input it answers; ``--force`` never removes a folder that holds
the current folder, an input, or anything jwgen did not write.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import minimal
from jwgen.cli import main

FILE = minimal.file()


def _one_line(capsys, *words: str) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("jwgen: error: ") and "Traceback" not in err, err
    for word in words:
        assert word in err, (word, err)
    return err


@pytest.fixture
def jw321(tmp_path) -> Path:
    path = tmp_path / "in.JW321.txt"
    path.write_bytes(FILE)
    return path


@pytest.fixture
def read_only(tmp_path, monkeypatch) -> Path:
    """A folder on a "read-only file system": every change under it fails with EROFS, as Linux does (unlink and
    mkdir too, also of a name that is not there)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    root = str(folder)

    def refuse(real):
        def call(path, *args, **kwargs):
            if os.fspath(path).startswith(root):
                if real is os.open and not (args[0] if args else kwargs.get("flags", 0)) & (os.O_WRONLY | os.O_RDWR):
                    return real(path, *args, **kwargs)
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))
            return real(path, *args, **kwargs)
        return call

    for name in ("open", "unlink", "mkdir", "rmdir", "rename", "replace"):
        monkeypatch.setattr(os, name, refuse(getattr(os, name)))
    return folder


@pytest.mark.parametrize("command", [["validate", "{jw321}", "--out", "{ro}/x.JW322.txt"],
                                     ["validate", "{jw321}", "--report", "{ro}/u.xlsx"],
                                     ["generate", "--out", "{ro}/g"],
                                     ["scenario", "credit-correction", "--out", "{ro}/s"]])
def test_a_read_only_file_system_is_one_line_and_exit_2(jw321, read_only, capsys, command):
    args = [a.replace("{jw321}", str(jw321)).replace("{ro}", str(read_only)) for a in command]
    assert main(args) == 2
    _one_line(capsys, "Read-only file system")


def test_spec_import_of_a_file_that_is_no_ber(tmp_path, capsys):
    for name, data in (("ber.txt", b"\x9d\n"), ("ber2.txt", b"\xff\xfe\x00"), ("empty.txt", b"")):
        path = tmp_path / name
        path.write_bytes(data)
        assert main(["spec", "import", str(path), "--out", str(tmp_path / "out.json")]) == 2
        _one_line(capsys, name)
