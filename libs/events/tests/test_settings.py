"""The Kafka settings every service's Settings extend: the names they are read by."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict

from potret_events.settings import KafkaSettings, bootstrap_servers_field


class ServiceSettings(KafkaSettings):
    model_config = SettingsConfigDict(env_prefix="DEMO_", extra="ignore")

    kafka_bootstrap_servers: str = bootstrap_servers_field("DEMO_")


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_TOPIC_PARTITIONS", "KAFKA_REPLICATION_FACTOR"):
        monkeypatch.delenv(name, raising=False)


def test_the_shared_names_and_the_services_own_bootstrap_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert ServiceSettings().kafka_bootstrap_servers == "127.0.0.1:9092"
    assert (
        ServiceSettings().kafka_topic_partitions,
        ServiceSettings().kafka_replication_factor,
    ) == (
        6,
        1,
    )
    monkeypatch.setenv("DEMO_KAFKA_BOOTSTRAP_SERVERS", "own:9092")
    assert ServiceSettings().kafka_bootstrap_servers == "own:9092"
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "shared:9092")
    assert ServiceSettings().kafka_bootstrap_servers == "shared:9092"  # the shared name first
    assert KafkaSettings().kafka_bootstrap_servers == "shared:9092"
    monkeypatch.setenv("DEMO_KAFKA_TOPIC_PARTITIONS", "3")  # only the shared name counts
    assert ServiceSettings().kafka_topic_partitions == 6
    monkeypatch.setenv("KAFKA_TOPIC_PARTITIONS", "12")
    monkeypatch.setenv("KAFKA_REPLICATION_FACTOR", "3")
    assert (
        ServiceSettings().kafka_topic_partitions,
        ServiceSettings().kafka_replication_factor,
    ) == (
        12,
        3,
    )
    monkeypatch.setenv("KAFKA_TOPIC_PARTITIONS", "0")
    with pytest.raises(ValidationError, match="KAFKA_TOPIC_PARTITIONS"):
        ServiceSettings()
