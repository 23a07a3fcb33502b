"""The data-quality report through the gateway on a constructed OPD of known composition, an
OPD-bound caller limited to its own OPD, and stale facts named in a ranking explanation."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from potret_testkit.local import entry_point

pytestmark = pytest.mark.e2e
REF = "2026-11-28"


@pytest.fixture
def api(gateway_url: str, api_headers: dict[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as client:
        yield client


def test_report_explanation_and_opd_limit(
    api: httpx.Client,
    gateway_url: str,
    potret_var: Path,
    new_nip: Callable[[], str],
    wait: Callable[..., Any],
) -> None:
    opd = f"Dinas Uji Mutu {uuid.uuid4().hex[:6]}"
    records: list[dict[str, Any]] = []
    for i in range(8):  # SKP 2025 for 0-3, 2022 for 4-5, none for 6-7; education for 0-3
        record: dict[str, Any] = {
            "nip": new_nip(),
            "name": "Pegawai Mutu",
            "golongan": "III/b",
            "jabatan": "Analis Kebijakan Ahli Pertama",
            "jenis_jabatan": "JF",
            "jenjang": "AHLI_PERTAMA",
            "opd": opd,
        }
        if i < 6:
            record["skp"] = [{"year": 2025 if i < 4 else 2022, "predikat": "BAIK"}]
        if i < 4:
            record["education"] = [{"level": "S1", "major": "Administrasi Publik", "year": 2010}]
        records.append(record)
    assert api.post("/v1/imports/profiles", json=records).json()["created"] == 8

    report = api.get("/v1/quality", params={"opd": opd, "reference_date": REF}).json()
    (row,) = report["by_opd"]
    assert row["records"] == 8
    assert row["completeness"]["skp"] == 75.0
    assert row["completeness"]["pendidikan"] == 50.0
    assert row["freshness"]["skp"] == pytest.approx(66.7)  # 4 of the 6 with SKP
    assert row["complete_pct"] == 0.0  # nobody has an assessment
    assert row["fresh_pct"] == 75.0  # 4-5 are stale; 6-7 miss SKP but are not stale

    def explain() -> httpx.Response | None:
        resp = api.post(
            "/v1/positions/explain",
            json={
                "position": {
                    "jenis": "JF",
                    "jenjang": "AHLI_MUDA",
                    "domains": ["kelautan_perikanan"],
                },
                "nip": records[4]["nip"],
            },
        )
        return resp if resp.status_code == 200 else None

    explained = wait(explain, timeout=15, what="ranking to hold the imported record")
    assert {"group": "skp", "rule": "last_year_required", "text": "SKP 2025 belum tercatat"} in (
        explained.json()["stale_facts"]
    )

    # A key bound to another OPD sees only that OPD, whatever it asks for.
    db = str(potret_var / "gateway" / "auth.db")
    out = subprocess.run(
        [
            entry_point("potret-auth"),
            *("--db", db, "key", "create", "--name", "OPD lain"),
            *("--scope", "profiles:read", "--opd", "Dinas Perikanan"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    bound = {"Authorization": f"Bearer {out.stdout.strip().splitlines()[-1]}"}
    limited = httpx.get(
        f"{gateway_url}/v1/quality", params={"opd": opd}, headers=bound, timeout=30
    ).json()
    assert {r["opd"] for r in limited["by_opd"]} <= {"Dinas Perikanan"}
