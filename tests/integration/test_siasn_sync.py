"""The SIASN sync connector against a local SIASN-compatible server speaking real HTTP.

The server replays recorded SIASN-shaped answers (tests/fixtures/siasn/recorded.json):
OAuth2 client-credentials token, a paged change list, and the per-NIP endpoints.
"""

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


class FakeSiasn:
    """State of the fake service: which NIPs changed, failures to inject, calls seen."""

    def __init__(self) -> None:
        self.changes: list[str] = list(RECORDED["people"])
        self.fail_pages_after: int | None = None
        self.tokens_issued = 0
        self.expire_next_token = False
        self.pages_served = 0


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
            if form.get("client_secret") != ["rahasia"] or form.get("grant_type") != [
                "client_credentials"
            ]:
                self._send(401, {"error": "invalid_client"})
                return
            state.tokens_issued += 1
            self._send(200, {"access_token": f"tok{state.tokens_issued}", "expires_in": 600})

        def do_GET(self) -> None:
            url = urlparse(self.path)
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Bearer tok") or (
                state.expire_next_token and auth == "Bearer tok1"
            ):
                state.expire_next_token = False
                self._send(401, {"error": "expired"})
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
                self._send(
                    200, {"data": {"nip": nips, "next": str(nxt), "more": nxt < len(state.changes)}}
                )
                return
            if len(parts) == 3 and parts[0] == "pns":
                person = RECORDED["people"].get(parts[2])
                if person is None or parts[1] not in person:
                    self._send(404, {"data": None})
                    return
                self._send(200, {"data": person[parts[1]]})
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


def _client(base: str, secret: str = "rahasia") -> SiasnClient:
    return SiasnClient(
        Settings(
            siasn_base_url=base,
            siasn_token_url=f"{base}/oauth/token",
            siasn_client_id="pemkab-gresik",
            siasn_client_secret=secret,  # type: ignore[arg-type]
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
    with pytest.raises(SiasnError, match="token endpoint answered 401"):
        _client(base, secret="salah").get("/pns/perubahan", params={"since": "", "limit": 1})
    with pytest.raises(SiasnError, match="PROFILE_SIASN_BASE_URL"):
        SiasnClient(Settings())
