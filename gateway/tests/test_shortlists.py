"""Shortlists that last (issue 22): made from a ranking or by hand, notes and statuses per
candidate, who changed what, sharing by role, and the traps: a name already used, a candidate
outside the caller's OPD or unknown to the ranking, a change on an outdated copy, and
choosing someone after the ranking moved. Nothing is half-saved.

The backends are small fakes (a ranking whose scores a test can move, a profile service that
knows each person's OPD, a search that names them); the store is the gateway's real SQLite
database (PostgreSQL: test_store_postgres.py)."""

from __future__ import annotations

import csv
import io
from typing import Any

import grpc
import httpx
import pytest
from openpyxl import load_workbook

from potret.ranking.v1 import ranking_pb2 as rpb
from potret_gateway.adapters.audit import AuditLog, now
from potret_gateway.domain.audit import Entry
from potret_testkit.gateway import PASSWORD, Gateway, login

POSITION = "diskan-kepala-dinas"
A, B, C = "198001012005011001", "198202022006042002", "198503032010011003"
OUTSIDER = "199001012015011004"  # works at Dinas Kesehatan
OPD = {
    A: "Dinas Perikanan",
    B: "Dinas Perikanan",
    C: "Dinas Perikanan",
    OUTSIDER: "Dinas Kesehatan",
}
NAMES = {A: "Ahmad Fauzi", B: "Sri Wahyuni", C: "Bambang Irawan", OUTSIDER: "Dewi Lestari"}


class FakeRanking:
    """Scores a test can change; NIPs it is told to forget answer NOT_FOUND as the service."""

    def __init__(self) -> None:
        self.scores = {A: 0.8, B: 0.7, C: 0.6, OUTSIDER: 0.65}
        self.eligible = {A: True, B: True, C: False, OUTSIDER: True}
        self.policy = "potret-2026.3"
        self.gone: set[str] = set()

    def _candidate(self, nip: str) -> rpb.CandidateScore:
        return rpb.CandidateScore(
            nip=nip, score=self.scores[nip], eligible=self.eligible[nip], nine_box=8
        )

    async def RankForPosition(self, request: Any, **_: Any) -> rpb.RankForPositionResponse:  # noqa: N802
        if request.position.position_id != POSITION:
            raise _rpc_error(grpc.StatusCode.NOT_FOUND, "jabatan tidak ada di katalog")
        opds = set(request.filters.opd)
        nips = [
            n
            for n in sorted(self.scores, key=lambda n: -self.scores[n])
            if self.eligible[n] and n not in self.gone and (not opds or OPD[n] in opds)
        ]
        return rpb.RankForPositionResponse(
            candidates=[self._candidate(n) for n in nips[: request.top_k]],
            policy_version=self.policy,
            position_name="Kepala Dinas Perikanan",
        )

    async def ScoreCandidates(self, request: Any, **_: Any) -> rpb.ScoreCandidatesResponse:  # noqa: N802
        missing = [n for n in request.nips if n not in self.scores or n in self.gone]
        if missing:
            raise _rpc_error(
                grpc.StatusCode.NOT_FOUND, "profil tidak ditemukan: " + ", ".join(missing)
            )
        return rpb.ScoreCandidatesResponse(
            candidates=[self._candidate(n) for n in request.nips], policy_version=self.policy
        )

    async def ExplainCandidate(self, request: Any, **_: Any) -> rpb.ExplainCandidateResponse:  # noqa: N802
        if request.nip not in self.scores or request.nip in self.gone:
            raise _rpc_error(grpc.StatusCode.NOT_FOUND, f"profil tidak ditemukan: {request.nip}")
        candidate = self._candidate(request.nip)
        candidate.gaps.add(kind="KOMPETENSI", text="Integritas (M.01): level 2 dari 3", amount=1)
        return rpb.ExplainCandidateResponse(
            candidate=candidate, policy_version=self.policy, position_name="Kepala Dinas Perikanan"
        )


def _rpc_error(code: grpc.StatusCode, details: str) -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(code, grpc.aio.Metadata(), grpc.aio.Metadata(), details)


def _profile(request: httpx.Request) -> httpx.Response:
    if request.url.path == f"/positions/{POSITION}":
        return httpx.Response(
            200, json={"position_id": POSITION, "domains": ["kelautan_perikanan"]}
        )
    nip = request.url.path.rsplit("/", 1)[-1]
    if nip in OPD:
        return httpx.Response(200, json={"nip": nip, "opd": OPD[nip]})
    return httpx.Response(404, json={"title": "tidak ada"})


def _search(request: httpx.Request) -> httpx.Response:
    nips = request.url.params.get_list("nip")
    domains = request.url.params.get_list("domain")
    hits = [
        {
            "nip": n,
            "name": NAMES[n],
            "jabatan": "Kepala Bidang",
            "opd": OPD[n],
            "evidence": {d: [f"5 tahun di {OPD[n]}"] for d in domains},
        }
        for n in nips
        if n in NAMES
    ]
    return httpx.Response(200, json={"data": hits, "total": len(hits)})


@pytest.fixture
def stack(gateway: Gateway) -> tuple[Gateway, FakeRanking]:
    backends = gateway.client.app.state.backends  # type: ignore[attr-defined]
    backends.profile = httpx.AsyncClient(
        transport=httpx.MockTransport(_profile), base_url="http://profile"
    )
    backends.search = httpx.AsyncClient(
        transport=httpx.MockTransport(_search), base_url="http://search"
    )
    ranking = FakeRanking()
    backends.ranking = ranking
    gateway.store.add_user("wabup", PASSWORD, "pimpinan")
    gateway.headers["wabup"] = login(gateway.client, "wabup")
    return gateway, ranking


def _create(gw: Gateway, caller: str = "bupati", **body: Any) -> httpx.Response:
    payload = {"name": "Calon Kadis Perikanan", "position_id": POSITION} | body
    resp: httpx.Response = gw.client.post(
        "/v1/shortlists", json=payload, headers=gw.headers[caller]
    )
    return resp


def _get(gw: Gateway, list_id: str, caller: str = "bupati") -> httpx.Response:
    resp: httpx.Response = gw.client.get(f"/v1/shortlists/{list_id}", headers=gw.headers[caller])
    return resp


def _ids(gw: Gateway, caller: str) -> list[str]:
    resp = gw.client.get("/v1/shortlists", headers=gw.headers[caller])
    assert resp.status_code == 200, resp.text
    return [s["id"] for s in resp.json()["data"]]


def test_a_list_from_the_ranking_keeps_its_basis_and_says_who_made_it(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, _ = stack
    resp = _create(gw, from_ranking_top=2, nips=[C])
    assert resp.status_code == 201, resp.text
    made = resp.json()
    # by hand first, then the best eligible of the ranking, in their order
    assert [m["nip"] for m in made["members"]] == [C, A, B]
    assert [m["status"] for m in made["members"]] == ["diusulkan"] * 3
    assert made["members"][1]["basis"] == {"score": 0.8, "eligible": True}
    assert made["members"][1]["name"] == "Ahmad Fauzi"
    assert made["position_name"] == "Kepala Dinas Perikanan"
    assert made["policy_version"] == "potret-2026.3"
    assert made["stale"] is False
    assert [e["action"] for e in made["history"]] == ["dibuat"] + ["kandidat_ditambah"] * 3
    assert made["history"][0]["actor"] == "bupati (Pimpinan)"
    assert made["owner"] == made["history"][0]["actor"]  # as people read it, never user:…
    audit = AuditLog(gw.settings.audit_db)
    last = audit.entries()[-1]
    audit.close()
    assert (last["action"], last["status"]) == ("shortlists.write", 201)
    assert {A, B, C} <= set(last["nips"])


def test_a_name_already_used_by_the_same_person_is_refused_and_nothing_is_saved(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, _ = stack
    assert _create(gw, nips=[A]).status_code == 201
    again = _create(gw, name="  calon kadis   PERIKANAN ", nips=[B])
    assert again.status_code == 409
    assert again.json()["type"].endswith("shortlist-name-taken")
    assert "sudah memiliki daftar pendek bernama" in again.json()["detail"]
    assert len(_ids(gw, "bupati")) == 1
    # another person may use the same name for their own list
    assert _create(gw, caller="wabup", nips=[B]).status_code == 201


def test_an_opd_viewer_lists_only_people_of_their_own_opd(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, _ = stack
    refused = _create(gw, caller="diskan", nips=[A, OUTSIDER])
    assert refused.status_code == 403
    assert "di luar OPD Anda" in refused.json()["detail"]
    assert _ids(gw, "diskan") == []
    made = _create(gw, caller="diskan", from_ranking_top=5, shared_with=["opd_viewer"])
    assert made.status_code == 201, made.text
    assert OUTSIDER not in [m["nip"] for m in made.json()["members"]]  # ranked in their OPD


def test_sharing_with_opd_viewers_needs_a_list_of_one_opd(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, _ = stack
    resp = _create(gw, nips=[A], shared_with=["opd_viewer"])
    assert resp.status_code == 422
    error = resp.json()["errors"][0]
    assert (error["field"], error["rule"]) == ("shared_with[0]", "SHORTLIST-SHARE")
    assert "pengamat OPD" in error["message"]
    bad_role = _create(gw, nips=[A], shared_with=["asn"])
    assert bad_role.status_code == 422
    assert _ids(gw, "bupati") == []


def test_who_sees_a_list(stack: tuple[Gateway, FakeRanking]) -> None:
    gw, _ = stack
    private = _create(gw, nips=[A]).json()["id"]
    shared = _create(gw, name="Dibagikan ke pimpinan", nips=[B], shared_with=["pimpinan"]).json()[
        "id"
    ]
    assert set(_ids(gw, "bupati")) == {private, shared}
    assert _ids(gw, "wabup") == [shared]
    assert set(_ids(gw, "bkpsdm")) == {private, shared}  # BKPSDM oversees every placement
    assert set(_ids(gw, "key_full")) == {private, shared}  # so does its integration key
    assert _ids(gw, "diskan") == []
    assert _get(gw, private, "wabup").status_code == 404  # not theirs: not there
    assert _get(gw, shared, "diskan").status_code == 404
    assert gw.client.get("/v1/shortlists", headers=gw.headers["siti"]).status_code == 403
    assert _create(gw, caller="siti", nips=[A]).status_code == 403


def test_those_it_is_shared_with_write_notes_but_only_the_owner_deletes(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, _ = stack
    made = _create(gw, nips=[A], shared_with=["pimpinan"]).json()
    url = f"/v1/shortlists/{made['id']}"
    noted = gw.client.patch(
        f"{url}/members/{A}",
        json={"version": made["version"], "status": "dinilai", "note": "Wawancara 12 Des"},
        headers=gw.headers["wabup"],
    )
    assert noted.status_code == 200, noted.text
    history = noted.json()["history"]
    assert [(e["action"], e["before"], e["after"]) for e in history[-2:]] == [
        ("status", "diusulkan", "dinilai"),
        ("catatan", "", "Wawancara 12 Des"),
    ]
    assert history[-1]["actor"].startswith("wabup (Pimpinan")
    version = noted.json()["version"]
    deleted = gw.client.delete(f"{url}?version={version}", headers=gw.headers["wabup"])
    assert deleted.status_code == 403
    assert "pembuat daftar" in deleted.json()["detail"]
    assert gw.client.delete(url, headers=gw.headers["bupati"]).status_code == 422  # no version
    assert (
        gw.client.delete(f"{url}?version={version - 1}", headers=gw.headers["bupati"]).status_code
        == 409
    )
    assert (
        gw.client.delete(f"{url}?version={version}", headers=gw.headers["bupati"]).status_code
        == 204
    )
    assert _get(gw, made["id"]).status_code == 404


def test_a_change_made_on_an_outdated_copy_is_refused_whole(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, _ = stack
    made = _create(gw, nips=[A, B]).json()
    url = f"/v1/shortlists/{made['id']}/members/{A}"
    first = gw.client.patch(
        url, json={"version": made["version"], "note": "pertama"}, headers=gw.headers["bupati"]
    )
    assert first.status_code == 200
    late = gw.client.patch(
        url,
        json={"version": made["version"], "status": "tidak_dipilih", "note": "kedua"},
        headers=gw.headers["bupati"],
    )
    assert late.status_code == 409
    assert late.json()["type"].endswith("shortlist-changed")
    member = _get(gw, made["id"]).json()["members"][0]
    assert (member["status"], member["note"]) == ("diusulkan", "pertama")


def test_choosing_after_the_ranking_moved_waits_for_a_confirmed_basis(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, ranking = stack
    made = _create(gw, nips=[A, B]).json()
    ranking.scores[A] = 0.7  # a new SKP lowered A's score
    ranking.eligible[B] = False  # B no longer meets a requirement
    view = _get(gw, made["id"]).json()
    assert view["stale"] is True
    messages = [c["message"] for c in view["changes"]]
    assert f"Skor Ahmad Fauzi (NIP {A}) berubah dari 0,80 menjadi 0,70" in messages
    assert f"Sri Wahyuni (NIP {B}) kini tidak memenuhi syarat" in messages
    assert view["members"][0]["current"]["score"] == pytest.approx(0.7)
    url = f"/v1/shortlists/{made['id']}"
    chosen = gw.client.patch(
        f"{url}/members/{A}",
        json={"version": view["version"], "status": "dipilih"},
        headers=gw.headers["bupati"],
    )
    assert chosen.status_code == 409
    assert chosen.json()["type"].endswith("shortlist-stale")
    assert "berubah dari 0,80 menjadi 0,70" in chosen.json()["detail"]
    assert _get(gw, made["id"]).json()["members"][0]["status"] == "diusulkan"

    rebased = gw.client.post(
        f"{url}/rebase", json={"version": view["version"]}, headers=gw.headers["bupati"]
    ).json()
    assert rebased["stale"] is False
    assert rebased["members"][0]["basis"] == {"score": 0.7, "eligible": True}
    assert rebased["history"][-1]["action"] == "dasar_diperbarui"
    chosen = gw.client.patch(
        f"{url}/members/{A}",
        json={"version": rebased["version"], "status": "dipilih"},
        headers=gw.headers["bupati"],
    )
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["members"][0]["status"] == "dipilih"


def test_a_new_policy_version_makes_the_list_stale(stack: tuple[Gateway, FakeRanking]) -> None:
    gw, ranking = stack
    made = _create(gw, nips=[A]).json()
    ranking.policy = "potret-2027.1"
    view = _get(gw, made["id"]).json()
    assert view["stale"] is True
    assert view["changes"][0]["kind"] == "kebijakan"
    assert "potret-2026.3" in view["changes"][0]["message"]


def test_a_person_gone_from_the_ranking_is_named_not_an_error(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, ranking = stack
    made = _create(gw, nips=[A, B]).json()
    ranking.gone.add(B)  # merged into another record
    view = _get(gw, made["id"])
    assert view.status_code == 200, view.text
    assert view.json()["members"][1]["current"] is None
    assert f"Sri Wahyuni (NIP {B}) tidak lagi ada di data peringkat" in [
        c["message"] for c in view.json()["changes"]
    ]


def test_adding_someone_the_ranking_does_not_know_saves_nothing(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, _ = stack
    made = _create(gw, nips=[A]).json()
    unknown = "199912312020121001"
    resp = gw.client.post(
        f"/v1/shortlists/{made['id']}/members",
        json={"version": made["version"], "nips": [B, unknown]},
        headers=gw.headers["bupati"],
    )
    assert resp.status_code == 404
    assert unknown in resp.json()["detail"]
    view = _get(gw, made["id"]).json()
    assert [m["nip"] for m in view["members"]] == [A]
    assert view["version"] == made["version"]
    assert _create(gw, name="Orang tak dikenal", nips=[unknown]).status_code == 404
    assert len(_ids(gw, "bupati")) == 1


@pytest.mark.parametrize(
    ("body", "field", "rule"),
    [
        ({"name": "ab"}, "name", "SHORTLIST-NAME"),
        ({"name": "x" * 121}, "name", "SHORTLIST-NAME"),
        ({"name": "Daftar\x00"}, "name", "SHORTLIST-NAME"),
        ({"nips": ["1980"]}, "nips[0]", "NIP-FMT"),
        ({"nips": [A, A]}, "nips[1]", "SHORTLIST-DUP"),
        ({"from_ranking_top": 0}, "from_ranking_top", "SHORTLIST-SIZE"),
        ({"from_ranking_top": 51}, "from_ranking_top", "SHORTLIST-SIZE"),
        ({"position_id": ""}, "position_id", "SHORTLIST-POSITION"),
    ],
)
def test_bad_input_names_the_field_and_the_rule(
    stack: tuple[Gateway, FakeRanking], body: dict[str, Any], field: str, rule: str
) -> None:
    gw, _ = stack
    resp = _create(gw, **body)
    assert resp.status_code == 422, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    error = resp.json()["errors"][0]
    assert (error["field"], error["rule"]) == (field, rule)
    assert _ids(gw, "bupati") == []


def test_member_changes_are_checked(stack: tuple[Gateway, FakeRanking]) -> None:
    gw, _ = stack
    made = _create(gw, nips=[A]).json()
    url = f"/v1/shortlists/{made['id']}/members/{A}"
    v = made["version"]
    for body, field in (
        ({"version": v, "status": "diterima"}, "status"),
        ({"version": v, "note": "x" * 2001}, "note"),
        ({"version": "3"}, "version"),
        ({"note": "tanpa versi"}, "version"),  # a change must name the copy it was made on
    ):
        resp = gw.client.patch(url, json=body, headers=gw.headers["bupati"])
        assert resp.status_code == 422, body
        assert resp.json()["errors"][0]["field"] == field
    absent = gw.client.patch(
        f"/v1/shortlists/{made['id']}/members/{B}",
        json={"version": v, "note": "x"},
        headers=gw.headers["bupati"],
    )
    assert absent.status_code == 404
    assert "tidak ada di daftar pendek" in absent.json()["detail"]
    assert _get(gw, made["id"]).json()["version"] == made["version"]  # nothing half-saved
    # saving what is already stored changes nothing, so no one else's copy goes stale
    same = gw.client.patch(url, json={"version": v, "note": ""}, headers=gw.headers["bupati"])
    assert same.status_code == 200
    assert same.json()["version"] == v


def _compare(gw: Gateway, nips: list[str], caller: str = "bupati") -> httpx.Response:
    query = "&".join(f"nip={n}" for n in nips)
    resp: httpx.Response = gw.client.get(
        f"/v1/positions/{POSITION}/compare?{query}", headers=gw.headers[caller]
    )
    return resp


def test_two_to_four_candidates_side_by_side(stack: tuple[Gateway, FakeRanking]) -> None:
    gw, _ = stack
    resp = _compare(gw, [B, A, C])
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["position_name"] == "Kepala Dinas Perikanan"
    assert [c["nip"] for c in body["candidates"]] == [B, A, C]  # in the order asked
    first = body["candidates"][0]
    assert first["person"]["name"] == "Sri Wahyuni"
    # evidence in the post's own field (the catalogue's domains), as search gives it
    assert first["person"]["evidence"] == {"kelautan_perikanan": ["5 tahun di Dinas Perikanan"]}
    assert first["gaps"][0]["text"].startswith("Integritas (M.01)")
    assert first["nine_box"] == 8
    audit = AuditLog(gw.settings.audit_db)
    last = audit.entries()[-1]
    audit.close()
    assert last["action"] == "compare"
    assert {A, B, C} <= set(last["nips"])


@pytest.mark.parametrize(
    "nips", [[A], [A, A], [A, B, C, OUTSIDER, "197001011990031001"], [A, "12345"]]
)
def test_compare_needs_two_to_four_distinct_nips(
    stack: tuple[Gateway, FakeRanking], nips: list[str]
) -> None:
    gw, _ = stack
    resp = _compare(gw, nips)
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "nip"


def test_compare_keeps_to_the_callers_opd_and_names_an_unknown_nip(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, _ = stack
    assert _compare(gw, [A, OUTSIDER], "diskan").status_code == 403
    assert _compare(gw, [A, B], "diskan").status_code == 200
    assert _compare(gw, [A, B], "siti").status_code == 403
    gone = _compare(gw, [A, "199912312020121001"])
    assert gone.status_code == 404
    assert "199912312020121001" in gone.json()["detail"]


def test_a_shortlist_exports_to_a_workbook_with_its_basis_and_changes(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, ranking = stack
    made = _create(gw, nips=[A, C]).json()
    gw.client.patch(
        f"/v1/shortlists/{made['id']}/members/{A}",
        json={
            "version": made["version"],
            "status": "dinilai",
            "note": '=HYPERLINK("http://contoh.invalid")',
        },
        headers=gw.headers["bupati"],
    )
    ranking.scores[C] = 0.65
    resp = gw.client.get(
        f"/v1/shortlists/{made['id']}/export?format=xlsx", headers=gw.headers["bupati"]
    )
    assert resp.status_code == 200, resp.text
    book = load_workbook(io.BytesIO(resp.content))
    sheet = book["Daftar pendek"]
    header = [c.value for c in sheet[1]]
    assert header[:8] == ["No", "NIP", "Nama", "Jabatan", "OPD", "Status", "Catatan", "Skor dasar"]
    first = [c.value for c in sheet[2]]
    assert first[1:3] == [A, "Ahmad Fauzi"]
    assert first[5] == "Dinilai"  # the label, never the code
    assert sheet.cell(row=2, column=7).data_type == "s"  # a note is never a formula
    second = [c.value for c in sheet[3]]
    assert (second[7], second[8]) == (0.6, 0.65)  # numbers stay numbers
    assert second[9] == "Tidak"
    about = {r[0]: r[1] for r in book["Keterangan"].iter_rows(values_only=True) if r and r[0]}
    assert about["Kebijakan penilaian (dasar daftar)"] == "potret-2026.3"
    assert "berubah dari 0,60 menjadi 0,65" in str(about["Perubahan sejak daftar disusun"])
    audit = AuditLog(gw.settings.audit_db)
    last = audit.entries()[-1]
    audit.close()
    assert last["action"] == "shortlists.export"
    assert set(last["nips"]) == {A, C}
    csv_resp = gw.client.get(
        f"/v1/shortlists/{made['id']}/export?format=csv", headers=gw.headers["bupati"]
    )
    rows = list(csv.reader(io.StringIO(csv_resp.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][6].startswith("'=HYPERLINK")
    assert rows[2][8] == "0,65"
    assert (
        gw.client.get(
            f"/v1/shortlists/{made['id']}/export?format=pdf", headers=gw.headers["bupati"]
        ).status_code
        == 422
    )


def test_my_history_lists_my_own_recent_questions_and_lists(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, _ = stack
    audit = gw.client.app.state.audit  # type: ignore[attr-defined]

    def asked(actor: str, question: str, status: int = 200) -> None:
        audit.append(Entry(now(), actor, "ask", "POST", "/v1/ask", "", question, status, "r", ()))

    asked("user:bupati (pimpinan)", "siapa yang paham perikanan?")
    asked("user:wabup (pimpinan)", "pertanyaan orang lain")
    asked("user:bupati (pimpinan)", "siapa terbaik untuk Kepala Dinas Perikanan?")
    asked("user:bupati (pimpinan)", "pertanyaan yang ditolak", status=422)
    asked("user:bupati (pimpinan)", "Siapa yang paham perikanan?")  # the same, asked again
    asked("user:bupatiku (pimpinan)", "nama pengguna yang berawalan sama")
    asked("user:bupati (pimpinan)", "siapa pemilik NIK hmac:0a1b2c3d4e5f6a7b?")
    made = _create(gw, nips=[A]).json()
    resp = gw.client.get("/v1/auth/me/history", headers=gw.headers["bupati"])
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert [q["question"] for q in body["questions"]] == [
        "Siapa yang paham perikanan?",
        "siapa terbaik untuk Kepala Dinas Perikanan?",
    ]
    assert [s["id"] for s in body["shortlists"]] == [made["id"]]
    mine = gw.client.get("/v1/auth/me/history", headers=gw.headers["siti"]).json()
    assert mine == {"questions": [], "shortlists": []}
    assert (
        gw.client.get("/v1/auth/me/history?limit=51", headers=gw.headers["bupati"]).status_code
        == 422
    )


def test_a_viewer_moved_to_another_opd_no_longer_reads_the_list_they_made(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, _ = stack
    made = _create(gw, caller="diskan", nips=[A], shared_with=["opd_viewer"]).json()
    assert _get(gw, made["id"], "diskan").status_code == 200
    gw.store._update("UPDATE users SET opd = ? WHERE username = ?", "Dinas Kesehatan", "diskan")
    assert _get(gw, made["id"], "diskan").status_code == 404
    assert _ids(gw, "diskan") == []
    assert (
        gw.client.get(
            f"/v1/shortlists/{made['id']}/export", headers=gw.headers["diskan"]
        ).status_code
        == 404
    )


def test_another_opds_viewer_never_sees_a_list_shared_with_opd_viewers(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, _ = stack
    gw.store.add_user("dinkes", PASSWORD, "opd_viewer", opd="Dinas Kesehatan")
    gw.headers["dinkes"] = login(gw.client, "dinkes")
    made = _create(gw, caller="diskan", nips=[A], shared_with=["opd_viewer"]).json()
    assert _ids(gw, "dinkes") == []
    assert _get(gw, made["id"], "dinkes").status_code == 404
    # BKPSDM adding someone of another OPD to an OPD's list is refused: it stays that OPD's
    added = gw.client.post(
        f"/v1/shortlists/{made['id']}/members",
        json={"version": made["version"], "nips": [OUTSIDER]},
        headers=gw.headers["bkpsdm"],
    )
    assert added.status_code == 403
    assert [m["nip"] for m in _get(gw, made["id"], "bkpsdm").json()["members"]] == [A]


def test_a_member_moved_to_another_opd_is_hidden_from_the_opd_viewer(
    stack: tuple[Gateway, FakeRanking], monkeypatch: pytest.MonkeyPatch
) -> None:
    gw, _ = stack
    made = _create(gw, caller="diskan", nips=[A, B], shared_with=["opd_viewer"]).json()
    monkeypatch.setitem(OPD, B, "Dinas Kesehatan")  # B was transferred after being listed
    view = _get(gw, made["id"], "diskan").json()
    assert [m["nip"] for m in view["members"]] == [A]
    assert view["hidden"] == 1
    assert "1 kandidat kini tidak berada di OPD Anda" in view["notices"][0]
    assert B not in str(view["history"]) + str(view["changes"])
    export = gw.client.get(
        f"/v1/shortlists/{made['id']}/export?format=csv", headers=gw.headers["diskan"]
    )
    assert B not in export.content.decode("utf-8-sig")
    assert {m["nip"] for m in _get(gw, made["id"], "bkpsdm").json()["members"]} == {A, B}
    # nor can the viewer write on them, knowing the NIP from before
    noted = gw.client.patch(
        f"/v1/shortlists/{made['id']}/members/{B}",
        json={"version": view["version"], "note": "masih di sini?"},
        headers=gw.headers["diskan"],
    )
    assert noted.status_code == 403


def test_a_note_on_a_chosen_candidate_saves_after_the_ranking_moved(
    stack: tuple[Gateway, FakeRanking],
) -> None:
    gw, ranking = stack
    made = _create(gw, nips=[A]).json()
    url = f"/v1/shortlists/{made['id']}/members/{A}"
    chosen = gw.client.patch(
        url, json={"version": made["version"], "status": "dipilih"}, headers=gw.headers["bupati"]
    ).json()
    assert chosen["members"][0]["status"] == "dipilih"
    ranking.scores[A] = 0.80234  # moved, but only past the second decimal
    noted = gw.client.patch(
        url,
        json={"version": chosen["version"], "status": "dipilih", "note": "SK ditandatangani"},
        headers=gw.headers["bupati"],
    )
    assert noted.status_code == 200, noted.text  # the status is not changing: no check
    assert noted.json()["members"][0]["note"] == "SK ditandatangani"
    # and the change is said in digits that differ, never "0,81 menjadi 0,81"
    assert f"Skor Ahmad Fauzi (NIP {A}) berubah dari 0,8000 menjadi 0,8023" in [
        c["message"] for c in noted.json()["changes"]
    ]


def test_a_post_gone_from_the_catalogue_keeps_the_list_readable(
    stack: tuple[Gateway, FakeRanking], monkeypatch: pytest.MonkeyPatch
) -> None:
    gw, ranking = stack
    made = _create(gw, nips=[A]).json()

    async def gone(request: Any, **_: Any) -> None:
        raise _rpc_error(grpc.StatusCode.NOT_FOUND, "jabatan 'x' tidak ada di katalog")

    monkeypatch.setattr(ranking, "ScoreCandidates", gone)
    view = _get(gw, made["id"])
    assert view.status_code == 200, view.text
    assert view.json()["position_gone"] is True
    assert "tidak lagi ada di katalog" in view.json()["notices"][0]
    chosen = gw.client.patch(
        f"/v1/shortlists/{made['id']}/members/{A}",
        json={"version": made["version"], "status": "dipilih"},
        headers=gw.headers["bupati"],
    )
    assert chosen.status_code == 409
    assert "tidak ada dasar untuk memilih" in chosen.json()["detail"]
