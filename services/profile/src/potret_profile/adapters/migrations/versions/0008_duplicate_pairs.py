"""The likely-duplicates report kept up to date.

Issue 23; adapters/duplicate_pairs.py: each live profile as the matcher reads it
(duplicate_people), the blocks it is compared in (duplicate_keys) and the members per
block (duplicate_blocks), the pairs scoring at least the lowest a report may ask for
(duplicate_pairs), and the matcher versions built. A trigger makes a profile due
(duplicate_due) whenever its document or tombstone changes, whoever changes it; the
upsert takes the due row's lock, so a refresh skips a record whose writer has not
committed yet instead of reading its old document.
"""

from potret_sqldb.migrations import run_script

revision = "0008"
down_revision = "0007"

SQLITE = """
CREATE TABLE IF NOT EXISTS duplicate_due (nip TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS duplicate_people (
    nip    TEXT PRIMARY KEY,
    person TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS duplicate_keys (
    block TEXT NOT NULL,
    nip   TEXT NOT NULL,
    PRIMARY KEY (block, nip)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS duplicate_keys_nip ON duplicate_keys (nip);
CREATE TABLE IF NOT EXISTS duplicate_blocks (
    block   TEXT PRIMARY KEY,
    members BIGINT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS duplicate_pairs (
    nip_a    TEXT NOT NULL,
    nip_b    TEXT NOT NULL,
    score    DOUBLE PRECISION NOT NULL,
    names    TEXT NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (nip_a, nip_b)
);
CREATE INDEX IF NOT EXISTS duplicate_pairs_b ON duplicate_pairs (nip_b);
CREATE INDEX IF NOT EXISTS duplicate_pairs_best
    ON duplicate_pairs (score DESC, nip_a, nip_b);
CREATE TABLE IF NOT EXISTS duplicate_builds (
    matcher_version TEXT PRIMARY KEY,
    started_at      TEXT NOT NULL,
    completed_at    TEXT
);
CREATE TRIGGER IF NOT EXISTS profiles_duplicates_due_insert AFTER INSERT ON profiles
BEGIN
    INSERT INTO duplicate_due (nip) VALUES (NEW.nip)
    ON CONFLICT (nip) DO UPDATE SET nip = excluded.nip;
END;
CREATE TRIGGER IF NOT EXISTS profiles_duplicates_due_update
AFTER UPDATE OF doc, deleted ON profiles
BEGIN
    INSERT INTO duplicate_due (nip) VALUES (NEW.nip)
    ON CONFLICT (nip) DO UPDATE SET nip = excluded.nip;
END;
CREATE TRIGGER IF NOT EXISTS profiles_duplicates_due_delete AFTER DELETE ON profiles
BEGIN
    INSERT INTO duplicate_due (nip) VALUES (OLD.nip)
    ON CONFLICT (nip) DO UPDATE SET nip = excluded.nip;
END
"""

POSTGRES = """
CREATE TABLE IF NOT EXISTS duplicate_due (nip TEXT COLLATE "C" PRIMARY KEY);
CREATE TABLE IF NOT EXISTS duplicate_people (
    nip    TEXT COLLATE "C" PRIMARY KEY,
    person TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS duplicate_keys (
    block TEXT COLLATE "C" NOT NULL,
    nip   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (block, nip)
);
CREATE INDEX IF NOT EXISTS duplicate_keys_nip ON duplicate_keys (nip);
CREATE TABLE IF NOT EXISTS duplicate_blocks (
    block   TEXT COLLATE "C" PRIMARY KEY,
    members BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS duplicate_pairs (
    nip_a    TEXT COLLATE "C" NOT NULL,
    nip_b    TEXT COLLATE "C" NOT NULL,
    score    DOUBLE PRECISION NOT NULL,
    names    TEXT NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (nip_a, nip_b)
);
CREATE INDEX IF NOT EXISTS duplicate_pairs_b ON duplicate_pairs (nip_b);
CREATE INDEX IF NOT EXISTS duplicate_pairs_best
    ON duplicate_pairs (score DESC, nip_a, nip_b);
CREATE TABLE IF NOT EXISTS duplicate_builds (
    matcher_version TEXT PRIMARY KEY,
    started_at      TEXT NOT NULL,
    completed_at    TEXT
);
CREATE OR REPLACE FUNCTION profiles_duplicates_due() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD.nip;
    ELSE
        changed := NEW.nip;
    END IF;
    INSERT INTO duplicate_due (nip) VALUES (changed)
    ON CONFLICT (nip) DO UPDATE SET nip = excluded.nip;
    RETURN NULL;
END
$$;
CREATE TRIGGER profiles_duplicates_due AFTER INSERT OR DELETE OR UPDATE OF doc, deleted
ON profiles FOR EACH ROW EXECUTE FUNCTION profiles_duplicates_due();
"""


def upgrade() -> None:
    run_script(sqlite=SQLITE, postgres=POSTGRES)


def downgrade() -> None:
    raise NotImplementedError(
        "a step is not undone: restore the backup taken before it (docs/operations.md)"
    )
