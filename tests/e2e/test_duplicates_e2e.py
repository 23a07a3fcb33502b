"""Duplicates through the gateway on the real stack: a planted duplicate is listed with its
evidence, the merge leaves the kept record with both histories (searchable, ranked at its
new version) and the duplicate gone from search and ranking."""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e


def test_a_planted_duplicate_is_found_and_merged(
    gateway_url: str,
    api_headers: dict[str, str],
    new_nip: Callable[[], str],
    wait: Callable[..., Any],
) -> None:
    api = httpx.Client(base_url=gateway_url, headers=api_headers, timeout=120)
    word = "Zd" + "".join(random.choices(string.ascii_lowercase, k=7)).capitalize()
    kept = new_nip()
    dup = kept[:15] + ("001" if kept[15:] != "001" else "002")  # same birth, TMT, gender
    base = {
        "golongan": "III/c",
        "jabatan": "Penyuluh Perikanan Ahli Muda",
        "jenis_jabatan": "JF",
        "jenjang": "AHLI_MUDA",
        "opd": "Dinas Perikanan",
    }
    first = {
        **base,
        "nip": kept,
        "name": f"Muhammad {word}",
        "skp": [{"year": 2024, "predikat": "BAIK"}],
    }
    second = {
        **base,
        "nip": dup,
        "name": f"Drs. Moch. {word}",
        "skp": [{"year": 2025, "predikat": "SANGAT_BAIK"}],
    }
    for record in (first, second):
        resp = api.post("/v1/profiles", json=record)
        assert resp.status_code == 201, resp.text

    def complete() -> dict[str, Any] | None:
        # an import by an earlier test may still be compared in the background: the answer
        # says so (pending_reassessment) and is complete once it is 0
        body: dict[str, Any] = api.get("/v1/duplicates", params={"limit": 1000}).json()
        return body if body["pending_reassessment"] == 0 else None

    pairs = wait(complete, timeout=90, interval=1.0, what="the duplicate pairs to be compared")[
        "data"
    ]
    (pair,) = [p for p in pairs if set(p["nips"]) == {kept, dup}]
    assert any("tanggal lahir sama" in e for e in pair["evidence"])

    merged = api.post(f"/v1/profiles/{dup}/merge", json={"into": kept, "reason": "NIP ganda"})
    assert merged.status_code == 200, merged.text
    assert [s["year"] for s in merged.json()["skp"]] == [2024, 2025]

    def search_state() -> list[tuple[str, int]] | None:
        hits = api.get("/v1/search", params={"q": word}).json()["data"]
        state = sorted((h["nip"], h["version"]) for h in hits)
        return state if state == [(kept, 2)] else None

    wait(search_state, timeout=15, what="search to hold only the kept record at version 2")

    def ranking_forgot() -> bool:
        resp = api.post(
            "/v1/positions/score", json={"position": {"min_golongan": "III/a"}, "nips": [dup]}
        )
        return resp.status_code == 404

    wait(ranking_forgot, timeout=15, what="ranking to drop the merged duplicate")
    gone = api.get(f"/v1/profiles/{dup}")
    assert gone.status_code == 404
    assert f"digabung ke NIP {kept}" in gone.json()["detail"]
    itself = api.post(f"/v1/profiles/{kept}/merge", json={"into": kept, "reason": "uji gabung"})
    assert itself.status_code == 409
