"""The position catalogue and the import checkpoints."""

from potret_sqldb.migrations import run_script

revision = "0002"
down_revision = "0001"

SQLITE = """
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
"""

POSTGRES = """
CREATE TABLE IF NOT EXISTS positions (
    position_id TEXT COLLATE "C" PRIMARY KEY,
    version     BIGINT NOT NULL CHECK (version >= 1),
    deleted     INTEGER NOT NULL DEFAULT 0,
    doc         JSONB NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS profiles_opd ON profiles ((doc->>'opd'));
CREATE INDEX IF NOT EXISTS positions_opd ON positions ((doc->>'opd'));
CREATE TABLE IF NOT EXISTS import_checkpoints (
    source     TEXT PRIMARY KEY,
    checkpoint TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


def upgrade() -> None:
    run_script(sqlite=SQLITE, postgres=POSTGRES)


def downgrade() -> None:
    raise NotImplementedError(
        "a step is not undone: restore the backup taken before it (docs/operations.md)"
    )
