"""How a profile event becomes an Elasticsearch document, and how a query is built."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from potret.asn.v1 import profile_events_pb2 as pb

INDEX_MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "nip": {"type": "keyword"},
        "name": {"type": "text", "fields": {"raw": {"type": "keyword", "ignore_above": 256}}},
        "golongan": {"type": "keyword"},
        "jabatan": {"type": "text", "fields": {"raw": {"type": "keyword", "ignore_above": 256}}},
        "opd": {"type": "text", "fields": {"raw": {"type": "keyword", "ignore_above": 256}}},
        "version": {"type": "long"},
        "deleted": {"type": "boolean"},
        "occurred_at": {"type": "date"},
    },
}


@dataclass(frozen=True, slots=True)
class IndexAction:
    """Write `document` as `nip` at `version`, unless the index already holds a newer one."""

    nip: str
    version: int
    document: dict[str, Any]


def action_for(event: pb.ProfileChanged) -> IndexAction:
    """The index write for one event. Deletes become tombstone documents, not removals,
    so that an old event replayed later can never resurrect a deleted profile."""
    occurred = event.occurred_at.ToDatetime().isoformat() + "Z"
    if event.change_type == pb.CHANGE_TYPE_DELETED:
        doc: dict[str, Any] = {"nip": event.nip, "deleted": True}
    else:
        p = event.profile
        doc = {
            "nip": event.nip,
            # Until the v2 mapping (expertise search), "name" holds the name with titles.
            "name": p.full_name or p.name,
            "golongan": p.golongan,
            "jabatan": p.jabatan,
            "opd": p.opd,
            "deleted": False,
        }
    doc["version"] = event.version
    doc["occurred_at"] = occurred
    return IndexAction(nip=event.nip, version=event.version, document=doc)


_DIGITS = re.compile(r"\D")


def build_query(text: str) -> dict[str, Any]:
    """Full-text query over name, jabatan and OPD (typo tolerant) or an exact NIP."""
    should: list[dict[str, Any]] = [
        {
            "multi_match": {
                "query": text,
                "fields": ["name^3", "jabatan^2", "opd"],
                "fuzziness": "AUTO",
                "operator": "and",
            }
        }
    ]
    digits = _DIGITS.sub("", text)
    if len(digits) == 18:
        should.append({"term": {"nip": {"value": digits, "boost": 10}}})
    return {
        "bool": {
            "filter": [{"term": {"deleted": False}}],
            "should": should,
            "minimum_should_match": 1,
        }
    }
