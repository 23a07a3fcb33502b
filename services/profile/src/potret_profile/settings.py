"""Settings of the profile service, from environment variables (prefix PROFILE_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from potret_events.settings import KafkaSettings, bootstrap_servers_field


class SecretFileError(RuntimeError):
    """A secret file that cannot be read (raised as is: a ValidationError would print the
    settings given, secrets included)."""


class Settings(KafkaSettings):
    """Profile service settings; shared Kafka settings use their unprefixed names."""

    model_config = SettingsConfigDict(env_prefix="PROFILE_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8081
    # Prometheus /metrics on its own port, apart from the API (0: off; the local scripts,
    # Compose and Kubernetes set one).
    metrics_port: int = Field(default=0, ge=0, le=65535)
    db_path: Path = Path("var/profile/profile.db")
    # PostgreSQL instead of the SQLite file above, e.g. postgresql://potret:...@pg:5432/potret:
    # what lets several profile API replicas run on one store (docs/operations.md).
    database_url: SecretStr | None = None
    relay_enabled: bool = Field(
        default=True, description="Run the outbox relay inside the API process."
    )
    relay_batch_size: int = Field(default=500, ge=1, le=10_000)
    relay_idle_poll_s: float = Field(default=0.1, gt=0)
    # How often a standby relay (another replica leads) tries to take over: the failover
    # time after the leader dies.
    relay_standby_poll_s: float = Field(default=1.0, gt=0)
    # A leader that has failed to publish this long gives up the lead (it may be the replica
    # cut off from Kafka; another may reach it).
    relay_release_after_s: float = Field(default=30.0, gt=0)
    # Sent outbox rows are deleted by the leading relay once this old (Kafka keeps every
    # event): without it the store grows by a row per change for ever. 0 keeps them.
    outbox_retention_days: float = Field(default=7.0, ge=0)
    relay_purge_every_s: float = Field(default=3600.0, gt=0)
    kafka_bootstrap_servers: str = bootstrap_servers_field("PROFILE_")
    kafka_connect_timeout_s: float = Field(default=10.0, gt=0)
    # SIASN sync (BKN's web service; see README "SIASN sync"). Two tokens: the API gateway's
    # (APIM consumer key and secret, client credentials) and the SSO's (the public-siasn
    # realm: an operator account's password grant, or a token issued beforehand).
    siasn_sync_enabled: bool = False
    siasn_base_url: str = "https://apimws.bkn.go.id:8243/apisiasn/1.0"
    siasn_token_url: str = "https://apimws.bkn.go.id/oauth2/token"  # noqa: S105 (a URL)
    siasn_client_id: str | None = None
    siasn_client_secret: SecretStr | None = None
    siasn_sso_token_url: str = (
        "https://sso-siasn.bkn.go.id/auth/realms/public-siasn/protocol/openid-connect/token"  # noqa: S105
    )
    siasn_sso_client_id: str | None = None
    siasn_sso_username: str | None = None
    siasn_sso_password: SecretStr | None = None
    siasn_sso_token: SecretStr | None = None
    # The three secrets from files instead (as Kubernetes mounts a Secret): read at start.
    siasn_client_secret_file: Path | None = None
    siasn_sso_password_file: Path | None = None
    siasn_sso_token_file: Path | None = None
    siasn_timeout_s: float = Field(default=60, gt=0)
    siasn_backoff_s: float = Field(default=2.0, ge=0)  # a 429 or 5xx: 1x, 2x, 4x this
    siasn_sync_interval_s: float = Field(default=3600, ge=10)
    # At most this many requests to SIASN at once (people fetched side by side; each person's
    # endpoints one after another); 1 = one request at a time, as the open-source SIASN
    # clients (siasn_sync.py) do.
    siasn_concurrency: int = Field(default=4, ge=1, le=32)
    # Requests to SIASN one run may send (tokens, lists, data and their retries); a run that
    # spends it stops at a person and the next run resumes there. 0 = no budget.
    siasn_request_budget: int = Field(default=0, ge=0)
    # The regency's NIP list for a sync cycle (one per line, or SIASN's Export Data ASN with a
    # NIP column); none: every live record of the profile store.
    siasn_nip_file: Path | None = None
    # The regency's OPD and unit names for BKN's (JSON {"<unor id or BKN's name>": "name"},
    # or CSV with two columns): SIASN's names made to match the position catalogue's.
    siasn_opd_names_file: Path | None = None
    # Completeness and freshness thresholds (JSON); empty: the shipped quality-rules.json.
    quality_rules_path: Path | None = None
    log_level: str = "INFO"

    @field_validator("database_url")
    @classmethod
    def _postgresql_url(cls, value: SecretStr | None) -> SecretStr | None:
        """Only a postgresql:// URL: anything else would silently be taken for a SQLite file
        (and its text, password included, logged as a path)."""
        if value is not None and not value.get_secret_value().startswith(
            ("postgresql://", "postgres://")
        ):
            # Raised as is, not as a ValidationError (which would print the value given).
            raise SecretFileError(
                "PROFILE_DATABASE_URL harus URL postgresql://pengguna:sandi@host:port/basisdata"
            )
        return value

    def store_target(self) -> str | Path:
        """The profile store: the PostgreSQL URL when one is set, else the SQLite file."""
        return self.database_url.get_secret_value() if self.database_url else self.db_path

    @model_validator(mode="after")
    def _secret_files(self) -> Settings:
        """The SIASN secrets given as files, read into their settings (a file that cannot be
        read stops the start, naming its setting)."""
        for name in ("siasn_client_secret", "siasn_sso_password", "siasn_sso_token"):
            path: Path | None = getattr(self, f"{name}_file")
            if path is None:
                continue
            try:
                text = path.read_text("utf-8").strip()
            except OSError as exc:
                setting = f"PROFILE_{name.upper()}_FILE"
                raise SecretFileError(
                    f"{setting}: berkas {path} tidak dapat dibaca ({exc.strerror})"
                ) from None
            setattr(self, name, SecretStr(text))
        return self


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
