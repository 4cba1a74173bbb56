"""The shape of the package: no import cycle among site_builder's modules (a cycle makes the
order modules are first imported in matter, and ties together what should stay apart, as
the executors and the tasks they run once were), and the worker's tasks import no executor."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "site_builder"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def ancestors(name: str) -> set[str]:
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def imports(name: str) -> set[str]:
    """The site_builder modules `name` imports, at its top or inside a function: for `from
    a import b`, a.b if it is a module, else a; with the packages that importing it first
    imports (other than name's own)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[:len(parts) - node.level + 1], *([base] if base else [])])
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # `import site_builder.x.y` of a name in x
                target = target.rpartition(".")[0]
            if target:
                found |= {target, *ancestors(target)} - ancestors(name) - {name}
    return found


GRAPH = {name: imports(name) for name in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while (w := stack.pop()) != v:
                component.append(w)
            if component:
                found.append(sorted([v, *component]))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_imports_inside_functions() -> None:
    assert "site_builder.distributed" in GRAPH["site_builder.executors"]  # imported in make_executor
    assert "site_builder.tasks" in GRAPH["site_builder.output"]  # imported in OutputTree._flush


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_among_site_builders_modules() -> None:
    found = cycles(GRAPH)
    assert found == [], "import cycles: " + "; ".join(
        ", ".join(f"{m} -> {sorted(GRAPH[m] & set(c))}" for m in c) for c in found)


def test_a_workers_tasks_import_no_executor() -> None:
    assert not GRAPH["site_builder.tasks"] & {"site_builder.executors", "site_builder.distributed"}
    assert "site_builder.executors" not in GRAPH["site_builder.distributed"]
