"""The /v1/positions catalogue (with who holds each post, where the caller may see it),
the domain codes and the labels of every code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request, Response

from potret_asn_rules.labels import labels
from potret_asn_rules.vocab import RATINGS, predikat_from_ratings
from potret_gateway.domain.access import ROLE_NAMES, Principal
from potret_gateway.entrypoints.deps import (
    BackendsDep,
    CursorQuery,
    IfMatchDep,
    RequestIdDep,
)
from potret_gateway.entrypoints.errors import FORWARDED_PROBLEMS
from potret_gateway.entrypoints.forwarding import forward
from potret_gateway.entrypoints.security import (
    AnyCaller,
    ReadProfiles,
    WriteProfiles,
    not_opd_bound,
)
from potret_gateway.service.calls import segment

router = APIRouter(prefix="/v1")
PositionIdPath = Annotated[
    str, Path(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$", examples=["diskan-kepala-dinas"])
]

POSITION_EXAMPLE = {
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
        "value": {"position_id": "diskan-kepala-dinas", **POSITION_EXAMPLE},
    }
}
POSITION_UPDATE_EXAMPLES = {"kadis": {"summary": "Ganti syarat", "value": POSITION_EXAMPLE}}


@router.post("/positions", tags=["positions"], status_code=201, responses=FORWARDED_PROBLEMS)
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


@router.get("/positions", tags=["positions"], responses=FORWARDED_PROBLEMS)
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


@router.get("/positions/{position_id}", tags=["positions"], responses=FORWARDED_PROBLEMS)
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


@router.put("/positions/{position_id}", tags=["positions"], responses=FORWARDED_PROBLEMS)
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


@router.delete(
    "/positions/{position_id}", tags=["positions"], status_code=204, responses=FORWARDED_PROBLEMS
)
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
