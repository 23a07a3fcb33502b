"""POST /v1/ask through the whole stack: answers come from the records only."""

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e
Wait = Callable[..., Any]


@pytest.fixture
def api(gateway_url: str, api_headers: dict[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as client:
        yield client


def _expert(nip: str, level: str) -> dict[str, Any]:
    return {
        "nip": nip,
        "name": "Sri Wahyuni, S.Pi.",
        "golongan": "III/c",
        "jabatan": "Penyuluh Perikanan Ahli Muda",
        "jenis_jabatan": "JF",
        "jenjang": "AHLI_MUDA",
        "opd": "Dinas Perikanan",
        "positions": [
            {
                "jabatan": "Penyuluh Perikanan Ahli Muda",
                "jenis": "JF",
                "jenjang": "AHLI_MUDA",
                "opd": "Dinas Perikanan",
                # Appointment dates must fit the NIP (TMT CPNS, age 18): take them from it.
                "tmt_start": f"{nip[8:12]}-{nip[12:14]}-01",
            }
        ],
        "education": [{"level": level, "major": "Budidaya Perairan", "year": int(nip[8:12]) - 1}],
    }


def test_experts_then_follow_up_keeps_the_context(
    api: httpx.Client, new_nip: Callable[[], str], wait: Wait
) -> None:
    s1, s2 = new_nip(), new_nip()
    for nip, level in ((s1, "S1"), (s2, "S2")):
        assert api.post("/v1/profiles", json=_expert(nip, level)).status_code == 201
    wait(
        lambda: api.get("/v1/search", params={"q": s2}).json()["data"],
        timeout=10,
        what="the experts in search",
    )
    first = api.post(
        "/v1/ask", json={"question": "siapa yang paham perikanan? 100 orang di Dinas Perikanan"}
    )
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["intent"] == "find_experts"
    assert body["interpretation"]["domains"] == ["kelautan_perikanan"]
    nips = [r["nip"] for r in body["results"]]
    assert nips, body["answer"]
    for r in body["results"]:  # every name comes from a record with evidence
        assert r["evidence"]["kelautan_perikanan"]
    follow = api.post(
        "/v1/ask",
        json={"question": "kalau yang S2 saja?", "conversation_id": body["conversation_id"]},
    ).json()
    assert follow["intent"] == "find_experts"
    assert follow["interpretation"]["education_min"] == "S2"
    assert follow["interpretation"]["follow_up"] is True
    followed = {r["nip"] for r in follow["results"]}
    assert s1 not in followed
    for nip in (s1, s2):
        api.delete(f"/v1/profiles/{nip}")


def test_best_for_position_and_grid(api: httpx.Client) -> None:
    best = api.post("/v1/ask", json={"question": "3 calon terbaik untuk Kepala Dinas Perikanan"})
    assert best.status_code == 200, best.text
    body = best.json()
    assert body["intent"] == "best_for_position"
    assert len(body["results"]) <= 3
    for c in body["results"]:
        assert c["eligible"] is True
    grid = api.post("/v1/ask", json={"question": "sebaran kotak talenta"}).json()
    assert grid["intent"] == "nine_box"
    assert "kotak 9" in grid["answer"]


@pytest.mark.parametrize("question", ["", " ", "x" * 501])
def test_empty_or_overlong_questions_are_422(api: httpx.Client, question: str) -> None:
    resp = api.post("/v1/ask", json={"question": question})
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "question"


def test_unintelligible_question_gets_help_not_a_guess(api: httpx.Client) -> None:
    body = api.post("/v1/ask", json={"question": "'; DROP TABLE profiles; --"}).json()
    assert body["intent"] == "unknown"
    assert body["results"] == []
    assert "Contoh pertanyaan" in body["answer"]


def test_a_name_search_cannot_use_is_not_found_not_a_server_error(api: httpx.Client) -> None:
    # Found by schemathesis: a name of punctuation and a control character made search
    # answer 422 and the gateway 500.
    resp = api.post(
        "/v1/ask",
        json={
            "question": "profil",
            "interpretation": {"intent": "profile_lookup", "names": ["?\n"]},
        },
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["results"] == []
    assert "Tidak ditemukan" in resp.json()["answer"]
