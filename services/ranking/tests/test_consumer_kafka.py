"""The read-model consumer against a real Kafka, on scratch topics: when the month turns it
rebuilds the model with expertise measured as of the new month's first day, while the old
model keeps answering, and loses nothing written before, during or after the rebuild.
Undecodable events are dead-lettered once: not again by the rebuild, and not skipped by it
when it reads them before the live stream did."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from potret.asn.v1 import profile_events_pb2 as pb
from potret_events import TopicSpec, dlq_topic, ensure_topics, event_headers, kafka_security
from potret_ranking.adapters.read_model import ReadModel
from potret_ranking.domain.facts import DOMAIN_CODES
from potret_ranking.entrypoints.consumer import ReadModelConsumer
from potret_ranking.settings import Settings

pytestmark = pytest.mark.integration
FISHERIES = DOMAIN_CODES.index("kelautan_perikanan")
NIPS = ["198609262015051001", "199001012015052002", "198805052010011003"]


class Clock:
    """Today's date, turned by the test."""

    def __init__(self, today: dt.date) -> None:
        self.today = today

    def __call__(self) -> dt.date:
        return self.today


def _event(nip: str, version: int = 1, *, ended: str = "2018-06-01") -> pb.ProfileChanged:
    """Fisheries work that ended on `ended`: its score fades with the date measured at."""
    return pb.ProfileChanged(
        event_id=str(uuid.uuid4()),
        nip=nip,
        version=version,
        change_type=pb.CHANGE_TYPE_CREATED if version == 1 else pb.CHANGE_TYPE_UPDATED,
        profile=pb.Profile(
            nip=nip,
            name="Rina Lestari",
            golongan="III/c",
            jabatan="Analis Kebijakan",
            opd="Bappeda",
            positions=[
                pb.PositionRecord(
                    jabatan="Penyuluh Perikanan",
                    opd="Dinas Perikanan",
                    tmt_start="2010-03-01",
                    tmt_end=ended,
                ),
                pb.PositionRecord(jabatan="Analis Kebijakan", opd="Bappeda", tmt_start=ended),
            ],
        ),
    )


@pytest.fixture
def topics(kafka_bootstrap: str) -> tuple[str, str]:
    tag = uuid.uuid4().hex[:8]
    profile, position = f"potret.test.ranking.profile.{tag}", f"potret.test.ranking.position.{tag}"
    ensure_topics(
        kafka_bootstrap,
        [
            TopicSpec(profile, 3, 1, {}),
            TopicSpec(position, 1, 1, {}),
            TopicSpec(dlq_topic(profile), 1, 1, {}),
        ],
        client_id="potret-test",
    )
    return profile, position


def _send(kafka_bootstrap: str, topic: str, items: list[tuple[str, bytes]]) -> None:
    producer = KafkaProducer(**kafka_security(), bootstrap_servers=kafka_bootstrap, acks="all")
    for nip, value in items:
        producer.send(
            topic,
            key=nip.encode(),
            value=value,
            headers=event_headers("potret.asn.v1.ProfileChanged", str(uuid.uuid4())),
        )
    producer.flush()
    producer.close()


def _dead_letters(kafka_bootstrap: str, topic: str) -> int:
    consumer = KafkaConsumer(**kafka_security(), bootstrap_servers=kafka_bootstrap)
    try:
        tp = TopicPartition(dlq_topic(topic), 0)
        return int(consumer.end_offsets([tp])[tp])
    finally:
        consumer.close()


@pytest.fixture
def running(
    kafka_bootstrap: str, topics: tuple[str, str]
) -> Iterator[Callable[[Clock], ReadModelConsumer]]:
    started: list[ReadModelConsumer] = []

    def start(clock: Clock) -> ReadModelConsumer:
        settings = Settings(kafka_bootstrap_servers=kafka_bootstrap, snapshot_path=None)
        ready = threading.Event()
        consumer = ReadModelConsumer(
            settings,
            ReadModel(as_of=clock().replace(day=1)),
            lambda up: ready.set() if up else None,
            topics=topics,
            clock=clock,
        )
        consumer.start()
        started.append(consumer)
        assert ready.wait(60), f"the consumer never caught up: {consumer.status}"
        return consumer

    yield start
    for consumer in started:
        consumer.stop()


def _fisheries(model: ReadModel, nip: str) -> float:
    return float(model.columns.cols["expertise"][model.columns.row_of[nip]][FISHERIES])


def test_the_month_turning_rebuilds_the_model_as_of_its_first_day(
    kafka_bootstrap: str,
    topics: tuple[str, str],
    running: Callable[[Clock], ReadModelConsumer],
    wait: Callable[..., Any],
) -> None:
    profile_topic, _ = topics
    _send(kafka_bootstrap, profile_topic, [(nip, _event(nip).SerializeToString()) for nip in NIPS])
    _send(kafka_bootstrap, profile_topic, [(NIPS[0], b"not a protobuf")])
    clock = Clock(dt.date(2019, 6, 30))
    consumer = running(clock)
    model = consumer.model
    wait(lambda: len(model) == 3, timeout=30, what="three profiles in the model")
    assert model.as_of == dt.date(2019, 6, 1)
    june = {nip: _fisheries(model, nip) for nip in NIPS}
    wait(lambda: _dead_letters(kafka_bootstrap, profile_topic) == 1, timeout=30, what="one DLQ")

    # the month turns; an update and a bad record arrive at the same time: whether the live
    # stream or the rebuild reads the bad one first, it is dead-lettered once
    clock.today = dt.date(2019, 7, 1)
    _send(kafka_bootstrap, profile_topic, [(NIPS[1], _event(NIPS[1], 2).SerializeToString())])
    _send(kafka_bootstrap, profile_topic, [(NIPS[2], b"\xff not a protobuf either")])
    wait(lambda: consumer.status.month_rebuilds == 1, timeout=30, what="the month's rebuild")
    assert model.as_of == dt.date(2019, 7, 1)
    wait(lambda: model.columns.version_of(NIPS[1]) == 2, timeout=30, what="the update applied")
    assert len(model) == 3
    reference = ReadModel(as_of=dt.date(2019, 7, 1))
    reference.apply(_event(NIPS[0]))
    for nip in NIPS:
        assert _fisheries(model, nip) == _fisheries(reference, NIPS[0]) < june[nip]

    # After the rebuild the live stream goes on, and the bad record was not dead-lettered twice.
    fourth = "197512312000031004"
    _send(kafka_bootstrap, profile_topic, [(fourth, _event(fourth).SerializeToString())])
    wait(lambda: len(model) == 4, timeout=30, what="an event after the rebuild")
    wait(lambda: _dead_letters(kafka_bootstrap, profile_topic) == 2, timeout=30, what="two DLQ")
    assert _dead_letters(kafka_bootstrap, profile_topic) == 2  # the first not sent again
    assert consumer.status.month_rebuilds == 1  # once per month, not once per poll
