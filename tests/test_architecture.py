"""The pipeline's import direction, read off the source (ARCHITECTURE.md draws the same picture).

Every package of jwgen has a place in :data:`LAYERS`; a module may import its own package and packages of
lower layers only, never a private module (``_name``) of another package. Imports inside functions count:
a lazy import is still a dependency.
"""
from __future__ import annotations

import ast
from pathlib import Path

import jwgen

ROOT = Path(jwgen.__file__).parent

#: Bottom first. A package may import the packages of earlier layers; packages of one layer are independent.
LAYERS: list[set[str]] = [
    {"errors", "gc_pause", "json_text"},
    {"domain", "printable"},
    {"output"},
    {"spec"},
    {"model"},
    {"kinds"},
    {"generate"},
    {"flatfile"},
    {"defects"},
    {"controle"},
    {"report"},
    {"sets"},
    {"conformance", "show", "scenario", "fuzz"},
    {"strategies"},
    {"cli"},
]
LAYER = {package: index for index, layer in enumerate(LAYERS) for package in layer}
#: Allowed by the layers, kept apart on purpose: the reference receiver judges files without knowing how they
#: were made (it must not import the generator or the defects), and the byte layer knows no generator.
APART = {("controle", "generate"), ("controle", "defects"), ("flatfile", "generate")}


def _package(path: Path) -> str:
    return path.relative_to(ROOT).with_suffix("").parts[0]


def _module(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imports(path: Path) -> list[tuple[int, list[str]]]:
    """(line, target as jwgen-relative parts) of every jwgen import in one file, function-level ones too;
    a private name imported from a module counts as its own target, so ``from ..x import _y`` is seen."""
    here = _module(path)
    is_package = path.name == "__init__.py"
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here if is_package else here[:-1]
                base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                target = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "jwgen":
                target = node.module.split(".")[1:]
            else:
                continue
            if target:
                out.append((node.lineno, target))
                out.extend((node.lineno, target + [a.name]) for a in node.names if a.name.startswith("_")
                           and not a.name.startswith("__"))
            else:  # from .. import x: x is a module of jwgen, or a name of jwgen/__init__ (the version)
                out.extend((node.lineno, [a.name]) for a in node.names if (ROOT / a.name).exists()
                           or (ROOT / f"{a.name}.py").exists())
        elif isinstance(node, ast.Import):
            out.extend((node.lineno, a.name.split(".")[1:]) for a in node.names
                       if a.name.split(".")[0] == "jwgen" and "." in a.name)
    return out


SOURCES = sorted(p for p in ROOT.rglob("*.py") if p.name != "__init__.py" or p.parent != ROOT)


def test_every_package_has_a_layer():
    packages = {_package(p) for p in SOURCES}
    assert packages <= set(LAYER), f"add {sorted(packages - set(LAYER))} to LAYERS (and to ARCHITECTURE.md)"
    assert set(LAYER) <= packages, f"LAYERS names packages that do not exist: {sorted(set(LAYER) - packages)}"


def violations() -> list[str]:
    found = []
    for path in SOURCES:
        source = _package(path)
        for line, target in imports(path):
            where = f"{path.relative_to(ROOT.parent)}:{line} imports jwgen.{'.'.join(target)}"
            if target[0] == source:
                continue
            if target[0] not in LAYER:
                found.append(f"{where}: not a package of jwgen")
            elif LAYER[target[0]] >= LAYER[source]:
                found.append(f"{where}: {target[0]} is not below {source}")
            elif (source, target[0]) in APART:
                found.append(f"{where}: {source} is kept apart from {target[0]}")
            if any(part.startswith("_") and not part.startswith("__") for part in target[1:]):
                found.append(f"{where}: a private module of another package")
    return found


def test_imports_go_down_the_pipeline():
    assert violations() == []


def test_the_walker_sees_lazy_relative_and_private_imports(tmp_path, monkeypatch):
    """The check itself can fail: a function-level import up the pipeline and a private import are found."""
    fake = tmp_path / "jwgen"
    (fake / "spec").mkdir(parents=True)
    (fake / "controle").mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "controle" / "__init__.py").write_text("")
    (fake / "controle" / "_rules.py").write_text("")
    (fake / "spec" / "__init__.py").write_text("def f():\n    from ..controle import _rules\n")
    (fake / "generate").mkdir()
    (fake / "generate" / "__init__.py").write_text("")
    (fake / "controle" / "receiver.py").write_text("from jwgen.generate import x\n")
    monkeypatch.setattr(__import__(__name__), "ROOT", fake)
    global SOURCES
    saved, SOURCES = SOURCES, sorted(p for p in fake.rglob("*.py") if p.parent != fake)
    try:
        found = violations()
    finally:
        SOURCES = saved
    assert any("controle is not below spec" in v for v in found), found
    assert any("private module" in v for v in found), found
    assert any("controle is kept apart from generate" in v for v in found), found



def _module_of(target: list[str]) -> Path | None:
    """The module file an import target names (a name imported from a module: that module); None for a package
    (its ``__init__`` only gathers names) or what is not jwgen's."""
    for end in range(len(target), 0, -1):
        path = ROOT.joinpath(*target[:end])
        if path.with_suffix(".py").is_file():
            return path.with_suffix(".py")
        if (path / "__init__.py").is_file():
            return None
    return None


def circles() -> list[list[str]]:
    """Every import circle between modules (imports inside functions and under TYPE_CHECKING count)."""
    edges = {path: {m for _, target in imports(path) if (m := _module_of(target)) and m != path}
             for path in SOURCES if path.name != "__init__.py"}
    found, done = [], set()

    def walk(path: Path, trail: list[Path]) -> None:
        if path in trail:
            found.append([str(p.relative_to(ROOT)) for p in trail[trail.index(path):]] + [str(path.relative_to(ROOT))])
            return
        if path in done:
            return
        for target in sorted(edges.get(path, ())):
            walk(target, trail + [path])
        done.add(path)

    for path in sorted(edges):
        walk(path, [])
    return found


def test_no_module_imports_itself_round_a_circle():
    assert circles() == []
