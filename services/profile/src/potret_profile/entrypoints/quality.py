"""Data quality: completeness and freshness per OPD, and the stale facts of one record."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from potret_asn_rules.provenance import EVENT_GROUPS, describe
from potret_problems import Problem
from potret_profile.domain.errors import ProfileNotFound
from potret_profile.domain.quality import QualityRules, Tally, assess
from potret_profile.entrypoints.deps import NipPath, StoreDep
from potret_profile.entrypoints.profiles import not_found
from potret_profile.service.quality_book import kept_report

router = APIRouter(tags=["quality"])
PAGE = 1000


def _rules(request: Request) -> QualityRules:
    rules: QualityRules = request.app.state.quality_rules
    return rules


def _today(reference_date: dt.date | None) -> dt.date:
    return reference_date or dt.datetime.now(dt.UTC).date()


@router.get("/quality")
def quality_report(
    request: Request,
    store: StoreDep,
    opd: Annotated[str | None, Query(max_length=200, description="satu OPD saja")] = None,
    reference_date: Annotated[
        dt.date | None, Query(description="tanggal acuan (default hari ini)")
    ] = None,
) -> dict[str, Any]:
    """Completeness and freshness percentages per OPD and in total, under the rules file.
    For today the counts kept with every write answer at once (quality_book.py); another
    reference date is computed over every record."""
    rules = _rules(request)
    kept = kept_report(store, rules, opd, reference_date)
    if kept is not None:
        day, total, by_opd, pending = kept
        return _report(rules, day, total, by_opd, pending)
    today = _today(reference_date)
    total, by_opd = Tally(), dict[str, Tally]()
    for rec in store.iter_live(page=PAGE, filters={"opd": opd}):
        q = assess(rec.doc, rec.provenance, rules, today, nip=rec.key)
        total.add(rec.doc, q, rules)
        by_opd.setdefault(str(rec.doc.get("opd", "")), Tally()).add(rec.doc, q, rules)
    return _report(rules, today, total, by_opd)


def _report(
    rules: QualityRules, today: dt.date, total: Tally, by_opd: dict[str, Tally], pending: int = 0
) -> dict[str, Any]:
    return {
        "rules_version": rules.version,
        "reference_date": today.isoformat(),
        # records whose assessment for today is not yet in the counts (being redone in the
        # background: 1 January, a year after a full SIASN sync); 0 when computed in full
        "pending_reassessment": pending,
        "total": total.summary(rules),
        "by_opd": [{"opd": name, **t.summary(rules)} for name, t in sorted(by_opd.items())],
    }


@router.get("/profiles/{nip}/quality", responses={404: {"model": Problem}})
def record_quality(
    request: Request,
    nip: NipPath,
    store: StoreDep,
    reference_date: Annotated[dt.date | None, Query()] = None,
) -> dict[str, Any]:
    """Which required groups are empty and which facts are stale, with the rule broken."""
    rec = store.get(nip)
    if rec is None or rec.deleted:
        raise not_found(ProfileNotFound(nip))
    rules = _rules(request)
    q = assess(rec.doc, rec.provenance, rules, _today(reference_date), nip=rec.key)
    return {
        "rules_version": rules.version,
        # Where the facts came from, next to how fresh they are (one call for explanations).
        "provenance": {g: describe(e) for g, e in rec.provenance.items() if g in EVENT_GROUPS},
        "complete": q.complete,
        "missing": [g for g, has in q.filled.items() if not has],
        "stale": [{"group": s.group, "rule": s.rule, "text": s.text} for s in q.stale],
        # history rows an import set aside (SIASN): the field, the rule and the value
        "quarantined": store.quarantine_of(nip),
    }
