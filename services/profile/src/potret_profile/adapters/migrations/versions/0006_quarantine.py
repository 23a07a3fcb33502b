"""History rows of an import set aside.

From imports/batch.py and the SIASN sync: the row's field, the
rule it broke and its value, per person and source, replaced at each import.

Plain SQL both dialects read alike: one text serves both.
"""

from potret_sqldb.migrations import run_script

revision = "0006"
down_revision = "0005"

SQLITE = """
CREATE TABLE IF NOT EXISTS quarantine (
    nip      TEXT NOT NULL,
    source   TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    field    TEXT NOT NULL,
    rule     TEXT NOT NULL,
    message  TEXT NOT NULL,
    value    TEXT,
    at       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quarantine_nip ON quarantine (nip, source)
"""

POSTGRES = SQLITE


def upgrade() -> None:
    run_script(sqlite=SQLITE, postgres=POSTGRES)


def downgrade() -> None:
    raise NotImplementedError(
        "a step is not undone: restore the backup taken before it (docs/operations.md)"
    )
