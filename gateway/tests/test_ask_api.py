"""POST /v1/ask with a corrected interpretation (the console's chips): validated field by
field, then used instead of reading the question again."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from potret_gateway.service import ask as ask_service
from potret_testkit.gateway import Gateway


@pytest.mark.parametrize(
    ("interpretation", "field", "rule"),
    [
        (
            {"intent": "find_experts", "domains": ["bukan_domain"]},
            "interpretation.domains",
            "DOMAIN-CODE",
        ),
        (
            {"intent": "find_experts", "golongan_min": "V/z"},
            "interpretation.golongan_min",
            "GOLONGAN",
        ),
        ({"intent": "nine_box", "box": 12}, "interpretation.box", None),
        ({"intent": "guess"}, "interpretation.intent", None),
        ({"intent": "compare", "nips": ["123"]}, "interpretation.nips.0", None),
        ({"intent": "find_experts", "sql": "DROP TABLE"}, "interpretation.sql", None),
    ],
)
def test_bad_corrections_are_422_naming_the_field(
    gateway: Gateway, interpretation: dict[str, Any], field: str, rule: str | None
) -> None:
    resp = gateway.client.post(
        "/v1/ask",
        json={"question": "siapa yang paham perikanan?", "interpretation": interpretation},
        headers=gateway.headers["bupati"],
    )
    assert resp.status_code == 422
    errors = {e["field"]: e["rule"] for e in resp.json()["errors"]}
    assert field in errors
    if rule:
        assert errors[field] == rule


def test_a_correction_replaces_the_reading_of_the_question(gateway: Gateway) -> None:
    resp = gateway.client.post(
        "/v1/ask",
        json={
            "question": "siapa yang paham perikanan?",
            "interpretation": {"intent": "find_experts", "education_min": "S2", "count": 3},
        },
        headers=gateway.headers["bupati"],
    )
    assert resp.status_code == 200
    body = resp.json()
    # The question names perikanan, the correction has no domain: the correction wins.
    assert body["interpretation"]["domains"] == []
    assert body["interpretation"]["education_min"] == "S2"
    assert body["interpretation"]["notes"] == ["interpretasi dikoreksi pengguna"]
    assert "Bidang keahliannya belum saya kenali" in body["answer"]


def test_a_correction_needs_the_scope_of_its_intent(gateway: Gateway) -> None:
    resp = gateway.client.post(
        "/v1/ask",
        json={"question": "x y", "interpretation": {"intent": "nine_box", "box": 9}},
        headers=gateway.headers["key_read"],
    )
    assert resp.status_code == 403


def _worker(
    nip: str, name: str, highlights: dict[str, list[str]], matched: list[str]
) -> dict[str, Any]:
    return {
        "matched": matched,
        "nip": nip,
        "name": name,
        "jabatan": "Pengelola Layanan Kesehatan",
        "opd": "Dinas Kesehatan",
        "golongan": "III/a",
        "evidence": {},
        "highlights": highlights,
    }


@pytest.fixture
def by_words(gateway: Gateway, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Search finding a kader trainer by her work and a Pak Kader by his name alone; the
    words of every search the gateway makes are kept."""
    asked: list[str] = []

    def search(request: httpx.Request) -> httpx.Response:
        q = request.url.params.get("q", "")
        asked.append(q)
        hits = []
        if "kader" in q:
            hits = [
                # the name matched first, and the OPD's name: no work of his says "kader"
                _worker(
                    "198202022006041002",
                    "Abdul Kader",
                    {"full_name": ["<em>Kader</em>"], "opd": ["Kecamatan <em>Kader</em>"]},
                    ["name"],
                ),
                _worker(
                    "198001012005012001",
                    "Sri Lestari",
                    {
                        "opd": ["Kecamatan <em>Kader</em>"],
                        "training_text": ["Latih <em>kader</em>"],
                    },
                    ["work"],
                ),
                # came in by a field it holds (no clause of the words): kept
                _worker("198303032008012003", "Rina Wati", {}, []),
            ]
        elif "budi" in q:  # a name only
            budi = {"full_name": ["<em>Budi</em>"]}
            hits = [_worker("198503032010011003", "Budi Santoso", budi, ["name"])]
        return httpx.Response(200, json={"data": hits, "total": len(hits), "facets": {}})

    monkeypatch.setattr(ask_service, "_OPD_CACHE", {})
    backends = gateway.client.app.state.backends  # type: ignore[attr-defined]
    backends.search = httpx.AsyncClient(
        transport=httpx.MockTransport(search), base_url="http://search"
    )
    return asked


def test_work_no_vocabulary_names_is_found_in_the_records_work_not_in_names(
    gateway: Gateway, by_words: list[str]
) -> None:
    # "kader" names no field (a word of a skill's term only): the people whose work says it
    # are the answer, found by the words; a man named Kader is not an expert by his name,
    # though search found him first.
    resp = gateway.client.post(
        "/v1/ask",
        json={"question": "siapa yang pernah jadi kader?"},
        headers=gateway.headers["bupati"],
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert [r["nip"] for r in body["results"]] == ["198001012005012001", "198303032008012003"]
    assert body["answer"].startswith("Bidang keahlian ini belum ada di kosakata Potret")
    assert "Sri Lestari" in body["answer"]
    assert "Abdul Kader" not in body["answer"]
    # the evidence shown is her work, not where she sits
    assert "kata-katanya ada di rekamannya: Latih kader" in body["answer"]
    assert "Kecamatan Kader" not in body["answer"]
    # nothing but a name matched: the field is asked for, nobody is named
    resp = gateway.client.post(
        "/v1/ask",
        json={"question": "siapa lagi yang ahli sebut Budi"},
        headers=gateway.headers["bupati"],
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["results"] == []
    assert resp.json()["answer"].startswith("Bidang keahliannya belum saya kenali")
    # no words of work at all: no search is made (the OPD list is fetched without words)
    before = len([q for q in by_words if q])
    resp = gateway.client.post(
        "/v1/ask", json={"question": "siapa yang paham?"}, headers=gateway.headers["bupati"]
    )
    assert resp.json()["answer"].startswith("Bidang keahliannya belum saya kenali")
    assert len([q for q in by_words if q]) == before


def test_search_failing_is_a_503_problem_not_a_crash(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    def search(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, json={"title": "boom"})

    monkeypatch.setattr(ask_service, "_OPD_CACHE", {})
    backends = gateway.client.app.state.backends  # type: ignore[attr-defined]
    backends.search = httpx.AsyncClient(
        transport=httpx.MockTransport(search), base_url="http://search"
    )
    resp = gateway.client.post(
        "/v1/ask",
        json={"question": "siapa yang pernah jadi kader?"},
        headers=gateway.headers["bupati"],
    )
    assert resp.status_code == 503
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["title"] == "Layanan pencarian sedang tidak tersedia"


# One axis of the 9-box asked alone ("siapa yang kinerjanya di atas ekspektasi?"): the people of
# that level's boxes (kinerja di atas ekspektasi: 9, 7 and 4, domain reference 8.2), not
# everyone, nor one box.
_AXIS_CELLS = {9: ["199001012015011001", "199001012015011002"], 7: ["199001012015011003"]}
_AXIS_CELLS |= {4: ["199001012015011004"], 8: ["199001012015011005"], 0: ["199001012015011006"]}


class _Grid:
    async def TalentGrid(self, request: Any, **_: Any) -> Any:  # noqa: N802
        from potret.ranking.v1 import ranking_pb2 as rpb

        return rpb.TalentGridResponse(
            cells=[
                rpb.GridCell(box=box, meaning=f"arti kotak {box}", count=len(nips), nips=nips)
                for box, nips in _AXIS_CELLS.items()
            ],
            policy_version="potret-2026.3",
        )


@pytest.fixture
def grid(gateway: Gateway) -> Gateway:
    def search(request: httpx.Request) -> httpx.Response:
        nips = request.url.params.get_list("nip")
        data = [
            {"nip": n, "name": f"Pegawai {n[-2:]}", "jabatan": "Analis", "opd": "Bappeda"}
            for n in nips
        ]
        return httpx.Response(200, json={"data": data, "total": len(data), "next_cursor": None})

    backends = gateway.client.app.state.backends  # type: ignore[attr-defined]
    backends.search = httpx.AsyncClient(
        transport=httpx.MockTransport(search), base_url="http://search"
    )
    backends.ranking = _Grid()
    return gateway


@pytest.mark.parametrize(
    "asked",
    [
        {"question": "siapa yang kinerjanya di atas ekspektasi?"},
        {"question": "siapa saja yang SKP-nya sangat baik?"},
        {"question": "x y", "interpretation": {"intent": "nine_box", "kinerja": 3}},
    ],
)
def test_one_axis_of_the_grid_lists_the_people_of_its_boxes(
    grid: Gateway, asked: dict[str, Any]
) -> None:
    resp = grid.client.post("/v1/ask", json=asked, headers=grid.headers["bupati"])
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["intent"] == "nine_box"
    assert body["interpretation"]["kinerja"] == 3
    answer = body["answer"]
    assert "Ada 4 ASN dengan kinerja di atas ekspektasi (kotak 9: 2, kotak 7: 1, kotak 4: 1)" in (
        answer
    )
    assert "1 ASN belum dapat ditempatkan" in answer
    # the best box first; the box-8 person (kinerja sesuai ekspektasi) and the unplaced are out
    order = [answer.index(f"Pegawai {n}") for n in ("01", "02", "03", "04")]
    assert order == sorted(order)
    assert "Pegawai 05" not in answer
    assert "Pegawai 06" not in answer


@pytest.mark.parametrize(
    ("interpretation", "field"),
    [
        ({"intent": "nine_box", "kinerja": 4}, "interpretation.kinerja"),
        ({"intent": "nine_box", "potensial": 0}, "interpretation.potensial"),
        ({"intent": "nine_box", "box": 9, "kinerja": 3}, "interpretation"),
        ({"intent": "find_experts", "kinerja": 3}, "interpretation"),
    ],
)
def test_an_axis_out_of_range_or_beside_a_box_is_422(
    gateway: Gateway, interpretation: dict[str, Any], field: str
) -> None:
    resp = gateway.client.post(
        "/v1/ask",
        json={"question": "x y", "interpretation": interpretation},
        headers=gateway.headers["bupati"],
    )
    assert resp.status_code == 422
    assert field in [e["field"] for e in resp.json()["errors"]]


def test_both_axes_corrected_name_their_box(grid: Gateway) -> None:
    resp = grid.client.post(
        "/v1/ask",
        json={
            "question": "x y",
            "interpretation": {"intent": "nine_box", "kinerja": 3, "potensial": 3},
        },
        headers=grid.headers["bupati"],
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["interpretation"]["box"] == 9
    assert "kotak 9" in resp.json()["answer"]
