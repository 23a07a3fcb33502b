"""Writes sent together (issue 23: import close to the producer). A transaction reads a batch's
records in one statement (`prefetch`) and holds its writes back until a read or the commit
sends them together; on PostgreSQL that is a round trip per batch instead of seven per
record. What must not change: a read sees the transaction's own writes, a record written
twice keeps its last write, a key another writer took meanwhile is a WriteConflict naming
that key, and the quality facts are those of what was stored."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from potret_profile.adapters.quality_rules import load_rules
from potret_profile.adapters.store import RecordStore, StoredRecord, WriteConflict, _conflicting
from potret_profile.domain.quality import assess
from potret_profile.service import records
from potret_profile.service.imports.batch import (
    Candidate,
    ImportReport,
    import_batch,
    prepare_profile,
)
from potret_profile.service.quality_book import QualityBook
from potret_seed.generator import Generator

NIPS = ("198001012005011001", "198001012005011002", "198001012005011003")


def _import(store: RecordStore, people: list[dict[str, Any]]) -> ImportReport:
    return import_batch(
        store,
        (Candidate(i, p, p["nip"]) for i, p in enumerate(people)),
        source="native",
        prepare=prepare_profile,
    )


def _record(nip: str, version: int, name: str) -> StoredRecord:
    now = dt.datetime.now(dt.UTC)
    return StoredRecord(
        nip, version, False, {"nip": nip, "name": name, "opd": "Dinas Uji"}, now, now
    )


def test_a_read_sees_the_writes_held_back(store_target: str | Path) -> None:
    store = RecordStore(store_target)
    try:
        with store.transaction() as tx:
            tx.prefetch(NIPS)
            tx.put(_record(NIPS[0], 1, "Satu"))
            tx.add_outbox(topic="t", key=NIPS[0].encode(), payload=b"x", headers=[])
            # a statement of another module reads the table the held write goes to
            seen = tx.query("SELECT nip FROM profiles WHERE nip = ?", (NIPS[0],))
            assert [r["nip"] for r in seen] == [NIPS[0]]
            assert tx.query("SELECT COUNT(*) AS n FROM outbox")[0]["n"] == 1
        assert store.get(NIPS[0]) is not None
    finally:
        store.close()


def test_a_record_written_twice_in_one_transaction_keeps_the_last_write(
    store_target: str | Path,
) -> None:
    """Created (plain INSERT) and then changed again (an upsert) before anything is sent,
    after another record's upsert: the second write must not overtake the first (it would
    insert the row, and the plain INSERT would then meet its key)."""
    store = RecordStore(store_target)
    with store.transaction() as tx:
        tx.put(_record(NIPS[0], 1, "Ada"))
    try:
        with store.transaction() as tx:
            tx.prefetch(NIPS)
            tx.put(_record(NIPS[0], 2, "Ada, diubah"))  # an upsert held first
            tx.put(_record(NIPS[1], 1, "Pertama"))
            tx.put(_record(NIPS[1], 2, "Kedua"))
            again = tx.get(NIPS[1])  # as this transaction left it
            assert again is not None
            assert again.version == 2
        stored = store.get(NIPS[1])
        assert stored is not None
        assert (stored.version, stored.doc["name"]) == (2, "Kedua")
    finally:
        store.close()


def test_quarantine_set_twice_for_one_person_keeps_the_second(store_target: str | Path) -> None:
    store = RecordStore(store_target)
    row = {"field": "riwayat_jabatan[0]", "rule": "R", "message": "m", "value": None}
    try:
        with store.transaction() as tx:
            tx.set_quarantine(NIPS[2], "siasn", "b1", [row, {**row, "rule": "S"}])
            tx.set_quarantine(NIPS[2], "siasn", "b2", [{**row, "rule": "T"}])
        assert [(q["batch_id"], q["rule"]) for q in store.quarantine_of(NIPS[2])] == [("b2", "T")]
    finally:
        store.close()


def test_a_write_refused_at_the_commit_rolls_back_every_held_write(
    store_target: str | Path,
) -> None:
    store = RecordStore(store_target)

    def write_then_fail() -> None:
        with store.transaction() as tx:
            tx.put(_record(NIPS[0], 1, "Satu"))
            tx.add_outbox(topic="t", key=b"k", payload=b"x", headers=[])
            raise RuntimeError("the caller fails after writing")

    try:
        with pytest.raises(RuntimeError):
            write_then_fail()
        assert store.get(NIPS[0]) is None
        assert store.backlog() == 0
    finally:
        store.close()


def test_quality_facts_of_an_import_are_those_of_the_stored_records(
    store_target: str | Path,
) -> None:
    """The facts are computed from the documents the transaction wrote, not read back: they
    must equal an assessment of what the store holds (a JSON round trip that changed a value
    would show here)."""
    rules = load_rules()
    store = RecordStore(store_target, quality=QualityBook(rules))
    people = list(Generator(seed=4711).people(120))
    try:
        report = _import(store, people)
        assert report.created == 120
        book = store.quality
        assert isinstance(book, QualityBook)
        today = dt.date.fromisoformat(book.today())
        kept = {
            r["nip"]: json.loads(r["counters"])
            for r in store.query("SELECT nip, counters FROM quality_facts")
        }
        for rec in store.iter_live():
            stored = json.loads(json.dumps(rec.doc))
            expected = book.facts(rec.key, stored, rec.provenance)[1]
            assert kept[rec.key] == expected, rec.key
            assert assess(stored, rec.provenance, rules, today, nip=rec.key) is not None
        # a re-import that changes nothing writes no version and no event
        again = _import(store, people)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 120)
        assert store.backlog() == 120
    finally:
        store.close()


@pytest.mark.integration
def test_records_read_together_are_locked_until_the_commit(postgres_db: str) -> None:
    """Another replica's read of a record the import read together waits for the import's
    commit and then sees its write (without the lock it would read version 1 and write a
    second version 2)."""
    store = RecordStore(postgres_db)
    with store.transaction() as tx:
        tx.put(_record(NIPS[0], 1, "Awal"))
    seen: dict[str, Any] = {}

    def other_replica() -> None:
        with store.transaction() as other:
            found = other.get(NIPS[0])
            seen["version"] = found.version if found else None

    try:
        with store.transaction() as tx:
            tx.prefetch([NIPS[2], NIPS[0]])
            reader = threading.Thread(target=other_replica)
            reader.start()
            time.sleep(0.5)  # the other replica is now waiting for the lock
            assert "version" not in seen
            tx.put(_record(NIPS[0], 2, "Impor"))
        reader.join(10)
        assert seen["version"] == 2
    finally:
        store.close()


@pytest.mark.integration
def test_a_key_taken_after_the_batch_was_read_is_a_conflict_naming_it(postgres_db: str) -> None:
    """An import read three NIPs as absent; another replica then creates the second. The
    import's held-back INSERTs meet that key at the commit: WriteConflict for that NIP (409),
    and nothing of the import is stored."""
    importer, other = RecordStore(postgres_db), RecordStore(postgres_db)

    def imports() -> None:
        with importer.transaction() as tx:
            tx.prefetch(NIPS)
            with other.transaction() as meanwhile:
                assert meanwhile.get(NIPS[1]) is None
                meanwhile.put(_record(NIPS[1], 1, "Replika lain"))
            for nip in NIPS:
                tx.put(_record(nip, 1, "Impor"))

    try:
        with pytest.raises(WriteConflict) as caught:
            imports()
        assert (caught.value.kind, caught.value.key) == ("profiles", NIPS[1])
        assert importer.get(NIPS[0]) is None
        assert importer.get(NIPS[2]) is None
        kept = importer.get(NIPS[1])
        assert kept is not None
        assert kept.doc["name"] == "Replika lain"
    finally:
        importer.close()
        other.close()


@pytest.mark.integration
def test_an_import_meeting_a_record_created_meanwhile_writes_it_as_an_update(
    postgres_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another replica creates one of the batch's NIPs while the batch is being written (its
    INSERTs wait for the commit). The batch is written again and that record is updated, as
    when each record was read just before its write; the other writer's record is not lost
    and the import is not refused."""
    importer, other = RecordStore(postgres_db), RecordStore(postgres_db)
    people = list(Generator(seed=4712).people(20))
    last = max(p["nip"] for p in people)
    real = records.upsert_in
    injected: list[str] = []

    def upsert_while_another_creates(*args: Any, **kwargs: Any) -> Any:
        if not injected:
            injected.append(last)
            with other.transaction() as meanwhile:
                assert meanwhile.get(last) is None
                meanwhile.put(_record(last, 1, "Replika lain"))
        return real(*args, **kwargs)

    monkeypatch.setattr(records, "upsert_in", upsert_while_another_creates)
    try:
        report = _import(importer, people)
        assert (report.created, report.updated, report.failed) == (19, 1, 0)
        stored = importer.get(last)
        assert stored is not None
        assert stored.version == 2
        assert stored.doc["name"] == next(p["name"] for p in people if p["nip"] == last)
        assert importer.backlog() == 20  # one event per change of the import, none twice
    finally:
        importer.close()
        other.close()


def test_only_a_taken_key_of_a_created_record_is_a_write_conflict() -> None:
    """Another constraint failing in a flush that holds a creation stays the error it is
    (not a 409 telling the client to retry)."""

    class Diag:
        def __init__(self, table: str, detail: str) -> None:
            self.table_name, self.message_detail = table, detail

    class PgError(Exception):
        def __init__(self, table: str, detail: str) -> None:
            super().__init__(detail)
            self.diag = Diag(table, detail)

    created = [("profiles", NIPS[0]), ("profiles", NIPS[1])]
    taken = PgError("profiles", f"Key (nip)=({NIPS[1]}) already exists.")
    assert _conflicting(taken, created) == ("profiles", NIPS[1])
    assert _conflicting(PgError("outbox", "Key (id)=(7) already exists."), created) is None
    assert _conflicting(PgError("profiles", "Failing row contains (...)."), created) is None
    sqlite_taken = Exception("UNIQUE constraint failed: profiles.nip")
    assert _conflicting(sqlite_taken, created) == ("profiles", NIPS[0])
    assert _conflicting(Exception("NOT NULL constraint failed: outbox.payload"), created) is None
