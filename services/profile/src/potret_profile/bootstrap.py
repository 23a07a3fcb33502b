"""Wiring: builds the store and relay from settings."""

from __future__ import annotations

from dataclasses import dataclass

from potret_profile.adapters.quality_rules import DEFAULT_RULES, load_rules
from potret_profile.adapters.store import RecordStore
from potret_profile.domain.quality import QualityRules
from potret_profile.entrypoints.relay import OutboxRelay
from potret_profile.service.quality_book import QualityBook
from potret_profile.settings import Settings


@dataclass
class Components:
    store: RecordStore
    relay: OutboxRelay | None
    quality_rules: QualityRules


def open_store(settings: Settings) -> tuple[RecordStore, QualityRules]:
    """The profile store, keeping the quality report current under the rules file (every
    process that writes profiles opens it so). A broken rules file stops the start."""
    rules = load_rules(settings.quality_rules_path or DEFAULT_RULES)
    return RecordStore(settings.store_target(), quality=QualityBook(rules)), rules


def bootstrap(settings: Settings) -> Components:
    """Create the components; the relay only when it runs in this process."""
    store, rules = open_store(settings)
    relay = OutboxRelay(store, settings) if settings.relay_enabled else None
    return Components(store=store, relay=relay, quality_rules=rules)
