"""The data-quality report kept up to date.

Issue 23: each live profile's share of
the counts and the day it may change (quality_facts), the counts per OPD
(quality_tally), and the rules versions whose facts cover every record. A trigger
makes a profile's facts due whenever its row changes, whoever changes it (an older
release, a tool, a hand-made fix): the next report assesses it again. Version ''
is a placeholder counting nothing.
"""

from potret_sqldb.migrations import run_script

revision = "0007"
down_revision = "0006"

SQLITE = """
CREATE TABLE IF NOT EXISTS quality_facts (
    nip           TEXT PRIMARY KEY,
    opd           TEXT NOT NULL,
    counters      TEXT NOT NULL,
    valid_until   TEXT NOT NULL,
    rules_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quality_facts_due ON quality_facts (rules_version, valid_until);
CREATE TABLE IF NOT EXISTS quality_tally (
    rules_version TEXT NOT NULL,
    opd           TEXT NOT NULL,
    counter       TEXT NOT NULL,
    n             BIGINT NOT NULL,
    PRIMARY KEY (rules_version, opd, counter)
);
CREATE TABLE IF NOT EXISTS quality_builds (
    rules_version TEXT PRIMARY KEY,
    completed_at  TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS profiles_quality_due_insert AFTER INSERT ON profiles
BEGIN
    INSERT INTO quality_facts (nip, opd, counters, valid_until, rules_version)
    VALUES (NEW.nip, '', '{}', '0001-01-01', '')
    ON CONFLICT (nip) DO UPDATE SET valid_until = '0001-01-01';
END;
CREATE TRIGGER IF NOT EXISTS profiles_quality_due_update AFTER UPDATE ON profiles
BEGIN
    INSERT INTO quality_facts (nip, opd, counters, valid_until, rules_version)
    VALUES (NEW.nip, '', '{}', '0001-01-01', '')
    ON CONFLICT (nip) DO UPDATE SET valid_until = '0001-01-01';
END;
CREATE TRIGGER IF NOT EXISTS profiles_quality_due_delete AFTER DELETE ON profiles
BEGIN
    UPDATE quality_facts SET valid_until = '0001-01-01' WHERE nip = OLD.nip;
END
"""

POSTGRES = """
CREATE TABLE IF NOT EXISTS quality_facts (
    nip           TEXT COLLATE "C" PRIMARY KEY,
    opd           TEXT NOT NULL,
    counters      TEXT NOT NULL,
    valid_until   TEXT NOT NULL,
    rules_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quality_facts_due ON quality_facts (rules_version, valid_until);
CREATE TABLE IF NOT EXISTS quality_tally (
    rules_version TEXT NOT NULL,
    opd           TEXT NOT NULL,
    counter       TEXT NOT NULL,
    n             BIGINT NOT NULL,
    PRIMARY KEY (rules_version, opd, counter)
);
CREATE TABLE IF NOT EXISTS quality_builds (
    rules_version TEXT PRIMARY KEY,
    completed_at  TEXT NOT NULL
);
CREATE OR REPLACE FUNCTION profiles_quality_due() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD.nip;
    ELSE
        changed := NEW.nip;
    END IF;
    INSERT INTO quality_facts (nip, opd, counters, valid_until, rules_version)
    VALUES (changed, '', '{}', '0001-01-01', '')
    ON CONFLICT (nip) DO UPDATE SET valid_until = '0001-01-01';
    RETURN NULL;
END
$$;
CREATE TRIGGER profiles_quality_due AFTER INSERT OR UPDATE OR DELETE ON profiles
FOR EACH ROW EXECUTE FUNCTION profiles_quality_due();
"""


def upgrade() -> None:
    run_script(sqlite=SQLITE, postgres=POSTGRES)


def downgrade() -> None:
    raise NotImplementedError(
        "a step is not undone: restore the backup taken before it (docs/operations.md)"
    )
