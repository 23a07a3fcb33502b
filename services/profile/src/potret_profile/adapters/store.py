"""SQLite (WAL) store of profiles with a transactional outbox.

A profile change and the event announcing it are written in one transaction, so an event
exists if and only if the change was committed: no lost events, no phantom events. The relay
(`potret_profile.relay`) publishes outbox rows and marks them sent after the broker's ack.
Deleted profiles stay as tombstone rows so that versions keep growing across delete and
re-create, which keeps every consumer's "apply only newer versions" rule correct.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
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
"""


@dataclass(frozen=True, slots=True)
class StoredProfile:
    nip: str
    version: int
    deleted: bool
    doc: dict[str, Any]
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    topic: str
    key: bytes
    payload: bytes
    headers: list[tuple[str, bytes]]


def _row_to_profile(row: sqlite3.Row) -> StoredProfile:
    return StoredProfile(
        nip=row["nip"],
        version=row["version"],
        deleted=bool(row["deleted"]),
        doc=json.loads(row["doc"]),
        created_at=dt.datetime.fromisoformat(row["created_at"]),
        updated_at=dt.datetime.fromisoformat(row["updated_at"]),
    )


class Transaction:
    """Operations inside one write transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def get(self, nip: str) -> StoredProfile | None:
        row = self._conn.execute("SELECT * FROM profiles WHERE nip = ?", (nip,)).fetchone()
        return _row_to_profile(row) if row else None

    def put(self, profile: StoredProfile) -> None:
        self._conn.execute(
            "INSERT INTO profiles (nip, version, deleted, doc, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (nip) DO UPDATE SET version = excluded.version,"
            " deleted = excluded.deleted, doc = excluded.doc,"
            " created_at = excluded.created_at, updated_at = excluded.updated_at",
            (
                profile.nip,
                profile.version,
                int(profile.deleted),
                json.dumps(profile.doc, ensure_ascii=False, sort_keys=True),
                profile.created_at.isoformat(),
                profile.updated_at.isoformat(),
            ),
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


class ProfileStore:
    """Thread-safe access to the SQLite database; one connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)

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

    def get(self, nip: str) -> StoredProfile | None:
        row = self._conn.execute("SELECT * FROM profiles WHERE nip = ?", (nip,)).fetchone()
        return _row_to_profile(row) if row else None

    def list_live(self, *, after: str | None, limit: int) -> list[StoredProfile]:
        """Live profiles ordered by NIP, starting after the given NIP (keyset pagination)."""
        rows = self._conn.execute(
            "SELECT * FROM profiles WHERE deleted = 0 AND nip > ? ORDER BY nip LIMIT ?",
            (after or "", limit),
        ).fetchall()
        return [_row_to_profile(r) for r in rows]

    def count_live(self) -> int:
        return int(
            self._conn.execute("SELECT count(*) FROM profiles WHERE deleted = 0").fetchone()[0]
        )

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
