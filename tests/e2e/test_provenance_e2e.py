"""Provenance end to end: an import and a manual edit through the gateway are recorded per
field group with their source, and shown with search hits and in the ranking explanation."""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture
def api(gateway_url: str, api_headers: dict[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as client:
        yield client


def test_sources_are_recorded_and_shown_with_hits_and_explanations(
    api: httpx.Client, new_nip: Callable[[], str], wait: Callable[..., Any]
) -> None:
    nip = new_nip()
    token = "Zp" + "".join(random.choices(string.ascii_lowercase, k=8))
    record = {
        "nip": nip,
        "name": f"Rahayu {token}",
        "golongan": "III/b",
        "jabatan": "Penyuluh Perikanan Ahli Pertama",
        "jenis_jabatan": "JF",
        "jenjang": "AHLI_PERTAMA",
        "opd": "Dinas Perikanan",
        "skp": [{"year": 2025, "predikat": "BAIK"}],
    }
    report = api.post("/v1/imports/profiles", json=[record]).json()
    assert report["created"] == 1
    body = {k: v for k, v in record.items() if k != "nip"} | {"golongan": "III/c"}
    edited = api.put(f"/v1/profiles/{nip}", json=body)
    assert edited.status_code == 200, edited.text
    prov = edited.json()["provenance"]
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert prov["skp"]["source"] == "impor"
    assert prov["skp"]["ref"] == report["batch_id"]
    assert prov["skp"]["text"] == f"sumber impor massal, impor {today}"
    assert prov["pangkat"]["source"] == "api"
    assert prov["pangkat"]["by"].startswith("key:")  # the gateway named the caller
    assert prov["pangkat"]["text"] == f"sumber isian manual, diubah {today}"

    hit = wait(
        lambda: next(
            (
                h
                for h in api.get("/v1/search", params={"q": token}).json()["data"]
                if h["golongan"] == "III/c"
            ),
            None,
        ),
        timeout=15,
        what="the edited record in search",
    )
    assert hit["provenance"]["skp"] == f"sumber impor massal, impor {today}"
    assert hit["provenance"]["pangkat"] == f"sumber isian manual, diubah {today}"

    explained = api.post(
        "/v1/positions/explain",
        json={
            "position": {"jenis": "JF", "jenjang": "AHLI_MUDA", "domains": ["kelautan_perikanan"]},
            "nip": nip,
        },
    )
    assert explained.status_code == 200, explained.text
    assert explained.json()["provenance"]["skp"] == f"sumber impor massal, impor {today}"
