"""A column (fails if run twice: the column exists)."""

from potret_sqldb.migrations import run_script

revision = "0002"
down_revision = "0001"

SQLITE = POSTGRES = "ALTER TABLE t ADD COLUMN note TEXT"


def upgrade() -> None:
    run_script(sqlite=SQLITE, postgres=POSTGRES)


def downgrade() -> None:
    raise NotImplementedError
