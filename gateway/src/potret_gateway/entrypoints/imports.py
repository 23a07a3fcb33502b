"""/v1/imports/{kind}: bulk import of profiles or positions (JSON, CSV, SIASN-shaped)
into the profile service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from potret_gateway.entrypoints.deps import (
    BackendsDep,
    RequestIdDep,
)
from potret_gateway.entrypoints.errors import FORWARDED_PROBLEMS
from potret_gateway.entrypoints.forwarding import forward
from potret_gateway.entrypoints.positions import POSITION_EXAMPLE
from potret_gateway.entrypoints.security import WriteProfiles, not_opd_bound

router = APIRouter(prefix="/v1")

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
                        "value": [{"position_id": "diskan-kepala-dinas", **POSITION_EXAMPLE}],
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


@router.post(
    "/imports/{kind}", tags=["imports"], responses=FORWARDED_PROBLEMS, openapi_extra=IMPORT_BODY
)
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
