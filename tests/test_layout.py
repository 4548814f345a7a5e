"""The package layout is the architecture: imports only go downward, with no cycles.

`bot/` is grouped by concern (docs/architecture.md). These tests read every module's
imports (including those inside functions) and fail on an import upward, across rooms of
the same level, into another module's private names, or around a cycle, so the layout
cannot quietly decay.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "bot"

# Each room of the package and its level: a module may import from lower levels, and from
# its own room, never from a higher level or from another room of the same level.
LEVELS: dict[str, int] = {
    "bot": 0,  # the package's own __init__ only
    "bot.clock": 0,
    "bot.transport": 0,
    "bot.metrics": 0,
    "bot.logs": 0,
    "bot.answers": 1,
    "bot.storage": 1,
    "bot.config": 2,
    "bot.campaign": 3,
    "bot.telegram": 4,
    "bot.terminal": 5,
    "bot.cli": 6,
    "bot.__main__": 7,
    "bot.testing": 7,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def room(module: str) -> str:
    for name in sorted(LEVELS, key=len, reverse=True):
        if module == name or (name != "bot" and module.startswith(name + ".")):
            return name
    raise AssertionError(f"{module} belongs to no room: add it to LEVELS and the docs")


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every import of `bot` modules."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("bot")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.startswith("bot"):
            names = [a.name for a in node.names]
            # `from bot.answers import markup` imports the module bot.answers.markup.
            submodules = [n for n in names if (PACKAGE.parent / node.module.replace(".", "/")
                                               / f"{n}.py").exists()]
            found += [(f"{node.module}.{n}", [], node.lineno) for n in submodules]
            rest = [n for n in names if n not in submodules]
            if rest or not submodules:
                found.append((node.module, rest, node.lineno))
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {m: imports(p) for m, p in MODULES.items()}


def test_no_relative_imports_hide_from_these_checks() -> None:
    relative = [f"{m}:{n.lineno}" for m, p in MODULES.items()
                for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
                if isinstance(n, ast.ImportFrom) and n.level > 0]
    assert relative == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_go_downward(module: str) -> None:
    mine = room(module)
    wrong = []
    for target, _, line in GRAPH[module]:
        theirs = room(target)
        if theirs == mine:
            continue
        if LEVELS[theirs] >= LEVELS[mine]:
            wrong.append(f"line {line}: {target} ({theirs}, level {LEVELS[theirs]}) from "
                         f"{mine} (level {LEVELS[mine]})")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_takes_another_modules_private_names(module: str) -> None:
    private = [f"line {line}: {target}.{name}" for target, names, line in GRAPH[module]
               for name in names if name.startswith("_") and target != module]
    assert private == []


def test_there_are_no_import_cycles() -> None:
    edges = {m: {t for t, _, _ in GRAPH[m] if t in MODULES and t != m} for m in MODULES}
    # Importing a package runs its __init__, so an edge to bot.x.y also reaches bot.x.
    for m in MODULES:
        for target in list(edges[m]):
            parent = target.rsplit(".", 1)[0]
            if parent in MODULES and not m.startswith(parent):
                edges[m].add(parent)
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, path: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycle.extend(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, [*path, nxt]):
                return True
        state[node] = 2
        return False

    for start in sorted(edges):
        if state.get(start) is None and visit(start, [start]):
            break
    assert cycle == [], " -> ".join(cycle)


def test_every_room_says_what_it_owns_and_may_import() -> None:
    for package in ("answers", "campaign", "storage", "telegram", "testing"):
        doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
        assert doc and "import" in doc, f"bot/{package}/__init__.py needs its docstring"
