"""The README and docs/ say only what is true: every path they name exists, every `jwgen ...` command they name
is a command with those options, and every ``console`` block runs and prints what it shows.

A ``console`` block is a sequence of ``$ command`` lines, each followed by the output it shows; a line ``...``
stands for any number of lines. The blocks of one page run in order in one empty folder, with the venv's
``bin`` first on ``PATH`` (as after ``. .venv/bin/activate``).
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TOP = ("jwgen", "tests", "docs", "benchmarks", "scenarios", "examples", ".ci")
PATH_RE = re.compile(r"(?<![\w./<{-])((?:%s)/[\w./-]*)" % "|".join(re.escape(t) for t in TOP))
LINK_RE = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
FENCE_RE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
INLINE_RE = re.compile(r"`([^`\n]+)`")
BIN = Path(sys.executable).parent


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


def text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def named_paths(page: Path) -> set[str]:
    found = set()
    for match in PATH_RE.finditer(text(page)):
        path = match.group(1).rstrip(".")
        if "*" not in path and path not in TOP:
            found.add(path)
    return found


def test_the_readme_fits_on_two_screens():
    assert len(text(ROOT / "README.md").splitlines()) <= 150


def test_the_test_command_is_what_ci_runs():
    readme, ci = text(ROOT / "README.md"), text(ROOT / ".ci" / "run")
    command = next(line for line in readme.splitlines() if "pytest" in line and line.startswith("python3 -m venv"))
    assert command in ci


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_every_path_named_exists(page):
    missing = sorted(p for p in named_paths(page) if not (ROOT / p).exists())
    assert not missing, f"{page.name} names paths that do not exist: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_every_link_leads_somewhere(page):
    links = [m.group(1) for m in LINK_RE.finditer(text(page)) if "://" not in m.group(1)]
    missing = [link for link in links if not (page.parent / link).exists()]
    assert not missing, f"{page.name} links to what does not exist: {missing}"


# -- commands ------------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def help_text(*words: str) -> str:
    done = subprocess.run([str(BIN / "jwgen"), *words, "--help"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0, f"jwgen {' '.join(words)} --help: {done.stderr.strip()}"
    return done.stdout


def subcommands(*words: str) -> set[str]:
    help_ = help_text(*words)
    if "Commands:" not in help_:
        return set()
    block = help_.split("Commands:", 1)[1]
    return {line.split()[0] for line in block.splitlines() if line.startswith("  ") and line.strip()}


def command_lines(page: Path) -> list[str]:
    """Every `jwgen ...` the page names: in inline code and in code blocks (after a prompt or a venv path)."""
    body = text(page)
    spans = [m.group(1) for m in INLINE_RE.finditer(FENCE_RE.sub("", body))]
    for fence in FENCE_RE.finditer(body):
        spans.extend(fence.group(2).splitlines())
    found = []
    for span in spans:
        for match in re.finditer(r"(?:^|[\s$&;]|bin/)jwgen (.*)", span):
            found.append(match.group(1).replace("\\|", "|").split(" && ")[0].split(" # ")[0])
    return found


def words_of(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError:
        return line.split()


def check_command(line: str) -> str | None:
    """None when `jwgen LINE` names a command and options it has; else what is wrong."""
    path: list[str] = []
    words = words_of(line)
    while words and words[0] in subcommands(*path):
        path.append(words.pop(0))
    if not path:
        return None if not words or words[0].startswith("-") or words[0].isupper() or words[0] == "..." else f"no command {words[0]!r}"
    if "show" in subcommands(*path):  # `jwgen spec 04 --standard GZ321` is `jwgen spec show ...`
        path.append("show")
    help_ = help_text(*path)
    for word in words:
        option = word.strip("[]").split("=")[0]
        if re.fullmatch(r"--?[A-Za-z][\w-]*", option) and not re.search(rf"(?<![\w-]){re.escape(option)}\b", help_):
            return f"jwgen {' '.join(path)} has no option {option}"
    return None


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_every_command_named_exists_with_its_options(page):
    wrong = sorted({f"jwgen {line}: {why}" for line in command_lines(page) if (why := check_command(line))})
    assert not wrong, f"{page.name}:\n" + "\n".join(wrong)


def test_the_pages_name_commands():
    assert len(command_lines(ROOT / "README.md")) >= 10


# -- console blocks --------------------------------------------------------------------------------------------

def console_steps(page: Path) -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for fence in FENCE_RE.finditer(text(page)):
        if fence.group(1) != "console":
            continue
        for line in fence.group(2).splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
    return steps


def matches(shown: list[str], printed: list[str]) -> bool:
    """The printed lines, with each `...` of the shown ones standing for any number of lines."""
    if not shown:
        return not printed
    if shown[0] == "...":
        return any(matches(shown[1:], printed[i:]) for i in range(len(printed) + 1))
    return bool(printed) and printed[0].rstrip() == shown[0].rstrip() and matches(shown[1:], printed[1:])


CONSOLE_PAGES = [p for p in PAGES if console_steps(p)]


@pytest.mark.parametrize("page", CONSOLE_PAGES, ids=_ids(CONSOLE_PAGES))
def test_console_blocks_run_as_shown(page, tmp_path):
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "100",
           "JWGEN_NO_PROGRESS": "1", "VIRTUAL_ENV": str(BIN.parent)}
    for command, shown in console_steps(page):
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300)
        printed = (done.stdout + done.stderr).splitlines()
        assert matches(shown, printed), f"$ {command}\nshown:\n" + "\n".join(shown) + "\nprinted:\n" + "\n".join(printed)
