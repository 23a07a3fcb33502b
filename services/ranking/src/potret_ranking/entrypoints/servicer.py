"""gRPC servicer: validates requests, runs the domain functions off the event loop, maps
results to messages and errors to status codes with details."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import math
from typing import Any, NoReturn, TypeAlias

import grpc
import numpy as np
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from google.rpc.error_details_pb2 import BadRequest
from grpc_status import rpc_status

from potret.ranking.v1 import ranking_pb2 as pb
from potret.ranking.v1 import ranking_pb2_grpc as pb_grpc
from potret_asn_rules import NipError, RuleViolation, parse_nip
from potret_asn_rules.vocab import parse_jenis_jabatan
from potret_events import message_fields
from potret_ranking.adapters.read_model import ReadModel
from potret_ranking.domain import fairness, ranking
from potret_ranking.domain.columns import Columns
from potret_ranking.domain.policy import Policy, PolicyError, with_overrides
from potret_ranking.domain.ranking import CandidateResult, Filters
from potret_ranking.domain.requirements import (
    RULE_ORDER,
    RULES,
    Requirement,
    RequirementError,
    resolve,
)

Violation: TypeAlias = BadRequest.FieldViolation


def _group_pb(g: fairness.GroupRate) -> pb.FairnessGroup:
    return pb.FairnessGroup(
        dimension=g.dimension,
        group=g.group,
        eligible_pool=g.pool,
        selected=g.selected,
        selection_rate=g.selection_rate,
    )


class _Invalid(Exception):
    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations


class _NotFound(Exception):
    def __init__(self, reason: str, message: str, metadata: dict[str, str]) -> None:
        self.reason, self.message, self.metadata = reason, message, metadata


def _status(code: int, message: str, *details: object) -> status_pb2.Status:
    packed = []
    for detail in details:
        any_detail = any_pb2.Any()
        any_detail.Pack(detail)  # type: ignore[arg-type]
        packed.append(any_detail)
    return status_pb2.Status(code=code, message=message, details=packed)


# The status travels in trailing metadata, which gRPC caps (16 KB by default): a request
# with a thousand bad NIPs must still get its INVALID_ARGUMENT, so details are capped.
MAX_VIOLATIONS = 20
MAX_TEXT = 1000


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


async def _abort(context: grpc.aio.ServicerContext, exc: Exception) -> NoReturn:
    if isinstance(exc, _Invalid):
        shown = list(exc.violations[:MAX_VIOLATIONS])
        if len(exc.violations) > MAX_VIOLATIONS:
            more = len(exc.violations) - MAX_VIOLATIONS
            shown.append(Violation(field="…", description=f"dan {more} pelanggaran lain"))
        status = _status(
            code_pb2.INVALID_ARGUMENT,
            _clip(
                "permintaan tidak valid: " + "; ".join(f"{v.field}: {v.description}" for v in shown)
            ),
            error_details_pb2.BadRequest(field_violations=shown),
        )
    elif isinstance(exc, _NotFound):
        status = _status(
            code_pb2.NOT_FOUND,
            _clip(exc.message),
            error_details_pb2.ErrorInfo(
                reason=exc.reason,
                domain="ranking.potret",
                metadata={k: _clip(v) for k, v in exc.metadata.items()},
            ),
        )
    else:
        raise exc
    await context.abort_with_status(rpc_status.to_status(status))
    raise AssertionError("unreachable")


def _overrides(msg: pb.PolicyOverrides, policy: Policy) -> Policy:
    data: dict[str, Any] = {}
    if msg.weights:
        data["weights"] = policy.weights.as_dict() | dict(msg.weights)
    if msg.HasField("performance_years"):
        data["performance"] = {"years": msg.performance_years}
    if msg.HasField("jpm_cap_per_competency"):
        data["competency"] = {"jpm_cap_per_competency": msg.jpm_cap_per_competency}
    nine: dict[str, Any] = {}
    if msg.HasField("potential_high_min"):
        nine["potential_high_min"] = msg.potential_high_min
    if msg.HasField("potential_mid_min"):
        nine["potential_mid_min"] = msg.potential_mid_min
    if nine:
        data["nine_box"] = nine
    if msg.HasField("min_months_before_bup"):
        data["eligibility"] = {"min_months_before_bup": msg.min_months_before_bup}
    try:
        return with_overrides(policy, data)
    except PolicyError as exc:
        raise _Invalid([Violation(field=f, description=m) for f, m in exc.violations]) from None


def _ref_date(raw: str, field: str = "reference_date") -> dt.date:
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise _Invalid(
            [Violation(field=field, description="harus tanggal ISO, mis. 2026-11-28")]
        ) from None


def _nip(raw: str, field: str) -> str:
    try:
        return parse_nip(raw).nip
    except NipError as exc:
        raise _Invalid([Violation(field=field, description=f"{exc.rule}: {exc.message}")]) from None


def _position(spec: pb.PositionSpec, model: ReadModel, policy: Policy) -> Requirement:
    inline = bool(spec.jenis or spec.min_golongan or spec.domains or spec.HasField("requirements"))
    if spec.position_id and not inline:
        found = model.position(spec.position_id)
        if found is None:
            raise _NotFound(
                "POSITION_NOT_FOUND",
                f"jabatan {spec.position_id!r} tidak ada di katalog",
                {"position_id": spec.position_id},
            )
        position: dict[str, Any] = found
    elif not inline:
        raise _Invalid(
            [Violation(field="position", description="isi position_id atau jabatan lengkap")]
        )
    else:
        # Same shape as a catalogue event's Position (one contract, potret.asn.v1), read by
        # the same reader: no field is copied by hand.
        position = message_fields(spec)
        if spec.min_golongan:  # the older shorthand of requirements.min_golongan
            req = dict(position.get("requirements") or {})
            req.setdefault("min_golongan", spec.min_golongan)
            position["requirements"] = req
    try:
        return resolve(position, policy, statutory_floor=inline)
    except RequirementError as exc:
        raise _Invalid(
            [Violation(field=f"position.{exc.field}", description=exc.message)]
        ) from None


def _opt(x: float) -> float | None:
    return None if math.isnan(x) else x


def to_pb(c: CandidateResult) -> pb.CandidateScore:
    msg = pb.CandidateScore(
        nip=c.nip,
        score=c.total,
        eligible=c.eligible,
        profile_version=c.profile_version,
        explanation=c.explanation,
        rank=c.rank,
        tied=c.tied,
        movement=c.movement,
        nine_box=c.box,
        nine_box_meaning=c.box_meaning,
        jpm_category=c.jpm_category,
        factors=[
            pb.FactorScore(
                factor=f.name,
                score=f.score,
                weight=f.weight,
                contribution=f.contribution,
                explanation=f.explanation,
            )
            for f in c.factors
        ],
        eligibility=[
            pb.RuleResult(
                rule=r.rule,
                applies=r.applies,
                met=r.met,
                value=r.value,
                threshold=r.threshold,
                text=r.text,
                legal_source=r.source,
                met_from=r.met_from.isoformat() if r.met_from else "",
                met_from_note=r.met_from_note,
            )
            for r in c.rules
        ],
        gaps=[pb.Gap(kind=g.kind, text=g.text, amount=g.amount) for g in c.gaps],
    )
    if not math.isnan(c.jpm):
        msg.jpm = c.jpm
        msg.jpm_uncapped = c.jpm_uncapped
    return msg


def _filters(msg: pb.Filters) -> Filters:
    violations = []
    for i, raw in enumerate(msg.jenis_jabatan):
        try:
            parse_jenis_jabatan(raw)
        except RuleViolation as exc:
            violations.append(
                Violation(field=f"filters.jenis_jabatan[{i}]", description=exc.message)
            )
    excluded = []
    for i, raw in enumerate(msg.exclude_nips):
        try:
            excluded.append(parse_nip(raw).nip)
        except NipError as exc:
            violations.append(
                Violation(
                    field=f"filters.exclude_nips[{i}]", description=f"{exc.rule}: {exc.message}"
                )
            )
    if violations:
        raise _Invalid(violations)
    return Filters(
        opd=tuple(msg.opd),
        jenis_jabatan=tuple(parse_jenis_jabatan(j) for j in msg.jenis_jabatan),
        exclude_nips=tuple(excluded),
        talent_pool=msg.talent_pool_only,
    )


class RankingServicer(pb_grpc.RankingServiceServicer):
    """potret.ranking.v1.RankingService over the in-memory read model."""

    def __init__(self, model: ReadModel, policy: Policy) -> None:
        self.model = model
        self.policy = policy

    async def RankForPosition(  # noqa: N802 (gRPC method name)
        self, request: pb.RankForPositionRequest, context: grpc.aio.ServicerContext
    ) -> pb.RankForPositionResponse:
        try:
            policy = _overrides(request.policy_overrides, self.policy)
            limit = policy.limits.max_top_k
            if not 1 <= request.top_k <= limit:
                raise _Invalid([Violation(field="top_k", description=f"harus 1..{limit}")])
            req = _position(request.position, self.model, policy)
            filters = _filters(request.filters)
            ref = _ref_date(request.reference_date)
        except (_Invalid, _NotFound) as exc:
            await _abort(context, exc)
        result = await asyncio.to_thread(
            ranking.rank_for_position,
            self.model.columns.view(),
            req,
            policy,
            ref,
            filters=filters,
            top_k=request.top_k,
            fair_rerank=request.fair_rerank,
        )
        fr = result.fairness
        return pb.RankForPositionResponse(
            candidates=[to_pb(c) for c in result.candidates],
            ineligible=[to_pb(c) for c in result.ineligible],
            considered=result.considered,
            eligible_total=result.eligible_total,
            ineligible_total=result.considered - result.eligible_total,
            near_eligible=[to_pb(c) for c in result.near_eligible],
            near_eligible_total=result.near_eligible_total,
            unmet_counts=result.unmet_counts,
            fairness=pb.FairnessReport(
                groups=[_group_pb(g) for g in fr.groups],
                adverse_impact_ratio=fr.adverse_impact,
                threshold=fr.threshold,
                flagged=list(fr.flagged),
                reranked=fr.reranked,
                note=fr.note,
                stages=[
                    pb.FairnessStage(
                        stage=st.stage,
                        groups=[_group_pb(g) for g in st.groups],
                        impacts=[
                            pb.FairnessImpact(
                                dimension=i.dimension,
                                rule=i.rule,
                                adverse_impact_ratio=i.ratio,
                                lowest_group=i.lowest,
                                highest_group=i.highest,
                                p_value=i.p_value,
                                conclusion=i.conclusion,
                                note=i.note,
                            )
                            for i in st.impacts
                        ],
                    )
                    for st in fr.stages
                ],
                min_skew=fr.min_skew,
                max_skew=fr.max_skew,
                ndkl=fr.ndkl,
            ),
            policy_version=result.policy_version,
            reference_date=ref.isoformat(),
            position_name=req.name,
            holder=to_pb(result.holder) if result.holder else None,
            holder_nip=req.holder_nip,
            rule_labels={
                rule: f"{RULES[rule][0]} ({RULES[rule][1]})"
                for rule in RULE_ORDER
                if req.applies(rule)
            },
        )

    async def _rows(
        self, columns: Columns, nips: list[str], context: grpc.aio.ServicerContext
    ) -> list[int]:
        """Rows of `nips` in `columns`: the caller scores the same columns' view, so a
        month's rebuild swapping the model between the two cannot mix them."""
        view_rows = []
        missing = []
        for nip in nips:
            row = columns.row_of.get(nip)
            if row is None or not columns.cols["live"][row]:
                missing.append(nip)
            else:
                view_rows.append(row)
        if missing:
            await _abort(
                context,
                _NotFound(
                    "PROFILE_NOT_FOUND",
                    "profil tidak ditemukan: " + ", ".join(missing),
                    {"nips": ",".join(missing)},
                ),
            )
        return view_rows

    async def ScoreCandidates(  # noqa: N802 (gRPC method name)
        self, request: pb.ScoreCandidatesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ScoreCandidatesResponse:
        try:
            policy = _overrides(request.policy_overrides, self.policy)
            violations: list[Violation] = []
            if not request.nips:
                violations.append(Violation(field="nips", description="minimal satu NIP"))
            elif len(request.nips) > policy.limits.max_nips:
                violations.append(
                    Violation(
                        field="nips",
                        description=f"paling banyak {policy.limits.max_nips} NIP per permintaan",
                    )
                )
            nips: list[str] = []
            for i, raw in enumerate(request.nips[: policy.limits.max_nips]):
                try:
                    nip = _nip(raw, f"nips[{i}]")
                except _Invalid as exc:
                    violations += exc.violations
                    continue
                if nip in nips:
                    violations.append(
                        Violation(
                            field=f"nips[{i}]", description=f"NIP {nip} disebut lebih dari sekali"
                        )
                    )
                nips.append(nip)
            try:
                req = _position(request.position, self.model, policy)
            except _Invalid as exc:
                violations += exc.violations
            if violations:
                raise _Invalid(violations)
            ref = _ref_date(request.reference_date)
        except (_Invalid, _NotFound) as exc:
            await _abort(context, exc)
        columns = self.model.columns
        rows = await self._rows(columns, nips, context)
        results = await asyncio.to_thread(
            ranking.score_rows,
            columns.view(),
            np.array(rows, dtype=np.int64),
            req,
            policy,
            ref,
            gaps=False,
        )
        return pb.ScoreCandidatesResponse(
            candidates=[to_pb(c) for c in results], policy_version=policy.version
        )

    async def ExplainCandidate(  # noqa: N802 (gRPC method name)
        self, request: pb.ExplainCandidateRequest, context: grpc.aio.ServicerContext
    ) -> pb.ExplainCandidateResponse:
        try:
            policy = _overrides(request.policy_overrides, self.policy)
            nip = _nip(request.nip, "nip")
            req = _position(request.position, self.model, policy)
            ref = _ref_date(request.reference_date)
        except (_Invalid, _NotFound) as exc:
            await _abort(context, exc)
        columns = self.model.columns
        rows = await self._rows(columns, [nip], context)
        [result] = await asyncio.to_thread(
            ranking.score_rows,
            columns.view(),
            np.array(rows, dtype=np.int64),
            req,
            policy,
            ref,
            gaps=True,
        )
        return pb.ExplainCandidateResponse(
            candidate=to_pb(result), policy_version=policy.version, position_name=req.name
        )

    async def GetPolicy(  # noqa: N802 (gRPC method name)
        self, request: pb.GetPolicyRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetPolicyResponse:
        try:
            policy = _overrides(request.policy_overrides, self.policy)
        except _Invalid as exc:
            await _abort(context, exc)
        return pb.GetPolicyResponse(
            version=policy.version,
            weights=policy.weights.as_dict(),
            policy_json=json.dumps(policy.model_dump(mode="json"), ensure_ascii=False),
        )

    async def ExportReadModel(  # noqa: N802 (gRPC method name)
        self, request: pb.ExportReadModelRequest, context: grpc.aio.ServicerContext
    ) -> pb.ExportReadModelResponse:
        limit = request.limit or 1000
        violations = []
        if not 1 <= limit <= 5000:
            violations.append(Violation(field="limit", description="harus 1..5000"))
        if request.after_row < 0:
            violations.append(Violation(field="after_row", description="tidak boleh negatif"))
        if violations:
            await _abort(context, _Invalid(violations))
        rows = self.model.columns.digests(int(request.after_row), limit)
        return pb.ExportReadModelResponse(
            rows=[
                pb.ReadModelRow(nip=nip, version=version, live=live, content_digest=digest)
                for nip, version, live, digest in rows
            ],
            next_row=request.after_row + len(rows) if len(rows) == limit else -1,
        )

    async def TalentGrid(  # noqa: N802 (gRPC method name)
        self, request: pb.TalentGridRequest, context: grpc.aio.ServicerContext
    ) -> pb.TalentGridResponse:
        try:
            policy = _overrides(request.policy_overrides, self.policy)
            members = request.members_per_cell if request.HasField("members_per_cell") else 50
            if not 0 <= members <= 1000:
                raise _Invalid([Violation(field="members_per_cell", description="harus 0..1000")])
            filters = _filters(request.filters)
            ref = _ref_date(request.reference_date)
        except _Invalid as exc:
            await _abort(context, exc)
        grid = await asyncio.to_thread(
            ranking.talent_grid,
            self.model.columns.view(),
            policy,
            ref,
            filters=filters,
            members=members,
        )
        return pb.TalentGridResponse(
            cells=[
                pb.GridCell(
                    box=b,
                    meaning=ranking.BOX_MEANING[b],
                    count=grid.counts[b],
                    nips=list(grid.members[b]),
                )
                for b in (*range(1, 10), 0)
            ],
            total=grid.total,
            cutoffs=grid.cutoffs,
            policy_version=grid.policy_version,
            shares=grid.shares,
            warnings=list(grid.warnings),
            talent_pool=grid.talent_pool,
        )
