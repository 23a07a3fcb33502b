"""Likely duplicate records, with the evidence, for BKPSDM to review."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query

from potret_profile.adapters.duplicate_pairs import KeptPairs
from potret_profile.domain import duplicates
from potret_profile.entrypoints.deps import StoreDep
from potret_profile.service.duplicate_book import DuplicatesBuilding, kept_duplicates

log = logging.getLogger(__name__)
router = APIRouter(tags=["duplicates"])

# Comparing every record (while the kept pairs are first built) fits in a request only up to
# about this many live profiles: 22.8 s at 100,000 on the development machine, against the
# gateway's 120 s (bench/duplicates.py). Above it the report answers 503 until built.
SCAN_LIMIT = 200_000


def _left_uncompared(size: int) -> None:
    log.warning("duplicates: a block of %d records left uncompared", size)


@router.get("/duplicates")
def likely_duplicates(
    store: StoreDep,
    min_score: Annotated[float, Query(ge=0.5, le=1.0)] = 0.75,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Pairs of live records that are likely one person, best first, with the reasons.
    `pending_reassessment`: records changed but not yet compared again (a large import
    being worked through in the background), whose pairs are still as they were; 0 when the
    answer is complete."""
    kept = kept_duplicates(KeptPairs(store.database), min_score, limit)
    if kept is None:  # the pairs of this matcher are still being built: compare them all
        live = store.count_live()
        if live > SCAN_LIMIT:
            raise DuplicatesBuilding(live)
        found = duplicates.find(
            ((r.key, r.doc) for r in store.iter_live()),
            min_score=min_score,
            on_oversized=_left_uncompared,
        )
        count, best, pending = len(found), found[:limit], 0
    else:
        count, best, pending = kept
    return {
        "count": count,
        "pending_reassessment": pending,
        "data": [c.public() for c in best],
    }
