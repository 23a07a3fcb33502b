"""Outbox relay: publishes committed outbox rows to Kafka and marks them sent after the ack.

Runs inside the API process by default (PROFILE_RELAY_ENABLED=true) or on its own as
`potret-profile-relay`. Delivery is at-least-once: a crash between the broker's ack and
`mark_sent` republishes those rows, which consumers ignore by version.

Exactly one relay publishes at a time, however many API replicas run: the one holding the
store's relay lease (a PostgreSQL session advisory lock, or a file lock beside a SQLite
database). The others stand by and try to take the lease every `relay_standby_poll_s`;
a leader that dies, even by SIGKILL, frees it at once, so a standby takes over within that
interval. A leader that finds its lease gone (its database session cut) stops before
marking anything sent: the next leader publishes those rows again.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
import time
from dataclasses import dataclass

from kafka import KafkaProducer

from potret_events import client_settings
from potret_events.settings import ensure_catalogue
from potret_events.worker import Worker
from potret_observability import no_arguments
from potret_profile.adapters.store import RecordStore
from potret_profile.settings import Settings, get_settings
from potret_sqldb import Lease

log = logging.getLogger(__name__)


class LeaseLost(RuntimeError):
    """The relay lease was lost while publishing: another relay may lead now."""


@dataclass
class RelayStatus:
    """What /readyz reports about the relay."""

    kafka_connected: bool = False
    leader: bool = False  # holds the relay lease: the one relay publishing
    standby: bool = False  # another relay holds the lease
    last_error: str | None = None
    published_total: int = 0
    last_publish_at: float | None = None


class OutboxRelay(Worker):
    """Moves outbox rows to Kafka, oldest first, in batches."""

    name = "outbox-relay"

    def __init__(self, store: RecordStore, settings: Settings) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.status = RelayStatus()
        self._producer: KafkaProducer | None = None
        self._wake = threading.Event()
        self._next_purge = 0.0  # monotonic time of the next purge of sent rows
        self._lease: Lease | None = None
        self._failing_since: float | None = None

    def stopping_now(self) -> None:
        self._wake.set()  # an idle relay sleeps on its wake event

    def notify(self) -> None:
        """Wake the loop after a commit so the event goes out without waiting for the poll."""
        self._wake.set()

    def _connect(self) -> KafkaProducer:
        servers = self.settings.kafka_bootstrap_servers
        ensure_catalogue(
            self.settings,
            client_id="potret-profile-admin",
            timeout_s=self.settings.kafka_connect_timeout_s,
        )
        return KafkaProducer(
            bootstrap_servers=servers,
            client_id="potret-profile-relay",
            **client_settings(),
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            compression_type="gzip",
            delivery_timeout_ms=30_000,
            request_timeout_ms=10_000,
        )

    def _lead(self) -> bool:
        """Hold the relay lease, taking it if it is free; False while another relay leads."""
        if self._lease is not None and self._lease.alive():
            return True
        if self._lease is not None:
            log.warning("outbox relay lost its lease (database session ended); standing by")
            self._lease = None
            self._close_producer()
        self._lease = self.store.relay_lease()
        if self._lease is not None:
            log.info("outbox relay leads: this process publishes the outbox")
        self.status.leader = self._lease is not None
        self.status.standby = not self.status.leader
        return self.status.leader

    def publish_once(self) -> int:
        """Publish one batch if this relay leads; return how many rows were acknowledged
        and marked sent (0 also while another relay leads)."""
        if not self._lead():
            return 0
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
        if not self._lease or not self._lease.alive():
            # Another relay may have taken over and be publishing these rows; leave them
            # unmarked for it (consumers drop the repeats by version).
            self.status.leader = False
            raise LeaseLost("relay lease lost before marking the batch sent")
        self.store.mark_sent([row.id for row in rows])
        self.status.published_total += len(rows)
        self.status.last_publish_at = time.time()
        return len(rows)

    def purge_once(self, now: float | None = None) -> int:
        """While leading, at most once per `relay_purge_every_s`: delete the outbox rows sent
        longer ago than `outbox_retention_days` (0: keep them); returns how many."""
        now = time.monotonic() if now is None else now
        days = self.settings.outbox_retention_days
        if not days or not self.status.leader or now < self._next_purge:
            return 0
        self._next_purge = now + self.settings.relay_purge_every_s
        purged = self.store.purge_sent(dt.timedelta(days=days))
        if purged:
            log.info("outbox relay: %d sent rows older than %g days deleted", purged, days)
        return purged

    def turn(self) -> None:
        """Publish a batch; when idle, delete old sent rows and sleep until woken or the
        idle poll (a standby only checks the lease, every standby poll)."""
        try:
            sent = self.publish_once()
        except LeaseLost as exc:
            log.warning("outbox relay: %s; standing by", exc)
            self._lease = None
            self._close_producer()
            return
        if sent == 0:
            try:
                self.purge_once()  # when idle: the store is the writers' first
            except Exception:  # not Kafka's failure: try again at the next turn
                log.warning("outbox relay: cannot delete sent rows now", exc_info=True)
        self._failing_since = None
        if not self.status.leader:
            self._stop.wait(self.settings.relay_standby_poll_s)
        elif sent == 0:
            self._wake.wait(self.settings.relay_idle_poll_s)
            self._wake.clear()

    def failed(self, exc: Exception) -> float:
        """Any failure: nothing is marked sent; close the producer and back off. A leader
        failing for longer than `relay_release_after_s` gives up the lead (this replica may
        be the one cut off from Kafka: let another lead)."""
        self.status.kafka_connected = False
        servers = self.settings.kafka_bootstrap_servers
        self.status.last_error, delay = self.report(
            exc, f"outbox relay cannot publish to Kafka at {servers}", log
        )
        self._close_producer()
        self._failing_since = self._failing_since or time.monotonic()
        if (
            self._lease is not None
            and time.monotonic() - self._failing_since > self.settings.relay_release_after_s
        ):
            log.warning(
                "outbox relay has failed to publish for %.0f s; giving up the lead",
                time.monotonic() - self._failing_since,
            )
            self.release()
            self._failing_since = None
        return delay

    def close(self) -> None:
        self._close_producer()
        self.release()

    def release(self) -> None:
        """Give up the lease (on stop): a standby takes over without waiting."""
        if self._lease is not None:
            self._lease.release()
            self._lease = None
        self.status.leader = False

    def _close_producer(self) -> None:
        if self._producer is not None:
            try:
                self._producer.close(timeout=5)
            except Exception:  # closing a broken producer must not stop the loop
                log.debug("error closing producer", exc_info=True)
            self._producer = None


def run() -> None:
    """Entry point `potret-profile-relay`: the relay as its own process."""
    no_arguments(
        "potret-profile-relay", "Relay outbox profil ke Kafka sebagai proses sendiri.", "PROFILE_"
    )
    settings = get_settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    relay = OutboxRelay(RecordStore(settings.store_target()), settings)
    signal.signal(signal.SIGTERM, lambda *_: relay.stop())
    try:
        relay.run()
    except KeyboardInterrupt:
        relay.stop()
