"""The profile schema's steps (Alembic revisions, adapters/migrations/): one numbered chain,
applied on open, and a store made by the runner before Alembic opens at the same step with
its records (SQLite in every tier, PostgreSQL in the integration tier)."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from types import ModuleType

from potret_profile.adapters.store import RecordStore, StoredRecord
from potret_sqldb import open_database

VERSIONS = (
    Path(__file__).parents[1] / "src" / "potret_profile" / "adapters" / "migrations" / "versions"
)


def _steps() -> list[ModuleType]:
    out = []
    for path in sorted(VERSIONS.glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"step_{path.stem}", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out.append(module)
    return out


def test_the_steps_form_one_chain_numbered_in_order() -> None:
    steps = _steps()
    assert len(steps) >= 8
    for i, step in enumerate(steps, start=1):
        assert step.revision == f"{i:04d}"
        assert Path(str(step.__file__)).name.startswith(f"{i:04d}_")
        assert step.down_revision == (f"{i - 1:04d}" if i > 1 else None)
        assert step.SQLITE.strip()
        assert step.POSTGRES.strip()


def test_a_store_made_before_alembic_opens_at_its_step_with_its_records(
    store_target: str | Path,
) -> None:
    steps = _steps()
    db = open_database(store_target, name="potret-test")
    try:
        # As the earlier runner left a store: every step applied, recorded in
        # schema_migrations, and a record written.
        db.migrate(
            {
                "sqlite": "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
                " applied_at TEXT)",
                "postgres": "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
                " applied_at TEXT)",
            }
        )
        for number, step in enumerate(steps, start=1):
            db.migrate({"sqlite": step.SQLITE, "postgres": step.POSTGRES})
            db.execute("INSERT INTO schema_migrations (version) VALUES (?)", (number,))
    finally:
        db.close()
    # Opened: stamped at the last step, nothing run again (step 3's ALTER would fail twice).
    store = RecordStore(store_target)
    try:
        assert store.schema_version() == len(steps)
        now = dt.datetime.now(dt.UTC)
        nip = "198001012005011001"
        with store.transaction() as tx:
            tx.get(nip)
            tx.put(StoredRecord(nip, 1, False, {"nip": nip, "name": "Siti"}, now, now))
        assert [(r.key, r.doc["name"]) for r in store.iter_live()] == [(nip, "Siti")]
    finally:
        store.close()
    again = RecordStore(store_target)  # and opened again: the same step
    assert again.schema_version() == len(steps)
    again.close()


def test_a_start_on_a_store_at_the_newest_step_does_not_load_the_migration_tool(
    tmp_path: Path,
) -> None:
    """Alembic and SQLAlchemy cost about a second of every process start; only a start that
    has steps to apply loads them."""
    import subprocess
    import sys

    target = tmp_path / "profile.db"
    RecordStore(target).close()  # made: every step applied
    probe = (
        "import sys; from pathlib import Path;"
        "from potret_profile.adapters.store import RecordStore;"
        f"s = RecordStore(Path({str(target)!r})); print(s.schema_version()); s.close();"
        "print('sqlalchemy' in sys.modules, 'alembic' in sys.modules)"
    )
    out = subprocess.run(  # noqa: S603 (this interpreter, a fixed probe)
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    assert out == [str(len(_steps())), "False", "False"]
