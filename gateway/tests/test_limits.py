"""Limits before work (issue 18, items 5 and 6): body size before parsing and before the
credential check, path tricks refused, nosniff on every response, refusals audited."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from potret_gateway.adapters.audit import AuditLog
from potret_gateway.entrypoints.limits import path_is_tricky
from potret_testkit.gateway import Gateway

MIB = 1024 * 1024


def _big_json(size: int) -> bytes:
    return json.dumps({"position": {"name": "x" * size}}).encode()


def _refusals(gateway: Gateway) -> list[tuple[str, int, str]]:
    audit = AuditLog(Path(gateway.settings.audit_db))
    rows = [
        (e["path"], e["status"], e["detail"]) for e in audit.entries() if e["action"] == "refused"
    ]
    audit.close()
    return rows


def test_a_large_body_is_refused_before_the_credential_check(gateway: Gateway) -> None:
    resp = gateway.client.post(
        "/v1/positions/rank",
        content=_big_json(2 * MIB),
        headers={"Content-Type": "application/json"},
    )
    assert resp.status_code == 413  # not 401: nothing was parsed or checked
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["type"].endswith("/body-too-large")
    assert str(gateway.settings.max_body_bytes) in resp.json()["title"]
    assert ("/v1/positions/rank", 413, "body-too-large") in _refusals(gateway)


def test_a_chunked_body_is_counted_as_it_arrives(gateway: Gateway) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"x" * 64 * 1024

    resp = gateway.client.post(
        "/v1/ask", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert resp.status_code == 413


def test_imports_may_send_more_but_not_without_limit(gateway: Gateway) -> None:
    body = _big_json(2 * MIB)
    resp = gateway.client.post(
        "/v1/imports/profiles", content=body, headers={"Content-Type": "application/json"}
    )
    assert resp.status_code == 401  # under the import limit: on to the credential check
    huge = _big_json(gateway.settings.max_import_body_bytes + 1)
    resp = gateway.client.post(
        "/v1/imports/profiles", content=huge, headers={"Content-Type": "application/json"}
    )
    assert resp.status_code == 413


def test_a_small_body_still_works(gateway: Gateway) -> None:
    resp = gateway.client.post(
        "/v1/ask",
        json={"question": "cuaca hari ini?"},
        headers=gateway.headers["bupati"],
    )
    assert resp.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/v1/profiles/%2e%2e/quality",
        "/v1/profiles/%2E%2E/quality",
        "/v1/profiles/..%2fquality",
        "/v1/profiles/198609262015051001%2f..%2fquality",
        "/v1/profiles/%5c..%5cquality",
        "/v1//profiles",
    ],
)
def test_path_tricks_are_refused(gateway: Gateway, path: str) -> None:
    resp = gateway.client.get(path, headers=gateway.headers["bkpsdm"])
    assert resp.status_code == 400, (path, resp.status_code, resp.text)
    assert resp.json()["type"].endswith("/path-invalid")


def test_path_checks() -> None:
    assert path_is_tricky("/v1/profiles/../quality", b"/v1/profiles/%2e%2e/quality")
    assert path_is_tricky("/v1/profiles/./x", None)
    assert path_is_tricky("/v1/x\x00y", None)
    assert not path_is_tricky("/v1/profiles/198609262015051001", b"/v1/profiles/198609262015051001")
    assert not path_is_tricky("/v1/positions/", b"/v1/positions/")
    assert not path_is_tricky("/", b"/")
    assert not path_is_tricky("/v1/search", b"/v1/search?q=a%2e%2e")  # the query is not the path


def test_every_response_says_nosniff(gateway: Gateway) -> None:
    for resp in (
        gateway.client.get("/healthz"),
        gateway.client.get("/v1/auth/me", headers=gateway.headers["siti"]),
        gateway.client.get("/v1/auth/me"),  # 401 problem
        gateway.client.get("/v1/profiles/%2e%2e/quality"),
    ):
        assert resp.headers.get("x-content-type-options") == "nosniff", resp.url


def test_docs_are_served_offline_with_their_own_csp(gateway: Gateway) -> None:
    page = gateway.client.get("/docs")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources
    assert all(s.startswith("/docs/") for s in sources), sources  # nothing from a CDN
    for src in sources:
        asset = gateway.client.get(src)
        assert asset.status_code == 200, src
        assert asset.headers.get("x-content-type-options") == "nosniff"
    bundle = gateway.client.get("/docs/assets/swagger-ui-bundle.js")
    assert "SwaggerUIBundle" in bundle.text
    assert gateway.client.get("/redoc").status_code == 404  # the CDN-loading page is off


def test_an_unauthenticated_chunked_import_is_refused_before_its_body_is_read(
    tmp_path: Path,
) -> None:
    from fastapi.testclient import TestClient

    from potret_gateway.main import create_app
    from potret_testkit.gateway import gateway_settings

    def chunks() -> Iterator[bytes]:
        for _ in range(8):  # 128 KiB, over the 64 KiB import limit set here
            yield b"x" * 16 * 1024

    settings = gateway_settings(tmp_path, max_import_body_bytes=64 * 1024)
    with TestClient(create_app(settings)) as client:
        resp = client.post(
            "/v1/imports/profiles", content=chunks(), headers={"Content-Type": "application/json"}
        )
    # The credential check came first: the body was never read ahead (it was, into memory,
    # up to the 16 MiB import limit per connection, before this fix: a 413 here).
    assert resp.status_code == 401
