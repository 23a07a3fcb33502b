"""The likely-duplicates report, kept current instead of computed by comparing every record.

The pairs are kept in the store (adapters/duplicate_pairs.py): a trigger marks each profile
whose document or tombstone changes as due, and due profiles are compared again with the
members of their blocks. The report reads the kept pairs, whatever the number of records
(GET /duplicates):

- up to INLINE_REFRESH due profiles are compared again inside the request first, so that a
  write just made is in the answer;
- more (a large import, a SIASN sync) are left to the background and counted in the answer
  (`pending_reassessment`), the pairs of the others as they are;
- a new matcher version (duplicates.MATCHER_VERSION) builds the pairs again, in the
  background, by one replica at a time (a lease), after a start too when a store holds
  profiles never compared (an upgrade, a copied store). Until it is complete the report
  compares every record, as before. A replica of an older release leaves a newer release's
  pairs alone and compares every record until it is replaced.
"""

from __future__ import annotations

import logging

from potret_events.worker import Periodic
from potret_profile.adapters.duplicate_pairs import KeptPairs
from potret_profile.domain.duplicates import Candidate
from potret_sqldb import StoreUnavailable

log = logging.getLogger(__name__)

# At most this many due profiles are compared again inside a report request.
INLINE_REFRESH = 2000


class DuplicatesBuilding(Exception):
    """The pairs are being built and the store is too big to compare whole within a
    request (HTTP 503 with Retry-After)."""

    def __init__(self, live: int) -> None:
        super().__init__(f"{live} live profiles")
        self.live = live


def kept_duplicates(
    pairs: KeptPairs, min_score: float, limit: int | None = None
) -> tuple[int, list[Candidate], int] | None:
    """How many kept pairs score at least `min_score`, the best `limit` of them, and how many
    profiles still wait to be compared again; None while the pairs of this matcher are not
    built (the caller scans)."""
    if not pairs.built():
        return None
    pending = pairs.due()
    if 0 < pending <= INLINE_REFRESH:
        try:
            pairs.refresh(limit=INLINE_REFRESH)
            pending = pairs.due()
        except StoreUnavailable:  # read-only or busy: the pairs as they are, and say so
            log.warning("duplicates: cannot compare %d due records now", pending)
    count, best = pairs.pairs(min_score, limit)
    return count, best, pending


class DuplicateBuilder(Periodic):
    """In the background, all the time the service runs: build the pairs when this matcher
    has none (a first start, an upgrade, a copied store) and compare again the profiles made
    due by writes the reports did not pick up; one replica at a time, every `every_s`."""

    name = "duplicate-pairs"
    failure = "maintenance failed; the report compares every record meanwhile"

    # A look every few seconds costs two indexed counts; an import is then compared within
    # seconds of its commit, not a minute later.
    def __init__(
        self, pairs: KeptPairs, every_s: float = 5.0, share: float = 0.25, burst: int = 50
    ) -> None:
        if not 0 < share <= 1:
            raise ValueError(f"share must be in (0, 1], got {share}")
        super().__init__(every_s)
        self.pairs = pairs
        self.share = share
        self.burst = burst

    def pace(self, seconds: float, arrived: int) -> None:
        """Between two pages: while writers make at least `burst` profiles due during a page
        (a bulk import, not the odd edit), take at most `share` of the time, so that the
        writes, not this upkeep, have the store (on SQLite one writer at a time) and the
        process. Otherwise the backlog is worked off at full speed. A report meanwhile
        answers from the pairs kept and says how many profiles wait (kept_duplicates)."""
        if arrived >= self.burst:
            self._stop.wait(seconds * (1 - self.share) / self.share)

    def once(self) -> None:
        pairs = self.pairs
        if (pairs.built() and not pairs.due()) or pairs.superseded():
            return
        lease = pairs.lease()
        if lease is None:
            return  # another replica is at it
        try:
            if not pairs.started():
                log.info("duplicates: building the pairs of matcher %s", pairs.version)
                if not pairs.start_build():
                    return  # a newer matcher started meanwhile
            done = pairs.refresh(stop=self.stopping, progress=_progress, pace=self.pace)
            log.info("duplicates: %d records compared again", done)
        finally:
            lease.release()


def _progress(done: int) -> None:
    if done % 50_000 < 500:
        log.info("duplicates: %d records compared", done)
