"""No import circle in pipeline/: no module imports one that imports it back, at module level or inside a function.

The graph is built from every import statement of every module (``ast.walk`` also sees the imports inside
functions and ``if TYPE_CHECKING`` blocks), with ``from a.b import c`` read as an import of the module ``a.b.c``
when that is a module, else of ``a.b``; its cycles are found with networkx.
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

from tests.paths import ROOT

PACKAGE = "pipeline"


def _module_names(root: Path) -> dict[str, Path]:
    """Dotted module name → file, for every module of the package under root."""
    modules: dict[str, Path] = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _imported(node: ast.AST, module: str, is_package: bool, modules: dict[str, Path]) -> list[str]:
    """The package modules one import statement imports."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in modules]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        parent = module.split(".") if is_package else module.split(".")[:-1]
        parent = parent[:len(parent) - node.level + 1]
        base = ".".join([*parent, *([node.module] if node.module else [])])
    found = []
    for alias in node.names:
        full = f"{base}.{alias.name}"
        target = full if full in modules else base
        if target in modules:
            found.append(target)
    return found


def import_graph(root: Path = ROOT) -> nx.DiGraph:
    """The graph of the package's modules, an edge for every import of one package module by another."""
    modules = _module_names(root)
    graph = nx.DiGraph()
    for module, path in modules.items():
        graph.add_node(module)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            for target in _imported(node, module, path.name == "__init__.py", modules):
                if target != module:
                    graph.add_edge(module, target)
    return graph


def test_a_circle_hidden_inside_a_function_is_found(tmp_path: Path) -> None:
    package = tmp_path / PACKAGE
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "a.py").write_text("from pipeline.sub import b\n")
    (package / "sub" / "b.py").write_text("def f():\n    from .a import x\n    return x\n")
    cycles = list(nx.simple_cycles(import_graph(tmp_path)))
    assert cycles and set(cycles[0]) == {"pipeline.sub.a", "pipeline.sub.b"}


def test_the_graph_covers_the_package() -> None:
    graph = import_graph()
    assert graph.number_of_nodes() > 50
    assert graph.has_edge("pipeline.nlp.registry", "pipeline.nlp.entities.countries")


def test_no_import_circle() -> None:
    cycles = sorted(nx.simple_cycles(import_graph()), key=len)
    assert cycles == [], "import circles: " + "; ".join(" -> ".join([*c, c[0]]) for c in cycles[:10])
