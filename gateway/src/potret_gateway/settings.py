"""Settings of the gateway, from environment variables (prefix GATEWAY_)."""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from potret_gateway.domain.audit import RetiredKey, parse_retired_keys


class Settings(BaseSettings):
    """Gateway settings: where the backends are and how long to wait for them."""

    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8080
    # The regency's time zone: the console shows times in it (Gresik: WIB; WITA, WIT elsewhere).
    time_zone: str = Field(default="Asia/Jakarta", pattern=r"^[A-Za-z_]+(/[A-Za-z_+-]+)*$")
    time_zone_label: str = Field(default="WIB", min_length=1, max_length=8)
    # The panel's print (console "Cetak untuk Baperjakat"), per instansi: letterhead lines,
    # the reference number's form ({ref}: the audit trail's request id of the ranking
    # printed, {year}), the place and the signatory. Defaults: the pilot regency.
    letterhead_instansi: str = Field(default="PEMERINTAH KABUPATEN GRESIK", max_length=120)
    letterhead_unit: str = Field(
        default="BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA", max_length=160
    )
    letterhead_address: str = Field(default="Gresik, Jawa Timur", max_length=200)
    letterhead_city: str = Field(default="Gresik", max_length=60)
    reference_format: str = Field(
        default="800/{ref}/BKPSDM/{year}",
        max_length=80,
        pattern=r"^[^{}]*\{ref\}[^{}]*(\{year\}[^{}]*)?$",
    )
    signatory_title: str = Field(default="Kepala BKPSDM", max_length=120)
    signatory_name: str = Field(default="", max_length=120)
    signatory_nip: str = Field(default="", pattern=r"^(\d{18})?$")
    # Prometheus /metrics on its own port, never on the public API port (0: off; the local
    # scripts, Compose and Kubernetes set one).
    metrics_port: int = Field(default=0, ge=0, le=65535)
    profile_service_url: str = "http://127.0.0.1:8081"
    search_service_url: str = "http://127.0.0.1:8082"
    ranking_service_addr: str = "127.0.0.1:50051"
    profile_timeout_s: float = Field(default=10.0, gt=0)
    search_timeout_s: float = Field(default=5.0, gt=0)
    ranking_timeout_s: float = Field(default=10.0, gt=0)
    # Append-only, hash-chained audit trail (SQLite); `potret-audit verify --db ...`.
    audit_db: str = "var/gateway/audit.db"
    # Signed checkpoints of the audit chain's head, outside the database (also logged by
    # potret.audit.checkpoint): every audit_checkpoint_s when it moved, and at shutdown.
    # Unset: beside the SQLite audit file (<audit_db>.checkpoints.jsonl), the log only with
    # PostgreSQL; empty: the log only (a log collector keeps it elsewhere).
    audit_checkpoints: str | None = None
    audit_checkpoint_s: float = Field(default=60.0, ge=1)
    # Users and API keys (`potret-auth`); secrets are stored hashed.
    auth_db: str = "var/gateway/auth.db"
    # PostgreSQL for users, keys and the audit trail instead of the two SQLite files above,
    # e.g. postgresql://potret:...@postgres:5432/potret. Required for more than one replica.
    database_url: SecretStr | None = None

    def print_settings(self) -> dict[str, str]:
        """What the console's panel print shows (letterhead, reference, signatory)."""
        return {
            "instansi": self.letterhead_instansi,
            "unit": self.letterhead_unit,
            "address": self.letterhead_address,
            "city": self.letterhead_city,
            "reference_format": self.reference_format,
            "signatory_title": self.signatory_title,
            "signatory_name": self.signatory_name,
            "signatory_nip": self.signatory_nip,
        }

    def auth_target(self) -> str:
        return self.database_url.get_secret_value() if self.database_url else self.auth_db

    def audit_checkpoint_file(self) -> str | None:
        """Where this gateway writes its audit checkpoints (None: the log only)."""
        if self.audit_checkpoints is not None:
            return self.audit_checkpoints or None
        if self.database_url:
            return None
        return str(Path(self.audit_db).with_suffix(".checkpoints.jsonl"))

    def audit_target(self) -> str:
        return self.database_url.get_secret_value() if self.database_url else self.audit_db

    # Signing key of the access tokens (JWT HS256), at least 32 bytes: the value, or a file
    # holding it. The gateway refuses to start without one.
    jwt_secret: SecretStr | None = None
    jwt_secret_file: str | None = None
    token_ttl_s: int = Field(default=3600, ge=60, le=86400)
    # GATEWAY_AUDIT_SECRET(_FILE): key of the audit trail's keyed hashes (personal values
    # are stored only as HMAC-SHA256 with it), at least 32 bytes: the value, or a file
    # holding it. Unset: a key derived from the JWT signing key (set its own to rotate the
    # two apart).
    audit_secret: SecretStr | None = None
    audit_secret_file: str | None = None
    # After a rotation: the earlier audit keys, one per line, oldest first, so that entries
    # and checkpoints signed with them still verify (docs/security.md, "Rotating secrets").
    audit_previous_secrets_file: str | None = None
    # Requests per minute (average) and burst per API key or user, per gateway process;
    # a key may carry its own limit (and bursts to at most that).
    rate_limit_per_minute: int = Field(default=600, ge=1)
    rate_limit_burst: int = Field(default=100, ge=1)
    # Logins: attempts per minute per client address (every username), then growing delays
    # after wrong passwords (adapters/ratelimit.py LoginGuard).
    login_attempts_per_minute: int = Field(default=60, ge=1)
    login_free_failures: int = Field(default=5, ge=1)
    login_max_delay_s: float = Field(default=900.0, ge=1)
    # Request bodies: at most this many bytes, checked before parsing and authentication;
    # /v1/imports/* may send more (a SIASN page or a CSV of a whole OPD).
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_import_body_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    # Proxies whose X-Forwarded-For names the client (comma-separated IPs or networks,
    # e.g. "10.0.0.0/8" for the ingress). Empty (the default): the header is ignored
    # and the client is the connecting address.
    trusted_proxies: str = ""
    # Optional OpenAI-compatible chat endpoint (e.g. http://127.0.0.1:11434/v1) that rephrases
    # questions the deterministic reader cannot read; empty = off (the default).
    llm_url: str = ""
    llm_model: str = ""
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = Field(default=8.0, gt=0)
    log_level: str = "INFO"

    def signing_key(self) -> str:
        """The JWT signing key; a clear error when none is configured or it is too short."""
        if self.jwt_secret is not None:
            key = self.jwt_secret.get_secret_value()
        elif self.jwt_secret_file:
            key = Path(self.jwt_secret_file).read_text().strip()
        else:
            raise RuntimeError(
                "GATEWAY_JWT_SECRET or GATEWAY_JWT_SECRET_FILE must be set (>= 32 bytes); "
                "`potret-auth dev-bootstrap` creates one for local development"
            )
        if len(key.encode()) < 32:
            raise RuntimeError("the JWT signing key must be at least 32 bytes")
        return key

    def audit_previous_keys(self) -> tuple[RetiredKey, ...]:
        """The audit keys in use before the current one, oldest first (audit.py
        parse_retired_keys: `[<last seq>] <key>` per line)."""
        if not self.audit_previous_secrets_file:
            return ()
        try:
            return parse_retired_keys(Path(self.audit_previous_secrets_file).read_text())
        except ValueError as exc:
            raise RuntimeError(f"GATEWAY_AUDIT_PREVIOUS_SECRETS_FILE: {exc}") from None

    def audit_key(self) -> bytes:
        """The audit trail's key; a clear error when it is too short."""
        if self.audit_secret is not None:
            key = self.audit_secret.get_secret_value().encode()
        elif self.audit_secret_file:
            key = Path(self.audit_secret_file).read_text().strip().encode()
        else:
            signing = self.signing_key().encode()
            return hmac.new(signing, b"potret-audit-key-v1", hashlib.sha256).digest()
        if len(key) < 32:
            raise RuntimeError("the audit key (GATEWAY_AUDIT_SECRET) must be at least 32 bytes")
        return key


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
