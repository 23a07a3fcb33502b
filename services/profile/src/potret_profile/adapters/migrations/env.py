"""Alembic's entry for the profile schema (potret_sqldb.migrations.run_env does the work)."""

from potret_sqldb.migrations import run_env

run_env()
