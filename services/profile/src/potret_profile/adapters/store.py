"""The profile store: profiles and positions with a transactional outbox, on SQLite (the
embedded default, one machine) or PostgreSQL (`PROFILE_DATABASE_URL`: several API replicas
on one database).

A change and the event announcing it are written in one transaction, so an event exists if
and only if the change was committed: no lost events, no phantom events. The relay
(`potret_profile.entrypoints.relay`) publishes outbox rows and marks them sent after the
broker's ack; exactly one relay publishes at a time (`relay_lease`). Deleted records stay
as tombstone rows so that versions keep growing across delete and re-create, which keeps
every consumer's "apply only newer versions" rule correct.

Writers of one record serialise: SQLite has one writer at a time; on PostgreSQL reading a
record inside a write transaction locks its row (`SELECT ... FOR UPDATE`, `Transaction.get`),
so two replicas changing the same NIP cannot both compute version n+1, and the later change's
outbox row is numbered after the earlier one's (per-record event order holds). A record read
as absent is then created with a plain INSERT: of two replicas creating the same NIP at once
the second fails on the key (`WriteConflict`, HTTP 409) instead of overwriting the first.
Writes are held back and sent together before the transaction's next read and at its commit
(a round trip per statement, not per record); an import reads its batch together
(`prefetch`), and when a record it read as absent was created meanwhile by another writer,
the import writes its batch again (imports/batch.py), so that record is updated.
Row locks live in the rows, not in PostgreSQL's shared lock table, so an import of 5,000
records takes no more of it than one of a single record.

`RecordStore` is the one storage interface the service layer uses; the dialects differ only
in the schema steps and the JSON paths of the list filters.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from potret_profile.domain.model import Kind
from potret_sqldb import Cursorish, Database, Lease, describe, open_database

_KEY = {"profiles": "nip", "positions": "position_id"}
# Keys per statement when records are read together (well below SQLite's 32,766 parameters).
_PREFETCH = 1000

# The schema steps: Alembic revisions, one file per step with the SQL of both dialects
# (adapters/migrations/versions/). SQLite keeps the record as JSON text; PostgreSQL as jsonb
# (the list filters use its ->> operator and expression indexes), keys in the "C" collation
# so that keyset pages follow byte order.
MIGRATIONS = "potret_profile.adapters:migrations"

# Filters allowed on list endpoints: name -> top-level field of doc.
FILTERS: dict[Kind, tuple[str, ...]] = {
    "profiles": ("opd", "status", "golongan", "jenis_jabatan", "kedudukan"),
    "positions": ("opd", "jenis", "jenjang"),
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


def _json(value: Any) -> Any:
    """A JSON column as read: text (SQLite) or already decoded (PostgreSQL jsonb)."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def _row(row: Mapping[str, Any], key: str) -> StoredRecord:
    return StoredRecord(
        key=row[key],
        version=int(row["version"]),
        deleted=bool(row["deleted"]),
        doc=_json(row["doc"]),
        created_at=dt.datetime.fromisoformat(row["created_at"]),
        updated_at=dt.datetime.fromisoformat(row["updated_at"]),
        provenance=_json(row.get("provenance") or "{}"),
    )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


class QualityFacts(Protocol):
    """What the store needs to keep the quality report current (quality_book.py)."""

    version: str

    def today(self) -> str:
        """The ISO day the facts are computed for (UTC)."""
        ...

    def facts(
        self, nip: str, doc: dict[str, Any], provenance: dict[str, dict[str, str]]
    ) -> tuple[str, dict[str, int], str]:
        """(OPD, the record's counters, the ISO day its assessment may change)."""
        ...


class WriteConflict(RuntimeError):
    """Another replica created the same record at the same moment (HTTP 409: try again)."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{kind} {key} was created by another writer at the same moment")
        self.kind = kind
        self.key = key


def _conflicting(exc: BaseException, created: list[tuple[str, str]]) -> tuple[str, str] | None:
    """Which of the records this transaction created met a key another writer had taken, or
    None when `exc` is not that (another constraint, another table): PostgreSQL names the
    key ("Key (nip)=(...) already exists"); SQLite names only the column, and its single
    writer, reading and writing under one lock, never gets here."""
    diag = getattr(exc, "diag", None)
    if diag is not None:
        detail = str(getattr(diag, "message_detail", "") or "")
        table = str(getattr(diag, "table_name", "") or "")
        for kind, key in created:
            if table == kind and detail == f"Key ({_KEY[kind]})=({key}) already exists.":
                return kind, key
        return None
    for kind, key in created:
        if f"UNIQUE constraint failed: {kind}.{_KEY[kind]}" in str(exc):
            return kind, key
    return None


class Transaction:
    """Operations inside one write transaction."""

    def __init__(
        self,
        tx: Cursorish,
        integrity_errors: tuple[type[BaseException], ...],
        quality: QualityFacts | None = None,
    ) -> None:
        self._tx = tx
        self._quality = quality
        self._touched: set[str] = set()  # profiles written: their quality facts are due
        self._pg = tx.dialect == "postgres"
        self._doc = "?::jsonb" if self._pg else "?"
        self._integrity = integrity_errors
        self._absent: set[tuple[str, str]] = set()  # read as absent: created by INSERT
        # Records as this transaction read or wrote them (None: absent). On PostgreSQL a read
        # row is locked until the end, so no other writer changes it meanwhile.
        self._known: dict[tuple[str, str], StoredRecord | None] = {}
        # Writes not yet sent, per statement in the order first used: sent together
        # (executemany, one round trip on PostgreSQL) before any read and at the end.
        self._pending: dict[str, list[tuple[Any, ...]]] = {}
        self._pending_keys: dict[tuple[str, str], bool] = {}  # written, not sent: created?

    def lock(self, name: str) -> None:
        """Hold `name` until the transaction ends (PostgreSQL; SQLite has one writer)."""
        self._tx.lock(name)

    def lock_record(self, key: str, kind: Kind = "profiles") -> None:
        """Lock the record's row until the transaction ends (PostgreSQL; nothing to lock
        when it does not exist)."""
        if self._pg and (kind, key) not in self._known:
            col = _KEY[kind]
            self._rows(f"SELECT 1 AS held FROM {kind} WHERE {col} = ? FOR UPDATE", (key,))  # noqa: S608

    def get(self, key: str, kind: Kind = "profiles") -> StoredRecord | None:
        """The record (locked on PostgreSQL until the transaction ends), or None; read once
        per transaction, then as this transaction left it."""
        if (kind, key) in self._known:
            return self._known[(kind, key)]
        col = _KEY[kind]
        lock = " FOR UPDATE" if self._pg else ""
        rows = self._rows(f"SELECT * FROM {kind} WHERE {col} = ?{lock}", (key,))  # noqa: S608
        found = _row(rows[0], col) if rows else None
        if found is None:
            self._absent.add((kind, key))
        self._known[(kind, key)] = found
        return found

    def prefetch(self, keys: Iterable[str], kind: Kind = "profiles") -> None:
        """Read (and on PostgreSQL lock, in key order) these records in a few statements
        instead of one each: an import of 500 reads them in one round trip."""
        col = _KEY[kind]
        wanted = sorted({k for k in keys if (kind, k) not in self._known})
        lock = " FOR UPDATE" if self._pg else ""
        rows = self._rows_in("*", kind, col, wanted, f" ORDER BY {col}{lock}")
        found = {r[col]: _row(r, col) for r in rows}
        for key in wanted:
            record = found.get(key)
            if record is None:
                self._absent.add((kind, key))
            self._known[(kind, key)] = record

    def put(self, record: StoredRecord, kind: Kind = "profiles") -> None:
        """Write the record (sent with the transaction's other writes: a key taken meanwhile
        by another writer fails the transaction with WriteConflict)."""
        col = _KEY[kind]
        insert = (
            f"INSERT INTO {kind} ({col}, version, deleted, doc, created_at, updated_at,"  # noqa: S608
            f" provenance) VALUES (?, ?, ?, {self._doc}, ?, ?, ?)"
        )
        creating = (kind, record.key) in self._absent
        sql = (
            insert
            if creating
            else insert + f" ON CONFLICT ({col}) DO UPDATE SET version = excluded.version,"
            " deleted = excluded.deleted, doc = excluded.doc,"
            " created_at = excluded.created_at, updated_at = excluded.updated_at,"
            " provenance = excluded.provenance"
        )
        if (kind, record.key) in self._pending_keys:
            self.flush_writes()  # one write per record in a batch: its order is kept
        self._write(
            sql,
            (
                record.key,
                record.version,
                int(record.deleted),
                _dumps(record.doc),
                record.created_at.isoformat(),
                record.updated_at.isoformat(),
                _dumps(record.provenance),
            ),
        )
        self._pending_keys[(kind, record.key)] = creating
        self._absent.discard((kind, record.key))
        self._known[(kind, record.key)] = record
        if kind == "profiles":
            self._touched.add(record.key)

    def _write(self, sql: str, args: tuple[Any, ...]) -> None:
        self._pending.setdefault(sql, []).append(args)

    def flush_writes(self) -> None:
        """Send the writes held back, each statement's rows together."""
        if not self._pending:
            return
        pending, created = self._pending, self._pending_keys
        self._pending, self._pending_keys = {}, {}
        try:
            for sql, rows in pending.items():
                if len(rows) == 1:
                    self._tx.execute(sql, rows[0])
                else:
                    self._tx.executemany(sql, rows)
        except self._integrity as exc:
            # Only a record read as absent can meet a key (another writer created it since).
            taken = _conflicting(exc, [key for key, creating in created.items() if creating])
            if taken is not None:
                raise WriteConflict(*taken) from exc
            raise

    def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        self.flush_writes()  # a read sees this transaction's writes
        return self._tx.rows(sql, args)

    def _rows_in(
        self, columns: str, table: str, col: str, keys: list[str], tail: str = ""
    ) -> list[dict[str, Any]]:
        """`columns` of the rows of `table` whose `col` is one of `keys`, `_PREFETCH` keys per
        statement (`tail`: what follows the WHERE clause, e.g. ORDER BY ... FOR UPDATE)."""
        out: list[dict[str, Any]] = []
        for start in range(0, len(keys), _PREFETCH):
            chunk = tuple(keys[start : start + _PREFETCH])
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT {columns} FROM {table} WHERE {col} IN ({marks}){tail}"  # noqa: S608
            out += self._rows(sql, chunk)
        return out

    def execute(self, sql: str, args: tuple[Any, ...] = ()) -> None:
        """A statement of a module that keeps its own table (corrections)."""
        self.flush_writes()
        self._tx.execute(sql, args)

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        return self._rows(sql, args)

    def set_provenance(
        self, key: str, provenance: dict[str, dict[str, str]], kind: Kind = "profiles"
    ) -> None:
        """Only the provenance (an import that confirmed facts without changing them)."""
        col = _KEY[kind]
        self.flush_writes()
        self._tx.execute(
            f"UPDATE {kind} SET provenance = ? WHERE {col} = ?",  # noqa: S608
            (_dumps(provenance), key),
        )
        known = self._known.get((kind, key))
        if known is not None:
            self._known[(kind, key)] = replace(known, provenance=provenance)
        if kind == "profiles":
            self._touched.add(key)

    def touch(self, nip: str) -> None:
        """Have this profile's quality facts computed again at commit (a rebuild, a day
        that moved its assessment)."""
        self._touched.add(nip)

    def flush_quality(self) -> None:
        """Bring the quality facts of every profile written in this transaction, and the
        report's counts, up to date: in the same transaction, so the report never counts a
        write that did not commit. Counts change in (OPD, counter) order: two transactions
        never wait on each other's count rows in opposite orders."""
        if self._quality is None or not self._touched:
            return
        version = self._quality.version
        deltas: dict[tuple[str, str, str], int] = {}
        touched = sorted(self._touched)
        old = {
            r["nip"]: r
            for r in self._rows_in(
                "nip, opd, counters, rules_version", "quality_facts", "nip", touched
            )
        }
        # What this transaction wrote is at hand; only records touched without being read or
        # written here (a rebuild, a day that moved their assessment) are read.
        current: dict[str, tuple[bool, dict[str, Any], dict[str, dict[str, str]]]] = {}
        unread = []
        for nip in touched:
            known = self._known.get(("profiles", nip))
            if known is None:
                unread.append(nip)
            else:
                current[nip] = (known.deleted, known.doc, known.provenance)
        for r in self._rows_in("nip, deleted, doc, provenance", "profiles", "nip", unread):
            current[r["nip"]] = (
                bool(r["deleted"]),
                _json(r["doc"]),
                _json(r["provenance"] or "{}"),
            )
        superseded: set[str] = set()
        upserts: list[tuple[Any, ...]] = []
        removed: list[tuple[Any, ...]] = []
        for nip in touched:
            was_row = old.get(nip)
            if was_row is not None:
                # Its share leaves the counts of the version that counted it: those stay
                # the sum of that version's facts, whichever version writes now.
                was = str(was_row["rules_version"])
                for name, n in _json(was_row["counters"]).items():
                    key = (was, was_row["opd"], name)
                    deltas[key] = deltas.get(key, 0) - int(n)
                if was not in (version, ""):
                    # Another rules version (a replica or job with another rules file) no
                    # longer covers every record: its report scans until it builds again.
                    superseded.add(was)
            now = current.get(nip)
            if now is not None and not now[0]:
                opd, counters, until = self._quality.facts(nip, now[1], now[2])
                upserts.append((nip, opd, _dumps(counters), until, version))
                for name, n in counters.items():
                    key = (version, opd, name)
                    deltas[key] = deltas.get(key, 0) + n
            elif was_row is not None:
                removed.append((nip,))
        for was in sorted(superseded):
            self._tx.execute("DELETE FROM quality_builds WHERE rules_version = ?", (was,))
        if upserts:
            self._tx.executemany(
                "INSERT INTO quality_facts (nip, opd, counters, valid_until, rules_version)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (nip) DO UPDATE SET opd = excluded.opd,"
                " counters = excluded.counters, valid_until = excluded.valid_until,"
                " rules_version = excluded.rules_version",
                upserts,
            )
        if removed:
            self._tx.executemany("DELETE FROM quality_facts WHERE nip = ?", removed)
        changes = [(*key, n) for key, n in sorted(deltas.items()) if n]
        if changes:
            self._tx.executemany(
                "INSERT INTO quality_tally (rules_version, opd, counter, n) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (rules_version, opd, counter) DO UPDATE"
                " SET n = quality_tally.n + excluded.n",
                changes,
            )
        self._touched.clear()

    def add_outbox(
        self, *, topic: str, key: bytes, payload: bytes, headers: list[tuple[str, bytes]]
    ) -> None:
        self._write(
            "INSERT INTO outbox (topic, msg_key, payload, headers, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                topic,
                key,
                payload,
                json.dumps([[k, v.decode("utf-8")] for k, v in headers]),
                _now(),
            ),
        )

    def set_quarantine(
        self, nip: str, source: str, batch_id: str, rows: list[dict[str, Any]]
    ) -> None:
        """The history rows of `nip` set aside by the latest import from `source` (replaces
        what an earlier import from it set aside)."""
        if ("quarantine", f"{nip}|{source}") in self._pending_keys:
            self.flush_writes()  # its delete must not overtake the rows written before
        self._write("DELETE FROM quarantine WHERE nip = ? AND source = ?", (nip, source))
        at = _now()
        for r in rows:
            self._write(
                "INSERT INTO quarantine (nip, source, batch_id, field, rule, message, value, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (nip, source, batch_id, r["field"], r["rule"], r["message"], r.get("value"), at),
            )
        self._pending_keys[("quarantine", f"{nip}|{source}")] = False

    def set_checkpoint(self, source: str, checkpoint: str) -> None:
        self.flush_writes()
        self._tx.execute(
            "INSERT INTO import_checkpoints (source, checkpoint, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (source) DO UPDATE SET checkpoint = excluded.checkpoint,"
            " updated_at = excluded.updated_at",
            (source, checkpoint, _now()),
        )


class RecordStore:
    """The profile store on the database `target` names: a SQLite file path, or a
    `postgresql://` URL. Thread-safe; the schema is brought up to date on open."""

    def __init__(self, target: str | Path, quality: QualityFacts | None = None) -> None:
        self._db: Database = open_database(target, name="potret-profile")
        self.dialect = self._db.dialect
        self.path = describe(target)  # for logs and messages: no password
        self._db.upgrade(MIGRATIONS, name="potret.profile")
        # Every writer of profiles keeps the quality report current with it; a store opened
        # without (a whole-store tool) leaves the facts to be rebuilt.
        self.quality = quality

    def close(self) -> None:
        self._db.close()

    @property
    def database(self) -> Database:
        """The database underneath, for whole-store tools (store_copy.py)."""
        return self._db

    def schema_version(self) -> int:
        return self._db.schema_version()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A write transaction: committed on success, rolled back on error."""
        with self._db.transaction() as tx:
            transaction = Transaction(tx, self._db.integrity_errors, self.quality)
            yield transaction
            transaction.flush_writes()
            transaction.flush_quality()

    def get(self, key: str, kind: Kind = "profiles") -> StoredRecord | None:
        col = _KEY[kind]
        rows = self._db.rows(f"SELECT * FROM {kind} WHERE {col} = ?", (key,))  # noqa: S608
        return _row(rows[0], col) if rows else None

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """A read of a module that keeps its own table (corrections)."""
        return self._db.rows(sql, args)

    def _filters(self, kind: Kind, filters: Mapping[str, str | None]) -> tuple[str, list[Any]]:
        clauses, params = [], []
        for name, value in filters.items():
            if value is None:
                continue
            if name not in FILTERS[kind]:
                raise KeyError(name)
            if self.dialect == "postgres":
                clauses.append(f"doc->>'{name}' = ?")
            else:
                clauses.append(f"json_extract(doc, '$.{name}') = ?")
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
        rows = self._db.rows(
            f"SELECT * FROM {kind} WHERE deleted = 0 AND {col} > ?{where}"  # noqa: S608
            f" ORDER BY {col} LIMIT ?",
            (after or "", *params, limit),
        )
        return [_row(r, col) for r in rows]

    def iter_live(
        self,
        *,
        page: int = 1000,
        kind: Kind = "profiles",
        filters: Mapping[str, str | None] | None = None,
    ) -> Iterator[StoredRecord]:
        """Every live record in key order, read `page` at a time (`list_live` pages): a scan
        over a store of any size in bounded memory."""
        after: str | None = None
        while True:
            rows = self.list_live(after=after, limit=page, kind=kind, filters=filters)
            yield from rows
            if len(rows) < page:
                return
            after = rows[-1].key

    def list_all(
        self, *, after: str | None, limit: int, kind: Kind = "profiles"
    ) -> list[StoredRecord]:
        """Every record, deleted ones too, ordered by key after the given key."""
        col = _KEY[kind]
        rows = self._db.rows(
            f"SELECT * FROM {kind} WHERE {col} > ? ORDER BY {col} LIMIT ?",  # noqa: S608
            (after or "", limit),
        )
        return [_row(r, col) for r in rows]

    def count_live(
        self, kind: Kind = "profiles", filters: Mapping[str, str | None] | None = None
    ) -> int:
        where, params = self._filters(kind, filters or {})
        rows = self._db.rows(
            f"SELECT count(*) AS n FROM {kind} WHERE deleted = 0{where}",  # noqa: S608
            params,
        )
        return int(rows[0]["n"])

    def live_keys(self, kind: Kind = "profiles") -> list[str]:
        """The keys of every live record, in order."""
        col = _KEY[kind]
        rows = self._db.rows(
            f"SELECT {col} AS k FROM {kind} WHERE deleted = 0 ORDER BY {col}"  # noqa: S608
        )
        return [str(r["k"]) for r in rows]

    def quarantine_of(self, nip: str) -> list[dict[str, Any]]:
        """The history rows of `nip` imports set aside, with the rule each broke."""
        return self._db.rows(
            "SELECT source, batch_id, field, rule, message, value, at FROM quarantine"
            " WHERE nip = ? ORDER BY source, field",
            (nip,),
        )

    def answer_digest(self, nip: str) -> str | None:
        """The digest of the SIASN answers last imported for `nip` (siasn_sync)."""
        rows = self._db.rows("SELECT digest FROM siasn_answers WHERE nip = ?", (nip,))
        return str(rows[0]["digest"]) if rows else None

    def set_answer_digest(self, nip: str, digest: str) -> None:
        self._db.execute(
            "INSERT INTO siasn_answers (nip, digest, fetched_at) VALUES (?, ?, ?)"
            " ON CONFLICT (nip) DO UPDATE SET digest = excluded.digest,"
            " fetched_at = excluded.fetched_at",
            (nip, digest, _now()),
        )

    def checkpoint(self, source: str) -> str | None:
        rows = self._db.rows(
            "SELECT checkpoint FROM import_checkpoints WHERE source = ?", (source,)
        )
        return str(rows[0]["checkpoint"]) if rows else None

    def unsent(self, limit: int) -> list[OutboxRow]:
        rows = self._db.rows(
            "SELECT id, topic, msg_key, payload, headers FROM outbox"
            " WHERE sent_at IS NULL ORDER BY id LIMIT ?",
            (limit,),
        )
        return [
            OutboxRow(
                id=int(r["id"]),
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
        now = _now()
        with self._db.transaction() as tx:
            if tx.dialect == "postgres":
                tx.execute("UPDATE outbox SET sent_at = ? WHERE id = ANY(?)", (now, ids))
            else:
                tx.executemany(
                    "UPDATE outbox SET sent_at = ? WHERE id = ?", [(now, i) for i in ids]
                )

    def backlog(self) -> int:
        """Number of outbox rows not yet acknowledged by Kafka."""
        rows = self._db.rows("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL")
        return int(rows[0]["n"])

    def purge_sent(self, older_than: dt.timedelta, batch: int = 10_000) -> int:
        """Delete outbox rows Kafka acknowledged longer ago than `older_than` (the topic
        keeps every event; the row is no longer needed); returns how many. In transactions
        of `batch` rows, so that writers never wait long for the store; unsent rows are
        never touched."""
        cutoff = (dt.datetime.now(dt.UTC) - older_than).isoformat()
        total = 0
        while True:
            with self._db.transaction() as tx:
                n = tx.execute(
                    "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox"
                    " WHERE sent_at IS NOT NULL AND sent_at < ? ORDER BY id LIMIT ?)",
                    (cutoff, batch),
                )
            total += n
            if n < batch:
                return total

    def relay_lease(self) -> Lease | None:
        """The right to publish the outbox, if no other relay holds it: at most one relay
        publishes at a time, and a relay that dies (even by SIGKILL) frees it at once."""
        return self._db.try_lease("potret.profile.relay")

    def siasn_lease(self) -> Lease | None:
        """The right to run a SIASN sync cycle: one at a time across replicas."""
        return self._db.try_lease("potret.profile.siasn-sync")

    def ping(self) -> None:
        self._db.rows("SELECT 1 AS ok")

    # ---- the quality report, kept current -----------------------------------------------

    def quality_built(self) -> bool:
        """Do the quality facts of the current rules cover every live profile?"""
        if self.quality is None:
            return False
        rows = self._db.rows(
            "SELECT 1 AS built FROM quality_builds WHERE rules_version = ?",
            (self.quality.version,),
        )
        return bool(rows)

    def quality_lease(self) -> Lease | None:
        """One (re)build of the quality facts at a time across replicas."""
        return self._db.try_lease("potret.profile.quality-build")

    def build_quality(
        self,
        page: int = 1000,
        stop: Callable[[], bool] = lambda: False,
        progress: Callable[[int], None] | None = None,
    ) -> bool:
        """Compute the quality facts of every live profile that has none under the current
        rules (all of them after a rules change; resumes where a stopped build left off),
        then mark the rules version built. Facts and counts of other rules versions go.
        Each page is one transaction holding its records' rows: a write to one of them
        waits, so the facts stored are those of the record as committed. False if stopped."""
        if self.quality is None:
            raise RuntimeError("the store was opened without quality rules")
        version = self.quality.version
        with self._db.transaction() as tx:
            for table in ("quality_tally", "quality_facts", "quality_builds"):
                tx.execute(f"DELETE FROM {table} WHERE rules_version <> ?", (version,))  # noqa: S608
        done = 0
        after = ""
        while not stop():
            keys = [
                str(r["nip"])
                for r in self._db.rows(
                    "SELECT p.nip FROM profiles p LEFT JOIN quality_facts f"
                    " ON f.nip = p.nip AND f.rules_version = ?"
                    " WHERE p.deleted = 0 AND f.nip IS NULL AND p.nip > ?"
                    " ORDER BY p.nip LIMIT ?",
                    (version, after, page),
                )
            ]
            if not keys and after:
                # One more pass from the start before calling it complete: a writer with
                # another rules file may have taken over a record already passed.
                after = ""
                continue
            if not keys:
                with self._db.transaction() as tx:
                    tx.execute(
                        "INSERT INTO quality_builds (rules_version, completed_at) VALUES (?, ?)"
                        " ON CONFLICT (rules_version) DO NOTHING",
                        (version, _now()),
                    )
                return True
            self._touch(keys)
            done += len(keys)
            after = keys[-1]
            if progress is not None:
                progress(done)
        return False

    def refresh_quality(self, page: int = 1000) -> int:
        """Assess again every profile whose assessment may have changed by today: an SKP
        year, an assessment's age or a confirmation passed. Returns how many."""
        if self.quality is None:
            return 0
        today = self.quality.today()
        done = 0
        seen: set[str] = set()
        while True:
            # (rules_version, valid_until) index: the due ones only, however many are not.
            keys = [
                str(r["nip"])
                for r in self._db.rows(
                    "SELECT nip FROM quality_facts WHERE rules_version IN (?, '')"
                    " AND valid_until <= ? LIMIT ?",
                    (self.quality.version, today, page),
                )
            ]
            fresh = [k for k in keys if k not in seen]
            if not fresh:  # assessed again and still due: the clock moved meanwhile
                return done
            self._touch(sorted(fresh))
            seen.update(fresh)
            done += len(fresh)

    def quality_due(self) -> int:
        """How many profiles are due to be assessed again today (changed by a writer that
        kept no facts, or moved by the date)."""
        if self.quality is None:
            return 0
        rows = self._db.rows(
            "SELECT COUNT(*) AS n FROM quality_facts WHERE rules_version IN (?, '')"
            " AND valid_until <= ?",
            (self.quality.version, self.quality.today()),
        )
        return int(rows[0]["n"])

    def _touch(self, keys: list[str]) -> None:
        with self.transaction() as tx:
            for key in keys:
                tx.lock_record(key)
                tx.touch(key)

    def quality_counts(self, opd: str | None = None) -> dict[str, dict[str, int]]:
        """The report's counts per OPD under the current rules: {opd: {counter: n}}."""
        if self.quality is None:
            return {}
        sql = "SELECT opd, counter, n FROM quality_tally WHERE rules_version = ? AND n <> 0"
        args: list[Any] = [self.quality.version]
        if opd is not None:
            sql += " AND opd = ?"
            args.append(opd)
        out: dict[str, dict[str, int]] = {}
        for r in self._db.rows(sql, args):
            out.setdefault(str(r["opd"]), {})[str(r["counter"])] = int(r["n"])
        return out
