"""Use cases of the profile service. Each change is stored with its event in one transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from potret.asn.v1 import profile_events_pb2 as pb
from potret_events import PROFILE_CHANGED_TYPE, PROFILE_TOPIC, encode_profile_changed, event_headers
from potret_profile.adapters.store import ProfileStore, StoredProfile, Transaction
from potret_profile.domain.errors import ProfileAlreadyExists, ProfileNotFound, VersionConflict
from potret_profile.domain.model import ProfileCreate, ProfilePublic, ProfileUpdate


def to_public(stored: StoredProfile) -> ProfilePublic:
    """The API view of a stored profile."""
    return ProfilePublic(
        **stored.doc,
        nip=stored.nip,
        version=stored.version,
        created_at=stored.created_at,
        updated_at=stored.updated_at,
    )


def _publish(tx: Transaction, stored: StoredProfile, change: pb.ChangeType.ValueType) -> None:
    occurred = Timestamp()
    occurred.FromDatetime(stored.updated_at)
    event = pb.ProfileChanged(
        event_id=str(uuid.uuid4()),
        nip=stored.nip,
        version=stored.version,
        occurred_at=occurred,
        change_type=change,
        profile=pb.Profile(nip=stored.nip)
        if stored.deleted
        else pb.Profile(
            nip=stored.nip,
            name=stored.doc["name"],
            golongan=stored.doc["golongan"],
            jabatan=stored.doc["jabatan"],
            opd=stored.doc["opd"],
        ),
    )
    tx.add_outbox(
        topic=PROFILE_TOPIC,
        key=stored.nip.encode(),
        payload=encode_profile_changed(event),
        headers=event_headers(PROFILE_CHANGED_TYPE, event.event_id),
    )


def _check_version(nip: str, expected: int | None, actual: int) -> None:
    if expected is not None and expected != actual:
        raise VersionConflict(nip, expected, actual)


def create_profile(store: ProfileStore, data: ProfileCreate) -> ProfilePublic:
    """Create a profile (version 1, or the next version after a deleted one)."""
    now = dt.datetime.now(dt.UTC)
    doc: dict[str, Any] = data.model_dump(exclude={"nip"})
    with store.transaction() as tx:
        existing = tx.get(data.nip)
        if existing is not None and not existing.deleted:
            raise ProfileAlreadyExists(data.nip)
        stored = StoredProfile(
            nip=data.nip,
            version=(existing.version if existing else 0) + 1,
            deleted=False,
            doc=doc,
            created_at=now,
            updated_at=now,
        )
        tx.put(stored)
        _publish(tx, stored, pb.CHANGE_TYPE_CREATED)
    return to_public(stored)


def update_profile(
    store: ProfileStore, nip: str, data: ProfileUpdate, *, expected_version: int | None = None
) -> ProfilePublic:
    """Replace the fields of a live profile; with `expected_version`, only if it still matches."""
    with store.transaction() as tx:
        existing = tx.get(nip)
        if existing is None or existing.deleted:
            raise ProfileNotFound(nip)
        _check_version(nip, expected_version, existing.version)
        doc = data.model_dump()
        if doc == existing.doc:
            return to_public(existing)  # nothing changed: no new version, no event
        stored = StoredProfile(
            nip=nip,
            version=existing.version + 1,
            deleted=False,
            doc=doc,
            created_at=existing.created_at,
            updated_at=dt.datetime.now(dt.UTC),
        )
        tx.put(stored)
        _publish(tx, stored, pb.CHANGE_TYPE_UPDATED)
    return to_public(stored)


def delete_profile(store: ProfileStore, nip: str, *, expected_version: int | None = None) -> int:
    """Delete a profile, keeping a tombstone; returns the tombstone's version."""
    with store.transaction() as tx:
        existing = tx.get(nip)
        if existing is None or existing.deleted:
            raise ProfileNotFound(nip)
        _check_version(nip, expected_version, existing.version)
        stored = StoredProfile(
            nip=nip,
            version=existing.version + 1,
            deleted=True,
            doc=existing.doc,
            created_at=existing.created_at,
            updated_at=dt.datetime.now(dt.UTC),
        )
        tx.put(stored)
        _publish(tx, stored, pb.CHANGE_TYPE_DELETED)
    return stored.version


def get_profile(store: ProfileStore, nip: str) -> ProfilePublic:
    """A live profile, or ProfileNotFound."""
    stored = store.get(nip)
    if stored is None or stored.deleted:
        raise ProfileNotFound(nip)
    return to_public(stored)
