"""Rebuild into a new index and swap the alias while searches run: none of them fails."""

import threading
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from potret_search.adapters.elastic import connect_url
from potret_search.domain.query import SearchRequest, build_search
from potret_search.entrypoints.indexer import make_index
from potret_search.entrypoints.reindex import reindex, reindex_from_profiles
from potret_search.settings import Settings

pytestmark = pytest.mark.e2e


def test_alias_swap_under_concurrent_searches_has_zero_failures(
    kafka_bootstrap: str,
    elasticsearch_url: str,
    gateway_url: str,
    api_headers: dict[str, str],
    profile_url: str,
    new_nip: Callable[[], str],
    wait: Callable[..., Any],
) -> None:
    # At least one searchable profile on the topic, whatever ran before.
    created = httpx.post(
        f"{gateway_url}/v1/profiles",
        headers=api_headers,
        timeout=30,
        json={
            "nip": new_nip(),
            "name": "Budi Santoso",
            "golongan": "III/a",
            "jabatan": "Analis Perikanan",
            "opd": "Dinas Perikanan",
        },
    )
    assert created.status_code == 201, created.text
    wait(
        lambda: (
            httpx.get(f"{profile_url}/readyz", timeout=5).json()["checks"]["database"][
                "outbox_backlog"
            ]
            == 0
        ),
        timeout=30,
        what="the event on the topic",
    )
    alias = f"potret-swaptest-{uuid.uuid4().hex[:8]}"
    settings = Settings(
        index_alias=alias,
        kafka_bootstrap_servers=kafka_bootstrap,
        elasticsearch_url=elasticsearch_url,
    )
    first = reindex(settings)  # v1 from the topic
    assert first == f"{alias}-v1"
    index = make_index(settings)
    body = build_search(SearchRequest(q="dinas", limit=5), [])
    stop = threading.Event()
    results: list[int] = []
    failures: list[str] = []

    def searcher() -> None:
        while not stop.is_set():
            try:
                results.append(int(index.search_body(body)["hits"]["total"]["value"]))
            except Exception as exc:  # any failure counts
                failures.append(repr(exc))

    threads = [threading.Thread(target=searcher) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        second = reindex(settings, delete_old=True)
    finally:
        stop.set()
        for t in threads:
            t.join()
    client = connect_url(elasticsearch_url)
    try:
        assert second == f"{alias}-v2"
        assert list(client.indices.get_alias(name=alias).body) == [second]
        assert not client.indices.exists(index=first)
        assert failures == []
        assert len(results) > 10
        assert min(results) > 0  # never an empty answer during the swap
    finally:
        client.indices.delete(index=second)
        client.close()


def test_rebuild_from_the_profile_service_holds_latest_versions(
    kafka_bootstrap: str,
    elasticsearch_url: str,
    gateway_url: str,
    api_headers: dict[str, str],
    profile_url: str,
    new_nip: Callable[[], str],
) -> None:
    nip, gone = new_nip(), new_nip()
    body = {
        "name": "Rina Wahyuni",
        "golongan": "III/b",
        "jabatan": "Penyuluh Perikanan Ahli Pertama",
        "opd": "Dinas Perikanan",
    }
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as api:
        assert api.post("/v1/profiles", json={"nip": nip, **body}).status_code == 201
        assert api.put(f"/v1/profiles/{nip}", json={**body, "golongan": "III/c"}).status_code == 200
        assert api.post("/v1/profiles", json={"nip": gone, **body}).status_code == 201
        assert api.delete(f"/v1/profiles/{gone}").status_code == 204
    alias = f"potret-fromprofile-{uuid.uuid4().hex[:8]}"
    settings = Settings(
        index_alias=alias,
        kafka_bootstrap_servers=kafka_bootstrap,
        elasticsearch_url=elasticsearch_url,
    )
    name = reindex_from_profiles(settings, profile_url)
    index = make_index(settings)
    try:
        doc = index.get(nip)
        assert doc is not None
        assert (doc["version"], doc["golongan"]) == (2, "III/c")
        assert "kelautan_perikanan" in doc["expertise"]
        gone_doc = index.get(gone)
        assert gone_doc is None or gone_doc["deleted"] is True
    finally:
        index.client.indices.delete(index=name)
