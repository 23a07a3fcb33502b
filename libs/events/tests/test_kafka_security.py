"""Kafka client settings from the environment, and the services' ACL plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from kafka.admin import ACLOperation, ResourceType

from potret_events import POSITION_TOPIC, PROFILE_TOPIC, dlq_topic
from potret_events.principals import acl_plan, init_passwords
from potret_events.security import USERS, KafkaSecurityError, kafka_security


def test_no_principal_means_plaintext() -> None:
    assert kafka_security({}) == {"security_protocol": "PLAINTEXT"}


def test_a_principal_authenticates_with_scram(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("s3cret\n")
    env = {"POTRET_KAFKA_USERNAME": "potret-search", "POTRET_KAFKA_PASSWORD_FILE": str(secret)}
    assert kafka_security(env) == {
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "potret-search",
        "sasl_plain_password": "s3cret",
    }
    tls = kafka_security(
        env | {"POTRET_KAFKA_SECURITY_PROTOCOL": "sasl_ssl", "POTRET_KAFKA_CA_FILE": "/ca.crt"}
    )
    assert tls["security_protocol"] == "SASL_SSL"
    assert tls["ssl_cafile"] == "/ca.crt"


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"POTRET_KAFKA_USERNAME": "potret-search"}, "POTRET_KAFKA_PASSWORD"),
        ({"POTRET_KAFKA_SECURITY_PROTOCOL": "SASL_SSL"}, "POTRET_KAFKA_USERNAME"),
        ({"POTRET_KAFKA_SECURITY_PROTOCOL": "KERBEROS"}, "expected one of"),
        (
            {"POTRET_KAFKA_USERNAME": "x", "POTRET_KAFKA_SECURITY_PROTOCOL": "PLAINTEXT"},
            "sends none",
        ),
        (
            {"POTRET_KAFKA_USERNAME": "x", "POTRET_KAFKA_PASSWORD_FILE": "/nonexistent/pw"},
            "POTRET_KAFKA_PASSWORD_FILE=/nonexistent/pw",
        ),
    ],
)
def test_incomplete_settings_name_the_variable(env: dict[str, str], names: str) -> None:
    with pytest.raises(KafkaSecurityError, match=names):
        kafka_security(env)


def test_passwords_are_made_once_and_private(tmp_path: Path) -> None:
    assert sorted(init_passwords(tmp_path)) == sorted(USERS)
    first = (tmp_path / "potret-search.password").read_text()
    assert init_passwords(tmp_path) == []
    assert (tmp_path / "potret-search.password").read_text() == first
    assert (tmp_path / "potret-search.password").stat().st_mode & 0o077 == 0


def _allowed(user: str, op: ACLOperation, topic: str) -> bool:
    return any(
        acl.principal == f"User:{user}"
        and acl.operation == op
        and acl.resource_pattern.resource_type == ResourceType.TOPIC
        and acl.resource_pattern.resource_name == topic
        for acl in acl_plan()
    )


def test_each_service_may_do_only_its_own_part() -> None:
    for topic in (PROFILE_TOPIC, POSITION_TOPIC):
        assert _allowed("potret-profile", ACLOperation.WRITE, topic)
        assert not _allowed("potret-profile", ACLOperation.READ, topic)
        for reader in ("potret-search", "potret-ranking"):
            assert _allowed(reader, ACLOperation.READ, topic)
            assert not _allowed(reader, ACLOperation.WRITE, topic)
            assert _allowed(reader, ACLOperation.WRITE, dlq_topic(topic))
        assert not _allowed("potret-profile", ACLOperation.WRITE, dlq_topic(topic))
    assert not any(acl.principal == "User:potret-operator" for acl in acl_plan())  # super user


def test_search_commits_offsets_only_in_its_own_groups() -> None:
    groups = [
        (acl.principal, acl.operation, acl.resource_pattern.resource_name)
        for acl in acl_plan()
        if acl.resource_pattern.resource_type == ResourceType.GROUP
    ]
    assert groups == [("User:potret-search", ACLOperation.READ, "potret-search")]
