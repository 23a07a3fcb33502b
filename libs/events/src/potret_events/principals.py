"""The Kafka principals' passwords, SCRAM credentials and ACLs (`potret-kafka-security`);
who they are and what each may do is described in security.py."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from kafka.admin import (
    ACL,
    ACLOperation,
    ACLPermissionType,
    ACLResourcePatternType,
    KafkaAdminClient,
    ResourcePattern,
    ResourceType,
    ScramMechanism,
    UserScramCredentialUpsertion,
)
from kafka.errors import KafkaError

from potret_events.clients import client_settings
from potret_events.security import (
    SEARCH_GROUP_PREFIX,
    SERVICES,
    USERS,
    KafkaSecurityError,
    password_file,
)
from potret_events.topics import POSITION_TOPIC, PROFILE_TOPIC, dlq_topic


def init_passwords(directory: Path) -> list[str]:
    """Create a random password for every user that has none (mode 600); return who got one.
    Existing passwords are kept."""
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    created = []
    for user in USERS:
        path = password_file(directory, user)
        if path.exists():
            continue
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(32) + "\n")
        tmp.replace(path)
        created.append(user)
    return created


def _acl(user: str, kind: ResourceType, name: str, op: ACLOperation, prefixed: bool) -> ACL:
    pattern = ACLResourcePatternType.PREFIXED if prefixed else ACLResourcePatternType.LITERAL
    return ACL(
        principal=f"User:{user}",
        host="*",
        operation=op,
        permission_type=ACLPermissionType.ALLOW,
        resource_pattern=ResourcePattern(kind, name, pattern),
    )


def acl_plan() -> list[ACL]:
    """The ACLs of the three services (the operator and the broker are super users)."""
    topics = (PROFILE_TOPIC, POSITION_TOPIC)
    dlqs = tuple(dlq_topic(t) for t in topics)
    topic = ResourceType.TOPIC
    acls: list[ACL] = []
    for user in SERVICES:  # every service creates what is missing of the catalogue
        for name in topics + dlqs:
            acls += [
                _acl(user, topic, name, ACLOperation.CREATE, False),
                _acl(user, topic, name, ACLOperation.DESCRIBE, False),
            ]
    producer, search, ranking = SERVICES
    for name in topics:
        acls.append(_acl(producer, topic, name, ACLOperation.WRITE, False))
        for reader in (search, ranking):
            acls.append(_acl(reader, topic, name, ACLOperation.READ, False))
    for name in dlqs:
        for writer in (search, ranking):
            acls.append(_acl(writer, topic, name, ACLOperation.WRITE, False))
    # Offsets of the indexer's consumer groups (SEARCH_CONSUMER_GROUP must start with it).
    acls.append(_acl(search, ResourceType.GROUP, SEARCH_GROUP_PREFIX, ACLOperation.READ, True))
    return acls


def _admin(bootstrap: str) -> KafkaAdminClient:
    return KafkaAdminClient(
        bootstrap_servers=bootstrap, client_id="potret-kafka-security", **client_settings()
    )


def apply_acls(bootstrap: str) -> int:
    """Create the plan's ACLs (creating an existing ACL is a no-op); return how many."""
    admin = _admin(bootstrap)
    try:
        plan = acl_plan()
        result = admin.create_acls(plan)
        failed = result.get("failed") or []
        if failed:
            raise RuntimeError(f"Kafka refused {len(failed)} ACLs: {failed[:3]}")
        return len(plan)
    finally:
        admin.close()


def set_scram_credentials(bootstrap: str, directory: Path, users: Sequence[str] = USERS) -> None:
    """Store the users' SCRAM-SHA-512 credentials in the cluster from their password files:
    an upgrade of a cluster formatted before authentication (new clusters get them at format
    time), or a rotation."""
    admin = _admin(bootstrap)
    try:
        result = admin.alter_user_scram_credentials(
            [
                UserScramCredentialUpsertion(
                    user,
                    ScramMechanism.SCRAM_SHA_512,
                    password_file(directory, user).read_text("utf-8").strip(),
                )
                for user in users
            ]
        )
        refused = {user: error for user, error in (result or {}).items() if error}
        if refused:
            raise RuntimeError(f"Kafka refused the SCRAM credentials of {refused}")
    finally:
        admin.close()


def run(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="potret-kafka-security",
        description="Kafka principals of Potret: passwords, SCRAM credentials and ACLs.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="create a password for each principal that has none")
    init.add_argument("--dir", type=Path, required=True)
    sub.add_parser("plan", help="print the services' ACLs (for a KafkaUser, say)")
    for name, text in (
        ("acls", "create the services' ACLs (run as potret-operator)"),
        ("scram", "store the principals' SCRAM credentials from their password files"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--bootstrap", default="127.0.0.1:9092")
        if name == "scram":
            cmd.add_argument("--dir", type=Path, required=True)
            cmd.add_argument(
                "--user", action="append", choices=USERS, help="only these (default: all)"
            )
    args = parser.parse_args(argv)
    try:
        if args.command == "init":
            created = init_passwords(args.dir)
            print(f"Kafka principals: {len(USERS)} ({len(created)} new passwords in {args.dir})")
        elif args.command == "plan":
            for acl in acl_plan():
                pattern = acl.resource_pattern
                print(
                    f"{acl.principal} {acl.operation.name} {pattern.resource_type.name} "
                    f"{pattern.resource_name} ({pattern.pattern_type.name})"
                )
        elif args.command == "acls":
            print(f"Kafka ACLs in place: {apply_acls(args.bootstrap)}")
        else:
            users = args.user or USERS
            set_scram_credentials(args.bootstrap, args.dir, users)
            print(f"SCRAM credentials stored for {len(users)} principals")
    except (KafkaSecurityError, KafkaError, OSError, RuntimeError) as exc:
        print(f"potret-kafka-security: {exc}", file=sys.stderr)
        return 1
    return 0
