"""Ranking through the gateway's REST API (JSON mapping of potret.ranking.v1)."""

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e
Wait = Callable[..., Any]
POSITION = {
    "name": "Kepala Bidang Perikanan Budidaya",
    "jenis": "ADMINISTRATOR",
    "opd": "Dinas Perikanan",
    "domains": ["kelautan_perikanan"],
}


@pytest.fixture
def api(gateway_url: str, api_headers: dict[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as client:
        yield client


def _person(nip: str) -> dict[str, Any]:
    return {
        "nip": nip,
        "name": "Dewi Kartika, S.Pi.",
        "golongan": "III/d",
        "jabatan": "Kepala Seksi Budidaya",
        "jenis_jabatan": "PENGAWAS",
        "opd": "Dinas Perikanan",
        "tmt_jabatan": f"{nip[8:12]}-{nip[12:14]}-01",  # fits the NIP's TMT CPNS
        "education": [{"level": "S1", "major": "Budidaya Perairan", "year": 2008}],
        "skp": [{"year": 2025, "predikat": "SANGAT_BAIK"}, {"year": 2024, "predikat": "BAIK"}],
    }


def test_rank_explain_grid_and_policy(
    api: httpx.Client, new_nip: Callable[[], str], wait: Wait
) -> None:
    nip = new_nip()
    assert api.post("/v1/profiles", json=_person(nip)).status_code == 201

    def explained() -> dict[str, Any] | None:
        resp = api.post("/v1/positions/explain", json={"position": POSITION, "nip": nip})
        return resp.json() if resp.status_code == 200 else None

    body = wait(explained, timeout=10, what="ranking to know the new profile")
    candidate = body["candidate"]
    assert candidate["nip"] == nip
    assert {r["rule"] for r in candidate["eligibility"]} >= {"ELIG-PRIOR", "ELIG-KINERJA"}
    assert candidate["gaps"], "an ASN must see what to improve"

    rank = api.post(
        "/v1/positions/rank",
        json={
            "position": POSITION,
            "top_k": 5,
            "policy_overrides": {
                "weights": {
                    "competency": 0.1,
                    "performance": 0.4,
                    "expertise": 0.4,
                    "track_record": 0.1,
                }
            },
        },
    )
    assert rank.status_code == 200, rank.text
    data = rank.json()
    assert data["policy_version"].startswith("potret-2026.3+whatif.")
    assert data["considered"] >= 1
    assert data["fairness"]["threshold"] == pytest.approx(0.8)

    grid = api.post("/v1/talent-grid", json={"filters": {"opd": ["Dinas Perikanan"]}})
    assert grid.status_code == 200
    assert [c["box"] for c in grid.json()["cells"]] == [*range(1, 10), 0]
    policy = api.get("/v1/ranking/policy").json()
    assert policy["version"] == "potret-2026.3"
    api.delete(f"/v1/profiles/{nip}")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"position": POSITION, "top_k": 0}, "top_k"),
        (
            {"position": POSITION, "top_k": 5, "policy_overrides": {"weights": {"competency": -1}}},
            "policy_overrides.weights.competency",
        ),
        ({"position": POSITION, "top_k": "banyak"}, "body"),
        ({"position": POSITION, "topk": 5}, "body"),
    ],
)
def test_bad_rank_requests_are_422_naming_the_field(
    api: httpx.Client, body: dict[str, Any], field: str
) -> None:
    resp = api.post("/v1/positions/rank", json=body)
    assert resp.status_code == 422, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in resp.json()["errors"]] == [field]


def test_unknown_catalogue_position_is_404(api: httpx.Client) -> None:
    resp = api.get("/v1/positions/tidak-ada-jabatan-ini/ranking")
    assert resp.status_code == 404
    assert resp.json()["title"] == "Tidak ditemukan"
