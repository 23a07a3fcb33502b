"""The indexer against a real Kafka and a real Elasticsearch, on a scratch topic and index.

Covers what the live consumer must guarantee: out-of-order versions, deletes, dead-lettering,
no commit before Elasticsearch accepted a batch (a failing bulk is replayed, nothing lost),
resuming from committed offsets after a restart, and the Prometheus metrics it exports.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from prometheus_client import generate_latest

from potret.asn.v1 import profile_events_pb2 as pb
from potret_events import TopicSpec, dlq_topic, ensure_topics, event_headers, kafka_security
from potret_search.adapters.events import action_for
from potret_search.adapters.index import ProfileIndex
from potret_search.domain.documents import DERIVED_FIELDS, IndexAction
from potret_search.entrypoints.indexer import Indexer, make_index
from potret_search.settings import Settings

pytestmark = pytest.mark.integration


class FailingIndex(ProfileIndex):
    """The real index, except that the first `failures` bulk writes raise (fault injection)."""

    failures = 0

    def apply(self, actions: list[IndexAction], *, index: str | None = None) -> tuple[int, int]:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("injected: Elasticsearch unavailable")
        return super().apply(actions, index=index)


def _event(nip: str, version: int, *, jabatan: str = "Penyuluh Perikanan") -> pb.ProfileChanged:
    kind = pb.CHANGE_TYPE_CREATED if version == 1 else pb.CHANGE_TYPE_UPDATED
    event = pb.ProfileChanged(
        event_id=str(uuid.uuid4()),
        nip=nip,
        version=version,
        change_type=kind,
        profile=pb.Profile(
            nip=nip, name="Siti Aminah", golongan="III/b", jabatan=jabatan, opd="Dinas Perikanan"
        ),
    )
    event.occurred_at.GetCurrentTime()
    return event


def _deleted(nip: str, version: int) -> pb.ProfileChanged:
    event = pb.ProfileChanged(
        event_id=str(uuid.uuid4()), nip=nip, version=version, change_type=pb.CHANGE_TYPE_DELETED
    )
    event.occurred_at.GetCurrentTime()
    return event


@pytest.fixture
def scratch(kafka_bootstrap: str, elasticsearch_url: str) -> Iterator[Settings]:
    tag = uuid.uuid4().hex[:8]
    topic = f"potret.test.profile.{tag}"
    ensure_topics(
        kafka_bootstrap,
        [TopicSpec(topic, 3, 1, {}), TopicSpec(dlq_topic(topic), 1, 1, {})],
        client_id="potret-test",
    )
    settings = Settings(
        topic=topic,
        index_alias=f"potret-test-{tag}",
        consumer_group=f"potret-test-{tag}",
        kafka_bootstrap_servers=kafka_bootstrap,
        elasticsearch_url=elasticsearch_url,
        index_replicas=0,
        consumer_max_batch=7,  # several batches, so the pipeline has one in flight
    )
    yield settings
    index = make_index(settings)
    if index.alias_target():
        index.client.indices.delete(index=index.index)
    index.client.close()


def _send(settings: Settings, items: list[tuple[str, bytes, str]]) -> None:
    producer = KafkaProducer(
        **kafka_security(), bootstrap_servers=settings.kafka_bootstrap_servers, acks="all"
    )
    for nip, value, event_id in items:
        producer.send(
            settings.topic,
            key=nip.encode(),
            value=value,
            headers=event_headers("potret.asn.v1.ProfileChanged", event_id),
        )
    producer.flush()
    producer.close()


def _encoded(events: list[pb.ProfileChanged]) -> list[tuple[str, bytes, str]]:
    return [(e.nip, e.SerializeToString(), e.event_id) for e in events]


def _drain(indexer: Indexer, until: Callable[[], bool], rounds: int = 200) -> int:
    """Run the indexer until `until()`; returns how many rounds failed."""
    errors = 0
    for _ in range(rounds):
        try:
            indexer.process_once(timeout_ms=200)
        except ConnectionError:
            errors += 1  # what run() would back off from; the batch must be replayed
        if until() and indexer._inflight is None:
            return errors
    pytest.fail(f"indexer did not converge ({indexer.status}, {errors} errors)")


def _committed(settings: Settings) -> dict[int, int]:
    consumer = KafkaConsumer(
        **kafka_security(),
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=settings.consumer_group,
        enable_auto_commit=False,
    )
    try:
        tps = [TopicPartition(settings.topic, p) for p in range(3)]
        end = consumer.end_offsets(tps)
        return {tp.partition: (consumer.committed(tp) or 0) - end[tp] for tp in tps}
    finally:
        consumer.close()


def _metric(indexer: Indexer, name: str) -> float:
    for line in generate_latest(indexer.metrics.registry).decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"metric {name} not exported")


def test_failing_bulk_is_replayed_out_of_order_versions_deletes_and_dlq(
    scratch: Settings, new_nip: Callable[[], str]
) -> None:
    nips = [new_nip() for _ in range(12)]
    events: list[pb.ProfileChanged] = []
    for nip in nips:
        events += [_event(nip, 3, jabatan="Analis Perikanan"), _event(nip, 1), _event(nip, 2)]
    events.append(_deleted(nips[0], 4))
    items = _encoded(events)
    items.insert(5, (nips[1], b"\xff\x00 not protobuf", "garbage-1"))
    _send(scratch, items)

    index = FailingIndex(
        make_index(scratch).client, alias=scratch.index_alias, replicas=0, shards=1
    )
    index.failures = 2
    indexer = Indexer(scratch, index)
    try:
        failed = _drain(
            indexer, lambda: indexer.status.indexed_total + indexer.status.stale_total >= 37
        )
        assert failed == 2
        index.client.indices.refresh(index=index.index)
        for nip in nips[1:]:
            doc: dict[str, Any] | None = index.get(nip)
            assert doc is not None
            assert doc["version"] == 3, "an older version overwrote a newer one"
            assert doc["jabatan"] == "Analis Perikanan"
        tomb = index.get(nips[0])
        assert tomb is not None
        assert tomb["deleted"] is True
        assert indexer.status.dead_lettered_total == 1
        assert _committed(scratch) == {0: 0, 1: 0, 2: 0}, "not everything committed"
        # Every event once through Elasticsearch after the two failed rounds: 12 newest
        # versions + the tombstone written, the older versions and replays stale.
        assert _metric(indexer, "potret_search_index_lag_seconds_count") == (
            indexer.status.indexed_total + indexer.status.stale_total
        )
        assert _metric(indexer, "potret_search_dead_lettered_events_total") == 1
        assert _metric(indexer, "potret_search_consumer_lag_records") == 0
    finally:
        indexer._close()

    dlq = KafkaConsumer(
        dlq_topic(scratch.topic),
        **kafka_security(),
        bootstrap_servers=scratch.kafka_bootstrap_servers,
        auto_offset_reset="earliest",
        consumer_timeout_ms=5000,
    )
    reasons = [dict(m.headers).get("dlq-error", b"").decode() for m in dlq]
    dlq.close()
    assert len(reasons) == 1
    assert "protobuf" in reasons[0] or "nip" in reasons[0]


def test_restart_resumes_from_committed_offsets(
    scratch: Settings, new_nip: Callable[[], str]
) -> None:
    first = [_event(new_nip(), 1) for _ in range(10)]
    _send(scratch, _encoded(first))
    indexer = Indexer(scratch, make_index(scratch))
    try:
        _drain(indexer, lambda: indexer.status.indexed_total >= 10)
    finally:
        indexer._close()

    later = [_event(new_nip(), 1) for _ in range(5)] + [_event(first[0].nip, 2)]
    _send(scratch, _encoded(later))
    restarted = Indexer(scratch, make_index(scratch))
    try:
        _drain(restarted, lambda: restarted.status.indexed_total >= 6)
        # Only the new events were read again: nothing replayed as stale.
        assert restarted.status.stale_total == 0
        assert restarted.status.indexed_total == 6
        doc = restarted.index.get(first[0].nip)
        assert doc is not None
        assert doc["version"] == 2
    finally:
        restarted._close()


def test_partitions_without_records_are_committed_too(
    scratch: Settings, new_nip: Callable[[], str]
) -> None:
    # One NIP, one partition: the other two never receive a record but must still be
    # committed, or a restart with offset reset "latest" would skip what arrives meanwhile.
    nip = new_nip()
    _send(scratch, _encoded([_event(nip, v) for v in (1, 2, 3)]))
    indexer = Indexer(scratch, make_index(scratch))
    try:
        _drain(indexer, lambda: indexer.status.indexed_total + indexer.status.stale_total >= 3)
    finally:
        indexer._close()
    consumer = KafkaConsumer(
        **kafka_security(),
        bootstrap_servers=scratch.kafka_bootstrap_servers,
        group_id=scratch.consumer_group,
        enable_auto_commit=False,
    )
    try:
        committed = [consumer.committed(TopicPartition(scratch.topic, p)) for p in range(3)]
    finally:
        consumer.close()
    assert None not in committed, committed
    assert sum(committed) == 3


def _trained(nip: str, version: int, *, skp_year: int, extra_course: bool = False) -> bytes:
    """A version of a record with trainings and an SKP: only `extra_course` changes what its
    expertise is computed from."""
    event = _event(nip, version)
    event.profile.trainings.append(
        pb.Training(kind="TEKNIS", name="Pelatihan Budidaya Udang Vaname", hours=40, year=2023)
    )
    if extra_course:
        event.profile.trainings.append(
            pb.Training(kind="TEKNIS", name="Pelatihan Statistik Terapan", hours=60, year=2025)
        )
    event.profile.skp.append(pb.SkpRecord(year=skp_year, predikat="BAIK"))
    return event.SerializeToString()


def test_a_version_whose_expertise_inputs_did_not_change_takes_the_stored_scores_over(
    scratch: Settings, new_nip: Callable[[], str]
) -> None:
    # Issue 23: an SKP, a promotion or a corrected name changes no score; the indexer reads
    # the stored document's scores (one _mget per batch) instead of computing them again,
    # and computes them when the inputs, the month or the rules differ.
    nips = [new_nip() for _ in range(10)]
    first = [(n, _trained(n, 1, skp_year=2024), f"{n}-1") for n in nips]
    _send(scratch, first)
    indexer = Indexer(scratch, make_index(scratch))
    try:
        _drain(indexer, lambda: indexer.status.indexed_total >= 10)
        assert indexer.status.expertise_reused_total == 0  # created: nothing to read
        indexer.index.client.indices.refresh(index=indexer.index.index)
        # v2 of all: a new SKP only; v3 of one: a new course as well
        second = [(n, _trained(n, 2, skp_year=2025), f"{n}-2") for n in nips]
        third = _trained(nips[0], 3, skp_year=2025, extra_course=True)
        _send(scratch, [*second, (nips[0], third, f"{nips[0]}-3")])
        _drain(indexer, lambda: indexer.status.indexed_total >= 21)
        assert indexer.status.expertise_reused_total == 10
        assert _metric(indexer, "potret_search_expertise_reused_total") == 10
        indexer.index.client.indices.refresh(index=indexer.index.index)
        for nip, version in [(nips[0], 3), *((n, 2) for n in nips[1:])]:
            stored = indexer.index.get(nip)
            assert stored is not None
            assert stored["version"] == version
            payload = third if version == 3 else _trained(nip, 2, skp_year=2025)
            fresh = action_for(pb.ProfileChanged.FromString(payload)).document
            # taken over or computed, each document is the one computed afresh
            for field in ("expertise_key", *DERIVED_FIELDS):
                assert stored[field] == fresh[field], (nip, field)
        changed, kept = indexer.index.get(nips[0]), indexer.index.get(nips[1])
        assert changed is not None
        assert kept is not None
        assert changed["expertise_key"] != kept["expertise_key"]  # the course counted
    finally:
        indexer._close()


# -- static group membership (SEARCH_CONSUMER_INSTANCE_ID) ------------------------------------


def _instance(settings: Settings, name: str) -> Settings:
    """Settings of one static member; a session of 30 s leaves a busy machine room to bring
    an instance back (build it, connect, join) before its membership expires."""
    return settings.model_copy(
        update={
            "consumer_instance_id": f"{name}-{settings.index_alias}",
            "consumer_session_timeout_ms": 30_000,
        }
    )


def _settle(*indexers: Indexer, until: Callable[[], bool], rounds: int = 300) -> None:
    """Poll every indexer in turn (a rebalance waits for each member's poll) until `until()`;
    a failed round is what run() would pass to `failed`."""
    for _ in range(rounds):
        for indexer in indexers:
            try:
                indexer.process_once(timeout_ms=50)
            except Exception as exc:
                indexer.failed(exc)
        if until():
            return
    pytest.fail("the group did not settle: " + ", ".join(str(i.status) for i in indexers))


def _assigned(indexer: Indexer) -> set[int]:
    return {tp.partition for tp in indexer._consumer.assignment()} if indexer._consumer else set()


def _generation(indexer: Indexer) -> int:
    assert indexer._consumer is not None
    return int(indexer._consumer.group_metadata().generation_id)


def _members(settings: Settings) -> set[str | None]:
    admin = KafkaAdminClient(**kafka_security(), bootstrap_servers=settings.kafka_bootstrap_servers)
    try:
        group = admin.describe_groups([settings.consumer_group])[settings.consumer_group]
    finally:
        admin.close()
    return {m.get("group_instance_id") for m in group["members"]}


def _two_under_one_id(settings: Settings) -> tuple[Indexer, Indexer]:
    """Two processes under one instance id, the second joined after the first (which the
    broker then fences, though it does not know yet)."""
    first = Indexer(settings, make_index(settings))
    second = Indexer(settings, make_index(settings))
    try:
        _settle(first, until=lambda: _assigned(first) == {0, 1, 2})
        _settle(second, until=lambda: _assigned(second) == {0, 1, 2})
    except BaseException:
        first.close()
        second.close()
        raise
    return first, second


def _stable_pair(a: Indexer, b: Indexer) -> None:
    def split() -> bool:
        held_a, held_b = _assigned(a), _assigned(b)
        return bool(held_a) and bool(held_b) and held_a | held_b == {0, 1, 2}

    _settle(a, b, until=split)


def test_an_instance_back_under_its_id_takes_its_partitions_without_a_rebalance(
    scratch: Settings,
) -> None:
    """A crash and a restart in place (kill -9, then the same instance again) must not make
    the group rebalance: the other instance keeps its partitions and its generation, and the
    one that came back gets its own partitions again. A dynamic member would wait for the
    dead one's session timeout and rebalance the whole group (the chaos table's 10-33 s)."""
    settings_a, settings_b = _instance(scratch, "a"), _instance(scratch, "b")
    a, b = Indexer(settings_a, make_index(settings_a)), Indexer(settings_b, make_index(settings_b))
    again: Indexer | None = None
    try:
        _stable_pair(a, b)
        held_a, held_b, generation = _assigned(a), _assigned(b), _generation(b)
        # What the broker sees of a kill: the consumer goes away without leaving the group
        # (close() of a static member sends no LeaveGroup; the indexer's own close would).
        a._close()
        again = Indexer(settings_a, make_index(settings_a))
        _settle(again, b, until=lambda: _assigned(again) == held_a)
        assert _assigned(b) == held_b
        assert _generation(b) == generation, "the group rebalanced"
        assert _members(scratch) == {
            settings_a.consumer_instance_id,
            settings_b.consumer_instance_id,
        }
    finally:
        for indexer in (a, b, again):
            if indexer is not None:
                indexer.close()


def test_a_stopped_instance_leaves_the_group_at_once(scratch: Settings) -> None:
    """A stop is not a crash: the instance's partitions must not wait for its session timeout
    (10 s), so it leaves the group as it closes and the other instance takes them."""
    settings_a, settings_b = _instance(scratch, "a"), _instance(scratch, "b")
    a, b = Indexer(settings_a, make_index(settings_a)), Indexer(settings_b, make_index(settings_b))
    try:
        _stable_pair(a, b)
        a.close()  # the end of the indexer's loop: the service stops
        assert _members(scratch) == {settings_b.consumer_instance_id}
        _settle(b, until=lambda: _assigned(b) == {0, 1, 2})
    finally:
        a.close()
        b.close()


def test_a_second_process_under_the_same_id_stops_the_first_and_says_why(
    scratch: Settings, new_nip: Callable[[], str]
) -> None:
    """Two processes under one id (a restart that overlapped the old process, or a
    configuration error): the broker fences the older one, which learns it at its next
    commit. It must stop consuming, say which setting to fix, stay not ready for a long
    pause before it joins again, and not remove the newer one from the group when it
    stops."""
    settings_a = _instance(scratch, "a")
    first, second = _two_under_one_id(settings_a)
    try:
        _send(scratch, _encoded([_event(new_nip(), 1) for _ in range(12)]))
        pauses: list[float] = []
        failed = first.failed

        def noted(exc: Exception) -> float:
            pauses.append(failed(exc))
            return pauses[-1]

        first.failed = noted  # type: ignore[method-assign]
        _settle(first, second, until=lambda: first._fenced)
        assert "SEARCH_CONSUMER_INSTANCE_ID" in (first.status.last_error or "")
        assert not first.status.kafka_connected
        assert pauses[-1] >= 30
        first.close()
        assert _members(scratch) == {settings_a.consumer_instance_id}
        _settle(second, until=lambda: _assigned(second) == {0, 1, 2})
    finally:
        first.close()
        second.close()


def test_a_stop_does_not_remove_a_newer_process_under_the_same_id(scratch: Settings) -> None:
    """A process that never noticed it was fenced (nothing committed since) still leaves the
    group as it stops: naming its own member id, the broker refuses it, and the newer
    process under the same id stays a member. Without the member id the broker would
    remove whoever holds the instance id."""
    settings_a = _instance(scratch, "a")
    first, second = _two_under_one_id(settings_a)
    try:
        assert not first._fenced
        first.close()
        assert _members(scratch) == {settings_a.consumer_instance_id}
        generation = _generation(second)
        _settle(second, until=lambda: True)
        assert _generation(second) == generation, "the newer process was put out of the group"
    finally:
        first.close()
        second.close()
