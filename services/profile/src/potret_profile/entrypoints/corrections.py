"""Routes for /corrections: file, list, read and decide self-service corrections."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError, model_validator

from potret_problems import Problem, ProblemError, violations_from_errors
from potret_profile.domain.errors import ProfileNotFound
from potret_profile.domain.rules import RecordInvalid
from potret_profile.entrypoints.deps import ActorDep, RelayDep, StoreDep
from potret_profile.entrypoints.profiles import invalid_record
from potret_profile.service import corrections

router = APIRouter(prefix="/corrections", tags=["corrections"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem},
    409: {"model": Problem},
    422: {"model": Problem},
}
CorrectionId = Annotated[str, Path(pattern=r"^K-[0-9A-F]{8}$", examples=["K-1A2B3C4D"])]


class CorrectionIn(BaseModel):
    """A proposed value for one field of one record."""

    model_config = ConfigDict(extra="forbid")

    nip: str = Field(pattern=r"^\d{18}$", examples=["198609262015051001"])
    field: str = Field(description="nama field, mis. golongan, skp, education", examples=["skp"])
    proposed_value: JsonValue = Field(
        description="nilai baru field itu (seluruhnya, untuk daftar: seluruh daftar)",
        examples=[[{"year": 2025, "predikat": "SANGAT_BAIK"}]],
    )
    reason: str = Field(min_length=10, max_length=2000, examples=["SKP 2025 belum tercatat"])
    attachment: str = Field(
        default="", max_length=500, description="rujukan dokumen pendukung (nomor/URL)"
    )

    @model_validator(mode="after")
    def _known_field(self) -> CorrectionIn:
        if self.field not in corrections.FIELDS:
            raise ValueError(
                f"field {self.field!r} tidak dapat dikoreksi; pilih dari "
                + ", ".join(corrections.FIELDS)
            )
        return self


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["setujui", "tolak"]
    note: str = Field(default="", max_length=2000, description="alasan; wajib bila ditolak")

    @model_validator(mode="after")
    def _reason_for_rejection(self) -> DecisionIn:
        if self.decision == "tolak" and len(self.note.strip()) < 5:
            raise ValueError("note: alasan penolakan wajib diisi (minimal 5 karakter)")
        return self


def _problem(exc: Exception) -> ProblemError:
    if isinstance(exc, ValidationError):
        errors = violations_from_errors(exc.errors(), prefix="proposed_value")
        return ProblemError(
            422,
            "validation-error",
            "Nilai koreksi tidak valid",
            "Invalid correction value",
            detail="; ".join(f"{e.field}: {e.message}" for e in errors),
            errors=errors,
        )
    if isinstance(exc, RecordInvalid):
        return invalid_record(exc)
    if isinstance(exc, ProfileNotFound):
        return ProblemError(
            404,
            "profile-not-found",
            "Profil tidak ditemukan",
            "Profile not found",
            detail=f"Tidak ada profil dengan NIP {exc.nip}",
        )
    if isinstance(exc, corrections.CorrectionNotFound):
        return ProblemError(
            404,
            "correction-not-found",
            "Koreksi tidak ditemukan",
            "Correction not found",
            detail=f"Tidak ada koreksi {exc.correction_id}",
        )
    if isinstance(exc, corrections.AlreadyDecided):
        return ProblemError(
            409,
            "correction-decided",
            "Koreksi sudah diputuskan",
            "Correction already decided",
            detail=f"Koreksi {exc.correction_id} sudah berstatus {exc.status}",
        )
    raise exc


_FAILURES = (
    ValidationError,
    RecordInvalid,
    ProfileNotFound,
    corrections.CorrectionNotFound,
    corrections.AlreadyDecided,
)


@router.post("", status_code=201, responses=_ERRORS)
def file_correction(
    body: CorrectionIn, store: StoreDep, actor: ActorDep, response: Response
) -> dict[str, Any]:
    """File a correction; the value is checked against the domain rules now."""
    try:
        filed = corrections.file(
            store,
            nip=body.nip,
            field=body.field,
            proposed=body.proposed_value,
            reason=body.reason,
            attachment=body.attachment,
            actor=actor,
        )
    except _FAILURES as exc:
        raise _problem(exc) from None
    response.headers["Location"] = f"/corrections/{filed.id}"
    return filed.public()


@router.get("")
def list_corrections(
    store: StoreDep,
    nip: Annotated[str | None, Query(pattern=r"^\d{18}$")] = None,
    status: Annotated[Literal["diajukan", "disetujui", "ditolak"] | None, Query()] = None,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Corrections oldest first (the review queue), by NIP and/or status."""
    found = corrections.listing(store, nip=nip, status=status, after=cursor, limit=limit)
    last = found[-1] if len(found) == limit else None
    return {
        "data": [c.public() for c in found],
        "next_cursor": f"{last.filed_at}|{last.id}" if last else None,
    }


@router.get("/{correction_id}", responses=_ERRORS)
def get_correction(correction_id: CorrectionId, store: StoreDep) -> dict[str, Any]:
    try:
        return corrections.get(store, correction_id).public()
    except _FAILURES as exc:
        raise _problem(exc) from None


@router.post("/{correction_id}/decision", responses=_ERRORS)
def decide_correction(
    correction_id: CorrectionId,
    body: DecisionIn,
    store: StoreDep,
    relay: RelayDep,
    actor: ActorDep,
) -> dict[str, Any]:
    """Approve (applied as a new version with provenance `koreksi`) or reject, once."""
    try:
        decided = corrections.decide(
            store, correction_id, approve=body.decision == "setujui", note=body.note, actor=actor
        )
    except _FAILURES as exc:
        raise _problem(exc) from None
    if relay is not None and decided.applied_version is not None:
        relay.notify()
    return decided.public()
