"""The conversational ask: a question in Bahasa Indonesia answered from the records only.

The ask engine (potret_ask) reads the question into an intent and its filters, resolved
against the OPDs, posts and people of the records; this module runs the same structured
tools the REST API exposes (search, ranking) with it, and potret_ask.answers words the
answer from what they returned. Names in an answer always come from a backend result, never
from the question. Conversations (for follow-ups) are kept per caller in this gateway process for
CONVERSATION_TTL_S seconds, at most MAX_CONVERSATIONS of them, each with its last MAX_TURNS
questions and answers (entrypoints/ask.py serves them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import uuid
from collections import OrderedDict
from typing import Any

import httpx
from google.protobuf import json_format

from potret.asn.v1 import position_events_pb2 as position_pb
from potret.ranking.v1 import ranking_pb2 as rpb
from potret_ask import answers, interpretation
from potret_ask.directory import Directory, Person
from potret_ask.filters import AXIS_BOXES
from potret_ask.interpretation import POSITION_INTENTS, Interpretation
from potret_ask.language import asked_words, refusal
from potret_ask.positions import CatalogueEntry, resolve
from potret_ask.reader import Conversation, Reading
from potret_expertise.spelling import has_content
from potret_gateway.adapters import ranking_replies
from potret_gateway.adapters.llm import read_with_llm
from potret_gateway.domain.access import PERSONAL_READ, RANK, Principal
from potret_gateway.service.access import check_own_opd
from potret_gateway.service.calls import backend_unreachable, call_ranking
from potret_gateway.service.refusals import forbidden
from potret_problems import ProblemError

CONVERSATION_TTL_S = 1800
MAX_CONVERSATIONS = 10_000
DEFAULT_COUNT = 5
RANKING_INTENTS = frozenset({"best_for_position", "nine_box", "explain_candidate", "compare"})
CATALOGUE_PAGE = 1000
LIST_LIMIT = 20
NAME_CANDIDATES = 30
MAX_COMPARED = 5  # people side by side in one comparison
MAX_TURNS = 10  # what a conversation keeps to show its log again
TURN_ANSWER_CHARS = 4000  # a longer answer is kept cut (at most 10 per conversation)


@dataclasses.dataclass(frozen=True)
class Turn:
    """One question and the answer its caller was shown."""

    question: str
    answer: str
    intent: str


@dataclasses.dataclass(frozen=True)
class Held:
    """A caller's conversation: what follow-ups refer to, what it is about in words (None:
    nothing yet), and its last turns."""

    at: float
    conversation: Conversation
    summary: str | None = None
    turns: tuple[Turn, ...] = ()


_conversations: OrderedDict[str, Held] = OrderedDict()


def _key(who: Principal, conversation_id: str) -> str:
    # Keyed by caller too: a conversation id never carries context to someone else.
    return f"{who.subject}|{conversation_id}"


def _remember(
    who: Principal,
    conversation_id: str,
    previous: Held,
    conversation: Conversation,
    summary: str | None,
    turn: Turn,
) -> Held:
    """Keep the conversation after `turn` (the oldest conversations beyond the limit, and
    expired ones, are dropped)."""
    if len(turn.answer) > TURN_ANSWER_CHARS:
        turn = dataclasses.replace(turn, answer=turn.answer[: TURN_ANSWER_CHARS - 1] + "…")
    now = time.monotonic()
    held = Held(now, conversation, summary, (*previous.turns, turn)[-MAX_TURNS:])
    key = _key(who, conversation_id)
    _conversations[key] = held
    _conversations.move_to_end(key)
    while _conversations and (
        len(_conversations) > MAX_CONVERSATIONS
        or next(iter(_conversations.values())).at < now - CONVERSATION_TTL_S
    ):
        _conversations.popitem(last=False)
    return held


def held_conversation(who: Principal, conversation_id: str | None) -> Held | None:
    """The caller's own conversation with this id, unless unknown or expired."""
    if not conversation_id:
        return None
    held = _conversations.get(_key(who, conversation_id))
    if held is None or held.at < time.monotonic() - CONVERSATION_TTL_S:
        return None
    return held


async def _search(
    backends: Any, request_id: str, who: Principal, params: list[tuple[str, Any]]
) -> dict[str, Any]:
    if who.opd is not None:
        params = [(k, v) for k, v in params if k != "opd"] + [("opd", who.opd)]
    try:
        resp = await backends.search.get(
            "/search", params=params, headers={"X-Request-ID": request_id}
        )
    except httpx.HTTPError as exc:
        raise backend_unreachable("pencarian", exc) from exc
    if resp.status_code == 422 and all(
        str(e.get("field", "")).startswith("q") for e in resp.json().get("errors", [{}])
    ):
        # Words search cannot use (only punctuation, a control character): nothing found,
        # not a server error. Any other 422 is a gateway bug and surfaces as one.
        return {"data": []}
    if resp.status_code >= 500:  # search failing is search unavailable, not a gateway bug
        failed = httpx.HTTPStatusError(str(resp.status_code), request=resp.request, response=resp)
        raise backend_unreachable("pencarian", failed)
    resp.raise_for_status()
    body: dict[str, Any] = resp.json()
    return body


async def _experts(
    backends: Any, rid: str, it: Interpretation, who: Principal
) -> tuple[str, list[dict[str, Any]]]:
    params = [("domain", d) for d in it.domains] + interpretation.search_filters(it)
    params += [("sort", "expertise"), ("limit", it.count or DEFAULT_COUNT)]
    hits = (await _search(backends, rid, who, params))["data"]
    return answers.experts(answers.experts_in_fields(it), hits), hits


async def _catalogue_rows(backends: Any, request_id: str) -> list[dict[str, Any]]:
    """Every position of the catalogue as the profile service serves it, page by page."""
    rows: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": CATALOGUE_PAGE} | ({"cursor": cursor} if cursor else {})
        try:
            resp = await backends.profile.get(
                "/positions", params=params, headers={"X-Request-ID": request_id}
            )
        except httpx.HTTPError as exc:
            raise backend_unreachable("profil (katalog jabatan)", exc) from exc
        if resp.status_code != 200:  # e.g. 503 while the profile service restarts
            raise backend_unreachable(
                "profil (katalog jabatan)",
                httpx.HTTPStatusError(
                    f"status {resp.status_code}", request=resp.request, response=resp
                ),
            )
        body = resp.json()
        rows += body["data"]
        cursor = body.get("next_cursor")
        if not cursor:
            return rows


def _entries(rows: list[dict[str, Any]]) -> list[CatalogueEntry]:
    return [
        CatalogueEntry(p["position_id"], p["name"], p.get("opd") or "", p.get("jenis") or "")
        for p in rows
    ]


async def catalogue(backends: Any, request_id: str) -> list[CatalogueEntry]:
    """Every position of the catalogue (id, name, OPD, jenis)."""
    return _entries(await _catalogue_rows(backends, request_id))


def _position_spec(it: Interpretation) -> rpb.PositionSpec:
    if it.position_id:
        # A catalogue post: its requirements, competency standard and holder as stored.
        return rpb.PositionSpec(position_id=it.position_id)
    return rpb.PositionSpec(
        name=it.position or "",
        jenis=it.position_jenis or "",
        jenjang=interpretation.ad_hoc_jenjang(it),
        domains=list(it.domains),
        requirements=position_pb.Requirements(
            min_golongan=it.golongan_min or "", min_education=it.education_min or ""
        ),
    )


async def _best(
    backends: Any, rid: str, it: Interpretation, who: Principal
) -> tuple[str, list[dict[str, Any]]]:
    request = rpb.RankForPositionRequest(
        position=_position_spec(it),
        top_k=it.count or DEFAULT_COUNT,
        filters=rpb.Filters(opd=[who.opd] if who.opd else []),
    )
    reply = await call_ranking(backends, backends.ranking.RankForPosition, request, rid)
    results = [
        json_format.MessageToDict(c, preserving_proto_field_name=True) for c in reply.candidates
    ]
    holder = reply.holder_nip if who.opd is None else ""  # an OPD-bound caller: own OPD only
    nips = [c.nip for c in reply.candidates] + [holder]
    people = await _people(backends, rid, who, nips) if reply.candidates else {}
    return answers.ranking(it, ranking_replies.ranking(reply), people, holder), results


async def _people(
    backends: Any, rid: str, who: Principal, nips: list[str]
) -> dict[str, dict[str, Any]]:
    """Search's records of these NIPs (those the caller may see), for names in answers; none
    when search is down (the answer then names people by NIP)."""
    wanted = list(dict.fromkeys(n for n in nips if n))[:100]
    if not wanted:
        return {}
    try:
        body = await _search(backends, rid, who, [*(("nip", n) for n in wanted), ("limit", 100)])
    except ProblemError as exc:
        if exc.status not in (503, 504):
            raise
        return {}
    return {str(h["nip"]): h for h in body["data"]}


async def _grid(
    backends: Any, rid: str, it: Interpretation, who: Principal
) -> tuple[str, list[dict[str, Any]]]:
    opd = interpretation.opd_name(it.opd)
    request = rpb.TalentGridRequest(
        filters=rpb.Filters(opd=[opd] if opd else []), members_per_cell=20
    )
    reply = await call_ranking(backends, backends.ranking.TalentGrid, request, rid)
    talent = ranking_replies.grid(reply)
    cells = [
        json_format.MessageToDict(
            c, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
        )
        for c in reply.cells
    ]
    if not it.box and (it.kinerja or it.potensial):
        axis = ("kinerja", it.kinerja) if it.kinerja else ("potensial", it.potensial or 0)
        boxes = AXIS_BOXES[axis]
        # the best box first (9, 7, 4 for kinerja di atas ekspektasi), each in its order
        ordered = [n for b in sorted(boxes, reverse=True) for n in talent.cell(b).nips]
        found = await _people(backends, rid, who, ordered)
        hits = [found[n] for n in ordered if n in found][:20]
        return answers.axis(opd, talent, axis, hits), (
            hits or [c for c in cells if c.get("box") in boxes]
        )
    if not it.box:
        return answers.grid(opd, talent), cells
    members = talent.cell(it.box).nips
    people = await _people(backends, rid, who, list(members))
    hits = [people[n] for n in members if n in people]
    return answers.box(opd, talent, it.box, hits), (
        hits or [c for c in cells if c.get("box") == it.box]
    )


async def _lookup(
    backends: Any, rid: str, it: Interpretation, who: Principal
) -> tuple[str, list[dict[str, Any]]]:
    term = it.nips[0] if it.nips else (it.names[0] if it.names else "")
    if not term:
        return answers.help_text(), []
    body = await _search(backends, rid, who, [("q", term), ("limit", it.count or DEFAULT_COUNT)])
    return answers.lookup(term, body["data"]), body["data"]


async def _nip_for(
    backends: Any, rid: str, it: Interpretation, who: Principal, index: int
) -> str | None:
    if len(it.nips) > index:
        return it.nips[index]
    if len(it.names) > index:
        hits = (await _search(backends, rid, who, [("q", it.names[index]), ("limit", 1)]))["data"]
        return str(hits[0]["nip"]) if hits else None
    return None


async def _explain(
    backends: Any, rid: str, it: Interpretation, who: Principal
) -> tuple[str, list[dict[str, Any]]]:
    if not it.position:
        return answers.NAME_THE_POST, []
    nip = await _nip_for(backends, rid, it, who, 0)
    if nip is None:
        return answers.person_not_found(it.names), []
    await check_own_opd(backends, rid, who, [nip])
    explain = rpb.ExplainCandidateRequest(position=_position_spec(it), nip=nip)
    reply = await call_ranking(backends, backends.ranking.ExplainCandidate, explain, rid)
    result = json_format.MessageToDict(reply.candidate, preserving_proto_field_name=True)
    # "kenapa yang kedua tidak dipilih?": beside the candidate's own score, the first of the
    # same ranking (the caller's view of it).
    first = await call_ranking(
        backends,
        backends.ranking.RankForPosition,
        rpb.RankForPositionRequest(
            position=_position_spec(it),
            top_k=1,
            filters=rpb.Filters(opd=[who.opd] if who.opd else []),
        ),
        rid,
    )
    candidate = ranking_replies.candidate(reply.candidate)
    leader = ranking_replies.candidate(first.candidates[0]) if first.candidates else None
    people = await _people(backends, rid, who, [nip] + ([leader.nip] if leader else []))
    return answers.explanation(it, candidate, leader, people), [result]


async def _compare(
    backends: Any, rid: str, it: Interpretation, who: Principal
) -> tuple[str, list[dict[str, Any]]]:
    asked = min(max(len(it.nips), len(it.names), 2), MAX_COMPARED)
    found = [await _nip_for(backends, rid, it, who, i) for i in range(asked)]
    nips = list(dict.fromkeys(n for n in found if n))  # "bandingkan tiga teratas": all three
    if len(nips) < 2:
        return answers.NAME_TWO, []
    await check_own_opd(backends, rid, who, nips)
    if not it.position:
        hits = []
        for nip in nips:
            hits += (await _search(backends, rid, who, [("q", nip), ("limit", 1)]))["data"]
        return answers.comparison_without_post(hits), hits
    score = rpb.ScoreCandidatesRequest(position=_position_spec(it), nips=nips)
    reply = await call_ranking(backends, backends.ranking.ScoreCandidates, score, rid)
    people = await _people(backends, rid, who, [c.nip for c in reply.candidates])
    scored = [ranking_replies.candidate(c) for c in reply.candidates]
    results = [
        json_format.MessageToDict(c, preserving_proto_field_name=True) for c in reply.candidates
    ]
    return answers.comparison(it, scored, people), results


# ---------------------------------------------------------------- the reader's intents


async def _directory(
    backends: Any, rid: str, who: Principal, question: str, entries: list[CatalogueEntry]
) -> Directory:
    """What the question's names resolve against: the OPDs and posts of the catalogue and the
    people whose names share words with the question (search; an OPD-bound caller's OPD)."""
    people: list[Person] = []
    if any(ch.isalpha() for ch in question):
        try:
            body = await _search(
                backends, rid, who, [("name", question[:200]), ("limit", NAME_CANDIDATES)]
            )
        except ProblemError as exc:
            if exc.status not in (503, 504):
                raise
            body = {"data": []}  # search down: no names now (the answer will say so)
        people = [Person(h["nip"], h["name"], h.get("opd") or "") for h in body["data"]]
    opds = {e.opd for e in entries if e.opd} | set(await _opds_in_records(backends, rid, who))
    return Directory.build(sorted(opds), entries, people)


_OPD_CACHE: dict[str, tuple[float, list[str]]] = {}
OPD_CACHE_S = 60


async def _opds_in_records(backends: Any, rid: str, who: Principal) -> list[str]:
    """The OPDs people work in (search's facet), kept for a minute. The names of all OPDs,
    also for a caller bound to one: an OPD's name is no one's data, and a question about
    another OPD must be recognised as such to be refused (only the facet is read here)."""
    held = _OPD_CACHE.get("*")
    if held is not None and held[0] > time.monotonic() - OPD_CACHE_S:
        return held[1]
    everyone = dataclasses.replace(who, opd=None)
    try:
        body = await _search(
            backends,
            rid,
            everyone,
            [*(("status", s) for s in ("PNS", "PPPK", "CPNS")), ("limit", 1)],
        )
    except ProblemError as exc:
        if exc.status not in (503, 504):
            raise
        return []
    opds = [str(f["value"]) for f in body.get("facets", {}).get("opd", [])]
    _OPD_CACHE["*"] = (time.monotonic(), opds)
    return opds


async def _count(
    backends: Any, rid: str, reading: Reading, who: Principal
) -> tuple[str, list[dict[str, Any]]]:
    if (late := answers.retirement_problem(reading, dt.date.today())) is not None:
        return late, []
    params = [*answers.search_filters(reading, dt.date.today()), ("limit", 1)]
    if len(params) == 1:  # everyone: search needs a filter, and every ASN has a status
        params += [("status", s) for s in ("PNS", "PPPK", "CPNS")]
    group = reading.group_by
    personal = group in answers.PERSONAL_GROUPS
    allowed = not personal or who.can(PERSONAL_READ)
    if personal and allowed:
        params.append(("breakdown", group))  # computed by search only when asked
    body = await _search(backends, rid, who, params)
    buckets = body.get("facets", {}).get(answers.GROUP_FACETS[group], []) if group else None
    answer = answers.count(reading, body["total"], buckets, allowed)
    if not allowed or not buckets:
        return answer, []
    return answer, [{"group": b["value"], "count": b["count"]} for b in buckets]


async def _list(
    backends: Any, rid: str, reading: Reading, who: Principal
) -> tuple[str, list[dict[str, Any]]]:
    if (late := answers.retirement_problem(reading, dt.date.today())) is not None:
        return late, []
    limit = min(reading.top or LIST_LIMIT, 100)
    params = [*answers.search_filters(reading, dt.date.today()), ("limit", limit)]
    if reading.domains:
        params.append(("sort", "expertise"))
    body = await _search(backends, rid, who, params)
    return answers.listing(reading, body["total"], body["data"]), body["data"]


async def _experts_read(
    backends: Any, rid: str, reading: Reading, who: Principal
) -> tuple[str, list[dict[str, Any]]]:
    body = await _experts_search(backends, rid, reading, who)
    return answers.experts(answers.experts_for(reading), body["data"]), body["data"]


async def _experts_search(
    backends: Any, rid: str, reading: Reading, who: Principal, limit: int | None = None
) -> dict[str, Any]:
    params = answers.search_filters(reading, dt.date.today())
    # The question's words (a refinement: its topic's), the fields the reader read and the
    # skills they name: search's blend ranks them as it ranks the same words in the search
    # box (one ranking for the console and the chat).
    # Words that are only question words ("siapa yang ahli?") are no query (search: 422).
    said = reading.words if reading.words and has_content(reading.words) else None
    params += [("q", said[:500])] if said else [("sort", "expertise")]
    params += [("skill", s) for s in reading.skills]
    params += [("limit", min(limit or reading.top or DEFAULT_COUNT, 100))]
    body: dict[str, Any] = await _search(backends, rid, who, params)
    return body


async def _holder(
    backends: Any, rid: str, reading: Reading, who: Principal, rows: list[dict[str, Any]]
) -> tuple[str, list[dict[str, Any]]]:
    row = next((r for r in rows if r["position_id"] == reading.position_id), None)
    if row is None:
        return answers.NOT_IN_CATALOGUE, []
    title = interpretation.entry_title(_entries([row])[0])
    if who.opd is not None and row.get("opd") != who.opd:
        return answers.outside_opd(title, who.opd), []
    holder = row.get("holder_nip")
    if not holder:
        return answers.holder(title, None, has_holder=False), []
    # None: the holder's record is not one the caller may see (or not indexed yet)
    hits = (await _search(backends, rid, who, [("nip", holder), ("limit", 1)]))["data"]
    return answers.holder(title, hits[0] if hits else None, has_holder=True), hits[:1]


def _vacancies(
    reading: Reading, who: Principal, rows: list[dict[str, Any]]
) -> tuple[str, list[dict[str, Any]]]:
    opd = who.opd or reading.opd
    jenis = set(reading.jenis_jabatan)
    empty = [
        r
        for r in rows
        if not r.get("holder_nip")
        and (opd is None or r.get("opd") == opd)
        and (not jenis or r.get("jenis") in jenis)
    ]
    shown = empty[: answers.VACANCIES_SHOWN]
    return answers.vacancies(reading.vacancy, opd, _entries(empty)), [
        {
            "position_id": r["position_id"],
            "name": r["name"],
            "opd": r.get("opd"),
            "jenis": r.get("jenis"),
        }
        for r in shown
    ]


HANDLERS = {
    "find_experts": _experts,
    "best_for_position": _best,
    "nine_box": _grid,
    "profile_lookup": _lookup,
    "explain_candidate": _explain,
    "compare": _compare,
}


@dataclasses.dataclass(frozen=True)
class Answered:
    """An answer to a question, with the conversation it leaves."""

    conversation_id: str
    intent: str
    interpretation: dict[str, Any]
    answer: str
    held: Held
    results: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    degraded: bool = False


async def answer(
    backends: Any,
    request_id: str,
    principal: Principal,
    question: str,
    conversation_id_given: str | None,
    corrected: Interpretation | None,
) -> Answered:
    """Answer `question` (or the interpretation the caller corrected) in the caller's
    conversation `conversation_id_given` (a new one when None, unknown or expired), from the
    records only and only what the caller may see."""
    conversation_id = conversation_id_given or uuid.uuid4().hex
    previous = held_conversation(principal, conversation_id_given) or Held(0.0, Conversation())
    conversation = previous.conversation
    catalogue_down = False
    reading: Reading | None = None
    rephrased: str | None = None
    problem: str | None = None
    answered: tuple[str, list[dict[str, Any]]] | None = None
    entries: list[CatalogueEntry] | None = None  # read once per question, when needed
    if corrected is not None:
        it = corrected
    elif (refused := refusal(question)) is not None:
        # Nothing is read or called for it; the context stays as it was.
        return _refused(principal, conversation_id, previous, question, refused, None)
    else:
        try:
            rows = await _catalogue_rows(backends, request_id)
        except ProblemError as exc:
            if exc.status not in (503, 504):
                raise
            rows = []  # posts are not known now; questions about people still are
            catalogue_down = True
        entries = _entries(rows)

        async def directory_for(question: str) -> Directory:
            return await _directory(backends, request_id, principal, question, entries)

        reading, rephrased = await read_with_llm(
            question, directory_for, conversation, backends.llm
        )
        if reading.intent == "refused":
            return _refused(
                principal, conversation_id, previous, question, reading.notes[0], reading
            )
        if reading.intent in RANKING_INTENTS and not principal.can(RANK):
            raise forbidden(
                f"pertanyaan jenis {reading.intent} butuh scope {RANK}",
                f"{reading.intent} needs scope {RANK}",
            )
        by_id = {e.position_id: e for e in entries}
        if reading.intent in ("best_for_position", "position_holder") and reading.refs:
            post = by_id.get(conversation.pointed_post(reading) or "")
            if post is not None:  # "nomor 1 calonnya siapa?" after a list of vacant posts
                reading = dataclasses.replace(
                    reading, position=post.name, position_id=post.position_id, refs=()
                )
        it, problem = interpretation.from_reading(reading, conversation, by_id, HANDLERS)
        answered = await _answer_reading(
            backends, request_id, reading, principal, rows, entries, problem
        )
    intent = reading.intent if reading is not None else it.intent
    if answered is not None:
        (answer_text, results), degraded = answered, catalogue_down
    else:
        if it.intent in RANKING_INTENTS and not principal.can(RANK):
            raise forbidden(
                f"pertanyaan jenis {it.intent} butuh scope {RANK}",
                f"{it.intent} needs scope {RANK}",
            )
        it, answer_text, results, degraded = await _answer_interpretation(
            backends, request_id, it, principal, None if catalogue_down else entries
        )
        intent = it.intent
    if reading is not None:
        # A question not understood ends the context (the next one starts afresh), as the
        # question sets measure it (tests/understanding/measure.py calls the same after()).
        posts = [str(r["position_id"]) for r in results if intent == "vacancies"]
        conversation = conversation.after(reading, answers.items(intent, results), posts)
    else:  # a corrected interpretation: its answer is what follow-ups mean
        conversation = dataclasses.replace(
            conversation, items=tuple(answers.items(intent, results)), focus=None
        )
    summary = (
        previous.summary
        if conversation.topic is previous.conversation.topic
        else answers.topic_summary(conversation.topic, it.position, len(conversation.items))
    )
    held = _remember(
        principal,
        conversation_id,
        previous,
        conversation,
        summary,
        Turn(question, answer_text, intent),
    )
    return Answered(
        conversation_id=conversation_id,
        intent=intent,
        interpretation=_shown(it, reading, rephrased),
        answer=answer_text,
        held=held,
        results=results,
        degraded=degraded,
    )


def forget(who: Principal, conversation_id: str) -> None:
    """Drop the caller's conversation with this id (its context and turns)."""
    _conversations.pop(_key(who, conversation_id), None)


def _refused(
    who: Principal,
    conversation_id: str,
    previous: Held,
    question: str,
    why: str,
    reading: Reading | None,
) -> Answered:
    """A refused question: said why, recorded in the log, the context kept as it was."""
    answer = answers.refused(why)
    held = _remember(
        who,
        conversation_id,
        previous,
        previous.conversation,
        previous.summary,
        Turn(question, answer, "refused"),
    )
    return Answered(
        conversation_id=conversation_id,
        intent="refused",
        interpretation={
            "reading": reading.schema() if reading else {"intent": "refused"},
            "notes": list(reading.notes) if reading else [why],
        },
        answer=answer,
        held=held,
    )


async def _answer_interpretation(
    backends: Any,
    request_id: str,
    it: Interpretation,
    principal: Principal,
    entries: list[CatalogueEntry] | None,
) -> tuple[Interpretation, str, list[dict[str, Any]], bool]:
    """The ranking handlers' answer (best, explain, compare, 9-box, profile), the post resolved
    in the catalogue first (`entries`: the catalogue if already read); with ranking down,
    experts in the post's fields, marked."""
    degraded = False
    if entries is None and it.intent in POSITION_INTENTS and (it.position or it.position_id):
        entries = await catalogue(backends, request_id)
    choices: tuple[str, list[dict[str, Any]]] | None = None
    if it.intent in POSITION_INTENTS and it.position_id and not it.position:
        # A choice picked by id (the console's list): name it as the catalogue does.
        named = [e for e in entries or [] if e.position_id == it.position_id]
        if named:
            it = dataclasses.replace(
                it, position=interpretation.entry_title(named[0]), position_jenis=named[0].jenis
            )
    if it.intent in POSITION_INTENTS and it.position and not it.position_id:
        # One truth for a position: a post of the catalogue is ranked exactly as on its
        # page (/v1/positions/{id}/ranking), never rebuilt from the words.
        found = resolve(it.position_words(), entries or [])
        if found.entry is not None:
            it = dataclasses.replace(
                it,
                position_id=found.entry.position_id,
                position=interpretation.entry_title(found.entry),
                position_jenis=found.entry.jenis or it.position_jenis,
            )
        elif found.choices:
            choices = answers.choices(it.position_words(), found)
    if principal.opd is not None:
        it = dataclasses.replace(it, opd=principal.opd)
    if choices is not None:
        answer, results = choices
    elif it.intent == "find_experts" and not it.domains:
        answer, results = answers.NO_FIELD, []
    else:
        handler = HANDLERS.get(it.intent)
        try:
            answer, results = (
                (await handler(backends, request_id, it, principal))
                if handler
                else (answers.help_text(), [])
            )
        except ProblemError as exc:
            if it.intent != "best_for_position" or exc.status not in (503, 504) or not it.domains:
                raise
            # Ranking down: expertise from search only, clearly marked as such.
            experts, results = await _experts(backends, request_id, it, principal)
            answer = answers.ranking_down(it, experts)
            degraded = True
    return it, answer, results, degraded


def _shown(it: Interpretation, reading: Reading | None, rephrased: str | None) -> dict[str, Any]:
    """The interpretation as the console shows and corrects it, with the reader's own."""
    shown = it.as_dict()
    if reading is not None:
        shown["reading"] = reading.schema()
        shown["new_context"] = reading.new_context
        if reading.unresolved:
            shown["unresolved"] = list(reading.unresolved)
    if rephrased:
        shown["rephrased"] = rephrased
    return shown


async def _answer_reading(
    backends: Any,
    rid: str,
    reading: Reading,
    who: Principal,
    rows: list[dict[str, Any]],
    entries: list[CatalogueEntry],
    problem: str | None,
) -> tuple[str, list[dict[str, Any]]] | None:
    """The answer to what only the reader understands (counts, lists, holders, vacancies,
    experts with every filter), to a pointer beyond the last answer, or to a name not in the
    records; None: the ranking handlers answer."""
    if problem:
        return problem, []
    opds = sorted({e.opd for e in entries if e.opd})
    missing_opd = reading.opd is None and any(  # before an OPD-bound caller's own OPD is set
        w.split()[0] in ("dinas", "badan", "kecamatan", "kantor", "bagian", "sekretariat")
        for w in reading.unresolved
    )
    if who.opd is not None and reading.intent in ("count", "list", "find_experts", "vacancies"):
        if reading.opd is not None and reading.opd != who.opd:
            return answers.other_opd(who.opd, reading.opd), []
        reading = dataclasses.replace(reading, opd=who.opd)  # what search will scope it to
    needs_post = reading.intent in ("best_for_position", "position_holder", "explain_candidate")
    missing_post = needs_post and reading.position_id is None and bool(reading.unresolved)
    if missing_post:
        words = reading.unresolved[0]
        found = resolve(words, entries)
        if found.choices:
            return answers.choices(words, found)
        if reading.intent != "position_holder":
            return None  # ranked with the requirements the question states (said so)
    if missing_opd or missing_post:
        return answers.not_found(reading.unresolved, opds), []
    if not rows and reading.intent in ("position_holder", "vacancies"):
        return answers.CATALOGUE_DOWN, []
    if reading.intent == "position_holder":
        if reading.position_id is None:
            return answers.NAME_THE_HELD_POST, []
        return await _holder(backends, rid, reading, who, rows)
    if reading.intent == "vacancies":
        return _vacancies(reading, who, rows)
    if reading.intent == "count":
        return await _count(backends, rid, reading, who)
    if reading.intent == "list":
        return await _list(backends, rid, reading, who)
    if reading.intent == "find_experts":
        if not reading.domains and not reading.skills:
            asked = asked_words(reading.words or "")
            if not asked:
                # "siapa yang paham?", "siapa lagi yang ahli?": no work named, no search
                return answers.NO_FIELD, []
            # A field the reader does not name ("pemetaan kompetensi", "kader"): search reads
            # the words as the search box does, and the answer says what it read, or that
            # nothing was, and the people are found by the words alone.
            # Only the people found by their work (answers.by_work): a Pak Kader is no
            # expert by his name, and a name search found him among the first (so search is
            # asked for more, and the answer keeps as many as were asked for). None: the
            # field is asked for.
            count = reading.top or DEFAULT_COUNT
            body = await _experts_search(backends, rid, reading, who, limit=count * 4)
            people = answers.by_work(body["data"])[:count]
            if not people:
                return answers.NO_FIELD, []
            text = answers.experts_by_words(
                answers.experts_for(reading),
                body.get("domains", []),
                body.get("skills", []),
                people,
            )
            return text, people
        return await _experts_read(backends, rid, reading, who)
    return None
