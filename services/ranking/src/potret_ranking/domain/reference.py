"""The position-fit computation of `engine.evaluate`, one ASN at a time, in plain Python.

This exists for two reasons only: the benchmark (the speed-up of the vectorised engine over
scoring row by row) and as a cross-check in tests (the vectorised engine must agree with this
straightforward reading of the rules, row for row). It is not used to serve requests.

It reads a single `RowFacts` (not the columns) and mirrors every detail of engine.py: the rule
semantics, the factor formulas, the track-record parts (including the innovation window as
engine.py slices it) and the 9-box. The only concession to the columnar store is the domain
expertise, which the columns keep as float16: that one value is rounded through
`numpy.float16` so both agree. The closed month counters, clipped at 32000 in the columns,
are not clipped here.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from potret_asn_rules.vocab import PREDIKAT_ORDINAL
from potret_ranking.domain.facts import NYEARS, YEAR0, RowFacts, month_index
from potret_ranking.domain.policy import FACTORS, Policy
from potret_ranking.domain.requirements import RULE_ORDER, Requirement

# (potential, kinerja) -> box, as in engine.BOX; 0 where either is missing.
BOX: dict[tuple[int, int], int] = {
    (1, 1): 1,
    (1, 2): 2,
    (1, 3): 4,
    (2, 1): 3,
    (2, 2): 5,
    (2, 3): 7,
    (3, 1): 6,
    (3, 2): 8,
    (3, 3): 9,
}


@dataclass(frozen=True)
class RowScore:
    """One ASN's fit for one position: rule outcomes, factors, total and 9-box."""

    eligible: bool
    met: dict[str, bool]  # every rule id of RULE_ORDER; a rule that does not apply is met
    factors: dict[str, float]  # competency, performance, expertise, track_record
    total: float
    box: int


def performance_years(policy: Policy, ref: dt.date) -> tuple[int, ...]:
    """The last `policy.performance.years` SKP years final on `ref` (year Y from the 1st of
    `final_from_month` of Y+1), newest first, within the years the read model keeps."""
    out = []
    newest = ref.year - 1
    if ref.month < policy.performance.final_from_month:
        newest -= 1  # last year's SKP is not final yet
    for i in range(policy.performance.years):
        year = newest - i
        if YEAR0 <= year < YEAR0 + NYEARS:
            out.append(year)
    return tuple(out)


def _current_months(facts: RowFacts, ref_month: int) -> int:
    if facts.current_start >= 0:
        return max(0, ref_month - facts.current_start)
    return 0


def _months_at_or_above(facts: RowFacts, level: int, current: int) -> int:
    """Months at managerial `level` or higher: closed posts plus the current one."""
    months = facts.closed_level_months[level]
    if facts.level_now >= level:
        months += current
    return months


def _field_months(facts: RowFacts, req: Requirement, current: int) -> int:
    best = 0
    for d in req.domain_columns:
        months = facts.closed_domain_months[d]
        if (facts.current_domains >> d) & 1:
            months += current
        best = max(best, months)
    return best


def _major_level(facts: RowFacts, req: Requirement) -> int:
    """The highest education level among the person's majors sharing a stem with the
    position's related majors (0 when none)."""
    best = 0
    for level, _major, stems in facts.majors:
        if stems & req.major_stems and level > best:
            best = level
    return best


def _bup(facts: RowFacts, req: Requirement, ref_month: int) -> tuple[int, int]:
    """(retirement month, months from the reference month to it), at the position's BUP
    when it has one; the months are -1 when the retirement month is unknown."""
    bup = facts.bup_month
    if req.bup_age and bup >= 0 and facts.bup_age > 0:  # at the position's BUP
        bup += (req.bup_age - facts.bup_age) * 12
    return bup, (bup - ref_month if bup >= 0 else -1)


def _age(facts: RowFacts, ref: dt.date) -> int | None:
    """Completed years on `ref`, by calendar comparison (the engine uses YYYYMMDD
    arithmetic; the two must agree)."""
    if not facts.birth_yyyymmdd:
        return None
    year, rest = divmod(facts.birth_yyyymmdd, 10000)
    month, day = divmod(rest, 100)
    return ref.year - year - ((ref.month, ref.day) < (month, day))


def _rules(
    facts: RowFacts, req: Requirement, policy: Policy, ref: dt.date, current: int
) -> dict[str, bool]:
    ref_day, ref_month = ref.toordinal(), month_index(ref)
    years = performance_years(policy, ref)
    met: dict[str, bool] = {}
    met["ELIG-STATUS"] = facts.status == "PNS" and facts.aktif
    met["ELIG-EDU"] = facts.education_ord >= req.min_education
    met["ELIG-MAJOR"] = _major_level(facts, req) >= max(req.min_education, 1)
    met["ELIG-GOL"] = facts.golongan_ord >= req.min_golongan
    prior = _months_at_or_above(facts, req.prior_level, current) if req.prior_level else 0
    met["ELIG-PRIOR"] = prior >= req.prior_months
    met["ELIG-FIELD-EXP"] = _field_months(facts, req, current) >= req.field_months
    worst = min(facts.skp.get(y, 0) for y in years) if years else 0
    met["ELIG-KINERJA"] = worst >= req.kinerja_min if req.kinerja_years else True
    met["ELIG-HUKDIS-ACTIVE"] = facts.discipline_active_until < ref_day
    cutoff = ref_day - round(req.clean_years * 365.25)
    met["ELIG-HUKDIS-HISTORY"] = facts.discipline_heavy_until < cutoff
    bup, left = _bup(facts, req, ref_month)
    met["ELIG-BUP"] = bup >= 0 and left >= req.min_months_before_bup
    age = _age(facts, ref)
    met["ELIG-AGE"] = age is not None and 0 <= age <= req.max_age
    met["ELIG-TRAINING"] = facts.leadership >= req.training
    return {rule: met[rule] if req.applies(rule) else True for rule in RULE_ORDER}


def _competency(facts: RowFacts, req: Requirement, policy: Policy) -> float:
    if sum(facts.competency) <= 0:  # not yet assessed
        return 0.0
    total_std = float(sum(req.standard))
    capped = 0.0
    uncapped = 0.0
    for level, std in zip(facts.competency, req.standard, strict=True):
        if std > 0:
            capped += min(level, std)
            uncapped += level
    if policy.competency.jpm_cap_per_competency:
        return capped / total_std
    return min(1.0, uncapped / total_std)


def _performance(facts: RowFacts, policy: Policy, years: tuple[int, ...]) -> float:
    if not years:
        return 0.0
    value_of = {
        ordinal: policy.performance.values[name] for name, ordinal in PREDIKAT_ORDINAL.items()
    }
    points = sum(value_of.get(facts.skp.get(y, 0), 0.0) for y in years)
    return points / policy.performance.years


def _expertise(facts: RowFacts, req: Requirement) -> float:
    if not req.domains:
        return 0.0
    if facts.expertise is None:  # facts read with a row's key (read_model): not these
        raise ValueError(f"{facts.nip}: facts without their domain scores")
    # The columns store expertise as float16; round the same way so both agree.
    return max(float(np.float16(facts.expertise.get(code, 0.0))) for code in req.domains)


def _track_record(
    facts: RowFacts, req: Requirement, policy: Policy, ref_year: int, current: int
) -> float:
    tr = policy.track_record
    level = max(1, req.level - 1) if req.level else 1
    experience = _months_at_or_above(facts, level, current)
    per_year = [facts.innovations.get(YEAR0 + i, 0) for i in range(NYEARS)]
    # The same slice as engine.py: the `window` years ending with the reference year.
    window = per_year[
        max(0, ref_year - tr.innovation_window_years + 1 - YEAR0) : ref_year - YEAR0 + 1
    ]
    parts: dict[str, float] = {
        "experience": min(1.0, experience / (tr.full_years * 12)),
        "innovation": min(1.0, sum(window) / tr.innovations_full),
    }
    if req.track_training:
        parts["leadership_training"] = 1.0 if facts.leadership >= req.track_training else 0.0
    weights = {k: float(tr.parts.get(k, 0.0)) for k in parts}  # type: ignore[call-overload]
    weight_sum = sum(weights.values()) or 1.0
    return sum(weights[k] * v for k, v in parts.items()) / weight_sum


def nine_box(facts: RowFacts, policy: Policy, ref: dt.date) -> tuple[int, int, int]:
    """(potential 1..3, kinerja 1..3, box 1..9) of the person; 0 where data is missing."""
    nb = policy.nine_box
    if facts.potential_level:
        potential = facts.potential_level
    elif math.isnan(facts.potential_score):
        potential = 0
    else:
        potential = _potential(facts.potential_score, policy)
    latest = 0
    for y in performance_years(policy, ref):  # newest first: the first found wins
        if facts.skp.get(y, 0) > 0:
            latest = facts.skp[y]
            break
    kinerja = 0
    for name, ordinal in PREDIKAT_ORDINAL.items():
        if ordinal == latest:
            kinerja = nb.kinerja[name]
    return potential, kinerja, BOX.get((potential, kinerja), 0)


def _potential(pct: float, policy: Policy) -> int:
    nb = policy.nine_box
    if pct >= nb.potential_high_min:
        return 3
    if pct >= nb.potential_mid_min:
        return 2
    return 1


def score_row(facts: RowFacts, req: Requirement, policy: Policy, ref: dt.date) -> RowScore:
    """Eligibility, factors, total and 9-box of one ASN for the position `req`."""
    current = _current_months(facts, month_index(ref))
    met = _rules(facts, req, policy, ref, current)
    years = performance_years(policy, ref)
    factors = {
        "competency": _competency(facts, req, policy),
        "performance": _performance(facts, policy, years),
        "expertise": _expertise(facts, req),
        "track_record": _track_record(facts, req, policy, ref.year, current),
    }
    weights = policy.weights.as_dict()
    total = 0.0
    for k in FACTORS:
        total += weights[k] * factors[k]
    _potential_level, _kinerja, box = nine_box(facts, policy, ref)
    return RowScore(eligible=all(met.values()), met=met, factors=factors, total=total, box=box)
