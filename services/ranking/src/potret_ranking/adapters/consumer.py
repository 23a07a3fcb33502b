"""Feeds the read model from `potret.asn.profile.v1`, replayed from the beginning.

Every ranking replica holds the whole read model, so it reads all partitions itself (manual
assignment, no consumer group, no committed offsets). Undecodable messages are skipped and
counted here; the search service's consumer group routes them to the dead-letter topic.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from kafka import KafkaConsumer, TopicPartition

from potret_events import (
    PROFILE_TOPIC,
    UndecodableEvent,
    decode_profile_changed,
    ensure_topics,
    topic_catalogue,
)
from potret_events.backoff import Backoff
from potret_ranking.domain.read_model import ReadModel
from potret_ranking.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class ConsumerStatus:
    connected: bool = False
    caught_up: bool = False
    applied_total: int = 0
    skipped_undecodable: int = 0
    last_error: str | None = None


class ReadModelConsumer:
    """Keeps a ReadModel current; calls `on_ready(bool)` when catch-up state changes."""

    def __init__(
        self, settings: Settings, model: ReadModel, on_ready: Callable[[bool], None]
    ) -> None:
        self.settings = settings
        self.model = model
        self.on_ready = on_ready
        self.status = ConsumerStatus()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="read-model", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _open(self) -> tuple[KafkaConsumer, dict[TopicPartition, int]]:
        servers = self.settings.kafka_bootstrap_servers
        ensure_topics(
            servers,
            topic_catalogue(
                partitions=self.settings.kafka_topic_partitions,
                replication_factor=self.settings.kafka_replication_factor,
            ),
            client_id="potret-ranking-admin",
        )
        consumer = KafkaConsumer(
            bootstrap_servers=servers,
            client_id="potret-ranking-read-model",
            group_id=None,
            enable_auto_commit=False,
            max_poll_records=2000,
        )
        partitions = consumer.partitions_for_topic(PROFILE_TOPIC)
        if not partitions:
            consumer.close()
            raise ConnectionError(f"no partition metadata for {PROFILE_TOPIC} yet")
        tps = [TopicPartition(PROFILE_TOPIC, p) for p in sorted(partitions)]
        consumer.assign(tps)
        # Always replay everything: applying is idempotent, and the model lives in memory.
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        return consumer, end

    def run(self) -> None:
        backoff = Backoff()
        while not self._stop.is_set():
            consumer: KafkaConsumer | None = None
            try:
                consumer, end = self._open()
                self.status.connected = True
                self.status.last_error = None
                log.info("read model replaying %s (%d partitions)", PROFILE_TOPIC, len(end))
                backoff.reset()
                while not self._stop.is_set():
                    batch = consumer.poll(timeout_ms=500)
                    for records in batch.values():
                        for record in records:
                            try:
                                event = decode_profile_changed(
                                    record.key, record.value, record.headers
                                )
                            except UndecodableEvent as exc:
                                self.status.skipped_undecodable += 1
                                log.warning(
                                    "skipping undecodable record %s@%d: %s",
                                    record.topic,
                                    record.offset,
                                    exc,
                                )
                                continue
                            if self.model.apply(event):
                                self.status.applied_total += 1
                    if not self.status.caught_up and all(
                        consumer.position(tp) >= offset for tp, offset in end.items()
                    ):
                        self.status.caught_up = True
                        log.info("read model caught up: %d profiles", len(self.model))
                        self.on_ready(True)
            except Exception as exc:
                self.status.connected = False
                self.status.last_error = f"{type(exc).__name__}: {exc}"
                delay = backoff.next_delay()
                log.warning(
                    "read model cannot consume from Kafka at %s (%s); retrying in %.1fs",
                    self.settings.kafka_bootstrap_servers,
                    self.status.last_error,
                    delay,
                )
                self._stop.wait(delay)
            finally:
                if consumer is not None:
                    try:
                        consumer.close()
                    except Exception:
                        log.debug("error closing consumer", exc_info=True)
