"""Outbox reliability with a real broker: commit without publishing (relay down), then the
relay process starts, is killed -9 mid-stream and restarted; every event reaches Kafka."""

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaConsumer, TopicPartition

from potret_events import PROFILE_TOPIC, decode_profile_changed, kafka_security
from potret_profile.adapters.store import RecordStore
from potret_profile.domain.model import ProfileCreate
from potret_profile.service import records
from potret_seed.generator import Generator
from potret_testkit.local import entry_point

pytestmark = pytest.mark.e2e


def _relay(db: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PROFILE_DB_PATH": str(db), "PROFILE_RELAY_BATCH_SIZE": "50"}
    handle = log.open("ab")
    return subprocess.Popen(
        [entry_point("potret-profile-relay")], env=env, stdout=handle, stderr=handle
    )


def test_events_committed_while_relay_is_down_are_published_after_kill_and_restart(
    tmp_path: Path, kafka_bootstrap: str, wait: Callable[..., Any]
) -> None:
    db = tmp_path / "profile.db"
    store = RecordStore(db)
    people = list(Generator(seed=int(time.time())).people(400))[40:]
    for person in people:  # committed with their events; no relay is running
        records.create_profile(store, ProfileCreate.model_validate(person))
    assert store.backlog() == len(people)

    consumer = KafkaConsumer(
        **kafka_security(), bootstrap_servers=kafka_bootstrap, enable_auto_commit=False
    )
    tps = [
        TopicPartition(PROFILE_TOPIC, p) for p in consumer.partitions_for_topic(PROFILE_TOPIC) or ()
    ]
    consumer.assign(tps)
    consumer.seek_to_end(*tps)
    for tp in tps:
        consumer.position(tp)

    relay = _relay(db, tmp_path / "relay.log")
    wait(lambda: store.backlog() < len(people), timeout=30, what="the relay to start publishing")
    relay.send_signal(signal.SIGKILL)  # mid-stream, possibly between ack and mark_sent
    relay.wait(timeout=10)
    left = store.backlog()
    relay = _relay(db, tmp_path / "relay.log")
    try:
        wait(
            lambda: store.backlog() == 0, timeout=60, what="the restarted relay to drain the outbox"
        )
    finally:
        relay.terminate()
        relay.wait(timeout=15)

    wanted = {p["nip"] for p in people}
    seen: dict[str, int] = {}

    def drain() -> bool:
        for batch in consumer.poll(timeout_ms=500).values():
            for r in batch:
                event = decode_profile_changed(r.key, r.value, r.headers)
                if event.nip in wanted:
                    seen[event.nip] = seen.get(event.nip, 0) + 1
        return set(seen) == wanted

    wait(drain, timeout=30, what="every committed event on the topic")
    consumer.close()
    duplicates = sum(n - 1 for n in seen.values())
    print(f"killed with {left} unsent; duplicates after restart: {duplicates}")
    # At-least-once: only rows published but not yet marked sent at the kill may repeat.
    assert duplicates <= 50
