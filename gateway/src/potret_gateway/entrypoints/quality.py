"""The data-quality routes: the report per OPD, one record's quality and the likely
duplicates, each from the profile service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from potret_gateway.entrypoints.deps import (
    BackendsDep,
    NipPath,
    RequestIdDep,
)
from potret_gateway.entrypoints.errors import FORWARDED_PROBLEMS
from potret_gateway.entrypoints.forwarding import forward
from potret_gateway.entrypoints.security import (
    Admin,
    ReadProfiles,
    not_opd_bound,
    not_self_only,
    self_nip_only,
)
from potret_gateway.service.access import check_own_opd
from potret_gateway.service.calls import segment

router = APIRouter(prefix="/v1")


@router.get("/quality", tags=["quality"], responses=FORWARDED_PROBLEMS)
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


@router.get("/duplicates", tags=["quality"], responses=FORWARDED_PROBLEMS)
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


@router.get("/profiles/{nip}/quality", tags=["quality"], responses=FORWARDED_PROBLEMS)
async def record_quality(
    nip: NipPath, backends: BackendsDep, request_id: RequestIdDep, principal: ReadProfiles
) -> Response:
    """Kelompok data yang kosong dan fakta yang kedaluwarsa pada satu profil, dengan aturannya."""
    self_nip_only(principal, nip)
    await check_own_opd(backends, request_id, principal, [nip])
    return await forward(
        backends.profile, "profil", "GET", f"/profiles/{segment(nip)}/quality", request_id
    )
