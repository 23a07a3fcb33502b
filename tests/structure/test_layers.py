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
# libraries (they read their own packaged data files, lazily, once), and its own domain.
DOMAIN_STDLIB = {
    "__future__", "abc", "base64", "bisect", "collections", "contextlib", "copy", "dataclasses",
    "datetime", "decimal", "enum", "fractions", "functools", "hashlib", "heapq", "hmac",
    "itertools", "json", "math", "numbers", "operator", "re", "statistics", "string",
    "threading", "typing", "unicodedata",
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
# What use cases (service/) never import: the entry points, the wiring, the process entry.
ABOVE_SERVICE = UPPER - {"service"}


def _modules(package: Path) -> Iterator[Path]:
    yield from sorted(p for p in package.rglob("*.py") if "migrations" not in p.parts)


def _package(service: str, path: Path) -> str:
    """The dotted package a module file of `service` belongs to."""
    return ".".join([service, *path.relative_to(SERVICES[service]).parent.parts])


def _imports(tree: ast.AST, package: str) -> Iterator[tuple[int, str]]:
    """(line, module) of every import, absolute: `from x import y` gives x and x.y (y may be
    a module: `from potret_profile import service`), relative imports resolved in `package`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def domain_violations(path: Path, service: str, package: str | None = None) -> list[str]:
    """Why the domain module at `path` (in `package`, by default the service's domain) is
    not pure (empty when it is)."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    out = []
    for line, module in _imports(tree, package or f"{service}.domain"):
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
    found = [
        v
        for path in _modules(domain)
        for v in domain_violations(path, service, _package(service, path))
    ]
    assert found == [], "domain/ must hold no I/O, clock or generated types:\n" + "\n".join(found)


def layer_violations(tree: ast.AST, service: str, layer: str, package: str) -> list[str]:
    """Imports of another service, of an upper layer from domain/ or adapters/, and of the
    entry points or wiring from the use cases (`layer`: the module's first folder in the
    service, or its file name at the top)."""
    out = []
    for line, module in _imports(tree, package):
        top, *rest = module.split(".")
        if top in SERVICES and top != service:
            out.append(f"{line} imports {module} (another service)")
        elif top == service and rest and rest[0] in UPPER and layer in ("domain", "adapters"):
            out.append(f"{line} imports {module} (an upper layer)")
        elif top == service and rest and rest[0] in ABOVE_SERVICE and layer in SERVICE_LAYER:
            out.append(f"{line} imports {module} (an entry point from a use case)")
    return out


SERVICE_LAYER = ("service", "service.py")


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_no_service_imports_another_and_nothing_imports_its_entry_points(service: str) -> None:
    found = []
    for path in _modules(SERVICES[service]):
        rel = path.relative_to(SERVICES[service])
        tree = ast.parse(path.read_text("utf-8"), str(path))
        found += [
            f"{rel}:{v}"
            for v in layer_violations(tree, service, rel.parts[0], _package(service, path))
        ]
    assert found == [], "\n".join(found)


def test_the_layer_rule_catches_an_upward_import_in_any_spelling() -> None:
    trap = ast.parse(
        "from potret_profile import service\n"
        "from .. import bootstrap\n"
        "from ..entrypoints.indexer import Indexer\n"
        "import potret_search.domain.query\n"
        "from potret_profile.domain import rules\n"
        "from . import store\n"
    )
    found = layer_violations(trap, "potret_profile", "adapters", "potret_profile.adapters")
    assert found == [
        "1 imports potret_profile.service (an upper layer)",
        "2 imports potret_profile.bootstrap (an upper layer)",
        "3 imports potret_profile.entrypoints.indexer (an upper layer)",
        "3 imports potret_profile.entrypoints.indexer.Indexer (an upper layer)",
        "4 imports potret_search.domain.query (another service)",
    ]


def test_a_use_case_may_not_import_an_entry_point_or_the_wiring() -> None:
    trap = ast.parse(
        "from potret_gateway.entrypoints.security import forbidden\n"
        "from ..main import create_app\n"
        "from potret_gateway.adapters import exports\n"
        "from . import calls\n"
    )
    found = layer_violations(trap, "potret_gateway", "service", "potret_gateway.service")
    assert found == [
        "1 imports potret_gateway.entrypoints.security (an entry point from a use case)",
        "1 imports potret_gateway.entrypoints.security.forbidden (an entry point from a use case)",
        "2 imports potret_gateway.main (an entry point from a use case)",
        "2 imports potret_gateway.main.create_app (an entry point from a use case)",
    ]


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
        "imports potret.asn.v1.profile_events_pb2",
        "imports potret_search.domain",
        "imports potret_search.domain.query",
        "calls today()",
        "calls read_text()",
    ]
