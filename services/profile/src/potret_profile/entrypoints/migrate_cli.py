"""`potret-profile-migrate`: the profile schema's steps (Alembic, adapters/migrations/):
`current`, `history`, `upgrade [REV]` on the store the settings name (or --database), and
`sql [FROM:]TO --dialect postgres|sqlite` printing a step's SQL for review. The service
applies the steps itself when it opens its store; this is for operators. Exit 0 done; 1 a
step failed (rolled back, the schema as it was) or the database is unavailable."""

from __future__ import annotations

from potret_profile.adapters.store import MIGRATIONS
from potret_profile.settings import Settings
from potret_sqldb.migrations import main


def run() -> None:
    raise SystemExit(
        main(
            MIGRATIONS,
            prog="potret-profile-migrate",
            name="potret.profile",
            database=Settings().store_target(),
        )
    )
