"""The likely-duplicates report kept in the store (adapters/duplicate_pairs.py) says what
comparing every record says (duplicates.find), after every kind of write, on both stores:
planted pairs made and unmade by updates, a deletion, a merge, an import; a block that
grows over the limit and falls back; many changes left to the background and counted;
a matcher of another version; a writer that has not committed yet."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

import potret_profile.adapters.duplicate_pairs as kept_module
import potret_profile.domain.duplicates as matcher
import potret_profile.service.duplicate_book as book_module
from potret_credentials.internal import service_auth
from potret_profile.adapters.duplicate_pairs import KeptPairs
from potret_profile.adapters.store import RecordStore
from potret_profile.main import create_app
from potret_profile.service.duplicate_book import DuplicateBuilder
from potret_profile.settings import Settings
from potret_seed.generator import Generator
from potret_sqldb import StoreUnavailable

# domain/duplicates.py's digests under each MATCHER_VERSION: a change to the matching must
# come with a new version (the kept pairs of the old one are then built again). A change that
# leaves every pair as it was (a comment, a log line moved out) adds its digest to the same
# version, said why, so that an upgrade does not rebuild the pairs for nothing.
MATCHER_DIGESTS = {
    "2026-12-06.01": (
        "502127d2cee93ba2",
        "5ea00d3048896f91",  # the same matching; the oversized-block warning left to the caller
    ),
}


@pytest.fixture
def client(store_settings: dict[str, Any], tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(**store_settings, relay_enabled=False)
    with TestClient(create_app(settings)) as test_client:
        test_client.auth = service_auth("profile")
        for builder in test_client.app.state.builders:  # type: ignore[attr-defined]
            if isinstance(builder, DuplicateBuilder):
                builder.stop()  # these tests run it themselves, when they say
        yield test_client


def _store(client: TestClient) -> RecordStore:
    store: RecordStore = client.app.state.store  # type: ignore[attr-defined]
    return store


def _built(client: TestClient) -> KeptPairs:
    """The kept pairs once built (the service's own builder builds them at its start; this
    one takes over if it does not hold the lease)."""
    pairs = KeptPairs(_store(client).database)
    deadline = time.monotonic() + 20
    while not pairs.built():
        assert time.monotonic() < deadline, "the kept pairs were never built"
        DuplicateBuilder(pairs).once()
        time.sleep(0.05)
    return pairs


def _scan(store: RecordStore) -> list[dict[str, Any]]:
    live = [(r.key, r.doc) for r in store.list_live(after=None, limit=100_000)]
    return [c.public() for c in matcher.find(live, min_score=matcher.MIN_SCORE)]


def _kept_is_scan(client: TestClient) -> None:
    """The kept pairs themselves (not a report that may have scanned) are the scan's."""
    pairs = KeptPairs(_store(client).database)
    assert pairs.built()
    count, kept = pairs.pairs(matcher.MIN_SCORE)
    scan = _scan(_store(client))
    assert [c.public() for c in kept] == scan
    assert count == len(scan)


def _report(client: TestClient, **params: Any) -> dict[str, Any]:
    resp = client.get(
        "/duplicates", params={"min_score": matcher.MIN_SCORE, "limit": 1000} | params
    )
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    return body


def _person(nip: str, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "nip": nip,
        "name": name,
        "golongan": "III/c",
        "jabatan": "Penyuluh Perikanan Ahli Muda",
        "opd": "Dinas Perikanan",
        **extra,
    }


def _put(client: TestClient, nip: str, name: str, **extra: Any) -> None:
    body = {k: v for k, v in _person(nip, name, **extra).items() if k != "nip"}
    assert client.put(f"/profiles/{nip}", json=body).is_success


def test_the_kept_report_is_the_scan_after_every_kind_of_write(client: TestClient) -> None:
    store = _store(client)
    _built(client)
    people = [p for p in Generator(seed=4141).people(400) if p.get("jenis_jabatan") != "JPT"]
    assert client.post("/imports/profiles", json=people).json()["failed"] == 0
    # planted: one person re-registered under another serial, one with a typo in the name
    base = people[0]
    twin_nip = base["nip"][:15] + ("001" if base["nip"][15:] != "001" else "002")
    assert (
        client.post(
            "/profiles", json={**base, "nip": twin_nip, "name": f"Drs. {base['name']}"}
        ).status_code
        == 201
    )
    a, b, c = "198609262015051001", "198609262015051002", "198609262015051003"
    for nip, name in ((a, "Siti Aminah"), (b, "St. Aminah"), (c, "Budi Santoso")):
        assert client.post("/profiles", json=_person(nip, name)).status_code == 201
    first = _report(client)
    assert first["pending_reassessment"] == 0
    assert first["data"] == _scan(store)
    _kept_is_scan(client)
    nips = {tuple(p["nips"]) for p in first["data"] if p["score"] >= 0.75}
    assert (a, b) in nips
    assert tuple(sorted((base["nip"], twin_nip))) in nips
    # an update that unmakes a pair, one that makes a pair, a deletion, a merge
    _put(client, b, "Rahmat Hidayat")
    _put(client, c, "Sitti Aminah, S.Pi.")
    assert client.delete(f"/profiles/{twin_nip}").status_code == 204
    merged = client.post(f"/profiles/{c}/merge", json={"into": a, "reason": "NIP ganda"})
    assert merged.status_code == 200, merged.text
    after = _report(client)
    assert after["data"] == _scan(store)
    assert after["count"] == len(after["data"])
    _kept_is_scan(client)
    nips = {tuple(p["nips"]) for p in after["data"] if p["score"] >= 0.75}
    assert (a, b) not in nips
    assert (a, c) not in nips
    # an import that changes nothing leaves the pairs as they are; min_score and limit
    assert client.post("/imports/profiles", json=people[:50]).json()["unchanged"] == 50
    assert _report(client)["data"] == after["data"]
    high = _report(client, min_score=0.9, limit=1)
    assert high["count"] == len([p for p in after["data"] if p["score"] >= 0.9])
    assert high["data"] == [p for p in after["data"] if p["score"] >= 0.9][:1]
    # re-created after its deletion; renamed while keeping its birth
    # date and TMT (some of its blocks stay, others change)
    assert client.post("/profiles", json={**base, "nip": twin_nip}).status_code == 201
    _put(client, a, "Siti Aminah Rahmawati")
    assert _report(client)["data"] == _scan(store)
    _kept_is_scan(client)


def test_a_block_over_the_limit_is_left_uncompared_until_it_falls_back(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four people born the same day share a block; over a limit of three the scan compares
    none of them, and a pair that shares only that block is not reported, even though it was
    found while the block was small. Deleting one brings the block back: all are compared."""
    monkeypatch.setattr(matcher, "BLOCK_LIMIT", 3)
    monkeypatch.setattr(kept_module, "BLOCK_LIMIT", 3)
    store = _store(client)
    _built(client)
    # same birth date and gender, TMT one digit apart, other serials: a pair only through
    # the "lahir" block (the rest of the NIP and the name-with-TMT blocks differ)
    x, y = "198001012005011001", "198001012006011002"
    assert client.post("/profiles", json=_person(x, "Wahyu Prasetyo")).status_code == 201
    assert client.post("/profiles", json=_person(y, "Wahyu Prasetya")).status_code == 201
    small = _report(client)
    assert [tuple(p["nips"]) for p in small["data"]] == [(x, y)]
    assert small["data"] == _scan(store)
    others = ["198001012010011003", "198001012012011004"]
    for nip, name in zip(others, ("Agus Salim", "Dewi Lestari"), strict=True):
        assert client.post("/profiles", json=_person(nip, name)).status_code == 201
    over = _report(client)
    assert over["data"] == _scan(store) == []
    _kept_is_scan(client)
    # the block falls back to the limit while the pair is not in the kept pairs at all:
    # a change of x, while the block was over the limit, dropped them
    _put(client, x, "Wahyu Prasetyo", golongan="III/d")
    assert _report(client)["data"] == []
    assert client.delete(f"/profiles/{others[0]}").status_code == 204
    back = _report(client)
    assert [tuple(p["nips"]) for p in back["data"]] == [(x, y)]
    assert back["data"] == _scan(store)
    _kept_is_scan(client)
    # over and back within one page: one joins and one leaves before the next refresh
    late = "198001012014011005"
    assert client.post("/profiles", json=_person(late, "Rudi Hartono")).status_code == 201
    assert client.delete(f"/profiles/{others[1]}").status_code == 204
    assert _report(client)["data"] == _scan(store)
    _kept_is_scan(client)


def test_many_changes_are_left_to_the_background_and_said_so(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(client)
    pairs = _built(client)
    monkeypatch.setattr(book_module, "INLINE_REFRESH", 2)
    a, b = "198609262015051001", "198609262015051002"
    for nip, name in ((a, "Siti Aminah"), (b, "St. Aminah"), ("199001012015011003", "Budi")):
        assert client.post("/profiles", json=_person(nip, name)).status_code == 201
    waiting = _report(client)
    assert waiting["pending_reassessment"] == 3
    assert waiting["data"] == []  # the pairs as they were, and said so
    assert pairs.refresh(page=1, limit=2) == 2  # a report's refresh stops at its limit
    assert pairs.due() == 1
    DuplicateBuilder(pairs).once()
    done = _report(client)
    assert done["pending_reassessment"] == 0
    assert [tuple(p["nips"]) for p in done["data"]] == [(a, b)]
    assert done["data"] == _scan(store)


def test_a_store_never_compared_is_scanned_until_built_and_a_newer_matcher_is_left_alone(
    client: TestClient,
) -> None:
    store = _store(client)
    a, b = "198609262015051001", "198609262015051002"
    for nip, name in ((a, "Siti Aminah"), (b, "St. Aminah")):
        assert client.post("/profiles", json=_person(nip, name)).status_code == 201
    # as a store of an earlier release looks (under the lock refreshes take: the service's
    # own builder may be at work)
    with store.database.transaction(lock=kept_module._LOCK) as tx:
        for table in (
            "duplicate_builds",
            "duplicate_pairs",
            "duplicate_keys",
            "duplicate_blocks",
            "duplicate_people",
            "duplicate_due",
        ):
            tx.execute(f"DELETE FROM {table}")  # noqa: S608
    pairs = KeptPairs(store.database)
    assert not pairs.built()
    scanned = _report(client)  # compares every record meanwhile
    assert [tuple(p["nips"]) for p in scanned["data"]] == [(a, b)]
    DuplicateBuilder(pairs).once()
    assert pairs.built()
    assert _report(client)["data"] == scanned["data"]
    _kept_is_scan(client)
    # a replica of an older release: it neither takes the tables back nor answers from them
    older = KeptPairs(store.database, version="2000-01-01.01")
    DuplicateBuilder(older).once()
    assert not older.built()
    assert pairs.built()
    assert book_module.kept_duplicates(older, 0.5) is None
    assert not older.start_build()  # refused: a newer matcher has its build
    assert older.refresh() == 0
    # a newer release starts its build: this matcher's refresh stops at once
    newer = KeptPairs(store.database, version="2999-01-01.01")
    assert newer.start_build()
    _put(client, a, "Siti Aminah Zahra")
    assert pairs.refresh() == 0
    assert pairs.due() == 1
    assert newer.refresh() >= 1
    assert newer.built()


def test_a_build_page_that_fails_is_taken_again(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page whose transaction fails (the store went away) is rolled back; the build takes
    its profiles again instead of going on after them and calling itself complete."""
    store = _store(client)
    people = [p for p in Generator(seed=6161).people(40) if p.get("jenis_jabatan") != "JPT"]
    twin = {**people[5], "nip": people[5]["nip"][:15] + "999", "name": "Drs. " + people[5]["name"]}
    assert client.post("/imports/profiles", json=[*people, twin]).json()["failed"] == 0
    pairs = KeptPairs(store.database, version="2999-01-01.01")  # a build of its own
    assert pairs.start_build()
    real = kept_module._Page.compare_again
    calls = {"n": 0}

    def failing(page: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise StoreUnavailable("gone")
        real(page)

    monkeypatch.setattr(kept_module._Page, "compare_again", failing)
    with store.database.transaction() as tx:  # only the build's own profiles: none due
        tx.execute("DELETE FROM duplicate_due")
    with pytest.raises(StoreUnavailable):
        pairs.refresh(page=10)
    assert not pairs.built()
    pairs.refresh(page=10)
    assert pairs.built()
    compared = store.query("SELECT COUNT(*) AS n FROM duplicate_people")[0]["n"]
    assert compared == len(people) + 1  # every live profile, the failed page's too
    count, kept = pairs.pairs(matcher.MIN_SCORE)
    assert [c.public() for c in kept] == _scan(store)
    assert count >= 1


def test_a_store_too_big_to_compare_whole_answers_503_until_built(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the first build runs on a store too big to compare whole within a request, the
    report says so (503, Retry-After) instead of running out of time; once built it answers."""
    import potret_profile.entrypoints.duplicates as route

    monkeypatch.setattr(route, "SCAN_LIMIT", 2)
    store = _store(client)
    for nip, name in (("198609262015051001", "Siti Aminah"), ("198609262015051002", "Budi"),
                      ("199001012015011003", "Rina")):  # fmt: skip
        assert client.post("/profiles", json=_person(nip, name)).status_code == 201
    pairs = KeptPairs(store.database)
    with store.database.transaction(lock=kept_module._LOCK) as tx:
        tx.execute("DELETE FROM duplicate_builds")
    resp = client.get("/duplicates")
    assert resp.status_code == 503, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.headers["Retry-After"] == "60"
    body = resp.json()
    assert body["type"].endswith("/duplicates-building")
    assert "3 profil" in body["detail"]
    DuplicateBuilder(pairs).once()
    assert client.get("/duplicates").status_code == 200


@pytest.mark.integration
def test_a_refresh_does_not_wait_for_a_writer_nor_read_its_old_document(
    postgres_db: str,
) -> None:
    """A writer holds its record's due row until it commits: a refresh meanwhile skips that
    record (no wait, no read of the old document); the next one compares the new one."""
    import psycopg

    from potret_profile.service.records import create_profile

    store = RecordStore(postgres_db)
    pairs = KeptPairs(store.database)
    try:
        pairs.start_build()
        pairs.refresh()
        a, b = "198609262015051001", "198609262015051002"
        from potret_profile.domain.model import ProfileCreate

        create_profile(store, ProfileCreate.model_validate(_person(a, "Siti Aminah")))
        create_profile(store, ProfileCreate.model_validate(_person(b, "Rahmat Hidayat")))
        pairs.refresh()
        assert pairs.pairs(0.75) == (0, [])
        with store.transaction() as tx:  # b changed and committed: due
            tx.execute(
                "UPDATE profiles SET doc = jsonb_set(doc, '{golongan}', '\"III/d\"') WHERE nip = ?",
                (b,),
            )
        assert pairs.due() == 1
        with psycopg.connect(postgres_db) as writer:  # b renamed, not committed yet
            writer.execute(
                "UPDATE profiles SET doc = jsonb_set(doc, '{name}', '\"St. Aminah\"')"
                " WHERE nip = %s",
                (b,),
            )
            done: list[int] = []
            refresher = threading.Thread(target=lambda: done.append(pairs.refresh()))
            refresher.start()
            refresher.join(timeout=10)
            assert done == [0], "the refresh waited for the writer or took its record"
            writer.commit()
        assert pairs.refresh() == 1
        assert [c.nips for c in pairs.pairs(0.75)[1]] == [(a, b)]
    finally:
        store.close()


@pytest.mark.integration
def test_a_write_after_a_refresh_took_its_record_makes_it_due_again(postgres_db: str) -> None:
    """The other order: a refresh has taken (deleted, not yet committed) a record's due row
    when a writer changes the record. The writer's trigger waits for the refresh to commit,
    then marks the record due again: the change is not lost."""
    import psycopg

    from potret_profile.domain.model import ProfileCreate
    from potret_profile.service.records import create_profile

    store = RecordStore(postgres_db)
    try:
        b = "198609262015051002"
        create_profile(store, ProfileCreate.model_validate(_person(b, "Rahmat Hidayat")))
        assert KeptPairs(store.database).due() == 1
        with psycopg.connect(postgres_db) as refresher:  # as _take_due, not committed
            taken = refresher.execute(
                "DELETE FROM duplicate_due WHERE nip = %s RETURNING nip", (b,)
            ).fetchall()
            assert taken == [(b,)]
            wrote: list[bool] = []

            def write() -> None:
                with store.transaction() as tx:
                    tx.execute(
                        "UPDATE profiles SET doc = jsonb_set(doc, '{name}', '\"St. Aminah\"')"
                        " WHERE nip = ?",
                        (b,),
                    )
                wrote.append(True)

            writer = threading.Thread(target=write)
            writer.start()
            writer.join(timeout=1)
            assert wrote == []  # waits for the refresh's transaction
            refresher.commit()
        writer.join(timeout=10)
        assert wrote == [True]
        assert KeptPairs(store.database).due() == 1
    finally:
        store.close()


@given(
    st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2009, 12, 31)),
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 9)), max_size=2),
    st.sampled_from(["digit", "swap", "daymonth", "day", "none"]),
)
@settings(max_examples=400, deadline=None)
def test_birth_neighbours_hold_every_date_one_slip_away(
    born: dt.date, digits: list[tuple[int, int]], how: str
) -> None:
    """The lookup of big blocks (birth_neighbours) may miss no birth date _slip accepts."""
    a = born.strftime("%Y%m%d")
    b = a
    if how == "digit":
        for i, d in digits[:1]:
            b = b[:i] + str(d) + b[i + 1 :]
    elif how == "swap" and digits:
        i = min(digits[0][0], 6)
        b = b[:i] + b[i + 1] + b[i] + b[i + 2 :]
    elif how == "daymonth":
        b = b[:4] + b[6:8] + b[4:6]
    elif how == "day":
        b = (born + dt.timedelta(days=1 if digits else -1)).strftime("%Y%m%d")
    elif digits:  # anything: then only _slip's verdict counts
        for i, d in digits:
            b = b[:i] + str(d) + b[i + 1 :]
    if matcher._slip(a, b) is not None:
        assert b in matcher.birth_neighbours(a)
    if matcher._slip(b, a) is not None:
        assert a in matcher.birth_neighbours(b)


def test_big_blocks_looked_up_by_birth_date_give_the_scans_pairs(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every block compared by birth-date lookup (none member by member): the same pairs."""
    monkeypatch.setattr(kept_module, "_SMALL_BLOCK", 0)
    _store(client)
    _built(client)
    people = [p for p in Generator(seed=5252).people(300) if p.get("jenis_jabatan") != "JPT"]
    twins = []
    for i, person in enumerate(people[:20]):  # slips in the birth date part of the NIP
        nip = person["nip"]
        slipped = [nip[:7] + str((int(nip[7]) + 1) % 10) + nip[8:15] + "999",
                   nip[:4] + nip[6:8] + nip[4:6] + nip[8:15] + "998",
                   nip[:3] + nip[4] + nip[3] + nip[5:15] + "997"][i % 3]  # fmt: skip
        try:  # a swap may make an impossible date: not a NIP then
            dt.date(int(slipped[:4]), int(slipped[4:6]), int(slipped[6:8]))
        except ValueError:
            continue
        twins.append({**person, "nip": slipped, "name": f"Drs. {person['name']}", "of": nip})
    assert len(twins) >= 8
    sent = [{k: v for k, v in t.items() if k != "of"} for t in twins]
    report = client.post("/imports/profiles", json=people + sent).json()
    assert report["failed"] == 0, report["errors"][:3]
    _report(client)
    _kept_is_scan(client)
    found = {tuple(c.nips) for c in KeptPairs(_store(client).database).pairs(0.75)[1]}
    assert all(tuple(sorted((t["nip"], p["nip"]))) in found for t, p in _twins_of(twins, people))


def _twins_of(
    twins: list[dict[str, Any]], people: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    by_nip = {p["nip"]: p for p in people}
    return [(t, by_nip[t["of"]]) for t in twins]


def test_the_matcher_version_changes_with_the_matcher() -> None:
    import re

    from potret_asn_rules import spelling

    digest = hashlib.sha256()
    for module in (matcher, spelling):  # compare() counts slips with spelling.slips
        digest.update(Path(str(module.__file__)).read_bytes())
    found = digest.hexdigest()[:16]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\.\d{2}", matcher.MATCHER_VERSION)  # text order
    assert found in MATCHER_DIGESTS.get(matcher.MATCHER_VERSION, ()), (
        "the matcher changed: give MATCHER_VERSION a new value (kept pairs are built again)"
        f" and add it to MATCHER_DIGESTS with {found!r}"
    )


def test_refresh_tells_its_pace_how_many_profiles_writers_made_due_meanwhile(
    client: TestClient,
) -> None:
    pairs = _built(client)
    for i in range(3):
        assert (
            client.post("/profiles", json=_person(f"19860926201505100{i + 1}", "Siti")).status_code
            == 201
        )
    heard: list[int] = []

    def pace(seconds: float, arrived: int) -> None:
        assert seconds >= 0
        heard.append(arrived)
        if len(heard) == 1:  # an import writes two more between the first and second page
            for i in (7, 8):
                assert (
                    client.post(
                        "/profiles", json=_person(f"19900101201501100{i}", "Budi")
                    ).status_code
                    == 201
                )

    assert pairs.refresh(page=1, pace=pace) == 5
    assert heard[:2] == [0, 2]  # the second page heard of the two written after the first
    assert set(heard[2:]) <= {0}
    assert pairs.due() == 0


def test_the_builder_yields_to_writes_and_runs_at_full_speed_without_them(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    builder = DuplicateBuilder(KeptPairs(_store(client).database), share=0.25)
    waits: list[float] = []

    def wait(seconds: float) -> bool:
        waits.append(seconds)
        return False

    monkeypatch.setattr(builder._stop, "wait", wait)
    builder.pace(0.2, arrived=0)
    builder.pace(0.2, arrived=3)  # the odd edit meanwhile: no pause
    assert waits == []
    builder.pace(0.2, arrived=400)  # an import: a quarter of the time, 0.2 s work, 0.6 s wait
    assert waits == [pytest.approx(0.6)]
    with pytest.raises(ValueError, match="share"):
        DuplicateBuilder(KeptPairs(_store(client).database), share=0)
