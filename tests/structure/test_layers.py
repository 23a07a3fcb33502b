"""The layers every service keeps (docs/architecture.md), checked on the source as text: a
service's `domain/` is pure (no I/O, no clock, no generated message types), no service
imports another, and nothing below the entry points imports upward."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {
    "potret_profile": ROOT / "services/profile/src/potret_profile",
    "potret_search": ROOT / "services/search/src/potret_search",
    "potret_ranking": ROOT / "services/ranking/src/potret_ranking",
    "potret_gateway": ROOT / "gateway/src/potret_gateway",
}
# What domain code may import: pure standard modules, NumPy and pydantic, the shared rule
# libraries (their data files are read once, at import), and its own service's domain.
DOMAIN_STDLIB = {
    "__future__", "abc", "base64", "bisect", "collections", "contextlib", "copy", "dataclasses",
    "datetime", "decimal", "enum", "fractions", "functools", "hashlib", "heapq", "itertools",
    "json", "math", "numbers", "operator", "re", "statistics", "string", "threading", "typing",
    "unicodedata",
}  # fmt: skip
DOMAIN_LIBRARIES = {"numpy", "pydantic", "potret_asn_rules", "potret_expertise"}
# Calls that read the clock or touch files, whatever module they come through.
CLOCK_OR_FILE_CALLS = {
    "today", "now", "utcnow", "time", "monotonic", "perf_counter", "open", "read_text",
    "read_bytes", "write_text", "write_bytes", "load", "save", "savez", "getenv",
}  # fmt: skip
# Modules of a service above its adapters (entry points, wiring, use cases): what domain/ and
# adapters/ never import (adapters may read `settings`).
UPPER = {"main", "bootstrap", "api", "entrypoints", "servicer", "service", "indexer", "relay"}


def _modules(package: Path) -> Iterator[Path]:
    yield from sorted(p for p in package.rglob("*.py") if "migrations" not in p.parts)


def _imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def domain_violations(path: Path, service: str) -> list[str]:
    """Why the domain module at `path` is not pure (empty when it is)."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    out = []
    for line, module in _imports(tree):
        top = module.split(".")[0]
        own_domain = module == f"{service}.domain" or module.startswith(f"{service}.domain.")
        if not (top in DOMAIN_STDLIB or top in DOMAIN_LIBRARIES or own_domain):
            out.append(f"{path.name}:{line} imports {module}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in CLOCK_OR_FILE_CALLS:
                out.append(f"{path.name}:{node.lineno} calls {name}()")
    return out


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_domain_code_is_pure(service: str) -> None:
    domain = SERVICES[service] / "domain"
    found = [v for path in _modules(domain) for v in domain_violations(path, service)]
    assert found == [], "domain/ must hold no I/O, clock or generated types:\n" + "\n".join(found)


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_no_service_imports_another_and_nothing_imports_its_entry_points(service: str) -> None:
    found = []
    for path in _modules(SERVICES[service]):
        rel = path.relative_to(SERVICES[service])
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for line, module in _imports(tree):
            top, *rest = module.split(".")
            if top in SERVICES and top != service:
                found.append(f"{rel}:{line} imports {module} (another service)")
            elif (
                top == service
                and rest
                and rest[0] in UPPER
                and rel.parts[0]
                in (
                    "domain",
                    "adapters",
                )
            ):
                found.append(f"{rel}:{line} imports {module} (an upper layer)")
    assert found == [], "\n".join(found)


def test_the_rule_catches_io_a_clock_and_generated_types(tmp_path: Path) -> None:
    """Traps: an HTTP client, a generated message module, the clock through a module alias,
    a file read through a Path, another service's domain."""
    trap = tmp_path / "trap.py"
    trap.write_text(
        "import datetime as dt\n"
        "import httpx\n"
        "from potret.asn.v1 import profile_events_pb2 as pb\n"
        "from potret_search.domain import query\n"
        "from potret_ranking.domain.facts import YEAR0\n"
        "def f(p):\n"
        "    return dt.date.today(), p.read_text()\n",
        "utf-8",
    )
    found = domain_violations(trap, "potret_ranking")
    assert [v.split(" ", 1)[1] for v in found] == [
        "imports httpx",
        "imports potret.asn.v1",
        "imports potret_search.domain",
        "calls today()",
        "calls read_text()",
    ]
