"""potret-profile-copy: a SQLite profile store copied into an empty PostgreSQL one keeps every
record's version, tombstone and provenance, the outbox (ids and sent marks: the unsent rows
are published from PostgreSQL, none twice), corrections, checkpoints, SIASN digests and
quarantined rows; a target that is not empty is refused; a value PostgreSQL refuses leaves
the target untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from potret_credentials.internal import service_auth
from potret_profile.adapters.store import RecordStore
from potret_profile.adapters.store_copy import TABLES, copy_store
from potret_profile.entrypoints.copy_cli import main
from potret_profile.main import create_app
from potret_profile.settings import Settings as ServiceSettings
from potret_seed.generator import Generator

pytestmark = pytest.mark.integration

A, B = "198609262015051001", "199001012015011002"


def _profile(nip: str, name: str) -> dict[str, Any]:
    return {
        "nip": nip,
        "name": name,
        "golongan": "III/c",
        "jabatan": "Analis",
        "opd": "Dinas Perikanan",
        "personal": {"nik": "3525010101860001", "religion": "Islam"},
    }


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A regency's SQLite store with a history: updates, a tombstone, a position, generated
    people with every kind of history, an import, a correction, a half-published outbox."""
    path = tmp_path / "profile.db"
    settings = ServiceSettings(db_path=path, relay_enabled=False)
    with TestClient(create_app(settings)) as client:
        client.auth = service_auth("profile")
        assert client.post("/profiles", json=_profile(A, "Siti Aminah")).status_code == 201
        for golongan in ("III/d", "IV/a"):  # version 3
            body = {k: v for k, v in _profile(A, "Siti Aminah").items() if k != "nip"}
            assert client.put(f"/profiles/{A}", json=body | {"golongan": golongan}).is_success
        assert client.post("/profiles", json=_profile(B, "Budi")).status_code == 201
        assert client.delete(f"/profiles/{B}").status_code == 204  # a tombstone
        generator = Generator(seed=5151)
        people = list(generator.people(30))
        report = client.post("/imports/profiles", json=people).json()
        assert report["created"] == 30, report
        position = generator.positions()[0]
        assert client.post("/positions", json=position).status_code == 201, position
        store: RecordStore = client.app.state.store  # type: ignore[attr-defined]
        with store.transaction() as tx:
            tx.set_checkpoint("siasn", "2026-12-01T00:00:00+00:00")
            tx.execute(
                "INSERT INTO corrections (id, nip, field, proposed, reason, status, filed_by,"
                " filed_at, base_version) VALUES (?,?,?,?,?,?,?,?,?)",
                ("c1", A, "jabatan", '"Analis Kebijakan"', "salah ketik", "PENDING", "asn", "t", 3),
            )
        store.set_answer_digest(A, "sha256:abc")
        sent = [row.id for row in store.unsent(20)]
        store.mark_sent(sent)  # the rest stays for the relay
    return path


def _everything(store: RecordStore) -> dict[str, list[dict[str, Any]]]:
    out = {}
    for table in TABLES:
        rows = store.query(f"SELECT * FROM {table.name} ORDER BY {table.key}")  # noqa: S608
        out[table.name] = [
            {k: bytes(v) if isinstance(v, memoryview) else v for k, v in r.items()} for r in rows
        ]
    return out


def _comparable(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """SQLite holds documents as text, PostgreSQL as jsonb: compare them decoded."""
    import json

    def value(v: Any) -> Any:
        if isinstance(v, str) and v[:1] in "{[":
            try:
                return json.loads(v)
            except ValueError:
                return v
        return v

    return {t: [{k: value(v) for k, v in r.items()} for r in rs] for t, rs in rows.items()}


def test_the_copy_is_the_store_and_the_target_goes_on_from_it(
    source: Path, postgres_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--from", str(source), "--to", postgres_db, "--batch", "7"]) == 0
    out = capsys.readouterr()
    assert "diperiksa" in out.out
    assert "profiles: 32/32" in out.err  # progress, per table
    sqlite_store, pg_store = RecordStore(source), RecordStore(postgres_db)
    try:
        before, after = _everything(sqlite_store), _everything(pg_store)
        assert {t: len(r) for t, r in after.items()} == {t: len(r) for t, r in before.items()}
        assert _comparable(after) == _comparable(before)
        record = pg_store.get(A)
        assert record is not None
        assert (record.version, record.doc["golongan"]) == (3, "IV/a")
        assert record.doc["personal"]["nik"] == "3525010101860001"
        tombstone = pg_store.get(B)
        assert tombstone is not None
        assert tombstone.deleted
        # The relay on PostgreSQL publishes exactly the rows SQLite had not sent yet.
        unsent_before = [r.id for r in sqlite_store.unsent(1000)]
        assert unsent_before
        assert [r.id for r in pg_store.unsent(1000)] == unsent_before
        # The next write goes on from the copy: its version, and an outbox id after the last.
        last_id = max(r["id"] for r in before["outbox"])
        with pg_store.transaction() as tx:
            current = tx.get(A)
            assert current is not None
            tx.put(type(current)(**{**_fields(current), "version": current.version + 1}))
            tx.add_outbox(topic="potret.test", key=b"k", payload=b"v", headers=[])
        assert pg_store.unsent(1000)[-1].id == last_id + 1
    finally:
        sqlite_store.close()
        pg_store.close()


def _fields(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record.__slots__}


def test_a_target_with_data_is_refused_and_left_alone(source: Path, postgres_db: str) -> None:
    target = RecordStore(postgres_db)
    try:
        with target.transaction() as tx:
            tx.set_checkpoint("siasn", "already here")
        assert main(["--from", str(source), "--to", postgres_db]) == 2
        assert target.query("SELECT COUNT(*) AS n FROM profiles")[0]["n"] == 0
        assert target.checkpoint("siasn") == "already here"
    finally:
        target.close()


def test_a_value_postgresql_refuses_rolls_the_whole_copy_back(
    source: Path, postgres_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # SQLite keeps a NUL character in a text; PostgreSQL refuses it. It sits in the last
    # table copied, so everything before it was already inserted when it fails.
    db = sqlite3.connect(source)
    db.execute(
        "INSERT INTO quarantine (nip, source, batch_id, field, rule, message, value, at)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (A, "siasn", "b1", "skp", "SKP-YEAR", "tahun\x00", None, "t"),
    )
    db.commit()
    db.close()
    assert main(["--from", str(source), "--to", postgres_db]) == 1
    assert "tidak diubah" in capsys.readouterr().err
    target = RecordStore(postgres_db)
    try:
        assert all(
            target.query(f"SELECT COUNT(*) AS n FROM {t.name}")[0]["n"] == 0  # noqa: S608
            for t in TABLES
        )
    finally:
        target.close()


def test_bad_arguments_are_refused_before_anything_is_opened(
    tmp_path: Path, postgres_db: str
) -> None:
    missing = tmp_path / "tidak-ada.db"
    assert main(["--from", str(missing), "--to", postgres_db]) == 2
    assert not missing.exists()  # never created
    assert main(["--from", str(missing), "--to", str(tmp_path / "x.db")]) == 2


def test_a_table_the_tool_does_not_know_stops_it(source: Path, postgres_db: str) -> None:
    db = sqlite3.connect(source)
    db.execute("CREATE TABLE later_feature (x TEXT)")
    db.commit()
    db.close()
    src, dst = RecordStore(source), RecordStore(postgres_db)
    try:
        from potret_profile.adapters.store_copy import CopyRefused

        with pytest.raises(CopyRefused, match="later_feature"):
            copy_store(src, dst)
    finally:
        src.close()
        dst.close()


def test_facts_of_an_earlier_start_on_the_target_are_not_kept(
    source: Path, postgres_db: str
) -> None:
    # The profile service started once on the empty target: its (empty) facts were marked
    # complete. After the copy they would report no one; they are cleared, to be rebuilt.
    from potret_profile.adapters.quality_rules import load_rules
    from potret_profile.service.quality_book import QualityBook

    early = RecordStore(postgres_db, quality=QualityBook(load_rules()))
    assert early.build_quality()
    assert early.quality_built()
    early.close()
    assert main(["--from", str(source), "--to", postgres_db]) == 0
    after = RecordStore(postgres_db, quality=QualityBook(load_rules()))
    try:
        assert not after.quality_built()
        assert after.build_quality()
        assert sum(c.get("records", 0) for c in after.quality_counts().values()) == 31
    finally:
        after.close()


def test_a_copy_whose_check_fails_leaves_the_target_empty(
    source: Path, postgres_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check runs inside the copy's transaction: a digest that differs (here forced, as a
    driver that altered a value on the way would) rolls every table back."""
    from potret_profile.adapters import store_copy

    real = store_copy._digest

    def differing(db: Any, table: str, key: str, batch: int = 5000) -> str:
        digest = real(db, table, key, batch)
        return digest + "-target" if db.dialect == "postgres" else digest

    monkeypatch.setattr(store_copy, "_digest", differing)
    src, dst = RecordStore(source), RecordStore(postgres_db)
    try:
        with pytest.raises(store_copy.CopyFailed, match="berbeda"):
            copy_store(src, dst)
        assert all(
            dst.query(f"SELECT COUNT(*) AS n FROM {t.name}")[0]["n"] == 0  # noqa: S608
            for t in TABLES
        )
    finally:
        src.close()
        dst.close()
