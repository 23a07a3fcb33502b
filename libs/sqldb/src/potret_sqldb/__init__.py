"""One small SQL interface over the two stores a Potret service may keep its state in.

- SQLite file (the default): one machine, what `make run` uses. WAL, one connection per
  thread (readers run side by side), writers one at a time (BEGIN IMMEDIATE).
- PostgreSQL (a `postgresql://` URL): shared by any number of replicas of a service, so it
  can scale out. Writers that touch the same thing serialise on a named, transaction-scoped
  advisory lock (`Tx.lock`); SQLite needs none (it has one writer at a time anyway).

An event loop that must not block reads with `rows_now`: SQLite answers a point lookup at
once, PostgreSQL (`reads_now` False) or a file it cannot read at once raise `WouldWait`, and
the caller reads with `rows` from a worker thread.

SQL is written once with `?` placeholders; the PostgreSQL backend translates them. Where the
dialects differ (JSON paths, column types in DDL) the caller branches on `dialect`.

A database that cannot be reached, times out, is busy past its timeout (SQLite) or is
read-only raises `StoreUnavailable`, which the HTTP services answer with 503 and Retry-After:
a transaction is stored whole or not at all. A value the database cannot store (PostgreSQL:
a NUL character) raises `ValueRejected` (422).
"""

from __future__ import annotations

import fcntl
import os
import random
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import Any, Literal, Protocol

Dialect = Literal["sqlite", "postgres"]


class StoreUnavailable(RuntimeError):
    """The database cannot be reached, did not answer in time, or refuses writes (read-only):
    maps to HTTP 503 with Retry-After."""


class WouldWait(RuntimeError):
    """`rows_now` cannot answer at once: the database is a round trip away (PostgreSQL), its
    file is held against readers, or it cannot be read at all (missing, I/O error). The
    caller reads with `rows` from a worker thread, which waits or raises StoreUnavailable."""


class ValueRejected(ValueError):
    """The database refused a value as such (PostgreSQL: a NUL character in text or JSON):
    the request's fault, not the database's (maps to HTTP 422)."""


class Cursorish(Protocol):
    """Statements inside one transaction."""

    dialect: Dialect

    def execute(self, sql: str, args: Sequence[Any] = ()) -> int: ...

    def executemany(self, sql: str, args: Iterable[Sequence[Any]]) -> None: ...

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]: ...

    def lock(self, name: str) -> None:
        """Hold `name` until this transaction ends; other transactions naming it wait."""


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def describe(target: str | Path) -> str:
    """The target without a password, for logs and messages."""
    if not is_url(target):
        return str(target)
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(str(target))
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class MigrationFailed(RuntimeError):
    """A schema step failed; it was rolled back whole and the schema is as it was before it."""


class Lease(ABC):
    """A named right held by one process at a time (the outbox relay's leadership); freed
    by `release()` or when the holder dies."""

    @abstractmethod
    def alive(self) -> bool:
        """Still held: checked before each batch; a lost lease means stop publishing."""

    @abstractmethod
    def release(self) -> None: ...


class _FileLease(Lease):
    """An exclusive flock on a file beside the SQLite database: the kernel frees it when the
    holder's process ends, however it ends."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    def alive(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None


class _PgLease(Lease):
    """A session-level advisory lock on a connection of its own: PostgreSQL frees it when
    that connection ends (the holder exits, is killed, or loses the network)."""

    def __init__(self, conn: Any) -> None:
        self._conn: Any = conn

    def alive(self) -> bool:
        if self._conn is None or self._conn.closed:
            return False
        try:
            self._conn.execute("SELECT 1")
        except Exception:
            self.release()
            return False
        return True

    def release(self) -> None:
        if self._conn is not None:
            with suppress(Exception):
                self._conn.close()  # ending the session drops its advisory locks
            self._conn = None


class Database(ABC):
    """A SQLite file or a PostgreSQL pool with `execute`, `rows` and `transaction(lock=...)`.
    Thread-safe."""

    dialect: Dialect
    integrity_errors: tuple[type[BaseException], ...]
    path: Path | str  # the SQLite file, or the URL without its password

    def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        with self.transaction() as tx:
            return tx.execute(sql, args)

    @abstractmethod
    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """A read outside any write transaction."""

    # Can `rows_now` answer at all? A caller that knows it cannot goes straight to a thread.
    reads_now: bool = False

    def rows_now(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """A point lookup for a caller that must not block (an event loop): the rows if they
        can be had at once, else `WouldWait`, and the caller reads with `rows` from a worker
        thread. PostgreSQL always waits (a round trip); SQLite answers from its file unless
        the file is locked against readers (WAL readers are not held by writers). Only for
        lookups by key in small tables: a read of pages not in the OS cache is disk I/O on
        the caller's thread. Reads only: a write belongs in `transaction`."""
        raise WouldWait(f"{self.dialect}: a read is a round trip")

    @abstractmethod
    def transaction(self, lock: str | None = None) -> AbstractContextManager[Cursorish]:
        """One write transaction; with `lock`, transactions naming the same lock run one at a
        time across every process using this database."""

    @abstractmethod
    def migrate(self, schema: dict[Dialect, str]) -> None:
        """Run an idempotent script (CREATE ... IF NOT EXISTS) of this dialect."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def try_lease(self, name: str) -> Lease | None:
        """Take `name` if no other process holds it; None when one does."""

    @abstractmethod
    def raw_connection(self) -> Any:
        """A new driver connection of this database's settings, owned by the caller (the
        migration engine's: potret_sqldb.migrations)."""

    @abstractmethod
    def is_unavailable(self, exc: BaseException) -> bool:
        """Does this driver error say the database cannot be used now (down, busy past the
        timeout, read-only), as opposed to a wrong statement?"""

    def upgrade(self, script_location: str, *, name: str) -> int:
        """Bring the schema to the newest revision of the Alembic scripts at
        `script_location` (potret_sqldb.migrations.upgrade); returns the step in place."""
        from potret_sqldb.migrations import upgrade

        return upgrade(self, script_location, name=name)

    def schema_version(self) -> int:
        """The schema step in place (0: none)."""
        from potret_sqldb.migrations import current

        return current(self)


class _SqliteTx:
    dialect: Dialect = "sqlite"

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        return self._db.execute(sql, tuple(args)).rowcount

    def executemany(self, sql: str, args: Iterable[Sequence[Any]]) -> None:
        self._db.executemany(sql, (tuple(a) for a in args))

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self._db.execute(sql, tuple(args))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def lock(self, name: str) -> None:
        """Nothing to take: BEGIN IMMEDIATE already made this the only writer."""


# SQLite's errors that say the file cannot be used now (busy past the timeout, read-only,
# I/O, disk full), as opposed to a wrong statement: unavailable, like a PostgreSQL that is down.
_SQLITE_UNAVAILABLE = {
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_READONLY",
    "SQLITE_IOERR",
    "SQLITE_CANTOPEN",
    "SQLITE_FULL",
}


def _sqlite_unavailable(exc: BaseException) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    return isinstance(exc, sqlite3.OperationalError) and any(
        name.startswith(code) for code in _SQLITE_UNAVAILABLE
    )


@contextmanager
def _sqlite_errors(path: Path | str) -> Iterator[None]:
    try:
        yield
    except sqlite3.OperationalError as exc:
        if _sqlite_unavailable(exc):
            raise StoreUnavailable(f"SQLite {path}: {exc}") from exc
        raise


class SqliteDatabase(Database):
    dialect: Dialect = "sqlite"
    reads_now = True
    integrity_errors = (sqlite3.IntegrityError,)

    def __init__(self, path: Path, *, busy_timeout_s: float = 30.0) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._busy_timeout = busy_timeout_s
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self._use_wal()

    def _use_wal(self) -> None:
        """Switch the file to WAL (once per file; it stays so). Two connections switching a
        new file at the same moment can get "database is locked" at once, without the busy
        timeout: SQLite refuses one of two readers that both want the write lock rather
        than let them wait for each other. Tried again until the busy timeout."""
        deadline = time.monotonic() + self._busy_timeout
        while True:
            try:
                self._conn().execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                busy = getattr(exc, "sqlite_errorname", "").startswith(
                    ("SQLITE_BUSY", "SQLITE_LOCKED")
                )
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0.005, 0.05))

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            # One connection per thread: readers run side by side under WAL.
            conn = self.raw_connection()
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        # A single statement in autocommit mode is its own transaction.
        with _sqlite_errors(self.path):
            return _SqliteTx(self._conn()).execute(sql, args)

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with _sqlite_errors(self.path):
            return _SqliteTx(self._conn()).rows(sql, args)

    def rows_now(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        # A connection of its own that never waits for a lock (busy timeout 0): under WAL a
        # read waits only while another connection holds the file exclusively (a WAL being
        # recovered after a crash, exclusive locking mode), and then the caller goes to a
        # thread instead of the busy timeout blocking its event loop.
        try:
            conn: sqlite3.Connection | None = getattr(self._local, "nowait", None)
            if conn is None:
                conn = sqlite3.connect(
                    self.path, timeout=0, isolation_level=None, check_same_thread=False
                )
                self._local.nowait = conn
                with self._all_lock:
                    self._all.append(conn)
            return _SqliteTx(conn).rows(sql, args)
        except sqlite3.OperationalError as exc:  # opening the file, or reading it
            if _sqlite_unavailable(exc):
                raise WouldWait(f"SQLite {self.path}: {exc}") from exc
            raise

    @contextmanager
    def transaction(self, lock: str | None = None) -> Iterator[Cursorish]:
        # BEGIN IMMEDIATE takes the file's write lock: one writer at a time across threads and
        # processes, named lock or not.
        with _sqlite_errors(self.path):
            conn = self._conn()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteTx(conn)
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def raw_connection(self) -> sqlite3.Connection:
        # Autocommit at the driver: transactions are begun explicitly (BEGIN IMMEDIATE). The
        # busy timeout lets a writer wait for another process's write (the API and a CLI
        # share a file).
        conn = sqlite3.connect(
            self.path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False
        )
        # FULL: a committed change survives a power cut, not only a crash.
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def is_unavailable(self, exc: BaseException) -> bool:
        return _sqlite_unavailable(exc)

    def migrate(self, schema: dict[Dialect, str]) -> None:
        self._conn().executescript(schema["sqlite"])

    def try_lease(self, name: str) -> Lease | None:
        fd = os.open(f"{self.path}.{name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        return _FileLease(fd)

    def close(self) -> None:
        with self._all_lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


class _PgTx:
    dialect: Dialect = "postgres"

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def _run(self, sql: str, args: Sequence[Any]) -> Any:
        if not args:
            # Without parameters psycopg sends the text as it is (several statements allowed).
            return self._conn.execute(sql.encode())
        return self._conn.execute(self._sql(sql), tuple(args))

    def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        return int(self._run(sql, args).rowcount)

    def executemany(self, sql: str, args: Iterable[Sequence[Any]]) -> None:
        batch = [tuple(a) for a in args]
        if batch:
            with self._conn.cursor() as cur:
                cur.executemany(self._sql(sql), batch)  # pipelined: one round trip per batch

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self._run(sql, args)
        names = [d.name for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def lock(self, name: str) -> None:
        self._conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (name,))


class PostgresDatabase(Database):
    dialect: Dialect = "postgres"

    def __init__(
        self, url: str, *, pool_size: int = 8, timeout_s: float = 5.0, name: str = "potret"
    ) -> None:
        import psycopg
        from psycopg_pool import ConnectionPool

        self.url = url
        self.path = describe(url)
        self._timeout = timeout_s
        self._psycopg = psycopg
        self.integrity_errors = (psycopg.errors.IntegrityError,)
        # A database that is up but refuses writes (a standby, default_transaction_read_only)
        # is as unavailable for a write as one that is down.
        self._unavailable: tuple[type[BaseException], ...] = (
            psycopg.OperationalError,
            psycopg.errors.ReadOnlySqlTransaction,
        )
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True, **_session_settings(timeout_s)},
            # A connection broken by a database restart is replaced, not handed out.
            check=ConnectionPool.check_connection,
            open=False,
            name=name,
        )
        try:
            self._pool.open(wait=True, timeout=timeout_s)
        except Exception as exc:
            self._pool.close()
            raise StoreUnavailable(f"PostgreSQL {self.path} cannot be reached: {exc}") from exc

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        from psycopg_pool import PoolTimeout

        try:
            with self._pool.connection(timeout=self._timeout) as conn:
                yield conn
        except (PoolTimeout, *self._unavailable) as exc:  # type: ignore[misc]
            raise StoreUnavailable(f"PostgreSQL {self.path}: {exc}") from exc
        except self._psycopg.DataError as exc:
            raise ValueRejected(str(exc).splitlines()[0]) from exc

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._connection() as conn:
            return _PgTx(conn).rows(sql, args)

    @contextmanager
    def transaction(self, lock: str | None = None) -> Iterator[Cursorish]:
        with self._connection() as conn, conn.transaction():
            tx = _PgTx(conn)
            if lock is not None:
                tx.lock(lock)
            yield tx

    def try_lease(self, name: str) -> Lease | None:
        try:
            conn = self._psycopg.connect(
                self.url, autocommit=True, **_session_settings(self._timeout)
            )
        except self._unavailable as exc:
            raise StoreUnavailable(f"PostgreSQL {self.path}: {exc}") from exc
        try:
            row = conn.execute("SELECT pg_try_advisory_lock(hashtext(%s))", (name,)).fetchone()
        except self._unavailable as exc:
            conn.close()
            raise StoreUnavailable(f"PostgreSQL {self.path}: {exc}") from exc
        if not (row and row[0]):
            conn.close()
            return None
        return _PgLease(conn)

    def raw_connection(self) -> Any:
        # not autocommit: the migration engine commits or rolls back each step
        return self._psycopg.connect(self.url, autocommit=False, **_session_settings(self._timeout))

    def is_unavailable(self, exc: BaseException) -> bool:
        return isinstance(exc, self._unavailable)

    def migrate(self, schema: dict[Dialect, str]) -> None:
        # Replicas starting together must not race on CREATE ... IF NOT EXISTS. The lock's
        # name is the one earlier releases took ("potret.gateway.migrate"), so replicas of
        # both serialise during a rolling update.
        with self.transaction(lock=f"{self._pool.name.replace('-', '.')}.migrate") as tx:
            tx.execute(schema["postgres"])

    def close(self) -> None:
        self._pool.close()


def _sqlite_statements(script: str) -> Iterator[str]:
    """The statements of a script, a trigger's body (whose statements end in ';' too) kept
    whole."""
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n\t;"):
                yield buffer
            buffer = ""
    if buffer.strip(" \n\t;"):
        yield buffer


def _session_settings(timeout_s: float) -> dict[str, Any]:
    """Connection settings of every PostgreSQL session: the connect timeout; keepalives on
    both ends (the server's own, set per session, is what frees a dead client's locks: the
    relay lease of a node that vanished is free again in about 15 s, not the OS's 2 hours);
    and bounds on waiting for a lock (10 s) or a statement (2 min), so that a request stuck
    behind a long import gets 503 instead of holding a pool connection forever."""
    return {
        "connect_timeout": max(1, int(timeout_s)),
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 3,
        "tcp_user_timeout": 15_000,
        "options": "-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2"
        " -c tcp_keepalives_count=3 -c tcp_user_timeout=15000"
        " -c lock_timeout=10s -c statement_timeout=120s",
    }


def open_database(target: str | Path, *, name: str = "potret") -> Database:
    """`postgresql://...` → PostgreSQL; anything else is a SQLite file path."""
    if is_url(target):
        return PostgresDatabase(str(target), name=name)
    return SqliteDatabase(Path(target))


__all__ = [
    "Cursorish",
    "Database",
    "Dialect",
    "Lease",
    "MigrationFailed",
    "PostgresDatabase",
    "SqliteDatabase",
    "StoreUnavailable",
    "ValueRejected",
    "WouldWait",
    "describe",
    "is_url",
    "open_database",
]
