"""Schema migrations with Alembic, on SQLite and PostgreSQL alike.

A service keeps its schema steps as Alembic revisions in a script directory of its own
(profile: `potret_profile/adapters/migrations/`): one file per step, numbered 0001, 0002, ...,
each holding the step's SQL for both dialects and calling `run_script`. Its `env.py` is one
line, `run_env()`. Alembic records the applied revision in `alembic_version`, walks the
chain, prints a step's SQL for review without a database (`--sql`), and is the tool
operators already know; this module adds what the services need around it:

- Each step in one transaction, on both stores: PostgreSQL's DDL is transactional; SQLite's
  is too once the driver stops committing on its own (BEGIN IMMEDIATE is emitted here). A
  step that fails is rolled back whole and raises MigrationFailed naming the revision the
  schema stays at; the service does not start on a half-changed schema.
- One upgrader at a time: replicas starting together wait on a lock (PostgreSQL: a session
  advisory lock; SQLite: an flock on a file beside the database) and then find the steps
  done.
- A database that cannot be reached or refuses writes raises StoreUnavailable, as every
  other statement does.
- A database made before Alembic (its steps recorded in `schema_migrations`) is stamped at
  the revision of its last step, and goes on from there.

    potret-profile-migrate current|history|upgrade [REV]|sql [FROM:]TO [--dialect postgres]
"""

from __future__ import annotations

import argparse
import fcntl
import io
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from potret_sqldb import (
    Database,
    Dialect,
    MigrationFailed,
    StoreUnavailable,
    _sqlite_statements,
    describe,
    open_database,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

VERSION_TABLE = "alembic_version"
LEGACY_TABLE = "schema_migrations"


def revision_id(step: int) -> str:
    """The revision of schema step `step`: 1 -> "0001"."""
    return f"{step:04d}"


def _config(script_location: str, connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", script_location)
    cfg.attributes["connection"] = connection
    return cfg


def _engine(db: Database) -> Any:
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    url = "sqlite://" if db.dialect == "sqlite" else "postgresql+psycopg://"
    engine = create_engine(url, creator=db.raw_connection, poolclass=NullPool)
    if db.dialect == "sqlite":
        # The driver is in autocommit mode (raw_connection): the transaction is begun here,
        # as the write lock (SQLAlchemy's recipe for transactional DDL on pysqlite).
        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@contextmanager
def _exclusive(db: Database, conn: Connection, name: str) -> Iterator[None]:
    """Hold the upgrade lock of `name` on this database until the block ends."""
    if db.dialect == "postgres":
        # Session-level: held across the steps' transactions, freed when the connection
        # closes (at the end of `upgrade`, or when this process dies). This session waits as
        # long as another replica's upgrade takes, and a step (a backfill) may run long: the
        # service sessions' lock and statement timeouts do not apply to it.
        conn.exec_driver_sql("SET lock_timeout = 0")
        conn.exec_driver_sql("SET statement_timeout = 0")
        conn.exec_driver_sql("SELECT pg_advisory_lock(hashtext(%(n)s))", {"n": f"{name}.migrate"})
        conn.commit()
        yield
        return
    fd = os.open(f"{db.path}.{name}.migrate.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # waits for another process's upgrade
        yield
    finally:
        os.close(fd)


def _tables(conn: Connection) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(conn).get_table_names())


def _current(conn: Connection) -> str | None:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _adopt_legacy(conn: Connection, cfg: Config, known: set[str], name: str) -> None:
    """Stamp a database whose steps were recorded before Alembic at its last step. (Its
    runner never records a step it does not know, so an older replica restarting later
    finds its steps done and applies nothing.)"""
    from alembic import command

    tables = _tables(conn)
    if VERSION_TABLE in tables or LEGACY_TABLE not in tables:
        conn.rollback()
        return
    last = conn.exec_driver_sql(f"SELECT max(version) FROM {LEGACY_TABLE}").scalar()  # noqa: S608
    conn.rollback()
    if last:
        if revision_id(int(last)) not in known:
            raise MigrationFailed(
                f"{name}: the schema is at step {revision_id(int(last))}, newer than this"
                f" release knows ({max(known, default='none')})"
            )
        command.stamp(cfg, revision_id(int(last)))
        conn.commit()


def _unavailable(db: Database, exc: BaseException) -> StoreUnavailable | None:
    """StoreUnavailable when `exc` (or the driver error SQLAlchemy wrapped) says the database
    cannot be used now."""
    orig = getattr(exc, "orig", None) or exc
    if db.is_unavailable(orig):
        return StoreUnavailable(f"{db.dialect} {describe(str(db.path))}: {orig}")
    return None


def _newest_file(script_location: str) -> str | None:
    """The newest revision by its file name (`NNNN_what.py`, the numbering the services'
    chain tests hold), read without importing Alembic."""
    package, sep, folder = script_location.partition(":")
    base: Any = resources.files(package) / folder if sep else Path(script_location)
    numbers = [
        entry.name[:4]
        for entry in (base / "versions").iterdir()
        if entry.name[:4].isdigit() and entry.name[4:5] == "_" and entry.name.endswith(".py")
    ]
    return max(numbers, default=None)


def _recorded(db: Database) -> str | None:
    """The revision in `alembic_version`, read with the service's own connection (None: no
    such table yet)."""
    if db.dialect == "sqlite":
        present = db.rows(
            "SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = ?",
            (VERSION_TABLE,),
        )
    else:
        present = db.rows("SELECT 1 AS present WHERE to_regclass(?) IS NOT NULL", (VERSION_TABLE,))
    if not present:
        return None
    rows = db.rows(f"SELECT version_num FROM {VERSION_TABLE}")  # noqa: S608
    return str(rows[0]["version_num"]) if rows else None


def upgrade(db: Database, script_location: str, *, name: str, revision: str = "head") -> int:
    """Apply the revisions of `script_location` not yet applied, oldest first, each in one
    transaction, under `name`'s upgrade lock. Returns the schema step now in place.

    A store already at the newest step (every start but the first after an upgrade) is
    told so by one query, without loading Alembic and SQLAlchemy (about a second of a
    process start)."""
    if revision == "head":
        newest = _newest_file(script_location)
        if newest is not None and _recorded(db) == newest:
            return int(newest)
    from alembic import command
    from alembic.util import CommandError

    engine = _engine(db)
    try:
        with engine.connect() as conn, _exclusive(db, conn, name):
            cfg = _config(script_location, conn)
            chain = _chain(script_location)  # revision -> the one before it
            known = set(chain)
            _adopt_legacy(conn, cfg, known, name)
            before = _current(conn)
            conn.rollback()
            if before is not None and before not in known:
                # a newer release upgraded it (and this one was rolled back to): its steps
                # are unknown here, so nothing is applied and the service does not start
                raise MigrationFailed(
                    f"{name}: the schema is at step {before}, newer than this release knows"
                    f" ({max(known, default='none')}); run the newer release, or restore the"
                    " backup taken before its upgrade"
                )
            try:
                command.upgrade(cfg, revision)
            except CommandError as exc:  # asked for what the chain cannot do: nothing ran
                raise MigrationFailed(f"{name}: {exc}") from exc
            except Exception as exc:
                down = _unavailable(db, exc)
                if down is not None:
                    raise down from exc
                conn.rollback()
                now = _current(conn)
                conn.rollback()
                failed = next((rev for rev, prev in chain.items() if prev == now), "?")
                raise MigrationFailed(
                    f"{name}: schema step {failed} failed and was rolled back"
                    f" (schema stays at {now or 'empty'}, was {before or 'empty'}): {exc}"
                ) from exc
            now = _current(conn)
            conn.rollback()
            return int(now or 0)
    except (MigrationFailed, StoreUnavailable):
        raise
    except Exception as exc:
        down = _unavailable(db, exc)
        if down is not None:
            raise down from exc
        raise
    finally:
        engine.dispose()


def _chain(script_location: str) -> dict[str, str | None]:
    """Every revision of the scripts and the one before it."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config(script_location))
    return {
        str(rev.revision): None if rev.down_revision is None else str(rev.down_revision)
        for rev in script.walk_revisions()
    }


def current(db: Database) -> int:
    """The schema step in place (0: none)."""
    return int(_recorded(db) or 0)


def run_env() -> None:
    """The body of every service's `env.py`: online on the connection `upgrade` passes,
    offline (`sql`) as SQL text for the dialect asked."""
    from alembic import context

    options: dict[str, Any] = {
        "transaction_per_migration": True,
        "transactional_ddl": True,  # SQLite too: see _engine
        "version_table": VERSION_TABLE,
    }
    if context.is_offline_mode():
        dialect = context.config.attributes.get("dialect", "postgres")
        context.configure(
            dialect_name="postgresql" if dialect == "postgres" else "sqlite",
            output_buffer=context.config.attributes.get("output", sys.stdout),
            **options,
        )
    else:
        context.configure(connection=context.config.attributes["connection"], **options)
    with context.begin_transaction():
        context.run_migrations()


def run_script(*, sqlite: str, postgres: str) -> None:
    """Run one step's script for the dialect at hand (inside the step's transaction), as the
    driver takes it: SQLite one statement per call (a trigger's body kept whole), PostgreSQL
    the whole text at once (functions with `$$` bodies included, `%` and `?` left alone)."""
    from alembic import op

    ctx = op.get_context()
    dialect = ctx.dialect.name
    if ctx.as_sql:  # offline: the text as it would run
        ctx.impl.static_output((sqlite if dialect == "sqlite" else postgres).strip() + "\n")
        return
    raw = op.get_bind().connection.dbapi_connection
    if raw is None:
        raise RuntimeError("no database connection")
    cursor: Any = raw.cursor()
    try:
        if dialect == "sqlite":
            for statement in _sqlite_statements(sqlite):
                cursor.execute(statement)
        else:
            # bytes: psycopg sends the text as it is, several statements at once
            cursor.execute(postgres.encode())
    finally:
        cursor.close()


def main(
    script_location: str,
    *,
    prog: str,
    name: str,
    database: str | Path | None = None,
    argv: Sequence[str] | None = None,
) -> int:
    """A service's migration command: `current`, `history`, `upgrade [REV]` against the
    database named by --database (a SQLite file or a postgresql:// URL; default the
    service's own), and `sql [FROM:]TO` printing the steps' SQL for a dialect without a
    database (for review by a DBA)."""
    from alembic import command

    parser = argparse.ArgumentParser(
        prog=prog,
        description="Langkah skema (Alembic): lihat, terapkan, atau cetak SQL-nya untuk ditinjau.",
    )
    parser.add_argument(
        "--database", help="berkas SQLite atau URL postgresql:// (bawaan: milik layanan)"
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("current", help="the schema step in place")
    sub.add_parser("history", help="every step, newest first")
    up = sub.add_parser("upgrade", help="apply the steps not yet applied")
    up.add_argument("revision", nargs="?", default="head")
    sql = sub.add_parser("sql", help="print the SQL of steps, for review")
    sql.add_argument("range", nargs="?", default="head", help="e.g. 0007:0008, or head")
    sql.add_argument("--dialect", choices=("postgres", "sqlite"), default="postgres")
    args = parser.parse_args(argv)

    if args.cmd == "history":
        out = io.StringIO()
        cfg = _config(script_location)
        cfg.stdout = out
        command.history(cfg)
        print(out.getvalue(), end="")
        return 0
    if args.cmd == "sql":
        cfg = _config(script_location)
        dialect: Dialect = args.dialect
        cfg.attributes["dialect"] = dialect
        cfg.attributes["output"] = sys.stdout
        command.upgrade(cfg, args.range, sql=True)
        return 0
    chosen = args.database or database
    if not chosen:
        parser.error(f"{args.cmd} memerlukan --database (berkas SQLite atau URL postgresql://)")
    target: str | Path = chosen if "://" in str(chosen) else Path(chosen)
    db = open_database(target, name=prog)
    try:
        if args.cmd == "current":
            print(revision_id(current(db)))
        else:
            step = upgrade(db, script_location, name=name, revision=args.revision)
            print(f"skema pada langkah {revision_id(step)}")
    except (MigrationFailed, StoreUnavailable) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        db.close()
    return 0
