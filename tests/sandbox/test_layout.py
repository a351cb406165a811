"""The sandbox's layout rules: short modules, no import cycles, no client imports.

Read from the source with ``ast`` (every import counts: module level, function level and
``TYPE_CHECKING`` blocks), so nothing here depends on import order or timing.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import numbering_async
import numbering_async.sandbox

PACKAGE = "numbering_async.sandbox"
ROOT = Path(numbering_async.sandbox.__file__).parent
MAX_LINES = 500
CLIENT_MODULES = (
    "numbering_async.telnyx",
    "numbering_async.inumbering",
    "numbering_async._client",
    "numbering_async.bulk",
    "numbering_async.cli",
)
# The plugin's fixtures exist to hand out clients wired to a sandbox (and import them lazily).
CLIENT_IMPORTS_ALLOWED = {f"{PACKAGE}.pytest_plugin"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _imports(name: str, path: Path) -> Iterator[str]:
    """The modules ``name`` imports; ``from package import name`` names a submodule if one
    exists, else the module the imported object comes from."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0]
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if _is_module(candidate):
                    yield candidate
                elif base == "numbering_async":
                    yield getattr(importlib.import_module(base), alias.name).__module__
                else:
                    yield base


GRAPH = {
    name: sorted({target for target in _imports(name, path) if target in MODULES} - {name})
    for name, path in MODULES.items()
}


def find_cycle(graph: Mapping[str, list[str]]) -> list[str] | None:
    """One import cycle of ``graph`` as ``[a, b, ..., a]``, or ``None``."""
    done: set[str] = set()

    def visit(node: str, stack: list[str]) -> list[str] | None:
        if node in stack:
            return [*stack[stack.index(node) :], node]
        if node in done:
            return None
        for target in graph.get(node, []):
            cycle = visit(target, [*stack, node])
            if cycle:
                return cycle
        done.add(node)
        return None

    for start in graph:
        cycle = visit(start, [])
        if cycle:
            return cycle
    return None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_sandbox_module_is_over_the_line_limit(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it (limit {MAX_LINES})"


def test_the_sandbox_modules_import_each_other_without_cycles() -> None:
    assert f"{PACKAGE}._admin" in GRAPH[f"{PACKAGE}._sandbox"]  # the graph is really read
    assert find_cycle(GRAPH) is None, f"import cycle: {' -> '.join(find_cycle(GRAPH) or [])}"


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": ["b"], "b": [], "c": ["a", "b"]}) is None


def test_providers_never_import_each_other() -> None:
    for name, targets in GRAPH.items():
        for one, other in (("telnyx", "inumbering"), ("inumbering", "telnyx")):
            if name.startswith(f"{PACKAGE}.{one}"):
                assert not [t for t in targets if t.startswith(f"{PACKAGE}.{other}")], name


@pytest.mark.parametrize("name", sorted(set(MODULES) - CLIENT_IMPORTS_ALLOWED))
def test_the_sandbox_never_imports_a_client(name: str) -> None:
    clients = [
        target
        for target in _imports(name, MODULES[name])
        if any(target == c or target.startswith(f"{c}.") for c in CLIENT_MODULES)
    ]
    assert not clients, f"{name} imports client code: {clients}"


def test_the_client_check_sees_the_plugins_client_imports() -> None:
    name = f"{PACKAGE}.pytest_plugin"
    targets = set(_imports(name, MODULES[name]))
    assert numbering_async.TelnyxClient.__module__ in targets
