"""Kafka behind authentication (issue 18, item 2): the local broker refuses a client without
credentials or with a wrong password, each service is its own principal, and a principal can
do only what its ACLs allow (libs/events/src/potret_events/security.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from kafka import KafkaProducer
from kafka.errors import KafkaTimeoutError, TopicAuthorizationFailedError

from potret_events import PROFILE_TOPIC, dlq_topic, kafka_security
from potret_events.security import USERNAME_ENV, users_dir

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _local_kafka() -> None:
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        pytest.skip("another Kafka (KAFKA_BOOTSTRAP_SERVERS) has its own security")


def _as(user: str, password: str | None = None) -> dict[str, object]:
    secret = password or (users_dir() / f"{user}.password").read_text("utf-8").strip()
    return kafka_security({USERNAME_ENV: user, "POTRET_KAFKA_PASSWORD": secret})


def _producer(kafka_bootstrap: str, security: dict[str, object]) -> KafkaProducer:
    return KafkaProducer(
        bootstrap_servers=kafka_bootstrap,
        max_block_ms=6000,
        request_timeout_ms=6000,
        bootstrap_timeout_ms=6000,
        **security,
    )


@pytest.mark.parametrize("who", ["no credentials", "a wrong password"])
def test_kafka_refuses_a_client_that_does_not_authenticate(kafka_bootstrap: str, who: str) -> None:
    _producer(kafka_bootstrap, _as("potret-search")).close()  # the broker is there
    security = {} if who == "no credentials" else _as("potret-search", "not-the-password")
    with pytest.raises(KafkaTimeoutError, match="bootstrap"):
        _producer(kafka_bootstrap, security)


@pytest.mark.parametrize(
    ("user", "topic"),
    [
        ("potret-search", PROFILE_TOPIC),  # reads the profile topic, never writes it
        ("potret-ranking", PROFILE_TOPIC),
        ("potret-profile", dlq_topic(PROFILE_TOPIC)),  # the consumers' dead letters
    ],
)
def test_a_principal_writes_only_where_its_acls_allow(
    kafka_bootstrap: str, user: str, topic: str
) -> None:
    producer = _producer(kafka_bootstrap, _as(user))
    try:
        with pytest.raises(TopicAuthorizationFailedError):
            producer.send(topic, b"probe", key=b"probe").get(timeout=10)
    finally:
        producer.close(timeout=5)


def test_each_running_service_is_its_own_principal() -> None:
    run = Path(os.environ.get("POTRET_VAR", "var")) / "run"
    for service in ("profile", "search", "ranking"):
        pid = (run / f"{service}.pid").read_text().strip()
        env = dict(
            item.split("=", 1)
            for item in Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")
            if "=" in item
        )
        assert env.get(USERNAME_ENV) == f"potret-{service}", service
