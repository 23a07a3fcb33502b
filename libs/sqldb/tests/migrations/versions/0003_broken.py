"""Its first statement is fine, its second is not: the first must not stay behind."""

from potret_sqldb.migrations import run_script

revision = "0003"
down_revision = "0002"

SQLITE = POSTGRES = (
    "ALTER TABLE t ADD COLUMN extra TEXT; ALTER TABLE no_such_table ADD COLUMN x TEXT"
)


def upgrade() -> None:
    run_script(sqlite=SQLITE, postgres=POSTGRES)


def downgrade() -> None:
    raise NotImplementedError
