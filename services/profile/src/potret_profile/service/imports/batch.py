"""Validate a batch of records one by one, store the valid ones, report the rest.

Each record is validated completely before anything is written; the valid ones of a batch are
then written in one transaction (create, update, or nothing when unchanged, so re-importing
the same data is idempotent). A rejected record leaves nothing behind.
"""

from __future__ import annotations

import copy
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from potret_asn_rules import RuleViolation
from potret_problems import FieldViolation, violations_from_errors
from potret_profile.adapters.store import RecordStore, WriteConflict
from potret_profile.domain.model import Kind, PositionCreate, ProfileCreate
from potret_profile.domain.provenance import Source, SourceKind
from potret_profile.domain.rules import RecordInvalid
from potret_profile.service import records


class RecordError(BaseModel):
    """One broken rule of one record in an import."""

    record: int
    key: str | None = None
    field: str
    rule: str
    message: str
    message_en: str | None = None
    value: Any = None


class ImportReport(BaseModel):
    """Outcome of an import: counts and every error, record by record."""

    source: str
    batch_id: str = Field(
        default_factory=lambda: uuid.uuid4().hex[:12],
        description="Dicatat sebagai asal (provenance) setiap kelompok data yang ditulis",
    )
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[RecordError] = []
    quarantined: list[RecordError] = Field(
        default=[],
        description="Baris riwayat yang disisihkan (kode tak dikenal, nilai tak sah) dengan "
        "aturannya; data lain orang itu tetap diimpor",
    )

    def merge(self, other: ImportReport) -> None:
        for name in ("total", "created", "updated", "unchanged", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)
        self.quarantined.extend(other.quarantined)


@dataclass
class Prepared:
    kind: Kind
    key: str
    doc: dict[str, Any]
    quarantined: list[FieldViolation] = field(default_factory=list)


@dataclass
class Candidate:
    """A raw record after format mapping, with any mapping errors found on the way."""

    index: int
    data: dict[str, Any]
    key: str | None = None
    errors: list[FieldViolation] = field(default_factory=list)
    quarantined: list[FieldViolation] = field(default_factory=list)  # history rows set aside


def source_kind(source: str) -> SourceKind:
    """The provenance kind of an import source name."""
    if source.startswith("siasn"):
        return "siasn"
    return "csv" if source == "csv" else "impor"


def _errors(index: int, key: str | None, violations: Iterable[FieldViolation]) -> list[RecordError]:
    return [RecordError(record=index, key=key, **v.model_dump()) for v in violations]


def prepare_profile(data: dict[str, Any]) -> Prepared:
    """Validate one profile record; raises ValidationError or RecordInvalid."""
    model = ProfileCreate.model_validate(data)
    return Prepared("profiles", model.nip, records.profile_doc(model))


# A violation inside one row of a history list: the row can be set aside.
_ROW = re.compile(
    r"^(positions|education|trainings|skp|discipline|awards|golongan_history|angka_kredit"
    r"|skp_periodik)(?:\[(\d+)\]|\.(\d+))"
)
_ASIDE = " (baris disisihkan; data lain orang ini tetap diimpor)"
# Single fields a SIASN import sets aside like a history row: the person imports without
# them (the ranking then reads the retirement date, the birth date and the TMT CPNS from
# the NIP).
_ASIDE_FIELDS = re.compile(r"^(tmt_pensiun|bup_pensiun|birth_date|tmt_cpns|tmt_pns)$")


def prepare_profile_rows_aside(data: dict[str, Any]) -> Prepared:
    """prepare_profile, with the history rows that break a rule set aside (their violations
    kept on the result) as long as nothing else is wrong; a person-level violation still
    rejects the record. Rounds repeat while rows break rules (a rule across rows may show
    only once another row is gone); each removes a row, so they end. Nothing of a row set
    aside is guessed or kept in the profile."""
    data = copy.deepcopy(data)
    aside: list[FieldViolation] = []
    while True:  # each round removes at least one row, so it ends
        try:
            prepared = prepare_profile(data)
        except (ValidationError, RecordInvalid) as exc:
            violations = (
                violations_from_errors(exc.errors())
                if isinstance(exc, ValidationError)
                else exc.violations
            )
            rows = [_ROW.match(v.field) for v in violations]
            fields = [_ASIDE_FIELDS.match(v.field) for v in violations]
            if not all(r or f for r, f in zip(rows, fields, strict=True)):
                raise
            aside += [
                FieldViolation(
                    field=v.field,
                    rule=v.rule,
                    message=v.message + _ASIDE,
                    message_en=v.message_en,
                    value=v.value if isinstance(v.value, (str, int, float)) else None,
                )
                for v in violations
            ]
            for single in {f.group(1) for f in fields if f}:
                data.pop(single, None)
            for group, index in sorted(
                {(m.group(1), int(m.group(2) or m.group(3))) for m in rows if m},
                key=lambda r: -r[1],
            ):
                del data[group][index]
            continue
        prepared.quarantined = aside
        return prepared


def prepare_position(data: dict[str, Any]) -> Prepared:
    model = PositionCreate.model_validate(data)
    return Prepared("positions", model.position_id, records.position_doc(model))


# How many times a batch is written when records it read as absent were created meanwhile.
CONFLICT_ATTEMPTS = 3


def import_batch(
    store: RecordStore,
    candidates: Iterable[Candidate],
    *,
    source: str,
    prepare: Callable[[dict[str, Any]], Prepared] = prepare_profile,
    actor: str = "",
    rows_aside: bool | None = None,
) -> ImportReport:
    """Validate every candidate, write the valid ones in one transaction, report all.
    `rows_aside` (by default for SIASN sources): a history row that breaks a rule is set
    aside, reported and kept in the store's quarantine for that person, and the rest of the
    person is written."""
    if rows_aside is None:
        rows_aside = source_kind(source) == "siasn"
    if rows_aside and prepare is prepare_profile:
        prepare = prepare_profile_rows_aside
    report = ImportReport(source=source)
    ready: list[Prepared] = []
    seen: set[str] = set()
    for cand in candidates:
        report.total += 1
        if cand.errors:
            report.failed += 1
            report.errors += _errors(cand.index, cand.key, cand.errors)
            continue
        try:
            prepared = prepare(cand.data)
        except ValidationError as exc:
            report.failed += 1
            report.errors += _errors(cand.index, cand.key, violations_from_errors(exc.errors()))
            continue
        except RecordInvalid as exc:
            report.failed += 1
            report.errors += [
                RecordError(
                    record=cand.index,
                    key=cand.key,
                    field=v.field,
                    rule=v.rule,
                    message=v.message,
                    message_en=v.message_en,
                    value=v.value if isinstance(v.value, (str, int, float)) else None,
                )
                for v in exc.violations
            ]
            continue
        except RuleViolation as exc:
            report.failed += 1
            report.errors.append(
                RecordError(
                    record=cand.index,
                    key=cand.key,
                    field="record",
                    rule=exc.rule,
                    message=exc.message,
                    message_en=exc.message_en,
                )
            )
            continue
        if prepared.key in seen:
            report.failed += 1
            report.errors.append(
                RecordError(
                    record=cand.index,
                    key=prepared.key,
                    field="nip",
                    rule="IMPORT-DUP",
                    message="kunci sama muncul dua kali dalam satu impor; yang pertama dipakai",
                    message_en="the same key appears twice in one import; the first one was used",
                    value=prepared.key,
                )
            )
            continue
        seen.add(prepared.key)
        prepared.quarantined = cand.quarantined + prepared.quarantined
        report.quarantined += _errors(cand.index, prepared.key, prepared.quarantined)
        ready.append(prepared)
    origin = Source(source_kind(source), ref=report.batch_id, by=actor)
    attempt = 1
    while True:
        try:
            outcomes = _write(store, ready, origin, source, report.batch_id, rows_aside)
            break
        except WriteConflict:
            # Another writer created one of the records read as absent while this batch was
            # being written (its INSERTs are sent at the commit): nothing of the batch was
            # stored; read the batch again, that record is now updated like any other.
            if attempt >= CONFLICT_ATTEMPTS:
                raise
            attempt += 1
    for outcome, n in outcomes.items():
        setattr(report, outcome, getattr(report, outcome) + n)
    return report


def _write(
    store: RecordStore,
    ready: list[Prepared],
    origin: Source,
    source: str,
    batch_id: str,
    rows_aside: bool,
) -> Counter[str]:
    """Write the prepared records in one transaction; how many were created, updated and
    left unchanged."""
    outcomes: Counter[str] = Counter()
    if not ready:
        return outcomes
    with store.transaction() as tx:
        # In key order: two imports (or an import and a merge) that share records lock
        # them in the same order on PostgreSQL, so neither waits for the other in a cycle.
        # Read (and locked) together first: a statement per batch, not one per record.
        for kind in sorted({r.kind for r in ready}):
            tx.prefetch((r.key for r in ready if r.kind == kind), kind)
        for item in sorted(ready, key=lambda r: (r.kind, r.key)):
            outcomes[records.upsert_in(tx, item.kind, item.key, item.doc, origin)] += 1
            if rows_aside:
                tx.set_quarantine(
                    item.key,
                    source_kind(source),
                    batch_id,
                    [
                        {**v.model_dump(), "value": None if v.value is None else str(v.value)}
                        for v in item.quarantined
                    ],
                )
    return outcomes
