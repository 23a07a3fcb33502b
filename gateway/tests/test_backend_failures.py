"""With every backend unreachable the gateway answers with clear problems, never a 500."""

import pytest
from fastapi.testclient import TestClient

from potret_gateway.testing import Gateway


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
    from potret_gateway.api.errors import segment

    # Found by schemathesis: control characters in a NIP made building the backend URL raise
    # (a 500); '?' or '#' could have changed which backend route is called.
    assert segment("x?limit=5#y") == "x%3Flimit%3D5%23y"
    assert segment("\x01\x1fpx,") == "%01%1Fpx%2C"
    resp = client.get("/v1/profiles/%F2%91%98%88%C3%9Bpx%2C")
    assert resp.status_code == 503  # the (unreachable) profile service was asked, not a 500
    # Control characters in a path are refused before any route (api/limits.py).
    resp = client.get("/v1/profiles/%F2%91%98%88%C3%9B%01%1Fpx%2C")
    assert resp.status_code == 400
