"""The /v1/profiles routes: an ASN record read, written, merged or deleted through the
profile service, with what the caller may see of it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response

from potret_gateway.domain.privacy import masker
from potret_gateway.entrypoints.deps import (
    BackendsDep,
    CursorQuery,
    IfMatchDep,
    NipPath,
    RequestIdDep,
)
from potret_gateway.entrypoints.errors import FORWARDED_PROBLEMS
from potret_gateway.entrypoints.forwarding import forward
from potret_gateway.entrypoints.schemas import (
    ProfileChangeIn,
    ProfileIn,
    ProfileOut,
    ProfilesOut,
)
from potret_gateway.entrypoints.security import (
    Admin,
    ReadProfiles,
    WriteProfiles,
    not_opd_bound,
    not_self_only,
    self_nip_only,
)
from potret_gateway.service.calls import segment
from potret_gateway.service.refusals import hidden_profile

router = APIRouter(prefix="/v1")


@router.post(
    "/profiles",
    tags=["profiles"],
    status_code=201,
    response_model=ProfileOut,
    responses={
        409: FORWARDED_PROBLEMS[404] | {"description": "NIP sudah terdaftar"},
        **FORWARDED_PROBLEMS,
    },
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


@router.get(
    "/profiles", tags=["profiles"], response_model=ProfilesOut, responses=FORWARDED_PROBLEMS
)
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


@router.post(
    "/profiles/{nip}/merge",
    tags=["quality"],
    response_model=ProfileOut,
    responses={
        409: FORWARDED_PROBLEMS[404] | {"description": "Penggabungan ditolak"},
        **FORWARDED_PROBLEMS,
    },
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


@router.get(
    "/profiles/{nip}", tags=["profiles"], response_model=ProfileOut, responses=FORWARDED_PROBLEMS
)
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


@router.put(
    "/profiles/{nip}", tags=["profiles"], response_model=ProfileOut, responses=FORWARDED_PROBLEMS
)
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


@router.delete("/profiles/{nip}", tags=["profiles"], status_code=204, responses=FORWARDED_PROBLEMS)
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
