"""Wiring: the gateway's adapters built from settings (the app's lifespan holds them)."""

from __future__ import annotations

from dataclasses import dataclass

from potret_gateway.adapters.audit import AuditLog, AuditWriter
from potret_gateway.adapters.auth_store import AuthStore
from potret_gateway.adapters.backends import Backends, create_backends
from potret_gateway.adapters.ratelimit import LoginGuard, RateLimiter
from potret_gateway.adapters.shortlists import ShortlistStore
from potret_gateway.settings import Settings


@dataclass
class Components:
    backends: Backends
    audit: AuditLog
    audit_writer: AuditWriter
    auth: AuthStore
    shortlists: ShortlistStore
    limiter: RateLimiter
    login_guard: LoginGuard

    def close_stores(self) -> None:
        """Close the audit trail, the user and key store and the shortlists (after the
        audit writer has written what it holds)."""
        self.audit.close()
        self.auth.close()
        self.shortlists.close()


def bootstrap(settings: Settings) -> Components:
    """Open the backend clients, the audit trail with its writer, the user and key store,
    the shortlists and the rate limits."""
    audit = AuditLog(
        settings.audit_target(),
        key=settings.audit_key(),
        checkpoints=settings.audit_checkpoint_file(),
        previous_keys=settings.audit_previous_keys(),
    )
    return Components(
        backends=create_backends(settings),
        audit=audit,
        audit_writer=AuditWriter(audit),
        auth=AuthStore(settings.auth_target()),
        shortlists=ShortlistStore(settings.auth_target()),
        limiter=RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst),
        login_guard=LoginGuard(
            settings.login_attempts_per_minute,
            settings.login_free_failures,
            settings.login_max_delay_s,
        ),
    )
