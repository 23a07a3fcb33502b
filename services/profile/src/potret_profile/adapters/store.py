"""SQLite (WAL) store of profiles and positions with a transactional outbox.

A change and the event announcing it are written in one transaction, so an event exists if
and only if the change was committed: no lost events, no phantom events. The relay
(`potret_profile.relay`) publishes outbox rows and marks them sent after the broker's ack.
Deleted records stay as tombstone rows so that versions keep growing across delete and
re-create, which keeps every consumer's "apply only newer versions" rule correct.

`RecordStore` is the one storage interface the service layer uses; a PostgreSQL adapter can
implement the same methods (the SQL is plain and the JSON queries are isolated in `_filters`).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Kind = Literal["profiles", "positions"]
_KEY = {"profiles": "nip", "positions": "position_id"}

# Ordered migrations; each runs once, recorded in schema_migrations.
MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE IF NOT EXISTS profiles (
            nip        TEXT PRIMARY KEY,
            version    INTEGER NOT NULL CHECK (version >= 1),
            deleted    INTEGER NOT NULL DEFAULT 0,
            doc        TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS outbox (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            topic      TEXT NOT NULL,
            msg_key    BLOB NOT NULL,
            payload    BLOB NOT NULL,
            headers    TEXT NOT NULL,
            created_at TEXT NOT NULL,
            sent_at    TEXT
        );
        CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
        """,
    ),
    (
        2,
        """
        CREATE TABLE IF NOT EXISTS positions (
            position_id TEXT PRIMARY KEY,
            version     INTEGER NOT NULL CHECK (version >= 1),
            deleted     INTEGER NOT NULL DEFAULT 0,
            doc         TEXT NOT NULL,
            created_at  TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS profiles_opd ON profiles (json_extract(doc, '$.opd'));
        CREATE INDEX IF NOT EXISTS positions_opd ON positions (json_extract(doc, '$.opd'));
        CREATE TABLE IF NOT EXISTS import_checkpoints (
            source     TEXT PRIMARY KEY,
            checkpoint TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    ),
    (
        3,
        # Provenance per field group (potret_profile.domain.provenance); '{}' for records
        # written before it existed: their facts have no known source.
        """
        ALTER TABLE profiles ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE positions ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';
        """,
    ),
    (
        4,
        # Self-service corrections (potret_profile.corrections): filed by the ASN, decided by
        # BKPSDM; an approval is applied through the normal write path.
        """
        CREATE TABLE IF NOT EXISTS corrections (
            id             TEXT PRIMARY KEY,
            nip            TEXT NOT NULL,
            field          TEXT NOT NULL,
            proposed       TEXT NOT NULL,
            reason         TEXT NOT NULL,
            attachment     TEXT NOT NULL DEFAULT '',
            status         TEXT NOT NULL,
            filed_by       TEXT NOT NULL,
            filed_at       TEXT NOT NULL,
            base_version   INTEGER NOT NULL,
            decided_by     TEXT,
            decided_at     TEXT,
            decision_note  TEXT,
            applied_version INTEGER
        );
        CREATE INDEX IF NOT EXISTS corrections_nip ON corrections (nip, filed_at);
        CREATE INDEX IF NOT EXISTS corrections_status ON corrections (status, filed_at)
        """,
    ),
    (
        5,
        # SIASN sync (siasn_sync): a digest of the answers last imported per NIP, so that a
        # person whose answers did not change costs no write.
        """
        CREATE TABLE IF NOT EXISTS siasn_answers (
            nip        TEXT PRIMARY KEY,
            digest     TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        )
        """,
    ),
    (
        6,
        # History rows of an import set aside (imports/batch.py, SIASN): the row's field, the
        # rule it broke and its value, per person and source, replaced at each import.
        """
        CREATE TABLE IF NOT EXISTS quarantine (
            nip      TEXT NOT NULL,
            source   TEXT NOT NULL,
            batch_id TEXT NOT NULL,
            field    TEXT NOT NULL,
            rule     TEXT NOT NULL,
            message  TEXT NOT NULL,
            value    TEXT,
            at       TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS quarantine_nip ON quarantine (nip, source)
        """,
    ),
]

# Filters allowed on list endpoints: name -> JSON path in doc.
FILTERS: dict[Kind, dict[str, str]] = {
    "profiles": {
        "opd": "$.opd",
        "status": "$.status",
        "golongan": "$.golongan",
        "jenis_jabatan": "$.jenis_jabatan",
        "kedudukan": "$.kedudukan",
    },
    "positions": {"opd": "$.opd", "jenis": "$.jenis", "jenjang": "$.jenjang"},
}


@dataclass(frozen=True, slots=True)
class StoredRecord:
    key: str
    version: int
    deleted: bool
    doc: dict[str, Any]
    created_at: dt.datetime
    updated_at: dt.datetime
    provenance: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def nip(self) -> str:
        return self.key


StoredProfile = StoredRecord


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    topic: str
    key: bytes
    payload: bytes
    headers: list[tuple[str, bytes]]


def _row(row: sqlite3.Row, key: str) -> StoredRecord:
    return StoredRecord(
        key=row[key],
        version=row["version"],
        deleted=bool(row["deleted"]),
        doc=json.loads(row["doc"]),
        created_at=dt.datetime.fromisoformat(row["created_at"]),
        updated_at=dt.datetime.fromisoformat(row["updated_at"]),
        provenance=json.loads(row["provenance"]) if "provenance" in row.keys() else {},  # noqa: SIM118
    )


class Transaction:
    """Operations inside one write transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def get(self, key: str, kind: Kind = "profiles") -> StoredRecord | None:
        col = _KEY[kind]
        row = self._conn.execute(f"SELECT * FROM {kind} WHERE {col} = ?", (key,)).fetchone()  # noqa: S608
        return _row(row, col) if row else None

    def put(self, record: StoredRecord, kind: Kind = "profiles") -> None:
        col = _KEY[kind]
        self._conn.execute(
            f"INSERT INTO {kind} ({col}, version, deleted, doc, created_at, updated_at,"  # noqa: S608
            " provenance) VALUES (?, ?, ?, ?, ?, ?, ?)"
            f" ON CONFLICT ({col}) DO UPDATE SET version = excluded.version,"
            " deleted = excluded.deleted, doc = excluded.doc,"
            " created_at = excluded.created_at, updated_at = excluded.updated_at,"
            " provenance = excluded.provenance",
            (
                record.key,
                record.version,
                int(record.deleted),
                json.dumps(record.doc, ensure_ascii=False, sort_keys=True),
                record.created_at.isoformat(),
                record.updated_at.isoformat(),
                json.dumps(record.provenance, ensure_ascii=False, sort_keys=True),
            ),
        )

    def execute(self, sql: str, args: tuple[Any, ...] = ()) -> None:
        """A statement of a module that keeps its own table (corrections)."""
        self._conn.execute(sql, args)

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        return list(self._conn.execute(sql, args).fetchall())

    def set_provenance(
        self, key: str, provenance: dict[str, dict[str, str]], kind: Kind = "profiles"
    ) -> None:
        """Only the provenance (an import that confirmed facts without changing them)."""
        col = _KEY[kind]
        self._conn.execute(
            f"UPDATE {kind} SET provenance = ? WHERE {col} = ?",  # noqa: S608
            (json.dumps(provenance, ensure_ascii=False, sort_keys=True), key),
        )

    def add_outbox(
        self, *, topic: str, key: bytes, payload: bytes, headers: list[tuple[str, bytes]]
    ) -> None:
        self._conn.execute(
            "INSERT INTO outbox (topic, msg_key, payload, headers, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                topic,
                key,
                payload,
                json.dumps([[k, v.decode("utf-8")] for k, v in headers]),
                dt.datetime.now(dt.UTC).isoformat(),
            ),
        )

    def set_quarantine(
        self, nip: str, source: str, batch_id: str, rows: list[dict[str, Any]]
    ) -> None:
        """The history rows of `nip` set aside by the latest import from `source` (replaces
        what an earlier import from it set aside)."""
        self._conn.execute("DELETE FROM quarantine WHERE nip = ? AND source = ?", (nip, source))
        at = dt.datetime.now(dt.UTC).isoformat()
        self._conn.executemany(
            "INSERT INTO quarantine (nip, source, batch_id, field, rule, message, value, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (nip, source, batch_id, r["field"], r["rule"], r["message"], r.get("value"), at)
                for r in rows
            ],
        )

    def set_checkpoint(self, source: str, checkpoint: str) -> None:
        self._conn.execute(
            "INSERT INTO import_checkpoints (source, checkpoint, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (source) DO UPDATE SET checkpoint = excluded.checkpoint,"
            " updated_at = excluded.updated_at",
            (source, checkpoint, dt.datetime.now(dt.UTC).isoformat()),
        )


class RecordStore:
    """Thread-safe access to the SQLite database; one connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        conn = self._conn
        conn.execute("PRAGMA journal_mode=WAL")
        self._migrate(conn)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            " (version INTEGER PRIMARY KEY, applied_at TEXT)"
        )
        done = {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
        for version, script in MIGRATIONS:
            if version in done:
                continue
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process (the API and the relay share the file) may have applied it
                # since the check above; ALTER TABLE must not run twice.
                if conn.execute(
                    "SELECT 1 FROM schema_migrations WHERE version = ?", (version,)
                ).fetchone():
                    conn.execute("COMMIT")
                    continue
                for statement in filter(str.strip, script.split(";")):
                    conn.execute(statement)
                conn.execute(
                    "INSERT OR IGNORE INTO schema_migrations VALUES (?, ?)",
                    (version, dt.datetime.now(dt.UTC).isoformat()),
                )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def schema_version(self) -> int:
        row = self._conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        # FULL: a committed change (and its event) survives a power cut, not only a crash.
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    @property
    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A write transaction (BEGIN IMMEDIATE): committed on success, rolled back on error."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield Transaction(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def get(self, key: str, kind: Kind = "profiles") -> StoredRecord | None:
        return Transaction(self._conn).get(key, kind)

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """A read of a module that keeps its own table (corrections)."""
        return Transaction(self._conn).query(sql, args)

    def _filters(self, kind: Kind, filters: Mapping[str, str | None]) -> tuple[str, list[Any]]:
        clauses, params = [], []
        for name, value in filters.items():
            if value is None:
                continue
            clauses.append(f"json_extract(doc, '{FILTERS[kind][name]}') = ?")
            params.append(value)
        return "".join(f" AND {c}" for c in clauses), params

    def list_live(
        self,
        *,
        after: str | None,
        limit: int,
        kind: Kind = "profiles",
        filters: Mapping[str, str | None] | None = None,
    ) -> list[StoredRecord]:
        """Live records ordered by key, starting after the given key (keyset pagination)."""
        col = _KEY[kind]
        where, params = self._filters(kind, filters or {})
        rows = self._conn.execute(
            f"SELECT * FROM {kind} WHERE deleted = 0 AND {col} > ?{where}"  # noqa: S608
            f" ORDER BY {col} LIMIT ?",
            (after or "", *params, limit),
        ).fetchall()
        return [_row(r, col) for r in rows]

    def list_all(
        self, *, after: str | None, limit: int, kind: Kind = "profiles"
    ) -> list[StoredRecord]:
        """Every record, deleted ones too, ordered by key after the given key."""
        col = _KEY[kind]
        rows = self._conn.execute(
            f"SELECT * FROM {kind} WHERE {col} > ? ORDER BY {col} LIMIT ?",  # noqa: S608
            (after or "", limit),
        ).fetchall()
        return [_row(r, col) for r in rows]

    def count_live(
        self, kind: Kind = "profiles", filters: Mapping[str, str | None] | None = None
    ) -> int:
        where, params = self._filters(kind, filters or {})
        row = self._conn.execute(
            f"SELECT count(*) FROM {kind} WHERE deleted = 0{where}",  # noqa: S608
            params,
        ).fetchone()
        return int(row[0])

    def live_keys(self, kind: Kind = "profiles") -> list[str]:
        """The keys of every live record, in order."""
        col = _KEY[kind]
        rows = self._conn.execute(
            f"SELECT {col} FROM {kind} WHERE deleted = 0 ORDER BY {col}"  # noqa: S608
        ).fetchall()
        return [str(r[0]) for r in rows]

    def quarantine_of(self, nip: str) -> list[dict[str, Any]]:
        """The history rows of `nip` imports set aside, with the rule each broke."""
        rows = self._conn.execute(
            "SELECT source, batch_id, field, rule, message, value, at FROM quarantine"
            " WHERE nip = ? ORDER BY source, field",
            (nip,),
        ).fetchall()
        return [dict(r) for r in rows]

    def answer_digest(self, nip: str) -> str | None:
        """The digest of the SIASN answers last imported for `nip` (siasn_sync)."""
        row = self._conn.execute(
            "SELECT digest FROM siasn_answers WHERE nip = ?", (nip,)
        ).fetchone()
        return str(row[0]) if row else None

    def set_answer_digest(self, nip: str, digest: str) -> None:
        with self.transaction():
            self._conn.execute(
                "INSERT INTO siasn_answers (nip, digest, fetched_at) VALUES (?, ?, ?)"
                " ON CONFLICT (nip) DO UPDATE SET digest = excluded.digest,"
                " fetched_at = excluded.fetched_at",
                (nip, digest, dt.datetime.now(dt.UTC).isoformat()),
            )

    def checkpoint(self, source: str) -> str | None:
        row = self._conn.execute(
            "SELECT checkpoint FROM import_checkpoints WHERE source = ?", (source,)
        ).fetchone()
        return str(row[0]) if row else None

    def unsent(self, limit: int) -> list[OutboxRow]:
        rows = self._conn.execute(
            "SELECT id, topic, msg_key, payload, headers FROM outbox"
            " WHERE sent_at IS NULL ORDER BY id LIMIT ?",
            (limit,),
        ).fetchall()
        return [
            OutboxRow(
                id=r["id"],
                topic=r["topic"],
                key=bytes(r["msg_key"]),
                payload=bytes(r["payload"]),
                headers=[(k, v.encode("utf-8")) for k, v in json.loads(r["headers"])],
            )
            for r in rows
        ]

    def mark_sent(self, ids: list[int]) -> None:
        if not ids:
            return
        now = dt.datetime.now(dt.UTC).isoformat()
        with self.transaction():
            self._conn.executemany(
                "UPDATE outbox SET sent_at = ? WHERE id = ?", [(now, i) for i in ids]
            )

    def backlog(self) -> int:
        """Number of outbox rows not yet acknowledged by Kafka."""
        row = self._conn.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()
        return int(row[0])

    def purge_sent(self, older_than: dt.timedelta) -> int:
        """Delete sent outbox rows older than the given age; returns how many."""
        cutoff = (dt.datetime.now(dt.UTC) - older_than).isoformat()
        with self.transaction():
            cur = self._conn.execute(
                "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?", (cutoff,)
            )
            return cur.rowcount

    def ping(self) -> None:
        self._conn.execute("SELECT 1").fetchone()


ProfileStore = RecordStore
