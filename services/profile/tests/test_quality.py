"""Data-quality report on constructed records whose completeness and freshness are known."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from potret_credentials.internal import service_auth
from potret_profile.adapters.quality_rules import DEFAULT_RULES, load_rules
from potret_profile.adapters.store import RecordStore
from potret_profile.domain.quality import QualityRules, Tally, assess
from potret_profile.main import create_app
from potret_profile.service.quality_book import QualityBook, QualityBuilder
from potret_profile.settings import Settings
from potret_seed.generator import Generator

REF = "2026-11-28"


@pytest.fixture
def client(store_settings: dict[str, Any], tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(**store_settings, relay_enabled=False)
    with TestClient(create_app(settings)) as test_client:
        test_client.auth = service_auth("profile")  # a known service (operator)
        yield test_client


def _nip(i: int) -> str:
    return f"198501012010011{i + 1:03d}"


def _record(i: int, opd: str, **extra: Any) -> dict[str, Any]:
    return {
        "nip": _nip(i),
        "name": f"Pegawai Uji {chr(65 + i)}",
        "golongan": "III/b",
        "jabatan": "Analis Kebijakan Ahli Pertama",
        "opd": opd,
        **extra,
    }


def _population(client: TestClient) -> None:
    """Dinas Uji A, 10 records: education 0-5; SKP 0-7 (2025 only for 0-4, the others 2023);
    assessments 0-2 from 2025 and 3-4 from 2020."""
    for i in range(10):
        extra: dict[str, Any] = {}
        if i <= 5:
            extra["education"] = [{"level": "S1", "major": "Ilmu Pemerintahan", "year": 2008}]
        if i <= 7:
            extra["skp"] = [{"year": 2025 if i <= 4 else 2023, "predikat": "BAIK"}]
        if i <= 4:
            extra["assessments"] = [{"date": "2025-01-01" if i <= 2 else "2020-01-01"}]
        assert client.post("/profiles", json=_record(i, "Dinas Uji A", **extra)).status_code == 201


def test_report_matches_the_constructed_population(client: TestClient) -> None:
    _population(client)
    report = client.get("/quality", params={"reference_date": REF}).json()
    (a,) = [o for o in report["by_opd"] if o["opd"] == "Dinas Uji A"]
    assert a["records"] == 10
    assert a["completeness"] == {
        "identitas": 100.0,
        "pangkat": 100.0,
        "jabatan": 100.0,
        "pendidikan": 60.0,
        "skp": 80.0,
        "kompetensi": 50.0,
    }
    assert a["freshness"] == {
        "pangkat": 100.0,  # confirmed today by the write
        "jabatan": 100.0,
        "skp": 62.5,  # 5 of the 8 with SKP have 2025's
        "kompetensi": 60.0,  # 3 of 5 within 3 years
    }
    assert a["complete_pct"] == 50.0  # records 0-4 have every required group
    assert a["fresh_pct"] == 50.0  # 0-2 and 8-9 (missing is not stale)
    assert report["total"]["records"] == 10
    assert report["rules_version"] == load_rules().version


def test_unconfirmed_sources_age_out_and_one_record_names_its_stale_facts(
    client: TestClient,
) -> None:
    assert client.post("/profiles", json=_record(20, "Dinas Uji B")).status_code == 201
    store: RecordStore = client.app.state.store  # type: ignore[attr-defined]
    rec = store.get(_nip(20))
    assert rec is not None
    old = {g: {**e, "confirmed_at": "2025-01-01T00:00:00+00:00"} for g, e in rec.provenance.items()}
    with store.transaction() as tx:
        tx.set_provenance(_nip(20), old)
    one = client.get(f"/profiles/{_nip(20)}/quality", params={"reference_date": REF}).json()
    assert one["complete"] is False
    assert one["missing"] == ["pendidikan", "skp", "kompetensi"]
    assert {(s["group"], s["rule"]) for s in one["stale"]} == {
        ("pangkat", "max_unconfirmed_days"),
        ("jabatan", "max_unconfirmed_days"),
    }
    assert "terakhir dikonfirmasi 2025-01-01" in one["stale"][0]["text"]
    b = client.get("/quality", params={"reference_date": REF, "opd": "Dinas Uji B"}).json()
    assert [o["opd"] for o in b["by_opd"]] == ["Dinas Uji B"]
    assert b["total"]["freshness"]["pangkat"] == 0.0


def test_a_rules_file_with_an_unknown_group_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"version": "x", "groups": {"gaji": {"required": True}}}))
    with pytest.raises(ValueError, match="gaji"):
        QualityRules.model_validate(json.loads(path.read_text()))


# ---- the counts kept with every write (quality_book.py) -------------------------------------


def _scan(store: RecordStore, rules: QualityRules, today: dt.date) -> dict[str, Any]:
    """The report computed the slow way, over every record: what the kept counts must say."""
    total, by_opd = Tally(), dict[str, Tally]()
    for rec in store.list_live(after=None, limit=100_000):
        q = assess(rec.doc, rec.provenance, rules, today, nip=rec.key)
        total.add(rec.doc, q, rules)
        by_opd.setdefault(str(rec.doc.get("opd", "")), Tally()).add(rec.doc, q, rules)
    return {
        "total": total.summary(rules),
        "by_opd": [{"opd": n, **t.summary(rules)} for n, t in sorted(by_opd.items())],
    }


def _kept(client: TestClient, **params: Any) -> dict[str, Any]:
    resp = client.get("/quality", params=params)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    return {"total": body["total"], "by_opd": body["by_opd"]}


def _built(store: RecordStore) -> None:
    deadline = time.monotonic() + 20
    while not store.quality_built():
        assert time.monotonic() < deadline, "the quality facts were never built"
        time.sleep(0.05)


def _clock(store: RecordStore, day: dt.date) -> None:
    book = store.quality
    assert isinstance(book, QualityBook)
    book.clock = lambda: day


def test_kept_counts_are_the_scan_after_every_kind_of_write(client: TestClient) -> None:
    store: RecordStore = client.app.state.store  # type: ignore[attr-defined]
    rules = load_rules()
    _built(store)
    _clock(store, dt.date(2026, 11, 28))
    _population(client)
    people = list(Generator(seed=7070).people(60))
    assert client.post("/imports/profiles", json=people).json()["created"] == 60
    # an update that moves a record to another OPD, one that empties a group, a deletion,
    # and an import that only confirms facts (provenance, no new version)
    moved = {k: v for k, v in _record(3, "Dinas Uji B").items() if k != "nip"}
    assert client.put(f"/profiles/{_nip(3)}", json=moved).is_success
    emptied = {k: v for k, v in _record(0, "Dinas Uji A").items() if k != "nip"}
    assert client.put(f"/profiles/{_nip(0)}", json=emptied).is_success
    assert client.delete(f"/profiles/{_nip(1)}").status_code == 204
    assert client.post("/imports/profiles", json=people[:10]).json()["unchanged"] == 10
    kept = _kept(client)
    assert kept == _scan(store, rules, dt.date(2026, 11, 28))
    assert kept["total"]["records"] == 9 + 60
    # the kept counts answer for today only: the same day asked explicitly too
    assert _kept(client, reference_date="2026-11-28") == kept
    # one OPD
    (opd,) = {p["opd"] for p in people[:1]}
    only = _kept(client, opd=opd)
    assert [o["opd"] for o in only["by_opd"]] == [opd]
    assert only["by_opd"] == [o for o in kept["by_opd"] if o["opd"] == opd]


def test_kept_counts_follow_the_date_without_any_write(client: TestClient) -> None:
    store: RecordStore = client.app.state.store  # type: ignore[attr-defined]
    rules = load_rules()
    _built(store)
    _clock(store, dt.date(2026, 12, 31))
    # SKP 2025 is last year's on 2026-12-31 and not on 2027-01-01; an assessment of
    # 2024-01-02 passes its 3 years on 2027-01-02; sources confirmed on 2026-12-31 pass
    # their 365 days on 2028-01-01 (2027 has 365 days).
    extra = {"skp": [{"year": 2025, "predikat": "BAIK"}], "assessments": [{"date": "2024-01-02"}]}
    assert client.post("/profiles", json=_record(40, "Dinas Uji C", **extra)).status_code == 201
    rec = store.get(_nip(40))
    assert rec is not None
    confirmed = {
        g: {**e, "confirmed_at": "2026-12-31T08:00:00+00:00"} for g, e in rec.provenance.items()
    }
    with store.transaction() as tx:
        tx.set_provenance(_nip(40), confirmed)
    for day, fresh_skp, fresh_kompetensi, fresh_pangkat in (
        (dt.date(2026, 12, 31), 100.0, 100.0, 100.0),
        (dt.date(2027, 1, 1), 0.0, 100.0, 100.0),
        (dt.date(2027, 1, 2), 0.0, 100.0, 100.0),
        (dt.date(2027, 1, 3), 0.0, 0.0, 100.0),
        (dt.date(2027, 12, 31), 0.0, 0.0, 100.0),
        (dt.date(2028, 1, 1), 0.0, 0.0, 0.0),
    ):
        _clock(store, day)
        kept = _kept(client)
        assert kept == _scan(store, rules, day), day
        freshness = kept["total"]["freshness"]
        assert (freshness["skp"], freshness["kompetensi"], freshness["pangkat"]) == (
            fresh_skp,
            fresh_kompetensi,
            fresh_pangkat,
        ), day


def test_a_store_without_facts_and_new_rules_are_built_again(
    store_target: str | Path, store_settings: dict[str, Any]
) -> None:
    # Records written by a release that kept no facts (or copied into a new store) ...
    bare = RecordStore(store_target)
    settings = Settings(**store_settings, relay_enabled=False)
    bare.close()
    with TestClient(create_app(settings)) as client:
        client.auth = service_auth("profile")
        store: RecordStore = client.app.state.store  # type: ignore[attr-defined]
        _built(store)
        store.quality = None  # write as the older release did: no facts
        _population(client)
        store.quality = QualityBook(load_rules(), clock=lambda: dt.date(2026, 11, 28))
        assert not store.build_quality(stop=lambda: True)  # a stopped build is not complete
        assert store.build_quality()
        assert _kept(client) == _scan(store, load_rules(), dt.date(2026, 11, 28))
        # A new rules file: SKP no longer required, assessments may be 10 years old.
        data = json.loads(DEFAULT_RULES.read_text())
        data["version"] = "uji-2"
        data["groups"]["skp"] = {}
        data["groups"]["kompetensi"]["max_age_years"] = 10
        newer = QualityRules.model_validate(data)
        client.app.state.quality_rules = newer  # type: ignore[attr-defined]
        store.quality = QualityBook(newer, clock=lambda: dt.date(2026, 11, 28))
        assert not store.quality_built()
        assert store.build_quality()
        kept = _kept(client)
        assert kept == _scan(store, newer, dt.date(2026, 11, 28))
        assert "skp" not in kept["total"]["completeness"]
        assert (
            store.query(
                "SELECT COUNT(*) AS n FROM quality_tally WHERE rules_version <> ?",
                (store.quality.version,),
            )[0]["n"]
            == 0
        )


def test_a_reference_date_of_29_february_is_answered(client: TestClient) -> None:
    _population(client)
    resp = client.get("/quality", params={"reference_date": "2028-02-29"})
    assert resp.status_code == 200, resp.text
    one = client.get(f"/profiles/{_nip(0)}/quality", params={"reference_date": "2028-02-29"})
    assert one.status_code == 200, one.text


def test_dates_at_the_calendars_end_are_stored_and_reported(client: TestClient) -> None:
    # No upper bound on an assessment's date in the record rules: its age limit falls past
    # year 9999. The write must not fail on computing when it grows old.
    extra = {"assessments": [{"date": "9998-06-01"}], "skp": [{"year": 2025, "predikat": "BAIK"}]}
    resp = client.post("/profiles", json=_record(50, "Dinas Uji D", **extra))
    assert resp.status_code == 201, resp.text
    store: RecordStore = client.app.state.store  # type: ignore[attr-defined]
    _built(store)
    assert _kept(client, opd="Dinas Uji D")["total"]["records"] == 1


def test_writers_without_facts_and_other_rules_versions_do_not_skew_the_counts(
    client: TestClient,
) -> None:
    store: RecordStore = client.app.state.store  # type: ignore[attr-defined]
    rules = load_rules()
    day = dt.date(2026, 11, 28)
    _built(store)
    _clock(store, day)
    _population(client)
    book = store.quality
    assert isinstance(book, QualityBook)
    # An older release (or a hand-made fix) writes without keeping facts: an update, a new
    # record, a tombstone. The trigger makes them due; the next report assesses them.
    store.quality = None
    moved = {k: v for k, v in _record(2, "Dinas Uji Lama").items() if k != "nip"}
    assert client.put(f"/profiles/{_nip(2)}", json=moved).is_success
    assert client.post("/profiles", json=_record(30, "Dinas Uji Lama")).status_code == 201
    assert client.delete(f"/profiles/{_nip(4)}").status_code == 204
    store.quality = book
    assert store.quality_built()
    assert store.quality_due() == 3
    kept = client.get("/quality").json()
    assert kept["pending_reassessment"] == 0
    assert {"total": kept["total"], "by_opd": kept["by_opd"]} == _scan(store, rules, day)
    # A replica with another rules file writes one record: that version's counts stay the
    # sum of its facts, this version no longer covers every record (it scans) until rebuilt.
    data = json.loads(DEFAULT_RULES.read_text())
    data["groups"]["kompetensi"]["max_age_years"] = 10  # edited, same `version`
    other = QualityBook(QualityRules.model_validate(data), clock=lambda: day)
    assert other.version != book.version
    store.quality = other
    body = {k: v for k, v in _record(5, "Dinas Uji A").items() if k != "nip"}
    assert client.put(f"/profiles/{_nip(5)}", json=body | {"golongan": "III/c"}).is_success
    store.quality = book
    assert not store.quality_built()
    assert _kept(client) == _scan(store, rules, day)  # scanned meanwhile
    QualityBuilder(store).once()
    assert store.quality_built()
    assert _kept(client) == _scan(store, rules, day)
    counted = store.quality_counts()
    assert (
        sum(c.get("records", 0) for c in counted.values())
        == _scan(store, rules, day)["total"]["records"]
    )


def test_many_due_records_are_left_to_the_background_and_said_so(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import potret_profile.service.quality_book as book_module

    store: RecordStore = client.app.state.store  # type: ignore[attr-defined]
    rules = load_rules()
    _built(store)
    _clock(store, dt.date(2026, 12, 31))
    _population(client)  # 8 records with SKP: all due on 1 January
    monkeypatch.setattr(book_module, "INLINE_REFRESH", 3)
    _clock(store, dt.date(2027, 1, 1))
    first = client.get("/quality").json()
    assert first["pending_reassessment"] == 8
    assert first["total"]["freshness"]["skp"] == 62.5  # still 2026's view, and said so
    QualityBuilder(store).once()
    after = client.get("/quality").json()
    assert after["pending_reassessment"] == 0
    assert {"total": after["total"], "by_opd": after["by_opd"]} == _scan(
        store, rules, dt.date(2027, 1, 1)
    )


def test_counts_of_an_opd_without_records_are_left_out_and_logged(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Counts that say an OPD has no record but some with an SKP cannot be a tally of
    records: they are kept out of the report and reported as drift, never shown."""
    store: RecordStore = client.app.state.store  # type: ignore[attr-defined]
    rules = load_rules()
    _built(store)
    _clock(store, dt.date(2026, 11, 28))
    _population(client)
    book = store.quality
    assert book is not None
    with store.database.transaction() as tx:
        tx.execute(
            "INSERT INTO quality_tally (rules_version, opd, counter, n) VALUES (?, ?, ?, ?)",
            (book.version, "Dinas Hantu", "skp", 3),
        )
    with caplog.at_level("ERROR", logger="potret_profile.service.quality_book"):
        kept = _kept(client)
    assert kept == _scan(store, rules, dt.date(2026, 11, 28))
    assert "Dinas Hantu" in caplog.text
