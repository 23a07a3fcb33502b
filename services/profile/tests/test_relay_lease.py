"""The relay's leadership, with a recording producer in place of Kafka: one relay per store
publishes, a standby publishes nothing and is ready, a released lease passes on, and a relay
whose lease is lost while it publishes marks nothing sent."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from potret_credentials.internal import service_auth
from potret_profile.adapters.store import RecordStore
from potret_profile.entrypoints.relay import LeaseLost, OutboxRelay
from potret_profile.main import create_app
from potret_profile.settings import Settings


class _Future:
    def get(self, timeout: float) -> None:
        return None


class RecordingProducer:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def send(self, topic: str, *, key: bytes, value: bytes, headers: Any) -> _Future:
        self.sent.append(value)
        return _Future()

    def flush(self, timeout: float) -> None:
        return None

    def close(self, timeout: float) -> None:
        return None


def _relay(store: RecordStore, settings: Settings) -> tuple[OutboxRelay, RecordingProducer]:
    relay = OutboxRelay(store, settings)
    producer = RecordingProducer()
    relay._connect = lambda: producer  # type: ignore[method-assign]
    return relay, producer


def _queue(store: RecordStore, *payloads: bytes) -> None:
    with store.transaction() as tx:
        for p in payloads:
            tx.add_outbox(topic="potret.test", key=b"k", payload=p, headers=[])


def test_one_relay_publishes_and_the_other_stands_by_until_released(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "p.db")
    store_a, store_b = RecordStore(settings.db_path), RecordStore(settings.db_path)
    a, sent_a = _relay(store_a, settings)
    b, sent_b = _relay(store_b, settings)
    _queue(store_a, b"1", b"2")

    assert a.publish_once() == 2
    assert (a.status.leader, a.status.standby) == (True, False)
    _queue(store_a, b"3")
    assert b.publish_once() == 0  # A leads: B sends nothing
    assert (b.status.leader, b.status.standby) == (False, True)
    assert sent_b.sent == []

    a.release()
    assert b.publish_once() == 1
    assert (sent_a.sent, sent_b.sent) == ([b"1", b"2"], [b"3"])
    assert store_a.backlog() == 0


class _FlakyLease:
    """Taken at the start of a batch, gone when checked at its end (the database session
    was cut meanwhile)."""

    def alive(self) -> bool:
        return False

    def release(self) -> None:
        return None


def test_a_relay_that_loses_its_lease_mid_batch_marks_nothing_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(db_path=tmp_path / "p.db")
    store = RecordStore(settings.db_path)
    relay, producer = _relay(store, settings)
    monkeypatch.setattr(store, "relay_lease", _FlakyLease)
    _queue(store, b"1", b"2")
    with pytest.raises(LeaseLost):
        relay.publish_once()
    assert producer.sent == [b"1", b"2"]
    assert store.backlog() == 2  # the next leader publishes them again
    assert not relay.status.leader


def test_a_standby_replica_is_ready(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "p.db", relay_enabled=True)
    holder = RecordStore(settings.db_path).relay_lease()  # another replica leads
    assert holder is not None
    try:
        with TestClient(create_app(settings)) as client:
            client.auth = service_auth("profile")
            relay: OutboxRelay = client.app.state.relay  # type: ignore[attr-defined]
            for _ in range(100):
                if relay.status.standby:
                    break
                relay._stop.wait(0.05)
            resp = client.get("/readyz")
            assert resp.status_code == 200, resp.json()
            assert resp.json()["checks"]["kafka"]["relay"] == "standby"
    finally:
        holder.release()


def test_one_siasn_sync_cycle_at_a_time_across_replicas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from potret_profile.entrypoints import siasn_sync

    cycles: list[str] = []
    ran = threading.Event()

    def fake_cycle(store: RecordStore, client: object, nips: object) -> siasn_sync.SyncReport:
        cycles.append(str(store.path))
        ran.set()
        return siasn_sync.SyncReport()

    monkeypatch.setattr(siasn_sync, "sync_cycle", fake_cycle)
    monkeypatch.setattr(siasn_sync, "SiasnClient", lambda settings: object())
    settings = Settings(db_path=tmp_path / "p.db")
    other = RecordStore(settings.db_path).siasn_lease()  # another replica is syncing
    assert other is not None
    skipped = siasn_sync.SiasnScheduler(RecordStore(settings.db_path), settings)
    skipped.start()
    assert not ran.wait(1.0)
    skipped.stop()
    assert cycles == []

    other.release()
    syncing = siasn_sync.SiasnScheduler(RecordStore(settings.db_path), settings)
    syncing.start()
    assert ran.wait(5.0)
    syncing.stop()
    assert len(cycles) == 1
    assert RecordStore(settings.db_path).siasn_lease() is not None  # released after the cycle


def test_a_database_url_of_another_scheme_stops_the_start_without_showing_it() -> None:
    from potret_profile.settings import SecretFileError

    with pytest.raises(SecretFileError, match="postgresql://") as caught:
        Settings(database_url="postgresql+psycopg://potret:rahasia@db:5432/potret")  # type: ignore[arg-type]
    assert "rahasia" not in str(caught.value)


def test_a_leader_that_cannot_publish_gives_up_the_lead(tmp_path: Path) -> None:
    settings = Settings(
        db_path=tmp_path / "p.db", relay_release_after_s=0.3, relay_standby_poll_s=0.05
    )
    store = RecordStore(settings.db_path)
    relay = OutboxRelay(store, settings)

    def unreachable() -> RecordingProducer:
        raise ConnectionError("Kafka cannot be reached from this replica")

    relay._connect = unreachable  # type: ignore[method-assign]
    relay.start()
    try:
        for _ in range(100):
            if relay.status.leader:
                break
            threading.Event().wait(0.02)
        assert relay.status.leader  # it leads, and fails to publish
        other = RecordStore(settings.db_path)
        assert other.relay_lease() is None
        lease = None
        for _ in range(100):  # a standby polling: the lead is free within a few seconds
            lease = other.relay_lease()
            if lease is not None:
                break
            threading.Event().wait(0.05)
        assert lease is not None, "the failing leader kept the lease"
        lease.release()
    finally:
        relay.stop()


def test_the_leading_relay_deletes_sent_rows_past_the_retention_and_nothing_else(
    store_target: str | Path, tmp_path: Path
) -> None:
    settings = Settings(
        db_path=tmp_path / "p.db", outbox_retention_days=7, relay_purge_every_s=3600
    )
    store = RecordStore(store_target)
    relay, _ = _relay(store, settings)
    _queue(store, b"old", b"recent")
    assert relay.publish_once() == 2
    _queue(store, b"unsent")
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=8)).isoformat()
    with store.transaction() as tx:  # "old" was acknowledged eight days ago
        tx._tx.execute("UPDATE outbox SET sent_at = ? WHERE payload = ?", (old, b"old"))
    standby, _ = _relay(RecordStore(store_target), settings)
    assert standby.publish_once() == 0  # not the leader: it deletes nothing
    assert standby.purge_once(now=1e9) == 0
    assert relay.purge_once(now=1e9) == 1
    left = {
        bytes(r["payload"]): r["sent_at"] is None
        for r in store.query("SELECT payload, sent_at FROM outbox")
    }
    assert left == {b"recent": False, b"unsent": True}
    # at most once per relay_purge_every_s
    with store.transaction() as tx:
        tx._tx.execute("UPDATE outbox SET sent_at = ? WHERE payload = ?", (old, b"recent"))
    assert relay.purge_once(now=1e9 + 10) == 0
    assert relay.purge_once(now=1e9 + 3600) == 1
    assert store.backlog() == 1  # the unsent row stays until Kafka has it


def test_purging_sent_rows_goes_in_batches_and_a_zero_retention_keeps_them(
    store_target: str | Path, tmp_path: Path
) -> None:
    store = RecordStore(store_target)
    relay, _ = _relay(store, Settings(db_path=tmp_path / "p.db"))
    _queue(store, *[str(i).encode() for i in range(25)])
    assert relay.publish_once() == 25
    assert (
        store.purge_sent(dt.timedelta(days=-1), batch=10) == 25
    )  # a cutoff after now: every sent row
    assert store.query("SELECT COUNT(*) AS n FROM outbox")[0]["n"] == 0
    relay.release()
    keep, _ = _relay(store, Settings(db_path=tmp_path / "p.db", outbox_retention_days=0))
    _queue(store, b"1")
    assert keep.publish_once() == 1
    assert keep.purge_once(now=1e9) == 0
