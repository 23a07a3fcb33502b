"""Self-service corrections in the profile service: validated at filing, applied only on
approval through the normal write path (new version, event, provenance 'koreksi')."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from potret_credentials.internal import service_auth
from potret_events import decode_profile_changed
from potret_profile.adapters.store import RecordStore
from potret_profile.main import create_app
from potret_profile.settings import Settings

NIP = "198609262015051001"
ADMIN = {"X-Potret-Actor": "user:rina.bkpsdm (admin)"}
ASN = {"X-Potret-Actor": "user:siti (asn)"}


@pytest.fixture
def client(store_settings: dict[str, Any], tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(**store_settings, relay_enabled=False)
    with TestClient(create_app(settings)) as test_client:
        test_client.auth = service_auth("profile")  # a known service (operator)
        record = {
            "nip": NIP,
            "name": "Siti Aminah",
            "golongan": "III/c",
            "jabatan": "Penyuluh Perikanan Ahli Muda",
            "opd": "Dinas Perikanan",
            "skp": [{"year": 2024, "predikat": "BAIK"}],
        }
        assert test_client.post("/profiles", json=record).status_code == 201
        yield test_client


def _file(client: TestClient, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "nip": NIP,
        "field": "skp",
        "proposed_value": [
            {"year": 2024, "predikat": "BAIK"},
            {"year": 2025, "predikat": "SANGAT_BAIK"},
        ],
        "reason": "SKP 2025 sudah ditetapkan tetapi belum tercatat",
        "attachment": "SK-800/123/2026",
    }
    body.update(overrides)
    resp = client.post("/corrections", json=body, headers=ASN)
    return {**resp.json(), "http": resp.status_code}


def test_approval_applies_the_value_as_a_new_version_with_its_provenance(
    client: TestClient,
) -> None:
    filed = _file(client)
    assert filed["http"] == 201
    assert filed["status"] == "diajukan"
    assert filed["filed_by"] == "user:siti (asn)"
    cid = str(filed["id"])
    # Nothing changes before approval.
    assert client.get(f"/profiles/{NIP}").json()["version"] == 1
    assert client.get("/corrections", params={"status": "diajukan"}).json()["data"][0]["id"] == cid
    decided = client.post(
        f"/corrections/{cid}/decision", json={"decision": "setujui"}, headers=ADMIN
    ).json()
    assert decided["status"] == "disetujui"
    assert decided["applied_version"] == 2
    record = client.get(f"/profiles/{NIP}").json()
    assert [s["year"] for s in record["skp"]] == [2024, 2025]
    assert record["provenance"]["skp"]["source"] == "koreksi"
    assert record["provenance"]["skp"]["ref"] == cid
    assert record["provenance"]["skp"]["by"] == "user:rina.bkpsdm (admin)"
    store: RecordStore = client.app.state.store  # type: ignore[attr-defined]
    events = [decode_profile_changed(r.key, r.payload, r.headers) for r in store.unsent(100)]
    assert [e.version for e in events] == [1, 2]
    # Decided once only.
    again = client.post(f"/corrections/{cid}/decision", json={"decision": "tolak", "note": "x" * 9})
    assert again.status_code == 409
    assert "sudah berstatus disetujui" in again.json()["detail"]


def test_a_value_that_breaks_a_rule_is_refused_at_filing(client: TestClient) -> None:
    bad = _file(client, field="golongan", proposed_value="V/z")
    assert bad["http"] == 422
    assert bad["errors"][0]["field"] == "proposed_value.golongan"  # type: ignore[index]
    unknown = _file(client, field="gaji", proposed_value=1)
    assert unknown["http"] == 422
    assert client.get("/corrections").json()["data"] == []  # nothing was filed


def test_rejection_needs_a_reason_and_changes_nothing(client: TestClient) -> None:
    cid = _file(client)["id"]
    no_reason = client.post(f"/corrections/{cid}/decision", json={"decision": "tolak"})
    assert no_reason.status_code == 422
    rejected = client.post(
        f"/corrections/{cid}/decision",
        json={"decision": "tolak", "note": "Dokumen SKP belum ditandatangani"},
        headers=ADMIN,
    ).json()
    assert rejected["status"] == "ditolak"
    assert rejected["applied_version"] is None
    assert client.get(f"/profiles/{NIP}").json()["version"] == 1
    assert client.get("/corrections/K-00000000").status_code == 404
    assert _file(client, nip="199001012015011002")["http"] == 404  # no such record
