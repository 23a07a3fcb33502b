"""Who may talk to Kafka, and what each may do (docs/security.md).

Every Potret process authenticates to Kafka with SASL/SCRAM-SHA-512 as its own principal, and
the broker authorises each request by ACL (deny by default):

- potret-profile   writes the profile and position topics (the outbox relay);
- potret-search    reads them, writes their dead-letter topics, commits offsets in its
                   consumer groups (potret-search...);
- potret-ranking   reads them and writes their dead-letter topics (it keeps its own offsets);
- potret-operator  tools, tests and topic administration (a super user of the cluster);
- potret-broker    the broker itself (inter-broker and controller traffic).

Each may create and describe the topics of the catalogue (the services create what is
missing at start-up, `ensure_topics`); the ACLs and passwords are made by `principals.py`
(`potret-kafka-security`). A client is configured from the environment:
POTRET_KAFKA_USERNAME, POTRET_KAFKA_PASSWORD or POTRET_KAFKA_PASSWORD_FILE, and
POTRET_KAFKA_SECURITY_PROTOCOL (SASL_PLAINTEXT by default when a username is set, SASL_SSL
with POTRET_KAFKA_CA_FILE on a network; PLAINTEXT when none is set, for a broker that asks
for no authentication).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

USERNAME_ENV = "POTRET_KAFKA_USERNAME"
PASSWORD_ENV = "POTRET_KAFKA_PASSWORD"  # noqa: S105 - the variable's name, not a password
PASSWORD_FILE_ENV = "POTRET_KAFKA_PASSWORD_FILE"  # noqa: S105
PROTOCOL_ENV = "POTRET_KAFKA_SECURITY_PROTOCOL"
CA_FILE_ENV = "POTRET_KAFKA_CA_FILE"
MECHANISM = "SCRAM-SHA-512"
PROTOCOLS = ("PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL")

BROKER = "potret-broker"
OPERATOR = "potret-operator"
SERVICES = ("potret-profile", "potret-search", "potret-ranking")
USERS = (BROKER, OPERATOR, *SERVICES)
SUPER_USERS = (BROKER, OPERATOR)
SEARCH_GROUP_PREFIX = "potret-search"


class KafkaSecurityError(ValueError):
    """The Kafka client settings in the environment are incomplete or contradictory."""


def kafka_security(env: dict[str, str] | None = None) -> dict[str, Any]:
    """kafka-python keyword arguments for this process's principal, from the environment.
    Pass them to every KafkaProducer, KafkaConsumer and KafkaAdminClient."""
    env = dict(os.environ) if env is None else env
    user = env.get(USERNAME_ENV, "").strip()
    protocol = (env.get(PROTOCOL_ENV) or ("SASL_PLAINTEXT" if user else "PLAINTEXT")).upper()
    if protocol not in PROTOCOLS:
        expected = ", ".join(PROTOCOLS)
        raise KafkaSecurityError(f"{PROTOCOL_ENV}={protocol}: expected one of {expected}")
    out: dict[str, Any] = {"security_protocol": protocol}
    if protocol.startswith("SASL"):
        if not user:
            raise KafkaSecurityError(f"{PROTOCOL_ENV}={protocol} needs {USERNAME_ENV}")
        out |= {
            "sasl_mechanism": MECHANISM,
            "sasl_plain_username": user,
            "sasl_plain_password": _password(env, user),
        }
    elif user:
        raise KafkaSecurityError(f"{USERNAME_ENV} is set but {PROTOCOL_ENV}={protocol} sends none")
    if protocol.endswith("SSL") and env.get(CA_FILE_ENV):
        out["ssl_cafile"] = env[CA_FILE_ENV]
    return out


def _password(env: dict[str, str], user: str) -> str:
    if env.get(PASSWORD_ENV):
        return env[PASSWORD_ENV]
    path = env.get(PASSWORD_FILE_ENV)
    if not path:
        raise KafkaSecurityError(
            f"{USERNAME_ENV}={user} needs {PASSWORD_ENV} or {PASSWORD_FILE_ENV}"
        )
    try:
        password = Path(path).read_text("utf-8").strip()
    except OSError as exc:
        raise KafkaSecurityError(f"{PASSWORD_FILE_ENV}={path}: {exc.strerror}") from exc
    if not password:
        raise KafkaSecurityError(f"{PASSWORD_FILE_ENV}={path} is empty")
    return password


USERS_DIR_ENV = "POTRET_KAFKA_USERS"


def password_file(directory: Path, user: str) -> Path:
    """Where a principal's password is kept (deploy/local/kafka.sh and services.sh use the
    same names)."""
    return directory / f"{user}.password"


def users_dir() -> Path:
    """Where the local scripts keep the principals' passwords (deploy/local/kafka.sh)."""
    default = Path(os.environ.get("POTRET_VAR", "var")) / "run" / "kafka-users"
    return Path(os.environ.get(USERS_DIR_ENV) or default)


def use_local_operator() -> bool:
    """Tests and tools on a machine with the local Kafka talk to it as potret-operator,
    unless the environment names a principal or another Kafka. True if it was set."""
    if os.environ.get(USERNAME_ENV) or os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        return False
    path = password_file(users_dir(), OPERATOR)
    if not path.exists():
        return False
    os.environ[USERNAME_ENV] = OPERATOR
    os.environ[PASSWORD_FILE_ENV] = str(path.resolve())
    return True
