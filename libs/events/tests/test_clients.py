"""Every Kafka client reconnects within a second of the broker's return, and the services'
own retry loops within two: a restarted broker is not followed by half a minute of waiting."""

from __future__ import annotations

import pytest

from potret_events import RECONNECT, client_settings
from potret_events.backoff import Backoff


def test_clients_carry_the_principal_and_a_one_second_reconnect_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POTRET_KAFKA_USERNAME", "potret-search")
    monkeypatch.setenv("POTRET_KAFKA_PASSWORD", "rahasia")
    settings = client_settings()
    assert settings["sasl_plain_username"] == "potret-search"
    assert settings["reconnect_backoff_max_ms"] == 1000
    assert RECONNECT["reconnect_backoff_ms"] <= RECONNECT["reconnect_backoff_max_ms"]


def test_the_retry_loop_never_waits_more_than_two_seconds_and_a_fifth() -> None:
    backoff = Backoff()
    delays = [backoff.next_delay() for _ in range(20)]
    assert delays[0] < 1.0
    assert max(delays) <= 2.0 * 1.2  # the cap plus its jitter
    backoff.reset()
    assert backoff.next_delay() < 1.0


def test_a_retry_loop_survives_an_outage_of_days() -> None:
    backoff = Backoff()
    delays = [backoff.next_delay() for _ in range(100_000)]  # ~2 days of 2 s waits
    assert max(delays) <= 2.0 * 1.2
