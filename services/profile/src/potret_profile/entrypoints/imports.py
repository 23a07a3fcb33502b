"""Bulk import endpoints: SIASN JSON, CSV template, native JSON records (profiles, positions).

The body is read on the event loop; the import itself (validation and one transaction, a
few seconds for 5,000 records) runs in a worker thread, so that the replica keeps answering
its health checks and other requests meanwhile."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import anyio
from fastapi import APIRouter, Request

from potret_problems import FieldViolation, Problem, ProblemError
from potret_profile.entrypoints.deps import ActorDep, RelayDep, StoreDep
from potret_profile.entrypoints.siasn_sync import stored_unor_table
from potret_profile.service.imports import csvfmt, siasn
from potret_profile.service.imports.batch import (
    Candidate,
    ImportReport,
    import_batch,
    prepare_position,
    prepare_profile,
)

router = APIRouter(prefix="/imports", tags=["imports"])

MAX_BYTES = 32 * 1024 * 1024
MAX_RECORDS = 5000
_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Berkas tidak dapat dibaca"},
    413: {"model": Problem, "description": "Terlalu besar"},
}


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BYTES:
        raise _too_large(f"ukuran {int(declared)} byte melebihi batas {MAX_BYTES} byte")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BYTES:
            raise _too_large(f"ukuran melebihi batas {MAX_BYTES} byte")
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(detail: str) -> ProblemError:
    return ProblemError(
        413,
        "payload-too-large",
        "Data terlalu besar",
        "Payload too large",
        detail=detail + f"; kirim paling banyak {MAX_RECORDS} rekaman per permintaan",
    )


def _bad(detail: str, slug: str = "unreadable-body") -> ProblemError:
    return ProblemError(400, slug, "Berkas tidak dapat dibaca", "Unreadable body", detail=detail)


async def _records(request: Request) -> list[Any]:
    raw = await _body(request)
    return await anyio.to_thread.run_sync(_parse_records, raw)  # up to 32 MB: off the loop


def _parse_records(raw: bytes) -> list[Any]:
    try:
        parsed = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _bad(f"JSON tidak valid: {exc}", "malformed-json") from None
    if isinstance(parsed, dict) and isinstance(parsed.get("records"), list):
        parsed = parsed["records"]
    if not isinstance(parsed, list):
        raise _bad('isi harus berupa larik JSON rekaman, atau {"records": [...]}')
    if len(parsed) > MAX_RECORDS:
        raise _too_large(f"{len(parsed)} rekaman")
    return parsed


def _one_at_a_time(request: Request) -> anyio.CapacityLimiter:
    """Imports on one replica run one at a time, as they did on the event loop: each holds a
    database connection (of a pool of 8 on PostgreSQL) for its whole transaction, and imports
    of the same records would wait on each other's row locks. Other requests go on meanwhile.
    Made in the app's own event loop, on first use."""
    state = request.app.state
    limiter: anyio.CapacityLimiter | None = getattr(state, "import_limiter", None)
    if limiter is None:
        limiter = state.import_limiter = anyio.CapacityLimiter(1)
    return limiter


async def _run(
    request: Request,
    store: Any,
    relay: Any,
    candidates: Callable[[], Iterable[Candidate]],
    source: str,
    prepare: Callable[[dict[str, Any]], Any] = prepare_profile,
    actor: str = "",
) -> ImportReport:
    """Import what `candidates()` yields, off the event loop, one import at a time."""

    def work() -> ImportReport:
        return import_batch(store, candidates(), source=source, prepare=prepare, actor=actor)

    report = await anyio.to_thread.run_sync(work, limiter=_one_at_a_time(request))
    if relay is not None and (report.created or report.updated):
        relay.notify()
    return report


def _native(records: list[Any]) -> Iterable[Candidate]:
    for i, r in enumerate(records):
        if isinstance(r, dict):
            key = r.get("nip") or r.get("position_id")
            yield Candidate(i, r, key if isinstance(key, str) else None)
        else:
            yield Candidate(
                i,
                {},
                None,
                [
                    FieldViolation(
                        field="record",
                        rule="RECORD-SHAPE",
                        message="rekaman harus berupa objek JSON",
                        message_en="a record must be a JSON object",
                    )
                ],
            )


@router.post("/siasn", responses=_RESPONSES)
async def import_siasn(
    request: Request, store: StoreDep, relay: RelayDep, actor: ActorDep
) -> ImportReport:
    """Import SIASN-shaped records (data utama + riwayat per person); see the README mapping."""
    records = await _records(request)
    opd_names = request.app.state.opd_names

    def candidates() -> Iterable[Candidate]:
        unor = stored_unor_table(store, opd_names)  # a read of the store: in the thread too
        return (siasn.map_record(i, r, unor) for i, r in enumerate(records))

    return await _run(request, store, relay, candidates, "siasn", actor=actor)


@router.post("/profiles", responses=_RESPONSES)
async def import_profiles(
    request: Request, store: StoreDep, relay: RelayDep, actor: ActorDep
) -> ImportReport:
    """Import records in Potret's own shape (the body of POST /profiles), e.g. from potret-seed."""
    records = await _records(request)
    return await _run(request, store, relay, lambda: _native(records), "native", actor=actor)


@router.post("/positions", responses=_RESPONSES)
async def import_positions(request: Request, store: StoreDep, relay: RelayDep) -> ImportReport:
    """Import positions in the shape of POST /positions."""
    records = await _records(request)
    return await _run(
        request, store, relay, lambda: _native(records), "positions", prepare_position
    )


@router.post(
    "/csv",
    responses=_RESPONSES,
    openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def import_csv(
    request: Request, store: StoreDep, relay: RelayDep, actor: ActorDep
) -> ImportReport:
    """Import the CSV template (services/profile/templates/profiles.csv)."""
    raw = await _body(request)
    candidates = await anyio.to_thread.run_sync(_csv_candidates, raw)  # off the loop
    return await _run(request, store, relay, lambda: candidates, "csv", actor=actor)


def _csv_candidates(raw: bytes) -> list[Candidate]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _bad("CSV harus berkode UTF-8", "malformed-csv") from None
    candidates: list[Candidate] = []
    try:
        for candidate in csvfmt.read_profiles(text):
            candidates.append(candidate)
            if len(candidates) > MAX_RECORDS:  # refused before the rest is read
                raise _too_large(f"lebih dari {MAX_RECORDS} baris")
    except csvfmt.CsvFormatError as exc:
        raise _bad(str(exc), "malformed-csv") from None
    return candidates
