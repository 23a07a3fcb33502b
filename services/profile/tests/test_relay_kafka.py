"""The outbox relay against a real Kafka broker."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaConsumer, TopicPartition

from potret_credentials.internal import service_auth
from potret_events import PROFILE_TOPIC, decode_profile_changed, kafka_security
from potret_profile.adapters.store import RecordStore
from potret_profile.domain.model import ProfileCreate
from potret_profile.entrypoints.relay import OutboxRelay
from potret_profile.service import records
from potret_profile.settings import Settings

pytestmark = pytest.mark.integration


# These records reach the shared stack's live topic (search and ranking index them) but never
# the profile service's own store: an OPD of their own keeps them out of every other test's
# OPD (the e2e access test samples "Dinas Perikanan" and found these as 404s).
RELAY_TEST_OPD = "Unit Uji Relay Outbox"


def _create(store: RecordStore, nip: str) -> None:
    records.create_profile(
        store,
        ProfileCreate(
            nip=nip,
            name="Dewi Lestari, S.Pi.",
            golongan="III/b",
            jabatan="Penyuluh Perikanan Ahli Pertama",
            opd=RELAY_TEST_OPD,
        ),
    )


def test_relay_publishes_outbox_and_marks_sent_only_after_ack(
    tmp_path: Path, kafka_bootstrap: str, new_nip: Callable[[], str]
) -> None:
    settings = Settings(db_path=tmp_path / "p.db", kafka_bootstrap_servers=kafka_bootstrap)
    store = RecordStore(settings.db_path)
    relay = OutboxRelay(store, settings)
    relay.publish_once()  # connects and creates topics if needed
    consumer = KafkaConsumer(
        **kafka_security(), bootstrap_servers=kafka_bootstrap, enable_auto_commit=False
    )
    tps = [TopicPartition(PROFILE_TOPIC, p) for p in consumer.partitions_for_topic(PROFILE_TOPIC)]
    consumer.assign(tps)
    consumer.seek_to_end(*tps)
    for tp in tps:
        consumer.position(tp)  # resolve the end offsets before publishing

    nips = [new_nip() for _ in range(3)]
    for nip in nips:
        _create(store, nip)
    assert store.backlog() == 3
    assert relay.publish_once() == 3
    assert store.backlog() == 0

    seen: dict[str, int] = {}
    for _ in range(50):
        for batch in consumer.poll(timeout_ms=200).values():
            for r in batch:
                event = decode_profile_changed(r.key, r.value, r.headers)
                seen[event.nip] = event.version
        if set(nips) <= set(seen):
            break
    consumer.close()
    relay._close_producer()
    assert {n: seen.get(n) for n in nips} == {n: 1 for n in nips}


def test_unreachable_kafka_leaves_rows_unsent(tmp_path: Path, new_nip: Callable[[], str]) -> None:
    settings = Settings(
        db_path=tmp_path / "p.db", kafka_bootstrap_servers="127.0.0.1:1", kafka_connect_timeout_s=1
    )
    store = RecordStore(settings.db_path)
    _create(store, new_nip())
    relay = OutboxRelay(store, settings)
    with pytest.raises(Exception):  # noqa: B017, PT011 (any Kafka connection error)
        relay.publish_once()
    assert store.backlog() == 1


def test_kafka_down_keeps_api_writing_and_readyz_names_kafka(
    tmp_path: Path, new_nip: Callable[[], str], wait: Callable[..., Any]
) -> None:
    from fastapi.testclient import TestClient

    from potret_profile.main import create_app

    settings = Settings(
        db_path=tmp_path / "p.db", kafka_bootstrap_servers="127.0.0.1:1", kafka_connect_timeout_s=1
    )
    with TestClient(create_app(settings)) as client:
        client.auth = service_auth("profile")  # a known service (operator)
        body = {
            "nip": new_nip(),
            "name": "Rina Wahyuni, S.Kel.",
            "golongan": "III/a",
            "jabatan": "Analis Perikanan",
            "opd": "Dinas Perikanan",
        }
        assert client.post("/profiles", json=body).status_code == 201
        ready = wait(
            lambda: (r := client.get("/readyz")).json()["checks"]["kafka"]["error"] and r,
            timeout=10,
            what="the relay to report Kafka unreachable",
        )
        assert ready.status_code == 503
        checks = ready.json()["checks"]
        assert checks["kafka"]["bootstrap_servers"] == "127.0.0.1:1"
        assert checks["database"] == {"ok": True, "outbox_backlog": 1}
