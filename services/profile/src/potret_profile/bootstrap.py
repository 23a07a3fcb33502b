"""Wiring: builds the store and relay from settings."""

from __future__ import annotations

from dataclasses import dataclass

from potret_profile.adapters.store import ProfileStore
from potret_profile.relay import OutboxRelay
from potret_profile.settings import Settings


@dataclass
class Components:
    store: ProfileStore
    relay: OutboxRelay | None


def bootstrap(settings: Settings) -> Components:
    """Create the components; the relay only when it runs in this process."""
    store = ProfileStore(settings.store_target())
    relay = OutboxRelay(store, settings) if settings.relay_enabled else None
    return Components(store=store, relay=relay)
