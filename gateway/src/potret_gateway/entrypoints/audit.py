"""/v1/audit: the audit trail for admins — query, export (NDJSON) and verify the hash chain."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from potret_gateway.adapters.audit import AuditLog
from potret_gateway.entrypoints.security import Admin
from potret_problems import problem_responses

router = APIRouter(prefix="/v1/audit", tags=["audit"])
_PROBLEMS = problem_responses(401, 403, 422, 429)
EXPORT_PAGE = 1000


class AuditPage(BaseModel):
    data: list[dict[str, Any]]
    next_cursor: str | None = Field(description="seq terakhir; kirim sebagai cursor")


class VerifyOut(BaseModel):
    entries: int
    intact: bool
    broken_seq: int | None = None
    reason: str | None = None


def _log(request: Request) -> AuditLog:
    log: AuditLog = request.app.state.audit
    return log


@router.get("", response_model=AuditPage, responses=_PROBLEMS)
async def query_audit(
    request: Request,
    _: Admin,
    actor: Annotated[str | None, Query(max_length=200, examples=["user:bupati"])] = None,
    action: Annotated[str | None, Query(max_length=40, examples=["rank"])] = None,
    nip: Annotated[str | None, Query(pattern=r"^\d{18}$")] = None,
    status: Annotated[int | None, Query(ge=100, le=599)] = None,
    since: Annotated[str | None, Query(max_length=40, examples=["2026-11-01T00:00:00"])] = None,
    until: Annotated[str | None, Query(max_length=40)] = None,
    request_id: Annotated[
        str | None,
        Query(
            pattern=r"^[A-Za-z0-9._-]{8,64}$",
            description="id permintaan (X-Request-ID) atau awalannya (paling sedikit 8 "
            "karakter, huruf besar atau kecil), mis. nomor pada cetakan Baperjakat",
        ),
    ] = None,
    cursor: Annotated[str | None, Query(pattern=r"^\d{1,18}$")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AuditPage:
    """Cari jejak audit: siapa (awalan actor), aksi, NIP yang dibaca atau diubah, status,
    rentang waktu, id permintaan. Urut dari yang terlama; halaman berikutnya dengan `cursor`."""
    rows = await anyio.to_thread.run_sync(
        lambda: _log(request).query(
            actor=actor,
            action=action,
            nip=nip,
            status=status,
            since=since,
            until=until,
            request_id=request_id,
            after_seq=int(cursor or 0),
            limit=limit,
        )
    )
    next_cursor = str(rows[-1]["seq"]) if len(rows) == limit else None
    return AuditPage(data=rows, next_cursor=next_cursor)


@router.get(
    "/export",
    responses={200: {"content": {"application/x-ndjson": {}}}, **_PROBLEMS},
    response_class=StreamingResponse,
)
async def export_audit(
    request: Request,
    _: Admin,
    since_seq: Annotated[int, Query(ge=0)] = 0,
) -> StreamingResponse:
    """Seluruh jejak audit setelah `since_seq`, satu entri JSON per baris (NDJSON), lengkap
    dengan prev_hash dan hash agar bisa diverifikasi di luar sistem."""
    log = _log(request)

    def lines() -> Iterator[bytes]:
        after = since_seq
        while True:
            rows = log.query(after_seq=after, limit=EXPORT_PAGE)
            for row in rows:
                yield (json.dumps(row, ensure_ascii=False) + "\n").encode()
            if len(rows) < EXPORT_PAGE:
                return
            after = rows[-1]["seq"]

    return StreamingResponse(
        lines(),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="potret-audit.ndjson"'},
    )


@router.get("/verify", response_model=VerifyOut, responses=_PROBLEMS)
async def verify_audit(request: Request, _: Admin) -> VerifyOut:
    """Periksa rantai hash seluruh jejak audit, MAC tiap entri dengan kunci audit, dan
    checkpoint bertanda tangan di luar basis data bila gateway ini menulis berkas checkpoint
    (SQLite; dengan PostgreSQL checkpoint hanya ada di log: periksa dengan `potret-audit
    verify --checkpoints`)."""
    count, broken = await anyio.to_thread.run_sync(_log(request).verify)
    if broken is None:
        return VerifyOut(entries=count, intact=True)
    return VerifyOut(entries=count, intact=False, broken_seq=broken.seq, reason=broken.reason)
