"""Scoring rules. Version "golongan-0.1": a single documented factor.

Factor `golongan` (PP 99/2000 jo PP 12/2002 orders golongan/ruang; PP 11/2017 sets a minimum
pangkat for each jabatan): with `gap = required ordinal - candidate ordinal`,

    score = 1                  if gap <= 0 (meets the minimum)
    score = 1 / (1 + gap)      otherwise (one step short: 0.5, two steps: 0.33, ...)

The candidate is eligible when gap <= 0. Weight 1.0, so the total equals the contribution.
Only golongan is read: never name, NIP-encoded birth date or gender, or any personal data.
"""

from __future__ import annotations

from dataclasses import dataclass

from potret_asn_rules import Golongan
from potret_ranking.domain.read_model import Candidate

POLICY_VERSION = "golongan-0.1"
GOLONGAN_WEIGHT = 1.0


@dataclass(frozen=True, slots=True)
class Factor:
    name: str
    score: float
    weight: float
    contribution: float
    explanation: str


@dataclass(frozen=True, slots=True)
class Score:
    nip: str
    total: float
    eligible: bool
    factors: tuple[Factor, ...]
    profile_version: int
    explanation: str


def score_candidate(candidate: Candidate, min_golongan: Golongan) -> Score:
    """Score one candidate against a position's minimum golongan."""
    if candidate.golongan_ordinal is None or candidate.golongan is None:
        factor_score, eligible = 0.0, False
        text = (
            "Golongan tidak tercatat atau tidak dikenal, sehingga syarat golongan belum terpenuhi."
        )
    else:
        gap = min_golongan.ordinal - candidate.golongan_ordinal
        if gap <= 0:
            factor_score, eligible = 1.0, True
            text = f"Golongan {candidate.golongan} memenuhi syarat minimal {min_golongan}."
        else:
            factor_score, eligible = 1.0 / (1 + gap), False
            text = (
                f"Golongan {candidate.golongan} kurang {gap} tingkat dari syarat minimal "
                f"{min_golongan}."
            )
    factor = Factor("golongan", factor_score, GOLONGAN_WEIGHT, factor_score * GOLONGAN_WEIGHT, text)
    return Score(
        nip=candidate.nip,
        total=factor.contribution,
        eligible=eligible,
        factors=(factor,),
        profile_version=candidate.version,
        explanation=("Memenuhi syarat. " if eligible else "Belum memenuhi syarat. ") + text,
    )
