"""Feeds the read model from the profile and position topics.

Every ranking replica holds the whole read model, so it reads all partitions itself (manual
assignment, no consumer group). It resumes from its own snapshot: the columns and the topic
offsets they contain are written atomically every RANKING_SNAPSHOT_INTERVAL_S seconds (when
something changed), but never more often than keeps their writing within
RANKING_SNAPSHOT_SHARE of the time (a snapshot of 1,000,000 rows takes seconds; written every
minute during an import it was a third of the service's CPU per profile), and at shutdown;
without a snapshot it replays the topics from the beginning. Undecodable messages go to the
topic's dead-letter topic (consumer group header `potret-ranking`; with several replicas each
one reports it) and never stop the model.

When the month turns, the model is rebuilt: expertise is measured as of the first of the
month (`expertise_as_of`), so the consumer replays the topics into a new model measured at
the new date while the old one keeps answering, then swaps them (`ReadModel.replace_with`)
and goes on from where the replay stopped. Nothing is skipped: the replay reads up to the
end of the topics and the live stream continues from the replay's own position.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from potret_events import (
    POSITION_TOPIC,
    PROFILE_TOPIC,
    UndecodableEvent,
    client_settings,
    decode_position_changed,
    decode_profile_changed,
)
from potret_events.dlq import dead_letter
from potret_events.settings import ensure_catalogue
from potret_events.worker import Worker
from potret_expertise import expertise_as_of
from potret_ranking.adapters.read_model import ReadModel
from potret_ranking.settings import Settings

log = logging.getLogger(__name__)
TOPICS = (PROFILE_TOPIC, POSITION_TOPIC)
DLQ_GROUP = "potret-ranking"


LAG_INTERVAL_S = 5.0


@dataclass
class ConsumerStatus:
    connected: bool = False
    caught_up: bool = False
    applied_total: int = 0
    skipped_undecodable: int = 0
    snapshot_loaded: bool = False
    snapshots_written: int = 0
    # How long the last snapshot took to write (seconds; 0 before the first).
    snapshot_seconds: float = 0.0
    # Events on the topics not yet applied (refreshed every LAG_INTERVAL_S).
    lag_records: int = 0
    last_error: str | None = None
    # Rebuilds for a new month (expertise measured as of its first day).
    month_rebuilds: int = 0


class ReadModelConsumer(Worker):
    """Keeps a ReadModel current; calls `on_ready(bool)` when catch-up state changes."""

    name = "read-model"

    def __init__(
        self,
        settings: Settings,
        model: ReadModel,
        on_ready: Callable[[bool], None],
        *,
        offsets: dict[str, dict[int, int]] | None = None,
        topics: tuple[str, str] = TOPICS,
        clock: Callable[[], dt.date] = dt.date.today,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """`topics`: (profile, position) topics; `clock`: today's date (tests turn months);
        `monotonic`: the seconds snapshots are paced by (tests move them)."""
        super().__init__()
        self.settings = settings
        self.profile_topic, self.position_topic = topics
        self.clock = clock
        self.model = model
        self.on_ready = on_ready
        self.status = ConsumerStatus(snapshot_loaded=offsets is not None)
        self.offsets: dict[str, dict[int, int]] = offsets or {}
        self.monotonic = monotonic
        self._dirty = False
        self._next_snapshot = monotonic() + settings.snapshot_interval_s

    def stop(self, timeout: float = 10) -> None:
        super().stop(timeout)
        if self._thread is not None and self._thread.is_alive():
            # still applying (a stuck poll): its offsets may move under a snapshot; the last
            # one written stands and the next start replays from it
            log.warning("the read-model consumer did not stop within %.0f s: no snapshot", timeout)
            return
        self.snapshot(force=True)

    def snapshot(self, *, force: bool = False) -> None:
        path = self.settings.snapshot_path
        if not path or not (self._dirty or force):
            return
        if not force and self.monotonic() < self._next_snapshot:
            return
        began = self.monotonic()
        try:
            self.model.save(Path(path), self.offsets)
            self.status.snapshots_written += 1
            self.status.snapshot_seconds = self.monotonic() - began
            self._dirty = False
        except Exception:
            log.exception("cannot write the read-model snapshot to %s", path)
        took = self.monotonic() - began
        share = self.settings.snapshot_share
        # The writing is at most `share` of the time from one paced snapshot's start to the
        # next (a forced one, at the catch-up, a month's rebuild or shutdown, is not held back).
        pause = max(self.settings.snapshot_interval_s - took, took * (1 - share) / share)
        self._next_snapshot = self.monotonic() + pause

    def _open(self) -> tuple[KafkaConsumer, KafkaProducer, dict[TopicPartition, int]]:
        servers = self.settings.kafka_bootstrap_servers
        ensure_catalogue(self.settings, client_id="potret-ranking-admin")
        consumer = KafkaConsumer(
            bootstrap_servers=servers,
            client_id="potret-ranking-read-model",
            group_id=None,
            enable_auto_commit=False,
            max_poll_records=2000,
            **client_settings(),
        )
        producer = KafkaProducer(
            bootstrap_servers=servers,
            client_id="potret-ranking-dlq",
            acks="all",
            **client_settings(),
        )
        tps: list[TopicPartition] = []
        for topic in (self.profile_topic, self.position_topic):
            partitions = consumer.partitions_for_topic(topic)
            if not partitions:
                consumer.close()
                producer.close()
                raise ConnectionError(f"no partition metadata for {topic} yet")
            tps += [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        begin = consumer.beginning_offsets(tps)
        for tp in tps:
            held = self.offsets.get(tp.topic, {}).get(tp.partition)
            # Resume after the snapshot; fall back to the beginning if retention moved past it.
            consumer.seek(tp, max(held, begin[tp]) if held is not None else begin[tp])
        return consumer, producer, consumer.end_offsets(tps)

    def _into(self, model: ReadModel, record: Any) -> bool:
        """Apply one record to `model`; UndecodableEvent when it cannot be read."""
        if record.topic == self.position_topic:
            return model.apply_position(decode_position_changed(record.value))
        return model.apply(decode_profile_changed(record.key, record.value, record.headers))

    def _apply(self, record: Any, producer: KafkaProducer) -> None:
        try:
            applied = self._into(self.model, record)
        except UndecodableEvent as exc:
            self.status.skipped_undecodable += 1
            log.warning("dead-lettering %s@%d: %s", record.topic, record.offset, exc)
            dead_letter(producer, record, str(exc), consumer_group=DLQ_GROUP)
            applied = False
        if applied:
            self.status.applied_total += 1
            self._dirty = True
        self.offsets.setdefault(record.topic, {})[record.partition] = record.offset + 1

    def _rebuild_for_month(
        self, consumer: KafkaConsumer, producer: KafkaProducer, as_of: dt.date
    ) -> bool:
        """Replay every assigned partition from its beginning into a model measured at
        `as_of`, then serve it. An undecodable record the live stream already read was
        dead-lettered then and is skipped; one it had not reached yet (written just before
        or during the replay) is dead-lettered here. Returns False when stopped first (the
        old model stays, with its own offsets; the next start replays for the new month)."""
        started = time.monotonic()
        log.info(
            "month turned: rebuilding the read model with expertise as of %s (was %s)",
            as_of.isoformat(),
            self.model.as_of.isoformat(),
        )
        fresh = ReadModel(as_of=as_of)
        tps = list(consumer.assignment())
        end = consumer.end_offsets(tps)
        reached = {(tp.topic, tp.partition): consumer.position(tp) for tp in tps}
        for tp, offset in consumer.beginning_offsets(tps).items():
            consumer.seek(tp, offset)
        offsets: dict[str, dict[int, int]] = {}
        while not all(consumer.position(tp) >= end[tp] for tp in tps):
            if self._stop.is_set():
                return False
            for records in consumer.poll(timeout_ms=500).values():
                for record in records:
                    try:
                        self._into(fresh, record)
                    except UndecodableEvent as exc:
                        if record.offset >= reached[(record.topic, record.partition)]:
                            self.status.skipped_undecodable += 1
                            log.warning(
                                "dead-lettering %s@%d: %s", record.topic, record.offset, exc
                            )
                            dead_letter(producer, record, str(exc), consumer_group=DLQ_GROUP)
                    offsets.setdefault(record.topic, {})[record.partition] = record.offset + 1
        self.model.replace_with(fresh)
        self.offsets = offsets
        self.status.month_rebuilds += 1
        self._dirty = True
        self.snapshot(force=True)
        log.info(
            "read model rebuilt as of %s: %d profiles in %.1f s",
            as_of.isoformat(),
            len(self.model),
            time.monotonic() - started,
        )
        return True

    def turn(self) -> None:
        """One connection to Kafka: consume until stopped or until the connection fails."""
        consumer: KafkaConsumer | None = None
        producer: KafkaProducer | None = None
        try:
            consumer, producer, end = self._open()
            self.status.connected = True
            self.status.last_error = None
            log.info(
                "read model consuming %s (%d partitions)",
                (self.profile_topic, self.position_topic),
                len(end),
            )
            self.backoff.reset()
            lag_checked = 0.0
            while not self._stop.is_set():
                as_of = expertise_as_of(self.clock())
                if as_of != self.model.as_of and not self._rebuild_for_month(
                    consumer, producer, as_of
                ):
                    break
                batch = consumer.poll(timeout_ms=500)
                for records in batch.values():
                    for record in records:
                        self._apply(record, producer)
                if not self.status.caught_up and all(
                    consumer.position(tp) >= offset for tp, offset in end.items()
                ):
                    self.status.caught_up = True
                    log.info("read model caught up: %d profiles", len(self.model))
                    self.on_ready(True)
                    self.snapshot(force=True)
                self.snapshot()
                if time.monotonic() - lag_checked >= LAG_INTERVAL_S:
                    lag_checked = time.monotonic()
                    tps = list(end)
                    latest = consumer.end_offsets(tps)
                    self.status.lag_records = sum(
                        max(0, latest[tp] - consumer.position(tp)) for tp in tps
                    )
        finally:
            for client in (consumer, producer):
                if client is not None:
                    try:
                        client.close()
                    except Exception:
                        log.debug("error closing Kafka client", exc_info=True)

    def failed(self, exc: Exception) -> float:
        self.status.connected = False
        servers = self.settings.kafka_bootstrap_servers
        self.status.last_error, delay = self.report(
            exc, f"read model cannot consume from Kafka at {servers}", log
        )
        return delay
