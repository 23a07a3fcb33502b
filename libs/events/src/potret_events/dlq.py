"""Routing of undecodable messages to the dead-letter topic, with the reason in headers."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from potret_events.topics import dlq_topic


class RecordLike(Protocol):
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]] | None


def dead_letter(producer: Any, record: RecordLike, error: str, *, consumer_group: str) -> None:
    """Send `record` unchanged to its dead-letter topic and wait for the broker's ack."""
    headers = list(record.headers or [])
    headers += [
        ("dlq-error", error.encode("utf-8")[:4000]),
        ("dlq-source-topic", record.topic.encode()),
        ("dlq-source-partition", str(record.partition).encode()),
        ("dlq-source-offset", str(record.offset).encode()),
        ("dlq-consumer-group", consumer_group.encode()),
        ("dlq-failed-at", dt.datetime.now(dt.UTC).isoformat().encode()),
    ]
    future = producer.send(
        dlq_topic(record.topic), key=record.key, value=record.value, headers=headers
    )
    future.get(timeout=30)
