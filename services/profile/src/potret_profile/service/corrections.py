"""Self-service corrections: an ASN proposes a new value for one field of their own record;
a BKPSDM admin approves or rejects it with a reason. Nothing changes before approval; an
approval writes through the normal path (new version, event, provenance `koreksi` with the
correction id). The proposed value is validated against the domain rules when it is filed,
so a correction that could never be applied is refused at once (422), not at approval.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from potret_profile.adapters.store import RecordStore, Transaction
from potret_profile.domain.errors import ProfileError, ProfileNotFound
from potret_profile.domain.model import ProfileCreate, ProfileFields
from potret_profile.domain.provenance import Source
from potret_profile.domain.rules import RecordInvalid
from potret_profile.service import records

Status = Literal["diajukan", "disetujui", "ditolak"]
# Every editable field of a record may be corrected, one field per request.
FIELDS = tuple(name for name in ProfileFields.model_fields if name != "status")


class CorrectionNotFound(ProfileError):
    def __init__(self, correction_id: str) -> None:
        super().__init__(f"correction {correction_id} not found")
        self.correction_id = correction_id


class AlreadyDecided(ProfileError):
    def __init__(self, correction_id: str, status: str) -> None:
        super().__init__(f"correction {correction_id} is already {status}")
        self.correction_id = correction_id
        self.status = status


@dataclass(frozen=True, slots=True)
class Correction:
    id: str
    nip: str
    field: str
    proposed: Any
    reason: str
    attachment: str
    status: Status
    filed_by: str
    filed_at: str
    base_version: int
    decided_by: str | None = None
    decided_at: str | None = None
    decision_note: str | None = None
    applied_version: int | None = None

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "nip": self.nip,
            "field": self.field,
            "proposed_value": self.proposed,
            "reason": self.reason,
            "attachment": self.attachment,
            "status": self.status,
            "filed_by": self.filed_by,
            "filed_at": self.filed_at,
            "base_version": self.base_version,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at,
            "decision_note": self.decision_note,
            "applied_version": self.applied_version,
        }


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _row(row: Mapping[str, Any]) -> Correction:
    data = dict(row)
    data["proposed"] = json.loads(data["proposed"])
    return Correction(**data)


def _with_value(nip: str, doc: dict[str, Any], field: str, value: Any) -> dict[str, Any]:
    """The record with the proposed value, validated by the same rules as any write; raises
    ValidationError (field rules) or RecordInvalid (cross-field rules)."""
    fields = {k: v for k, v in doc.items() if k in ProfileFields.model_fields}  # not derived
    model = ProfileCreate.model_validate({**fields, field: value, "nip": nip})
    return records.profile_doc(model)


def file(
    store: RecordStore,
    *,
    nip: str,
    field: str,
    proposed: Any,
    reason: str,
    attachment: str,
    actor: str,
) -> Correction:
    """File a correction after validating the proposed value against the current record."""
    record = store.get(nip)
    if record is None or record.deleted:
        raise ProfileNotFound(nip)
    _with_value(nip, record.doc, field, proposed)  # 422 now, not at approval
    correction = Correction(
        id=f"K-{secrets.token_hex(4).upper()}",
        nip=nip,
        field=field,
        proposed=proposed,
        reason=reason,
        attachment=attachment,
        status="diajukan",
        filed_by=actor,
        filed_at=_now(),
        base_version=record.version,
    )
    with store.transaction() as tx:
        tx.execute(
            "INSERT INTO corrections (id, nip, field, proposed, reason, attachment, status,"
            " filed_by, filed_at, base_version) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                correction.id,
                nip,
                field,
                json.dumps(proposed, ensure_ascii=False),
                reason,
                attachment,
                correction.status,
                actor,
                correction.filed_at,
                record.version,
            ),
        )
    return correction


def get(store: RecordStore, correction_id: str) -> Correction:
    rows = store.query("SELECT * FROM corrections WHERE id = ?", (correction_id,))
    if not rows:
        raise CorrectionNotFound(correction_id)
    return _row(rows[0])


def listing(
    store: RecordStore,
    *,
    nip: str | None = None,
    status: str | None = None,
    after: str | None = None,
    limit: int = 100,
) -> list[Correction]:
    """Oldest first (a review queue), keyset-paginated on (filed_at, id)."""
    where, args = ["1 = 1"], []
    if nip:
        where.append("nip = ?")
        args.append(nip)
    if status:
        where.append("status = ?")
        args.append(status)
    if after:
        filed_at, _, cid = after.partition("|")
        where.append("(filed_at, id) > (?, ?)")
        args += [filed_at, cid]
    sql = (
        f"SELECT * FROM corrections WHERE {' AND '.join(where)}"  # noqa: S608 (fixed clauses)
        " ORDER BY filed_at, id LIMIT ?"
    )
    return [_row(r) for r in store.query(sql, (*args, limit))]


def decide(
    store: RecordStore, correction_id: str, *, approve: bool, note: str, actor: str
) -> Correction:
    """Approve (apply through the normal write path) or reject; once only."""
    with store.transaction() as tx:
        # One decision of a correction at a time (PostgreSQL; SQLite has one writer).
        tx.lock(f"potret.profile.corrections:{correction_id}")
        rows = tx.query("SELECT * FROM corrections WHERE id = ?", (correction_id,))
        if not rows:
            raise CorrectionNotFound(correction_id)
        correction = _row(rows[0])
        if correction.status != "diajukan":
            raise AlreadyDecided(correction_id, correction.status)
        applied = _apply(tx, correction, actor) if approve else None
        tx.execute(
            "UPDATE corrections SET status = ?, decided_by = ?, decided_at = ?,"
            " decision_note = ?, applied_version = ? WHERE id = ?",
            ("disetujui" if approve else "ditolak", actor, _now(), note, applied, correction_id),
        )
    return get(store, correction_id)


def _apply(tx: Transaction, correction: Correction, actor: str) -> int:
    record = tx.get(correction.nip)
    if record is None or record.deleted:
        raise ProfileNotFound(correction.nip)
    # The record may have changed since filing: the value is checked again against it.
    doc = _with_value(correction.nip, record.doc, correction.field, correction.proposed)
    rec, _changed = records.update_in(
        tx, "profiles", correction.nip, doc, None, Source("koreksi", correction.id, actor)
    )
    return rec.version


__all__ = [
    "FIELDS",
    "AlreadyDecided",
    "Correction",
    "CorrectionNotFound",
    "RecordInvalid",
    "ValidationError",
    "decide",
    "file",
    "get",
    "listing",
]
