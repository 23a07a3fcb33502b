"""Settings every Kafka client of Potret takes: its principal, and how fast it reconnects."""

from __future__ import annotations

from typing import Any

from potret_events.security import kafka_security

# kafka-python doubles its reconnect backoff up to 30 s by default: after a broker outage of
# half a minute a client may wait that long again before its next try, so recovery lagged
# the broker by 10-40 s (the chaos table). One second bounds that wait; a connection attempt
# per client per second to a broker that is down costs nothing worth saving.
RECONNECT: dict[str, int] = {"reconnect_backoff_ms": 100, "reconnect_backoff_max_ms": 1000}


def client_settings() -> dict[str, Any]:
    """kafka-python keyword arguments for every KafkaProducer, KafkaConsumer and
    KafkaAdminClient: this process's principal (`kafka_security`) and the reconnect bound."""
    return {**kafka_security(), **RECONNECT}
