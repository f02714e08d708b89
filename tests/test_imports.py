"""The house stays in order (issue #13): every module imports on its own in a fresh
interpreter, the engine core imports neither Flask nor click nor the report renderers, and no
module-level import of the project's own modules goes in a circle."""
from __future__ import annotations

import ast
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("checker", "web", "wordlists", "reports")


def _modules() -> dict[str, Path]:
    mods = {"cli": ROOT / "cli.py"}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            mods[name] = path
    return mods


MODULES = _modules()


def _import_alone(name: str) -> tuple[str, int, str]:
    run = subprocess.run([sys.executable, "-c", f"import {name}"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    return name, run.returncode, run.stderr[-1500:]


def test_every_module_imports_in_a_fresh_interpreter():
    """An import that only works after another module was loaded first is a hidden circle."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        failed = [(n, err) for n, rc, err in pool.map(_import_alone, sorted(MODULES)) if rc != 0]
    assert not failed, failed


def test_the_engine_core_imports_no_web_or_cli_framework():
    code = ("import sys, checker.audit, checker.engine, checker.fix, checker.reading, checker.rules; "
            "print(sorted(m for m in ('flask', 'click', 'web', 'cli', 'jinja2', 'reports') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "[]", (run.stdout, run.stderr[-1000:])


def _targets(module: str, is_pkg: bool, node: ast.ImportFrom) -> list[str]:
    """The modules a `from … import …` takes names from: a submodule when the name is one,
    else the package itself (its __init__: from . import ALLOWED is an edge to the package)."""
    if node.level == 0:
        base = node.module or ""
    else:
        parts = module.split(".")
        keep = len(parts) - node.level + (1 if is_pkg else 0)
        base = ".".join(parts[:keep] + ([node.module] if node.module else []))
    subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES]
    return subs + ([base] if len(subs) < len(node.names) else [])


def _graph() -> dict[str, set[str]]:
    """Module-level imports among the project's modules (imports inside functions and under
    TYPE_CHECKING run later or never, so they cannot make a circle at import time). Importing
    a.b.c also runs a and a.b first, so those count as edges too, except a module's own
    packages, which Python has begun before it; names taken from one's own package's
    __init__ (from . import X) do count: that is the circle the package's imports close."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        is_pkg = path.name == "__init__.py"
        deps: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                targets = _targets(name, is_pkg, node)
            for t in targets:
                if t in MODULES and t != name:
                    deps.add(t)   # named explicitly: an edge even to one's own package
                parts = t.split(".")
                for i in range(1, len(parts)):
                    dep = ".".join(parts[:i])
                    if dep in MODULES and dep != name and not name.startswith(dep + "."):
                        deps.add(dep)
        graph[name] = deps
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for d in sorted(graph.get(n, ())):
            if state.get(d) == 1:
                return stack[stack.index(d):] + [d]
            if d not in state and (found := visit(d)):
                return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_no_import_circle_among_the_projects_modules():
    assert _cycle(_graph()) is None, " -> ".join(_cycle(_graph()) or [])


def test_the_graph_sees_a_package_whose_submodule_imports_it_back(tmp_path, monkeypatch):
    """The circle this test was written for (web/ratelimit before issue #13): the package
    imports its submodule, the submodule takes names from the package."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("X = 1\nfrom .sub import Y\n", encoding="utf-8")
    (pkg / "sub.py").write_text("from . import X\nY = X\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "MODULES", {"pkg": pkg / "__init__.py", "pkg.sub": pkg / "sub.py"})
    assert _cycle(_graph()) is not None


@pytest.mark.parametrize("graph, circle", [
    ({"a": {"b"}, "b": {"a"}}, True),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, False),
    ({"p": {"p.x"}, "p.x": {"p.y"}, "p.y": {"p"}}, True),
])
def test_the_cycle_finder_finds_cycles(graph, circle):
    """The check above could pass by never finding anything: it must see a real circle."""
    assert (_cycle(graph) is not None) == circle
