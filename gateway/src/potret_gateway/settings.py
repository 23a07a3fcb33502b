"""Settings of the gateway, from environment variables (prefix GATEWAY_)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Gateway settings: where the backends are and how long to wait for them."""

    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8080
    profile_service_url: str = "http://127.0.0.1:8081"
    search_service_url: str = "http://127.0.0.1:8082"
    ranking_service_addr: str = "127.0.0.1:50051"
    profile_timeout_s: float = Field(default=10.0, gt=0)
    search_timeout_s: float = Field(default=5.0, gt=0)
    ranking_timeout_s: float = Field(default=10.0, gt=0)
    # Append-only, hash-chained audit trail (SQLite); `potret-audit verify --db ...`.
    audit_db: str = "var/gateway/audit.db"
    log_level: str = "INFO"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
