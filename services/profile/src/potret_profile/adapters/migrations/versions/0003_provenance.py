"""Provenance per field group of profiles and positions.

From potret_profile.domain.provenance; '{}' for records
written before it existed: their facts have no known source.
"""

from potret_sqldb.migrations import run_script

revision = "0003"
down_revision = "0002"

SQLITE = """
ALTER TABLE profiles ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';
ALTER TABLE positions ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';
"""

POSTGRES = """
ALTER TABLE profiles ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';
ALTER TABLE positions ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';
"""


def upgrade() -> None:
    run_script(sqlite=SQLITE, postgres=POSTGRES)


def downgrade() -> None:
    raise NotImplementedError(
        "a step is not undone: restore the backup taken before it (docs/operations.md)"
    )
