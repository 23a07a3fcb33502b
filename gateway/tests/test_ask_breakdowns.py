"""Counts by jenis kelamin through the chat (issue 19: "gender where the role may see it").

Gender is personal data (the 15th digit of the NIP): search computes the breakdown only when
asked, and the gateway asks only for callers with the personal:read scope. Other roles get the
total and a sentence saying why there is no breakdown, never the numbers. The search backend
is a fake that records what it was asked."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from potret_gateway.api import ask as ask_api
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
    monkeypatch.setattr(ask_api, "_OPD_CACHE", {})  # the OPDs of this fake, not another's
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
