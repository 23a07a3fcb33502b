"""Routes for /profiles: thin translation between HTTP and the use cases."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from potret_problems import FieldViolation, Problem, ProblemError, violations_from_errors
from potret_profile.domain.errors import ProfileAlreadyExists, ProfileNotFound, VersionConflict
from potret_profile.domain.model import ProfileCreate, ProfilePublic, ProfilesPublic, ProfileUpdate
from potret_profile.domain.provenance import Source
from potret_profile.domain.rules import RecordInvalid
from potret_profile.entrypoints.deps import ActorDep, IfMatchDep, NipPath, RelayDep, StoreDep
from potret_profile.service import records

router = APIRouter(prefix="/profiles", tags=["profiles"])

_ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": Problem, "description": "Profil tidak ditemukan"},
    422: {"model": Problem, "description": "Data tidak valid"},
}


def invalid_record(exc: RecordInvalid) -> ProblemError:
    """422 for cross-field rule violations, in the same shape as field validation errors."""
    errors = [
        FieldViolation(
            field=v.field,
            rule=v.rule,
            message=v.message,
            message_en=v.message_en,
            value=v.value if isinstance(v.value, (str, int, float)) else None,
        )
        for v in exc.violations
    ]
    return ProblemError(
        422,
        "validation-error",
        "Data tidak valid",
        "Invalid data",
        detail="; ".join(f"{e.field}: {e.message}" for e in errors),
        errors=errors,
    )


def invalid_fields(exc: ValidationError) -> ProblemError:
    """422 for field rules checked after the path and the body were joined."""
    errors = violations_from_errors(exc.errors())
    return ProblemError(
        422,
        "validation-error",
        "Data tidak valid",
        "Invalid data",
        detail="; ".join(f"{e.field}: {e.message}" for e in errors),
        errors=errors,
    )


def not_found(exc: ProfileNotFound) -> ProblemError:
    merged = getattr(exc, "merged_into", None)
    return ProblemError(
        404,
        "profile-not-found",
        "Profil tidak ditemukan",
        "Profile not found",
        detail=f"Profil NIP {exc.nip} sudah digabung ke NIP {merged}"
        if merged
        else f"Tidak ada profil dengan NIP {exc.nip}",
    )


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    into: str = Field(pattern=r"^\d{18}$", description="NIP yang dipertahankan")
    reason: str = Field(min_length=5, max_length=2000, examples=["NIP ganda hasil impor"])


@router.post(
    "/{nip}/merge",
    responses={
        409: {"model": Problem, "description": "Penggabungan tidak dapat dilakukan"},
        **_ERRORS,
    },
)
def merge_profile(
    nip: NipPath, body: MergeIn, store: StoreDep, relay: RelayDep, actor: ActorDep
) -> ProfilePublic:
    """Merge this record (a duplicate) into `into`: the kept record gets both histories as a
    new version; this one becomes a tombstone pointing to it (DELETED event, merged_into)."""
    try:
        kept = records.merge_profiles(store, nip, body.into, actor)
    except records.MergeRefused as exc:
        raise ProblemError(
            409, "merge-refused", "Penggabungan ditolak", "Merge refused", detail=exc.message
        ) from None
    except ProfileNotFound as exc:
        raise not_found(exc) from None
    except ValidationError as exc:
        raise invalid_fields(exc) from None
    except RecordInvalid as exc:
        raise invalid_record(exc) from None
    if relay is not None:
        relay.notify()
    return kept


def _conflict(exc: VersionConflict) -> ProblemError:
    return ProblemError(
        412,
        "version-mismatch",
        "Versi profil sudah berubah",
        "Profile version changed",
        detail=f"Profil {exc.key} sekarang versi {exc.actual}, bukan {exc.expected}; "
        "muat ulang lalu ulangi perubahan.",
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": Problem, "description": "NIP sudah terdaftar"}, **_ERRORS},
)
def create_profile(
    body: ProfileCreate, store: StoreDep, relay: RelayDep, response: Response, actor: ActorDep
) -> ProfilePublic:
    """Create a profile; publishes ProfileChanged(CREATED)."""
    try:
        created = records.create_profile(store, body, Source("api", by=actor))
    except RecordInvalid as exc:
        raise invalid_record(exc) from None
    except ProfileAlreadyExists as exc:
        raise ProblemError(
            409,
            "profile-exists",
            "NIP sudah terdaftar",
            "Profile already exists",
            detail=f"Profil dengan NIP {exc.nip} sudah ada; gunakan PUT untuk mengubahnya.",
        ) from None
    if relay is not None:
        relay.notify()
    response.headers["Location"] = f"/profiles/{created.nip}"
    response.headers["ETag"] = f'"{created.version}"'
    return created


@router.get("/{nip}", responses=_ERRORS)
def get_profile(nip: NipPath, store: StoreDep, response: Response) -> ProfilePublic:
    """A profile by NIP."""
    try:
        found = records.get_profile(store, nip)
    except ProfileNotFound as exc:
        raise not_found(exc) from None
    response.headers["ETag"] = f'"{found.version}"'
    return found


@router.put(
    "/{nip}",
    responses={412: {"model": Problem, "description": "Versi sudah berubah"}, **_ERRORS},
)
def update_profile(
    nip: NipPath,
    body: ProfileUpdate,
    store: StoreDep,
    relay: RelayDep,
    expected: IfMatchDep,
    response: Response,
    actor: ActorDep,
) -> ProfilePublic:
    """Replace a profile's fields; with If-Match only if the version still matches."""
    try:
        updated = records.update_profile(
            store, nip, body, expected_version=expected, source=Source("api", by=actor)
        )
    except ValidationError as exc:
        # The path NIP meets the body (its status decides the NIP scheme) only here.
        raise invalid_fields(exc) from None
    except RecordInvalid as exc:
        raise invalid_record(exc) from None
    except ProfileNotFound as exc:
        raise not_found(exc) from None
    except VersionConflict as exc:
        raise _conflict(exc) from None
    if relay is not None:
        relay.notify()
    response.headers["ETag"] = f'"{updated.version}"'
    return updated


@router.delete(
    "/{nip}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={412: {"model": Problem, "description": "Versi sudah berubah"}, **_ERRORS},
)
def delete_profile(
    nip: NipPath, store: StoreDep, relay: RelayDep, expected: IfMatchDep
) -> Response:
    """Delete a profile; publishes ProfileChanged(DELETED) as a tombstone."""
    try:
        version = records.delete_profile(store, nip, expected_version=expected)
    except ProfileNotFound as exc:
        raise not_found(exc) from None
    except VersionConflict as exc:
        raise _conflict(exc) from None
    if relay is not None:
        relay.notify()
    return Response(status_code=204, headers={"ETag": f'"{version}"'})


@router.get("")
def list_profiles(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="Jumlah per halaman")] = 100,
    cursor: Annotated[str | None, Query(description="next_cursor dari halaman sebelumnya")] = None,
    opd: Annotated[str | None, Query(description="Filter OPD (persis)")] = None,
    status: Annotated[str | None, Query(description="PNS, CPNS, PPPK, PPPK_PW")] = None,
    golongan: Annotated[str | None, Query(description="mis. III/a")] = None,
    jenis_jabatan: Annotated[str | None, Query(description="JPT, ADMINISTRATOR, ...")] = None,
) -> ProfilesPublic:
    """Live profiles ordered by NIP, with keyset (cursor) pagination and exact filters."""
    filters = {"opd": opd, "status": status, "golongan": golongan, "jenis_jabatan": jenis_jabatan}
    rows = store.list_live(after=cursor, limit=limit + 1, filters=filters)
    page = rows[:limit]
    return ProfilesPublic(
        data=[records.to_public(r) for r in page],
        count=store.count_live(filters=filters),
        next_cursor=page[-1].nip if len(rows) > limit else None,
    )
