"""Every service's /metrics is scraped and holds the series operations rely on."""

from __future__ import annotations

import os

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from potret_credentials.internal import service_headers

pytestmark = pytest.mark.e2e


def _scrape(url: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    resp = httpx.get(url, timeout=10)
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/plain")
    series: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(resp.text):
        for sample in family.samples:
            series.setdefault(sample.name, []).append((sample.labels, sample.value))
    return series


def _count(
    series: dict[str, list[tuple[dict[str, str], float]]], name: str, **labels: str
) -> float:
    return sum(
        v for lab, v in series.get(name, []) if all(lab.get(k) == x for k, x in labels.items())
    )


def test_each_service_exposes_its_named_series(
    gateway_url: str,
    api_headers: dict[str, str],
    profile_url: str,
    search_url: str,
) -> None:
    ranking_metrics = os.environ.get("POTRET_RANKING_METRICS_URL", "http://127.0.0.1:8083")
    gateway_metrics = os.environ.get("POTRET_GATEWAY_METRICS_URL", "http://127.0.0.1:8090")
    profile_metrics = os.environ.get("POTRET_PROFILE_METRICS_URL", "http://127.0.0.1:8091")
    search_metrics = os.environ.get("POTRET_SEARCH_METRICS_URL", "http://127.0.0.1:8092")
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as api:
        assert api.get("/v1/search", params={"q": "perikanan"}).status_code == 200
        rank = api.post(
            "/v1/positions/rank",
            json={"position": {"jenis": "PENGAWAS", "domains": ["kesehatan"]}, "top_k": 1},
        )
        assert rank.status_code == 200
        assert api.get("/v1/positions", params={"limit": 1}).status_code == 200

    gateway = _scrape(f"{gateway_metrics}/metrics")
    hist = "potret_http_request_duration_seconds_count"
    assert _count(gateway, hist, service="gateway", route="/v1/search", status="200") >= 1
    assert _count(gateway, hist, route="/v1/positions/rank", method="POST") >= 1
    assert "process_resident_memory_bytes" in gateway

    profile = _scrape(f"{profile_metrics}/metrics")
    assert _count(profile, hist, service="profile", route="/positions") >= 1
    assert "potret_profile_outbox_backlog" in profile

    search = _scrape(f"{search_metrics}/metrics")
    assert _count(search, hist, service="search", route="/search", status="200") >= 1
    for name in (
        "potret_search_index_lag_seconds_count",
        "potret_search_consumer_lag_records",
        "potret_search_bulk_duration_seconds_count",
        "potret_search_build_duration_seconds_count",
        "potret_search_indexed_documents_total",
    ):
        assert name in search, name

    ranking = _scrape(f"{ranking_metrics}/metrics")
    grpc_count = "potret_grpc_server_handling_seconds_count"
    method = "/potret.ranking.v1.RankingService/RankForPosition"
    assert _count(ranking, grpc_count, service="ranking", method=method, code="OK") >= 1
    assert _count(ranking, "potret_ranking_read_model_profiles") >= 1
    assert _count(ranking, "potret_ranking_caught_up") == 1
    # Metrics live on their own ports only (a network policy can then let Prometheus reach
    # them and not the APIs): the API ports have no /metrics.
    # (profile and search are asked as a known service: without a token they answer 401)
    for api_url, headers in (
        (gateway_url, {}),
        (profile_url, service_headers("profile")),
        (search_url, service_headers("search")),
    ):
        assert httpx.get(f"{api_url}/metrics", headers=headers, timeout=10).status_code == 404

    assert "potret_ranking_consumer_lag_records" in ranking
