"""Settings of the ranking service, from environment variables (prefix RANKING_)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from potret_events.settings import KafkaSettings, bootstrap_servers_field


class Settings(KafkaSettings):
    """Ranking service settings; shared Kafka settings use their unprefixed names."""

    model_config = SettingsConfigDict(env_prefix="RANKING_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 50051
    # Prometheus /metrics over HTTP (gRPC has no text endpoint); 0 turns it off.
    metrics_port: int = Field(default=8083, ge=0, le=65535)
    kafka_bootstrap_servers: str = bootstrap_servers_field("RANKING_")
    # Read-model snapshot (columns + topic offsets) for a fast restart; empty disables it.
    snapshot_path: str | None = "var/ranking/read-model.npz"
    snapshot_interval_s: float = Field(default=60, ge=1)
    # At most this share of the consumer's time goes to writing snapshots: one of a million
    # rows takes seconds, so the next waits longer than the interval (consumer.py).
    snapshot_share: float = Field(default=0.1, gt=0, le=1)
    # Alternative policy file (JSON, same schema as policies/potret-2026.3.json).
    policy_path: str | None = None
    log_level: str = "INFO"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
