"""One truth for a position (issue 17, item 1): for every post of the demo catalogue, the
chat's answer to its name is the position page's answer (/v1/positions/{id}/ranking):
the same eligible count, the same candidates in the same order with the same scores.

The demo regency's catalogue (266 posts) and 1,200 of its generated ASN are imported for
this module and deleted after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e
Wait = Callable[..., Any]
Regency = Callable[..., AbstractContextManager[tuple[list[dict[str, Any]], list[dict[str, Any]]]]]
PEOPLE = 1200
SEED = 4417  # not the demo seed: none of these NIPs is in any other test


@pytest.fixture(scope="module")
def api(gateway_url: str, api_headers: dict[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=120) as client:
        yield client


@pytest.fixture(scope="module")
def catalogue(api: httpx.Client, generated_regency: Regency) -> Iterator[list[dict[str, Any]]]:
    with generated_regency(api, SEED, PEOPLE) as (_people, positions):
        yield positions


def _question(entry: dict[str, Any], catalogue: list[dict[str, Any]]) -> str:
    unique = sum(1 for e in catalogue if e["name"] == entry["name"]) == 1
    where = "" if unique else f" di {entry['opd']}"
    return f"10 calon terbaik untuk {entry['name']}{where}?"


def _eligible_count(answer: str) -> int | None:
    m = re.search(r"\((\d+) dari \d+ ASN memenuhi syarat", answer)
    return int(m.group(1)) if m else (0 if "Belum ada ASN yang memenuhi" in answer else None)


def test_the_chat_answers_every_catalogue_post_as_its_position_page(
    api: httpx.Client, catalogue: list[dict[str, Any]]
) -> None:
    differences = []
    with_candidates = 0
    for entry in catalogue:
        page = api.get(f"/v1/positions/{entry['position_id']}/ranking", params={"top_k": 10})
        assert page.status_code == 200, page.text
        expected = page.json()
        chat = api.post("/v1/ask", json={"question": _question(entry, catalogue)})
        assert chat.status_code == 200, chat.text
        body = chat.json()
        got = [(c["nip"], c["rank"], round(c["score"], 9), c["eligible"]) for c in body["results"]]
        want = [
            (c["nip"], c["rank"], round(c["score"], 9), c["eligible"])
            for c in expected["candidates"]
        ]
        with_candidates += bool(want)
        if (
            body["interpretation"].get("position_id") != entry["position_id"]
            or got != want
            or _eligible_count(body["answer"]) != expected["eligible_total"]
        ):
            differences.append((entry["position_id"], body["answer"][:200]))
    assert not differences, differences[:5]
    assert with_candidates >= 100, "too few posts with eligible candidates to compare"


def test_a_name_that_fits_several_posts_gets_the_choices(
    api: httpx.Client, catalogue: list[dict[str, Any]]
) -> None:
    body = api.post("/v1/ask", json={"question": "siapa terbaik untuk Camat?"}).json()
    ids = {r["position_id"] for r in body["results"]}
    assert {"kec-manyar-kepala", "kec-tambak-kepala"} <= ids | {
        p["position_id"] for p in catalogue if p["name"].startswith("Camat") and len(ids) == 10
    }
    assert "cocok dengan" in body["answer"]
    assert body["interpretation"].get("position_id") is None
    # Choosing one (as the console's chip does) ranks that post.
    chosen = api.post(
        "/v1/ask",
        json={
            "question": "siapa terbaik untuk Camat?",
            "interpretation": {"intent": "best_for_position", "position_id": "kec-tambak-kepala"},
        },
    ).json()
    assert "Camat Tambak" in chosen["answer"]
    page = api.get("/v1/positions/kec-tambak-kepala/ranking", params={"top_k": 5}).json()
    assert [c["nip"] for c in chosen["results"]] == [c["nip"] for c in page["candidates"]]


def test_a_post_not_in_the_catalogue_says_so_and_shows_its_requirements(
    api: httpx.Client, catalogue: list[dict[str, Any]]
) -> None:
    body = api.post(
        "/v1/ask", json={"question": "siapa terbaik untuk Kepala Dinas Kelautan?"}
    ).json()
    assert body["intent"] == "best_for_position"
    assert body["interpretation"].get("position_id") is None
    assert "tidak ada di katalog" in body["answer"]
    assert "jenis JPT" in body["answer"]


def test_why_not_eligible_in_the_chat_is_the_position_page_explanation(
    api: httpx.Client, catalogue: list[dict[str, Any]]
) -> None:
    page = api.get("/v1/positions/diskan-kepala/ranking", params={"top_k": 1}).json()
    nip = page["candidates"][0]["nip"] if page["candidates"] else None
    if nip is None:
        pytest.skip("no eligible candidate for Kepala Dinas Perikanan in this data set")
    chat = api.post(
        "/v1/ask",
        json={"question": f"kenapa {nip} tidak memenuhi syarat Kepala Dinas Perikanan?"},
    ).json()
    rest = api.post(
        "/v1/positions/explain",
        json={"position": {"position_id": "diskan-kepala"}, "nip": nip},
    ).json()
    assert chat["results"][0]["eligible"] == rest["candidate"]["eligible"]
    assert round(chat["results"][0]["score"], 9) == round(rest["candidate"]["score"], 9)


@pytest.mark.parametrize(
    ("name", "status", "position_id"),
    [
        ("Kadis Perikanan", "ditemukan", "diskan-kepala"),
        ("kasat pol pp", "ditemukan", "satpolpp-kepala"),
        ("Camat", "beberapa", None),
        ("Kepala Dinas Kelautan", "tidak_ada", None),
    ],
)
def test_rest_resolves_a_position_name_as_the_chat_does(
    api: httpx.Client,
    catalogue: list[dict[str, Any]],
    name: str,
    status: str,
    position_id: str | None,
) -> None:
    resp = api.get("/v1/positions/resolve", params={"name": name})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["status"] == status
    if position_id:
        assert body["position"]["position_id"] == position_id
    if status == "beberapa":
        assert body["total_choices"] >= len(body["choices"]) >= 2


def test_resolve_without_a_usable_name_is_422(api: httpx.Client) -> None:
    resp = api.get("/v1/positions/resolve", params={"name": " "})
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"].endswith("name")
