"""The SIASN sync connector against a local SIASN-compatible server speaking real HTTP.

The server checks what BKN's web service checks (as open-source SIASN clients call it: see
siasn_sync.py): an API-gateway (APIM) token from client credentials sent as HTTP Basic, an
SSO token from the public-siasn realm's password grant, both sent on every data request
(`Authorization: Bearer <apim>`, `Auth: bearer <sso>`), and answers wrapped in BKN's envelope
`{code, count, data, message}` (a person or history not found: HTTP 404, code 0, data "Data
tidak ditemukan"). It replays recorded SIASN-shaped answers (tests/fixtures/siasn/
recorded.json) on the per-NIP endpoints and BKN's instansi lists (list-kp-instansi,
list-pensiun-instansi); BKN has no change feed, so a sync is a cycle over a NIP list.
"""

import base64
import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from potret_profile.adapters.store import RecordStore
from potret_profile.entrypoints.siasn_sync import (
    CHECKPOINT,
    SOURCE,
    SiasnClient,
    SiasnError,
    SiasnRefused,
    read_nip_file,
    sync_cycle,
)
from potret_profile.settings import Settings

RECORDED = json.loads((Path(__file__).parents[1] / "fixtures/siasn/recorded.json").read_text())


NOT_FOUND = {"code": 0, "count": 0, "data": "Data tidak ditemukan", "message": "Not Found"}


class FakeSiasn:
    """State of the fake service: which NIPs changed, failures to inject, calls seen."""

    def __init__(self) -> None:
        self.kp: list[str] = []  # NIPs of list-kp-instansi
        self.pensiun: list[str] = []  # NIPs of list-pensiun-instansi
        self.kp_periods: list[str] = []  # periode of each list-kp-instansi call
        self.pages = True  # honour limit/offset on the lists (else answer whole)
        self.tokens_issued = 0
        self.sso_issued = 0
        self.expire_next_token = False
        self.refuse_after: int | None = None  # every token refused from person n + 1 on
        self.refusing = False
        self.busy: set[str] = set()  # NIPs answered 503
        self.people_served: list[str] = []
        self.not_found_as_200: set[str] = set()  # riwayat answered 200 with code 0
        self.delay_s = 0.0  # each data request takes this long
        self.revoked: set[str] = set()  # Authorization values answered 401
        self.ref_unor: Any = RECORDED["ref-unor"]  # None: ref-unor answers 503
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()


def _handler(state: FakeSiasn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: Any) -> None:
            self._done()  # answered: no longer in flight (the client may send the next now)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            form = parse_qs(self.rfile.read(length).decode())
            refused = state.refusing
            if self.path == "/oauth2/token":  # the API gateway: consumer key and secret
                basic = base64.b64encode(b"pemkab-gresik:rahasia").decode()
                if (
                    refused
                    or self.headers.get("Authorization") != f"Basic {basic}"
                    or form.get("grant_type") != ["client_credentials"]
                ):
                    self._send(401, {"error": "invalid_client"})
                    return
                state.tokens_issued += 1
                self._send(200, {"access_token": f"tok{state.tokens_issued}", "expires_in": 600})
                return
            sso = "/auth/realms/public-siasn/protocol/openid-connect/token"
            if self.path == sso and form.get("grant_type") == ["password"]:
                if (form.get("client_id"), form.get("username"), form.get("password")) != (
                    ["pemkab-gresik-sso"],
                    ["199001012015011001"],
                    ["sandi"],
                ):
                    self._send(401, {"error": "invalid_grant"})
                    return
                state.sso_issued += 1
                self._send(200, {"access_token": f"sso{state.sso_issued}", "expires_in": 600})
                return
            self._send(404, {})

        def _page(self, query: str, rows: list[Any]) -> None:
            """BKN's envelope with `count` the whole list; a page of it when asked."""
            asked = parse_qs(query)
            if state.pages and "limit" in asked:
                start = int(asked.get("offset", ["0"])[0])
                page = rows[start : start + int(asked["limit"][0])]
            else:
                page = rows
            self._send(200, {"code": 1, "count": len(rows), "data": page, "message": ""})

        def _done(self) -> None:
            if getattr(self, "_counted", False):
                self._counted = False
                with state.lock:
                    state.in_flight -= 1

        def do_GET(self) -> None:
            with state.lock:
                state.in_flight += 1
                state.most_in_flight = max(state.most_in_flight, state.in_flight)
            self._counted = True
            try:
                time.sleep(state.delay_s)
                self._get()
            finally:
                self._done()

        def _get(self) -> None:
            url = urlparse(self.path)
            auth = self.headers.get("Authorization", "")
            parts = url.path.strip("/").split("/")
            if (
                parts[:2] == ["pns", "data-utama"]
                and state.refuse_after is not None
                and len(state.people_served) >= state.refuse_after
            ):
                state.refusing = True
            refused = state.refusing
            if (
                refused
                or not auth.startswith("Bearer tok")
                or (state.expire_next_token and auth == "Bearer tok1")
                or auth in state.revoked
            ):
                state.expire_next_token = False
                self._send(401, {"error": "expired"})
                return
            if not self.headers.get("Auth", "").lower().startswith("bearer sso"):
                self._send(401, {"error": "no SSO token"})
                return
            if parts == ["referensi", "ref-unor"]:
                if state.ref_unor is None:
                    self._send(503, {"error": "maintenance"})
                    return
                self._page(url.query, state.ref_unor)
                return
            if parts in (["pns", "list-kp-instansi"], ["pns", "list-pensiun-instansi"]):
                query = parse_qs(url.query)
                if parts[1] == "list-kp-instansi" and query.get("offset", ["0"]) == ["0"]:
                    state.kp_periods += query.get("periode", [])
                named = state.kp if parts[1] == "list-kp-instansi" else state.pensiun
                if not named:
                    self._send(404, NOT_FOUND)
                    return
                self._page(url.query, [{"nipBaru": n, "nama": "..."} for n in named])
                return
            if len(parts) == 3 and parts[:2] == ["pns", "data-utama"]:
                if parts[2] in state.busy:
                    self._send(503, {"error": "maintenance"})
                    return
                state.people_served.append(parts[2])
            if len(parts) == 3 and parts[0] == "pns":
                person = RECORDED["people"].get(parts[2])
                if parts[1] in state.not_found_as_200:
                    self._send(200, NOT_FOUND)
                    return
                if person is None or person.get(parts[1]) is None:
                    self._send(404, NOT_FOUND)
                    return
                data = person[parts[1]]
                count = len(data) if isinstance(data, list) else 1
                self._send(200, {"code": 1, "count": count, "data": data, "message": "success"})
                return
            self._send(404, {})

    return Handler


@pytest.fixture
def fake() -> Iterator[tuple[FakeSiasn, str]]:
    state = FakeSiasn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _client(
    base: str, secret: str = "rahasia", sso_password: str = "sandi", **more: Any
) -> SiasnClient:
    return SiasnClient(
        Settings(
            **more,
            siasn_base_url=base,
            siasn_token_url=f"{base}/oauth2/token",
            siasn_client_id="pemkab-gresik",
            siasn_client_secret=secret,  # type: ignore[arg-type]
            siasn_sso_token_url=f"{base}/auth/realms/public-siasn/protocol/openid-connect/token",
            siasn_sso_client_id="pemkab-gresik-sso",
            siasn_sso_username="199001012015011001",
            siasn_sso_password=sso_password,  # type: ignore[arg-type]
            siasn_backoff_s=0,
        )
    )


NIPS = sorted(RECORDED["people"])


def test_a_cycle_imports_every_person_and_a_second_one_writes_nothing(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    _state, base = fake
    store = RecordStore(tmp_path / "p.db")
    report = sync_cycle(store, _client(base), NIPS)
    # issue 21's "done when": every person imported, exactly the planted bad rows set aside
    assert (report.fetched, report.created, report.failed, report.errors) == (7, 7, 0, [])
    planted = RECORDED["planted"]
    assert sorted((q.key, q.rule) for q in report.quarantined) == sorted(
        (p["nip"], p["rule"]) for p in planted
    )
    for p in planted:
        kept = store.quarantine_of(p["nip"])
        assert [q["rule"] for q in kept] == [p["rule"]]
        if "field" in p:
            assert kept[0]["field"] == p["field"]
    events = store.backlog()
    again = sync_cycle(store, _client(base), NIPS)
    # the same answers: no write, no event
    assert (again.fetched, again.created, again.updated, again.unchanged) == (7, 0, 0, 7)
    assert store.backlog() == events
    assert again.resumed_at == 0  # a finished cycle is not resumed: the next starts afresh


def test_the_people_of_the_promotion_and_retirement_lists_come_first(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    state, base = fake
    state.kp, state.pensiun = [NIPS[-1]], [NIPS[-2]]
    sync_cycle(
        store := RecordStore(tmp_path / "p.db"),
        _client(base, siasn_concurrency=1),  # one at a time: the order served is the order
        NIPS,
        today=date(2026, 10, 7),
    )
    assert state.people_served[:2] == [NIPS[-1], NIPS[-2]]
    assert sorted(state.people_served) == NIPS  # each once
    # the promotion periods under way and next (Peraturan BKN 4/2023: even months)
    assert state.kp_periods == ["2026-10-01", "2026-12-01"]
    assert store.count_live() == 7


def test_a_run_stopped_by_a_refusal_resumes_where_it_stopped(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    state, base = fake
    store = RecordStore(tmp_path / "p.db")
    state.refuse_after = 3
    with pytest.raises(SiasnRefused, match="401"):
        sync_cycle(store, _client(base, siasn_concurrency=1), NIPS)
    # the last NIP of the list done: a resumed run goes on after it
    assert json.loads(store.checkpoint(CHECKPOINT) or "{}")["after"] == NIPS[2]
    state.refuse_after, state.refusing = None, False
    report = sync_cycle(store, _client(base), NIPS)
    assert report.resumed_at == 3
    assert report.fetched == 4  # only the people after the checkpoint
    assert store.count_live() == 7


def test_a_refusal_while_people_are_fetched_side_by_side_loses_nobody(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    state, base = fake
    store = RecordStore(tmp_path / "p.db")
    state.refuse_after, state.delay_s = 3, 0.01
    with pytest.raises(SiasnRefused):
        sync_cycle(store, _client(base, siasn_concurrency=4), NIPS)
    after = json.loads(store.checkpoint(CHECKPOINT) or "{}")["after"]
    done = NIPS.index(after) + 1 if after else 0
    # the checkpoint is the first person not imported, whatever the others fetched meanwhile
    assert store.count_live() == done <= 3
    state.refuse_after, state.refusing = None, False
    report = sync_cycle(store, _client(base, siasn_concurrency=4), NIPS)
    assert (report.resumed_at, report.fetched) == (done, 7 - done)
    assert store.count_live() == 7


def test_people_are_fetched_side_by_side_up_to_the_cap_and_imported_in_order(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    state, base = fake
    state.delay_s = 0.05
    store = RecordStore(tmp_path / "p.db")
    report = sync_cycle(store, _client(base, siasn_concurrency=3), NIPS)
    assert (report.fetched, report.created) == (7, 7)
    assert 2 <= state.most_in_flight <= 3  # side by side, never more than the cap
    imported = [r.key.decode() for r in store.unsent(100)]
    assert list(dict.fromkeys(imported)) == NIPS  # imported in the cycle's order


def test_a_run_that_spends_its_request_budget_stops_and_the_next_resumes(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    _state, base = fake
    store = RecordStore(tmp_path / "p.db")
    # 2 tokens + 3 instansi lists (two promotion periods, retirements) + ref-unor + 12 a
    # person (data-utama and 11 riwayat): three people; the fourth, who would not fit whole,
    # is not started
    client = _client(base, siasn_concurrency=1, siasn_request_budget=6 + 12 * 3 + 5)
    report = sync_cycle(store, client, NIPS)
    assert report.stopped is not None
    assert "PROFILE_SIASN_REQUEST_BUDGET" in report.stopped
    assert client.sent == 6 + 12 * 3
    assert (report.fetched, report.created, report.failed) == (3, 3, 0)
    assert store.count_live() == 3
    again = sync_cycle(store, _client(base), NIPS)
    assert (again.resumed_at, again.fetched, again.created, again.stopped) == (3, 4, 4, None)
    assert store.count_live() == 7


def test_a_person_whose_answers_fail_is_counted_and_the_cycle_goes_on(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    state, base = fake
    state.busy = {NIPS[0]}
    store = RecordStore(tmp_path / "p.db")
    report = sync_cycle(store, _client(base), NIPS)
    assert report.failed == 1  # the busy one, after its retries
    assert [e.key for e in report.errors if e.rule == "SIASN"] == [NIPS[0]]
    assert "503" in next(e.message for e in report.errors if e.rule == "SIASN")
    assert report.fetched == 6


def test_the_nip_list_is_read_from_siasns_export_or_a_plain_list(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "NO;NAMA;NIP BARU;JABATAN\n1;Siti;'198001012005012001;Guru\n2;Budi;bukan nip;-\n"
        "3;Sari;198001012005012001;Guru\n",
        "utf-8",
    )
    assert read_nip_file(export) == ["198001012005012001"]  # apostrophe, junk, repeat
    plain = tmp_path / "nips.txt"
    plain.write_text("199001012015011001\n\n198001012005012001\n", "utf-8")
    assert read_nip_file(plain) == ["199001012015011001", "198001012005012001"]


def test_expired_token_is_renewed_once_and_bad_credentials_fail_clearly(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    state, base = fake
    state.expire_next_token = True
    client = _client(base)
    client.get(f"/pns/data-utama/{NIPS[0]}")  # issues tok1, sees 401
    assert state.tokens_issued == 2
    assert state.sso_issued == 2  # both tokens renewed on a 401
    with pytest.raises(SiasnError, match="APIM token endpoint answered 401"):
        _client(base, secret="salah").get(f"/pns/data-utama/{NIPS[0]}")
    with pytest.raises(SiasnError, match="SSO token endpoint answered 401"):
        _client(base, sso_password="salah").get(f"/pns/data-utama/{NIPS[0]}")
    with pytest.raises(SiasnError, match="PROFILE_SIASN_CLIENT_ID") as missing:
        SiasnClient(Settings())
    assert "PROFILE_SIASN_SSO_TOKEN" in str(missing.value)


def test_a_token_issued_beforehand_is_sent_as_the_sso_token(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    state, base = fake
    client = SiasnClient(
        Settings(
            siasn_base_url=base,
            siasn_token_url=f"{base}/oauth2/token",
            siasn_client_id="pemkab-gresik",
            siasn_client_secret="rahasia",  # type: ignore[arg-type]
            siasn_sso_token="sso-issued-by-bkn",  # type: ignore[arg-type]
        )
    )
    nip = next(iter(RECORDED["people"]))
    assert client.get(f"/pns/data-utama/{nip}") == RECORDED["people"][nip]["data-utama"]
    assert state.sso_issued == 0


def test_bkns_envelope_is_unwrapped_and_not_found_is_never_a_record(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    state, base = fake
    client = _client(base)
    nip = next(iter(RECORDED["people"]))
    assert client.get(f"/pns/data-utama/{nip}") == RECORDED["people"][nip]["data-utama"]
    # 404 with code 0, and 200 with code 0 and a string data: nothing, not a record
    assert client.get("/pns/data-utama/199999999999999999") is None
    state.not_found_as_200.add("rw-hukdis")
    assert client.get(f"/pns/rw-hukdis/{nip}") is None
    assert client.person(nip)["rw-hukdis"] == []


def test_the_change_list_connectors_old_cursor_does_not_stop_a_cycle(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    _state, base = fake
    store = RecordStore(tmp_path / "p.db")
    with store.transaction() as tx:
        tx.set_checkpoint(SOURCE, "7")  # what the change-list connector kept
        tx.set_checkpoint(CHECKPOINT, "not json")
    report = sync_cycle(store, _client(base), NIPS)
    assert (report.fetched, report.created) == (7, 7)


def test_a_person_whose_answers_cannot_be_read_is_counted_and_the_cycle_goes_on(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    _state, base = fake
    broken = json.loads(json.dumps(RECORDED["people"][NIPS[1]]))
    RECORDED["people"][NIPS[1]]["rw-jabatan"] = {"bukan": "larik"}  # no list
    RECORDED["people"][NIPS[1]]["rw-pendidikan"] = [None]
    try:
        report = sync_cycle(RecordStore(tmp_path / "p.db"), _client(base), NIPS)
    finally:
        RECORDED["people"][NIPS[1]] = broken
    assert report.fetched == 7
    assert report.created == 7  # the bad rows set aside, the person imported
    assert {q.field for q in report.quarantined if q.key == NIPS[1]} >= {"rw_pendidikan[0]"}


def test_a_nip_file_without_nips_stops_the_run_instead_of_syncing_nobody(tmp_path: Path) -> None:
    sheet = tmp_path / "export.csv"
    sheet.write_text("NAMA;JABATAN\nSiti;Guru\n", "utf-8")
    with pytest.raises(SiasnError, match="no 18-digit NIP"):
        read_nip_file(sheet)


def test_the_retirement_date_bkn_records_reaches_the_record_and_its_event(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    from potret_events import decode_profile_changed

    _state, base = fake
    store = RecordStore(tmp_path / "p.db")
    sync_cycle(store, _client(base), NIPS)
    kadis = store.get("197302172003022001")  # JPT, BUP 60 in SIASN's data-utama
    assert kadis is not None
    assert (kadis.doc["tmt_pensiun"], kadis.doc["bup_pensiun"]) == ("2033-03-01", 60)
    events = {r.key.decode(): r for r in store.unsent(100)}
    event = events["197302172003022001"]
    profile = decode_profile_changed(event.key, event.payload, event.headers).profile
    assert (profile.tmt_pensiun, profile.bup_pensiun) == ("2033-03-01", 60)
    null = store.get("198204282007041004")  # SIASN answered null: left out, computed later
    assert null is not None
    assert null.doc["tmt_pensiun"] is None


def test_opds_and_units_are_named_by_their_unor_ids_from_ref_unor(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    state, base = fake
    store = RecordStore(tmp_path / "p.db")
    sync_cycle(store, _client(base), NIPS)
    nurse = store.get("198312102016072007")
    assert nurse is not None
    # the 2016 row was written under the RSUD's former name: its unor induk id says which
    assert [p["opd"] for p in nurse.doc["positions"]] == ["RSUD Ibnu Sina", "RSUD Ibnu Sina"]
    assert {p["opd_id"] for p in nurse.doc["positions"]} == {"5A9792B5A5180B73C7EADE412D8977DC"}
    moved = store.get("197604062005021001")
    assert moved is not None
    # a row of another instansi, whose ids ref-unor does not hold, keeps the name it said
    assert moved.doc["positions"][0]["opd"] == (
        "Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Lamongan"
    )
    kadis = store.get("197302172003022001")
    assert kadis is not None
    assert (kadis.doc["opd"], kadis.doc["unit"]) == ("Dinas Pekerjaan Umum dan Tata Ruang", "")
    # BKN's ids kept: the OPD's unor induk and the unit (here the OPD itself: its head)
    assert kadis.doc["opd_id"] == kadis.doc["unit_id"] == "07110DB17D59D50506096DB9015D18BE"

    # BKN renames the OPD in ref-unor: everyone in it is imported again under the new name
    renamed = json.loads(json.dumps(RECORDED["ref-unor"]))
    for row in renamed:
        if row["NamaUnor"] == "Dinas Pekerjaan Umum dan Tata Ruang":
            row["NamaUnor"] = "Dinas Pekerjaan Umum dan Penataan Ruang"
    state.ref_unor = renamed
    again = sync_cycle(store, _client(base), NIPS)
    # everyone read again (the units are part of what the answers were read by); the two of
    # that OPD changed, the other five imported as they were (no write)
    assert (again.updated, again.unchanged) == (2, 5)
    kadis = store.get("197302172003022001")
    assert kadis is not None
    assert kadis.doc["opd"] == "Dinas Pekerjaan Umum dan Penataan Ruang"

    # ref-unor failing: the last one kept is used, nobody flips back to the answers' names
    state.ref_unor = None
    quiet = sync_cycle(store, _client(base), NIPS)
    assert (quiet.unchanged, quiet.updated, quiet.failed) == (7, 0, 0)


def test_the_regencys_own_names_align_siasns_with_the_position_catalogue(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    _state, base = fake
    names = tmp_path / "opd.csv"
    names.write_text(
        "unor;opd\n"
        "5A9792B5A5180B73C7EADE412D8977DC;RSUD Ibnu Sina Kabupaten Gresik\n"  # by unor id
        "Bagian Umum;Bagian Umum dan Keuangan\n",  # by BKN's name
        "utf-8",
    )
    store = RecordStore(tmp_path / "p.db")
    sync_cycle(store, _client(base, siasn_opd_names_file=names), NIPS)
    person = store.get("197604062005021001")
    assert person is not None
    assert (person.doc["opd"], person.doc["unit"]) == (
        "RSUD Ibnu Sina Kabupaten Gresik",
        "Bagian Umum dan Keuangan",
    )
    broken = tmp_path / "opd.json"
    broken.write_text("[1, 2]", "utf-8")
    with pytest.raises(SiasnError, match="PROFILE_SIASN_OPD_NAMES_FILE"):
        sync_cycle(store, _client(base, siasn_opd_names_file=broken), NIPS)


def test_rank_history_credits_and_periodic_ratings_reach_the_record_and_its_event(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    from potret_events import decode_profile_changed

    _state, base = fake
    store = RecordStore(tmp_path / "p.db")
    sync_cycle(store, _client(base), NIPS)
    kadis = store.get("197302172003022001")
    assert kadis is not None
    assert [
        (r["golongan"], r["tmt"], r["masa_kerja_tahun"]) for r in kadis.doc["golongan_history"]
    ] == [("III/a", "2003-02-01", 0), ("IV/a", "2015-04-01", 12), ("IV/c", "2023-04-01", 20)]
    nurse = store.get("198809022013071001")
    assert nurse is not None
    (credit,) = nurse.doc["angka_kredit"]
    assert (credit["start"], credit["end"], credit["penunjang"], credit["total"]) == (
        "2023-01",
        "2023-12",
        1.25,  # BKN's decimal comma
        13.75,
    )
    assert [(p["period"], p["predikat"]) for p in nurse.doc["skp_periodik"]] == [
        ("Triwulan I", "BAIK"),
        ("Triwulan II", "SANGAT_BAIK"),  # no kuadranNilai: read by its code
    ]
    events = {r.key.decode(): r for r in store.unsent(100)}
    event = events["198809022013071001"]
    profile = decode_profile_changed(event.key, event.payload, event.headers).profile
    assert [p.predikat for p in profile.skp_periodik] == ["BAIK", "SANGAT_BAIK"]
    assert profile.angka_kredit[0].total == 13.75


def test_a_stopped_cycle_resumes_after_its_last_nip_though_the_lists_changed(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    state, base = fake
    store = RecordStore(tmp_path / "p.db")
    client = _client(base, siasn_concurrency=1, siasn_request_budget=6 + 12 * 3)
    first = sync_cycle(store, client, NIPS)
    assert first.stopped is not None
    assert first.fetched == 3
    # a new month: BKN's promotion list names someone; the NIP list gained a person too
    state.kp = [NIPS[-1]]
    report = sync_cycle(store, _client(base, siasn_concurrency=1), [*NIPS, "199912312025011001"])
    assert report.resumed_at == 3  # not back to the start
    assert state.people_served[3] == NIPS[-1]  # the listed one first, then the rest in order
    assert sorted(set(state.people_served)) == sorted([*NIPS, "199912312025011001"])
    assert store.count_live() == 7


def test_the_budget_holds_whole_people_when_fetched_side_by_side(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    _state, base = fake
    store = RecordStore(tmp_path / "p.db")
    # room for three people and a bit: four side by side would overrun it
    client = _client(base, siasn_concurrency=4, siasn_request_budget=6 + 12 * 3 + 4)
    report = sync_cycle(store, client, NIPS)
    assert report.stopped is not None
    assert "PROFILE_SIASN_REQUEST_BUDGET" in report.stopped
    assert (report.fetched, report.created) == (3, 3)
    assert client.sent <= 6 + 12 * 3 + 4
    again = sync_cycle(store, _client(base, siasn_concurrency=4), NIPS)
    assert (again.resumed_at, again.created) == (3, 4)


def test_tokens_refused_at_once_by_several_threads_are_renewed_once(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    state, base = fake
    client = _client(base, siasn_concurrency=4)
    client.get(f"/pns/data-utama/{NIPS[0]}")  # tok1
    issued = state.tokens_issued
    state.revoked = {"Bearer tok1"}  # BKN revoked the token all four threads hold
    state.delay_s = 0.05  # all four are refused before any of them renews
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda n: client.get(f"/pns/data-utama/{n}"), NIPS[:4]))
    assert all(a is not None for a in answers)
    assert state.tokens_issued == issued + 1  # one renewal, not one a thread


@pytest.mark.parametrize(
    ("today", "periods"),
    [
        (date(2026, 10, 7), ("2026-10-01", "2026-12-01")),
        (date(2026, 11, 30), ("2026-10-01", "2026-12-01")),
        (date(2026, 12, 1), ("2026-12-01", "2027-02-01")),
        (date(2027, 1, 15), ("2026-12-01", "2027-02-01")),
    ],
)
def test_promotion_periods_are_the_even_months_of_peraturan_bkn_4_2023(
    today: date, periods: tuple[str, str]
) -> None:
    from potret_profile.entrypoints.siasn_sync import kp_periods

    assert tuple(f"{p:%Y-%m-%d}" for p in kp_periods(today)) == periods


@pytest.mark.parametrize("pages", [True, False])
def test_lists_are_read_page_by_page_or_whole_and_nothing_twice(
    fake: tuple[FakeSiasn, str], pages: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import potret_profile.entrypoints.siasn_sync as sync

    state, base = fake
    state.pages = pages  # a service that ignores limit/offset answers whole each time
    monkeypatch.setattr(sync, "PAGE", 5)
    rows = _client(base).get_all("/referensi/ref-unor")
    assert rows == RECORDED["ref-unor"]  # 17 units: four pages, or one whole answer


def test_a_budget_that_holds_only_the_listed_people_still_reaches_the_nip_list(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    state, base = fake
    state.kp = NIPS[3:]  # four people in the promotion lists, fetched first
    store = RecordStore(tmp_path / "p.db")
    budget = 6 + 12 * 4 + 11  # the lists' four, not one more
    first = sync_cycle(store, _client(base, siasn_concurrency=1, siasn_request_budget=budget), NIPS)
    assert (first.fetched, first.stopped is not None) == (4, True)
    second = sync_cycle(
        store, _client(base, siasn_concurrency=1, siasn_request_budget=budget), NIPS
    )
    # the listed four are done in this cycle: the budget goes to the NIP list's three
    assert (second.fetched, second.stopped) == (3, None)
    assert store.count_live() == 7
    third = sync_cycle(store, _client(base, siasn_concurrency=1), NIPS)
    assert third.fetched == 7  # a new cycle: everyone again


def test_a_list_whose_paging_misbehaves_ends_and_says_rows_are_missing(
    fake: tuple[FakeSiasn, str], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import potret_profile.entrypoints.siasn_sync as sync

    state, base = fake
    monkeypatch.setattr(sync, "PAGE", 5)
    state.ref_unor = RECORDED["ref-unor"]
    original = state.ref_unor

    class FirstPageOnly(list):  # type: ignore[type-arg]
        """A service that honours limit but not offset: the same first rows every time."""

        def __getitem__(self, index: Any) -> Any:
            if isinstance(index, slice):
                return list.__getitem__(self, slice(0, (index.stop or 0) - (index.start or 0)))
            return list.__getitem__(self, index)

    state.ref_unor = FirstPageOnly(original)
    with caplog.at_level("WARNING"):
        rows = _client(base).get_all("/referensi/ref-unor")
    assert rows == original[:5]
    assert "5 of the 17 rows it counts came" in caplog.text
