"""The topic catalogue and idempotent topic creation."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

from potret_events.clients import client_settings

log = logging.getLogger(__name__)


def _prefix() -> str:
    """POTRET_TOPIC_PREFIX lets several Potret environments share one Kafka cluster (e.g.
    "latihan." for a training copy next to production); every service of one environment
    must use the same value. Empty by default."""
    prefix = os.environ.get("POTRET_TOPIC_PREFIX", "")
    if prefix and not re.fullmatch(r"[A-Za-z0-9._-]{1,100}", prefix):
        raise ValueError(
            f"POTRET_TOPIC_PREFIX={prefix!r}: only letters, digits, '.', '_' and '-' are allowed"
        )
    return prefix


TOPIC_PREFIX = _prefix()
PROFILE_TOPIC = f"{TOPIC_PREFIX}potret.asn.profile.v1"
POSITION_TOPIC = f"{TOPIC_PREFIX}potret.asn.position.v1"


def dlq_topic(topic: str) -> str:
    """Name of the dead-letter topic that holds undecodable messages of `topic`."""
    return f"{topic}.dlq"


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """A topic with explicit partitions, replication and configuration."""

    name: str
    partitions: int
    replication_factor: int
    config: dict[str, str] = field(default_factory=dict)


def topic_catalogue(*, partitions: int, replication_factor: int) -> list[TopicSpec]:
    """Every topic Potret uses, with the partition count and replication given."""
    # Snapshot topics keep every event: the read models are rebuilt by replaying them.
    # (Compaction would also be correct, keyed by NIP; kept off until deletes carry a
    # retention policy for tombstones.)
    keep = {"retention.ms": "-1", "min.insync.replicas": str(min(2, replication_factor))}
    dlq = {"retention.ms": str(30 * 24 * 3600 * 1000)}
    specs: list[TopicSpec] = []
    for topic in (PROFILE_TOPIC, POSITION_TOPIC):
        specs.append(TopicSpec(topic, partitions, replication_factor, keep))
        specs.append(TopicSpec(dlq_topic(topic), 1, replication_factor, dlq))
    return specs


def ensure_topics(
    bootstrap_servers: str, specs: Iterable[TopicSpec], *, client_id: str, timeout_s: float = 10
) -> list[str]:
    """Create the topics that do not exist yet; return the names created. Idempotent."""
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap_servers,
        client_id=client_id,
        request_timeout_ms=int(timeout_s * 1000),
        bootstrap_timeout_ms=int(timeout_s * 1000),
        **client_settings(),
    )
    try:
        existing = set(admin.list_topics())
        created: list[str] = []
        for spec in specs:
            if spec.name in existing:
                continue
            try:
                admin.create_topics(
                    [
                        NewTopic(
                            name=spec.name,
                            num_partitions=spec.partitions,
                            replication_factor=spec.replication_factor,
                            topic_configs=spec.config,
                        )
                    ],
                    timeout_ms=int(timeout_s * 1000),
                )
                created.append(spec.name)
                log.info(
                    "created topic %s (partitions=%d, replication=%d)",
                    spec.name,
                    spec.partitions,
                    spec.replication_factor,
                )
            except TopicAlreadyExistsError:
                pass  # another service created it between list and create
        return created
    finally:
        admin.close()
