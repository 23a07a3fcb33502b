"""The data-quality report, kept current instead of computed by scanning every record.

Every transaction that writes a profile stores, with it, the record's share of the report's
counts and the day its assessment may change (adapters/store.py `flush_quality`), and adds
the difference to the counts per OPD. The report then reads a few hundred count rows,
whatever the number of records (GET /quality without `reference_date`, or with today's).

- The date moves assessments without any write (last year's SKP on 1 January, an assessment
  passing its age, a confirmation passing its limit): each record's facts carry the first day
  that can happen (`domain.quality.valid_until`), and the report first assesses again the
  records whose day has come.
- A new rules file (another `version`) starts a rebuild: the facts of every live profile are
  computed again, page by page, in the background, by one replica at a time (a lease), after
  a start too when a store holds profiles without facts (an upgrade, a copied store).
  Until it is complete the report scans, as before.
- A report for another reference date always scans (the counts are kept for today).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from potret_profile.adapters.store import RecordStore
from potret_profile.domain.quality import (
    QualityRules,
    Tally,
    assess,
    record_counters,
    valid_until,
)

log = logging.getLogger(__name__)


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


class QualityBook:
    """Computes one record's quality facts under the rules, for the day the clock gives."""

    def __init__(self, rules: QualityRules, clock: Callable[[], dt.date] = utc_today) -> None:
        self.rules = rules
        self.version = rules.version
        self.clock = clock

    def today(self) -> str:
        return self.clock().isoformat()

    def facts(
        self, nip: str, doc: dict[str, Any], provenance: dict[str, dict[str, str]]
    ) -> tuple[str, dict[str, int], str]:
        today = self.clock()
        q = assess(doc, provenance, self.rules, today, nip=nip)
        counters = record_counters(doc, q, self.rules)
        return (
            str(doc.get("opd", "")),
            counters,
            valid_until(doc, provenance, self.rules, today).isoformat(),
        )


def kept_report(
    store: RecordStore, rules: QualityRules, opd: str | None, reference_date: dt.date | None
) -> tuple[dt.date, Tally, dict[str, Tally]] | None:
    """The report's day and tallies from the kept counts (total, per OPD); None for another
    reference date than today, or while the facts of the current rules are not complete
    (the caller scans)."""
    book = store.quality
    if book is None or book.version != rules.version:
        return None
    today = dt.date.fromisoformat(book.today())
    if reference_date not in (None, today) or not store.quality_built():
        return None
    store.refresh_quality()
    by_opd = {
        name: Tally.from_counters(counts)
        for name, counts in store.quality_counts(opd).items()
        if counts.get("records", 0) > 0
    }
    total: dict[str, int] = {}
    for tally in by_opd.values():
        for name, n in tally.counters().items():
            total[name] = total.get(name, 0) + n
    return today, Tally.from_counters(total), by_opd


class QualityBuilder:
    """At start: (re)build the facts when they do not cover every profile under the
    current rules; one replica at a time, the others wait and look again."""

    def __init__(self, store: RecordStore, retry_s: float = 5.0) -> None:
        self.store = store
        self.retry_s = retry_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="quality-build", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.store.quality_built():
                    return
                lease = self.store.quality_lease()
                if lease is not None:
                    try:
                        log.info(
                            "quality facts: building for rules %s",
                            self.store.quality.version if self.store.quality else "-",
                        )
                        if self.store.build_quality(
                            stop=self._stop.is_set,
                            progress=lambda n: log.info("quality facts: %d profiles", n),
                        ):
                            log.info("quality facts: complete")
                            return
                    finally:
                        lease.release()
            except Exception:
                log.exception("quality facts: build failed; the report scans meanwhile")
            self._stop.wait(self.retry_s)
