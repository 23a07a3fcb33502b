"""Self-service corrections through the gateway: an ASN files a correction on their own
record; BKPSDM (admin) reviews and decides; the ASN follows the status. Every step is in
the audit trail (action corrections.*), refused attempts too."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query, Request, Response

from potret_gateway.domain.access import PROFILES_WRITE, Principal
from potret_gateway.domain.privacy import mask_corrections
from potret_gateway.entrypoints.deps import BackendsDep, RequestIdDep
from potret_gateway.entrypoints.forwarding import forward
from potret_gateway.entrypoints.security import Admin, ReadProfiles, not_opd_bound
from potret_gateway.service.calls import segment
from potret_gateway.service.refusals import forbidden
from potret_problems import problem_responses

router = APIRouter(prefix="/v1/corrections", tags=["corrections"])
_PROBLEMS = problem_responses(401, 403, 404, 409, 422, 429, 503, 504)
CorrectionId = Annotated[str, Path(pattern=r"^K-[0-9A-F]{8}$", examples=["K-1A2B3C4D"])]
FILE_EXAMPLE = {
    "nip": "198609262015051001",
    "field": "skp",
    "proposed_value": [
        {"year": 2024, "predikat": "BAIK"},
        {"year": 2025, "predikat": "SANGAT_BAIK"},
    ],
    "reason": "SKP 2025 sudah ditetapkan tetapi belum tercatat",
    "attachment": "SKP-2025/800/123",
}


def _reviewer(principal: Principal) -> bool:
    return PROFILES_WRITE in principal.scopes and not principal.opd


def _check_own(principal: Principal, nip: str) -> None:
    if _reviewer(principal):
        return
    if principal.role == "asn" and principal.nip == nip:
        return
    raise forbidden(
        "koreksi hanya untuk data diri sendiri (atau oleh BKPSDM)",
        "corrections only on one's own record (or by BKPSDM)",
    )


@router.post("", status_code=201, responses=_PROBLEMS)
async def file_correction(
    body: Annotated[dict[str, Any], Body(openapi_examples={"skp": {"value": FILE_EXAMPLE}})],
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: ReadProfiles,
) -> Response:
    """Ajukan koreksi satu field pada data sendiri (nilai baru, alasan, rujukan dokumen).
    Nilai diperiksa dengan aturan yang sama seperti penulisan biasa: 422 saat diajukan."""
    request.state.audit_detail = json.dumps(body, ensure_ascii=False)  # cut after redaction
    _check_own(principal, str(body.get("nip", "")))
    return await forward(
        backends.profile,
        "profil",
        "POST",
        "/corrections",
        request_id,
        json=body,
        actor=principal.actor,
        transform=lambda answer: mask_corrections(answer, principal),
    )


@router.get("", responses=_PROBLEMS)
async def list_corrections(
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: ReadProfiles,
    nip: Annotated[str | None, Query(pattern=r"^\d{18}$")] = None,
    status: Annotated[Literal["diajukan", "disetujui", "ditolak"] | None, Query()] = None,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Response:
    """Koreksi, terlama dulu (antrean telaah). ASN: hanya koreksi miliknya."""
    if not _reviewer(principal):
        if principal.role != "asn" or not principal.nip:
            raise forbidden("daftar koreksi hanya untuk BKPSDM", "corrections list: BKPSDM only")
        nip = principal.nip
    params = {k: v for k, v in {"nip": nip, "status": status, "cursor": cursor}.items() if v}
    return await forward(
        backends.profile,
        "profil",
        "GET",
        "/corrections",
        request_id,
        params={**params, "limit": limit},
        transform=lambda page: mask_corrections(page, principal),
    )


@router.get("/{correction_id}", responses=_PROBLEMS)
async def get_correction(
    correction_id: CorrectionId,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: ReadProfiles,
) -> Response:
    """Satu koreksi dan statusnya."""

    def only_own(body: Any) -> Any:
        _check_own(principal, str(body.get("nip", "")))
        return mask_corrections(body, principal)

    return await forward(
        backends.profile,
        "profil",
        "GET",
        f"/corrections/{segment(correction_id)}",
        request_id,
        transform=only_own,
    )


@router.post("/{correction_id}/decision", responses=_PROBLEMS)
async def decide_correction(
    correction_id: CorrectionId,
    body: Annotated[
        dict[str, Any],
        Body(
            openapi_examples={
                "setujui": {"value": {"decision": "setujui", "note": "Sesuai dokumen SKP"}},
                "tolak": {"value": {"decision": "tolak", "note": "Dokumen belum sah"}},
            }
        ),
    ],
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Admin,
) -> Response:
    """Setujui (diterapkan sebagai versi baru, asal data 'koreksi') atau tolak dengan alasan.
    Hanya BKPSDM (admin); sekali saja (409 bila sudah diputuskan)."""
    request.state.audit_detail = json.dumps(body, ensure_ascii=False)  # cut after redaction
    not_opd_bound(principal, "memutus koreksi")
    return await forward(
        backends.profile,
        "profil",
        "POST",
        f"/corrections/{segment(correction_id)}/decision",
        request_id,
        json=body,
        actor=principal.actor,
        transform=lambda answer: mask_corrections(answer, principal),
    )
