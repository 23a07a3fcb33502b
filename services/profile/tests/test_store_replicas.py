"""Several profile API replicas on one PostgreSQL: writes of the same record from two replicas
at once never share a version and their events keep the record's order; a database that is
read-only (or down) refuses the write with 503 and Retry-After and stores nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from potret_credentials.internal import service_auth
from potret_events import decode_profile_changed
from potret_profile.adapters.store import RecordStore, StoredRecord, WriteConflict
from potret_profile.main import create_app
from potret_profile.settings import Settings

pytestmark = pytest.mark.integration
NIP = "198609262015051001"


def _body(jabatan: str) -> dict[str, str]:
    return {
        "nip": NIP,
        "name": "Ir. Bambang Santoso, M.Si.",
        "golongan": "III/c",
        "jabatan": jabatan,
        "opd": "Dinas Perikanan",
    }


@pytest.fixture
def replicas(postgres_db: str) -> Iterator[tuple[TestClient, TestClient]]:
    """Two profile apps on one database, as two replicas behind a Service."""
    settings = Settings(database_url=SecretStr(postgres_db), relay_enabled=False)
    with TestClient(create_app(settings)) as a, TestClient(create_app(settings)) as b:
        a.auth = b.auth = service_auth("profile")
        yield a, b


def test_two_replicas_writing_one_record_never_share_a_version(
    replicas: tuple[TestClient, TestClient],
) -> None:
    a, b = replicas
    assert a.post("/profiles", json=_body("Penyuluh Perikanan Ahli Muda")).status_code == 201
    statuses: list[int] = []
    lock = threading.Lock()

    def write(client: TestClient, name: str) -> None:
        for i in range(15):
            # No If-Match: each replica reads the record and writes the next version. Without
            # the record lock both could read version n and both store n+1.
            change = {k: v for k, v in _body(f"Analis {name} {i}").items() if k != "nip"}
            resp = client.put(f"/profiles/{NIP}", json=change)
            with lock:
                statuses.append(resp.status_code)

    threads = [threading.Thread(target=write, args=(c, n)) for c, n in ((a, "A"), (b, "B"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert statuses == [200] * 30
    assert a.get(f"/profiles/{NIP}").json()["version"] == 31
    store: RecordStore = a.app.state.store  # type: ignore[attr-defined]
    events = [decode_profile_changed(r.key, r.payload, r.headers) for r in store.unsent(1000)]
    # One event per version, in the outbox's order: consumers see the record's history as it
    # was committed.
    assert [e.version for e in events] == list(range(1, 32))


def test_a_read_only_database_refuses_a_write_with_503_and_stores_nothing(
    postgres_db: str, postgres_url: str
) -> None:
    settings = Settings(database_url=SecretStr(postgres_db), relay_enabled=False)
    name = postgres_db.rsplit("/", 1)[1]
    with TestClient(create_app(settings)) as client:
        client.auth = service_auth("profile")
        store: RecordStore = client.app.state.store  # type: ignore[attr-defined]
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
            # Sessions already open keep their setting: end them, as a failover to a standby
            # does.
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
        resp = client.post("/profiles", json=_body("Penyuluh Perikanan Ahli Muda"))
        problem: dict[str, Any] = resp.json()
        assert resp.status_code == 503, problem
        assert resp.headers["retry-after"] == "5"
        assert resp.headers["content-type"] == "application/problem+json"
        assert problem["type"].endswith("store-unavailable")
        assert "hanya-baca" in problem["title"]

        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = off')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
        assert client.get(f"/profiles/{NIP}").status_code == 404  # nothing half-stored
        assert store.backlog() == 0
        # And the service carries on once the database takes writes again.
        assert client.post("/profiles", json=_body("Penyuluh")).status_code == 201
        assert store.backlog() == 1


class _Proxy:
    """A TCP relay to PostgreSQL that the test can cut: the database 'goes away' for the
    service while the server itself stays up for the other tests."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        """Every connection dropped, new ones refused."""
        self.open = False
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
        self.sockets.clear()

    def restore(self) -> None:
        self.open = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


def test_an_unreachable_database_refuses_writes_with_503_and_loses_nothing(
    postgres_db: str,
) -> None:
    parts = urlsplit(postgres_db)
    proxy = _Proxy((parts.hostname or "127.0.0.1", parts.port or 5432))
    via_proxy = urlunsplit(
        parts._replace(netloc=f"{parts.username}:{parts.password}@127.0.0.1:{proxy.port}")
    )
    settings = Settings(database_url=SecretStr(via_proxy), relay_enabled=False)
    try:
        with TestClient(create_app(settings)) as client:
            client.auth = service_auth("profile")
            assert client.post("/profiles", json=_body("Penyuluh")).status_code == 201
            proxy.cut()
            change = {k: v for k, v in _body("Analis Kebijakan").items() if k != "nip"}
            resp = client.put(f"/profiles/{NIP}", json=change)
            assert resp.status_code == 503, resp.text
            assert resp.headers["retry-after"] == "5"
            assert client.get("/readyz").status_code == 503
            proxy.restore()
            # Back (once the pool has reconnected: it retries with a growing delay, as a
            # client told Retry-After does): the change was not half-applied, and the next
            # write goes through.
            deadline = time.monotonic() + 60
            while (back := client.get(f"/profiles/{NIP}")).status_code == 503:
                assert time.monotonic() < deadline, "the store did not come back"
                time.sleep(0.5)
            record = back.json()
            assert (record["version"], record["jabatan"]) == (1, "Penyuluh")
            assert client.put(f"/profiles/{NIP}", json=change).status_code == 200
            store: RecordStore = client.app.state.store  # type: ignore[attr-defined]
            assert [r.id for r in store.unsent(10)] == [1, 2]  # one event per stored change
    finally:
        proxy.close()


def test_two_replicas_creating_one_record_at_once_store_the_first_and_refuse_the_second(
    postgres_db: str,
) -> None:
    """Both read the NIP as absent; without the plain INSERT the second would overwrite the
    first as version 1 and both would be told 201."""
    a, b = RecordStore(postgres_db), RecordStore(postgres_db)
    first_read, second_read, first_done = threading.Event(), threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def record(name: str) -> StoredRecord:
        now = dt.datetime.now(dt.UTC)
        return StoredRecord(NIP, 1, False, {"nip": NIP, "name": name}, now, now)

    def first() -> None:
        with a.transaction() as tx:
            assert tx.get(NIP) is None
            first_read.set()
            second_read.wait(10)
            tx.put(record("Pertama"))
        outcome["first"] = "stored"
        first_done.set()

    def second() -> None:
        first_read.wait(10)
        try:
            with b.transaction() as tx:
                assert tx.get(NIP) is None
                second_read.set()
                first_done.wait(10)  # the first commits while this one holds its reading
                tx.put(record("Kedua"))
            outcome["second"] = "stored"
        except WriteConflict as exc:
            outcome["second"] = exc

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    try:
        assert outcome["first"] == "stored"
        assert isinstance(outcome["second"], WriteConflict), outcome
        stored = a.get(NIP)
        assert stored is not None
        assert (stored.version, stored.doc["name"]) == (1, "Pertama")
    finally:
        a.close()
        b.close()


def test_a_nul_character_is_refused_with_422_on_postgresql(postgres_db: str) -> None:
    settings = Settings(database_url=SecretStr(postgres_db), relay_enabled=False)
    with TestClient(create_app(settings)) as client:
        client.auth = service_auth("profile")
        resp = client.post("/profiles", json=_body("Penyuluh\u0000Perikanan"))
        assert resp.status_code == 422, resp.text
        assert resp.headers["content-type"] == "application/problem+json"
        assert client.get(f"/profiles/{NIP}").status_code == 404
