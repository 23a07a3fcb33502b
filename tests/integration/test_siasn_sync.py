"""The SIASN sync connector against a local SIASN-compatible server speaking real HTTP.

The server checks what BKN's web service checks (as open-source SIASN clients call it: see
siasn_sync.py): an API-gateway (APIM) token from client credentials sent as HTTP Basic, an
SSO token from the public-siasn realm's password grant, both sent on every data request
(`Authorization: Bearer <apim>`, `Auth: bearer <sso>`), and answers wrapped in BKN's envelope
`{code, count, data, message}` (a person or history not found: HTTP 404, code 0, data "Data
tidak ditemukan"). It replays recorded SIASN-shaped answers (tests/fixtures/siasn/
recorded.json) on a paged change list and the per-NIP endpoints.
"""

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from potret_profile.adapters.store import RecordStore
from potret_profile.settings import Settings
from potret_profile.siasn_sync import SOURCE, SiasnClient, SiasnError, sync_once

RECORDED = json.loads((Path(__file__).parents[1] / "fixtures/siasn/recorded.json").read_text())


NOT_FOUND = {"code": 0, "count": 0, "data": "Data tidak ditemukan", "message": "Not Found"}


class FakeSiasn:
    """State of the fake service: which NIPs changed, failures to inject, calls seen."""

    def __init__(self) -> None:
        self.changes: list[str] = list(RECORDED["people"])
        self.fail_pages_after: int | None = None
        self.tokens_issued = 0
        self.sso_issued = 0
        self.expire_next_token = False
        self.pages_served = 0
        self.not_found_as_200: set[str] = set()  # riwayat answered 200 with code 0


def _handler(state: FakeSiasn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            form = parse_qs(self.rfile.read(length).decode())
            if self.path == "/oauth2/token":  # the API gateway: consumer key and secret
                basic = base64.b64encode(b"pemkab-gresik:rahasia").decode()
                if self.headers.get("Authorization") != f"Basic {basic}" or form.get(
                    "grant_type"
                ) != ["client_credentials"]:
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

        def do_GET(self) -> None:
            url = urlparse(self.path)
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Bearer tok") or (
                state.expire_next_token and auth == "Bearer tok1"
            ):
                state.expire_next_token = False
                self._send(401, {"error": "expired"})
                return
            if not self.headers.get("Auth", "").lower().startswith("bearer sso"):
                self._send(401, {"error": "no SSO token"})
                return
            parts = url.path.strip("/").split("/")
            if parts == ["pns", "perubahan"]:
                q = parse_qs(url.query)
                since = int(q.get("since", ["0"])[0] or 0)
                limit = int(q["limit"][0])
                if (
                    state.fail_pages_after is not None
                    and state.pages_served >= state.fail_pages_after
                ):
                    self._send(503, {"error": "maintenance"})
                    return
                state.pages_served += 1
                nips = state.changes[since : since + limit]
                nxt = since + len(nips)
                page = {"nip": nips, "next": str(nxt), "more": nxt < len(state.changes)}
                self._send(200, {"code": 1, "count": 1, "data": page, "message": "success"})
                return
            if len(parts) == 3 and parts[0] == "pns":
                person = RECORDED["people"].get(parts[2])
                if parts[1] in state.not_found_as_200:
                    self._send(200, NOT_FOUND)
                    return
                if person is None or parts[1] not in person:
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


def _client(base: str, secret: str = "rahasia", sso_password: str = "sandi") -> SiasnClient:
    return SiasnClient(
        Settings(
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


def test_sync_imports_changes_reports_the_bad_record_and_stores_checkpoint(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    state, base = fake
    store = RecordStore(tmp_path / "p.db")
    report = sync_once(store, _client(base), page_size=3)
    assert (report.total, report.created, report.failed) == (7, 6, 1)
    assert report.errors[0].rule == "GOLONGAN"
    assert store.checkpoint(SOURCE) == "7"
    assert state.pages_served == 3
    again = sync_once(store, _client(base), page_size=3)
    assert again.total == 0  # nothing new after the checkpoint


def test_sync_resumes_from_its_checkpoint_after_a_failure(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    state, base = fake
    store = RecordStore(tmp_path / "p.db")
    state.fail_pages_after = 1
    with pytest.raises(SiasnError, match="503"):
        sync_once(store, _client(base), page_size=3)
    assert store.checkpoint(SOURCE) == "3"
    assert store.count_live() == 3
    state.fail_pages_after = None
    served_before = state.pages_served
    report = sync_once(store, _client(base), page_size=3)
    assert report.total == 4  # only what came after the checkpoint
    assert state.pages_served - served_before == 2
    assert store.count_live() == 6


def test_expired_token_is_renewed_once_and_bad_credentials_fail_clearly(
    fake: tuple[FakeSiasn, str], tmp_path: Path
) -> None:
    state, base = fake
    state.expire_next_token = True
    client = _client(base)
    client.get("/pns/perubahan", params={"since": "", "limit": 1})  # issues tok1, sees 401
    assert state.tokens_issued == 2
    assert state.sso_issued == 2  # both tokens renewed on a 401
    with pytest.raises(SiasnError, match="APIM token endpoint answered 401"):
        _client(base, secret="salah").get("/pns/perubahan", params={"since": "", "limit": 1})
    with pytest.raises(SiasnError, match="SSO token endpoint answered 401"):
        _client(base, sso_password="salah").get("/pns/perubahan", params={"since": "", "limit": 1})
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
