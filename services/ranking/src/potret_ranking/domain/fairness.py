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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

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


def _log_factorials(first: int, count: int) -> npt.NDArray[np.float64]:
    """ln(m!) for m = first, first+1, ..., first+count-1 (one lgamma, then running sums of
    logs: exact to ~1e-12 relative over the lengths used here)."""
    if count <= 0:
        return np.zeros(0)
    steps = np.log(np.arange(first + 1, first + count, dtype=np.float64))
    return math.lgamma(first + 1) + np.concatenate(([0.0], np.cumsum(steps)))


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _window(row1: int, row2: int, col1: int) -> tuple[int, int]:
    """The top-left cells worth summing: the whole support of a small table; for a large one
    the cells within sqrt(23 m) of the mode (m the smallest margin), outside which every
    table has probability below e^-46 (Hoeffding's bound, which holds for sampling without
    replacement), so leaving them out changes a p-value by less than 1e-13."""
    low, high = max(0, col1 - row2), min(row1, col1)
    n = row1 + row2
    m = min(col1, n - col1, row1, row2)
    span = math.ceil(math.sqrt(23 * max(m, 1))) + 2
    mode = (row1 + 1) * (col1 + 1) // (n + 2)
    return max(low, mode - span), min(high, mode + span)


def _log_probabilities(
    row1: int, row2: int, col1: int, low: int, high: int
) -> npt.NDArray[np.float64]:
    """ln P(top-left cell = a) for a = low..high, the hypergeometric law given the margins."""
    count = high - low + 1
    a = _log_factorials(low, count)  # ln a!
    b = _log_factorials(row1 - high, count)[::-1]  # ln (row1 - a)!
    c = _log_factorials(col1 - high, count)[::-1]  # ln (col1 - a)!
    d = _log_factorials(row2 - col1 + low, count)  # ln (row2 - col1 + a)!
    constant = math.lgamma(row1 + 1) + math.lgamma(row2 + 1) - _log_choose(row1 + row2, col1)
    return constant - a - b - c - d


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test for the table [[a, b], [c, d]]: the sum of
    the probabilities of the tables (same margins) no more likely than the observed one.
    Vectorised over the tables that can matter (`_window`): a pool of a million costs a few
    thousand terms, not half a million lgamma calls."""
    row1, row2, col1 = a + b, c + d, a + c
    low, high = _window(row1, row2, col1)
    logp = _log_probabilities(row1, row2, col1, low, high)
    inside = low <= a <= high
    # The observed table's own figure from the same sums when it is inside the window, so
    # that rounding can never leave it out of its own p-value.
    observed = (
        float(logp[a - low])
        if inside
        else _log_choose(row1, a) + _log_choose(row2, col1 - a) - _log_choose(row1 + row2, col1)
    )
    # Compared as in the definition, with a relative tolerance of 1e-7 on probabilities (as
    # SciPy): the running sums that give the log-probabilities of a million-row table round
    # by up to ~1e-8, and an exact tie (the mirror of a table between equal groups) must not
    # be lost to that rounding.
    kept = logp[logp <= observed + 1e-7]
    total = float(np.exp(kept).sum())
    if not inside:  # the observed table lies beyond the window: its own tail
        total += math.exp(observed)
    return min(1.0, total)


def smallest_p(row1: int, row2: int, col1: int) -> float:
    """The smallest two-sided p-value any table with these margins can reach (at one end of
    the support)."""
    low, high = max(0, col1 - row2), min(row1, col1)
    return min(fisher_exact(a, row1 - a, col1 - a, row2 - (col1 - a)) for a in (low, high))


def rates(dimension: str, labels: Sequence[str], selected: Sequence[bool]) -> list[GroupRate]:
    """Pool, selected and selection rate per group of one dimension."""
    pool = Counter(labels)
    chosen = Counter(label for label, s in zip(labels, selected, strict=True) if s)
    return [GroupRate(dimension, g, pool[g], chosen[g], chosen[g] / pool[g]) for g in sorted(pool)]


def coded_rates(
    dimension: str,
    codes: npt.NDArray[np.integer[Any]],
    names: Sequence[str],
    selected: npt.NDArray[np.bool_],
) -> list[GroupRate]:
    """`rates` for a group given as codes into `names` (what a read model of a million rows
    holds): counted with bincount, the same groups in the same order."""
    width = len(names)
    pool = np.bincount(codes, minlength=width)
    # One pass: code * 2 + selected counts the selected of each code at the odd bins.
    chosen = np.bincount(codes.astype(np.int64) * 2 + selected, minlength=2 * width)[1::2]
    present = sorted((names[i], i) for i in range(width) if pool[i] > 0)
    return [
        GroupRate(dimension, name, int(pool[i]), int(chosen[i]), int(chosen[i]) / int(pool[i]))
        for name, i in present
    ]


# Up to this many selections are counted together in one pass (bins: groups x 2^count;
# their bits are packed in 16-bit words).
MAX_JOINT_SELECTIONS = 14
assert MAX_JOINT_SELECTIONS <= 16, "the selection bits are packed in 16-bit words"


# A protected dimension as codes per row into its group names.
Dimension = tuple[str, npt.NDArray[np.integer[Any]], Sequence[str]]


def coded_rates_many(
    dimension: str,
    codes: npt.NDArray[np.integer[Any]],
    names: Sequence[str],
    selections: Sequence[npt.NDArray[np.bool_]],
) -> list[list[GroupRate]]:
    """`coded_rates` of several selections of the same rows (one dimension)."""
    return coded_rates_by_dimension([(dimension, codes, names)], selections)[0]


def coded_rates_by_dimension(
    dimensions: Sequence[Dimension], selections: Sequence[npt.NDArray[np.bool_]]
) -> list[list[list[GroupRate]]]:
    """`coded_rates` of several selections of the same rows, for each dimension, in one pass
    over the rows: each row's group codes (mixed radix over the dimensions) and selection
    bits form one bin number, and one bincount counts them all (a stage's rate plus each
    rule's pass rate, for gender and age, over a million rows: ~10 ms instead of a pass per
    selection and dimension). Out: per dimension, per selection, the group rates."""
    if not 0 < len(selections) <= MAX_JOINT_SELECTIONS:
        return [
            [coded_rates(dim, codes, names, s) for s in selections]
            for dim, codes, names in dimensions
        ]
    widths = [len(names) for _, _, names in dimensions]
    cells, count = math.prod(widths), len(selections)
    # The selection bits first, packed in 16-bit words (MAX_JOINT_SELECTIONS <= 16): a
    # quarter of the memory traffic of adding each selection into 32-bit bin numbers. A
    # selection's bytes are read as 0/1 (masks made by comparisons and logic, as here).
    n = len(selections[0])
    bits = np.zeros(n, dtype=np.uint16)
    shifted = np.empty(n, dtype=np.uint16)
    for bit, selected in enumerate(selections):
        np.left_shift(
            np.asarray(selected, dtype=np.bool_).view(np.uint8), bit, out=shifted, dtype=np.uint16
        )
        bits |= shifted
    bins = bits.astype(np.int32)
    bins *= np.int32(cells)
    radix = cells
    for (_, codes, _), width in zip(dimensions, widths, strict=True):
        radix //= width
        bins += codes * np.int32(radix) if radix > 1 else codes
    # table[selection bits, code of dimension 0, code of dimension 1, ...]
    table = np.bincount(bins, minlength=cells << count).reshape((1 << count, *widths))
    numbers = np.arange(1 << count)
    out = []
    for d, (dimension, _, names) in enumerate(dimensions):
        # this dimension's counts: the other dimensions summed out
        others = tuple(1 + k for k in range(len(widths)) if k != d)
        per = table.sum(axis=others) if others else table  # [selection bits, code]
        pool = per.sum(axis=0)
        present = sorted((names[i], i) for i in range(widths[d]) if pool[i] > 0)
        rates_of = []
        for bit in range(count):
            chosen = per[(numbers >> bit) & 1 == 1].sum(axis=0)
            rates_of.append(
                [
                    GroupRate(
                        dimension, name, int(pool[i]), int(chosen[i]), int(chosen[i]) / int(pool[i])
                    )
                    for name, i in present
                ]
            )
        out.append(rates_of)
    return out


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


Pool = Sequence[str] | Mapping[str, int]  # the pool's labels, or its count per group


def _counts(labels: Pool) -> Mapping[str, int]:
    return labels if isinstance(labels, Mapping) else Counter(labels)


def _shares(labels: Pool, groups: Sequence[str]) -> list[float]:
    counts = _counts(labels)
    size = sum(counts.values())
    return [counts.get(g, 0) / size for g in groups]


def skew_at_k(pool: Pool, ranked: Sequence[str], k: int) -> dict[str, float]:
    """Skew_a@k for every group a of the pool (0 = the top k has the pool's share)."""
    top = list(ranked[:k])
    groups = sorted(g for g, n in _counts(pool).items() if n > 0)
    if not top or not groups:
        return dict.fromkeys(groups, 0.0)
    desired = _shares(pool, groups)
    counts = Counter(top)
    return {
        g: math.log(max(counts[g], 0.5) / len(top) / want)
        for g, want in zip(groups, desired, strict=True)
    }


def ndkl(pool: Pool, ranked: Sequence[str]) -> float:
    """Normalized discounted KL divergence of the ranking from the pool's shares."""
    groups = sorted(g for g, n in _counts(pool).items() if n > 0)
    if not ranked or not groups:
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
