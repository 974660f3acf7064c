"""The layout keeps its promises: read from the imports of every module.

- ``tasks/`` never imports Prefect (or Dask): every step is a plain function, and the
  Prefect layer is ``flows/`` alone.
- A step package (ingest, normalize, extract, load) is entered through its package:
  code outside it imports ``tasks.<step>``, never one of its modules, and never a
  private (``_``) name of another package. Maintainer tools in ``bench/`` and
  ``scripts/`` may import a module's public names; tests may reach anywhere.
- The step packages depend on each other without cycles, and no two modules of
  ``tasks/`` import each other at import time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tasks.db import ROOT

STEPS = ("ingest", "normalize", "extract", "load")
ORCHESTRATION = ("prefect", "prefect_dask", "distributed", "dask")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def _imports(path: Path, *, top_level_only: bool = False) -> list[tuple[str, list[str], int]]:
    """(module imported, names imported, line) of every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out = []
    for node in nodes:
        if isinstance(node, ast.Import):
            out.extend((alias.name, [], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, [alias.name for alias in node.names], node.lineno))
    return out


def _step_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "tasks" and parts[1] in STEPS else None


def test_tasks_never_import_prefect() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in _sources("tasks")
        for module, _, line in _imports(path)
        if module.split(".")[0] in ORCHESTRATION
    ]
    assert not found, "tasks/ must stay free of Prefect and Dask:\n" + "\n".join(found)


@pytest.mark.parametrize("folder", ["tasks", "flows", "bench", "scripts"])
def test_no_private_name_crosses_a_package(folder: str) -> None:
    found = []
    for path in _sources(folder):
        here = _step_of(_module_name(path))
        for module, names, line in _imports(path):
            there = _step_of(module)
            if there is None or there == here:
                continue
            private = [n for n in names if n.startswith("_")]
            private += [p for p in module.split(".") if p.startswith("_")]
            if private:
                found.append(f"{path.relative_to(ROOT)}:{line} takes {private} from {module}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("folder", ["tasks", "flows"])
def test_steps_are_entered_through_their_package(folder: str) -> None:
    found = []
    for path in _sources(folder):
        here = _step_of(_module_name(path))
        for module, names, line in _imports(path):
            there = _step_of(module)
            if there is None or there == here:
                continue
            # `from tasks.extract import tokenizer` names a module as well
            if module != f"tasks.{there}" or any(
                (ROOT / "tasks" / there / f"{n}.py").exists() or (ROOT / "tasks" / there / n).is_dir()
                for n in names
            ):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module} {names}")
    assert not found, "import the step package, not its modules:\n" + "\n".join(found)


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_step_packages_have_no_cycles() -> None:
    edges: dict[str, set[str]] = {step: set() for step in STEPS}
    for path in _sources("tasks"):
        here = _step_of(_module_name(path))
        for module, _, _ in _imports(path):
            there = _step_of(module)
            if here and there and there != here:
                edges[here].add(there)
    assert _cycle(edges) is None, f"step packages import each other: {_cycle(edges)}"


def test_modules_do_not_import_each_other_at_import_time() -> None:
    known = {_module_name(p) for p in _sources("tasks")}
    edges: dict[str, set[str]] = {}
    for path in _sources("tasks"):
        name = _module_name(path)
        for module, names, _ in _imports(path, top_level_only=True):
            targets = {module} | {f"{module}.{n}" for n in names}
            edges.setdefault(name, set()).update(t for t in targets if t in known and t != name)
    # a package's __init__ importing its own modules is how it exposes them
    for name in list(edges):
        edges[name] = {t for t in edges[name] if not name.startswith(t + ".")}
    assert _cycle(edges) is None, f"import cycle: {_cycle(edges)}"
