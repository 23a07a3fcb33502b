"""Data-quality report on constructed records whose completeness and freshness are known."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from potret_client.internal import service_auth
from potret_profile.adapters.store import ProfileStore
from potret_profile.domain.quality import QualityRules, load_rules
from potret_profile.main import create_app
from potret_profile.settings import Settings

REF = "2026-11-28"


@pytest.fixture
def client(store_settings: dict[str, Any], tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(**store_settings, relay_enabled=False)
    with TestClient(create_app(settings)) as test_client:
        test_client.auth = service_auth("profile")  # a known service (operator)
        yield test_client


def _nip(i: int) -> str:
    return f"198501012010011{i + 1:03d}"


def _record(i: int, opd: str, **extra: Any) -> dict[str, Any]:
    return {
        "nip": _nip(i),
        "name": f"Pegawai Uji {chr(65 + i)}",
        "golongan": "III/b",
        "jabatan": "Analis Kebijakan Ahli Pertama",
        "opd": opd,
        **extra,
    }


def _population(client: TestClient) -> None:
    """Dinas Uji A, 10 records: education 0-5; SKP 0-7 (2025 only for 0-4, the others 2023);
    assessments 0-2 from 2025 and 3-4 from 2020."""
    for i in range(10):
        extra: dict[str, Any] = {}
        if i <= 5:
            extra["education"] = [{"level": "S1", "major": "Ilmu Pemerintahan", "year": 2008}]
        if i <= 7:
            extra["skp"] = [{"year": 2025 if i <= 4 else 2023, "predikat": "BAIK"}]
        if i <= 4:
            extra["assessments"] = [{"date": "2025-01-01" if i <= 2 else "2020-01-01"}]
        assert client.post("/profiles", json=_record(i, "Dinas Uji A", **extra)).status_code == 201


def test_report_matches_the_constructed_population(client: TestClient) -> None:
    _population(client)
    report = client.get("/quality", params={"reference_date": REF}).json()
    (a,) = [o for o in report["by_opd"] if o["opd"] == "Dinas Uji A"]
    assert a["records"] == 10
    assert a["completeness"] == {
        "identitas": 100.0,
        "pangkat": 100.0,
        "jabatan": 100.0,
        "pendidikan": 60.0,
        "skp": 80.0,
        "kompetensi": 50.0,
    }
    assert a["freshness"] == {
        "pangkat": 100.0,  # confirmed today by the write
        "jabatan": 100.0,
        "skp": 62.5,  # 5 of the 8 with SKP have 2025's
        "kompetensi": 60.0,  # 3 of 5 within 3 years
    }
    assert a["complete_pct"] == 50.0  # records 0-4 have every required group
    assert a["fresh_pct"] == 50.0  # 0-2 and 8-9 (missing is not stale)
    assert report["total"]["records"] == 10
    assert report["rules_version"] == load_rules().version


def test_unconfirmed_sources_age_out_and_one_record_names_its_stale_facts(
    client: TestClient,
) -> None:
    assert client.post("/profiles", json=_record(20, "Dinas Uji B")).status_code == 201
    store: ProfileStore = client.app.state.store  # type: ignore[attr-defined]
    rec = store.get(_nip(20))
    assert rec is not None
    old = {g: {**e, "confirmed_at": "2025-01-01T00:00:00+00:00"} for g, e in rec.provenance.items()}
    with store.transaction() as tx:
        tx.set_provenance(_nip(20), old)
    one = client.get(f"/profiles/{_nip(20)}/quality", params={"reference_date": REF}).json()
    assert one["complete"] is False
    assert one["missing"] == ["pendidikan", "skp", "kompetensi"]
    assert {(s["group"], s["rule"]) for s in one["stale"]} == {
        ("pangkat", "max_unconfirmed_days"),
        ("jabatan", "max_unconfirmed_days"),
    }
    assert "terakhir dikonfirmasi 2025-01-01" in one["stale"][0]["text"]
    b = client.get("/quality", params={"reference_date": REF, "opd": "Dinas Uji B"}).json()
    assert [o["opd"] for o in b["by_opd"]] == ["Dinas Uji B"]
    assert b["total"]["freshness"]["pangkat"] == 0.0


def test_a_rules_file_with_an_unknown_group_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"version": "x", "groups": {"gaji": {"required": True}}}))
    with pytest.raises(ValueError, match="gaji"):
        QualityRules.model_validate(json.loads(path.read_text()))
