"""Use cases of the profile service. Each change is stored with its event in one transaction.

Profiles (key NIP) and positions (key position_id) follow the same life cycle: version 1 on
create, +1 per real change, no version and no event for an unchanged re-submission, a
tombstone on delete, and versions that keep growing across delete and re-create.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from google.protobuf.timestamp_pb2 import Timestamp

from potret.asn.v1 import position_events_pb2 as pos_pb
from potret.asn.v1 import profile_events_pb2 as pb
from potret_events import (
    POSITION_CHANGED_TYPE,
    POSITION_TOPIC,
    PROFILE_CHANGED_TYPE,
    PROFILE_TOPIC,
    content_digest,
    event_headers,
)
from potret_profile.adapters.store import RecordStore, StoredRecord, Transaction
from potret_profile.domain.errors import (
    PositionNotFound,
    ProfileError,
    ProfileMerged,
    ProfileNotFound,
    VersionConflict,
    already_exists,
    not_found,
)
from potret_profile.domain.model import (
    SENSITIVE_FIELDS,
    Kind,
    PositionCreate,
    PositionPublic,
    PositionUpdate,
    ProfileCreate,
    ProfileFields,
    ProfilePublic,
    ProfileUpdate,
    compose_full_name,
    dump,
)
from potret_profile.domain.provenance import EVENT_GROUPS, MANUAL, Source, describe, stamp
from potret_profile.domain.rules import RecordInvalid, check_profile, normalise

Outcome = Literal["created", "updated", "unchanged"]


# ---- documents ---------------------------------------------------------------------------


def profile_doc(data: ProfileCreate) -> dict[str, Any]:
    """Validate cross-field rules and return the stored document (without the NIP)."""
    normalise(data)
    violations = check_profile(data, today=dt.date.today())
    if violations:
        raise RecordInvalid(violations)
    doc = dump(data)
    doc.pop("nip")
    doc["full_name"] = compose_full_name(data.name, data.gelar_depan, data.gelar_belakang)
    return doc


def position_doc(data: PositionCreate) -> dict[str, Any]:
    doc = dump(data)
    doc.pop("position_id")
    return doc


def _drop_none(value: dict[str, Any]) -> dict[str, Any]:
    """`value` without its None entries, at every depth (dicts inside lists too). Scalars
    are not visited one call each: a record holds a hundred of them (a fifth of an event's
    cost was this walk)."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        if item is None:
            continue
        if isinstance(item, dict):
            item = _drop_none(item)
        elif isinstance(item, list):
            item = _drop_none_list(item)
        out[key] = item
    return out


def _drop_none_list(items: list[Any]) -> list[Any]:
    return [
        _drop_none(i) if isinstance(i, dict) else _drop_none_list(i) if isinstance(i, list) else i
        for i in items
    ]


def _levels(levels: dict[str, int]) -> list[dict[str, Any]]:
    return [{"code": code, "level": level} for code, level in levels.items()]


def profile_message(
    nip: str, doc: dict[str, Any], provenance: dict[str, dict[str, str]] | None = None
) -> pb.Profile:
    """The event snapshot of a profile: everything but the sensitive personal data, with the
    provenance of each field group (without who edited).

    Built with the message's constructor, which takes nested dicts and lists of dicts (the
    stored document already has the proto's field names and types): 12x faster than
    json_format.ParseDict, the largest cost of an import, and byte for byte the same message
    (test_events.py compares them)."""
    data = {k: v for k, v in doc.items() if k not in SENSITIVE_FIELDS}
    if data.get("assessments"):
        data["assessments"] = [
            {
                **assessment,
                "managerial": _levels(assessment.get("managerial") or {}),
                "teknis": _levels(assessment.get("teknis") or {}),
            }
            for assessment in data["assessments"]
        ]
    data["nip"] = nip
    message = pb.Profile(**_drop_none(data))
    for group, entry in (provenance or {}).items():
        if group in EVENT_GROUPS:
            message.provenance[group].CopyFrom(
                pb.Provenance(
                    source=entry.get("source", ""),
                    ref=entry.get("ref", ""),
                    changed_at=entry.get("changed_at", ""),
                )
            )
    return message


def position_message(position_id: str, doc: dict[str, Any]) -> pos_pb.Position:
    data = dict(doc)
    data["competency_standard"] = _levels(data.get("competency_standard") or {})
    data["position_id"] = position_id
    return pos_pb.Position(**_drop_none(data))


def _timestamp(when: dt.datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(when)
    return ts


def _publish(
    tx: Transaction, kind: Kind, rec: StoredRecord, change: int, merged_into: str = ""
) -> None:
    event_id = str(uuid.uuid4())
    if kind == "profiles":
        event: Any = pb.ProfileChanged(
            merged_into=merged_into,
            event_id=event_id,
            nip=rec.key,
            version=rec.version,
            occurred_at=_timestamp(rec.updated_at),
            change_type=change,  # type: ignore[arg-type]
            profile=pb.Profile(nip=rec.key)
            if rec.deleted
            else profile_message(rec.key, rec.doc, rec.provenance),
        )
        topic, type_name = PROFILE_TOPIC, PROFILE_CHANGED_TYPE
    else:
        event = pos_pb.PositionChanged(
            event_id=event_id,
            position_id=rec.key,
            version=rec.version,
            occurred_at=_timestamp(rec.updated_at),
            change_type=change,  # type: ignore[arg-type]
            position=pos_pb.Position(position_id=rec.key)
            if rec.deleted
            else position_message(rec.key, rec.doc),
        )
        topic, type_name = POSITION_TOPIC, POSITION_CHANGED_TYPE
    tx.add_outbox(
        topic=topic,
        key=rec.key.encode(),
        payload=event.SerializeToString(deterministic=True),
        headers=event_headers(type_name, event_id),
    )


# ---- generic life cycle --------------------------------------------------------------------


def _check_version(kind: Kind, key: str, expected: int | None, actual: int) -> None:
    if expected is not None and expected != actual:
        raise VersionConflict(key, expected, actual, kind)


def _provenance(
    kind: Kind, old: StoredRecord | None, doc: dict[str, Any], source: Source, now: dt.datetime
) -> dict[str, dict[str, str]]:
    if kind != "profiles":
        return {}
    live = old is not None and not old.deleted
    return stamp(
        old.doc if live and old else None,
        doc,
        old.provenance if live and old else None,
        source,
        now,
    )


def create_in(
    tx: Transaction, kind: Kind, key: str, doc: dict[str, Any], source: Source = MANUAL
) -> StoredRecord:
    existing = tx.get(key, kind)
    if existing is not None and not existing.deleted:
        raise already_exists(kind, key)
    now = dt.datetime.now(dt.UTC)
    rec = StoredRecord(
        key,
        (existing.version if existing else 0) + 1,
        False,
        doc,
        now,
        now,
        _provenance(kind, None, doc, source, now),
    )
    tx.put(rec, kind)
    _publish(tx, kind, rec, pb.CHANGE_TYPE_CREATED)
    return rec


def update_in(
    tx: Transaction,
    kind: Kind,
    key: str,
    doc: dict[str, Any],
    expected: int | None,
    source: Source = MANUAL,
) -> tuple[StoredRecord, bool]:
    """Replace a live record; returns (record, changed). An import that changes nothing still
    confirms the groups it carried (their confirmed_at moves; no new version, no event)."""
    existing = tx.get(key, kind)
    if existing is None or existing.deleted:
        raise not_found(kind, key)
    _check_version(kind, key, expected, existing.version)
    now = dt.datetime.now(dt.UTC)
    provenance = _provenance(kind, existing, doc, source, now)
    if _meaningful(doc) == _meaningful(existing.doc):
        if provenance != existing.provenance and source.confirms_unchanged:
            tx.set_provenance(key, provenance, kind)
        return existing, False  # nothing changed: no new version, no event
    rec = StoredRecord(key, existing.version + 1, False, doc, existing.created_at, now, provenance)
    tx.put(rec, kind)
    _publish(tx, kind, rec, pb.CHANGE_TYPE_UPDATED)
    return rec, True


def _meaningful(value: Any) -> Any:
    """A document without its empty values (None, "", [], {}): a record stored before a field
    was added lacks the key its re-import now carries empty, and is no change for that (else
    the first import after an upgrade would write a version and an event for everyone)."""
    if isinstance(value, dict):
        kept = {k: _meaningful(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_meaningful(v) for v in value]
    return value


def upsert_in(
    tx: Transaction, kind: Kind, key: str, doc: dict[str, Any], source: Source = MANUAL
) -> Outcome:
    """Create, update or leave alone: what imports use, so that a re-import is idempotent."""
    existing = tx.get(key, kind)
    if existing is None or existing.deleted:
        create_in(tx, kind, key, doc, source)
        return "created"
    _, changed = update_in(tx, kind, key, doc, None, source)
    return "updated" if changed else "unchanged"


def delete_in(
    tx: Transaction, kind: Kind, key: str, expected: int | None, merged_into: str = ""
) -> int:
    existing = tx.get(key, kind)
    if existing is None or existing.deleted:
        raise not_found(kind, key)
    _check_version(kind, key, expected, existing.version)
    # The tombstone keeps the last content (history), and where it went after a merge.
    doc = {**existing.doc, "merged_into": merged_into} if merged_into else existing.doc
    rec = StoredRecord(
        key,
        existing.version + 1,
        True,
        doc,
        existing.created_at,
        dt.datetime.now(dt.UTC),
        existing.provenance,
    )
    tx.put(rec, kind)
    if kind == "profiles":
        # The rows an import set aside were that record's: a record made again under the NIP
        # (or the one a merge kept) must not show them; the next import of it says anew.
        tx.execute("DELETE FROM quarantine WHERE nip = ?", (key,))
        tx.execute("DELETE FROM siasn_answers WHERE nip = ?", (key,))  # read again in full
    _publish(tx, kind, rec, pb.CHANGE_TYPE_DELETED, merged_into)
    return rec.version


HISTORY_FIELDS = (
    "positions",
    "education",
    "trainings",
    "skp",
    "assessments",
    "discipline",
    "awards",
    "certifications",
    "innovations",
)


class MergeRefused(ProfileError):
    """A merge that cannot be done as asked (409), with the reason in Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def merge_profiles(store: RecordStore, removed: str, kept: str, actor: str = "") -> ProfilePublic:
    """Merge the duplicate `removed` into `kept`: kept gets the union of both histories (a
    new version, validated like any write), removed becomes a tombstone pointing to kept."""
    if removed == kept:
        raise MergeRefused(f"NIP {kept} tidak dapat digabungkan ke dirinya sendiri")
    with store.transaction() as tx:
        for key in sorted((removed, kept)):  # one order for every writer: no deadlock
            tx.lock_record(key)
        source, target = tx.get(removed), tx.get(kept)
        if source is None or source.deleted:
            raise ProfileNotFound(removed)
        if target is None:
            raise ProfileNotFound(kept)
        if target.deleted:
            raise MergeRefused(f"profil tujuan {kept} sudah dihapus; gabungkan ke profil aktif")
        doc = {k: v for k, v in target.doc.items() if k in ProfileFields.model_fields}
        for name in HISTORY_FIELDS:
            union = list(doc.get(name) or [])
            for item in source.doc.get(name) or []:
                if item not in union:
                    union.append(item)
            if union:
                doc[name] = union
        merged = profile_doc(ProfileCreate.model_validate({**doc, "nip": kept}))
        rec, _ = update_in(tx, "profiles", kept, merged, None, Source("gabung", removed, actor))
        delete_in(tx, "profiles", removed, None, merged_into=kept)
    return to_public(rec)


# ---- profiles ------------------------------------------------------------------------------


def profile_digest(rec: StoredRecord) -> str:
    """The content digest of what the record's event carries ("" for a deleted record)."""
    return "" if rec.deleted else content_digest(profile_message(rec.key, rec.doc, rec.provenance))


def to_public(rec: StoredRecord) -> ProfilePublic:
    """The API view of a stored profile."""
    return ProfilePublic.model_validate(
        {
            **rec.doc,
            "nip": rec.key,
            "version": rec.version,
            "created_at": rec.created_at,
            "updated_at": rec.updated_at,
            "content_digest": profile_digest(rec),
            "provenance": {g: {**e, "text": describe(e)} for g, e in rec.provenance.items()},
        }
    )


def create_profile(
    store: RecordStore, data: ProfileCreate, source: Source = MANUAL
) -> ProfilePublic:
    doc = profile_doc(data)
    with store.transaction() as tx:
        rec = create_in(tx, "profiles", data.nip, doc, source)
    return to_public(rec)


def update_profile(
    store: RecordStore,
    nip: str,
    data: ProfileUpdate,
    *,
    expected_version: int | None = None,
    source: Source = MANUAL,
) -> ProfilePublic:
    doc = profile_doc(ProfileCreate.model_validate({**data.model_dump(), "nip": nip}))
    with store.transaction() as tx:
        rec, _ = update_in(tx, "profiles", nip, doc, expected_version, source)
    return to_public(rec)


def delete_profile(store: RecordStore, nip: str, *, expected_version: int | None = None) -> int:
    with store.transaction() as tx:
        return delete_in(tx, "profiles", nip, expected_version)


def get_profile(store: RecordStore, nip: str) -> ProfilePublic:
    rec = store.get(nip)
    if rec is not None and rec.deleted and rec.doc.get("merged_into"):
        raise ProfileMerged(nip, str(rec.doc["merged_into"]))
    if rec is None or rec.deleted:
        raise ProfileNotFound(nip)
    return to_public(rec)


# ---- positions -----------------------------------------------------------------------------


def position_public(rec: StoredRecord) -> PositionPublic:
    return PositionPublic.model_validate(
        {
            **rec.doc,
            "position_id": rec.key,
            "version": rec.version,
            "vacant": rec.doc.get("holder_nip") is None,
            "created_at": rec.created_at,
            "updated_at": rec.updated_at,
        }
    )


def create_position(store: RecordStore, data: PositionCreate) -> PositionPublic:
    with store.transaction() as tx:
        rec = create_in(tx, "positions", data.position_id, position_doc(data))
    return position_public(rec)


def update_position(
    store: RecordStore, position_id: str, data: PositionUpdate, *, expected_version: int | None
) -> PositionPublic:
    doc = position_doc(
        PositionCreate.model_validate({**data.model_dump(), "position_id": position_id})
    )
    with store.transaction() as tx:
        rec, _ = update_in(tx, "positions", position_id, doc, expected_version)
    return position_public(rec)


def delete_position(store: RecordStore, position_id: str, *, expected_version: int | None) -> int:
    with store.transaction() as tx:
        return delete_in(tx, "positions", position_id, expected_version)


def get_position(store: RecordStore, position_id: str) -> PositionPublic:
    rec = store.get(position_id, "positions")
    if rec is None or rec.deleted:
        raise PositionNotFound(position_id)
    return position_public(rec)
