"""Routes for /positions (the position catalogue) and /domains (domain codes)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import ValidationError

from potret_asn_rules import domains
from potret_problems import Problem, ProblemError
from potret_profile.domain.errors import PositionAlreadyExists, PositionNotFound, VersionConflict
from potret_profile.domain.model import (
    PositionCreate,
    PositionPublic,
    PositionsPublic,
    PositionUpdate,
)
from potret_profile.entrypoints.deps import IfMatchDep, RelayDep, StoreDep
from potret_profile.entrypoints.profiles import invalid_fields
from potret_profile.service import records

router = APIRouter(tags=["positions"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "Jabatan tidak ditemukan"},
    422: {"model": Problem, "description": "Data tidak valid"},
}
PositionIdPath = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$")]


def _not_found(position_id: str) -> ProblemError:
    return ProblemError(
        404,
        "position-not-found",
        "Jabatan tidak ditemukan",
        "Position not found",
        detail=f"Tidak ada jabatan dengan id {position_id}",
    )


def _conflict(exc: VersionConflict) -> ProblemError:
    return ProblemError(
        412,
        "version-mismatch",
        "Versi jabatan sudah berubah",
        "Position version changed",
        detail=f"Jabatan {exc.key} sekarang versi {exc.actual}, bukan {exc.expected}.",
    )


@router.post(
    "/positions",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": Problem}, **_ERRORS},
)
def create_position(
    body: PositionCreate, store: StoreDep, relay: RelayDep, response: Response
) -> PositionPublic:
    """Add a position to the catalogue; publishes PositionChanged(CREATED)."""
    try:
        created = records.create_position(store, body)
    except PositionAlreadyExists:
        raise ProblemError(
            409,
            "position-exists",
            "Id jabatan sudah dipakai",
            "Position already exists",
            detail=f"Jabatan {body.position_id} sudah ada; gunakan PUT.",
        ) from None
    if relay is not None:
        relay.notify()
    response.headers["Location"] = f"/positions/{created.position_id}"
    response.headers["ETag"] = f'"{created.version}"'
    return created


@router.get("/positions/{position_id}", responses=_ERRORS)
def get_position(
    position_id: PositionIdPath, store: StoreDep, response: Response
) -> PositionPublic:
    try:
        found = records.get_position(store, position_id)
    except PositionNotFound:
        raise _not_found(position_id) from None
    response.headers["ETag"] = f'"{found.version}"'
    return found


@router.put("/positions/{position_id}", responses={412: {"model": Problem}, **_ERRORS})
def update_position(
    position_id: PositionIdPath,
    body: PositionUpdate,
    store: StoreDep,
    relay: RelayDep,
    expected: IfMatchDep,
    response: Response,
) -> PositionPublic:
    try:
        updated = records.update_position(store, position_id, body, expected_version=expected)
    except ValidationError as exc:
        raise invalid_fields(exc) from None
    except PositionNotFound:
        raise _not_found(position_id) from None
    except VersionConflict as exc:
        raise _conflict(exc) from None
    if relay is not None:
        relay.notify()
    response.headers["ETag"] = f'"{updated.version}"'
    return updated


@router.delete(
    "/positions/{position_id}", status_code=204, responses={412: {"model": Problem}, **_ERRORS}
)
def delete_position(
    position_id: PositionIdPath, store: StoreDep, relay: RelayDep, expected: IfMatchDep
) -> Response:
    try:
        version = records.delete_position(store, position_id, expected_version=expected)
    except PositionNotFound:
        raise _not_found(position_id) from None
    except VersionConflict as exc:
        raise _conflict(exc) from None
    if relay is not None:
        relay.notify()
    return Response(status_code=204, headers={"ETag": f'"{version}"'})


@router.get("/positions")
def list_positions(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: str | None = None,
    opd: str | None = None,
    jenis: str | None = None,
    jenjang: str | None = None,
) -> PositionsPublic:
    """Positions ordered by id, cursor-paginated, with exact filters."""
    filters = {"opd": opd, "jenis": jenis, "jenjang": jenjang}
    rows = store.list_live(after=cursor, limit=limit + 1, kind="positions", filters=filters)
    page = rows[:limit]
    return PositionsPublic(
        data=[records.position_public(r) for r in page],
        count=store.count_live("positions", filters),
        next_cursor=page[-1].key if len(rows) > limit else None,
    )


@router.get("/domains", tags=["domains"])
def list_domains() -> list[dict[str, Any]]:
    """Every domain code (urusan pemerintahan and supporting functions) with its name."""
    return [
        {
            "code": d.code,
            "name": d.name,
            "group": d.group,
            "kemendagri": d.kemendagri,
            "description": d.description,
            "source": d.source,
        }
        for d in domains().values()
    ]
