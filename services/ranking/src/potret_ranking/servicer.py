"""gRPC servicer: translates requests, calls the scoring rules, maps errors to status codes."""

from __future__ import annotations

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from potret.ranking.v1 import ranking_pb2 as pb
from potret.ranking.v1 import ranking_pb2_grpc as pb_grpc
from potret_asn_rules import GolonganError, NipError, parse_golongan, parse_nip
from potret_ranking.domain.read_model import ReadModel
from potret_ranking.domain.scoring import POLICY_VERSION, Score, score_candidate


def _status(code: int, message: str, *details: object) -> status_pb2.Status:
    packed = []
    for detail in details:
        any_detail = any_pb2.Any()
        any_detail.Pack(detail)  # type: ignore[arg-type]
        packed.append(any_detail)
    return status_pb2.Status(code=code, message=message, details=packed)


def _violation(field: str, description: str) -> error_details_pb2.BadRequest.FieldViolation:
    return error_details_pb2.BadRequest.FieldViolation(field=field, description=description)


def _to_pb(score: Score) -> pb.CandidateScore:
    return pb.CandidateScore(
        nip=score.nip,
        score=score.total,
        eligible=score.eligible,
        profile_version=score.profile_version,
        explanation=score.explanation,
        factors=[
            pb.FactorScore(
                factor=f.name,
                score=f.score,
                weight=f.weight,
                contribution=f.contribution,
                explanation=f.explanation,
            )
            for f in score.factors
        ],
    )


class RankingServicer(pb_grpc.RankingServiceServicer):
    """potret.ranking.v1.RankingService over the in-memory read model."""

    def __init__(self, model: ReadModel, *, max_nips: int) -> None:
        self.model = model
        self.max_nips = max_nips

    async def ScoreCandidates(  # noqa: N802 (gRPC method name)
        self, request: pb.ScoreCandidatesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ScoreCandidatesResponse:
        violations: list[error_details_pb2.BadRequest.FieldViolation] = []
        min_golongan = None
        if not request.position.min_golongan:
            violations.append(_violation("position.min_golongan", "wajib diisi, mis. III/a"))
        else:
            try:
                min_golongan = parse_golongan(request.position.min_golongan)
            except GolonganError as exc:
                violations.append(_violation("position.min_golongan", str(exc)))
        if not request.nips:
            violations.append(_violation("nips", "minimal satu NIP"))
        elif len(request.nips) > self.max_nips:
            violations.append(
                _violation("nips", f"paling banyak {self.max_nips} NIP per permintaan")
            )
        seen: set[str] = set()
        nips: list[str] = []
        for i, raw in enumerate(request.nips[: self.max_nips]):
            try:
                nip = parse_nip(raw).nip
            except NipError as exc:
                violations.append(_violation(f"nips[{i}]", f"{exc.rule}: {exc.message}"))
                continue
            if nip in seen:
                violations.append(_violation(f"nips[{i}]", f"NIP {nip} disebut lebih dari sekali"))
            seen.add(nip)
            nips.append(nip)
        if violations:
            await context.abort_with_status(
                rpc_status.to_status(
                    _status(
                        code_pb2.INVALID_ARGUMENT,
                        "permintaan tidak valid: "
                        + "; ".join(f"{v.field}: {v.description}" for v in violations),
                        error_details_pb2.BadRequest(field_violations=violations),
                    )
                )
            )
        assert min_golongan is not None
        candidates = [(nip, self.model.get(nip)) for nip in nips]
        missing = [nip for nip, c in candidates if c is None]
        if missing:
            await context.abort_with_status(
                rpc_status.to_status(
                    _status(
                        code_pb2.NOT_FOUND,
                        "profil tidak ditemukan: " + ", ".join(missing),
                        error_details_pb2.ErrorInfo(
                            reason="PROFILE_NOT_FOUND",
                            domain="ranking.potret",
                            metadata={"nips": ",".join(missing)},
                        ),
                    )
                )
            )
        return pb.ScoreCandidatesResponse(
            candidates=[_to_pb(score_candidate(c, min_golongan)) for _, c in candidates if c],
            policy_version=POLICY_VERSION,
        )
