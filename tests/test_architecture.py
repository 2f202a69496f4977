"""The house's shape (issue 17): no import circle among the modules of redd_audit, tasks and
flows (TYPE_CHECKING imports included), and no module looked up at run time where a plain
import does (no importlib/find_spec/inspect.signature scaffolding)."""

from __future__ import annotations

import re
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("redd_audit", "tasks", "flows")


def _cycles(packages: tuple[str, ...] = PACKAGES) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    graph = grimp.build_graph(*packages, include_external_packages=False)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges[node]
            if i < len(targets):
                work.append((node, i + 1))
                target = targets[i]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
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
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def test_no_import_circle_in_the_house() -> None:
    assert _cycles() == []


def test_the_cycle_finder_finds_a_circle(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The check above can fail: a two-module package importing itself round is reported."""
    package = tmp_path / "circlepkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from circlepkg import b\n")
    (package / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                  "    from circlepkg import a\n")  # fmt: skip
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _cycles(("circlepkg",)) == [["circlepkg.a", "circlepkg.b"]]


SCAFFOLDING = re.compile(r"import_module|find_spec|inspect\.signature")


def test_no_module_is_looked_up_at_run_time() -> None:
    hits = [
        f"{path.relative_to(ROOT)}:{n}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if SCAFFOLDING.search(line)
    ]
    assert hits == []
