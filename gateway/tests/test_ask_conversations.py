"""The conversation of POST /v1/ask as its caller sees it (issue 19): every reply states the
active context in words, GET /v1/ask/conversations/{id} gives it back with the turns (the
console shows them again after a reload), only to the caller it belongs to, and DELETE clears
it so that the next question follows up on nothing.

The backends are small fakes: a catalogue of one post (profile), three people (search) and a
ranking of them (ranking), enough for a ranking question and its follow-ups."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from potret.ranking.v1 import ranking_pb2 as rpb
from potret_gateway.service import ask as ask_service
from potret_problems import PROBLEM_JSON
from potret_testkit.gateway import Gateway

POST = {
    "position_id": "dinkes-kepala",
    "name": "Kepala Dinas Kesehatan",
    "opd": "Dinas Kesehatan",
    "jenis": "JPT",
}
PEOPLE: list[dict[str, Any]] = [
    {
        "nip": nip,
        "name": name,
        "jabatan": "Sekretaris",
        "opd": "Dinas Kesehatan",
        "golongan": "IV/b",
        "evidence": {},
    }
    for nip, name in (
        ("198001012005011001", "Ahmad Fauzi"),
        ("198202022006042002", "Sri Wahyuni"),
        ("198503032010011003", "Bambang Irawan"),
    )
]
CANDIDATES = [
    rpb.CandidateScore(
        nip=p["nip"], rank=i, score=0.9 - i / 10, eligible=True, explanation="Memenuhi syarat."
    )
    for i, p in enumerate(PEOPLE, 1)
]
QUESTION = "siapa terbaik untuk Kepala Dinas Kesehatan?"


class FakeRanking:
    """The ranking service for the one post: the three people, in order."""

    async def RankForPosition(self, request: Any, **_: Any) -> rpb.RankForPositionResponse:  # noqa: N802
        return rpb.RankForPositionResponse(
            candidates=CANDIDATES, considered=10, eligible_total=3, policy_version="uji"
        )

    async def ScoreCandidates(self, request: Any, **_: Any) -> rpb.ScoreCandidatesResponse:  # noqa: N802
        return rpb.ScoreCandidatesResponse(
            candidates=[c for c in CANDIDATES if c.nip in request.nips], policy_version="uji"
        )


def _search(request: httpx.Request) -> httpx.Response:
    nips = request.url.params.get_list("nip")
    hits = [p for p in PEOPLE if p["nip"] in nips]
    facets = {"opd": [{"value": "Dinas Kesehatan", "count": len(PEOPLE)}]}
    return httpx.Response(200, json={"data": hits, "total": len(hits), "facets": facets})


def _profile(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/positions":
        return httpx.Response(200, json={"data": [POST], "next_cursor": None})
    return httpx.Response(404, json={"title": "tidak ada"})


@pytest.fixture
def stack(gateway: Gateway, monkeypatch: pytest.MonkeyPatch) -> Gateway:
    monkeypatch.setattr(ask_service, "_OPD_CACHE", {})  # the OPDs of this fake, not another's
    backends = gateway.client.app.state.backends  # type: ignore[attr-defined]
    backends.profile = httpx.AsyncClient(
        transport=httpx.MockTransport(_profile), base_url="http://profile"
    )
    backends.search = httpx.AsyncClient(
        transport=httpx.MockTransport(_search), base_url="http://search"
    )
    backends.ranking = FakeRanking()
    return gateway


def _ask(stack: Gateway, question: str, conversation: str | None = None) -> dict[str, Any]:
    body = {"question": question} | ({"conversation_id": conversation} if conversation else {})
    resp = stack.client.post("/v1/ask", json=body, headers=stack.headers["bupati"])
    assert resp.status_code == 200, resp.text
    reply: dict[str, Any] = resp.json()
    return reply


def _conversation(stack: Gateway, conversation: str, caller: str = "bupati") -> httpx.Response:
    url = f"/v1/ask/conversations/{conversation}"
    resp: httpx.Response = stack.client.get(url, headers=stack.headers[caller])
    return resp


def test_a_reply_states_the_active_context_in_words(stack: Gateway) -> None:
    reply = _ask(stack, QUESTION)
    assert reply["intent"] == "best_for_position"
    assert reply["context"] == {
        "active": True,
        "summary": "Kandidat Kepala Dinas Kesehatan",
        "items": 3,
    }
    # A follow-up about items of the list keeps the topic (and says so).
    compared = _ask(stack, "bandingkan dua teratas", reply["conversation_id"])
    assert compared["intent"] == "compare"
    assert [c["nip"] for c in compared["results"]] == [p["nip"] for p in PEOPLE[:2]]
    assert compared["context"]["summary"] == "Kandidat Kepala Dinas Kesehatan"


def test_get_gives_back_the_context_and_the_turns(stack: Gateway) -> None:
    first = _ask(stack, QUESTION)
    conversation = first["conversation_id"]
    second = _ask(stack, "bandingkan dua teratas", conversation)
    resp = _conversation(stack, conversation)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["conversation_id"] == conversation
    assert body["context"] == second["context"]
    assert body["turns"] == [
        {"question": QUESTION, "answer": first["answer"], "intent": "best_for_position"},
        {"question": "bandingkan dua teratas", "answer": second["answer"], "intent": "compare"},
    ]
    assert "Ahmad Fauzi (NIP 198001012005011001)" in body["turns"][0]["answer"]


def test_another_caller_cannot_read_or_clear_a_conversation(stack: Gateway) -> None:
    conversation = _ask(stack, QUESTION)["conversation_id"]
    for caller in ("bkpsdm", "key_read"):  # an admin too: a conversation is its caller's own
        resp = _conversation(stack, conversation, caller)
        assert resp.status_code == 404
        assert resp.headers["content-type"].startswith(PROBLEM_JSON)
        assert resp.json()["title"] == "Percakapan tidak ditemukan atau sudah berakhir"
        assert "Ahmad" not in resp.text
        deleted = stack.client.delete(
            f"/v1/ask/conversations/{conversation}", headers=stack.headers[caller]
        )
        assert deleted.status_code == 404
    assert _conversation(stack, conversation).status_code == 200  # still there for its owner
    assert _conversation(stack, "tidak-pernah-ada").status_code == 404
    assert _conversation(stack, conversation, "anonymous").status_code == 401


def test_delete_clears_the_conversation(stack: Gateway) -> None:
    conversation = _ask(stack, QUESTION)["conversation_id"]
    url = f"/v1/ask/conversations/{conversation}"
    resp = stack.client.delete(url, headers=stack.headers["bupati"])
    assert resp.status_code == 204
    assert resp.content == b""
    assert _conversation(stack, conversation).status_code == 404
    assert stack.client.delete(url, headers=stack.headers["bupati"]).status_code == 404


def test_after_delete_the_next_question_does_not_follow_up(stack: Gateway) -> None:
    conversation = _ask(stack, QUESTION)["conversation_id"]
    stack.client.delete(f"/v1/ask/conversations/{conversation}", headers=stack.headers["bupati"])
    reply = _ask(stack, "bandingkan dua teratas", conversation)
    assert reply["results"] == []
    assert not any(p["name"] in reply["answer"] for p in PEOPLE)
    assert reply["context"] == {"active": False, "summary": None, "items": 0}
    turns = _conversation(stack, conversation).json()["turns"]
    assert [t["question"] for t in turns] == ["bandingkan dua teratas"]  # history cleared too


def test_a_number_after_a_list_of_vacant_posts_is_that_post(stack: Gateway) -> None:
    """ "nomor 1 calonnya siapa?" after the vacant posts: candidates for the first of them."""
    vacant = _ask(stack, "jabatan apa saja yang kosong?")
    assert vacant["intent"] == "vacancies"
    assert [r["position_id"] for r in vacant["results"]] == [POST["position_id"]]
    ranked = _ask(stack, "calon utk nomor 1 siapa?", vacant["conversation_id"])
    assert ranked["intent"] == "best_for_position"
    assert ranked["interpretation"]["position_id"] == POST["position_id"]
    assert [c["nip"] for c in ranked["results"]] == [p["nip"] for p in PEOPLE]
    beyond = _ask(stack, "jabatan apa saja yang kosong?")
    missing = _ask(stack, "calon utk nomor 4 siapa?", beyond["conversation_id"])
    assert not missing["results"]


def test_three_compared_are_all_three(stack: Gateway) -> None:
    ranked = _ask(stack, QUESTION)
    compared = _ask(stack, "bandingkan tiga teratas", ranked["conversation_id"])
    assert compared["intent"] == "compare"
    assert [c["nip"] for c in compared["results"]] == [p["nip"] for p in PEOPLE]
    assert all(p["name"] in compared["answer"] for p in PEOPLE)
