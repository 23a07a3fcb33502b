"""Alembic's entry for the test schema."""

from potret_sqldb.migrations import run_env

run_env()
