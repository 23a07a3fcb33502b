"""Role x endpoint matrix, and how credentials are checked.

The backends are unreachable here: an allowed request ends in 503/504 (or 200 where no
backend is needed), a refused one in 403, a request without credentials in 401. Personal
data and OPD limits on real data are covered end to end in tests/e2e/test_access_e2e.py.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from potret_gateway.adapters.audit import AuditLog
from potret_gateway.adapters.auth_store import AuthError, AuthStore, verify_password
from potret_gateway.adapters.ratelimit import RateLimiter
from potret_gateway.adapters.tokens import ISSUER
from potret_gateway.main import create_app
from potret_testkit.gateway import (
    PASSWORD,
    SECRET,
    SELF_NIP,
    Gateway,
    gateway_settings,
    login,
    open_gateway,
)

OTHER_NIP = "199001012015011002"
PROFILE = {
    "nip": OTHER_NIP,
    "name": "Budi Santoso",
    "golongan": "III/a",
    "jabatan": "Analis",
    "opd": "Dinas Perikanan",
}
CALLERS = ("bkpsdm", "bupati", "diskan", "siti", "key_full", "key_read")
READERS = {"bkpsdm", "bupati", "diskan", "siti", "key_full", "key_read"}
WRITERS = {"bkpsdm", "key_full"}
SEARCHERS = {"bkpsdm", "bupati", "diskan", "key_full", "key_read"}
RANKERS = {"bkpsdm", "bupati", "diskan", "key_full"}
ADMINS = {"bkpsdm", "key_full"}
SPEC = {"position": {"name": "Kepala Dinas Perikanan", "jenis": "JPT"}}
CORRECTION = {"field": "jabatan", "proposed_value": "Analis", "reason": "jabatan salah ketik"}

# (method, path, json body, callers allowed)
MATRIX: list[tuple[str, str, Any, set[str]]] = [
    ("GET", "/v1/profiles", None, {"bkpsdm", "bupati", "key_full", "key_read"}),
    ("GET", f"/v1/profiles/{SELF_NIP}", None, READERS),
    ("GET", f"/v1/profiles/{OTHER_NIP}", None, READERS - {"siti"}),
    ("POST", "/v1/profiles", PROFILE, WRITERS),
    ("PUT", f"/v1/profiles/{OTHER_NIP}", {k: v for k, v in PROFILE.items() if k != "nip"}, WRITERS),
    ("DELETE", f"/v1/profiles/{OTHER_NIP}", None, WRITERS),
    ("POST", "/v1/imports/profiles", [PROFILE], WRITERS),
    ("GET", "/v1/positions", None, READERS),
    ("GET", "/v1/positions/diskan-kepala-dinas", None, READERS),
    ("GET", "/v1/positions/resolve?name=Kadis%20Perikanan", None, READERS),
    ("POST", "/v1/positions", {"position_id": "x-y"}, WRITERS),
    ("DELETE", "/v1/positions/x-y", None, WRITERS),
    ("GET", "/v1/domains", None, READERS),
    ("GET", "/v1/skills", None, READERS),
    ("GET", "/v1/labels", None, set(CALLERS)),
    ("GET", "/v1/quality", None, READERS - {"siti"}),
    ("GET", "/v1/duplicates", None, ADMINS),
    ("POST", f"/v1/profiles/{OTHER_NIP}/merge", {"into": SELF_NIP, "reason": "NIP ganda"}, ADMINS),
    ("POST", "/v1/corrections", {**CORRECTION, "nip": SELF_NIP}, WRITERS | {"siti"}),
    ("POST", "/v1/corrections", {**CORRECTION, "nip": OTHER_NIP}, WRITERS),
    ("GET", "/v1/corrections", None, WRITERS | {"siti"}),
    # Whose correction it is shows only after the lookup (503 here: no backend): READERS.
    ("GET", "/v1/corrections/K-1A2B3C4D", None, READERS),
    ("POST", "/v1/corrections/K-1A2B3C4D/decision", {"decision": "setujui"}, ADMINS),
    ("GET", f"/v1/profiles/{SELF_NIP}/quality", None, READERS),
    ("GET", f"/v1/profiles/{OTHER_NIP}/quality", None, READERS - {"siti"}),
    ("GET", "/v1/search?q=perikanan", None, SEARCHERS),
    ("POST", "/v1/positions/rank", SPEC, RANKERS),
    ("GET", "/v1/positions/diskan-kepala-dinas/ranking", None, RANKERS),
    ("GET", "/v1/positions/diskan-kepala-dinas/ranking/export?format=csv", None, RANKERS),
    ("POST", "/v1/positions/explain", {**SPEC, "nip": SELF_NIP}, RANKERS | {"siti"}),
    ("POST", "/v1/positions/explain", {**SPEC, "nip": OTHER_NIP}, RANKERS),
    (
        "POST",
        "/v1/positions/score",
        {"position": {"min_golongan": "III/a"}, "nips": [SELF_NIP]},
        RANKERS | {"siti"},
    ),
    ("GET", "/v1/ranking/policy", None, RANKERS | {"siti"}),
    ("POST", "/v1/ranking/policy/what-if", {}, RANKERS | {"siti"}),
    ("POST", "/v1/talent-grid", {}, RANKERS),
    ("POST", "/v1/ask", {"question": "siapa yang paham perikanan?"}, SEARCHERS),
    ("POST", "/v1/ask", {"question": "siapa yang terbaik untuk Kepala Dinas Perikanan?"}, RANKERS),
    ("GET", "/v1/ask/conversations/c0ffee", None, SEARCHERS),  # 404 here: no such conversation
    ("DELETE", "/v1/ask/conversations/c0ffee", None, SEARCHERS),
    ("GET", f"/v1/positions/x/compare?nip={SELF_NIP}&nip={OTHER_NIP}", None, RANKERS),
    ("GET", "/v1/search/export?q=perikanan", None, SEARCHERS),
    ("GET", "/v1/talent-grid/export", None, RANKERS),
    ("GET", "/v1/audit/query/export", None, ADMINS),
    ("GET", "/v1/shortlists", None, RANKERS),
    ("POST", "/v1/shortlists", {"name": "Calon Kadis", "position_id": "x", "nips": []}, RANKERS),
    # A list no one made: 404 for those who may keep lists, 403 for the others.
    ("GET", "/v1/shortlists/D-1A2B3C4D", None, RANKERS),
    ("PATCH", "/v1/shortlists/D-1A2B3C4D", {"name": "Calon lain", "version": 1}, RANKERS),
    ("DELETE", "/v1/shortlists/D-1A2B3C4D?version=1", None, RANKERS),
    ("POST", "/v1/shortlists/D-1A2B3C4D/members", {"nips": [OTHER_NIP]}, RANKERS),
    (
        "PATCH",
        f"/v1/shortlists/D-1A2B3C4D/members/{OTHER_NIP}",
        {"note": "x", "version": 1},
        RANKERS,
    ),
    ("DELETE", f"/v1/shortlists/D-1A2B3C4D/members/{OTHER_NIP}?version=1", None, RANKERS),
    ("POST", "/v1/shortlists/D-1A2B3C4D/rebase", {}, RANKERS),
    ("GET", "/v1/shortlists/D-1A2B3C4D/export?format=csv", None, RANKERS),
    ("GET", "/v1/audit", None, ADMINS),
    ("GET", "/v1/audit/export", None, ADMINS),
    ("GET", "/v1/audit/verify", None, ADMINS),
    ("GET", "/v1/auth/me", None, READERS),
    ("GET", "/v1/auth/me/history", None, READERS),
]


def _call(client: TestClient, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return client.request(method, path, json=body, headers=headers)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    yield from open_gateway(tmp_path_factory.mktemp("matrix"))


@pytest.mark.parametrize(("method", "path", "body", "allowed"), MATRIX)
def test_role_endpoint_matrix(
    shared: Gateway, method: str, path: str, body: Any, allowed: set[str]
) -> None:
    gateway = shared
    outcome = {}
    for caller in CALLERS:
        resp = _call(gateway.client, method, path, body, gateway.headers[caller])
        outcome[caller] = resp.status_code
        if resp.status_code == 403:
            problem = resp.json()
            assert problem["title"] == "Akses ditolak"
            assert problem["type"].endswith("/forbidden")
    refused = {c for c, status in outcome.items() if status == 403}
    assert refused == set(CALLERS) - allowed, outcome
    assert all(status not in (401, 500) for status in outcome.values()), outcome
    anonymous = _call(gateway.client, method, path, body, {})
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")


def test_every_v1_route_requires_credentials(shared: Gateway) -> None:
    """No route under /v1 is left open by mistake (login is the only exception)."""
    paths = shared.client.get("/openapi.json").json()["paths"]
    open_ops = [
        f"{method.upper()} {path}"
        for path, ops in paths.items()
        for method, op in ops.items()
        if path.startswith("/v1") and not op.get("security")
    ]
    assert open_ops == ["POST /v1/auth/token"]
    covered = {(m, p.split("?")[0]) for m, p, _, _ in MATRIX}
    untested = [
        f"{method.upper()} {path}"
        for path, ops in paths.items()
        for method in ops
        if path.startswith("/v1") and path != "/v1/auth/token"
        if not any(
            m == method.upper() and re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", path), c)
            for m, c in covered
        )
    ]
    # Every operation is in the matrix except the two that share a row's rules exactly.
    assert sorted(untested) == [
        "PUT /v1/positions/{position_id}",
    ]


def test_refused_attempts_are_audited_with_the_caller(gateway: Gateway) -> None:
    gateway.client.get("/v1/audit", headers=gateway.headers["bupati"])
    gateway.client.get(f"/v1/profiles/{OTHER_NIP}", headers=gateway.headers["siti"])
    log = AuditLog(Path(gateway.settings.audit_db))
    refused = [(e["actor"], e["action"], e["status"]) for e in log.entries() if e["status"] == 403]
    log.close()
    assert refused == [
        ("user:bupati (pimpinan)", "audit.read", 403),
        ("user:siti (asn)", "profiles.read", 403),
    ]


def test_wrong_password_and_unknown_user_are_the_same_401(gateway: Gateway) -> None:
    for username, password in (("bupati", "salah-sekali-123"), ("tidak-ada", PASSWORD)):
        resp = gateway.client.post(
            "/v1/auth/token", data={"username": username, "password": password}
        )
        assert resp.status_code == 401
        assert "username atau password salah" in resp.json()["detail"]


def test_tokens_expired_forged_or_of_a_disabled_user_are_refused(gateway: Gateway) -> None:
    client = gateway.client
    now = int(time.time())
    claims = {"iss": ISSUER, "sub": "bupati", "iat": now - 7200, "exp": now - 3600}
    expired = jwt.encode(claims, SECRET, algorithm="HS256")
    forged = jwt.encode({**claims, "exp": now + 3600}, "x" * 40, algorithm="HS256")
    none_alg = jwt.encode({**claims, "exp": now + 3600}, key="", algorithm="none")
    for token, reason in ((expired, "kedaluwarsa"), (forged, "tidak sah"), (none_alg, "tidak sah")):
        resp = client.get("/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert resp.status_code == 401
        assert reason in resp.json()["detail"]
    headers = login(client, "bupati")
    assert client.get("/v1/auth/me", headers=headers).json()["role"] == "pimpinan"
    gateway.store.set_user_disabled("bupati", True)
    assert client.get("/v1/auth/me", headers=headers).status_code == 401
    assert (
        client.post("/v1/auth/token", data={"username": "bupati", "password": PASSWORD}).status_code
        == 401
    )


def test_revoked_and_malformed_keys_are_refused(gateway: Gateway) -> None:
    key, plaintext = gateway.store.create_key("aplikasi lama", ["search"])
    headers = {"X-API-Key": plaintext}
    assert gateway.client.get("/v1/auth/me", headers=headers).json()["scopes"] == ["search"]
    gateway.store.revoke_key(key.key_id)
    assert gateway.client.get("/v1/auth/me", headers=headers).status_code == 401
    tampered = plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B")
    for bad in (tampered, "ptr_x", "' OR 1=1 --"):
        assert gateway.client.get("/v1/auth/me", headers={"X-API-Key": bad}).status_code == 401


def test_the_caller_is_read_from_sqlite_on_the_event_loop_without_waiting(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys and users are looked up on the event loop's thread without a waiting read, and a
    key revoked or a user disabled elsewhere is still refused from the next request on."""
    db = gateway.client.app.state.auth._db  # type: ignore[attr-defined]
    waiting: list[str] = []
    now_on: set[int] = set()
    real_rows, real_rows_now = db.rows, db.rows_now

    def noted_rows(*args: Any, **kwargs: Any) -> Any:
        waiting.append(args[0])
        return real_rows(*args, **kwargs)

    def noted_rows_now(*args: Any, **kwargs: Any) -> Any:
        now_on.add(threading.get_ident())
        return real_rows_now(*args, **kwargs)

    monkeypatch.setattr(db, "rows", noted_rows)
    monkeypatch.setattr(db, "rows_now", noted_rows_now)
    loop_thread = gateway.client.portal.call(threading.get_ident)  # type: ignore[union-attr]
    key, plaintext = gateway.store.create_key("aplikasi cepat", ["search"])
    for headers in ({"X-API-Key": plaintext}, gateway.headers["bupati"]):
        assert gateway.client.get("/v1/auth/me", headers=headers).status_code == 200
    assert waiting == []
    assert now_on == {loop_thread}
    gateway.store.revoke_key(key.key_id)  # another connection: the test's own store
    gateway.store.set_user_disabled("bupati", True)
    for headers in ({"X-API-Key": plaintext}, gateway.headers["bupati"]):
        assert gateway.client.get("/v1/auth/me", headers=headers).status_code == 401
    assert waiting == []


def test_a_caller_lookup_that_would_wait_goes_to_a_thread_and_holds_no_other_request(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SQLite file that cannot answer at once (locked against readers) is read from a
    worker thread: the request is answered when the store is, and requests that need no
    store are answered meanwhile (the event loop is not held)."""
    from potret_sqldb import WouldWait

    db = gateway.client.app.state.auth._db  # type: ignore[attr-defined]
    entered, release = threading.Event(), threading.Event()
    read_on: list[int] = []
    real_rows = db.rows

    def would_wait(*_: Any) -> Any:
        raise WouldWait("locked")

    def slow_rows(*args: Any, **kwargs: Any) -> Any:
        read_on.append(threading.get_ident())
        entered.set()
        assert release.wait(10), "the store was never released"
        return real_rows(*args, **kwargs)

    monkeypatch.setattr(db, "rows_now", would_wait)
    monkeypatch.setattr(db, "rows", slow_rows)
    loop_thread = gateway.client.portal.call(threading.get_ident)  # type: ignore[union-attr]
    answers: list[int] = []
    waiting = threading.Thread(
        target=lambda: answers.append(
            gateway.client.get("/v1/auth/me", headers=gateway.headers["key_read"]).status_code
        )
    )
    waiting.start()
    try:
        assert entered.wait(10), "the lookup never reached the store"
        assert gateway.client.get("/healthz").status_code == 200  # not held behind it
        assert answers == []  # still waiting for the store
    finally:
        release.set()
        waiting.join(10)
    assert answers == [200]
    assert read_on
    assert loop_thread not in read_on


def test_a_store_that_cannot_read_at_once_is_read_from_a_thread_without_trying(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL (a round trip) is never tried on the event loop: no lookup is made twice."""
    db = gateway.client.app.state.auth._db  # type: ignore[attr-defined]
    tried: list[str] = []
    monkeypatch.setattr(db, "reads_now", False)
    monkeypatch.setattr(db, "rows_now", lambda *a, **k: tried.append(a[0]))
    assert gateway.client.get("/v1/auth/me", headers=gateway.headers["key_read"]).status_code == 200
    assert gateway.client.get("/v1/auth/me", headers=gateway.headers["bupati"]).status_code == 200
    assert tried == []


def test_secrets_are_stored_hashed(gateway: Gateway) -> None:
    _, plaintext = gateway.store.create_key("cek hash", ["search"])
    raw = Path(gateway.settings.auth_db).read_bytes()
    wal = Path(gateway.settings.auth_db + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    assert plaintext.encode() not in raw
    assert plaintext.split("_", 2)[2].encode() not in raw
    assert PASSWORD.encode() not in raw
    stored = gateway.store._rows("SELECT password_hash FROM users WHERE username = 'siti'")
    assert stored[0]["password_hash"].startswith("scrypt$")
    assert verify_password(PASSWORD, stored[0]["password_hash"])


def test_user_and_key_rules_name_the_field(tmp_path: Path) -> None:
    store = AuthStore(tmp_path / "auth.db")
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: store.add_user("X", PASSWORD, "admin"), "username"),
        (lambda: store.add_user("budi", "pendek", "admin"), "password"),
        (lambda: store.add_user("budi", PASSWORD, "raja"), "role"),
        (lambda: store.add_user("budi", PASSWORD, "opd_viewer"), "opd"),
        (lambda: store.add_user("budi", PASSWORD, "asn", nip="123"), "nip"),
        (lambda: store.create_key("app", ["semua"]), "scope"),
        (lambda: store.create_key(" ", ["search"]), "name"),
    ]
    for action, field in cases:
        with pytest.raises(AuthError, match=f"^{field}:"):
            action()
    store.add_user("budi", PASSWORD, "admin")
    with pytest.raises(AuthError, match="sudah ada"):
        store.add_user("budi", PASSWORD, "admin")
    store.close()


def test_rate_limit_gives_429_with_retry_after(tmp_path: Path) -> None:
    settings = gateway_settings(tmp_path, rate_limit_per_minute=60, rate_limit_burst=3)
    store = AuthStore(Path(settings.auth_db))
    _, key = store.create_key("aplikasi ramai", ["profiles:read"])
    _, other = store.create_key("aplikasi lain", ["profiles:read"])
    with TestClient(create_app(settings)) as client:
        statuses = [
            client.get("/v1/auth/me", headers={"X-API-Key": key}).status_code for _ in range(5)
        ]
        assert statuses == [200, 200, 200, 429, 429]
        limited = client.get("/v1/auth/me", headers={"X-API-Key": key})
        assert 1 <= int(limited.headers["retry-after"]) <= 2
        assert limited.json()["type"].endswith("/rate-limited")
        # Limits are per caller: another key is unaffected.
        assert client.get("/v1/auth/me", headers={"X-API-Key": other}).status_code == 200
    store.close()


def test_login_attempts_are_limited(tmp_path: Path) -> None:
    settings = gateway_settings(tmp_path, login_attempts_per_minute=3)
    with TestClient(create_app(settings)) as client:
        statuses = [
            client.post(
                "/v1/auth/token", data={"username": "admin", "password": f"tebakan-{i}"}
            ).status_code
            for i in range(5)
        ]
    assert statuses == [401, 401, 401, 429, 429]


def test_token_bucket_refills_over_time() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0])
    assert [limiter.acquire("a") for _ in range(2)] == [0.0, 0.0]
    assert limiter.acquire("a") == pytest.approx(1.0)
    now[0] += 0.5
    assert limiter.acquire("a") == pytest.approx(0.5)
    now[0] += 0.5
    assert limiter.acquire("a") == 0.0
    assert limiter.acquire("b", per_minute=6000) == 0.0  # a key's own, higher limit


def test_gateway_refuses_to_start_without_a_signing_key(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="GATEWAY_JWT_SECRET"):
        create_app(gateway_settings(tmp_path, jwt_secret=None))
    with pytest.raises(RuntimeError, match="32 bytes"):
        create_app(gateway_settings(tmp_path, jwt_secret="pendek"))  # noqa: S106


def test_an_unreachable_user_store_is_503_with_retry_after(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    from potret_sqldb import StoreUnavailable

    store = gateway.client.app.state.auth  # type: ignore[attr-defined]

    def down(*_args: object, **_kwargs: object) -> None:
        raise StoreUnavailable("PostgreSQL postgresql://potret@db:5432/potret: timeout")

    monkeypatch.setattr(store, "authenticate_key", down)
    monkeypatch.setattr(store, "user", down)
    monkeypatch.setattr(store, "ping", down)
    resp = gateway.client.get("/v1/domains", headers=gateway.headers["key_read"])
    assert resp.status_code == 503
    assert resp.headers["retry-after"] == "5"
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert "tidak dapat dihubungi" in resp.json()["title"]
    ready = gateway.client.get("/readyz").json()
    assert ready["checks"]["database"] == {"ok": False, "error": "StoreUnavailable"}


def test_every_role_reads_the_labels_the_console_and_the_chat_share(shared: Gateway) -> None:
    from potret_ask.answers import JENIS_LABELS

    body = shared.client.get("/v1/labels", headers=shared.headers["siti"]).json()
    assert body["rule"]["ELIG-GOL"] == "Golongan minimal"
    assert body["rule_source"]["ELIG-BUP"] == "PP 11/2017 Pasal 239"
    assert body["domain"]["kelautan_perikanan"] == "Kelautan dan Perikanan"
    assert body["competency"]["M.04"] == "Orientasi pada Hasil"
    assert body["personal"]["marital_status"] == "Status perkawinan"
    assert body["jenis_pejabat"] == JENIS_LABELS  # the chat says the same words
    assert body["settings"] == {"time_zone": "Asia/Jakarta", "time_zone_label": "WIB"}
