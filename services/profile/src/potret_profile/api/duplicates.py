"""Likely duplicate records, with the evidence, for BKPSDM to review."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query

from potret_profile import duplicates
from potret_profile.adapters.store import RecordStore
from potret_profile.api.deps import StoreDep

router = APIRouter(tags=["duplicates"])


def _live(store: RecordStore) -> Iterator[tuple[str, dict[str, Any]]]:
    after: str | None = None
    while True:
        page = store.list_live(after=after, limit=1000)
        yield from ((r.key, r.doc) for r in page)
        if len(page) < 1000:
            return
        after = page[-1].key


@router.get("/duplicates")
def likely_duplicates(
    store: StoreDep,
    min_score: Annotated[float, Query(ge=0.5, le=1.0)] = 0.75,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Pairs of live records that are likely one person, best first, with the reasons."""
    found = duplicates.find(_live(store), min_score=min_score)
    return {"count": len(found), "data": [c.public() for c in found[:limit]]}
