"""The SIASN answers last imported, per NIP.

From siasn_sync: a digest of the answers last imported per NIP, so that a
person whose answers did not change costs no write.

Plain SQL both dialects read alike: one text serves both.
"""

from potret_sqldb.migrations import run_script

revision = "0005"
down_revision = "0004"

SQLITE = """
CREATE TABLE IF NOT EXISTS siasn_answers (
    nip        TEXT PRIMARY KEY,
    digest     TEXT NOT NULL,
    fetched_at TEXT NOT NULL
)
"""

POSTGRES = SQLITE


def upgrade() -> None:
    run_script(sqlite=SQLITE, postgres=POSTGRES)


def downgrade() -> None:
    raise NotImplementedError(
        "a step is not undone: restore the backup taken before it (docs/operations.md)"
    )
