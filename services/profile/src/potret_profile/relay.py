"""Outbox relay: publishes committed outbox rows to Kafka and marks them sent after the ack.

Runs inside the API process by default (PROFILE_RELAY_ENABLED=true) or on its own as
`potret-profile-relay`. Delivery is at-least-once: a crash between the broker's ack and
`mark_sent` republishes those rows, which consumers ignore by version.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from dataclasses import dataclass

from kafka import KafkaProducer

from potret_events import ensure_topics, kafka_security, topic_catalogue
from potret_events.backoff import Backoff
from potret_profile.adapters.store import ProfileStore
from potret_profile.settings import Settings, get_settings

log = logging.getLogger(__name__)


@dataclass
class RelayStatus:
    """What /readyz reports about the relay."""

    kafka_connected: bool = False
    last_error: str | None = None
    published_total: int = 0
    last_publish_at: float | None = None


class OutboxRelay:
    """Moves outbox rows to Kafka, oldest first, in batches."""

    def __init__(self, store: ProfileStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.status = RelayStatus()
        self._producer: KafkaProducer | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()

    def start(self) -> None:
        """Run the relay loop in a daemon thread."""
        self._thread = threading.Thread(target=self.run, name="outbox-relay", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def notify(self) -> None:
        """Wake the loop after a commit so the event goes out without waiting for the poll."""
        self._wake.set()

    def _connect(self) -> KafkaProducer:
        servers = self.settings.kafka_bootstrap_servers
        ensure_topics(
            servers,
            topic_catalogue(
                partitions=self.settings.kafka_topic_partitions,
                replication_factor=self.settings.kafka_replication_factor,
            ),
            client_id="potret-profile-admin",
            timeout_s=self.settings.kafka_connect_timeout_s,
        )
        return KafkaProducer(
            bootstrap_servers=servers,
            client_id="potret-profile-relay",
            **kafka_security(),
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            compression_type="gzip",
            delivery_timeout_ms=30_000,
            request_timeout_ms=10_000,
        )

    def publish_once(self) -> int:
        """Publish one batch; return how many rows were acknowledged and marked sent."""
        if self._producer is None:
            self._producer = self._connect()
            self.status.kafka_connected = True
            self.status.last_error = None
            log.info("outbox relay connected to Kafka at %s", self.settings.kafka_bootstrap_servers)
        rows = self.store.unsent(self.settings.relay_batch_size)
        if not rows:
            return 0
        futures = [
            self._producer.send(row.topic, key=row.key, value=row.payload, headers=row.headers)
            for row in rows
        ]
        self._producer.flush(timeout=30)
        for future in futures:
            future.get(timeout=30)  # raises if the broker did not acknowledge
        self.store.mark_sent([row.id for row in rows])
        self.status.published_total += len(rows)
        self.status.last_publish_at = time.time()
        return len(rows)

    def run(self) -> None:
        """Loop until stopped; on any Kafka error close the producer and back off."""
        backoff = Backoff()
        while not self._stop.is_set():
            try:
                sent = self.publish_once()
                backoff.reset()
                if sent == 0:
                    self._wake.wait(self.settings.relay_idle_poll_s)
                    self._wake.clear()
            except Exception as exc:  # any failure: nothing is marked sent, retry later
                self.status.kafka_connected = False
                self.status.last_error = f"{type(exc).__name__}: {exc}"
                delay = backoff.next_delay()
                log.warning(
                    "outbox relay cannot publish to Kafka at %s (%s); retrying in %.1fs",
                    self.settings.kafka_bootstrap_servers,
                    self.status.last_error,
                    delay,
                )
                self._close_producer()
                self._stop.wait(delay)
        self._close_producer()

    def _close_producer(self) -> None:
        if self._producer is not None:
            try:
                self._producer.close(timeout=5)
            except Exception:  # closing a broken producer must not stop the loop
                log.debug("error closing producer", exc_info=True)
            self._producer = None


def run() -> None:
    """Entry point `potret-profile-relay`: the relay as its own process."""
    settings = get_settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    relay = OutboxRelay(ProfileStore(settings.db_path), settings)
    signal.signal(signal.SIGTERM, lambda *_: relay.stop())
    try:
        relay.run()
    except KeyboardInterrupt:
        relay.stop()
