"""Self-service corrections.

From potret_profile.service.corrections: filed by the ASN, decided by
BKPSDM; an approval is applied through the normal write path.
"""

from potret_sqldb.migrations import run_script

revision = "0004"
down_revision = "0003"

SQLITE = """
CREATE TABLE IF NOT EXISTS corrections (
    id             TEXT PRIMARY KEY,
    nip            TEXT NOT NULL,
    field          TEXT NOT NULL,
    proposed       TEXT NOT NULL,
    reason         TEXT NOT NULL,
    attachment     TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    filed_by       TEXT NOT NULL,
    filed_at       TEXT NOT NULL,
    base_version   INTEGER NOT NULL,
    decided_by     TEXT,
    decided_at     TEXT,
    decision_note  TEXT,
    applied_version INTEGER
);
CREATE INDEX IF NOT EXISTS corrections_nip ON corrections (nip, filed_at);
CREATE INDEX IF NOT EXISTS corrections_status ON corrections (status, filed_at)
"""

POSTGRES = """
CREATE TABLE IF NOT EXISTS corrections (
    id             TEXT PRIMARY KEY,
    nip            TEXT NOT NULL,
    field          TEXT NOT NULL,
    proposed       TEXT NOT NULL,
    reason         TEXT NOT NULL,
    attachment     TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    filed_by       TEXT NOT NULL,
    filed_at       TEXT NOT NULL,
    base_version   BIGINT NOT NULL,
    decided_by     TEXT,
    decided_at     TEXT,
    decision_note  TEXT,
    applied_version BIGINT
);
CREATE INDEX IF NOT EXISTS corrections_nip ON corrections (nip, filed_at);
CREATE INDEX IF NOT EXISTS corrections_status ON corrections (status, filed_at);
"""


def upgrade() -> None:
    run_script(sqlite=SQLITE, postgres=POSTGRES)


def downgrade() -> None:
    raise NotImplementedError(
        "a step is not undone: restore the backup taken before it (docs/operations.md)"
    )
