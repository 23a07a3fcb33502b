"""Throttling that means what it says (issue 18, item 4): a key's own limit is its limit;
wrong passwords slow down the address that sends them, with growing delays, without locking
the real user out from their own address; X-Forwarded-For only from configured proxies; the
client address in login audit rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from potret_gateway.adapters.audit import AuditLog
from potret_gateway.adapters.auth_store import AuthStore
from potret_gateway.adapters.ratelimit import LoginGuard
from potret_gateway.main import create_app
from potret_testkit.gateway import PASSWORD, Gateway, gateway_settings

ATTACKER, USER = "203.0.113.9", "198.51.100.7"


def test_a_key_created_with_5_a_minute_gets_429_at_the_sixth_request(gateway: Gateway) -> None:
    _, key = gateway.store.create_key("lambat", ["profiles:read"], rate_per_minute=5)
    statuses = [
        gateway.client.get("/v1/auth/me", headers={"X-API-Key": key}).status_code for _ in range(7)
    ]
    assert statuses == [200] * 5 + [429] * 2


def _login(client: TestClient, password: str, address: str | None) -> tuple[int, str | None]:
    headers = {"X-Forwarded-For": address} if address else {}
    resp = client.post(
        "/v1/auth/token", data={"username": "bupati", "password": password}, headers=headers
    )
    return resp.status_code, resp.headers.get("retry-after")


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[TestClient]:
    """A gateway behind a trusted proxy (the test client's address), one user `bupati`."""
    settings = gateway_settings(tmp_path, trusted_proxies="testclient")
    store = AuthStore(Path(settings.auth_db))
    store.add_user("bupati", PASSWORD, "pimpinan")
    store.close()
    with TestClient(create_app(settings)) as client:
        yield client


def test_wrong_passwords_from_elsewhere_do_not_lock_the_user_out(proxied: TestClient) -> None:
    assert _login(proxied, PASSWORD, USER)[0] == 200  # the user's own address, known good
    attempts = [_login(proxied, f"tebakan-{i}", ATTACKER) for i in range(12)]
    statuses = [s for s, _ in attempts]
    assert statuses[:5] == [401] * 5  # the first failures are free
    assert 429 in statuses[5:]  # then the attacker's address has to wait
    assert _login(proxied, PASSWORD, USER)[0] == 200  # while the user still logs in
    # Another address the user never logged in from waits too: guesses spread over many
    # addresses count against the username.
    assert _login(proxied, PASSWORD, "192.0.2.44")[0] == 429


def test_the_delay_grows_with_each_failure() -> None:
    now = [0.0]
    guard = LoginGuard(per_minute=1000, free_failures=2, max_delay_s=60, clock=lambda: now[0])
    waits: list[float] = []
    for _ in range(8):
        now[0] += 0.01
        assert guard.check("bupati", ATTACKER) == 0.0  # the last delay has passed
        waits.append(guard.wait_for("bupati", ATTACKER))  # the attempt failed
        now[0] += waits[-1]  # wait it out
    assert waits[:2] == [0.0, pytest.approx(1.0, abs=0.02)]
    assert waits[2:6] == pytest.approx([2.0, 4.0, 8.0, 16.0], abs=0.05)
    assert max(waits) <= 60 + 1e-6
    guard.succeeded("bupati", ATTACKER)
    assert guard.check("bupati", ATTACKER) == 0.0


def test_concurrent_guesses_are_counted_before_they_are_checked() -> None:
    guard = LoginGuard(per_minute=1000, free_failures=5)
    # 60 attempts in flight at once, none answered yet: only the free ones get through.
    passed = [guard.check("admin", ATTACKER) == 0.0 for _ in range(60)]
    assert sum(passed) == 5


def test_a_huge_or_endless_failure_count_neither_crashes_nor_grows_memory() -> None:
    now = [0.0]
    guard = LoginGuard(per_minute=10**9, free_failures=1, max_delay_s=900, clock=lambda: now[0])
    for _ in range(2000):  # 2**1999 would overflow a float
        now[0] += 901
        guard.check("admin", ATTACKER)
    assert guard.wait_for("admin", ATTACKER) <= 900
    guard.check("x" * 1_000_000, ATTACKER)  # a 1 MB username is kept as a hash
    assert all(len(k) <= 80 for k in guard._pairs)
    now[0] += 10 * 3600  # a quiet period forgives
    assert guard.wait_for("admin", ATTACKER) == 0.0


def test_x_forwarded_for_counts_only_from_a_configured_proxy(tmp_path: Path) -> None:
    settings = gateway_settings(tmp_path)  # no trusted proxy
    store = AuthStore(Path(settings.auth_db))
    store.add_user("bupati", PASSWORD, "pimpinan")
    store.close()
    with TestClient(create_app(settings)) as client:
        # A fresh forged address per guess is still the same client: it gets throttled.
        statuses = [_login(client, f"tebakan-{i}", f"10.0.0.{i}")[0] for i in range(12)]
    assert 429 in statuses
    audit = AuditLog(Path(settings.audit_db))
    rows = [e for e in audit.entries() if e["action"] == "login"]
    audit.close()
    assert rows
    assert all("testclient" in e["detail"] for e in rows)
    assert not any("10.0.0." in e["detail"] for e in rows)


def test_login_audit_rows_carry_the_client_address(proxied: TestClient, tmp_path: Path) -> None:
    _login(proxied, "salah", ATTACKER)
    _login(proxied, PASSWORD, USER)
    audit = AuditLog(tmp_path / "audit.db")
    rows = [(e["status"], e["detail"]) for e in audit.entries() if e["action"] == "login"]
    audit.close()
    assert (401, f"klien {ATTACKER}") in rows
    assert (200, f"klien {USER}") in rows
