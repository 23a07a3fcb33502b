"""Two gateway replicas on one PostgreSQL store (what the gateway HPA runs): a login made on
one replica works on the other, a key revoked with the CLI is refused by both at once, both
answer while the other is killed, and their audit records form one unbroken chain."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from potret_gateway.adapters.audit import AuditLog
from potret_testkit.local import entry_point, free_port

pytestmark = pytest.mark.e2e
Wait = Callable[..., Any]
PASSWORD = "kata-sandi-uji-panjang"


def _auth_cli(db: str, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [entry_point("potret-auth"), "--db", db, *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def replicas(tmp_path: Path, postgres_db: str, wait: Wait) -> Iterator[dict[str, Any]]:
    log_dir = Path(os.environ.get("POTRET_LOG_DIR", tmp_path))
    log_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "GATEWAY_DATABASE_URL": postgres_db,
        "GATEWAY_JWT_SECRET": secrets.token_urlsafe(48),
    }
    procs: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    for _ in range(2):
        port = free_port()
        with (log_dir / f"gateway-replica-{port}.log").open("ab") as log:
            procs.append(
                subprocess.Popen(
                    [entry_point("potret-gateway")],
                    env={**env, "GATEWAY_PORT": str(port)},
                    stdout=log,
                    stderr=log,
                )
            )
        urls.append(f"http://127.0.0.1:{port}")

    def ready(url: str) -> bool:
        try:
            resp = httpx.get(f"{url}/readyz", timeout=3)
        except httpx.HTTPError:
            return False
        return resp.status_code == 200 and resp.json()["checks"]["database"]["ok"]

    for url in urls:
        wait(lambda url=url: ready(url), timeout=90, interval=0.5, what=f"gateway {url} ready")
    yield {"urls": urls, "procs": procs, "db": postgres_db}
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=20)


def test_replicas_share_users_keys_and_one_audit_chain(replicas: dict[str, Any]) -> None:
    a, b = replicas["urls"]
    db = replicas["db"]
    _auth_cli(
        db, "user", "add", "wati.bkpsdm", "--role", "admin", "--password-stdin", stdin=PASSWORD
    )
    out = _auth_cli(db, "key", "create", "--name", "SIMPEG uji", "--scope", "search")
    key = out.strip().splitlines()[-1]
    key_id = key.split("_")[1]

    # Token from replica A, used on replica B (same signing key, same user store).
    token = httpx.post(
        f"{a}/v1/auth/token", data={"username": "wati.bkpsdm", "password": PASSWORD}, timeout=10
    ).json()["access_token"]
    me = httpx.get(f"{b}/v1/auth/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert me.status_code == 200
    assert me.json()["role"] == "admin"

    key_headers = {"Authorization": f"Bearer {key}"}
    for url in (a, b):
        assert (
            httpx.get(
                f"{url}/v1/search", params={"q": "perikanan"}, headers=key_headers, timeout=30
            ).status_code
            == 200
        )
    _auth_cli(db, "key", "revoke", key_id)
    for url in (a, b):  # no cache anywhere: refused by both from the next request on
        assert (
            httpx.get(
                f"{url}/v1/search", params={"q": "perikanan"}, headers=key_headers, timeout=30
            ).status_code
            == 401
        )

    # Both replicas under load, one killed mid-stream: the survivor keeps answering.
    auth = {"Authorization": f"Bearer {token}"}
    statuses: dict[str, list[int]] = {a: [], b: []}

    def stream(url: str, n: int) -> None:
        with httpx.Client(base_url=url, headers=auth, timeout=30) as api:
            for i in range(n):
                try:
                    resp = api.get("/v1/search", params={"q": f"perikanan {i}", "limit": 3})
                    statuses[url].append(resp.status_code)
                except httpx.HTTPError:
                    statuses[url].append(-1)  # the killed replica's connection
                    return

    threads = [
        threading.Thread(target=stream, args=(a, 200)),
        threading.Thread(target=stream, args=(b, 40)),
    ]
    for t in threads:
        t.start()
    while len(statuses[a]) < 10:
        threading.Event().wait(0.05)
    replicas["procs"][0].send_signal(signal.SIGKILL)
    for t in threads:
        t.join(timeout=180)
    assert statuses[b] == [200] * 40
    answered_by_a = [s for s in statuses[a] if s != -1]
    assert set(answered_by_a) == {200}
    assert 10 <= len(answered_by_a) < 200

    # One chain holds both replicas' records: contiguous, verifiable, nothing missing.
    log = AuditLog(db)
    count, broken = log.verify()
    assert broken is None
    searches = log.query(action="search", limit=1000)
    # Every 200 answered by either replica has its record (a request cut by the kill may or
    # may not have reached its record before the process died).
    ok_records = [e for e in searches if e["status"] == 200]
    assert len(ok_records) >= len(answered_by_a) + 40 + 2
    actors = {e["actor"].split(" ")[0] for e in ok_records}
    assert actors >= {"user:wati.bkpsdm", f"key:{key_id}"}
    assert count == len(log.entries())
    log.close()
