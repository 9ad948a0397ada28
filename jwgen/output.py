"""Read the user's files and write outputs atomically, never over what the user has.

Outputs are written under a temporary name next to the target (a folder
``.NAME.jwgen-partial-PID``, a file ``.NAME.jwgen-partial-PID``) and renamed into
place at the end, so a failed run leaves no half set; on failure the temporary is
removed. A run that was killed cannot remove its own: every write first removes
the temporaries of jwgen runs that no longer run (their PID is in the name) from
the same parent folder, and puts back a folder that a killed ``--force`` had moved
aside (``.NAME.jwgen-old-PID``) when nothing took its place.

Only regular files and folders are replaced, and only with ``force=True``; a
symbolic link, FIFO, socket or device at the target is refused even then, and so is
a folder that holds the current folder, an output that is or holds an input of the
run, and a folder jwgen did not write (no jwgen manifest, or anything in it the
manifest does not name: :func:`check_target`). Inputs must be regular files (a FIFO
would block forever, a device never end) and are read up to a limit.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
from pathlib import Path
from typing import Any, Iterable, Mapping

from . import json_text
from .errors import JwgenError, OutputExists

_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.jwgen-(?P<kind>partial|old)-(?P<pid>[0-9]+)$")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dump_json(data: Any) -> bytes:
    """Stable JSON: keys in the order built, 2-space indent, UTF-8, newline at the end."""
    return (json_text.dumps(data) + "\n").encode("utf-8")


def _temporary(target: Path, kind: str) -> Path:
    return target.parent / f".{target.name}.jwgen-{kind}-{os.getpid()}"


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OverflowError:
        return False
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def _tidy(*steps: Any) -> None:
    """Clean-up after a failure, as far as it goes: a step that fails too (a read-only or failing file system
    refuses even the removal of what is not there: EROFS) is left, so the first error is the one reported;
    what stays behind is a temporary of a finished run, which the next run's :func:`clean_stale` removes or
    puts back."""
    for step in steps:
        try:
            step()
        except OSError:
            pass


def clean_stale(folder: Path) -> list[Path]:
    """Remove what killed jwgen runs left in ``folder``; returns what was removed or put back."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    done = []
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match is None or _running(int(match["pid"])):
            continue
        path = Path(entry.path)
        target = path.parent / match["name"]
        try:
            if match["kind"] == "old" and not os.path.lexists(target):
                path.rename(target)  # a --force replacement killed halfway: the user's folder comes back
            else:
                _remove(path)
        except OSError:
            continue  # not ours to fix (permissions): leave it
        done.append(path)
    return done


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


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise JwgenError(f"{path}: {error.strerror or error}") from None


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def refuse_inputs(output: Path | str, inputs: Iterable[Path | str | None]) -> None:
    """An output that is an input of the same run (``validate F --out F``), or a folder that holds one, is refused
    (by real path, and as the same file under another name)."""
    out = os.path.realpath(output)
    for given in inputs:
        if given is None:
            continue
        source = os.path.realpath(given)
        same = _inside(source, out)
        if not same and os.path.exists(out) and os.path.exists(source):
            try:
                same = os.path.samefile(out, source)
            except OSError:
                pass
        if same:
            what = "is" if source == out or not os.path.isdir(out) else "holds"
            raise OutputExists(f"{output} {what} the input {given}; jwgen never writes over what it reads")


#: A folder jwgen wrote has its manifest at the top: ``manifest.json`` (generate, scenario) or ``index.json`` (a
#: fuzz corpus), a JSON object with ``"tool": "jwgen"``. Beside what the manifest names, a set holds its views.
MANIFESTS = ("manifest.json", "index.json")
_VIEWS = re.compile(r"^(README\.md|index\.html|manifest\.json|index\.json|case\.json|uitval\.xlsx|"
                    r".+\.uitval\.(xlsx|csv))$")


def _strings(path: Path, tool: bool) -> set[str] | None:
    """Every text of the JSON object in ``path`` (file and folder names among them); None when there is none, or
    (``tool``) when it is not jwgen's (``"tool": "jwgen"``)."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or (tool and data.get("tool") != "jwgen"):
        return None
    names: set[str] = set()
    todo: list[Any] = [data]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            todo += item.values()
        elif isinstance(item, list):
            todo += item
        elif isinstance(item, str):
            names.add(item)
    return names


def _foreign(folder: Path) -> str | None:
    """What in ``folder`` jwgen did not write, or None when it is all jwgen's: the folder has jwgen's manifest, and
    every file and folder below it is named by the manifest (by its path or its name; a fuzz case's files by its
    ``case.json``) or is one of the views a set holds (README.md, index.html, the uitval reports); no link, FIFO or
    device."""
    names = next((found for name in MANIFESTS if (found := _strings(folder / name, tool=True)) is not None), None)
    if names is None:
        return f"no jwgen manifest ({' or '.join(MANIFESTS)} with \"tool\": \"jwgen\")"
    todo = [folder]
    while todo:
        current = todo.pop()
        case: set[str] | None = None  # the folder's case.json, read at the first name the manifest lacks
        with os.scandir(current) as entries:
            for entry in entries:
                relative = os.path.relpath(entry.path, folder)
                if entry.is_dir(follow_symlinks=False):
                    if relative not in names and entry.name not in names:
                        return f"a folder {relative}"
                    todo.append(Path(entry.path))
                    continue
                if not entry.is_file(follow_symlinks=False):
                    return f"{relative}, {_describe(entry.stat(follow_symlinks=False).st_mode)}"
                if relative in names or entry.name in names or _VIEWS.match(entry.name):
                    continue
                if case is None:
                    case = _strings(Path(current) / "case.json", tool=False) or set()
                if entry.name not in case:
                    return f"a file {relative}"
    return None


def check_target(out_dir: Path, force: bool, inputs: Iterable[Path | str | None] = ()) -> None:
    """A folder output: absent, empty, or (with ``force``) a folder jwgen wrote, to replace. Never one that holds
    the current folder or an input of the run (``inputs``), nor (``force``) one with anything jwgen did not write
    (:func:`_foreign`)."""
    found = _lstat(Path(out_dir))
    if found is None:
        return
    if not stat.S_ISDIR(found.st_mode):
        what = "a file" if stat.S_ISREG(found.st_mode) else _describe(found.st_mode)
        raise OutputExists(f"{out_dir} exists and is {what}, not a folder; jwgen only replaces folders it can "
                           "remove safely")
    try:
        here = os.getcwd()
    except OSError:
        here = None
    if here is not None and _inside(os.path.realpath(here), os.path.realpath(out_dir)):
        raise OutputExists(f"{out_dir} holds the current folder; jwgen never replaces a folder you are in")
    refuse_inputs(out_dir, inputs)
    try:
        empty = not any(Path(out_dir).iterdir())
        foreign = None if empty or not force else _foreign(Path(out_dir))
    except OSError as error:
        raise JwgenError(f"{out_dir}: {error.strerror or error}") from None
    if not empty and not force:
        raise OutputExists(f"{out_dir} is not empty; use --force to replace it")
    if foreign is not None:
        raise OutputExists(f"{out_dir} is not a folder jwgen wrote ({foreign}); --force replaces only jwgen's own "
                           "output: give a new folder or remove it yourself")


def check_file_target(path: Path, force: bool, inputs: Iterable[Path | str | None] = ()) -> None:
    """A file output: absent, or (with ``force``) a regular file to replace; never an input of the run."""
    found = _lstat(Path(path))
    if found is None:
        return
    refuse_inputs(path, inputs)
    if stat.S_ISDIR(found.st_mode):
        raise OutputExists(f"{path} is a folder; give a file name")
    if not stat.S_ISREG(found.st_mode):
        raise OutputExists(f"{path} is {_describe(found.st_mode)}; jwgen only replaces regular files, "
                           "even with --force")
    if not force:
        raise OutputExists(f"{path} exists; use --force to replace it")


def _parent(target: Path) -> Path:
    """Create the parent folder of an absolute target and clear it of stale temporaries."""
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise JwgenError(f"cannot create {parent}: {error.strerror or error}") from None
    clean_stale(parent)
    return parent


def _write_all(path: Path, data: bytes, flags: int) -> None:
    """One open, as few writes as the kernel allows, one close (no buffered file object)."""
    fd = os.open(path, flags, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def write_into(root: Path | str, relative: str, data: bytes, made: set[str]) -> None:
    """Write one file of a staged tree (``root`` is :attr:`StagedTree.folder`), creating its folder once:
    ``made`` holds the folders this process has made. A fuzz worker writes its own cases with it."""
    path = os.path.join(root, relative)
    parent = os.path.dirname(path)
    if parent not in made:  # each folder once, not one mkdir call per file
        os.makedirs(parent, exist_ok=True)
        made.add(parent)
    _write_all(Path(path), data, _WRITE_FLAGS)


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


class StagedTree:
    """A folder's whole new content, written beside it (``.NAME.jwgen-partial-PID``) and put in its place by
    :meth:`publish`, at once; :meth:`discard` (or leaving the ``with`` block by an error) removes it. Files may
    be written by other processes too (:func:`write_into` on :attr:`folder`), as long as they are done before
    :meth:`publish`."""

    def __init__(self, out_dir: Path | str, force: bool = False) -> None:
        self.out_dir, self.force = Path(out_dir), force
        self.target = Path(os.path.abspath(self.out_dir))
        _parent(self.target)  # first: a folder a killed run had moved aside is back before it is judged
        check_target(self.out_dir, force)
        self.folder = _temporary(self.target, "partial")
        self._backup = _temporary(self.target, "old")
        self._made: set[str] = set()
        try:
            _remove(self.folder)
            self.folder.mkdir()
        except OSError as error:
            self._fail(error)
        self._made.add(str(self.folder))

    def __enter__(self) -> "StagedTree":
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if kind is not None:
            self.discard()

    def _fail(self, error: OSError) -> None:
        self.discard()
        raise JwgenError(f"cannot write {self.out_dir}: {error.strerror or error}") from None

    def write(self, relative: str, data: bytes) -> None:
        try:
            write_into(self.folder, relative, data, self._made)
        except OSError as error:
            self._fail(error)

    def publish(self) -> None:
        """The staged folder becomes ``out_dir``; what was there (``force``) goes."""
        target, backup = self.target, self._backup
        try:
            check_target(self.out_dir, self.force)  # still what it was when the run started
            if os.path.lexists(target):
                target.rename(backup)
            self.folder.rename(target)
        except OSError as error:
            self._fail(error)
        except JwgenError:
            self.discard()
            raise
        _tidy(lambda: _remove(backup))  # in place: an old folder that stays is removed by the next run

    def discard(self) -> None:
        """Remove the staged folder and put back a folder moved aside; never raises (see :func:`_tidy`)."""
        _tidy(lambda: _remove(self.folder), self._restore)

    def _restore(self) -> None:
        if os.path.lexists(self._backup) and not os.path.lexists(self.target):
            self._backup.rename(self.target)


def write_tree(out_dir: Path | str, files: Mapping[str, bytes], force: bool = False) -> list[Path]:
    """Write ``files`` (relative path -> bytes) as the whole content of ``out_dir``."""
    out_dir, order = Path(out_dir), sorted(files)
    with StagedTree(out_dir, force) as tree:
        for relative in order:
            tree.write(relative, files[relative])
        tree.publish()
    return [out_dir / relative for relative in order]


class StagedFile:
    """A file written under a temporary name, put in place by :meth:`publish` (or dropped by :meth:`discard`).

    Lets a caller finish other work (a ledger commit) between writing the bytes and showing them."""

    def __init__(self, path: Path | str, data: bytes, force: bool = False) -> None:
        self.path, self.force = Path(path), force
        target = Path(os.path.abspath(self.path))
        _parent(target)
        check_file_target(self.path, force)
        self.temporary = _temporary(target, "partial")
        try:
            _remove(self.temporary)
            fd = os.open(self.temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except OSError as error:
            self.discard()
            raise JwgenError(f"cannot write {self.path}: {error.strerror or error}") from None

    def publish(self) -> None:
        try:
            check_file_target(self.path, self.force)
            os.replace(self.temporary, self.path)
        except OSError as error:
            self.discard()
            raise JwgenError(f"cannot write {self.path}: {error.strerror or error}") from None
        except JwgenError:
            self.discard()
            raise

    def discard(self) -> None:
        """Remove the temporary; never raises (see :func:`_tidy`)."""
        _tidy(lambda: _remove(self.temporary))


def write_file(path: Path | str, data: bytes, force: bool = False) -> None:
    """Write one file atomically; refuse to replace an existing one without ``force``."""
    StagedFile(path, data, force).publish()


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

