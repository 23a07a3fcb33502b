"""Secrets never reach the logs, CORS is closed, the console sends its security headers."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from potret_credentials import dev_credentials

pytestmark = pytest.mark.e2e


def test_passwords_tokens_and_keys_are_never_logged(
    gateway_url: str, api_headers: dict[str, str], potret_var: Path
) -> None:
    creds = dev_credentials()
    if not creds.get("password"):
        pytest.skip("needs the dev-mode login (make up)")
    with httpx.Client(base_url=gateway_url, timeout=30) as api:
        token = api.post(
            "/v1/auth/token", data={"username": creds["username"], "password": creds["password"]}
        ).json()["access_token"]
        api.post("/v1/auth/token", data={"username": creds["username"], "password": "salah-123456"})
        api.get("/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        api.get("/v1/search", params={"q": "perikanan"}, headers=api_headers)
        api.get("/v1/auth/me", headers={"X-API-Key": api_headers["X-API-Key"] + "x"})
    secrets = {
        "password": creds["password"],
        "token": token,
        "token signature": token.rsplit(".", 1)[-1],
        "api key secret": api_headers["X-API-Key"].split("_", 2)[2],
    }
    logs = {p.name: p.read_text(errors="replace") for p in (potret_var / "log").glob("*.log")}
    assert "gateway.log" in logs
    found = {
        (name, what) for name, text in logs.items() for what, s in secrets.items() if s in text
    }
    assert found == set()


def test_cors_is_closed_by_default(gateway_url: str, api_headers: dict[str, str]) -> None:
    origin = {"Origin": "https://situs-lain.example"}
    preflight = httpx.options(
        f"{gateway_url}/v1/search",
        headers={**origin, "Access-Control-Request-Method": "GET"},
        timeout=10,
    )
    assert "access-control-allow-origin" not in preflight.headers
    simple = httpx.get(
        f"{gateway_url}/v1/search", params={"q": "x"}, headers={**origin, **api_headers}, timeout=10
    )
    assert "access-control-allow-origin" not in simple.headers


def test_console_sends_security_headers(gateway_url: str) -> None:
    for path in ("/", "/console/app.js"):
        headers = httpx.get(f"{gateway_url}{path}", timeout=10).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
