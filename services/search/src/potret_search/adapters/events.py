"""What a profile event becomes in the index: its document (`domain.documents.document_for`)
with the event's version, content digest and times, or a tombstone for a delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from potret.asn.v1 import profile_events_pb2 as pb
from potret_events import content_digest, message_fields
from potret_search.domain.documents import IndexAction, document_for, reusable


def action_for(
    event: pb.ProfileChanged,
    *,
    today: dt.date | None = None,
    prior: Mapping[str, Any] | None = None,
) -> IndexAction:
    """The index write for one event (`today`: the date expertise is measured by, default
    today; `prior`: the record's stored document, whose scores are taken over when computed
    from the same inputs, document_for). Deletes become tombstone documents, not removals,
    so that an old event replayed later can never resurrect a deleted profile."""
    occurred = event.occurred_at.ToDatetime().isoformat() + "Z"
    if event.change_type == pb.CHANGE_TYPE_DELETED:
        doc: dict[str, Any] = {"nip": event.nip, "deleted": True, "source_digest": ""}
    else:
        profile = message_fields(event.profile)
        doc = document_for(profile, today=today or dt.date.today(), prior=prior)
        doc["source_digest"] = content_digest(event.profile)
    doc["version"] = event.version
    doc["occurred_at"] = occurred
    doc["indexed_at"] = dt.datetime.now(dt.UTC).isoformat()
    reused = "expertise_key" in doc and reusable(prior, doc["expertise_key"]) is not None
    return IndexAction(nip=event.nip, version=event.version, document=doc, reused=reused)
