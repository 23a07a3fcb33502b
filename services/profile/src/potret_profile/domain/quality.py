"""Data quality of records: is each field group filled (completeness) and recent enough
(freshness)? The thresholds are policy, not law: they live in a rules file
(`policies/quality-rules.json`, read by adapters/quality_rules.py;
PROFILE_QUALITY_RULES_PATH for another) and every stale fact is named
with the rule it breaks, so an explanation can say why a fact is flagged.

Freshness rules, per group:
- `last_year_required` (SKP): the SKP of the year before the reference date is recorded.
- `max_age_years` + `date_field` (assessments): the newest entry is at most that old.
- `max_unconfirmed_days`: the group's source confirmed it within that many days (a SIASN
  sync confirms every group it carries; a manual edit only what it changed). A group with no
  known source is stale under this rule.

And one consistency rule, whatever the rules file says (it is the domain reference's, not
policy): `NIP-CONSIST` (§1.1), a recorded birth date or TMT CPNS (SIASN tglLahir, tmtCpns)
that differs from what the NIP encodes. Kept, never rejected (records are corrected after a
NIP is issued; the ranking reads the recorded birth date), and flagged in the identitas
group for BKPSDM to check which one is right.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from potret_asn_rules import RuleViolation, parse_nip
from potret_asn_rules.provenance import GROUPS
from potret_asn_rules.record import add_years, record_date


class GroupRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    required: bool = Field(default=False, description="counts towards completeness")
    last_year_required: bool = False
    max_age_years: int | None = Field(default=None, ge=1, le=50)
    date_field: str | None = None
    max_unconfirmed_days: int | None = Field(default=None, ge=1, le=3650)


class QualityRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str
    comment: str = Field(default="", alias="_comment")
    groups: dict[str, GroupRule]

    def model_post_init(self, _context: Any) -> None:
        unknown = sorted(set(self.groups) - set(GROUPS))
        if unknown:
            raise ValueError(f"unknown field groups in quality rules: {unknown}")


@dataclass(frozen=True, slots=True)
class Stale:
    group: str
    rule: str
    text: str  # Indonesian, for explanations and the console


@dataclass
class RecordQuality:
    filled: dict[str, bool]  # required group -> has content
    stale: list[Stale]

    @property
    def complete(self) -> bool:
        return all(self.filled.values())


def _has(doc: dict[str, Any], group: str) -> bool:
    return any(doc.get(name) not in (None, "", [], {}) for name in GROUPS[group])


def nip_conflicts(nip: str, doc: dict[str, Any]) -> list[Stale]:
    """NIP-CONSIST: the recorded birth date or TMT CPNS month other than the NIP's."""
    scheme: Literal["PNS", "PPPK"] = "PPPK" if doc.get("status") in ("PPPK", "PPPK_PW") else "PNS"
    try:
        parsed = parse_nip(nip, scheme=scheme)
    except RuleViolation:
        return []
    out: list[Stale] = []
    born = record_date(doc.get("birth_date"))
    if born is not None and born != parsed.birth_date:
        out.append(
            Stale(
                "identitas",
                "NIP-CONSIST",
                f"tanggal lahir tercatat {born.isoformat()} berbeda dari NIP "
                f"({parsed.birth_date.isoformat()}): periksa mana yang benar; tanpa TMT pensiun "
                "tercatat, BUP dihitung dari tanggal lahir yang tercatat",
            )
        )
    appointed = record_date(doc.get("tmt_cpns"))
    if (
        scheme == "PNS"
        and appointed is not None
        and (appointed.year, appointed.month) != (parsed.tmt_cpns.year, parsed.tmt_cpns.month)
    ):
        out.append(
            Stale(
                "identitas",
                "NIP-CONSIST",
                f"TMT CPNS tercatat {appointed.isoformat()} berbeda dari bulan pada NIP "
                f"({parsed.tmt_cpns:%Y-%m}): periksa mana yang benar",
            )
        )
    return out


def assess(
    doc: dict[str, Any],
    provenance: dict[str, dict[str, str]],
    rules: QualityRules,
    today: dt.date,
    *,
    nip: str | None = None,
) -> RecordQuality:
    """Completeness of the required groups, every freshness rule broken and, given the NIP,
    every NIP-CONSIST conflict."""
    filled = {g: _has(doc, g) for g, r in rules.groups.items() if r.required}
    stale: list[Stale] = nip_conflicts(nip, doc) if nip else []
    for group, rule in rules.groups.items():
        if not _has(doc, group):
            continue  # missing is a completeness matter, not a freshness one
        if rule.last_year_required:
            wanted = today.year - 1
            years = {int(e.get("year", 0)) for e in doc.get("skp") or []}
            if wanted not in years:
                stale.append(Stale(group, "last_year_required", f"SKP {wanted} belum tercatat"))
        if rule.max_age_years and rule.date_field:
            dates = [
                d
                for name in GROUPS[group]
                for e in doc.get(name) or []
                if isinstance(e, dict) and (d := record_date(e.get(rule.date_field)))
            ]
            newest = max(dates, default=None)
            limit = add_years(today, -rule.max_age_years)
            if newest is None or newest < limit:
                when = newest.isoformat() if newest else "tanpa tanggal"
                stale.append(
                    Stale(
                        group,
                        "max_age_years",
                        f"{group}: data terbaru {when}, lebih tua dari {rule.max_age_years} tahun",
                    )
                )
        if rule.max_unconfirmed_days:
            entry = provenance.get(group)
            confirmed = record_date(entry.get("confirmed_at")) if entry else None
            if confirmed is None:
                stale.append(
                    Stale(group, "max_unconfirmed_days", f"{group}: asal data tidak diketahui")
                )
            elif (today - confirmed).days > rule.max_unconfirmed_days:
                stale.append(
                    Stale(
                        group,
                        "max_unconfirmed_days",
                        f"{group}: terakhir dikonfirmasi {confirmed.isoformat()}, lebih dari "
                        f"{rule.max_unconfirmed_days} hari lalu",
                    )
                )
    return RecordQuality(filled, stale)


FOREVER = dt.date(9999, 12, 31)


def _first_day_older(newest: dt.date, years: int) -> dt.date:
    """The first day on which `newest` is older than `years` for `assess`:
    newest < add_years(day, -years); FOREVER past the calendar's end."""
    if newest.year + years > FOREVER.year - 1:
        return FOREVER
    day = add_years(newest, years)
    while not newest < add_years(day, -years):
        day += dt.timedelta(days=1)
    return day


def valid_until(
    doc: dict[str, Any], provenance: dict[str, dict[str, str]], rules: QualityRules, today: dt.date
) -> dt.date:
    """The first day after `today` on which `assess` of this record may answer otherwise:
    exactly the day a rule flips (a day too early would be assessed again and then skip
    the flip). Completeness and NIP conflicts do not move with the date; of the freshness rules, SKP
    moves on 1 January, an assessment when it passes its age, a source when its
    confirmation does; a fact already stale stays stale until the record changes."""
    days = []
    for group, rule in rules.groups.items():
        if not _has(doc, group):
            continue
        if rule.last_year_required and today.year < FOREVER.year:
            days.append(dt.date(today.year + 1, 1, 1))
        if rule.max_age_years and rule.date_field:
            for name in GROUPS[group]:
                for e in doc.get(name) or []:
                    if isinstance(e, dict) and (d := record_date(e.get(rule.date_field))):
                        days.append(_first_day_older(d, rule.max_age_years))
        if rule.max_unconfirmed_days:
            entry = provenance.get(group)
            confirmed = record_date(entry.get("confirmed_at")) if entry else None
            if confirmed is not None and confirmed < FOREVER - dt.timedelta(days=3651):
                days.append(confirmed + dt.timedelta(days=rule.max_unconfirmed_days + 1))
    return min((d for d in days if d > today), default=FOREVER)


def checked_groups(rules: QualityRules) -> list[str]:
    return [
        g
        for g, r in rules.groups.items()
        if r.last_year_required or r.max_age_years or r.max_unconfirmed_days
    ]


def record_counters(doc: dict[str, Any], q: RecordQuality, rules: QualityRules) -> dict[str, int]:
    """One record's share of a report's counts."""
    tally = Tally()
    tally.add(doc, q, rules)
    return tally.counters()


@dataclass
class Tally:
    """Counts for one OPD (or all): records, complete and fresh ones, per group."""

    records: int = 0
    complete: int = 0
    fresh: int = 0  # records with no stale fact
    filled: dict[str, int] = field(default_factory=dict)  # required group has content
    present: dict[str, int] = field(default_factory=dict)  # checked group has content
    stale: dict[str, int] = field(default_factory=dict)  # checked group is stale
    conflicts: int = 0  # records whose birth date or TMT CPNS differs from the NIP's

    def add(self, doc: dict[str, Any], q: RecordQuality, rules: QualityRules) -> None:
        self.records += 1
        self.complete += q.complete
        # a NIP-CONSIST conflict is no stale fact: it is counted apart (`conflicts`)
        stale = [st for st in q.stale if st.rule != "NIP-CONSIST"]
        self.fresh += not stale
        self.conflicts += len(stale) != len(q.stale)
        for group, has in q.filled.items():
            self.filled[group] = self.filled.get(group, 0) + has
        for group in checked_groups(rules):
            if _has(doc, group):
                self.present[group] = self.present.get(group, 0) + 1
        for group in {s.group for s in stale}:
            self.stale[group] = self.stale.get(group, 0) + 1

    def counters(self) -> dict[str, int]:
        """The tally as named counters (the non-zero ones), as the report table keeps them."""
        out = {"records": self.records, "complete": self.complete, "fresh": self.fresh}
        out["conflicts"] = self.conflicts
        for prefix, counts in (
            ("filled", self.filled),
            ("present", self.present),
            ("stale", self.stale),
        ):
            out.update({f"{prefix}:{g}": n for g, n in counts.items()})
        return {k: v for k, v in out.items() if v}

    @classmethod
    def from_counters(cls, counters: dict[str, int]) -> Tally:
        tally = cls(
            records=counters.get("records", 0),
            complete=counters.get("complete", 0),
            fresh=counters.get("fresh", 0),
            conflicts=counters.get("conflicts", 0),
        )
        parts = {"filled": tally.filled, "present": tally.present, "stale": tally.stale}
        for name, n in counters.items():
            prefix, _, group = name.partition(":")
            if group and prefix in parts:
                parts[prefix][group] = n
        return tally

    def summary(self, rules: QualityRules) -> dict[str, Any]:
        """Percentages (one decimal): complete and fresh records, completeness per required
        group, and per checked group the share of records holding it whose facts are fresh."""

        def pct(n: int, of: int) -> float | None:
            return round(100.0 * n / of, 1) if of else None

        return {
            "records": self.records,
            "complete_pct": pct(self.complete, self.records),
            "fresh_pct": pct(self.fresh, self.records),
            "nip_conflicts": self.conflicts,
            "completeness": {
                g: pct(self.filled.get(g, 0), self.records)
                for g, r in rules.groups.items()
                if r.required
            },
            "freshness": {
                g: pct(self.present.get(g, 0) - self.stale.get(g, 0), self.present.get(g, 0))
                for g in checked_groups(rules)
            },
        }
