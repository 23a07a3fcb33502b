"""Test support: a gateway with unreachable backends and one caller per role.

Authorization is decided before any backend call, so with the backends down an allowed
request ends in 503/504 (or 200 where no backend is needed) and a refused one in 401/403.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

from potret_gateway.adapters.auth_store import AuthStore
from potret_gateway.domain.access import SCOPES
from potret_gateway.main import create_app
from potret_gateway.settings import Settings

SELF_NIP = "198609262015051001"
PASSWORD = secrets.token_urlsafe(16)
SECRET = secrets.token_urlsafe(48)


@dataclass
class Gateway:
    client: TestClient
    headers: dict[str, dict[str, str]]  # caller name -> headers
    store: AuthStore
    settings: Settings


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    resp = client.post("/v1/auth/token", data={"username": username, "password": password})
    if resp.status_code != 200:
        raise AssertionError(resp.text)
    return {"Authorization": f"Bearer {resp.json()['access_token']}"}


def gateway_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "profile_service_url": "http://127.0.0.1:1",
        "search_service_url": "http://127.0.0.1:1",
        "ranking_service_addr": "127.0.0.1:1",
        "ranking_timeout_s": 0.3,
        "profile_timeout_s": 2,
        "search_timeout_s": 2,
        "audit_db": str(tmp_path / "audit.db"),
        "auth_db": str(tmp_path / "auth.db"),
        "jwt_secret": SECRET,
    }
    return Settings(**(values | overrides))  # type: ignore[arg-type]


def open_gateway(tmp_path: Path) -> Iterator[Gateway]:
    """Callers: bkpsdm (admin), bupati (pimpinan), diskan (opd_viewer, Dinas Perikanan),
    siti (asn, SELF_NIP), key_full (every scope), key_read (profiles:read, search),
    anonymous."""
    settings = gateway_settings(tmp_path)
    store = AuthStore(Path(settings.auth_db))
    store.add_user("bkpsdm", PASSWORD, "admin")
    store.add_user("bupati", PASSWORD, "pimpinan")
    store.add_user("diskan", PASSWORD, "opd_viewer", opd="Dinas Perikanan")
    store.add_user("siti", PASSWORD, "asn", nip=SELF_NIP)
    _, full_key = store.create_key("integrasi SIASN", list(SCOPES))
    _, read_key = store.create_key("SIMPEG Dinkes", ["profiles:read", "search"])
    with TestClient(create_app(settings)) as client:
        headers = {name: login(client, name) for name in ("bkpsdm", "bupati", "diskan", "siti")}
        headers["key_full"] = {"X-API-Key": full_key}
        headers["key_read"] = {"X-API-Key": read_key}
        headers["anonymous"] = {}
        yield Gateway(client, headers, store, settings)
    store.close()
