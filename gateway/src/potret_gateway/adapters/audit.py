"""Append-only, hash-chained audit trail of every request that reads, ranks or changes people.

Each entry stores who asked, when, what was asked (method, path, query, the question of
/v1/ask) and which NIPs were returned or changed, plus `hash = sha256(prev_hash || entry)`
over a canonical JSON of the entry. SQLite triggers refuse UPDATE and DELETE; an edit made
around them (another tool, a restored file) breaks the chain, which `verify` detects and
locates. `potret-audit verify|export` is the CLI.

Stored in SQLite (one gateway) or PostgreSQL (several replicas, `GATEWAY_DATABASE_URL`): there
triggers refuse UPDATE, DELETE and TRUNCATE, and appends from all replicas take one advisory
lock, so the replicas write a single chain with contiguous sequence numbers.

A hash chain alone can be rewritten by whoever can write the database: recompute every hash
after an edit, or cut off the tail. Two things outside the database stop that:

- a key (the audit key, GATEWAY_AUDIT_SECRET or derived from the JWT key; never stored in the
  database): each entry carries `mac = HMAC-SHA256(key, seq|hash)`, which cannot be
  recomputed without it;
- signed checkpoints `{seq, hash, at, mac}` written on a schedule and at shutdown to a file
  (GATEWAY_AUDIT_CHECKPOINTS) and to the log (logger `potret.audit.checkpoint`, which a log
  collector keeps elsewhere): a tail cut off after a checkpoint, or a chain rewritten before
  one, no longer matches it.

`verify` reports the first bad entry: an edited entry (hash), a deleted one (seq gap), a
recomputed chain (MAC), a truncated tail or a rewritten past (checkpoint).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hmac
import json
import logging
import os
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from potret_gateway.domain.audit import (
    GENESIS,
    Broken,
    Entry,
    RetiredKey,
    checkpoint_mac,
    entry_hash,
    entry_mac,
    parse_checkpoint,
)
from potret_sqldb import StoreUnavailable, open_database

CHECKPOINT_LOGGER = "potret.audit.checkpoint"
CHECKPOINT_MARK = "audit checkpoint "
log = logging.getLogger(CHECKPOINT_LOGGER)

_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    query TEXT NOT NULL,
    detail TEXT NOT NULL,
    status INTEGER NOT NULL,
    request_id TEXT NOT NULL,
    nips TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    mac TEXT
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
"""

_POSTGRES_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    query TEXT NOT NULL,
    detail TEXT NOT NULL,
    status INTEGER NOT NULL,
    request_id TEXT NOT NULL,
    nips TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    mac TEXT
);
ALTER TABLE audit ADD COLUMN IF NOT EXISTS mac TEXT;
CREATE INDEX IF NOT EXISTS audit_actor ON audit (actor text_pattern_ops);
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit trail is append-only'; END $$;
CREATE OR REPLACE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE OR REPLACE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
"""

_COLUMNS = (
    "seq, at, actor, action, method, path, query, detail, status, request_id, nips, prev_hash,"
    " hash, mac"
)


def read_checkpoints(path: str | Path | None) -> list[dict[str, Any]]:
    """The checkpoints of a checkpoint file (one JSON object per line), or of a gateway log
    (text or JSON lines) where the logger `potret.audit.checkpoint` wrote them. Lines split
    on newlines only; anything else, or a malformed item, is skipped."""
    if not path or not Path(path).exists():
        return []
    out = []
    for line in Path(path).read_text("utf-8", errors="replace").split("\n"):
        text = line.strip()
        if not text:
            continue
        if CHECKPOINT_LOGGER in text:
            try:
                record = json.loads(text)  # a JSON log line: the checkpoint is its message
                text = str(record.get("message", "")) if isinstance(record, dict) else ""
            except ValueError:
                pass  # a text log line
            marker = text.find(CHECKPOINT_MARK)
            if marker < 0:
                continue
            text = text[marker + len(CHECKPOINT_MARK) :].strip()
        elif not text.startswith("{"):
            continue
        try:
            item = parse_checkpoint(json.loads(text))
        except ValueError:
            continue
        if item is not None:
            out.append(item)
    return out


class AuditLog:
    """The audit trail in a SQLite file (a path) or PostgreSQL (a `postgresql://` URL).

    With `key`, each entry gets its MAC and `checkpoint()` signs the chain's head into
    `checkpoints` (a file) and the log. `previous_keys` (oldest first) are keys the trail
    was signed with before a rotation: entries and checkpoints made under them still verify,
    and no entry may go back to an older key after a newer one."""

    def __init__(
        self,
        target: str | Path,
        key: bytes | None = None,
        checkpoints: str | Path | None = None,
        previous_keys: tuple[RetiredKey, ...] = (),
    ) -> None:
        self._db = open_database(target, name="potret-gateway")
        self.path = self._db.path
        self._db.migrate({"sqlite": _SQLITE_SCHEMA, "postgres": _POSTGRES_SCHEMA})
        self._ensure_mac_column()
        self._key = key
        self._previous = previous_keys
        self.checkpoints = Path(checkpoints) if checkpoints else None
        self._last_checkpoint = 0
        self._keyed_from: int | None = None  # the first entry with a MAC

    def _ensure_mac_column(self) -> None:
        """Trails written before the keyed chain (SQLite has no ADD COLUMN IF NOT EXISTS)."""
        if self._db.dialect != "sqlite":
            return
        with self._db.transaction() as tx:
            names = {r["name"] for r in tx.rows("SELECT name FROM pragma_table_info('audit')")}
            if "mac" not in names:
                tx.execute("ALTER TABLE audit ADD COLUMN mac TEXT")

    def close(self) -> None:
        self._db.close()

    def append(self, entry: Entry) -> str:
        """Append one entry (serialised with every other writer); returns its hash."""
        return self.append_many([entry])[0]

    def append_many(self, entries: Sequence[Entry]) -> list[str]:
        """Append entries in order in one transaction (one commit, one fsync), serialised with
        every other writer; returns their hashes. All are stored or none."""
        digests: list[str] = []
        with self._db.transaction(lock="potret.audit.append") as tx:
            last = tx.rows("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
            seq, prev = (last[0]["seq"], last[0]["hash"]) if last else (0, GENESIS)
            rows = []
            for entry in entries:
                seq += 1
                digest = entry_hash(prev, entry)
                mac = entry_mac(self._key, seq, digest) if self._key else None
                rows.append(
                    (
                        seq,
                        entry.at,
                        entry.actor,
                        entry.action,
                        entry.method,
                        entry.path,
                        entry.query,
                        entry.detail,
                        entry.status,
                        entry.request_id,
                        json.dumps(list(entry.nips)),
                        prev,
                        digest,
                        mac,
                    )
                )
                digests.append(digest)
                prev = digest
            tx.executemany(
                "INSERT INTO audit (seq, at, actor, action, method, path, query, detail, status,"
                " request_id, nips, prev_hash, hash, mac) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
        return digests

    def checkpoint(self) -> dict[str, Any] | None:
        """Sign the chain's head (seq, hash, time) into the checkpoint file and the log, if it
        moved since the last one; None without a key or entries."""
        if not self._key:
            return None
        last = self._db.rows("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        if not last or last[0]["seq"] == self._last_checkpoint:
            return None
        seq, digest, at = int(last[0]["seq"]), str(last[0]["hash"]), now()
        if self._keyed_from is None:
            first = self._db.rows("SELECT MIN(seq) AS first FROM audit WHERE mac IS NOT NULL")
            self._keyed_from = int(first[0]["first"]) if first and first[0]["first"] else None
        keyed_from = self._keyed_from or seq + 1
        item = {
            "seq": seq,
            "hash": digest,
            "at": at,
            "keyed_from": keyed_from,
            "mac": checkpoint_mac(self._key, seq, digest, at, keyed_from),
        }
        line = json.dumps(item, separators=(",", ":"))
        if self.checkpoints is not None:
            self.checkpoints.parent.mkdir(parents=True, exist_ok=True)
            with self.checkpoints.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        log.info("%s%s", CHECKPOINT_MARK, line)
        self._last_checkpoint = seq
        return item

    def entries(self, since_seq: int = 0) -> list[dict[str, Any]]:
        return self._select("seq > ?", [since_seq], -1)

    def query(
        self,
        *,
        actor: str | None = None,
        action: str | None = None,
        nip: str | None = None,
        status: int | None = None,
        since: str | None = None,
        until: str | None = None,
        request_id: str | None = None,
        after_seq: int = 0,
        limit: int = 100,
        newest_first: bool = False,
    ) -> list[dict[str, Any]]:
        """Entries matching every given filter, oldest first (or newest first), after
        `after_seq` (cursor). `actor` matches a prefix (e.g. "user:budi"); `since`/`until`
        are ISO timestamps."""
        where: list[str] = ["seq > ?"]
        args: list[Any] = [after_seq]
        if actor:
            where.append("actor LIKE ? ESCAPE '\\'")
            args.append(actor.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        if action:
            where.append("action = ?")
            args.append(action)
        if nip:
            where.append("nips LIKE ?")
            args.append(f'%"{nip}"%')
        if status is not None:
            where.append("status = ?")
            args.append(status)
        if since:
            where.append("at >= ?")
            args.append(since)
        if until:
            where.append("at < ?")
            args.append(until)
        if request_id:
            # a full id, or its start as a printed reference carries it (any case)
            where.append("LOWER(request_id) LIKE ? ESCAPE '\\'")
            escaped = request_id.lower().replace("\\", "\\\\").replace("%", "\\%")
            args.append(escaped.replace("_", "\\_") + "%")
        return self._select(" AND ".join(where), args, limit, newest_first=newest_first)

    def _select(
        self, where: str, args: list[Any], limit: int, *, newest_first: bool = False
    ) -> list[dict[str, Any]]:
        # The clauses are fixed strings; every value is bound.
        order = "seq DESC" if newest_first else "seq"
        sql = f"SELECT {_COLUMNS} FROM audit WHERE {where} ORDER BY {order} LIMIT ?"  # noqa: S608
        limit_args = [limit if limit >= 0 else None]
        if limit < 0:
            sql = sql.replace(" LIMIT ?", "")
            limit_args = []
        out = []
        for item in self._db.rows(sql, [*args, *limit_args]):
            item["nips"] = json.loads(item["nips"])
            out.append(item)
        return out

    def verify(
        self, key: bytes | None = None, checkpoints: list[dict[str, Any]] | None = None
    ) -> tuple[int, Broken | None]:
        """(entries checked, first broken link or None). With the key (default: this log's)
        every MAC is checked; with checkpoints (default: this log's file) each must match the
        entry at its seq, and none may lie beyond the last entry."""
        if key is not None:
            keys: tuple[bytes, ...] = (key,)
        else:
            keys = (*(r.key for r in self._previous), self._key) if self._key is not None else ()
        bounds = [r.last_seq for r in self._previous] + [None] if key is None else [None]
        if checkpoints is None:
            checkpoints = read_checkpoints(self.checkpoints)
        marks: dict[int, str] = {}
        for cp in checkpoints:
            seq = int(cp["seq"])
            if keys and not any(
                hmac.compare_digest(
                    checkpoint_mac(k, seq, cp["hash"], cp["at"], cp["keyed_from"]).encode(),
                    str(cp["mac"]).encode(),
                )
                for k in keys
            ):
                return 0, Broken(seq, "checkpoint tidak sah (MAC salah): berkas checkpoint diubah")
            marks[seq] = str(cp["hash"])
        # Signed outside the database: from which entry on every entry carries a MAC (MACs
        # set to NULL with recomputed hashes would otherwise read as a trail from before
        # the key).
        keyed_from = min((int(cp["keyed_from"]) for cp in checkpoints), default=None)
        newest = 0  # the newest key seen so far (index into keys)
        prev = GENESIS
        count = 0
        expected_seq = 1
        keyed = False
        for item in self.entries():
            count += 1
            if item["seq"] != expected_seq:
                return count, Broken(expected_seq, "entri hilang (urutan seq terputus)")
            expected_seq = item["seq"] + 1
            if item["prev_hash"] != prev:
                return count, Broken(
                    item["seq"], "prev_hash tidak sama dengan hash entri sebelumnya"
                )
            entry = Entry(
                item["at"],
                item["actor"],
                item["action"],
                item["method"],
                item["path"],
                item["query"],
                item["detail"],
                item["status"],
                item["request_id"],
                tuple(item["nips"]),
            )
            if entry_hash(prev, entry) != item["hash"]:
                return count, Broken(item["seq"], "isi entri diubah (hash tidak cocok)")
            if keys:
                if item["mac"] is None and (
                    keyed or (keyed_from is not None and item["seq"] >= keyed_from)
                ):
                    return count, Broken(item["seq"], "entri tanpa MAC di tengah rantai berkunci")
                if item["mac"] is not None:
                    keyed = True
                    signed = [
                        i
                        for i, k in enumerate(keys)
                        if hmac.compare_digest(
                            entry_mac(k, item["seq"], item["hash"]).encode(),
                            str(item["mac"]).encode(),
                        )
                    ]
                    if not signed:
                        return count, Broken(
                            item["seq"],
                            "rantai dihitung ulang: MAC tidak cocok (diubah tanpa kunci audit)",
                        )
                    in_time = [i for i in signed if bounds[i] is None or item["seq"] <= bounds[i]]
                    if not in_time or max(signed) < newest:
                        return count, Broken(
                            item["seq"], "ditandatangani dengan kunci lama setelah rotasi kunci"
                        )
                    newest = max(signed)
            mark = marks.get(item["seq"])
            if mark is not None and mark != item["hash"]:
                return count, Broken(
                    item["seq"],
                    "berbeda dari checkpoint yang ditandatangani: riwayat ditulis ulang",
                )
            prev = item["hash"]
        beyond = [seq for seq in marks if seq >= expected_seq]
        if beyond:
            return count, Broken(
                expected_seq,
                f"ekor jejak hilang: checkpoint mencatat seq {max(beyond)}, "
                f"basis data berakhir di seq {expected_seq - 1}",
            )
        return count, None


class AuditWriter:
    """The gateway's writer of the trail: one thread, fed by the event loop.

    An answer waits for its entry to be committed (`await write(entry)`; a failure raises,
    and the caller refuses the answer: fail closed). Entries that arrive while a commit is
    under way go together in the next one (one transaction, one fsync: group commit), so
    concurrent requests do not queue behind each other's fsync. A batch the store refuses is
    written again entry by entry, so one entry it refuses fails only its own request; a store
    that cannot be reached fails the whole batch at once (each request gets its 503 after one
    timeout, not after one per entry queued before it).

    A thread of its own instead of a worker of the shared pool: no pool hop, and the pool's
    threads are not held by fsyncs."""

    def __init__(self, log: AuditLog, max_batch: int = 256) -> None:
        self.log = log
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._thread.start()

    async def write(self, entry: Entry) -> None:
        """Store `entry`; raises when it cannot be stored (the caller refuses the answer)."""
        if self._closed or not self._thread.is_alive():
            raise AuditWriterStopped("the audit writer is not running")
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()

        def settle(error: BaseException | None) -> None:
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
                loop.call_soon_threadsafe(_settle, done, error)

        self._queue.put(_Pending(entry, settle))
        await done

    def close(self) -> None:
        """Write what is queued, then stop the thread; anything queued after is refused."""
        self._closed = True
        self._queue.put(None)
        self._thread.join()
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                item.settle(AuditWriterStopped("the audit writer stopped"))

    def _run(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stopping = True
                    break
                batch.append(item)
            self._commit(batch)

    def _commit(self, batch: list[_Pending]) -> None:
        try:
            self.log.append_many([p.entry for p in batch])
        except Exception as exc:
            if len(batch) == 1 or isinstance(exc, StoreUnavailable):
                for pending in batch:
                    pending.settle(exc)
                return
            for pending in batch:  # which one was refused? each on its own
                self._commit([pending])
            return
        for pending in batch:
            pending.settle(None)


class AuditWriterStopped(RuntimeError):
    """The writer is stopped (shutdown) or its thread died: nothing can be recorded."""


@dataclass(frozen=True)
class _Pending:
    entry: Entry
    settle: Callable[[BaseException | None], None]


def _settle(done: asyncio.Future[None], error: BaseException | None) -> None:
    if done.cancelled():
        return  # the request went away; its entry is stored all the same
    if error is None:
        done.set_result(None)
    else:
        done.set_exception(error)


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
