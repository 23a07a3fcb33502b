"""The Kafka settings every service shares, and its topics made from them."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings

from potret_events.topics import ensure_topics, topic_catalogue


def bootstrap_servers_field(prefix: str = "") -> Any:
    """The bootstrap servers' field: KAFKA_BOOTSTRAP_SERVERS, or the service's own
    <prefix>KAFKA_BOOTSTRAP_SERVERS."""
    names = ["KAFKA_BOOTSTRAP_SERVERS"] + ([f"{prefix}KAFKA_BOOTSTRAP_SERVERS"] if prefix else [])
    return Field(default="127.0.0.1:9092", validation_alias=AliasChoices(*names))


class KafkaSettings(BaseSettings):
    """The base of each service's Settings: Kafka by its unprefixed names (a service that
    also reads its prefixed bootstrap servers declares `kafka_bootstrap_servers =
    bootstrap_servers_field("<PREFIX>_")`)."""

    kafka_bootstrap_servers: str = bootstrap_servers_field()
    kafka_topic_partitions: int = Field(
        default=6, ge=1, validation_alias=AliasChoices("KAFKA_TOPIC_PARTITIONS")
    )
    kafka_replication_factor: int = Field(
        default=1, ge=1, validation_alias=AliasChoices("KAFKA_REPLICATION_FACTOR")
    )


def ensure_catalogue(
    settings: KafkaSettings, *, client_id: str, timeout_s: float = 10
) -> list[str]:
    """Create the topics of the catalogue that do not exist yet, with the partitions and
    replication the settings give; return the names created."""
    return ensure_topics(
        settings.kafka_bootstrap_servers,
        topic_catalogue(
            partitions=settings.kafka_topic_partitions,
            replication_factor=settings.kafka_replication_factor,
        ),
        client_id=client_id,
        timeout_s=timeout_s,
    )
