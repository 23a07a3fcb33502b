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
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from potret_events.worker import Periodic
from potret_profile.adapters.store import RecordStore
from potret_profile.domain.quality import (
    QualityRules,
    Tally,
    assess,
    record_counters,
    valid_until,
)
from potret_sqldb import StoreUnavailable

log = logging.getLogger(__name__)


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def rules_key(rules: QualityRules) -> str:
    """The rules' version and a digest of their content: a rules file edited without a new
    `version` is still another set of rules, and its facts are built again."""
    digest = hashlib.sha256(rules.model_dump_json().encode()).hexdigest()[:12]
    return f"{rules.version}+{digest}"


class QualityBook:
    """Computes one record's quality facts under the rules, for the day the clock gives."""

    def __init__(self, rules: QualityRules, clock: Callable[[], dt.date] = utc_today) -> None:
        self.rules = rules
        self.version = rules_key(rules)
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


# At most this many records are assessed again inside a report request (a few hundred ms);
# more (1 January, a year after a full SIASN sync) are left to the background and counted.
INLINE_REFRESH = 2000


def kept_report(
    store: RecordStore, rules: QualityRules, opd: str | None, reference_date: dt.date | None
) -> tuple[dt.date, Tally, dict[str, Tally], int] | None:
    """The report's day, tallies from the kept counts (total, per OPD) and how many records
    still wait to be assessed again for today; None for another reference date than today,
    or while the facts of the current rules are not complete (the caller scans)."""
    book = store.quality
    if book is None or book.version != rules_key(rules):
        return None
    today = dt.date.fromisoformat(book.today())
    if reference_date not in (None, today) or not store.quality_built():
        return None
    pending = store.quality_due()
    if 0 < pending <= INLINE_REFRESH:
        try:
            store.refresh_quality()
            pending = store.quality_due()
        except StoreUnavailable:  # read-only or busy: the counts as they are, and say so
            log.warning("quality facts: cannot assess %d due records now", pending)
    by_opd: dict[str, Tally] = {}
    for name, counts in store.quality_counts(opd).items():
        if counts.get("records", 0) > 0:
            by_opd[name] = Tally.from_counters(counts)
        else:  # every record of an OPD gone takes all its counts to 0: these have drifted
            log.error("quality facts: OPD %r has counts without records: %s", name, counts)
    total: dict[str, int] = {}
    for tally in by_opd.values():
        for name, n in tally.counters().items():
            total[name] = total.get(name, 0) + n
    return today, Tally.from_counters(total), by_opd, pending


class QualityBuilder(Periodic):
    """In the background, all the time the service runs: (re)build the facts when they do not
    cover every profile under the current rules (a start after an upgrade or a rules change,
    another rules version that wrote meanwhile), and assess again the records the date or a
    writer without facts made due; one replica at a time (a lease), every `every_s`."""

    name = "quality-facts"
    failure = "maintenance failed; the report scans meanwhile"

    def __init__(self, store: RecordStore, every_s: float = 60.0) -> None:
        super().__init__(every_s)
        self.store = store

    def once(self) -> None:
        store = self.store
        if store.quality is None:
            return
        built = store.quality_built()
        if built and not store.quality_due():
            return
        lease = store.quality_lease()
        if lease is None:
            return  # another replica is at it
        try:
            if not built:
                log.info("quality facts: building for rules %s", store.quality.version)
                if store.build_quality(
                    stop=self.stopping,
                    progress=lambda n: log.info("quality facts: %d profiles", n),
                ):
                    log.info("quality facts: complete")
            else:
                log.info("quality facts: %d records assessed again", store.refresh_quality())
        finally:
            lease.release()
