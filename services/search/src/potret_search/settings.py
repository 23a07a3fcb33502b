"""Settings of the search service, from environment variables (prefix SEARCH_)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from potret_events import PROFILE_TOPIC
from potret_events.settings import KafkaSettings, bootstrap_servers_field


class Settings(KafkaSettings):
    """Search service settings; shared Kafka/Elasticsearch settings use unprefixed names."""

    model_config = SettingsConfigDict(env_prefix="SEARCH_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8082
    # Prometheus /metrics on its own port, apart from the API (0: off; the local scripts,
    # Compose and Kubernetes set one).
    metrics_port: int = Field(default=0, ge=0, le=65535)
    elasticsearch_url: str = Field(
        default="https://127.0.0.1:9200",
        validation_alias=AliasChoices("ELASTICSEARCH_URL", "SEARCH_ELASTICSEARCH_URL"),
    )
    # Security is on everywhere (local scripts, Compose, ECK): the service's own user (basic
    # auth, the password from a file or the environment) or an API key, and the CA that signed
    # the cluster's certificate (adapters/elastic.py).
    elasticsearch_username: str | None = Field(
        default=None, validation_alias=AliasChoices("ELASTICSEARCH_USERNAME")
    )
    elasticsearch_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("ELASTICSEARCH_PASSWORD")
    )
    elasticsearch_password_file: str | None = Field(
        default=None, validation_alias=AliasChoices("ELASTICSEARCH_PASSWORD_FILE")
    )
    elasticsearch_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("ELASTICSEARCH_API_KEY")
    )
    elasticsearch_ca_certs: str | None = Field(
        default=None, validation_alias=AliasChoices("ELASTICSEARCH_CA_CERTS")
    )
    kafka_bootstrap_servers: str = bootstrap_servers_field("SEARCH_")
    topic: str = Field(default=PROFILE_TOPIC, description="Profile event topic")
    index_alias: str = "potret-asn"
    index_version: int = Field(default=1, ge=1)
    index_shards: int = Field(default=1, ge=1)
    index_replicas: int = Field(default=0, ge=0)
    consumer_enabled: bool = Field(default=True, description="Run the indexer in this process.")
    consumer_group: str = "potret-search"
    # Where a new consumer group starts: "earliest" rebuilds everything (the default);
    # "latest" only follows new events (scratch instances, tests).
    consumer_offset_reset: Literal["earliest", "latest"] = "earliest"
    consumer_max_batch: int = Field(default=500, ge=1, le=10_000)
    # Processes that build documents (stemming, expertise) for large batches; 1 = in-line.
    build_workers: int = Field(default=1, ge=1, le=32)
    # Build the next batch while Elasticsearch indexes the previous one (offsets are still
    # committed only after a batch's bulk succeeded).
    pipeline: bool = True
    # A dead instance's partitions move to the others after this long without heartbeats.
    consumer_session_timeout_ms: int = Field(default=10_000, ge=6_000, le=300_000)
    # Static group membership (Kafka's group.instance.id, KIP-345): an instance that comes
    # back under the same id within the session timeout (a crash and a restart in place)
    # takes its partitions back without a rebalance of the group; a stop that is not a crash
    # leaves the group at once. Unique per instance (a pod's name); empty: dynamic.
    consumer_instance_id: str = Field(
        default="",
        max_length=249,
        pattern=r"^[A-Za-z0-9._-]*$",
        description=(
            "group.instance.id of this instance's indexer (unique per instance, e.g. the "
            "pod's name); empty for dynamic membership"
        ),
    )
    log_level: str = "INFO"

    @field_validator("consumer_instance_id")
    @classmethod
    def _not_a_dot_path(cls, value: str) -> str:
        if value in (".", ".."):  # Kafka refuses these two as it refuses a topic named so
            raise ValueError("'.' and '..' are not valid group.instance.id values")
        return value


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
