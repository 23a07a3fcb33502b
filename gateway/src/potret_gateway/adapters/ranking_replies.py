"""The ranking service's replies as the ask engine's result shapes (potret_ask.results): the
answers are written from these, never from generated protobuf types."""

from __future__ import annotations

from potret.ranking.v1 import ranking_pb2 as rpb
from potret_ask.results import Candidate, Cell, Factor, Grid, Ranking


def candidate(c: rpb.CandidateScore) -> Candidate:
    return Candidate(
        nip=c.nip,
        score=c.score,
        eligible=c.eligible,
        explanation=c.explanation,
        rank=c.rank,
        tied=c.tied,
        factors=tuple(Factor(f.factor, f.contribution) for f in c.factors),
        gaps=tuple(g.text for g in c.gaps),
    )


def ranking(reply: rpb.RankForPositionResponse) -> Ranking:
    unmet = sorted(reply.unmet_counts.items(), key=lambda x: -x[1])
    return Ranking(
        candidates=tuple(candidate(c) for c in reply.candidates),
        considered=reply.considered,
        eligible_total=reply.eligible_total,
        policy_version=reply.policy_version,
        unmet=tuple((reply.rule_labels.get(k, k), n) for k, n in unmet),
        fairness_note=reply.fairness.note,
    )


def grid(reply: rpb.TalentGridResponse) -> Grid:
    return Grid(
        total=reply.total,
        cells=tuple(Cell(c.box, c.count, c.meaning, tuple(c.nips)) for c in reply.cells),
    )
