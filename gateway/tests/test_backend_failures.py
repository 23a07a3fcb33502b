"""With every backend unreachable the gateway answers with clear problems, never a 500."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from potret_gateway.adapters.auth_store import AuthStore
from potret_gateway.main import create_app
from potret_testkit.gateway import Gateway, gateway_settings


@pytest.fixture
def client(gateway: Gateway) -> TestClient:
    gateway.client.headers.update(gateway.headers["key_full"])
    return gateway.client


def test_search_backend_down_is_503_problem_with_retry_after(client: TestClient) -> None:
    resp = client.get("/v1/search", params={"q": "perikanan"})
    assert resp.status_code == 503
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.headers["retry-after"] == "5"
    assert resp.json()["title"] == "Layanan pencarian sedang tidak tersedia"


def test_ranking_backend_down_is_503_or_504(client: TestClient) -> None:
    resp = client.post(
        "/v1/positions/score",
        json={"position": {"min_golongan": "III/a"}, "nips": ["198609262015051001"]},
    )
    assert resp.status_code in (503, 504)
    assert resp.json()["type"].startswith("https://potret.dev/problems/backend-")


def test_readyz_reports_each_backend(client: TestClient) -> None:
    resp = client.get("/readyz")
    assert resp.status_code == 503
    checks = resp.json()["checks"]
    assert {name: check["ok"] for name, check in checks.items()} == {
        "profile": False,
        "search": False,
        "ranking": False,
        "database": True,  # the gateway's own store answers; the backends do not
    }


def test_request_id_is_kept_when_well_formed_and_replaced_otherwise(client: TestClient) -> None:
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"]
        == "abc-123"
    )
    replaced = client.get("/healthz", headers={"X-Request-ID": "bad id\x7f"}).headers[
        "x-request-id"
    ]
    assert replaced != "bad id\x7f"
    assert len(replaced) == 32


def test_invalid_score_body_is_422_before_any_backend_call(client: TestClient) -> None:
    resp = client.post("/v1/positions/score", json={"position": {}, "nips": []})
    assert resp.status_code == 422
    fields = {e["field"] for e in resp.json()["errors"]}
    assert fields == {"position.min_golongan", "nips"}


def test_path_parameters_are_one_encoded_segment_for_the_backend(client: TestClient) -> None:
    from potret_gateway.service.calls import segment

    # Found by schemathesis: control characters in a NIP made building the backend URL raise
    # (a 500); '?' or '#' could have changed which backend route is called.
    assert segment("x?limit=5#y") == "x%3Flimit%3D5%23y"
    assert segment("\x01\x1fpx,") == "%01%1Fpx%2C"
    resp = client.get("/v1/profiles/%F2%91%98%88%C3%9Bpx%2C")
    assert resp.status_code == 503  # the (unreachable) profile service was asked, not a 500
    # Control characters in a path are refused before any route (entrypoints/limits.py).
    resp = client.get("/v1/profiles/%F2%91%98%88%C3%9B%01%1Fpx%2C")
    assert resp.status_code == 400


def test_a_backend_refusing_the_gateways_service_token_is_502_not_the_users_401(
    tmp_path: Path,
) -> None:
    # Issue 18, item 2: profile and search answer 401 to a caller without a valid service
    # token. Passed on, a wrong or rotated gateway key would look like the user's own login
    # failing (the console logs them out) or, for the OPD check, like "not found".
    class Refuse(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b'{"title": "Layanan pemanggil tidak dikenal"}'
            self.send_response(401)
            self.send_header("Content-Type", "application/problem+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    settings = gateway_settings(tmp_path, profile_service_url=url, search_service_url=url)
    store = AuthStore(Path(settings.auth_db))
    _, key = store.create_key("uji", ["profiles:read", "search"])
    try:
        with TestClient(create_app(settings), headers={"X-API-Key": key}) as client:
            for path in ("/v1/profiles/198609262015051001", "/v1/search?q=perikanan"):
                resp = client.get(path)
                assert resp.status_code == 502, (path, resp.text)
                assert resp.json()["title"] == "Layanan internal menolak gateway"
    finally:
        server.shutdown()
        store.close()
