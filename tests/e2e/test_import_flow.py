"""SIASN-shaped import of generated data, end to end: gateway -> profile -> Kafka -> search."""

import random
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from potret_credentials.internal import service_auth
from potret_seed.generator import Generator
from potret_seed.siasn_shape import to_siasn

pytestmark = pytest.mark.e2e


def test_generated_siasn_records_flow_into_search(
    gateway_url: str, api_headers: dict[str, str], search_url: str, wait: Callable[..., Any]
) -> None:
    people = list(Generator(seed=random.randint(10_000, 10**9)).people(60))[20:]  # staff, not heads
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=60) as api:
        report = api.post("/v1/imports/siasn", json=[to_siasn(p) for p in people]).json()
        assert report["failed"] == 0, report["errors"][:3]
        assert report["created"] + report["updated"] + report["unchanged"] == len(people)
        again = api.post("/v1/imports/siasn", json=[to_siasn(p) for p in people]).json()
        assert again["unchanged"] == len(people)
    with httpx.Client(base_url=search_url, timeout=10, auth=service_auth("search")) as search:

        def indexed() -> bool:
            return all(search.get(f"/index/profiles/{p['nip']}").status_code == 200 for p in people)

        wait(indexed, timeout=30, interval=0.5, what="every imported profile in the index")
        doc = search.get(f"/index/profiles/{people[0]['nip']}").json()
        assert doc["opd"] == people[0]["opd"]
        assert doc["golongan"] == people[0]["golongan"]
