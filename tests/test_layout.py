"""The package's layout: rooms that import only the rooms below them, no import circles, no mixins.

Every import counts, the ones inside functions and under ``TYPE_CHECKING``
too: a lazy import that closes a circle is still a circle. See the docstring
of each room's ``__init__.py`` for what it owns and may import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dklint"

# The vocabulary every room speaks sits at the top of the package.
VOCABULARY = {"source", "model", "findings"}
# room -> the rooms it may import (besides itself and the vocabulary); "dklint" is the package's __version__
ALLOWED: dict[str, set[str]] = {
    "dklint": set(),
    "source": set(),
    "model": set(),
    "findings": {"base"},
    "base": {"dklint"},
    "facts": {"base"},
    "inputs": {"base"},
    "parse": {"base", "facts", "inputs"},
    "rules": {"base", "facts"},
    "engine": {"dklint", "base", "facts", "inputs", "parse", "rules"},
    "report": {"dklint", "base", "inputs", "rules"},
    "run": {"dklint", "base", "inputs", "engine", "rules", "report"},
    "config": {"base", "inputs", "engine", "rules"},
    "testing": {"base", "inputs", "engine", "rules", "run"},
    "fix": {"base", "inputs", "engine"},
    # the language server: beside the command line, which alone imports it (``dklint lsp``)
    "lsp": {"dklint", "base", "facts", "inputs", "parse", "engine", "rules", "report", "run", "config"},
    "cli": {"dklint", "base", "facts", "inputs", "parse", "engine", "rules", "report", "run", "config", "testing",
            "fix", "lsp"},
    "__main__": {"cli"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _target(name: str) -> str | None:
    """The dklint module an import names (``from dklint.rules import docs`` names dklint.rules.docs)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(path: Path) -> set[str]:
    """Every dklint module ``path`` imports, wherever the import statement stands."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith("dklint"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dklint") and not node.level:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {target for target in map(_target, names) if target is not None}


GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items()}


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "dklint"


def _circles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in GRAPH:
        if root in index:
            continue
        work = [(root, iter(sorted(GRAPH[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for child in edges:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(GRAPH[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_no_import_circles_lazy_imports_included():
    assert _circles() == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_room_imports_only_the_rooms_below_it(module):
    room = _room(module)
    allowed = ALLOWED[room] | VOCABULARY | {room}
    wrong = sorted(target for target in GRAPH[module] if _room(target) not in allowed and target != "dklint")
    if "dklint" in GRAPH[module] and "dklint" not in ALLOWED[room] | {room}:
        wrong.append("dklint (the package itself)")
    assert not wrong, f"{module} ({room}/) imports {wrong}; {room}/ may import {sorted(ALLOWED[room])}"


def test_parsing_imports_no_rule_and_rules_no_report():
    for module, targets in GRAPH.items():
        if _room(module) == "parse":
            assert not {t for t in targets if _room(t) in ("rules", "engine", "report", "cli")}, module
        if _room(module) == "rules":
            assert not {t for t in targets if _room(t) in ("parse", "engine", "report", "cli")}, module


def test_no_class_has_two_dklint_base_classes():
    """No mixins: a class that needs another's behaviour holds a collaborator object instead."""
    offenders = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        local = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
        imported = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    and (node.module or "").startswith("dklint") for alias in node.names}
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                own = [b for b in node.bases if isinstance(b, ast.Name) and (b.id in local or b.id in imported)]
                if len(own) >= 2:
                    offenders.append(f"{module}.{node.name}")
    assert offenders == []


def test_few_modules_at_the_top_and_none_over_400_lines():
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top
    long = {name: n for name, path in MODULES.items() if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_every_room_says_what_it_owns():
    for init in PACKAGE.rglob("__init__.py"):
        if init.parent == PACKAGE:
            continue
        tree = ast.parse(init.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree)
        assert doc and len(doc.split()) >= 12, f"{init.relative_to(PACKAGE)} needs a docstring saying what it owns"


def test_a_lines_last_word_is_what_the_search_from_the_left_found():
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from dklint.parse.label.wrapped import last_word

    searched = re.compile(r"([^\W\d_]+)[,]?\s*$")

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet="ab Zé²1_,.\n\t (\u00b5\u0663", max_size=30))
    def agree(text):
        found = searched.search(text)
        assert last_word(text) == (found.group(1) if found is not None else None)

    agree()
    assert last_word("These statements have") == "have" and last_word("Vitamin D (as") == "as"
    assert last_word("Calcium, ") == "Calcium" and last_word("Total 12") is None
