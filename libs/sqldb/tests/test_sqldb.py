"""The shared SQL layer on both stores: schema steps that fail leave the old schema, one
holder of a lease at a time (freed when its holder is killed), and a database that is down or
read-only is reported as unavailable, not as a crash."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from potret_sqldb import (
    Database,
    MigrationFailed,
    SqliteDatabase,
    StoreUnavailable,
    WouldWait,
    migrations,
    open_database,
)
from potret_testkit.local import free_port


# `store_target` (conftest.py): a SQLite file in every tier, a fresh PostgreSQL database in
# the integration tier.
@pytest.fixture
def db(store_target: str | Path) -> Iterator[Database]:
    database = open_database(store_target, name="potret-test")
    yield database
    database.close()


# Three steps: 0001 a table, 0002 a column, 0003 broken half-way ("0002" = the good ones).
SCRIPTS = str(Path(__file__).parent / "migrations")
GOOD = "0002"


def _upgrade(db: Database, revision: str = GOOD) -> int:
    return migrations.upgrade(db, SCRIPTS, name="potret.test", revision=revision)


def _names(db: Database) -> list[str]:
    if db.dialect == "sqlite":
        return [r["name"] for r in db.rows("SELECT name FROM pragma_table_info('t')")]
    return [
        r["column_name"]
        for r in db.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 't'"
            " ORDER BY ordinal_position"
        )
    ]


def test_steps_apply_once_and_a_failing_step_leaves_the_schema_as_it_was(db: Database) -> None:
    assert _upgrade(db) == 2
    assert _upgrade(db) == 2  # again: nothing runs twice (0002 would fail)
    db.execute("INSERT INTO t (k, v, note) VALUES (?, ?, ?)", ("a", 1, "tetap"))

    with pytest.raises(MigrationFailed, match="step 0003 failed and was rolled back"):
        _upgrade(db, "head")

    assert db.schema_version() == 2
    assert _names(db) == ["k", "v", "note"]  # the step's first ALTER did not stay
    assert db.rows("SELECT k, v, note FROM t") == [{"k": "a", "v": 1, "note": "tetap"}]


def test_a_lease_has_one_holder_and_passes_on_release(store_target: str | Path) -> None:
    a, b = open_database(store_target), open_database(store_target)
    try:
        first = a.try_lease("potret.test.relay")
        assert first is not None
        assert first.alive()
        assert b.try_lease("potret.test.relay") is None
        assert a.try_lease("potret.test.relay") is None  # not even the same store twice
        other = b.try_lease("potret.test.other")
        assert other is not None  # another name is free
        other.release()
        first.release()
        assert not first.alive()
        second = b.try_lease("potret.test.relay")
        assert second is not None
        second.release()
    finally:
        a.close()
        b.close()


HOLDER = """
import sys, time
from potret_sqldb import open_database
lease = open_database(sys.argv[1]).try_lease("potret.test.relay")
print("held" if lease else "refused", flush=True)
time.sleep(600)
"""


def test_a_holder_killed_by_sigkill_frees_the_lease_at_once(store_target: str | Path) -> None:
    holder = subprocess.Popen(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", HOLDER, str(store_target)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        db = open_database(store_target)
        try:
            assert db.try_lease("potret.test.relay") is None
            os.kill(holder.pid, signal.SIGKILL)
            holder.wait(10)
            deadline, lease = time.monotonic() + 5, None
            while lease is None and time.monotonic() < deadline:
                lease = db.try_lease("potret.test.relay")
                time.sleep(0.05)
            assert lease is not None, "the killed holder's lease was not freed within 5 s"
            lease.release()
        finally:
            db.close()
    finally:
        if holder.poll() is None:
            holder.kill()


@pytest.mark.integration
def test_an_unreachable_postgresql_is_unavailable_not_a_crash() -> None:
    url = f"postgresql://potret:salah@127.0.0.1:{free_port()}/potret"
    with pytest.raises(StoreUnavailable, match="cannot be reached"):
        open_database(url)


@pytest.mark.integration
def test_a_read_only_postgresql_refuses_writes_as_unavailable(postgres_db: str) -> None:
    db = open_database(postgres_db)
    try:
        _upgrade(db)
        db.execute("INSERT INTO t (k, v) VALUES (?, ?)", ("a", 1))
        with psycopg.connect(postgres_db, autocommit=True) as admin:
            name = postgres_db.rsplit("/", 1)[1]
            admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        db.close()
        db = open_database(postgres_db)  # new sessions take the setting
        with pytest.raises(StoreUnavailable, match="read-only"), db.transaction() as tx:
            tx.execute("UPDATE t SET v = ? WHERE k = ?", (2, "a"))
        assert db.rows("SELECT v FROM t") == [{"v": 1}]  # reads still answer
    finally:
        db.close()


def test_a_sqlite_file_held_by_another_writer_is_unavailable_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    db = SqliteDatabase(path, busy_timeout_s=0.2)
    _upgrade(db)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is writing, and keeps at it
    try:
        with pytest.raises(StoreUnavailable, match="locked"), db.transaction() as tx:
            tx.execute("INSERT INTO t (k, v) VALUES (?, ?)", ("a", 1))
        # A wrong statement stays what it is: a bug to see, not an outage to retry.
        with pytest.raises(sqlite3.OperationalError, match="no such table"):
            db.rows("SELECT * FROM no_such_table")
    finally:
        other.execute("ROLLBACK")
        other.close()
    with db.transaction() as tx:  # free again
        tx.execute("INSERT INTO t (k, v) VALUES (?, ?)", ("a", 1))
    assert db.rows("SELECT k FROM t") == [{"k": "a"}]


def test_a_read_that_must_not_wait_answers_at_once_or_says_it_would_wait(
    store_target: str | Path,
) -> None:
    db = open_database(store_target, name="potret-test")
    try:
        _upgrade(db)
        with db.transaction() as tx:
            tx.execute("INSERT INTO t (k, v) VALUES (?, ?)", ("a", 1))
        if db.dialect == "postgres":
            assert not db.reads_now  # callers go to a thread at once
            with pytest.raises(WouldWait):  # a round trip
                db.rows_now("SELECT k FROM t")
            return
        assert db.reads_now
        assert db.rows_now("SELECT k, v FROM t") == [{"k": "a", "v": 1}]
        with pytest.raises(sqlite3.OperationalError, match="no such table"):
            db.rows_now("SELECT * FROM no_such_table")  # a wrong statement is not a wait
        other = sqlite3.connect(db.path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # a writer at work does not hold a reader back
            other.execute("INSERT INTO t (k, v) VALUES (?, ?)", ("b", 2))
            assert db.rows_now("SELECT k FROM t") == [{"k": "a"}]
            other.execute("COMMIT")  # and its commit is seen by the next read
            assert db.rows_now("SELECT k FROM t ORDER BY k") == [{"k": "a"}, {"k": "b"}]
        finally:
            other.close()
    finally:
        db.close()


def test_a_read_that_must_not_wait_does_not_wait_out_the_busy_timeout(tmp_path: Path) -> None:
    """A file held exclusively (as while another process recovers its WAL after a crash):
    `rows` waits out the busy timeout, `rows_now` says at once that it would wait."""
    path = tmp_path / "store.db"
    db = SqliteDatabase(path, busy_timeout_s=1.0)
    _upgrade(db)
    # The exclusive holder below must be the file's only connection, and a database cannot
    # be opened while it holds the file: `db` ends its connections and opens new ones on use.
    db.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("INSERT INTO t (k, v) VALUES (?, ?)", ("a", 1))  # takes the file
    try:
        started = time.monotonic()
        with pytest.raises(WouldWait, match="locked"):
            db.rows_now("SELECT k FROM t")
        assert time.monotonic() - started < 0.5
        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            db.rows("SELECT k FROM t")
        assert time.monotonic() - started >= 0.9  # the waiting read waited
    finally:
        holder.execute("PRAGMA locking_mode=NORMAL")
        holder.execute("SELECT 1 FROM t")  # the lock goes with the next access
        holder.close()
    assert db.rows_now("SELECT k FROM t") == [{"k": "a"}]
    db.close()


def test_a_file_that_cannot_be_opened_says_it_would_wait_and_the_waiting_read_fails_as_unavailable(
    tmp_path: Path,
) -> None:
    """Opening the file is part of the read: a directory gone (a volume unmounted) sends the
    caller to its thread, whose read says the store is unavailable (503), not a crash."""
    folder = tmp_path / "volume"
    db = SqliteDatabase(folder / "store.db", busy_timeout_s=0.2)
    _upgrade(db)
    db.close()
    folder.rename(tmp_path / "gone")
    with pytest.raises(WouldWait, match="unable to open"):
        db.rows_now("SELECT k FROM t")
    with pytest.raises(StoreUnavailable, match="unable to open"):
        db.rows("SELECT k FROM t")
    db.close()


# ---- Alembic: what the services rely on around it ---------------------------------------------


def test_a_database_made_before_alembic_goes_on_from_its_last_recorded_step(
    db: Database,
) -> None:
    # As the earlier runner left it: steps 1 and 2 applied and recorded in schema_migrations.
    with db.transaction() as tx:
        tx.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)")
        tx.execute("ALTER TABLE t ADD COLUMN note TEXT")
        tx.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
        tx.execute("INSERT INTO schema_migrations (version) VALUES (1), (2)")
        tx.execute("INSERT INTO t (k, v, note) VALUES ('a', 1, 'tetap')")
    assert db.schema_version() == 0  # not yet known to Alembic
    assert _upgrade(db) == 2  # stamped at 0002: neither step runs again (both would fail)
    assert db.schema_version() == 2
    assert db.rows("SELECT k, v, note FROM t") == [{"k": "a", "v": 1, "note": "tetap"}]


def test_replicas_upgrading_at_once_apply_each_step_once(store_target: str | Path) -> None:
    """Four processes' worth of upgraders start together; 0002 fails if run twice."""
    import threading

    errors: list[BaseException] = []
    results: list[int] = []
    start = threading.Barrier(4, timeout=30)
    # Opened one after another: two connections switching a new SQLite file to WAL at the
    # same moment can get "database is locked" without waiting (noted, not this test's
    # subject); the upgrades then start together.
    databases = [open_database(store_target, name="potret-test") for _ in range(4)]

    def replica(database: Database) -> None:
        try:
            start.wait()
            results.append(_upgrade(database))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            database.close()

    threads = [threading.Thread(target=replica, args=(db,)) for db in databases]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert results == [2, 2, 2, 2]


def test_the_sql_of_a_step_is_printed_for_review_without_a_database(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = migrations.main(
        SCRIPTS,
        prog="potret-test-migrate",
        name="potret.test",
        argv=["sql", "0001:0002", "--dialect", "postgres"],
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "ALTER TABLE t ADD COLUMN note TEXT" in out
    assert "CREATE TABLE t" not in out  # from 0001 on: only 0002
    assert "UPDATE alembic_version SET version_num='0002'" in out


def test_a_sqlite_file_held_by_another_writer_stops_an_upgrade_as_unavailable(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store.db"
    db = SqliteDatabase(path, busy_timeout_s=0.2)
    _upgrade(db, "0001")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreUnavailable, match="locked"):
            _upgrade(db)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert db.schema_version() == 1
    assert _upgrade(db) == 2  # free again: goes on
    db.close()


def test_each_step_is_its_own_transaction_so_the_good_ones_before_a_failure_stay(
    db: Database,
) -> None:
    with pytest.raises(MigrationFailed, match=r"step 0003 failed .* stays at 0002, was empty"):
        _upgrade(db, "head")
    assert db.schema_version() == 2
    assert _names(db) == ["k", "v", "note"]


def test_a_schema_newer_than_the_release_stops_the_start_and_changes_nothing(
    db: Database,
) -> None:
    """A release rolled back after a newer one upgraded the store: its steps are unknown."""
    _upgrade(db, "0001")
    db.execute("UPDATE alembic_version SET version_num = '0009'")
    with pytest.raises(MigrationFailed, match="at step 0009, newer than this release knows"):
        _upgrade(db)
    assert _names(db) == ["k", "v"]  # 0002 did not run


def test_a_target_the_chain_cannot_reach_is_refused_and_changes_nothing(db: Database) -> None:
    _upgrade(db)
    with pytest.raises(MigrationFailed, match="Can't locate revision identified by '0042'") as info:
        _upgrade(db, "0042")  # no such step
    assert "failed and was rolled back" not in str(info.value)  # no step ran
    assert db.schema_version() == 2


def test_a_store_recorded_by_the_earlier_runner_at_an_unknown_step_is_refused(
    db: Database,
) -> None:
    with db.transaction() as tx:
        tx.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
        tx.execute("INSERT INTO schema_migrations (version) VALUES (9)")
    with pytest.raises(MigrationFailed, match="at step 0009, newer than this release knows"):
        _upgrade(db)
    assert db.schema_version() == 0


@pytest.mark.integration
def test_a_replica_waits_out_a_long_upgrade_of_another_past_the_sessions_lock_timeout(
    postgres_db: str,
) -> None:
    """Service sessions give up on a lock after 10 s; an upgrader waits as long as the other
    upgrade takes (here 12 s), then finds the steps done."""
    holder = psycopg.connect(postgres_db, autocommit=True)
    holder.execute("SELECT pg_advisory_lock(hashtext('potret.test.migrate'))")
    db = open_database(postgres_db, name="potret-test")
    try:
        released = time.monotonic() + 12
        import threading

        def release() -> None:
            time.sleep(max(0.0, released - time.monotonic()))
            holder.close()  # ends the session: its lock goes

        threading.Thread(target=release, daemon=True).start()
        assert _upgrade(db) == 2
        assert time.monotonic() >= released - 0.5
    finally:
        db.close()
        holder.close()


def test_sqlite_files_opened_at_the_same_moment_all_switch_to_wal(tmp_path: Path) -> None:
    # Two connections switching a new file to WAL at once: SQLite may refuse one with
    # "database is locked" without waiting (seen in CI). Every open must succeed.
    for run in range(30):
        path = tmp_path / f"run{run}.db"
        start = threading.Barrier(4)
        errors: list[BaseException] = []

        def open_it(
            path: Path = path,
            start: threading.Barrier = start,
            errors: list[BaseException] = errors,
        ) -> None:
            start.wait(timeout=10)
            try:
                SqliteDatabase(path).close()
            except BaseException as exc:  # collected for the assertion
                errors.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == [], f"run {run}"
        check = sqlite3.connect(path)
        try:
            assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        finally:
            check.close()


def test_the_switch_to_wal_is_tried_again_only_while_the_file_is_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refusal(name: str) -> sqlite3.OperationalError:
        exc = sqlite3.OperationalError(name)
        exc.sqlite_errorname = name
        return exc

    real = SqliteDatabase._conn
    refused: list[str] = []

    def conn(self: SqliteDatabase) -> Any:
        inner = real(self)

        class Refusing:
            def execute(self, sql: str, *args: Any) -> Any:
                if sql.startswith("PRAGMA journal_mode") and refused:
                    raise refusal(refused.pop())
                return inner.execute(sql, *args)

        return Refusing()

    monkeypatch.setattr(SqliteDatabase, "_conn", conn)
    refused[:] = ["SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY"]
    SqliteDatabase(tmp_path / "busy.db")  # three refusals, then the switch
    assert refused == []
    refused[:] = ["SQLITE_NOTADB"]  # not busy: raised at once, not retried
    with pytest.raises(sqlite3.OperationalError, match="SQLITE_NOTADB"):
        SqliteDatabase(tmp_path / "other.db")
