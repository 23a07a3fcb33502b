"""The /v1 REST API: profiles, search and scoring, each delegated to its backend."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

import anyio
import grpc
import httpx
from fastapi import APIRouter, Body, Depends, Header, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from google.protobuf.json_format import MessageToDict

from potret.ranking.v1 import ranking_pb2 as rpb
from potret_asn_rules.labels import labels
from potret_asn_rules.vocab import RATINGS, predikat_from_ratings
from potret_gateway.adapters.auth_store import AuthStore
from potret_gateway.adapters.backends import BackendClient
from potret_gateway.domain.access import ROLE_NAMES, Principal
from potret_gateway.domain.privacy import masker
from potret_gateway.entrypoints.access import check_own_opd
from potret_gateway.entrypoints.deps import BackendsDep, RequestIdDep
from potret_gateway.entrypoints.errors import backend_unreachable, call_ranking, segment
from potret_gateway.entrypoints.schemas import (
    ProfileChangeIn,
    ProfileIn,
    ProfileOut,
    ProfilesOut,
    ScoreIn,
    ScoreOut,
    SearchOut,
)
from potret_gateway.entrypoints.security import (
    Admin,
    AnyCaller,
    Ranker,
    ReadProfiles,
    Searcher,
    WriteProfiles,
    breakdowns_need_personal_read,
    hidden_profile,
    not_opd_bound,
    not_self_only,
    self_nip_only,
)
from potret_problems import problem_responses

router = APIRouter(prefix="/v1")

_PROBLEMS = problem_responses(401, 403, 404, 422, 429, 503, 504)
_PASS_HEADERS = ("etag", "location", "retry-after")


async def _if_match(
    if_match: Annotated[str | None, Header(description='ETag dari GET, mis. "3"')] = None,
) -> dict[str, str]:
    """The If-Match header to pass on to the backend (none when absent)."""
    return {"If-Match": if_match} if if_match else {}


IfMatchDep = Annotated[dict[str, str], Depends(_if_match)]
NipPath = Annotated[str, Path(examples=["198609262015051001"], description="NIP 18 digit")]
CursorQuery = Annotated[
    str | None, Query(description="next_cursor dari halaman sebelumnya", examples=["MTk4Ng"])
]
_POSITION = {
    "name": "Kepala Dinas Perikanan",
    "jenis": "JPT",
    "jenjang": "PRATAMA",
    "opd": "Dinas Perikanan",
    "domains": ["kelautan_perikanan"],
    "requirements": {
        "min_education": "S1",
        "related_majors": ["Perikanan", "Ilmu Kelautan"],
        "min_golongan": "IV/b",
        "min_years_prior": 2,
        "prior_jenis": "ADMINISTRATOR",
        "required_training": "PKA",
    },
    "competency_standard": {"M.01": 4, "M.02": 4, "SK.01": 4},
}
POSITION_EXAMPLES = {
    "kadis": {
        "summary": "Jabatan pimpinan tinggi pratama",
        "value": {"position_id": "diskan-kepala-dinas", **_POSITION},
    }
}
POSITION_UPDATE_EXAMPLES = {"kadis": {"summary": "Ganti syarat", "value": _POSITION}}
IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "examples": {
                    "profiles": {
                        "summary": "profiles: daftar profil (format Potret)",
                        "value": [
                            {
                                "nip": "198609262015051001",
                                "name": "Siti Aminah, S.Pi.",
                                "golongan": "III/c",
                                "jabatan": "Penyuluh Perikanan Ahli Muda",
                                "opd": "Dinas Perikanan",
                            }
                        ],
                    },
                    "positions": {
                        "summary": "positions: katalog jabatan",
                        "value": [{"position_id": "diskan-kepala-dinas", **_POSITION}],
                    },
                }
            },
            "text/csv": {
                "example": "nip,name,golongan,jabatan,opd\n198609262015051001,Siti Aminah,"
                "III/c,Penyuluh Perikanan Ahli Muda,Dinas Perikanan\n"
            },
        },
    }
}


async def forward(
    client: BackendClient,
    name: str,
    method: str,
    path: str,
    request_id: str,
    *,
    transform: Callable[[Any], Any] | None = None,
    actor: str | None = None,
    **kwargs: Any,
) -> Response:
    """Call a backend and relay its answer (status, selected headers, the body unchanged or,
    for a JSON success, through `transform`). `actor`, for writes, goes along as
    X-Potret-Actor (percent-encoded): the profile service records it as the source."""
    headers = {"X-Request-ID": request_id, **kwargs.pop("headers", {})}
    if actor is not None:
        headers["X-Potret-Actor"] = quote(actor, safe=" :()@._-")
    try:
        resp = await client.request(method, path, headers=headers, **kwargs)
    except httpx.HTTPError as exc:
        raise backend_unreachable(name, exc) from exc
    out_headers = {k: v for k, v in resp.headers.items() if k.lower() in _PASS_HEADERS}
    if "location" in out_headers:
        out_headers["location"] = "/v1" + out_headers["location"]
    content = resp.content
    if transform is not None and resp.is_success and content:
        content = json.dumps(transform(resp.json()), ensure_ascii=False).encode()
    elif resp.headers.get("content-type", "").startswith("application/problem+json"):
        # A backend's problem names the backend's path; the caller asked for /v1/...
        try:
            problem = resp.json()
        except ValueError:
            problem = None
        if isinstance(problem, dict) and problem.get("instance") == path.split("?")[0]:
            problem["instance"] = "/v1" + problem["instance"]
            content = json.dumps(problem, ensure_ascii=False).encode()
    return Response(
        content=content,
        status_code=resp.status_code,
        media_type=resp.headers.get("content-type"),
        headers=out_headers,
    )


@router.post(
    "/profiles",
    tags=["profiles"],
    status_code=201,
    response_model=ProfileOut,
    responses={409: _PROBLEMS[404] | {"description": "NIP sudah terdaftar"}, **_PROBLEMS},
)
async def create_profile(
    body: ProfileIn, backends: BackendsDep, request_id: RequestIdDep, principal: WriteProfiles
) -> Response:
    """Create an ASN profile (profile service)."""
    not_opd_bound(principal, "mengubah data")
    return await forward(
        backends.profile,
        "profil",
        "POST",
        "/profiles",
        request_id,
        json=body.model_dump(),
        transform=masker(principal),
        actor=principal.actor,
    )


@router.get("/profiles", tags=["profiles"], response_model=ProfilesOut, responses=_PROBLEMS)
async def list_profiles(
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: ReadProfiles,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: CursorQuery = None,
) -> Response:
    """Profiles ordered by NIP, cursor-paginated."""
    not_self_only(principal, "daftar profil")
    not_opd_bound(principal, "Daftar seluruh profil (gunakan /v1/search?opd=...)")
    params: dict[str, Any] = {"limit": limit}
    if cursor:
        params["cursor"] = cursor
    return await forward(
        backends.profile,
        "profil",
        "GET",
        "/profiles",
        request_id,
        params=params,
        transform=masker(principal),
    )


@router.get("/quality", tags=["quality"], responses=_PROBLEMS)
async def quality_report(
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: ReadProfiles,
    opd: Annotated[str | None, Query(max_length=200, examples=["Dinas Perikanan"])] = None,
    reference_date: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
) -> Response:
    """Mutu data per OPD: kelengkapan dan kemutakhiran (persen) tiap kelompok data, menurut
    aturan mutu yang berlaku. Akses satu OPD: hanya OPD sendiri."""
    not_self_only(principal, "laporan mutu data")
    if principal.opd:
        opd = principal.opd
    params = {k: v for k, v in {"opd": opd, "reference_date": reference_date}.items() if v}
    return await forward(backends.profile, "profil", "GET", "/quality", request_id, params=params)


@router.get("/duplicates", tags=["quality"], responses=_PROBLEMS)
async def likely_duplicates(
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Admin,
    min_score: Annotated[float, Query(ge=0.5, le=1.0)] = 0.75,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Response:
    """Pasangan profil yang kemungkinan satu orang (nama dinormalkan, tanggal lahir dan TMT
    menurut NIP, riwayat jabatan), dengan buktinya. Hanya BKPSDM (admin).
    `pending_reassessment`: profil yang sudah berubah tetapi belum dibandingkan lagi (impor
    besar yang sedang dikerjakan di latar belakang); 0 bila jawaban lengkap."""
    not_opd_bound(principal, "daftar duplikat")
    return await forward(
        backends.profile,
        "profil",
        "GET",
        "/duplicates",
        request_id,
        params={"min_score": min_score, "limit": limit},
        timeout=120,
    )


@router.post(
    "/profiles/{nip}/merge",
    tags=["quality"],
    response_model=ProfileOut,
    responses={409: _PROBLEMS[404] | {"description": "Penggabungan ditolak"}, **_PROBLEMS},
)
async def merge_profile(
    nip: NipPath,
    body: Annotated[
        dict[str, Any],
        Body(
            openapi_examples={
                "ganda": {
                    "value": {"into": "198609262015051001", "reason": "NIP ganda hasil impor"}
                }
            }
        ),
    ],
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Admin,
) -> Response:
    """Gabungkan profil ganda ini ke `into`: profil yang dipertahankan mendapat riwayat
    keduanya (versi baru); profil ini menjadi nisan yang menunjuk ke sana. 409 bila ke
    dirinya sendiri atau ke profil yang sudah dihapus. Hanya BKPSDM (admin)."""
    not_opd_bound(principal, "menggabungkan profil")
    return await forward(
        backends.profile,
        "profil",
        "POST",
        f"/profiles/{segment(nip)}/merge",
        request_id,
        json=body,
        transform=masker(principal),
        actor=principal.actor,
    )


@router.get("/profiles/{nip}/quality", tags=["quality"], responses=_PROBLEMS)
async def record_quality(
    nip: NipPath, backends: BackendsDep, request_id: RequestIdDep, principal: ReadProfiles
) -> Response:
    """Kelompok data yang kosong dan fakta yang kedaluwarsa pada satu profil, dengan aturannya."""
    self_nip_only(principal, nip)
    await check_own_opd(backends, request_id, principal, [nip])
    return await forward(
        backends.profile, "profil", "GET", f"/profiles/{segment(nip)}/quality", request_id
    )


@router.get("/profiles/{nip}", tags=["profiles"], response_model=ProfileOut, responses=_PROBLEMS)
async def get_profile(
    nip: NipPath,
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: ReadProfiles,
) -> Response:
    """One profile by NIP. Akses satu OPD: profil di luar OPD dijawab sama dengan profil yang
    tidak ada (404), agar keberadaan NIP di OPD lain tidak dapat ditebak."""
    self_nip_only(principal, nip)
    mask = masker(principal)

    def transform(body: Any) -> Any:
        if principal.opd is not None and body.get("opd") != principal.opd:
            request.state.audit_detail = f"ditolak: profil di luar OPD {principal.opd}"
            raise hidden_profile(nip)
        return mask(body)

    resp = await forward(
        backends.profile,
        "profil",
        "GET",
        f"/profiles/{segment(nip)}",
        request_id,
        transform=transform,
    )
    if principal.opd is not None and resp.status_code == 404:
        raise hidden_profile(nip)  # not even "merged into ...": the same answer as above
    return resp


@router.put("/profiles/{nip}", tags=["profiles"], response_model=ProfileOut, responses=_PROBLEMS)
async def update_profile(
    nip: NipPath,
    body: ProfileChangeIn,
    backends: BackendsDep,
    request_id: RequestIdDep,
    precondition: IfMatchDep,
    principal: WriteProfiles,
) -> Response:
    """Replace a profile's fields; send If-Match with the ETag to avoid lost updates."""
    not_opd_bound(principal, "mengubah data")
    return await forward(
        backends.profile,
        "profil",
        "PUT",
        f"/profiles/{segment(nip)}",
        request_id,
        json=body.model_dump(),
        headers=precondition,
        transform=masker(principal),
        actor=principal.actor,
    )


@router.delete("/profiles/{nip}", tags=["profiles"], status_code=204, responses=_PROBLEMS)
async def delete_profile(
    nip: NipPath,
    backends: BackendsDep,
    request_id: RequestIdDep,
    precondition: IfMatchDep,
    principal: WriteProfiles,
) -> Response:
    """Delete a profile."""
    not_opd_bound(principal, "mengubah data")
    return await forward(
        backends.profile,
        "profil",
        "DELETE",
        f"/profiles/{segment(nip)}",
        request_id,
        headers=precondition,
        actor=principal.actor,
    )


PositionIdPath = Annotated[
    str, Path(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$", examples=["diskan-kepala-dinas"])
]


@router.post("/positions", tags=["positions"], status_code=201, responses=_PROBLEMS)
async def create_position(
    body: Annotated[dict[str, Any], Body(openapi_examples=POSITION_EXAMPLES)],
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: WriteProfiles,
) -> Response:
    """Add a position (formasi) to the catalogue, with requirements and competency standard."""
    not_opd_bound(principal, "mengubah data")
    return await forward(backends.profile, "profil", "POST", "/positions", request_id, json=body)


def holders_for(principal: Principal) -> Callable[[Any], Any]:
    """A position, or a page of them, with `holder_nip` only where the caller may see who
    holds the post: not the ASN role, and an OPD-bound caller only in their own OPD (a NIP
    carries a birth date and gender). Reads that show holders are audited (positions.read)."""

    def visible(position: Any) -> Any:
        if not isinstance(position, dict) or not position.get("holder_nip"):
            return position
        if principal.self_only or (
            principal.opd is not None and position.get("opd") != principal.opd
        ):
            return {**position, "holder_nip": None}
        return position

    def transform(body: Any) -> Any:
        if isinstance(body, dict) and isinstance(body.get("data"), list):
            return {**body, "data": [visible(p) for p in body["data"]]}
        return visible(body)

    return transform


@router.get("/positions", tags=["positions"], responses=_PROBLEMS)
async def list_positions(
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: ReadProfiles,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: CursorQuery = None,
    opd: Annotated[str | None, Query(examples=["Dinas Perikanan"])] = None,
    jenis: Annotated[str | None, Query(examples=["JPT"])] = None,
) -> Response:
    """The position catalogue, cursor-paginated."""
    params = {
        k: v for k, v in {"limit": limit, "cursor": cursor, "opd": opd, "jenis": jenis}.items() if v
    }
    return await forward(
        backends.profile,
        "profil",
        "GET",
        "/positions",
        request_id,
        params=params,
        transform=holders_for(principal),
    )


@router.get("/positions/{position_id}", tags=["positions"], responses=_PROBLEMS)
async def get_position(
    position_id: PositionIdPath,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: ReadProfiles,
) -> Response:
    """One position with its requirements and competency standard."""
    return await forward(
        backends.profile,
        "profil",
        "GET",
        f"/positions/{segment(position_id)}",
        request_id,
        transform=holders_for(principal),
    )


@router.put("/positions/{position_id}", tags=["positions"], responses=_PROBLEMS)
async def update_position(
    position_id: PositionIdPath,
    body: Annotated[dict[str, Any], Body(openapi_examples=POSITION_UPDATE_EXAMPLES)],
    backends: BackendsDep,
    request_id: RequestIdDep,
    precondition: IfMatchDep,
    principal: WriteProfiles,
) -> Response:
    """Replace a position; send If-Match with the ETag."""
    not_opd_bound(principal, "mengubah data")
    return await forward(
        backends.profile,
        "profil",
        "PUT",
        f"/positions/{segment(position_id)}",
        request_id,
        json=body,
        headers=precondition,
    )


@router.delete("/positions/{position_id}", tags=["positions"], status_code=204, responses=_PROBLEMS)
async def delete_position(
    position_id: PositionIdPath,
    backends: BackendsDep,
    request_id: RequestIdDep,
    precondition: IfMatchDep,
    principal: WriteProfiles,
) -> Response:
    """Remove a position from the catalogue."""
    not_opd_bound(principal, "mengubah data")
    return await forward(
        backends.profile,
        "profil",
        "DELETE",
        f"/positions/{segment(position_id)}",
        request_id,
        headers=precondition,
    )


@router.get("/domains", tags=["positions"])
async def list_domains(
    backends: BackendsDep, request_id: RequestIdDep, _: ReadProfiles
) -> Response:
    """Domain codes (urusan pemerintahan and supporting functions)."""
    return await forward(backends.profile, "profil", "GET", "/domains", request_id)


@router.get("/skills", tags=["search"])
async def list_skills(backends: BackendsDep, request_id: RequestIdDep, _: ReadProfiles) -> Response:
    """Skill codes below and across domains, with their Indonesian names (the `skill`
    parameter of /v1/search)."""
    return await forward(backends.search, "pencarian", "GET", "/skills", request_id)


@router.get("/labels", tags=["positions"])
def list_labels(request: Request, _: AnyCaller) -> dict[str, dict[str, str]]:
    """Label Bahasa Indonesia untuk setiap kode yang dikembalikan API: aturan kelayakan
    (beserta dasar hukumnya), bidang, jenis jabatan, jenjang, predikat, kompetensi, data
    pribadi, sumber data; `settings` memuat zona waktu daerah untuk menampilkan jam. Konsol
    dan jawaban percakapan memakai tabel yang sama."""
    settings = request.app.state.settings
    return {
        **labels(),
        "role": dict(ROLE_NAMES),
        # Not labels: the SKP predikat each pair of ratings gives (PermenPANRB 6/2022), for
        # forms that fill it in ("hasil|perilaku" -> predikat code).
        "skp_matrix": {
            f"{hasil}|{perilaku}": predikat_from_ratings(hasil, perilaku)
            for hasil in RATINGS
            for perilaku in RATINGS
        },
        "settings": {"time_zone": settings.time_zone, "time_zone_label": settings.time_zone_label},
        "print": settings.print_settings(),
    }


@router.post("/imports/{kind}", tags=["imports"], responses=_PROBLEMS, openapi_extra=IMPORT_BODY)
async def bulk_import(
    kind: Annotated[str, Path(pattern="^(siasn|profiles|positions|csv)$", examples=["profiles"])],
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: WriteProfiles,
) -> Response:
    """Bulk import (SIASN JSON, native JSON, positions, CSV template); per-record report."""
    not_opd_bound(principal, "Impor massal")
    return await forward(
        backends.profile,
        "profil",
        "POST",
        f"/imports/{kind}",
        request_id,
        content=await request.body(),
        headers={"Content-Type": request.headers.get("content-type", "application/json")},
        timeout=120,
        actor=principal.actor,
    )


@router.get("/search", tags=["search"], response_model=SearchOut, responses=_PROBLEMS)
async def search(
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Searcher,
    q: Annotated[
        str | None, Query(max_length=500, examples=["siapa yang paham perikanan?"])
    ] = None,
    domain: Annotated[list[str] | None, Query(examples=[["kelautan_perikanan"]])] = None,
    skill: Annotated[list[str] | None, Query(examples=[["perikanan_budidaya"]])] = None,
    opd: Annotated[list[str] | None, Query()] = None,
    nip: Annotated[
        list[str] | None, Query(max_length=100, description="hanya NIP ini (maks. 100)")
    ] = None,
    golongan_min: str | None = None,
    golongan_max: str | None = None,
    jenis_jabatan: Annotated[list[str] | None, Query()] = None,
    jenjang: Annotated[list[str] | None, Query()] = None,
    education_min: str | None = None,
    status: Annotated[list[str] | None, Query()] = None,
    min_years_to_retirement: Annotated[int | None, Query(ge=0, le=45)] = None,
    max_years_to_retirement: Annotated[
        int | None,
        Query(ge=0, le=45, description="pensiun paling lambat tahun ini + N (0: tahun ini)"),
    ] = None,
    education: Annotated[
        list[str] | None, Query(description="jenjang pendidikan tertinggi persis, mis. S2")
    ] = None,
    name: Annotated[
        str | None,
        Query(max_length=200, description="orang yang namanya memuat kata-kata ini"),
    ] = None,
    sort: Annotated[
        str, Query(pattern="^(relevance|expertise|golongan|masa_kerja|pensiun)$")
    ] = "relevance",
    breakdown: Annotated[
        list[str] | None,
        Query(
            description="rincian tambahan di facets: jenis_kelamin (data pribadi: hanya peran "
            "yang boleh melihat data pribadi, selain itu 403)"
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: CursorQuery = None,
) -> Response:
    """Keyword and domain-expertise search with evidence, facets and cursor pagination.
    For a caller bound to one OPD the `opd` filter is always that OPD."""
    params = list(request.query_params.multi_items())
    breakdowns_need_personal_read(principal, params)
    if principal.opd is not None:
        params = [(k, v) for k, v in params if k != "opd"] + [("opd", principal.opd)]
    return await forward(backends.search, "pencarian", "GET", "/search", request_id, params=params)


@router.post("/positions/score", tags=["ranking"], response_model=ScoreOut, responses=_PROBLEMS)
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


async def _check_http(client: BackendClient) -> dict[str, Any]:
    try:
        resp = await client.get("/readyz", timeout=3)
        return {"ok": resp.status_code == 200, "status": resp.status_code}
    except httpx.HTTPError as exc:
        return {"ok": False, "error": type(exc).__name__}


async def _check_database(store: AuthStore) -> dict[str, Any]:
    try:
        await anyio.to_thread.run_sync(store.ping)
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


health_router = APIRouter(tags=["health"])


@health_router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The gateway process is alive."""
    return {"status": "ok"}


@health_router.get("/readyz")
async def readyz(request: Request, backends: BackendsDep) -> JSONResponse:
    """Ready only when every backend and the gateway's own database answer."""
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    checks = {
        "profile": await _check_http(backends.profile),
        "search": await _check_http(backends.search),
        "database": await _check_database(request.app.state.auth),
    }
    try:
        stub = health_pb2_grpc.HealthStub(backends.ranking_channel)
        reply = await stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=3)
        serving = reply.status == health_pb2.HealthCheckResponse.SERVING
        checks["ranking"] = {
            "ok": serving,
            "status": health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status),
        }
    except grpc.aio.AioRpcError as exc:
        checks["ranking"] = {"ok": False, "error": exc.code().name}
    ready = all(c["ok"] for c in checks.values())
    return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)
