"""A table."""

from potret_sqldb.migrations import run_script

revision = "0001"
down_revision = None

SQLITE = POSTGRES = "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)"


def upgrade() -> None:
    run_script(sqlite=SQLITE, postgres=POSTGRES)


def downgrade() -> None:
    raise NotImplementedError
