"""Profiles and the outbox, written in one transaction."""

from potret_sqldb.migrations import run_script

revision = "0001"
down_revision = None

SQLITE = """
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

POSTGRES = """
CREATE TABLE IF NOT EXISTS profiles (
    nip        TEXT COLLATE "C" PRIMARY KEY,
    version    BIGINT NOT NULL CHECK (version >= 1),
    deleted    INTEGER NOT NULL DEFAULT 0,
    doc        JSONB NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic      TEXT NOT NULL,
    msg_key    BYTEA NOT NULL,
    payload    BYTEA NOT NULL,
    headers    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at    TEXT
);
CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
"""


def upgrade() -> None:
    run_script(sqlite=SQLITE, postgres=POSTGRES)


def downgrade() -> None:
    raise NotImplementedError(
        "a step is not undone: restore the backup taken before it (docs/operations.md)"
    )
