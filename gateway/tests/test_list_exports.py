"""Exports of what the console lists (issue 22): search results over every page, the 9-box
members, an audit-trail query. Each file is opened with openpyxl and its cells checked;
more rows than an export's limit is a 422 naming the limit, never a file cut short."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from potret.ranking.v1 import ranking_pb2 as rpb
from potret_gateway.adapters.audit import AuditLog
from potret_testkit.gateway import Gateway

PEOPLE: list[dict[str, Any]] = [
    {
        "nip": f"19800101200501{i:04d}",
        "name": f"Pegawai {i}",
        "jabatan": "Penyuluh Perikanan Ahli Muda",
        "opd": "Dinas Perikanan" if i % 2 else "Dinas Kesehatan",
        "golongan": "III/c",
        "status": "PPPK_PW" if i == 3 else "PNS",
        "relevance": 10.0 - i / 10,
        "expertise": {"kelautan_perikanan": 0.81, "kesehatan": 0.0},
        "evidence": {"kelautan_perikanan": [f"{i} tahun di Dinas Perikanan"]},
    }
    for i in range(1, 151)
]


def _search(request: httpx.Request) -> httpx.Response:
    params = request.url.params
    pool = [p for p in PEOPLE if not params.get_list("opd") or p["opd"] in params.get_list("opd")]
    if params.get("q") == "banyak":
        pool = PEOPLE * 4  # 600 found
    start = int(params.get("cursor") or 0)
    size = int(params.get("limit") or 20)
    page = pool[start : start + size]
    more = start + size < len(pool)
    return httpx.Response(
        200,
        json={
            "data": page,
            "total": len(pool),
            "next_cursor": str(start + size) if more else None,
            "domains": ["kelautan_perikanan"],
            "skills": [],
            "notes": [{"kind": "typo", "message": "perikann dibaca perikanan"}],
        },
    )


class FakeGrid:
    async def TalentGrid(self, request: Any, **_: Any) -> rpb.TalentGridResponse:  # noqa: N802
        many = "Sekretariat Daerah" in request.filters.opd
        big_box = "Dinas Pendidikan" in request.filters.opd  # 1,500 in one box, 1,503 in all
        counts = {9: 3, 5: 6000 if many else 1500 if big_box else 2}
        cells = [
            rpb.GridCell(
                box=box,
                meaning=f"arti kotak {box}",
                count=n,
                nips=[p["nip"] for p in PEOPLE[box : box + min(n, request.members_per_cell)]],
            )
            for box, n in counts.items()
        ]
        return rpb.TalentGridResponse(cells=cells, policy_version="potret-2026.3")


@pytest.fixture
def stack(gateway: Gateway) -> Gateway:
    backends = gateway.client.app.state.backends  # type: ignore[attr-defined]
    backends.search = httpx.AsyncClient(
        transport=httpx.MockTransport(_search), base_url="http://search"
    )
    backends.ranking = FakeGrid()
    return gateway


def test_search_results_export_every_page_with_labels_and_numbers(stack: Gateway) -> None:
    resp = stack.client.get(
        "/v1/search/export?q=perikanan&format=xlsx", headers=stack.headers["bupati"]
    )
    assert resp.status_code == 200, resp.text
    book = load_workbook(io.BytesIO(resp.content))
    sheet = book["Hasil pencarian"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("No", "NIP", "Nama")
    assert len(rows) == 1 + 150  # all pages, not the first 20
    third = rows[3]
    assert third[6] == "PPPK paruh waktu"  # the label, never PPPK_PW
    assert third[7] == pytest.approx(9.7)
    assert third[8] == "Kelautan dan Perikanan 81/100"
    assert third[9] == "3 tahun di Dinas Perikanan"
    about = {r[0]: r[1] for r in book["Keterangan"].iter_rows(values_only=True) if r[0]}
    assert about["Pencarian"] == "kata kunci: perikanan"
    # how the query was read, as the search said it, in the file
    assert about["Dibaca sebagai"] == "bidang Kelautan dan Perikanan; perikann dibaca perikanan"
    assert about["Diekspor oleh"] == "bupati"
    audit = AuditLog(stack.settings.audit_db)
    last = audit.entries()[-1]
    audit.close()
    assert last["action"] == "search.export"
    assert len(last["nips"]) == 150


def test_an_opd_viewer_exports_their_own_opd_only(stack: Gateway) -> None:
    resp = stack.client.get(
        "/v1/search/export?q=perikanan&opd=Dinas%20Kesehatan&format=csv",
        headers=stack.headers["diskan"],
    )
    assert resp.status_code == 200, resp.text
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig")), delimiter=";"))
    assert {r[4] for r in rows[1:]} == {"Dinas Perikanan"}


def test_an_export_beyond_its_limit_is_refused_naming_the_limit(stack: Gateway) -> None:
    resp = stack.client.get("/v1/search/export?q=banyak", headers=stack.headers["bupati"])
    assert resp.status_code == 422
    problem = resp.json()
    assert problem["errors"][0]["rule"] == "EXPORT-LIMIT"
    assert "batas 500" in problem["errors"][0]["message"]
    assert "600 baris" in problem["detail"]
    grid = stack.client.get(
        "/v1/talent-grid/export?opd=Sekretariat%20Daerah", headers=stack.headers["bkpsdm"]
    )
    assert grid.status_code == 422
    assert "batas 5000" in grid.json()["errors"][0]["message"]
    # under the total limit, but one box holds more than the ranking lists per box: refused,
    # never a file that silently lacks 500 people
    box = stack.client.get(
        "/v1/talent-grid/export?opd=Dinas%20Pendidikan", headers=stack.headers["bkpsdm"]
    )
    assert box.status_code == 422
    assert "batas 1000" in box.json()["errors"][0]["message"]


def test_the_search_export_checks_the_search_filters_as_the_search_does(stack: Gateway) -> None:
    """One declaration of the filters for both routes: a bad one is refused by the gateway
    with the same problem on each, naming the parameter, before any backend call."""
    asked: list[httpx.Request] = []

    def search(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        return _search(request)

    backends = stack.client.app.state.backends  # type: ignore[attr-defined]
    backends.search = httpx.AsyncClient(
        transport=httpx.MockTransport(search), base_url="http://search"
    )
    for bad in ("sort=umur", "min_years_to_retirement=99", "q=" + "a" * 501):
        on_search = stack.client.get(f"/v1/search?{bad}", headers=stack.headers["bupati"])
        on_export = stack.client.get(f"/v1/search/export?{bad}", headers=stack.headers["bupati"])
        assert on_search.status_code == on_export.status_code == 422, bad
        name = bad.split("=")[0]
        assert [e["field"] for e in on_export.json()["errors"]] == [f"query.{name}"], bad
        assert on_export.json()["errors"] == on_search.json()["errors"], bad
    assert asked == []


def test_talent_grid_members_export_best_box_first(stack: Gateway) -> None:
    resp = stack.client.get("/v1/talent-grid/export", headers=stack.headers["bupati"])
    assert resp.status_code == 200, resp.text
    book = load_workbook(io.BytesIO(resp.content))
    rows = list(book["Kotak talenta"].iter_rows(values_only=True))
    assert rows[0] == ("Kotak", "Arti", "NIP", "Nama", "Jabatan", "OPD", "Golongan")
    assert [r[0] for r in rows[1:]] == [9, 9, 9, 5, 5]
    assert rows[1][3] == PEOPLE[9]["name"]
    about = {r[0]: r[1] for r in book["Keterangan"].iter_rows(values_only=True) if r[0]}
    assert about["Kotak 9"] == "3 ASN: arti kotak 9"
    assert about["Kebijakan penilaian"] == "potret-2026.3"
    assert (
        stack.client.get("/v1/talent-grid/export", headers=stack.headers["siti"]).status_code == 403
    )


def test_an_audit_query_exports_in_local_time(stack: Gateway) -> None:
    stack.client.get("/v1/labels", headers=stack.headers["bupati"])
    stack.client.get("/v1/search/export?q=perikanan", headers=stack.headers["bupati"])
    resp = stack.client.get(
        "/v1/audit/query/export?action=search.export&format=xlsx", headers=stack.headers["bkpsdm"]
    )
    assert resp.status_code == 200, resp.text
    rows = list(load_workbook(io.BytesIO(resp.content))["Jejak audit"].iter_rows(values_only=True))
    assert rows[0][:4] == ("No urut", "Waktu", "Pelaku", "Aksi")
    assert len(rows) == 2
    assert rows[1][3] == "search.export"
    assert str(rows[1][1]).endswith(" WIB")
    assert str(rows[1][2]).startswith("user:bupati")
    assert (
        stack.client.get("/v1/audit/query/export", headers=stack.headers["bupati"]).status_code
        == 403
    )


def test_the_audit_trail_is_found_by_the_start_of_a_request_id_in_any_case(
    stack: Gateway,
) -> None:
    resp = stack.client.get("/v1/labels", headers=stack.headers["bupati"])
    stack.client.get("/v1/search/export?q=perikanan", headers=stack.headers["bupati"])
    audit = AuditLog(stack.settings.audit_db)
    last = audit.entries()[-1]
    audit.close()
    printed = last["request_id"][:8].upper()  # as the panel's print carries it
    found = stack.client.get(
        f"/v1/audit?request_id={printed}", headers=stack.headers["bkpsdm"]
    ).json()["data"]
    assert [e["seq"] for e in found] == [last["seq"]]
    assert resp.status_code == 200
    short = stack.client.get("/v1/audit?request_id=abc", headers=stack.headers["bkpsdm"])
    assert short.status_code == 422  # a prefix of 3 would match too much
