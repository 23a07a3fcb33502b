"""Dependencies down at start: the service stays up, says which one, and /readyz tells."""

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from potret_credentials.internal import service_auth
from potret_search.main import create_app
from potret_search.settings import Settings


def test_elasticsearch_and_kafka_down_make_readyz_503_naming_both(
    wait: Callable[..., Any],
) -> None:
    settings = Settings(
        elasticsearch_url="https://127.0.0.1:1", kafka_bootstrap_servers="127.0.0.1:1"
    )
    with TestClient(create_app(settings)) as client:
        client.auth = service_auth("search")  # a known service (operator)
        resp = client.get("/readyz")
        assert resp.status_code == 503
        checks = resp.json()["checks"]
        assert checks["elasticsearch"]["ok"] is False
        assert checks["kafka"]["ok"] is False
        error = wait(
            lambda: client.get("/readyz").json()["checks"]["kafka"]["error"],
            timeout=10,
            what="the indexer to report its connection error",
        )
        assert "Elasticsearch at https://127.0.0.1:1 unavailable" in error
        assert client.get("/healthz").status_code == 200  # alive, retrying with backoff
        search = client.get("/search", params={"q": "perikanan"})
        assert search.status_code == 503
        assert search.headers["retry-after"] == "5"
