"""/v1 ranking routes: position ranking, candidate explanation, what-if and the 9-box grid,
delegated to the ranking service over gRPC.

Request bodies use the JSON mapping of the `potret.ranking.v1` messages (field names as in
the proto, e.g. `top_k`, `policy_overrides`), so the REST and gRPC contracts cannot drift.
The request id goes to the ranking service as `x-request-id` metadata.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from collections.abc import Awaitable
from typing import Annotated, Any, TypeVar

import anyio
import httpx
from fastapi import APIRouter, Body, Path, Query, Request, Response
from google.protobuf import json_format
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message

from potret.ranking.v1 import ranking_pb2 as rpb
from potret_gateway.adapters import exports
from potret_gateway.adapters.exports import EXPORT_TYPES, local_zone
from potret_gateway.domain.access import SEARCH, Principal
from potret_gateway.entrypoints.deps import BackendsDep, RequestIdDep
from potret_gateway.entrypoints.errors import FORWARDED_PROBLEMS
from potret_gateway.entrypoints.schemas import ScoreIn, ScoreOut
from potret_gateway.entrypoints.security import Ranker, not_self_only, self_nip_only
from potret_gateway.service.access import check_own_opd
from potret_gateway.service.calls import call_ranking, segment
from potret_gateway.service.people import people_of
from potret_problems import FieldViolation, ProblemError

router = APIRouter(prefix="/v1", tags=["ranking"])
M = TypeVar("M", bound=Message)


_KADIS = {
    "name": "Kepala Dinas Perikanan",
    "jenis": "JPT",
    "jenjang": "PRATAMA",
    "opd": "Dinas Perikanan",
    "domains": ["kelautan_perikanan"],
    "requirements": {"min_golongan": "IV/b", "related_majors": ["Perikanan", "Ilmu Kelautan"]},
}
RANK_EXAMPLES = {
    "katalog": {
        "summary": "Jabatan dari katalog",
        "value": {"position": {"position_id": "diskan-kepala-dinas"}, "top_k": 10},
    },
    "inline": {
        "summary": "Jabatan ditulis langsung, dengan what-if bobot",
        "value": {
            "position": _KADIS,
            "top_k": 10,
            "policy_overrides": {
                "weights": {
                    "competency": 0.4,
                    "performance": 0.2,
                    "expertise": 0.3,
                    "track_record": 0.1,
                }
            },
            "fair_rerank": False,
        },
    },
}
EXPLAIN_EXAMPLES = {
    "explain": {
        "summary": "Rincian dan kekurangan satu ASN",
        "value": {"position": {"position_id": "diskan-kepala-dinas"}, "nip": "198609262015051001"},
    }
}
GRID_EXAMPLES = {
    "opd": {
        "summary": "Kotak talenta satu OPD",
        "value": {"filters": {"opd": ["Dinas Perikanan"]}, "members_per_cell": 20},
    }
}


def _parse(body: dict[str, Any], message: M) -> M:
    try:
        return json_format.ParseDict(body, message)
    except json_format.ParseError as exc:
        raise ProblemError(
            422,
            "validation-error",
            "Data tidak valid",
            "Invalid data",
            detail=str(exc),
            errors=[
                FieldViolation(
                    field="body",
                    rule="PROTO-JSON",
                    message=f"tidak sesuai skema {message.DESCRIPTOR.full_name}: {exc}",
                    message_en=f"does not match {message.DESCRIPTOR.full_name}: {exc}",
                )
            ],
        ) from None


def _limit_to_own_opd(principal: Principal, filters: rpb.Filters) -> None:
    """An OPD-bound caller ranks and sees the 9-box of their own OPD only."""
    if principal.opd is not None:
        del filters.opd[:]
        filters.opd.append(principal.opd)


def _without_holder(
    principal: Principal, reply: rpb.RankForPositionResponse
) -> rpb.RankForPositionResponse:
    """The post's holder may sit in another OPD: an OPD-bound caller does not get them (their
    NIP carries a birth date and gender)."""
    if principal.opd is not None:
        reply.ClearField("holder")
        reply.holder_nip = ""
    return reply


def _json(message: Message) -> dict[str, Any]:
    return json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )


@router.post("/positions/rank", responses=FORWARDED_PROBLEMS)
async def rank_for_position(
    body: Annotated[dict[str, Any], Body(openapi_examples=RANK_EXAMPLES)],
    http: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
) -> dict[str, Any]:
    """Peringkat seluruh ASN untuk satu jabatan: kandidat memenuhi syarat (terbaik dulu),
    yang belum memenuhi syarat beserta alasannya, dan laporan keadilan. Akses satu OPD:
    hanya ASN OPD itu."""
    http.state.audit_detail = json.dumps(body, ensure_ascii=False)
    not_self_only(principal, "peringkat jabatan")
    request = _parse(body, rpb.RankForPositionRequest())
    _limit_to_own_opd(principal, request.filters)
    reply = await call_ranking(backends, backends.ranking.RankForPosition, request, request_id)
    return _json(_without_holder(principal, reply))


@router.get("/positions/{position_id}/ranking", responses=FORWARDED_PROBLEMS)
async def rank_catalogue_position(
    position_id: Annotated[str, Path(examples=["diskan-kepala-dinas"])],
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
    top_k: Annotated[int, Query(ge=1, le=500)] = 10,
    fair_rerank: bool = False,
) -> dict[str, Any]:
    """Peringkat untuk jabatan di katalog (bentuk singkat dari POST /positions/rank)."""
    not_self_only(principal, "peringkat jabatan")
    request = rpb.RankForPositionRequest(
        position=rpb.PositionSpec(position_id=position_id), top_k=top_k, fair_rerank=fair_rerank
    )
    _limit_to_own_opd(principal, request.filters)
    reply = await call_ranking(backends, backends.ranking.RankForPosition, request, request_id)
    return _json(_without_holder(principal, reply))


@router.get(
    "/positions/{position_id}/ranking/export",
    responses={
        **FORWARDED_PROBLEMS,
        200: {
            "description": "Berkas XLSX atau CSV",
            "content": {t.split(";")[0]: {} for t in EXPORT_TYPES.values()},
        },
    },
)
async def export_ranking(
    position_id: Annotated[str, Path(examples=["diskan-kepala-dinas"])],
    http: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
    file_format: Annotated[
        str, Query(alias="format", pattern="^(xlsx|csv)$", description="xlsx atau csv")
    ] = "xlsx",
    top_k: Annotated[
        int,
        Query(
            ge=1,
            le=exports.MAX_ROWS,
            description=f"Kandidat yang memenuhi syarat, paling banyak {exports.MAX_ROWS}",
        ),
    ] = 50,
) -> Response:
    """Peringkat jabatan sebagai berkas Excel atau CSV untuk Baperjakat / panitia seleksi:
    kandidat dengan skor, faktor, kotak talenta, syarat yang belum terpenuhi dan
    penjelasannya, versi kebijakan dan tanggal acuan; lembar Keterangan memuat dasar hukum
    setiap syarat. Ekspor dicatat di jejak audit bersama NIP yang diekspor."""
    not_self_only(principal, "ekspor peringkat jabatan")
    request = rpb.RankForPositionRequest(
        position=rpb.PositionSpec(position_id=position_id), top_k=top_k
    )
    _limit_to_own_opd(principal, request.filters)
    reply = _json(
        _without_holder(
            principal,
            await call_ranking(backends, backends.ranking.RankForPosition, request, request_id),
        )
    )
    everyone = [str(c["nip"]) for c in [*reply["candidates"], *reply["ineligible"]]]
    # Names, posts and OPDs only for a caller who may search people (as the console shows
    # them): a rank-only key gets the NIPs and the scores it already gets from the ranking.
    people = await people_of(backends, request_id, everyone) if principal.can(SEARCH) else {}
    table = exports.rows(reply, people)
    settings = http.app.state.settings
    try:  # the post's OPD for the file's heading; without it the file still stands
        post = await backends.profile.get(
            f"/positions/{segment(position_id)}", headers={"X-Request-ID": request_id}
        )
        opd = str(post.json().get("opd", "")) if post.status_code == 200 else ""
    except httpx.HTTPError:
        opd = ""
    heading = exports.Heading(
        position=str(reply.get("position_name") or position_id),
        opd=opd,
        policy_version=str(reply.get("policy_version", "")),
        reference_date=str(reply.get("reference_date", "")),
        exported_at=dt.datetime.now(dt.UTC),
        exported_by=principal.name,
        considered=int(reply.get("considered", 0)),
        eligible=int(reply.get("eligible_total", 0)),
        zone=local_zone(settings.time_zone),
        zone_label=settings.time_zone_label,
    )
    body = await anyio.to_thread.run_sync(  # CPU work: off the event loop
        lambda: exports.xlsx(table, heading) if file_format == "xlsx" else exports.csv_bytes(table)
    )
    # The file is compressed (XLSX) or large: the audit names its NIPs from the table itself.
    http.state.audit_detail = (
        f"ekspor {file_format}: {len(table)} baris, kebijakan {heading.policy_version}"
    )
    http.state.audit_nips = tuple(everyone)
    slug = re.sub(r"[^A-Za-z0-9-]+", "-", position_id)[:80]  # nothing else in the header
    filename = f"peringkat-{slug}-{heading.reference_date or 'hari-ini'}.{file_format}"
    return Response(
        content=body,
        media_type=EXPORT_TYPES[file_format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/positions/explain", responses=FORWARDED_PROBLEMS)
async def explain_candidate(
    body: Annotated[dict[str, Any], Body(openapi_examples=EXPLAIN_EXAMPLES)],
    http: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
) -> dict[str, Any]:
    """Rincian skor satu ASN untuk satu jabatan dan kekurangan yang perlu dipenuhi.
    Role ASN: hanya NIP sendiri (analisis kesenjangan pribadi)."""
    http.state.audit_detail = json.dumps(body, ensure_ascii=False)
    request = _parse(body, rpb.ExplainCandidateRequest())
    self_nip_only(principal, request.nip)
    await check_own_opd(backends, request_id, principal, [request.nip])
    reply = await call_ranking(backends, backends.ranking.ExplainCandidate, request, request_id)
    out = _json(reply)
    out["provenance"], out["stale_facts"] = await _record_context(backends, request_id, request.nip)
    return out


async def _record_context(
    backends: Any, request_id: str, nip: str
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Where each fact group behind the score came from ("sumber SIASN, impor 2026-10-02")
    and which facts the quality rules flag as stale ("SKP 2025 belum tercatat"), in one call.
    Without an answer from the profile service the explanation still stands, without them."""
    try:
        resp = await backends.profile.get(
            f"/profiles/{segment(nip)}/quality", headers={"X-Request-ID": request_id}
        )
    except httpx.HTTPError:
        return {}, []
    if resp.status_code != 200:
        return {}, []
    body = resp.json()
    return dict(body.get("provenance", {})), list(body.get("stale", []))


COMPARE_MIN, COMPARE_MAX = 2, 4


async def _post_domains(backends: Any, request_id: str, position_id: str) -> list[str]:
    """The fields a catalogue post belongs to (for the evidence shown beside it); none when
    the catalogue does not answer: the comparison stands without evidence."""
    try:
        resp = await backends.profile.get(
            f"/positions/{segment(position_id)}", headers={"X-Request-ID": request_id}
        )
    except httpx.HTTPError:
        return []
    if resp.status_code != 200:
        return []
    return [str(d) for d in resp.json().get("domains") or []][:5]


@router.get("/positions/{position_id}/compare", responses=FORWARDED_PROBLEMS)
async def compare_candidates(
    position_id: Annotated[str, Path(examples=["diskan-kepala-dinas"])],
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
    nip: Annotated[
        list[str],
        Query(description=f"{COMPARE_MIN}–{COMPARE_MAX} NIP, diulang: ?nip=…&nip=…"),
    ],
) -> dict[str, Any]:
    """Bandingkan 2–4 kandidat berdampingan untuk satu jabatan: skor dan faktor, syarat
    jabatan, kotak talenta, JPM, kesenjangan, dan bukti keahlian (nama dan bukti hanya bagi
    yang boleh mencari). Akses satu OPD: hanya ASN OPD itu."""
    not_self_only(principal, "perbandingan kandidat")
    nips = list(dict.fromkeys(nip))
    bad = [n for n in nips if not re.fullmatch(r"\d{18}", n)]
    if bad or not COMPARE_MIN <= len(nips) <= COMPARE_MAX:
        raise ProblemError(
            422,
            "validation-error",
            "Data tidak valid",
            "Invalid data",
            errors=[
                FieldViolation(
                    field="nip",
                    rule="NIP-FMT" if bad else "COMPARE-COUNT",
                    message=f"NIP harus 18 digit angka: {', '.join(bad[:4])}"
                    if bad
                    else f"bandingkan {COMPARE_MIN}–{COMPARE_MAX} NIP yang berbeda "
                    f"(diberikan {len(nips)})",
                    message_en="18-digit NIPs" if bad else "compare 2-4 distinct NIPs",
                )
            ],
        )
    await check_own_opd(backends, request_id, principal, nips)

    def explain(one: str) -> Awaitable[rpb.ExplainCandidateResponse]:
        request = rpb.ExplainCandidateRequest(
            position=rpb.PositionSpec(position_id=position_id), nip=one
        )
        return call_ranking(backends, backends.ranking.ExplainCandidate, request, request_id)

    # gather: the first refusal (an unknown NIP) is the answer, as it is for one NIP
    replies = dict(zip(nips, await asyncio.gather(*map(explain, nips)), strict=True))
    people = (
        await people_of(
            backends, request_id, nips, await _post_domains(backends, request_id, position_id)
        )
        if principal.can(SEARCH)
        else {}
    )
    first = replies[nips[0]]
    return {
        "position_id": position_id,
        "position_name": first.position_name,
        "policy_version": first.policy_version,
        "candidates": [{**_json(replies[n].candidate), "person": people.get(n)} for n in nips],
    }


@router.get("/ranking/policy", responses=FORWARDED_PROBLEMS)
async def get_policy(backends: BackendsDep, request_id: RequestIdDep, _: Ranker) -> dict[str, Any]:
    """Kebijakan penilaian yang berlaku: bobot, ambang, versi."""
    reply = await call_ranking(
        backends, backends.ranking.GetPolicy, rpb.GetPolicyRequest(), request_id
    )
    return _json(reply)


@router.post("/ranking/policy/what-if", responses=FORWARDED_PROBLEMS)
async def what_if_policy(
    body: Annotated[
        dict[str, Any],
        Body(
            openapi_examples={
                "bobot": {
                    "summary": "Bobot lain",
                    "value": {
                        "policy_overrides": {"weights": {"competency": 0.5, "performance": 0.3}}
                    },
                }
            }
        ),
    ],
    backends: BackendsDep,
    request_id: RequestIdDep,
    _: Ranker,
) -> dict[str, Any]:
    """Kebijakan hasil what-if (tidak disimpan): dipakai dengan `policy_overrides` yang sama
    di /positions/rank."""
    request = _parse(body, rpb.GetPolicyRequest())
    reply = await call_ranking(backends, backends.ranking.GetPolicy, request, request_id)
    return _json(reply)


@router.post("/talent-grid", responses=FORWARDED_PROBLEMS)
async def talent_grid(
    body: Annotated[dict[str, Any], Body(openapi_examples=GRID_EXAMPLES)],
    http: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
) -> dict[str, Any]:
    """Kotak talenta (9-box, PermenPANRB 3/2020): jumlah dan anggota per kotak.
    Akses satu OPD: hanya OPD itu."""
    http.state.audit_detail = json.dumps(body, ensure_ascii=False)
    not_self_only(principal, "kotak talenta")
    request = _parse(body, rpb.TalentGridRequest())
    _limit_to_own_opd(principal, request.filters)
    reply = await call_ranking(backends, backends.ranking.TalentGrid, request, request_id)
    return _json(reply)


@router.post("/positions/score", response_model=ScoreOut, responses=FORWARDED_PROBLEMS)
async def score_candidates(
    body: ScoreIn, backends: BackendsDep, request_id: RequestIdDep, principal: Ranker
) -> ScoreOut:
    """Score the given NIPs against a position's requirements (ranking service, gRPC)."""
    for nip in body.nips:
        self_nip_only(principal, nip)
    await check_own_opd(backends, request_id, principal, body.nips)
    request = rpb.ScoreCandidatesRequest(
        position=rpb.PositionSpec(
            position_id=body.position.position_id,
            name=body.position.name,
            min_golongan=body.position.min_golongan,
        ),
        nips=body.nips,
    )
    reply = await call_ranking(backends, backends.ranking.ScoreCandidates, request, request_id)
    data = [
        MessageToDict(
            c, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
        )
        for c in reply.candidates
    ]
    return ScoreOut.model_validate({"policy_version": reply.policy_version, "data": data})
