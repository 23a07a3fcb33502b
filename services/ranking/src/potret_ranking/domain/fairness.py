"""Fairness measures, pure: adverse impact with small-sample handling, skew@k and NDKL.

Two stages are measured (issue 17, item 8): eligibility (everyone considered -> eligible,
overall and per rule) and the shortlist (eligible -> top k). For each protected dimension
(gender, age band) the lowest and the highest selection rates are compared:

- adverse-impact ratio = lowest rate / highest rate; below `threshold` (0.8, the
  four-fifths rule of the US Uniform Guidelines, 29 CFR 1607.4(D)) it is a warning sign;
- Fisher's exact test on the 2x2 table of those two groups (selected / not selected), two
  sided: the ratio is reported as adverse impact (MERUGIKAN) only when p < `alpha`;
- groups smaller than `min_group_size` are listed but not compared; with fewer than two
  groups left, or when the ratio is low but even the most lopsided table with the same
  margins could not reach p < `alpha`, no conclusion is drawn
  (SAMPEL_KECIL: "sampel terlalu kecil untuk disimpulkan"): a top 3 of 11 or a pool of 2
  can say nothing about a group.

Skew@k and NDKL follow Geyik, Ambler and Kenthapadi, "Fairness-Aware Ranking in Search &
Recommendation Systems" (KDD 2019), with the eligible pool's shares as the desired
distribution: Skew_a@k = ln(share of a in the top k / share of a in the pool), with a group
absent from the top k counted as half a person so the value stays finite; NDKL = the
1/log2(i+1)-weighted mean over i = 1..k of KL(top-i shares || pool shares).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

UNKNOWN = "tidak diketahui"
CONCLUSION_LABEL = {
    "MERUGIKAN": "dampak merugikan",
    "TIDAK_BERMAKNA": "selisih belum bermakna secara statistik",
    "SAMPEL_KECIL": "sampel terlalu kecil untuk disimpulkan",
    "WAJAR": "tidak ada dampak merugikan",
}


@dataclass(frozen=True)
class GroupRate:
    dimension: str
    group: str
    pool: int
    selected: int
    selection_rate: float


@dataclass(frozen=True)
class Impact:
    """One dimension at one stage (rule "" = the whole stage), lowest vs highest rate."""

    dimension: str
    rule: str
    ratio: float
    lowest: str
    highest: str
    p_value: float
    conclusion: str  # a key of CONCLUSION_LABEL

    @property
    def note(self) -> str:
        """Indonesian: what the figure means."""
        what = CONCLUSION_LABEL[self.conclusion]
        if self.conclusion in ("MERUGIKAN", "TIDAK_BERMAKNA"):
            ratio = f"{self.ratio:.2f}".replace(".", ",")  # Indonesian decimals: 0,57
            p_value = f"{self.p_value:.3f}".replace(".", ",")
            return (
                f"{what}: rasio {ratio} ({self.lowest} terhadap {self.highest}), "
                f"uji eksak Fisher p = {p_value}"
            )
        return what


@dataclass(frozen=True)
class Stage:
    """Selection rates per group and the impacts at one stage (kelayakan, daftar_pendek)."""

    stage: str
    groups: tuple[GroupRate, ...]
    impacts: tuple[Impact, ...]


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _table_probabilities(row1: int, row2: int, col1: int) -> dict[int, float]:
    """Hypergeometric probability of each top-left cell given the margins."""
    n = row1 + row2
    low, high = max(0, col1 - row2), min(row1, col1)
    denominator = _log_choose(n, col1)
    return {
        a: math.exp(_log_choose(row1, a) + _log_choose(row2, col1 - a) - denominator)
        for a in range(low, high + 1)
    }


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test for the table [[a, b], [c, d]]: the sum of
    the probabilities of the tables (same margins) no more likely than the observed one."""
    probabilities = _table_probabilities(a + b, c + d, a + c)
    observed = probabilities[a]
    return min(1.0, sum(p for p in probabilities.values() if p <= observed * (1 + 1e-9)))


def smallest_p(row1: int, row2: int, col1: int) -> float:
    """The smallest two-sided p-value any table with these margins can reach."""
    probabilities = _table_probabilities(row1, row2, col1)
    return min(
        fisher_exact(a, row1 - a, col1 - a, row2 - (col1 - a))
        for a in (min(probabilities), max(probabilities))
    )


def rates(dimension: str, labels: Sequence[str], selected: Sequence[bool]) -> list[GroupRate]:
    """Pool, selected and selection rate per group of one dimension."""
    pool = Counter(labels)
    chosen = Counter(label for label, s in zip(labels, selected, strict=True) if s)
    return [GroupRate(dimension, g, pool[g], chosen[g], chosen[g] / pool[g]) for g in sorted(pool)]


def impact(
    groups: Sequence[GroupRate],
    rule: str,
    *,
    threshold: float,
    alpha: float,
    min_group_size: int,
) -> Impact:
    """Lowest against highest selection rate among the known groups of one dimension."""
    dimension = groups[0].dimension if groups else ""
    # Groups smaller than min_group_size are listed (rates) but not compared: one tiny
    # band must not hide a significant gap between two large ones.
    known = [g for g in groups if g.group != UNKNOWN and g.pool >= min_group_size]
    if len(known) < 2:
        return Impact(dimension, rule, 1.0, "", "", 1.0, "SAMPEL_KECIL")
    lo = min(known, key=lambda g: (g.selection_rate, g.group))
    hi = max(known, key=lambda g: (g.selection_rate, g.group))
    ratio = lo.selection_rate / hi.selection_rate if hi.selection_rate > 0 else 1.0
    table = (lo.selected, lo.pool - lo.selected, hi.selected, hi.pool - hi.selected)
    p_value = fisher_exact(*table)
    if ratio >= threshold:
        conclusion = "WAJAR"
    elif smallest_p(lo.pool, hi.pool, lo.selected + hi.selected) >= alpha:
        conclusion = "SAMPEL_KECIL"  # no outcome with these counts could be significant
    elif p_value < alpha:
        conclusion = "MERUGIKAN"
    else:
        conclusion = "TIDAK_BERMAKNA"
    return Impact(dimension, rule, ratio, lo.group, hi.group, p_value, conclusion)


def _shares(labels: Sequence[str], groups: Sequence[str]) -> list[float]:
    counts = Counter(labels)
    return [counts[g] / len(labels) for g in groups]


def skew_at_k(pool: Sequence[str], ranked: Sequence[str], k: int) -> dict[str, float]:
    """Skew_a@k for every group a of the pool (0 = the top k has the pool's share)."""
    top = list(ranked[:k])
    groups = sorted(set(pool))
    if not top or not pool:
        return dict.fromkeys(groups, 0.0)
    desired = _shares(pool, groups)
    counts = Counter(top)
    return {
        g: math.log(max(counts[g], 0.5) / len(top) / want)
        for g, want in zip(groups, desired, strict=True)
    }


def ndkl(pool: Sequence[str], ranked: Sequence[str]) -> float:
    """Normalized discounted KL divergence of the ranking from the pool's shares."""
    groups = sorted(set(pool))
    if not ranked or not pool:
        return 0.0
    desired = _shares(pool, groups)
    total, weights = 0.0, 0.0
    for i in range(1, len(ranked) + 1):
        weight = 1 / math.log2(i + 1)
        have = _shares(ranked[:i], groups)
        kl = sum(p * math.log(p / q) for p, q in zip(have, desired, strict=True) if p > 0)
        total += weight * kl
        weights += weight
    return total / weights
