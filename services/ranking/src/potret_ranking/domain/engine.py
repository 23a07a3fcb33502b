"""Position fit for every ASN at once, with NumPy over the read model's columns.

Eligibility (hard rules, each reported met/unmet with the value found) and four factors in
[0, 1]; total = sum(weight_k x factor_k), so the contributions add up to the total:

- competency    JPM of the latest assessment against the position's standard (PermenPANRB
                38/2017; domain reference §7.1): sum(min(level, standard)) / sum(standard)
                when `jpm_cap_per_competency` (default: a surplus in one competency does not
                hide a gap in another), else min(1, sum(level) / sum(standard)). Not yet
                assessed -> 0, and said so.
- performance   mean of the predikat values (policy) of the SKP of the last N years before
                the reference year; a missing year counts 0 (PermenPANRB 6/2022).
- expertise     the highest domain expertise (potret_expertise, the same computation the
                search service indexes) among the position's domains.
- track_record  parts (policy): experience = months at or above the level just below the
                position / (full_years x 12), capped at 1; leadership_training = 1 if the
                training of the position's level (PKP, PKA, PKN II, PKN I) or a higher one is
                done (managerial positions only); innovation = innovations and written works
                in the last window years / innovations_full, capped at 1. Weighted mean over
                the parts that apply.

The 9-box (PermenPANRB 3/2020, domain reference §8) is a property of the person, not of the
position: potential from the latest assessment's JPM (the official figure when recorded,
else computed against the default standard of the person's current level), kinerja from the
latest SKP predikat of the last N years; cut-offs from the policy.

Order: total descending. Equal totals (to 1e-9, `score_key`) are a tie: they share a rank,
and inside a tie the listing order is a fixed draw per position, `tie_keys` (BLAKE2b of the
position and the NIP): deterministic on every call and replica, and free of the NIP's
structure, which begins with the birth date and carries the gender digit (ordering by NIP
put older people and men first). Only the columns listed in facts.py are read; gender and
birth year are not touched here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

from potret_asn_rules.vocab import PREDIKAT_ORDINAL
from potret_ranking.domain.columns import View
from potret_ranking.domain.facts import NYEARS, YEAR0, month_index
from potret_ranking.domain.policy import FACTORS, Policy
from potret_ranking.domain.requirements import RULE_ORDER, Requirement

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
T = TypeVar("T")

BOX = {(1, 1): 1, (1, 2): 2, (1, 3): 4, (2, 1): 3, (2, 2): 5, (2, 3): 7, (3, 1): 6, (3, 2): 8}
BOX[(3, 3)] = 9
_BOX_TABLE = np.zeros((4, 4), dtype=np.int8)
for (_pot, _kin), _box in BOX.items():
    _BOX_TABLE[_pot, _kin] = _box


@dataclass
class Screening:
    """Who meets each rule, who is eligible and the total, per entry of `rows` (row ids of
    the view): what ordering and counting read."""

    rows: IntArray
    met: dict[str, BoolArray]
    eligible: BoolArray
    total: FloatArray


@dataclass
class Evaluation(Screening):
    """Every number behind the scores of `rows`."""

    # The value each rule read, per row, in the column's own type (read one row at a time
    # for explanations: float(value[rule][i])).
    value: dict[str, npt.NDArray[Any]]
    factors: dict[str, FloatArray]
    weights: dict[str, float]  # the policy's weight of each factor
    # competency levels held against the standard, summed, capped per competency and not
    # (the JPM is made of them for the rows explained: `jpm`, `jpm_uncapped`)
    capped: FloatArray
    uncapped: FloatArray
    assessed: BoolArray
    track_parts: dict[str, FloatArray]
    performance_years: tuple[int, ...]
    skp: npt.NDArray[np.int8]  # [n, years] predikat ordinals, 0 = missing
    potential: npt.NDArray[np.int8]
    kinerja: npt.NDArray[np.int8]
    box: npt.NDArray[np.int8]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def contributions(self) -> dict[str, FloatArray]:
        """weight x factor per row: what each factor adds to the total (made on demand; an
        explanation reads one row's: `contribution`)."""
        return {k: self.weights[k] * self.factors[k] for k in self.factors}

    def jpm(self, i: int) -> float:
        """Entry `i`'s JPM in percent, capped per competency; nan when not assessed."""
        return float(self.capped[i] * 100) if self.assessed[i] else math.nan

    def jpm_uncapped(self, i: int) -> float:
        """Entry `i`'s JPM in percent without the cap; nan when not assessed."""
        return float(self.uncapped[i] * 100) if self.assessed[i] else math.nan

    def contribution(self, k: str, i: int) -> float:
        """Entry `i`'s contribution of factor `k`: the same double product as the arrays'."""
        return self.weights[k] * float(self.factors[k][i])


def reference_points(ref: dt.date) -> tuple[int, int, int]:
    return ref.toordinal(), month_index(ref), ref.year


Selection = IntArray | slice


def selection(rows: IntArray, n: int) -> Selection:
    """`rows` itself, or a whole-column slice (no copies) when it is every row in order."""
    if len(rows) != n:
        return rows
    if n == 0:
        return slice(None)
    # n integers rising strictly from 0 to n - 1 are 0..n-1: the ends first, then one
    # comparison of neighbours (no array of differences)
    if rows[0] == 0 and rows[-1] == n - 1 and bool(np.all(rows[1:] > rows[:-1])):
        return slice(None)
    return rows


def _pick(view: View, name: str, sel: Selection, cols: Any = None) -> npt.NDArray[Any]:
    """Column `name` for the selected rows (optionally only some of its sub-columns)."""
    data = view[name]
    if cols is not None:
        data = data[:, cols]
    return data[sel]


def _current_months(view: View, sel: Selection, ref_month: int) -> IntArray:
    # int32 (the column's type): months since year 0 and their differences fit
    start = _pick(view, "current_start", sel)
    # times a 0/1 mask instead of np.where (exact for integers, and 10x cheaper than the
    # branch on a random mask over a million rows); the same below
    months: IntArray = np.maximum(0, ref_month - start) * (start >= 0)
    return months


def performance_years(policy: Policy, ref: dt.date) -> tuple[int, ...]:
    """The last N SKP years that are final on `ref`, newest first: year Y is final from the
    1st of `final_from_month` of Y+1 (policy)."""
    latest = ref.year - 1 if ref.month >= policy.performance.final_from_month else ref.year - 2
    return tuple(
        y
        for y in range(latest, latest - policy.performance.years, -1)
        if YEAR0 <= y < YEAR0 + NYEARS
    )


@dataclass(frozen=True)
class Standing:
    """What a read model's facts say of each person whatever the position (`standing`),
    one entry per row asked for."""

    assessed: BoolArray  # any competency level recorded
    skp: npt.NDArray[np.int8]  # [rows, years] predikat ordinals of the performance years
    performance: FloatArray  # the performance factor
    innovation: FloatArray  # the track record's innovation part
    potential: npt.NDArray[np.int8]
    kinerja: npt.NDArray[np.int8]
    box: npt.NDArray[np.int8]

    def take(self, sel: Selection) -> Standing:
        return Standing(
            self.assessed[sel],
            self.skp[sel],
            self.performance[sel],
            self.innovation[sel],
            self.potential[sel],
            self.kinerja[sel],
            self.box[sel],
        )


class ViewMemo(Generic[T]):
    """A few recent values computed from a whole view, by its token and a key: every request
    between two writes of the read model reuses them. At most `kept` entries (a few
    reference dates or policies at once); an entry of an older write of the same column set
    is dropped when a newer one is made, as it is never asked again."""

    def __init__(self, kept: int = 4) -> None:
        self._kept = kept
        self._items: dict[tuple[Any, ...], tuple[object, T]] = {}
        self._lock = threading.Lock()

    def get(self, view: View, key: tuple[Any, ...], make: Callable[[], T], pin: object = None) -> T:
        """The value under `key` for this view's content, made if missing. `pin`: an object
        the entry holds and must be the same one (`key` names it by id, and an id cannot be
        reused while the entry holds the object)."""
        full = (view.token, view.n, *key)
        found = self._items.get(full)
        if found is not None and found[0] is pin:
            return found[1]
        value = make()
        with self._lock:
            for old in [
                k for k in self._items if k[0][0] == view.token[0] and k[0][1] < view.token[1]
            ]:
                del self._items[old]
            while len(self._items) >= self._kept:
                self._items.pop(next(iter(self._items)))
            self._items[full] = (pin, value)
        return value


# (reference date, policy) -> Standing of every row, about 26 bytes per ASN each.
_STANDINGS: ViewMemo[Standing] = ViewMemo()
# Fewer rows than this share of the read model (one person's explanation, an OPD) are
# computed directly: cheaper than a pass over every row after each write.
DIRECT_SHARE = 8


def standing(view: View, rows: IntArray, policy: Policy, ref: dt.date) -> Standing:
    """The position-independent arrays of `rows` (memoised for the whole view by its token
    when many rows are asked for)."""
    sel = selection(rows, view.n)
    if isinstance(sel, np.ndarray) and len(rows) * DIRECT_SHARE < view.n:
        return _compute_standing(view, sel, policy, ref)
    every = _STANDINGS.get(
        view,
        (ref, id(policy)),
        lambda: _compute_standing(view, slice(None), policy, ref),
        pin=policy,
    )
    return every.take(sel)


def _compute_standing(view: View, sel: Selection, policy: Policy, ref: dt.date) -> Standing:
    years = performance_years(policy, ref)
    count = view.n if isinstance(sel, slice) else len(sel)
    skp = (
        _pick(view, "skp", sel, [y - YEAR0 for y in years])
        if years
        else np.zeros((count, 0), np.int8)
    )
    table = np.zeros(6, dtype=np.float64)
    for name, ordinal in PREDIKAT_ORDINAL.items():
        table[ordinal] = policy.performance.values[name]
    performance = (
        table[skp.astype(np.int64)].sum(axis=1) / policy.performance.years
        if years
        else np.zeros(count)
    )
    tr = policy.track_record
    ref_year = ref.year
    window = _pick(view, "innovations", sel)[
        :, max(0, ref_year - tr.innovation_window_years + 1 - YEAR0) : ref_year - YEAR0 + 1
    ]
    innovation = np.minimum(1.0, window.sum(axis=1, dtype=np.int32) / tr.innovations_full)
    potential, kinerja, box = _nine_box(view, sel, count, policy, ref)
    return Standing(
        assessed=np.asarray(_pick(view, "competency", sel).any(axis=1), dtype=bool),
        skp=skp,
        performance=performance,
        innovation=innovation,
        potential=potential,
        kinerja=kinerja,
        box=box,
    )


def nine_box(
    view: View, rows: IntArray, policy: Policy, ref: dt.date
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8], npt.NDArray[np.int8]]:
    """(potential 1..3, kinerja 1..3, box 1..9) per row; 0 where the data is missing."""
    s = standing(view, rows, policy, ref)
    return s.potential, s.kinerja, s.box


def _nine_box(
    view: View, sel: Selection, count: int, policy: Policy, ref: dt.date
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8], npt.NDArray[np.int8]]:
    nb = policy.nine_box
    # Potential from the potential assessment only (PermenPANRB 3/2020; domain reference
    # §6.5): a stated category, else the score against the policy's cut-offs, else none
    # (box 0, "belum dapat ditempatkan"). Competency (JPM) is not potential.
    stated = _pick(view, "potential_level", sel)
    score = _pick(view, "potential_score", sel).astype(np.float64)
    from_score = np.where(
        np.isnan(score),
        0,
        np.where(score >= nb.potential_high_min, 3, np.where(score >= nb.potential_mid_min, 2, 1)),
    )
    potential = np.where(stated > 0, stated, from_score).astype(np.int8)
    years = performance_years(policy, ref)
    kin_of = np.zeros(6, dtype=np.int8)
    for name, ordinal in PREDIKAT_ORDINAL.items():
        kin_of[ordinal] = nb.kinerja[name]
    latest = np.zeros(count, dtype=np.int8)
    skp = _pick(view, "skp", sel)
    for y in reversed(years):  # oldest first, newer years overwrite
        col = skp[:, y - YEAR0]
        latest = np.where(col > 0, col, latest)
    kinerja = kin_of[latest.astype(np.int64)]
    box = _BOX_TABLE[potential.astype(np.int64), kinerja.astype(np.int64)]
    return potential, kinerja, box


# Rows screened at a time: a block's temporaries (a few dozen arrays of it) stay in the
# CPU's caches instead of streaming through memory once per operation, as whole columns of
# a million rows do.
BLOCK_ROWS = 32_768
# Rules whose value is the column itself, as read for the rows scored.
_COLUMN_VALUES = {
    "ELIG-EDU": "education",
    "ELIG-GOL": "golongan",
    "ELIG-HUKDIS-ACTIVE": "discipline_active",
    "ELIG-HUKDIS-HISTORY": "discipline_heavy",
    "ELIG-TRAINING": "leadership",
}


def evaluate(
    view: View, rows: IntArray, req: Requirement, policy: Policy, ref: dt.date
) -> Evaluation:
    """Eligibility and factor scores of `rows` for the position `req`, with every number
    behind them (for the rows to explain; `screen` is the cheaper pass over many rows)."""
    sel = selection(rows, view.n)
    st = standing(view, rows, policy, ref)
    return _evaluate(view, rows, sel, st, _major_level(view, req), req, policy, ref)


def screen(view: View, rows: IntArray, req: Requirement, policy: Policy, ref: dt.date) -> Screening:
    """Who meets each rule, who is eligible and the total, for `rows`: what ordering,
    counting and the fairness report read. The same computation as `evaluate`, `BLOCK_ROWS`
    at a time, keeping only these arrays; a row's numbers are the same bits either way
    (every operation is per row), so `evaluate` of the rows picked explains them."""
    n = len(rows)
    if n <= BLOCK_ROWS:
        return evaluate(view, rows, req, policy, ref)
    sel = selection(rows, view.n)
    st = standing(view, rows, policy, ref)
    major_level = _major_level(view, req)
    met: dict[str, BoolArray] = {}
    eligible = np.empty(n, dtype=bool)
    total = np.empty(n, dtype=np.float64)
    for start in range(0, n, BLOCK_ROWS):
        end = min(n, start + BLOCK_ROWS)
        part = _evaluate(
            view,
            rows[start:end],
            slice(start, end) if isinstance(sel, slice) else rows[start:end],
            st.take(slice(start, end)),
            major_level,
            req,
            policy,
            ref,
        )
        for rule, m in part.met.items():
            if rule not in met:
                met[rule] = np.empty(n, dtype=bool)
            met[rule][start:end] = m
        eligible[start:end] = part.eligible
        total[start:end] = part.total
    return Screening(rows=rows, met=met, eligible=eligible, total=total)


# (related majors of a position) -> `_major_level` of every row, 1 byte per ASN each.
_MAJOR_LEVELS: ViewMemo[npt.NDArray[np.int8]] = ViewMemo()


def _major_level(view: View, req: Requirement) -> npt.NDArray[np.int8]:
    """Per row of the view: the highest education level (its ordinal) held in one of the
    position's related majors, 0 if none (memoised per view content and majors)."""

    def make() -> npt.NDArray[np.int8]:
        major_level = np.zeros(view.n, dtype=np.int8)
        for stem in req.major_stems:
            # list() copies in one C call under the GIL: safe against a concurrent upsert.
            items = list(view.majors.get(stem, {}).items())
            if items:
                pairs = np.array(items, dtype=np.int64)
                pairs = pairs[pairs[:, 0] < view.n]
                np.maximum.at(major_level, pairs[:, 0], pairs[:, 1].astype(np.int8))
        major_level.flags.writeable = False  # shared by every request of this content
        return major_level

    return _MAJOR_LEVELS.get(view, (req.major_stems,), make)


def _evaluate(
    view: View,
    rows: IntArray,
    sel: Selection,
    st: Standing,
    major_level: npt.NDArray[np.int8],
    req: Requirement,
    policy: Policy,
    ref: dt.date,
) -> Evaluation:
    """Eligibility and factor scores of `rows` (selected from the view by `sel`; `st` is
    their standing) for the position `req`."""
    ref_day, ref_month, _ = reference_points(ref)
    n = len(rows)
    met: dict[str, BoolArray] = {}
    value: dict[str, npt.NDArray[Any]] = {}
    current = _current_months(view, sel, ref_month)
    level_now = _pick(view, "level_now", sel)  # int8, compared only

    value["ELIG-STATUS"] = _pick(view, "pns", sel) & _pick(view, "aktif", sel)
    met["ELIG-STATUS"] = value["ELIG-STATUS"] > 0
    for rule, name in _COLUMN_VALUES.items():
        value[rule] = _pick(view, name, sel)
    education = value["ELIG-EDU"]
    met["ELIG-EDU"] = education >= req.min_education
    value["ELIG-MAJOR"] = major_level[sel]  # int8 education ordinals, compared only
    met["ELIG-MAJOR"] = value["ELIG-MAJOR"] >= max(req.min_education, 1)
    golongan = value["ELIG-GOL"]
    met["ELIG-GOL"] = golongan >= req.min_golongan
    if req.prior_level:
        prior = _pick(view, "closed_level", sel, req.prior_level) + current * (
            level_now >= req.prior_level
        )
    else:
        prior = np.zeros(n, dtype=np.int64)
    value["ELIG-PRIOR"] = prior
    met["ELIG-PRIOR"] = prior >= req.prior_months
    field_months = np.zeros(n, dtype=np.int32)
    if req.domain_columns:
        masks = _pick(view, "current_domains", sel)
        for d in req.domain_columns:
            in_now = (masks >> np.uint64(d)) & np.uint64(1)
            months = _pick(view, "closed_domain", sel, d) + current * (in_now != 0)
            np.maximum(field_months, months, out=field_months)
    value["ELIG-FIELD-EXP"] = field_months
    met["ELIG-FIELD-EXP"] = field_months >= req.field_months
    years = performance_years(policy, ref)
    skp = st.skp
    worst = skp.min(axis=1).astype(np.float64) if years else np.zeros(n)
    value["ELIG-KINERJA"] = worst
    met["ELIG-KINERJA"] = worst >= req.kinerja_min if req.kinerja_years else np.ones(n, bool)
    active = value["ELIG-HUKDIS-ACTIVE"]  # int32 day ordinals, compared only
    met["ELIG-HUKDIS-ACTIVE"] = active < ref_day
    heavy = value["ELIG-HUKDIS-HISTORY"]
    cutoff = ref_day - round(req.clean_years * 365.25)
    met["ELIG-HUKDIS-HISTORY"] = heavy < cutoff
    # int32 (the column's type): months since year 0 and their differences fit
    bup = _pick(view, "bup_month", sel)
    if req.bup_age:  # retirement at the BUP of the position applied for
        age = _pick(view, "bup_age", sel).astype(np.int32)  # int8 x 12 would overflow
        # a retirement date that is no BUP (bup_age 0: early or on medical grounds) stays
        bup = bup + (req.bup_age - age) * 12 * ((bup >= 0) & (age > 0))
    left = bup - ref_month
    left[bup < 0] = -1  # few rows: cheaper than a branch per row
    value["ELIG-BUP"] = left
    met["ELIG-BUP"] = (bup >= 0) & (left >= req.min_months_before_bup)
    # Age in completed years on the reference date (the registration date): YYYYMMDD
    # arithmetic, exact across leap days. Unknown birth date: not met, value -1.
    born = _pick(view, "birth_yyyymmdd", sel)  # int32: YYYYMMDD and their differences fit
    ref_ymd = ref.year * 10000 + ref.month * 100 + ref.day
    age = (ref_ymd - born) // 10000
    age[born <= 0] = -1
    value["ELIG-AGE"] = age
    met["ELIG-AGE"] = (age >= 0) & (age <= req.max_age)
    leadership = value["ELIG-TRAINING"]  # int8, compared only
    met["ELIG-TRAINING"] = leadership >= req.training

    eligible = np.ones(n, dtype=bool)
    for rule in RULE_ORDER:
        if req.applies(rule):
            eligible &= met[rule]
        else:
            met[rule] = np.ones(n, dtype=bool)

    # Competency (JPM).
    levels = _pick(view, "competency", sel)
    standard = np.array(req.standard, dtype=np.int8)
    in_standard = standard > 0
    total_std = float(standard.sum())
    assessed = st.assessed
    # int16: any int8 level times the competencies fits, and half the bytes of int32
    capped_sum = np.zeros(n, dtype=np.int16)
    uncapped_sum = np.zeros(n, dtype=np.int16)
    for j in np.flatnonzero(in_standard):  # integer sums, column by column (contiguous)
        held = levels[:, j]
        capped_sum += np.minimum(held, standard[j])
        uncapped_sum += held
    capped = capped_sum / total_std
    uncapped = uncapped_sum / total_std
    ratio = capped if policy.competency.jpm_cap_per_competency else np.minimum(1.0, uncapped)
    competency = ratio * assessed  # ratio >= 0: exactly ratio, or 0.0 when not assessed

    # Performance (SKP).
    performance = st.performance

    # Expertise.
    if req.domain_columns:
        # Column by column, on the float16 bits: for values >= 0 (sign bit cleared, so a
        # -0.0 is 0) the order of the bits as unsigned integers is the order of the values,
        # and integer max is ~50x cheaper than float16 max. The max widened once is the
        # widened max.
        bits = np.zeros(n, dtype=np.uint16)
        for d in req.domain_columns:
            np.maximum(bits, _pick(view, "expertise", sel, d).view(np.uint16) & 0x7FFF, out=bits)
        expertise = bits.view(np.float16).astype(np.float64)
    else:
        expertise = np.zeros(n)

    # Track record.
    product = np.empty(n)  # scratch for the weighted sums below
    tr = policy.track_record
    level = max(1, req.level - 1) if req.level else 1
    experience_months = _pick(view, "closed_level", sel, level) + current * (level_now >= level)
    experience = np.divide(experience_months, tr.full_years * 12)
    parts = {
        "experience": np.minimum(1.0, experience, out=experience),
        "innovation": st.innovation,
    }
    if req.track_training:
        parts["leadership_training"] = (leadership >= req.track_training).astype(np.float64)
    part_weight = {k: tr.parts.get(k, 0.0) for k in parts}  # type: ignore[call-overload]
    weight_sum = sum(part_weight.values()) or 1.0
    # ((w1 p1 + w2 p2) + w3 p3) / sum of w: in place, the same operations in the same order
    weighted = iter(parts.items())
    first, values = next(weighted)
    track = np.multiply(part_weight[first], values)
    for k, v in weighted:
        np.add(track, np.multiply(part_weight[k], v, out=product), out=track)
    np.divide(track, weight_sum, out=track)

    factors = {
        "competency": competency,
        "performance": performance,
        "expertise": expertise,
        "track_record": np.asarray(track, dtype=np.float64),
    }
    weights = policy.weights.as_dict()
    # total = ((0 + w1 f1) + w2 f2) + ...: the contributions added in FACTORS order, in place
    # (no array per contribution: an explanation multiplies one row's)
    total = np.zeros(n)
    for k in FACTORS:
        np.add(total, np.multiply(weights[k], factors[k], out=product), out=total)
    potential, kinerja, box = st.potential, st.kinerja, st.box
    return Evaluation(
        rows=rows,
        met=met,
        value=value,
        eligible=eligible,
        factors=factors,
        weights=weights,
        total=total,
        capped=capped,
        uncapped=uncapped,
        assessed=assessed,
        track_parts=parts,
        performance_years=years,
        skp=skp,
        potential=potential,
        kinerja=kinerja,
        box=box,
        extra={"experience_months": experience_months, "experience_level": level},
    )


# A tie at the k-th place keeps everyone tied in, up to this many beyond k.
MAX_TIED_BEYOND_CUT = 100


def score_key(total: FloatArray) -> FloatArray:
    """Totals as compared for order and ties: equal to 1e-9 is equal (float sums of the same
    facts in another order may differ in the last bit)."""
    return np.round(total, 9)


def tie_keys(nips: Sequence[str], salt: str) -> npt.NDArray[np.uint64]:
    """The order inside a tie: a fixed draw per position (`salt`), 64 bits of BLAKE2b."""
    return np.array(
        [
            int.from_bytes(hashlib.blake2b(f"{salt}|{nip}".encode(), digest_size=8).digest(), "big")
            for nip in nips
        ],
        dtype=np.uint64,
    )


# Above this many rows `order` first keeps only the rows that can reach the top k.
_PREFILTER_ROWS = 65_536
_SAMPLE_STEP = 64


def _near_top(total: FloatArray, mask: BoolArray, k: int) -> BoolArray:
    """`mask` narrowed to rows that may be among the best `k` by `score_key`, with every row
    that is: the k-th best total `t` of every 64th row is at most the k-th best of all (the
    sample's k rows are rows), so every row whose rounded total reaches the k-th best has a
    total >= t - 1e-6 (rounding to 1e-9 moves a total by less). The top k, their ties and
    their order are then found among a few thousand rows instead of a million."""
    if len(total) < _PREFILTER_ROWS or k <= 0:
        return mask
    sample = total[::_SAMPLE_STEP][mask[::_SAMPLE_STEP]]
    if len(sample) < k:
        return mask
    t = np.partition(sample, len(sample) - k)[len(sample) - k]
    near: BoolArray = mask & (total >= t - 1e-6)
    return near


def order(
    view: View, ev: Screening, mask: BoolArray, k: int, *, salt: str, keep_ties: bool = False
) -> IntArray:
    """Indices into `ev` of the best `k` where `mask`, by total desc, ties by `tie_keys`.
    With `keep_ties`, everyone tied with the k-th is kept (up to MAX_TIED_BEYOND_CUT more):
    a cut through a tie would let the draw decide who is listed."""
    mask = _near_top(ev.total, mask, k)
    idx = np.flatnonzero(mask)
    if len(idx) == 0 or k <= 0:
        return idx[:0]
    totals = score_key(ev.total[idx])
    if len(idx) > k:
        kth = np.partition(totals, len(idx) - k)[len(idx) - k]
        idx = idx[totals >= kth]  # ties at the cut stay in; sorted below
        totals = score_key(ev.total[idx])
    keys = tie_keys([view.nips[int(r)] for r in ev.rows[idx]], salt)
    ranked = idx[np.lexsort((keys, -totals))]
    if not keep_ties or len(ranked) <= k:
        return ranked[:k]
    last = score_key(ev.total[ranked[k - 1 : k]])[0]
    tied = int((score_key(ev.total[ranked[k:]]) == last).sum())
    return ranked[: k + min(tied, MAX_TIED_BEYOND_CUT)]
