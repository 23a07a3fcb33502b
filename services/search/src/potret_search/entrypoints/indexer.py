"""Kafka → Elasticsearch indexer, an entry point like an HTTP route.

Offsets are committed only after Elasticsearch accepted the batch, so a crash replays the
uncommitted events; external versioning makes the replay harmless. Undecodable messages go to
the dead-letter topic with the reason in a header, and the consumer moves on.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from kafka import (
    KafkaAdminClient,
    KafkaConsumer,
    KafkaProducer,
    OffsetAndMetadata,
    TopicPartition,
)
from kafka.admin import MemberToRemove
from kafka.errors import FencedInstanceIdError, NoError
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from potret.asn.v1 import profile_events_pb2 as pb
from potret_events import (
    UndecodableEvent,
    client_settings,
    decode_profile_changed,
)
from potret_events.dlq import dead_letter
from potret_events.settings import ensure_catalogue
from potret_events.worker import Worker
from potret_search.adapters.elastic import connect
from potret_search.adapters.events import action_for
from potret_search.adapters.index import ProfileIndex
from potret_search.domain.documents import IndexAction
from potret_search.settings import Settings

log = logging.getLogger(__name__)

# After another process took this instance's group membership (static membership): how long
# before joining again.
FENCED_PAUSE_S = 30.0


@dataclass
class IndexerStatus:
    """What /readyz reports about the indexer."""

    kafka_connected: bool = False
    elasticsearch_ready: bool = False
    last_error: str | None = None
    indexed_total: int = 0
    stale_total: int = 0
    dead_lettered_total: int = 0
    # Documents that took their scores over from the stored version (the same inputs).
    expertise_reused_total: int = 0
    last_batch_at: float | None = None
    assigned_partitions: int = 0
    # True once every assigned partition has a known position (after a rebalance too).
    positions_ready: bool = False
    # Seconds between an event's occurred_at and the moment Elasticsearch accepted it.
    lags: deque[float] = field(default_factory=lambda: deque(maxlen=10_000))

    def freshness(self) -> dict[str, float | int | None]:
        values = sorted(self.lags)
        if not values:
            return {"count": 0, "p50_s": None, "p99_s": None, "max_s": None}

        def pct(q: float) -> float:
            return round(values[min(len(values) - 1, int(q * len(values)))], 3)

        return {"count": len(values), "p50_s": pct(0.5), "p99_s": pct(0.99), "max_s": pct(1.0)}


class IndexerMetrics:
    """Prometheus metrics of one indexer, in its own registry (served at /metrics)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.lag = Histogram(
            "potret_search_index_lag_seconds",
            "Seconds from an event's occurred_at until Elasticsearch accepted its document.",
            buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800),
            registry=self.registry,
        )
        self.indexed = Counter(
            "potret_search_indexed_documents",
            "Documents written to the index (newer than what it held).",
            registry=self.registry,
        )
        self.stale = Counter(
            "potret_search_stale_events",
            "Events skipped because the index already held a newer version.",
            registry=self.registry,
        )
        self.dead_lettered = Counter(
            "potret_search_dead_lettered_events",
            "Undecodable or invalid events sent to the dead-letter topic.",
            registry=self.registry,
        )
        self.consumer_lag = Gauge(
            "potret_search_consumer_lag_records",
            "Events on the topic not yet indexed by this instance (its assigned partitions).",
            registry=self.registry,
        )
        self.bulk_duration = Histogram(
            "potret_search_bulk_duration_seconds",
            "Seconds one bulk write of a batch took in Elasticsearch.",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=self.registry,
        )
        self.build_duration = Histogram(
            "potret_search_build_duration_seconds",
            "Seconds to decode a polled batch and build its documents (stemming, expertise).",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=self.registry,
        )
        self.prior_read_duration = Histogram(
            "potret_search_prior_read_duration_seconds",
            "Seconds one _mget of a batch's stored scores took (part of the build's duration).",
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15),
            registry=self.registry,
        )
        self.reused = Counter(
            "potret_search_expertise_reused",
            "Documents that took their scores and evidence over from the stored version of the "
            "record (the same expertise inputs, month and rules) instead of computing them.",
            registry=self.registry,
        )
        self.errors = Counter(
            "potret_search_indexer_errors",
            "Failed indexing rounds (the batch is replayed after a backoff).",
            registry=self.registry,
        )


@dataclass
class _Batch:
    """One polled batch on its way to the index."""

    actions: list[IndexAction] = field(default_factory=list)
    bad: list[tuple[Any, str]] = field(default_factory=list)
    occurred: list[float] = field(default_factory=list)
    first: dict[TopicPartition, int] = field(default_factory=dict)
    next: dict[TopicPartition, int] = field(default_factory=dict)
    seen: int = 0
    reused: int = 0  # documents whose scores were taken over (see Indexer._priors)


class Indexer(Worker):
    """Consumes profile events in a consumer group and writes them to the index."""

    name = "indexer"

    def __init__(self, settings: Settings, index: ProfileIndex) -> None:
        super().__init__()
        self.settings = settings
        self.index = index
        self.status = IndexerStatus()
        self._consumer: KafkaConsumer | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._producer: KafkaProducer | None = None
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="indexer-bulk")
        self._inflight: tuple[_Batch, Future[tuple[int, int]]] | None = None
        self._fenced = False  # another process holds this instance's membership now
        self._member_id: str | None = None  # the member id of the last consumer closed
        self.metrics = IndexerMetrics()

    def stop(self, timeout: float = 15) -> None:
        super().stop(timeout)
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        self._writer.shutdown(wait=True)

    def _connect(self) -> None:
        servers = self.settings.kafka_bootstrap_servers
        if not self.status.elasticsearch_ready:
            try:
                self.index.ensure()
            except Exception as exc:
                raise ConnectionError(
                    f"Elasticsearch at {self.settings.elasticsearch_url} unavailable: {exc}"
                ) from exc
            self.status.elasticsearch_ready = True
        try:
            ensure_catalogue(self.settings, client_id="potret-search-admin")
            self._producer = KafkaProducer(
                bootstrap_servers=servers,
                client_id="potret-search-dlq",
                acks="all",
                **client_settings(),
            )
            self._consumer = KafkaConsumer(
                self.settings.topic,
                bootstrap_servers=servers,
                group_id=self.settings.consumer_group,
                client_id="potret-search-indexer",
                **client_settings(),
                enable_auto_commit=False,
                auto_offset_reset=self.settings.consumer_offset_reset,
                max_poll_records=self.settings.consumer_max_batch,
                session_timeout_ms=self.settings.consumer_session_timeout_ms,
                heartbeat_interval_ms=max(1_000, self.settings.consumer_session_timeout_ms // 4),
                group_instance_id=self.settings.consumer_instance_id or None,
                # A group joined while the topic's metadata was not yet served gets no
                # partitions and rejoins only when the metadata changes: refresh it every 10 s
                # (default 5 min), so a new or recreated topic is consumed within seconds.
                metadata_max_age_ms=10_000,
            )
        except Exception as exc:
            self._close()
            raise ConnectionError(f"Kafka at {servers} unavailable: {exc}") from exc
        self.status.kafka_connected = True
        self.status.last_error = None
        self._fenced = False
        log.info(
            "indexer consuming %s as group %s", self.settings.topic, self.settings.consumer_group
        )

    def _build(self, valid: list[tuple[Any, pb.ProfileChanged]]) -> list[IndexAction | str]:
        """Documents for the events, in order; a string says why one could not be built.

        A record's stored document (or one built earlier in this batch, or in the batch in
        flight) goes along as `prior`: when its expertise inputs are those of the new version,
        its scores and evidence are taken over (documents.document_for).

        With SEARCH_BUILD_WORKERS > 1 large batches are built in worker processes (stemming
        and expertise are CPU-bound Python; threads would not run them in parallel); there a
        record's earlier version in the same batch is not passed along.
        """
        priors = self._priors([e for _, e in valid])
        workers = self.settings.build_workers
        if workers <= 1 or len(valid) < 64:
            out: list[IndexAction | str] = []
            for _, event in valid:
                built = action_or_reason(event, priors.get(event.nip))
                if not isinstance(built, str):
                    priors[event.nip] = built.document
                out.append(built)
            return out
        if self._pool is None:
            self._pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn"))
        payloads = [e.SerializeToString() for _, e in valid]
        chunk = max(16, len(payloads) // (2 * workers))
        found = [priors.get(e.nip) for _, e in valid]
        return list(self._pool.map(build_action, payloads, found, chunksize=chunk))

    def _priors(self, events: list[pb.ProfileChanged]) -> dict[str, dict[str, Any]]:
        """The latest known document of each record that may have one: of the batch in
        flight (not yet in Elasticsearch), else the stored one (one `_mget`), for updated
        records only (a created one has none, a deleted one needs none). Reading them is an
        optimisation: when it fails, the documents are computed in full."""
        wanted = {e.nip for e in events if e.change_type == pb.CHANGE_TYPE_UPDATED}
        priors: dict[str, dict[str, Any]] = {}
        if self._inflight is not None:
            for action in self._inflight[0].actions:
                if action.nip in wanted:
                    priors[action.nip] = action.document
        missing = sorted(wanted - priors.keys())
        if not missing:  # nothing to read (a batch of creates): no call, no timing
            return priors
        try:
            with self.metrics.prior_read_duration.time():
                priors.update(self.index.derived(missing))
        except Exception as exc:  # computed in full; the bulk write reports a real outage
            log.warning("cannot read the stored documents of %d records: %s", len(missing), exc)
        return priors

    def process_once(self, timeout_ms: int = 1000) -> int:
        """Poll one batch, build its documents and hand them to the bulk writer; returns the
        records seen.

        Pipelined: while Elasticsearch indexes batch N (in the writer thread), this thread
        polls and builds batch N+1. Batch N's offsets are committed, and its bad records
        dead-lettered, only once its bulk succeeded; if it failed, both batches are rewound
        and replayed. Nothing is left in flight before a blocking poll, so an idle consumer
        never holds back a finished write.
        """
        if self._consumer is None:
            self._connect()
        assert self._consumer is not None
        records = self._consumer.poll(timeout_ms=0 if self._inflight else timeout_ms)
        if not records and self._inflight:
            self._finish()
            records = self._consumer.poll(timeout_ms=timeout_ms)
        assignment = self._consumer.assignment()
        if len(assignment) != self.status.assigned_partitions or not self.status.positions_ready:
            for tp in assignment:
                self._consumer.position(tp)  # resolves the reset offset now, not lazily
            self.status.assigned_partitions = len(assignment)
            self.status.positions_ready = bool(assignment)
        if not records:
            return 0
        try:
            with self.metrics.build_duration.time():
                batch = self._prepare(records)
        except Exception:
            self._rewind({tp: part[0].offset for tp, part in records.items()})
            raise
        if self._inflight:
            self._finish(then=batch)
        future = self._writer.submit(self._timed_apply, batch.actions)
        self._inflight = (batch, future)
        if not self.settings.pipeline:
            self._finish()
        return batch.seen

    def _rewind(self, offsets: dict[TopicPartition, int]) -> None:
        """Seek back so that these records are polled again."""
        assert self._consumer is not None
        for tp, offset in offsets.items():
            try:
                self._consumer.seek(tp, offset)
            except Exception:  # partition revoked by a rebalance: its new owner replays it
                log.info("could not rewind %s (no longer assigned)", tp)

    def _commit_offsets(
        self, batch: _Batch, then: _Batch | None
    ) -> dict[TopicPartition, OffsetAndMetadata]:
        """What is done, for every assigned partition: up to the first record of the batch
        polled but not yet written (`then`), else past `batch`, else the current position
        (nothing outstanding). Partitions without records are committed too, so a restart
        never falls back to the reset policy for them (with "latest" it would skip events)."""
        assert self._consumer is not None
        pending = then.first if then else {}
        offsets = {}
        for tp in self._consumer.assignment():
            if tp in pending:
                offset = pending[tp]
            elif tp in batch.next:
                offset = batch.next[tp]
            else:
                offset = self._consumer.position(tp)
            offsets[tp] = OffsetAndMetadata(offset, "", -1)
        # Partitions revoked meanwhile are left to their new owner, which replays them.
        return offsets

    def _observe_consumer_lag(self) -> None:
        """Records between this instance's position and the partitions' ends, from the high
        watermarks the last fetches reported (no extra request)."""
        assert self._consumer is not None
        behind = 0
        for tp in self._consumer.assignment():
            high = self._consumer.highwater(tp)
            if high is not None:
                behind += max(0, high - (self._consumer.position(tp) or 0))
        self.metrics.consumer_lag.set(behind)

    def _prepare(self, records: dict[TopicPartition, list[Any]]) -> _Batch:
        """Decode and build a polled batch; undecodable and unbuildable records are set aside
        for the dead-letter topic."""
        batch = _Batch()
        valid: list[tuple[Any, pb.ProfileChanged]] = []
        for tp, part in records.items():
            batch.first[tp] = part[0].offset
            batch.next[tp] = part[-1].offset + 1
            for record in part:
                batch.seen += 1
                try:
                    valid.append(
                        (record, decode_profile_changed(record.key, record.value, record.headers))
                    )
                except UndecodableEvent as exc:
                    batch.bad.append((record, str(exc)))
        for (record, event), built in zip(valid, self._build(valid), strict=True):
            if isinstance(built, str):  # a valid event we cannot turn into a document
                log.error("cannot build the document of %s: %s", record, built)
                batch.bad.append((record, f"invalid event: {built}"))
                continue
            batch.actions.append(built)
            if built.reused:
                batch.reused += 1
            batch.occurred.append(event.occurred_at.seconds + event.occurred_at.nanos / 1e9)
        return batch

    def _timed_apply(self, actions: list[IndexAction]) -> tuple[int, int]:
        with self.metrics.bulk_duration.time():
            return self.index.apply(actions)

    def _finish(self, then: _Batch | None = None) -> None:
        """Wait for the batch in flight, dead-letter its bad records and commit its offsets.

        On failure nothing of it counts as done: the consumer is rewound to its first offsets
        (and to those of `then`, the next batch already polled) and the error is raised for
        the caller's backoff.
        """
        assert self._inflight is not None
        assert self._consumer is not None
        assert self._producer is not None
        batch, future = self._inflight
        self._inflight = None
        try:
            written, stale = future.result()
            for record, reason in batch.bad:
                log.warning("dead-lettering %s: %s", record, reason)
                dead_letter(
                    self._producer, record, reason, consumer_group=self.settings.consumer_group
                )
            self._consumer.commit(self._commit_offsets(batch, then))
        except Exception:
            rewind = dict(then.first) if then else {}
            rewind.update(batch.first)  # earlier offsets win
            self._rewind(rewind)
            raise
        now = time.time()
        lags = [max(0.0, now - t) for t in batch.occurred]
        self.status.lags.extend(lags)
        for lag in lags:
            self.metrics.lag.observe(lag)
        self.metrics.indexed.inc(written)
        self.metrics.stale.inc(stale)
        self.metrics.dead_lettered.inc(len(batch.bad))
        self.metrics.reused.inc(batch.reused)
        try:
            self._observe_consumer_lag()
        except Exception:  # a metric must never break the indexing path
            log.debug("cannot compute the consumer lag", exc_info=True)
        self.status.indexed_total += written
        self.status.stale_total += stale
        self.status.dead_lettered_total += len(batch.bad)
        self.status.expertise_reused_total += batch.reused
        self.status.last_batch_at = now

    def turn(self) -> None:
        self.process_once()

    def failed(self, exc: Exception) -> float:
        """A failed round: the batch is replayed after the backoff (reconnecting first when
        the connection was lost)."""
        self.metrics.errors.inc()
        if isinstance(exc, FencedInstanceIdError):
            # Another process joined as this instance: a restart that overlapped this one, or
            # two instances given one id. Stop consuming, say why (not ready meanwhile), and
            # join again only after a long pause: an overlapping old process has ended by
            # then, and two live ones would take turns loudly instead of silently.
            self.status.last_error = (
                f"another process consumes as SEARCH_CONSUMER_INSTANCE_ID="
                f"{self.settings.consumer_instance_id} (each instance needs its own); "
                f"joining again in {FENCED_PAUSE_S:.0f} s"
            )
            log.error("indexer fenced: %s", self.status.last_error)
            self._fenced = True
            self._close()
            return FENCED_PAUSE_S
        self.status.last_error, delay = self.report(exc, "indexer error", log)
        if isinstance(exc, ConnectionError):
            self._close()
        return delay

    def close(self) -> None:
        self._close()
        if self.settings.consumer_instance_id and not self._fenced:  # fenced: not ours now
            self._leave_group()

    def _leave_group(self) -> None:
        """A static member's consumer does not leave the group when it closes: its partitions
        wait for it until the session timeout, so that a restart in place takes them back
        without a rebalance. A stop is not a crash: leave now, and the others take them at
        once. Best effort: failing that, they move after the session timeout.

        The request names this process's member id with the instance id: if another process
        has joined under the id meanwhile (a restart that overlapped this one), the broker
        refuses it (FENCED_INSTANCE_ID) instead of removing that newer member. Without a
        member id (never joined, or Kafka down at the stop) there is nothing to leave."""
        instance, member = self.settings.consumer_instance_id, self._member_id
        self._member_id = None  # one attempt per membership
        if not member:
            return
        try:
            admin = KafkaAdminClient(
                bootstrap_servers=self.settings.kafka_bootstrap_servers,
                client_id="potret-search-admin",
                request_timeout_ms=5_000,
                bootstrap_timeout_ms=5_000,  # within the service's stop (15 s)
                **client_settings(),
            )
            try:
                result = admin.remove_group_members(
                    self.settings.consumer_group,
                    [
                        MemberToRemove(
                            member_id=member, group_instance_id=instance, reason="instance stopped"
                        )
                    ],
                )
            finally:
                admin.close()
        except Exception as exc:
            log.warning(
                "could not leave group %s as %s (%s); its partitions move after the session "
                "timeout",
                self.settings.consumer_group,
                instance,
                exc,
            )
            return
        errors = [error for error in result.values() if error is not NoError]
        if errors:
            log.info("leaving group %s as %s: %s", self.settings.consumer_group, instance, errors)
        else:
            log.info("left group %s as %s", self.settings.consumer_group, instance)

    def _close(self) -> None:
        if self._inflight is not None:
            try:
                self._finish()
            except FencedInstanceIdError:  # another process holds the membership now
                self._fenced = True
                log.warning("batch in flight not committed: fenced by another instance")
            except Exception:  # not committed: replayed after the reconnect
                log.warning("batch in flight not committed; it will be replayed", exc_info=True)
        if self._consumer is not None:
            try:  # the member id this process joined with (closing forgets it)
                self._member_id = self._consumer.group_metadata().member_id or None
            except Exception:
                self._member_id = None
        for client in (self._consumer, self._producer):
            if client is not None:
                try:
                    client.close()
                except Exception:
                    log.debug("error closing Kafka client", exc_info=True)
        self._consumer = None
        self._producer = None
        self.status.kafka_connected = False


def action_or_reason(
    event: pb.ProfileChanged, prior: dict[str, Any] | None = None
) -> IndexAction | str:
    """The index action of one event, or the reason it cannot be built."""
    try:
        return action_for(event, prior=prior)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


def build_action(payload: bytes, prior: dict[str, Any] | None = None) -> IndexAction | str:
    """action_or_reason for a serialised event (what worker processes receive)."""
    return action_or_reason(pb.ProfileChanged.FromString(payload), prior)


def make_index(settings: Settings) -> ProfileIndex:
    """The index adapter for these settings."""
    client = connect(settings, request_timeout=15, retry_on_timeout=True)
    return ProfileIndex(
        client,
        alias=settings.index_alias,
        version=settings.index_version,
        shards=settings.index_shards,
        replicas=settings.index_replicas,
    )
