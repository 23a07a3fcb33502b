"""What the store holds, as versions and content digests, for `potret-consistency`.

Internal: the gateway does not route it. Every record is listed, deleted ones too (their
version matters: the index and the ranking read model keep tombstones at that version).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from potret_profile.entrypoints.deps import StoreDep
from potret_profile.service import records

router = APIRouter(prefix="/consistency", tags=["consistency"])


class RecordDigest(BaseModel):
    nip: str
    version: int
    deleted: bool
    content_digest: str = Field(
        description="16 hex SHA-256 of the event snapshot; empty if deleted"
    )


class RecordDigests(BaseModel):
    data: list[RecordDigest]
    next_cursor: str | None = None


@router.get("/profiles", response_model=RecordDigests)
def profile_digests(
    store: StoreDep,
    after: Annotated[
        str | None, Query(max_length=18, description="NIP terakhir halaman lalu")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> RecordDigests:
    """Every profile (deleted too) with its version and content digest, by NIP."""
    page = store.list_all(after=after, limit=limit)
    return RecordDigests(
        data=[
            RecordDigest(
                nip=r.key,
                version=r.version,
                deleted=r.deleted,
                content_digest=records.profile_digest(r),
            )
            for r in page
        ],
        next_cursor=page[-1].key if len(page) == limit else None,
    )
