"""A post's ranking exported for the committee (issue 22): the XLSX opened with openpyxl and
its cells checked against the ranking the API answers, the CSV as Excel set to Indonesian
reads it, the limit named when exceeded, and the export in the audit trail with its NIPs."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.e2e
EXPORT_SEED = 7349  # this module's own people (conftest.generated_regency)
Regency = Callable[..., AbstractContextManager[tuple[list[dict[str, Any]], list[dict[str, Any]]]]]


@pytest.fixture(scope="module")
def post(
    gateway_url: str, api_headers: dict[str, str], generated_regency: Regency
) -> Iterator[tuple[httpx.Client, str]]:
    with (
        httpx.Client(base_url=gateway_url, headers=api_headers, timeout=120) as api,
        generated_regency(api, EXPORT_SEED, 300) as (_people, positions),
    ):
        best, most = None, 1
        for p in positions:
            resp = api.get(f"/v1/positions/{p['position_id']}/ranking", params={"top_k": 20})
            if resp.status_code == 200 and resp.json()["eligible_total"] > most:
                best, most = p["position_id"], resp.json()["eligible_total"]
                if most >= 5:
                    break
        assert best is not None, "no post with two eligible people in the generated regency"
        yield api, best


def test_the_xlsx_holds_the_ranking_the_api_answers(post: tuple[httpx.Client, str]) -> None:
    api, position = post
    ranking = api.get(f"/v1/positions/{position}/ranking", params={"top_k": 20}).json()
    resp = api.get(f"/v1/positions/{position}/ranking/export", params={"top_k": 20})
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert f'filename="peringkat-{position}-' in resp.headers["content-disposition"]
    book = load_workbook(io.BytesIO(resp.content))
    assert book.sheetnames == ["Peringkat", "Keterangan"]
    table = [list(r) for r in book["Peringkat"].iter_rows(values_only=True)]
    header, rows = table[0], table[1:]
    assert header[:7] == ["Peringkat", "NIP", "Nama", "Jabatan", "OPD", "Golongan", "Skor"]
    expected = ranking["candidates"] + ranking["ineligible"]
    assert [r[1] for r in rows] == [c["nip"] for c in expected]
    first, want = rows[0], ranking["candidates"][0]
    assert first[0] == want["rank"] == 1
    assert first[6] == pytest.approx(want["score"], abs=1e-4)
    assert first[2]  # a name, from search
    assert first[12] == "Ya"
    factors = {f["factor"]: f["contribution"] for f in want["factors"]}
    assert first[7:11] == pytest.approx(
        [factors.get(k, 0.0) for k in ("competency", "performance", "expertise", "track_record")],
        abs=1e-4,
    )
    assert first[14] == want["explanation"]
    assert {r[15] for r in rows} == {ranking["policy_version"]}
    unmet = [r for r in rows if r[12] == "Tidak"]
    assert all(r[13] and "ELIG-" not in str(r[13]) for r in unmet)  # rule names, never codes
    about = {r[0]: r[1] for r in book["Keterangan"].iter_rows(values_only=True) if r and r[0]}
    assert about["Kebijakan penilaian"] == ranking["policy_version"]
    assert about["Memenuhi syarat"] == ranking["eligible_total"]
    assert str(about["Diekspor"]).endswith("WIB")
    assert about["Sisa masa kerja sebelum batas usia pensiun"] == "PP 11/2017 Pasal 239"


def test_the_csv_reads_as_excel_in_indonesian_reads_it(post: tuple[httpx.Client, str]) -> None:
    api, position = post
    resp = api.get(f"/v1/positions/{position}/ranking/export", params={"format": "csv", "top_k": 5})
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/csv")
    assert resp.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Peringkat", "NIP", "Nama"]
    assert rows[1][0] == "1"
    assert "," in rows[1][6] or rows[1][6].isdigit()  # decimal comma
    assert all(len(r) == len(rows[0]) for r in rows)


def test_an_export_beyond_the_limit_or_of_another_kind_is_refused_naming_it(
    post: tuple[httpx.Client, str],
) -> None:
    api, position = post
    big = api.get(f"/v1/positions/{position}/ranking/export", params={"top_k": 501})
    assert big.status_code == 422
    assert big.headers["content-type"].startswith("application/problem+json")
    [error] = big.json()["errors"]
    assert "top_k" in error["field"]
    assert "500" in error["message"]
    pdf = api.get(f"/v1/positions/{position}/ranking/export", params={"format": "pdf"})
    assert pdf.status_code == 422
    assert "format" in pdf.json()["errors"][0]["field"]


def test_the_export_is_in_the_audit_trail_with_the_people_it_holds(
    post: tuple[httpx.Client, str],
) -> None:
    api, position = post
    ranking = api.get(f"/v1/positions/{position}/ranking", params={"top_k": 3}).json()
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    resp = api.get(f"/v1/positions/{position}/ranking/export", params={"top_k": 3})
    assert resp.status_code == 200
    entries = api.get(
        "/v1/audit",
        params={
            "action": "rank.export",
            "nip": ranking["candidates"][0]["nip"],
            "since": before.isoformat(),
            "limit": 1000,
        },
    ).json()["data"]
    mine = [e for e in entries if e["request_id"] == resp.headers["x-request-id"]]
    assert len(mine) == 1, entries[-3:]
    assert ranking["candidates"][0]["nip"] in mine[0]["nips"]
    assert "ekspor xlsx" in mine[0]["detail"]
