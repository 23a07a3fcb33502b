"""Where the gateway keeps its own state (users, API keys, the audit trail).

Two backends with one small interface:
- SQLite file (the default): one gateway process; what `make run` uses.
- PostgreSQL (`GATEWAY_DATABASE_URL=postgresql://...`): shared by any number of gateway
  replicas, so the gateway can scale out (Kubernetes HPA). The audit chain stays one chain:
  appends from every replica are serialised by a transaction-scoped advisory lock.

SQL is written once with `?` placeholders; the PostgreSQL backend translates them.
"""

from __future__ import annotations

import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Literal, Protocol

Dialect = Literal["sqlite", "postgres"]


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or did not answer in time (maps to HTTP 503)."""


class Cursorish(Protocol):
    def execute(self, sql: str, args: Sequence[Any] = ()) -> int: ...

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]: ...


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


class Database(ABC):
    """A connection (SQLite) or a pool (PostgreSQL) with `execute`, `rows` and
    `transaction(lock=...)`. Thread-safe."""

    dialect: Dialect
    integrity_errors: tuple[type[BaseException], ...]
    path: Path | str  # the SQLite file, or the URL without its password

    def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        with self.transaction() as tx:
            return tx.execute(sql, args)

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.transaction() as tx:
            return tx.rows(sql, args)

    @abstractmethod
    def transaction(self, lock: str | None = None) -> AbstractContextManager[Cursorish]:
        """One transaction; with `lock`, transactions naming the same lock run one at a
        time across every process using this database."""

    @abstractmethod
    def migrate(self, schema: dict[Dialect, str]) -> None: ...

    @abstractmethod
    def close(self) -> None: ...


class _SqliteTx:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        return self._db.execute(sql, tuple(args)).rowcount

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self._db.execute(sql, tuple(args))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


class SqliteDatabase(Database):
    dialect: Dialect = "sqlite"
    integrity_errors = (sqlite3.IntegrityError,)

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")

    def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        with self._lock:  # a single statement in autocommit mode is its own transaction
            return _SqliteTx(self._db).execute(sql, args)

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            return _SqliteTx(self._db).rows(sql, args)

    @contextmanager
    def transaction(self, lock: str | None = None) -> Iterator[Cursorish]:
        # One connection, one writer: the process lock plus BEGIN IMMEDIATE (which takes the
        # file's write lock) serialise every transaction, named lock or not.
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteTx(self._db)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def migrate(self, schema: dict[Dialect, str]) -> None:
        with self._lock:
            self._db.executescript(schema["sqlite"])

    def close(self) -> None:
        self._db.close()


class _PgTx:
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

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self._run(sql, args)
        names = [d.name for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


class PostgresDatabase(Database):
    dialect: Dialect = "postgres"

    def __init__(self, url: str, *, pool_size: int = 8, timeout_s: float = 5.0) -> None:
        import psycopg
        from psycopg_pool import ConnectionPool

        self.url = url
        self.path = describe(url)
        self._timeout = timeout_s
        self._psycopg = psycopg
        self.integrity_errors = (psycopg.errors.IntegrityError,)
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True, "connect_timeout": max(1, int(timeout_s))},
            # A connection broken by a database restart is replaced, not handed out.
            check=ConnectionPool.check_connection,
            open=False,
            name="potret-gateway",
        )
        try:
            self._pool.open(wait=True, timeout=timeout_s)
        except Exception as exc:
            self._pool.close()
            raise StoreUnavailable(f"PostgreSQL {self.path} cannot be reached: {exc}") from exc

    @contextmanager
    def transaction(self, lock: str | None = None) -> Iterator[Cursorish]:
        from psycopg_pool import PoolTimeout

        try:
            with self._pool.connection(timeout=self._timeout) as conn, conn.transaction():
                if lock is not None:
                    conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (lock,))
                yield _PgTx(conn)
        except (PoolTimeout, self._psycopg.OperationalError) as exc:
            raise StoreUnavailable(f"PostgreSQL {self.path}: {exc}") from exc

    def migrate(self, schema: dict[Dialect, str]) -> None:
        # Replicas starting together must not race on CREATE ... IF NOT EXISTS.
        with self.transaction(lock="potret.gateway.migrate") as tx:
            tx.execute(schema["postgres"])

    def close(self) -> None:
        self._pool.close()


def open_database(target: str | Path) -> Database:
    """`postgresql://...` → PostgreSQL; anything else is a SQLite file path."""
    if is_url(target):
        return PostgresDatabase(str(target))
    return SqliteDatabase(Path(target))
