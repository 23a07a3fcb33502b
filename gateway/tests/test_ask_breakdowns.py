"""Counts by jenis kelamin through the chat (issue 19: "gender where the role may see it").

Gender is personal data (the 15th digit of the NIP): search computes the breakdown only when
asked, and the gateway asks only for callers with the personal:read scope. Other roles get the
total and a sentence saying why there is no breakdown, never the numbers. The search backend
is a fake that records what it was asked."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from potret_gateway.service import ask as ask_service
from potret_testkit.gateway import Gateway

QUESTION = "berapa jumlah ASN Dinas Perikanan menurut jenis kelamin?"
FISH = "Dinas Perikanan"


class FakeSearch:
    def __init__(self) -> None:
        self.asked: list[list[tuple[str, str]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        params = list(request.url.params.multi_items())
        self.asked.append(params)
        facets: dict[str, Any] = {"opd": [{"value": FISH, "count": 120}]}
        if ("breakdown", "jenis_kelamin") in params:
            facets["jenis_kelamin"] = [{"value": "L", "count": 70}, {"value": "P", "count": 49}]
        return httpx.Response(200, json={"data": [], "total": 120, "facets": facets})


def _profile(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/positions":
        return httpx.Response(200, json={"data": [], "next_cursor": None})
    return httpx.Response(404, json={"title": "tidak ada"})


@pytest.fixture
def search(gateway: Gateway, monkeypatch: pytest.MonkeyPatch) -> FakeSearch:
    monkeypatch.setattr(ask_service, "_OPD_CACHE", {})  # the OPDs of this fake, not another's
    fake = FakeSearch()
    backends = gateway.client.app.state.backends  # type: ignore[attr-defined]
    backends.profile = httpx.AsyncClient(
        transport=httpx.MockTransport(_profile), base_url="http://profile"
    )
    backends.search = httpx.AsyncClient(transport=httpx.MockTransport(fake), base_url="http://s")
    return fake


def _ask(gateway: Gateway, caller: str) -> dict[str, Any]:
    resp = gateway.client.post(
        "/v1/ask", json={"question": QUESTION}, headers=gateway.headers[caller]
    )
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    return body


def test_admin_gets_the_breakdown_with_the_unknown_remainder(
    gateway: Gateway, search: FakeSearch
) -> None:
    reply = _ask(gateway, "bkpsdm")
    assert reply["intent"] == "count"
    assert any(("breakdown", "jenis_kelamin") in asked for asked in search.asked)
    assert reply["answer"].splitlines() == [
        f"Ada 120 ASN di {FISH}.",
        "Menurut jenis kelamin:",
        "- Laki-laki: 70",
        "- Perempuan: 49",
        "- Tidak diketahui: 1",
    ]
    assert reply["results"] == [{"group": "L", "count": 70}, {"group": "P", "count": 49}]


@pytest.mark.parametrize("caller", ["bupati", "diskan"])
def test_roles_without_personal_data_get_the_total_and_why_not_the_breakdown(
    gateway: Gateway, search: FakeSearch, caller: str
) -> None:
    reply = _ask(gateway, caller)
    assert reply["intent"] == "count"
    assert search.asked  # the total was asked, the breakdown never
    assert not any(k == "breakdown" for asked in search.asked for k, _ in asked)
    lines = reply["answer"].splitlines()
    assert lines[0] == f"Ada 120 ASN di {FISH}."
    assert "data pribadi" in lines[1]
    assert "Laki-laki" not in reply["answer"]
    assert "Perempuan" not in reply["answer"]
    assert reply["results"] == []


@pytest.mark.parametrize("caller", ["bupati", "diskan"])
def test_a_search_asking_for_the_gender_breakdown_without_personal_data_access_is_refused(
    gateway: Gateway, search: FakeSearch, caller: str
) -> None:
    """GET /v1/search passes the caller's query on to search: a breakdown asked there by a
    role without personal:read once came back with the gender counts."""
    resp = gateway.client.get(
        "/v1/search",
        params=[("q", "perikanan"), ("breakdown", "jenis_kelamin")],
        headers=gateway.headers[caller],
    )
    assert resp.status_code == 403, resp.text
    assert "data pribadi" in resp.json()["detail"]
    assert "jenis_kelamin" not in resp.text
    exported = gateway.client.get(
        "/v1/search/export",
        params=[("q", "perikanan"), ("breakdown", "jenis_kelamin")],
        headers=gateway.headers[caller],
    )
    assert exported.status_code == 403, exported.text
    # refused before the rest of the query is checked: a bad filter beside it is still a 403
    # (on the audit trail as forbidden), on both routes
    for route in ("/v1/search", "/v1/search/export"):
        both = gateway.client.get(
            route,
            params=[("sort", "umur"), ("breakdown", "jenis_kelamin")],
            headers=gateway.headers[caller],
        )
        assert both.status_code == 403, (route, both.text)
    assert not search.asked  # never sent on


def test_a_search_asking_for_the_gender_breakdown_with_personal_data_access_gets_it(
    gateway: Gateway, search: FakeSearch
) -> None:
    resp = gateway.client.get(
        "/v1/search",
        params=[("q", "perikanan"), ("breakdown", "jenis_kelamin")],
        headers=gateway.headers["bkpsdm"],
    )
    assert resp.status_code == 200, resp.text
    assert ("breakdown", "jenis_kelamin") in search.asked[-1]
    assert resp.json()["facets"]["jenis_kelamin"][0] == {"value": "L", "count": 70}
    plain = gateway.client.get(
        "/v1/search", params={"q": "perikanan"}, headers=gateway.headers["bupati"]
    )
    assert plain.status_code == 200, plain.text
    assert "jenis_kelamin" not in plain.json()["facets"]
