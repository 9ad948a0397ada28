"""Read the user's files; write a set of files into a folder atomically, never over what the user has.

The files are written into a temporary folder next to the target and renamed into
place at the end, so a failed run leaves no half set. An existing non-empty
folder (or an existing file) is only replaced with ``force=True``.

Inputs must be regular files (a FIFO would block forever, a device never end) and
are read up to a limit.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any, Mapping

from .errors import JwgenError, OutputExists


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dump_json(data: Any) -> bytes:
    """Stable JSON: keys in the order built, 2-space indent, UTF-8, newline at the end."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def check_target(out_dir: Path, force: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputExists(f"{out_dir} exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise OutputExists(f"{out_dir} is not empty; use --force to replace it")


def write_tree(out_dir: Path | str, files: Mapping[str, bytes], force: bool = False) -> list[Path]:
    """Write ``files`` (relative path -> bytes) as the whole content of ``out_dir``."""
    out_dir = Path(out_dir)
    check_target(out_dir, force)
    parent = out_dir.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise JwgenError(f"cannot create {parent}: {error.strerror}") from None
    staging = parent / f".{out_dir.name}.jwgen-partial-{os.getpid()}"
    backup = parent / f".{out_dir.name}.jwgen-old-{os.getpid()}"
    written = []
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for relative in sorted(files):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[relative])
            written.append(out_dir / relative)
        if out_dir.exists():
            out_dir.rename(backup)
        staging.rename(out_dir)
        shutil.rmtree(backup, ignore_errors=True)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        if backup.exists() and not out_dir.exists():
            backup.rename(out_dir)
        raise JwgenError(f"cannot write {out_dir}: {error.strerror or error}") from None
    return written


def write_file(path: Path | str, data: bytes, force: bool = False) -> None:
    """Write one file; refuse to replace an existing one without ``force``."""
    path = Path(path)
    if path.exists() and not force:
        raise OutputExists(f"{path} exists; use --force to replace it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.jwgen-partial")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as error:
        raise JwgenError(f"cannot write {path}: {error.strerror or error}") from None


def _describe(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_input(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of a regular file, at most ``limit`` (a longer file is cut there: callers that set a limit
    refuse anything longer than ``limit - 1``)."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise JwgenError(f"{path}: no such file") from None
    except OSError as error:
        raise JwgenError(f"{path}: {error.strerror or error}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise JwgenError(f"{path} is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise JwgenError(f"{path} is {_describe(mode)}, not a regular file; jwgen reads regular files only")
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read() if limit is None else handle.read(limit)
        except OSError as error:
            raise JwgenError(f"{path}: {error.strerror or error}") from None


def regular_file(path: Path | str | None) -> Path | None:
    """``path`` when it is a regular file others may open by name (a layout file, say), else one clear error."""
    if path is None:
        return None
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise JwgenError(f"{path}: no such file") from None
    except OSError as error:
        raise JwgenError(f"{path}: {error.strerror or error}") from None
    if stat.S_ISDIR(mode):
        raise JwgenError(f"{path} is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise JwgenError(f"{path} is {_describe(mode)}, not a regular file; jwgen reads regular files only")
    return path


def manifest_files(files: Mapping[str, bytes]) -> list[dict[str, Any]]:
    return [{"path": name, "sha256": sha256(files[name]), "bytes": len(files[name])} for name in sorted(files)]
