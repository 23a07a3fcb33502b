"""Copy a SQLite profile store into an empty PostgreSQL one, keeping everything as it is.

The way from the embedded store of a single regency (`make run`, Compose, the old
StatefulSet) to the scaled one: every table is copied row for row in one PostgreSQL
transaction, so the target is either a complete copy or untouched:

- records keep their versions, timestamps, tombstones and provenance (an If-Match of a
  client and the version in every event stay valid; search and ranking see no change);
- the outbox keeps its ids and its sent marks: rows not yet published are published by the
  relay on PostgreSQL, none twice; the id sequence continues after the last copied id;
- corrections, import checkpoints, SIASN answer digests and quarantined rows come along.

Before it commits, the copy is checked: the row count of every table and a digest of every
record (key, version, deleted, document, provenance, timestamps) on both sides; a copy that
differs is rolled back. Run it with the
profile service stopped (its writes after the copy started would not be in the target).
The command is `potret-profile-copy` (copy_cli.py); docs/operations.md.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from potret_profile.adapters.store import RecordStore
from potret_sqldb import Cursorish, Database, StoreUnavailable, ValueRejected


@dataclass(frozen=True)
class Table:
    name: str
    key: str  # the order of the copy and of the check
    jsonb: tuple[str, ...] = ()  # TEXT in SQLite, jsonb in PostgreSQL
    identity: bool = False  # PostgreSQL generates its ids: copied ones need OVERRIDING


# Every table of the profile schema (adapters/migrations/versions/) but the schema version's
# (alembic_version, and schema_migrations of stores made before Alembic), which the target's
# own migration run writes. A table added to the schema must be added
# here: test_store_copy.py fails on a table it does not know.
TABLES = (
    Table("profiles", "nip", jsonb=("doc",)),
    Table("positions", "position_id", jsonb=("doc",)),
    Table("outbox", "id", identity=True),
    Table("import_checkpoints", "source"),
    Table("corrections", "id"),
    Table("siasn_answers", "nip"),
    Table("quarantine", "nip, source, batch_id, field, at, rule, message, value"),
)
RECORD_TABLES = ("profiles", "positions")
# Derived from the records, not copied: the profile service rebuilds them at its start
# (quality_book.py, duplicate_book.py).
DERIVED = (
    "quality_facts",
    "quality_tally",
    "quality_builds",
    "duplicate_due",
    "duplicate_people",
    "duplicate_keys",
    "duplicate_blocks",
    "duplicate_pairs",
    "duplicate_builds",
)


class CopyRefused(Exception):
    """The copy cannot start (exit 2): a wrong source or target, or a target not empty."""


class CopyFailed(Exception):
    """The copy or its check failed (exit 1); the target is left as it was."""


@dataclass
class CopyReport:
    rows: dict[str, int]
    seconds: float


Progress = Callable[[str, int, int], None]


def copy_store(
    source: RecordStore, target: RecordStore, batch: int = 2000, progress: Progress | None = None
) -> CopyReport:
    """Copy every table of `source` (SQLite) into `target` (PostgreSQL, empty) and check
    counts and record digests, all in one transaction."""
    if source.dialect != "sqlite" or target.dialect != "postgres":
        raise CopyRefused("salin dari SQLite ke PostgreSQL saja / from SQLite to PostgreSQL only")
    src, dst = source.database, target.database
    _known_tables(src)
    occupied = [t.name for t in TABLES if dst.rows(f"SELECT 1 FROM {t.name} LIMIT 1")]  # noqa: S608
    if occupied:
        raise CopyRefused(
            f"basis data tujuan tidak kosong (tabel {', '.join(occupied)} berisi data); salin "
            f"hanya ke basis data baru / the target is not empty: {', '.join(occupied)}"
        )
    started = time.perf_counter()
    totals = {t.name: _count(src, t.name) for t in TABLES}
    copied: dict[str, int] = {}
    try:
        with dst.transaction(lock="potret.profile.copy") as tx:
            for derived in DERIVED:  # facts of an earlier start on the empty target: stale
                tx.execute(f"DELETE FROM {derived}")  # noqa: S608
            for table in TABLES:
                copied[table.name] = _copy_table(src, tx, table, batch, totals, progress)
            if copied["outbox"]:
                tx.execute(
                    "SELECT setval(pg_get_serial_sequence('outbox', 'id'), MAX(id)) FROM outbox"
                )
            _check(src, tx, copied)  # inside: a copy that differs is rolled back
    except ValueRejected as exc:
        raise CopyFailed(f"PostgreSQL menolak satu nilai, tidak ada yang disalin: {exc}") from exc
    except StoreUnavailable as exc:
        raise CopyFailed(f"PostgreSQL tidak dapat dipakai, tidak ada yang disalin: {exc}") from exc
    return CopyReport(copied, time.perf_counter() - started)


def _known_tables(src: Database) -> None:
    names = {
        r["name"]
        for r in src.rows("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not str(r["name"]).startswith("sqlite_")
    }
    versions = {"alembic_version", "schema_migrations"}
    unknown = sorted(names - {t.name for t in TABLES} - versions - set(DERIVED))
    if unknown:  # a newer schema than this tool knows: copying part of it would lose data
        raise CopyRefused(f"tabel tidak dikenal alat ini: {', '.join(unknown)} / unknown tables")


def _count(db: Database | Cursorish, table: str) -> int:
    return int(db.rows(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])  # noqa: S608


def _pages(src: Database, table: str, batch: int) -> Iterator[list[dict[str, Any]]]:
    """Every row of a SQLite table in rowid order, `batch` at a time (keyset paging)."""
    after = 0
    while True:
        rows = src.rows(
            f'SELECT rowid AS "_rowid_", * FROM {table} WHERE rowid > ? '  # noqa: S608
            "ORDER BY rowid LIMIT ?",
            (after, batch),
        )
        if not rows:
            return
        after = int(rows[-1]["_rowid_"])
        yield rows


def _copy_table(
    src: Database,
    tx: Cursorish,
    table: Table,
    batch: int,
    totals: dict[str, int],
    progress: Progress | None,
) -> int:
    done = 0
    statement = ""
    columns: list[str] = []
    for rows in _pages(src, table.name, batch):
        if not statement:
            columns = [c for c in rows[0] if c != "_rowid_"]
            marks = ", ".join("?::jsonb" if c in table.jsonb else "?" for c in columns)
            overriding = " OVERRIDING SYSTEM VALUE" if table.identity else ""
            statement = (
                f"INSERT INTO {table.name} ({', '.join(columns)}){overriding} "  # noqa: S608
                f"VALUES ({marks})"
            )
        tx.executemany(statement, [tuple(row[c] for c in columns) for row in rows])
        done += len(rows)
        if progress is not None:
            progress(table.name, done, totals[table.name])
    return done


def _check(src: Database, dst: Cursorish, copied: dict[str, int]) -> None:
    for table in TABLES:
        there = _count(dst, table.name)
        if there != copied[table.name]:
            raise CopyFailed(
                f"{table.name}: {copied[table.name]} baris disalin, {there} ada di tujuan"
            )
    for name in RECORD_TABLES:
        key = next(t.key for t in TABLES if t.name == name)
        if _digest(src, name, key) != _digest(dst, name, key):
            raise CopyFailed(f"{name}: isi rekaman di tujuan berbeda dari sumber")


def _digest(db: Database | Cursorish, table: str, key: str, batch: int = 5000) -> str:
    """One digest of every record in key order (byte order on both: SQLite's BINARY, the
    "C" collation in PostgreSQL), over its canonical form."""
    h = hashlib.sha256()
    after = ""
    while True:
        rows = db.rows(
            f"SELECT {key}, version, deleted, doc, provenance, created_at, updated_at "  # noqa: S608
            f"FROM {table} WHERE {key} > ? ORDER BY {key} LIMIT ?",
            (after, batch),
        )
        for r in rows:
            doc = json.loads(r["doc"]) if isinstance(r["doc"], str) else r["doc"]
            prov = (
                json.loads(r["provenance"]) if isinstance(r["provenance"], str) else r["provenance"]
            )
            line = json.dumps(
                [
                    r[key],
                    int(r["version"]),
                    int(r["deleted"]),
                    doc,
                    prov,
                    r["created_at"],
                    r["updated_at"],
                ],
                sort_keys=True,
                ensure_ascii=False,
            )
            h.update(line.encode() + b"\n")
        if len(rows) < batch:
            return h.hexdigest()
        after = rows[-1][key]
