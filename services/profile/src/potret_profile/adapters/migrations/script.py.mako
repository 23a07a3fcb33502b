"""${message}
"""

from potret_sqldb.migrations import run_script

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}

# The step's SQL for each dialect; one text may serve both (POSTGRES = SQLITE).
SQLITE = """
"""

POSTGRES = """
"""


def upgrade() -> None:
    run_script(sqlite=SQLITE, postgres=POSTGRES)


def downgrade() -> None:
    raise NotImplementedError("a step is not undone: restore the backup taken before it (docs/operations.md)")
