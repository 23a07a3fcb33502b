"""POST /v1/ask: a question in Bahasa Indonesia, answered from the records only.

The deterministic parser (potret_ask.parser) turns the question into an intent and
filters; this module runs the same structured tools the REST API exposes (search, ranking)
and words the answer. Names in an answer always come from a backend result, never from the
question. Conversations (for follow-ups) are kept per caller in this gateway process for
CONVERSATION_TTL_S seconds, at most MAX_CONVERSATIONS of them, each with its last MAX_TURNS
questions and answers; GET and DELETE /v1/ask/conversations/{id} read and clear one (the
console shows the active context after a reload and lets the user clear it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import time
import uuid
from collections import OrderedDict
from typing import Annotated, Any, Literal

import httpx
from fastapi import APIRouter, Query, Request, Response
from fastapi import Path as PathParam
from google.protobuf import json_format
from pydantic import BaseModel, Field, StringConstraints, field_validator

from potret.asn.v1 import position_events_pb2 as position_pb
from potret.ranking.v1 import ranking_pb2 as rpb
from potret_ask import answers
from potret_ask.directory import Directory, Person
from potret_ask.language import refusal
from potret_ask.parser import Interpretation, ad_hoc_position
from potret_ask.positions import CatalogueEntry, Resolution, resolve
from potret_ask.reader import Conversation, Reading
from potret_asn_rules import check_domain, parse_golongan
from potret_asn_rules.vocab import FACTOR_LABELS
from potret_expertise import detect_domains
from potret_gateway.api.access import check_own_opd
from potret_gateway.api.deps import BackendsDep, RequestIdDep
from potret_gateway.api.errors import backend_unreachable, call_ranking
from potret_gateway.ask.llm import read_with_llm
from potret_gateway.auth.deps import ReadProfiles, Searcher, forbidden
from potret_gateway.auth.model import PERSONAL_READ, RANK, Principal
from potret_problems import PROBLEM_JSON, Problem, ProblemError

router = APIRouter(prefix="/v1", tags=["ask"])
CONVERSATION_TTL_S = 1800
MAX_CONVERSATIONS = 10_000
DEFAULT_COUNT = 5
EXAMPLES = (
    "siapa yang paham perikanan?",
    "siapa yang terbaik untuk Kepala Dinas Perikanan?",
    "calon Sekretaris Bappeda golongan minimal IV/a",
    "berapa ASN di kotak 9 di Dinas Pendidikan?",
    "profil 198609262015051001",
)
RANKING_INTENTS = frozenset({"best_for_position", "nine_box", "explain_candidate", "compare"})
POSITION_INTENTS = frozenset({"best_for_position", "explain_candidate", "compare"})
CATALOGUE_PAGE = 1000
LIST_LIMIT = 20
NAME_CANDIDATES = 30
MAX_COMPARED = 5  # people side by side in one comparison
MAX_TURNS = 10  # what a conversation keeps to show its log again
TURN_ANSWER_CHARS = 4000  # a longer answer is kept cut (at most 10 per conversation)
POST_TOPICS = frozenset({*POSITION_INTENTS, "position_holder"})


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


ShortWords = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class InterpretationIn(BaseModel):
    """A corrected interpretation (the console's chips): used instead of reading the question."""

    model_config = {"extra": "forbid"}

    intent: Literal[
        "find_experts",
        "best_for_position",
        "profile_lookup",
        "explain_candidate",
        "nine_box",
        "compare",
    ]
    domains: list[str] = Field(default_factory=list, max_length=5)
    position: ShortWords | None = None
    position_id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$")] | None = (
        Field(default=None, description="Jabatan di katalog (mis. pilihan dari jawaban)")
    )
    position_jenis: Literal["JPT", "ADMINISTRATOR", "PENGAWAS", "JF", "PELAKSANA"] | None = None
    opd: ShortWords | None = None
    golongan_min: str | None = None
    education_min: Literal["SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"] | None = (
        None
    )
    count: int | None = Field(default=None, ge=1, le=100)
    retire_after_years: int | None = Field(default=None, ge=0, le=45)
    box: int | None = Field(default=None, ge=1, le=9)
    nips: list[Annotated[str, StringConstraints(pattern=r"^\d{18}$")]] = Field(
        default_factory=list, max_length=2
    )
    names: list[ShortWords] = Field(default_factory=list, max_length=2)

    @field_validator("domains")
    @classmethod
    def _domains(cls, codes: list[str]) -> list[str]:
        for code in codes:
            check_domain(code)  # DOMAIN-CODE violation names the code
        return codes

    @field_validator("golongan_min")
    @classmethod
    def _golongan(cls, value: str | None) -> str | None:
        return parse_golongan(value).code if value else None

    def to_interpretation(self) -> Interpretation:
        data = self.model_dump()
        for key in ("domains", "nips", "names"):
            data[key] = tuple(data[key])
        return Interpretation(**data, notes=("interpretasi dikoreksi pengguna",))


class AskIn(BaseModel):
    question: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=500)]
    conversation_id: str | None = Field(default=None, max_length=64)
    interpretation: InterpretationIn | None = Field(
        default=None,
        description="Interpretasi yang dikoreksi (mis. dari chip di konsol); bila diisi, "
        "pertanyaan tidak dibaca ulang",
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {"question": "siapa yang paham perikanan?"},
                {"question": "kalau yang S2 saja?", "conversation_id": "c0ffee"},
                {
                    "question": "siapa yang paham perikanan?",
                    "interpretation": {
                        "intent": "find_experts",
                        "domains": ["kelautan_perikanan"],
                        "education_min": "S2",
                    },
                },
            ]
        }
    }


class ContextOut(BaseModel):
    """The context follow-ups refer to ("bandingkan dua teratas", "yang nomor 2")."""

    active: bool = Field(description="True bila pertanyaan lanjutan merujuk ke konteks ini")
    summary: str | None = Field(
        default=None, description="Konteks dalam kata-kata, mis. 'Kandidat Kepala Dinas Kesehatan'"
    )
    items: int = Field(
        default=0, description="Jumlah nama pada jawaban terakhir yang dapat dirujuk"
    )


class AskOut(BaseModel):
    conversation_id: str
    intent: str
    interpretation: dict[str, Any]
    answer: str = Field(description="Jawaban dalam bahasa Indonesia")
    results: list[dict[str, Any]] = Field(default_factory=list)
    degraded: bool = Field(default=False, description="True bila satu layanan tidak tersedia")
    context: ContextOut = Field(description="Konteks percakapan setelah pertanyaan ini")


class TurnOut(BaseModel):
    question: str
    answer: str = Field(description="Jawaban yang ditampilkan (jawaban panjang dipotong)")
    intent: str


class ConversationOut(BaseModel):
    conversation_id: str
    context: ContextOut
    turns: list[TurnOut] = Field(description=f"Tanya-jawab terakhir, paling banyak {MAX_TURNS}")


ConversationId = Annotated[
    str, PathParam(min_length=1, max_length=64, examples=["3f2b9c0d4e5f46a7b8c9d0e1f2a3b4c5"])
]


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


def _held(who: Principal, conversation_id: str | None) -> Held | None:
    """The caller's own conversation with this id, unless unknown or expired."""
    if not conversation_id:
        return None
    held = _conversations.get(_key(who, conversation_id))
    if held is None or held.at < time.monotonic() - CONVERSATION_TTL_S:
        return None
    return held


def _context(held: Held) -> ContextOut:
    """The context in words: what the topic was, how many names "nomor N" can point at."""
    items = len(held.conversation.items)
    summary = held.summary or ("Nama-nama pada jawaban terakhir" if items else None)
    return ContextOut(active=summary is not None, summary=summary, items=items)


def _topic_summary(topic: Reading | None, it: Interpretation, items: int) -> str | None:
    """The topic in words; `it` is the topic as answered (the post's catalogue title). None
    when there is nothing a follow-up could refer to (e.g. "bandingkan dua teratas" with no
    list before it)."""
    if topic is None or topic.intent in ("unknown", "refused"):
        return None
    post = it.position if topic.intent in POST_TOPICS else None
    if topic.intent in ("compare", "explain_candidate", "profile_lookup") and not (post or items):
        return None
    return answers.context_summary(topic, post)


def _no_conversation() -> ProblemError:
    return ProblemError(
        404,
        "conversation-not-found",
        "Percakapan tidak ditemukan atau sudah berakhir",
        "Conversation not found or expired",
        detail="Tidak ada percakapan dengan id ini milik Anda; percakapan berakhir "
        f"{CONVERSATION_TTL_S // 60} menit setelah pertanyaan terakhir",
    )


def _opd_name(words: str | None) -> str | None:
    if words and not words.islower():
        return words  # already an OPD name as written in the records
    return (
        " ".join(w if w in ("dan", "dprd") else w.capitalize() for w in words.split())
        if words
        else None
    )


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
    resp.raise_for_status()
    body: dict[str, Any] = resp.json()
    return body


def _filters(it: Interpretation) -> list[tuple[str, Any]]:
    params: list[tuple[str, Any]] = []
    if it.golongan_min:
        params.append(("golongan_min", it.golongan_min))
    if it.education_min:
        params.append(("education_min", it.education_min))
    if it.opd:
        params.append(("opd", _opd_name(it.opd)))
    if it.retire_after_years is not None:
        params.append(("min_years_to_retirement", it.retire_after_years))
    return params


def _criteria(it: Interpretation) -> str:
    parts = []
    if it.opd:
        parts.append(f"di {_opd_name(it.opd)}")
    if it.golongan_min:
        parts.append(f"golongan minimal {it.golongan_min}")
    if it.education_min:
        parts.append(f"pendidikan minimal {it.education_min}")
    if it.retire_after_years is not None:
        parts.append(f"masih minimal {it.retire_after_years} tahun sebelum pensiun")
    return (" (" + ", ".join(parts) + ")") if parts else ""


async def _experts(
    backends: Any, rid: str, it: Interpretation, who: Principal
) -> tuple[str, list[dict[str, Any]]]:
    count = it.count or DEFAULT_COUNT
    params = [("domain", d) for d in it.domains] + _filters(it)
    params += [("sort", "expertise"), ("limit", count)]
    body = await _search(backends, rid, who, params)
    hits = body["data"]
    topic = answers.domain_names(it.domains)
    if not hits:
        return f"Tidak ada ASN dengan keahlian {topic}{_criteria(it)} di data saat ini.", []
    lines = [f"ASN dengan keahlian {topic}{_criteria(it)}, terkuat dulu:"]
    for i, h in enumerate(hits, 1):
        evidence = "; ".join(e for ev in h["evidence"].values() for e in ev[:3])
        lines.append(
            f"{i}. {h['name']} ({h['nip']}), {h['jabatan']}, {h['opd']}. Bukti: {evidence}"
        )
    return "\n".join(lines), hits


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


async def _catalogue(backends: Any, request_id: str) -> list[CatalogueEntry]:
    """Every position of the catalogue (id, name, OPD, jenis)."""
    return _entries(await _catalogue_rows(backends, request_id))


class PositionChoice(BaseModel):
    position_id: str
    name: str
    opd: str
    jenis: str


class ResolveOut(BaseModel):
    status: Literal["ditemukan", "beberapa", "tidak_ada"] = Field(
        description="ditemukan: satu jabatan; beberapa: pilih salah satu; tidak_ada: "
        "tidak ada di katalog"
    )
    position: PositionChoice | None = None
    choices: list[PositionChoice] = Field(default_factory=list)
    total_choices: int = 0


@router.get(
    "/positions/resolve",
    tags=["positions"],
    response_model=ResolveOut,
    responses={
        code: {"model": Problem, "content": {PROBLEM_JSON: {}}} for code in (401, 403, 422, 503)
    },
)
async def resolve_position(
    name: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=2, max_length=200),
        Query(examples=["Kadis Perikanan"]),
    ],
    backends: BackendsDep,
    request_id: RequestIdDep,
    _: ReadProfiles,
) -> ResolveOut:
    """Jabatan di katalog yang dimaksud oleh sebuah nama (nama resmi, singkatan seperti
    Kadis, Kasat Pol PP, Sekda, Camat Manyar; salah ketik ringan). Bila cocok dengan
    beberapa jabatan, daftar pilihannya; bila tidak ada, status tidak_ada."""
    found = resolve(name, await _catalogue(backends, request_id), max_choices=20)

    def choice(c: CatalogueEntry) -> PositionChoice:
        return PositionChoice(position_id=c.position_id, name=c.name, opd=c.opd, jenis=c.jenis)

    if found.entry is not None:
        return ResolveOut(status="ditemukan", position=choice(found.entry))
    return ResolveOut(
        status="beberapa" if found.choices else "tidak_ada",
        choices=[choice(c) for c in found.choices],
        total_choices=found.total_choices,
    )


def _choices(it: Interpretation, found: Resolution) -> tuple[str, list[dict[str, Any]]]:
    lines = [
        f"'{it.position_words()}' cocok dengan {found.total_choices} jabatan di katalog; "
        "sebutkan yang mana (nama jabatan dan OPD-nya):"
    ]
    lines += [f"- {c.name}, {c.opd} (id {c.position_id})" for c in found.choices]
    if found.total_choices > len(found.choices):
        lines.append(f"… dan {found.total_choices - len(found.choices)} lainnya.")
    return "\n".join(lines), [
        {"position_id": c.position_id, "name": c.name, "opd": c.opd, "jenis": c.jenis}
        for c in found.choices
    ]


def _entry_title(entry: CatalogueEntry) -> str:
    """'Kepala Subbagian Umum dan Kepegawaian (Dinas Kesehatan)'; 'Camat Manyar' as it is."""
    opd = entry.opd.lower().replace(",", "").split()
    distinctive = set(opd[1:] if len(opd) > 1 else opd)  # "Dinas [Perikanan]"
    if not opd or distinctive <= set(entry.name.lower().replace(",", "").split()):
        return entry.name
    return f"{entry.name} ({entry.opd})"


def _ad_hoc_terms(it: Interpretation) -> str:
    """The requirements an ad-hoc position (one not in the catalogue) is ranked with."""
    parts = [f"jenis {it.position_jenis or 'tidak disebut'}"]
    if jenjang := _ad_hoc_jenjang(it):
        parts.append(f"jenjang {jenjang.replace('_', ' ').lower()}")
    if it.domains:
        parts.append(f"bidang {answers.domain_names(it.domains)}")
    parts.append(f"golongan minimal {it.golongan_min or 'tidak disebut'}")
    parts.append(f"pendidikan minimal {it.education_min or 'tidak disebut'}")
    return (
        f"Jabatan '{it.position}' tidak ada di katalog jabatan, jadi diperiksa dengan syarat "
        f"dari pertanyaan saja: {', '.join(parts)}; syarat lain dari kebijakan (tanpa jurusan "
        "terkait dan standar kompetensi jabatan)."
    )


def _ad_hoc_jenjang(it: Interpretation) -> str:
    # A kabupaten's JPT posts (Kepala Dinas/Badan, Inspektur) are JPT pratama (§4.4); a JF
    # post's jenjang is in its name ("Penyuluh Perikanan Ahli Madya").
    if it.position_jenis == "JPT":
        return "PRATAMA"
    if it.position_jenis == "JF" and it.position:
        m = re.search(
            r"\b(ahli (?:utama|madya|muda|pertama)|penyelia|mahir|terampil|pemula)\b",
            it.position.lower(),
        )
        return m.group(1).upper().replace(" ", "_") if m else ""
    return ""


def _position_spec(it: Interpretation) -> rpb.PositionSpec:
    if it.position_id:
        # A catalogue post: its requirements, competency standard and holder as stored.
        return rpb.PositionSpec(position_id=it.position_id)
    return rpb.PositionSpec(
        name=it.position or "",
        jenis=it.position_jenis or "",
        jenjang=_ad_hoc_jenjang(it),
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
    title = it.position
    preface = [] if it.position_id else [_ad_hoc_terms(it)]
    if it.position_id and (it.golongan_min or it.education_min):
        preface.append(
            "Syarat diambil dari katalog jabatan apa adanya; golongan atau pendidikan minimal "
            "dari pertanyaan tidak mengubahnya."
        )
    if not reply.candidates:
        return "\n".join(preface) + (
            ("\n" if preface else "")
            + f"Belum ada ASN yang memenuhi semua syarat {title} ({reply.considered} "
            "ASN diperiksa). Syarat yang paling sering belum terpenuhi: "
            + "; ".join(
                f"{reply.rule_labels.get(k, k)}: {v} ASN"
                for k, v in sorted(reply.unmet_counts.items(), key=lambda x: -x[1])[:3]
            )
            + "."
        ), results
    lines = [
        *preface,
        f"Kandidat terbaik untuk {title} ({reply.eligible_total} dari {reply.considered} "
        f"ASN memenuhi syarat; kebijakan {reply.policy_version}):",
    ]
    holder = reply.holder_nip if who.opd is None else ""  # an OPD-bound caller: own OPD only
    people = await _people(backends, rid, who, [c.nip for c in reply.candidates] + [holder])
    if holder:
        lines.append(
            f"Pemangku saat ini: {_named(holder, people)} (tidak dihitung sebagai kandidat)."
        )
    for c in reply.candidates:
        tie = " (setara)" if c.tied else ""
        lines.append(
            f"{c.rank}.{tie} {_named(c.nip, people)}: skor {answers.number(c.score, 2)}. "
            f"{c.explanation}"
        )
    lines.append(reply.fairness.note)
    return "\n".join(lines), results


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


def _named(nip: str, people: dict[str, dict[str, Any]]) -> str:
    """'Sri Wahyuni, S.Pi. (NIP 1987...)': the name first, the NIP second."""
    hit = people.get(nip)
    return f"{hit['name']} (NIP {nip})" if hit and hit.get("name") else f"NIP {nip}"


async def _grid(
    backends: Any, rid: str, it: Interpretation, who: Principal
) -> tuple[str, list[dict[str, Any]]]:
    request = rpb.TalentGridRequest(
        filters=rpb.Filters(opd=[_opd_name(it.opd) or ""] if it.opd else []),
        members_per_cell=20,
    )
    reply = await call_ranking(backends, backends.ranking.TalentGrid, request, rid)
    where = f" di {_opd_name(it.opd)}" if it.opd else ""
    cells = [
        json_format.MessageToDict(
            c, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
        )
        for c in reply.cells
    ]
    if it.box:
        cell = next(c for c in reply.cells if c.box == it.box)
        head = (
            f"Ada {answers.number(cell.count)} ASN di kotak {it.box}{where} ({cell.meaning}), "
            f"dari {answers.number(reply.total)} ASN"
        )
        people = await _people(backends, rid, who, list(cell.nips))
        hits = [people[n] for n in cell.nips if n in people]
        if not hits:
            return head + ".", [c for c in cells if c.get("box") == it.box]
        lines = [head + (":" if len(hits) == cell.count else f"; {len(hits)} yang pertama:")]
        lines += [answers.person_line(i, h) for i, h in enumerate(hits, 1)]
        return "\n".join(lines), hits
    summary = ", ".join(f"kotak {c.box}: {answers.number(c.count)}" for c in reply.cells if c.box)
    unplaced = next((c.count for c in reply.cells if not c.box), 0)
    rest = f"; belum dapat ditempatkan: {answers.number(unplaced)}" if unplaced else ""
    return (
        f"Sebaran kotak talenta{where} ({answers.number(reply.total)} ASN): {summary}{rest}.",
        cells,
    )


async def _lookup(
    backends: Any, rid: str, it: Interpretation, who: Principal
) -> tuple[str, list[dict[str, Any]]]:
    term = it.nips[0] if it.nips else (it.names[0] if it.names else "")
    if not term:
        return _help(), []
    body = await _search(backends, rid, who, [("q", term), ("limit", it.count or DEFAULT_COUNT)])
    hits = body["data"]
    if not hits:
        return f"Tidak ditemukan ASN untuk {term!r}.", []
    lines = [f"Hasil untuk {term!r}:"]
    lines += [
        f"- {h['name']} ({h['nip']}), {h['jabatan']}, {h['opd']}, {h['golongan']}" for h in hits
    ]
    return "\n".join(lines), hits


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
        return (
            'Sebutkan jabatannya, mis. "kenapa Budi tidak masuk daftar Kepala Dinas Perikanan?".',
            [],
        )
    nip = await _nip_for(backends, rid, it, who, 0)
    if nip is None:
        return f"ASN {', '.join(it.names) or ''} tidak ditemukan.", []
    await check_own_opd(backends, rid, who, [nip])
    explain = rpb.ExplainCandidateRequest(position=_position_spec(it), nip=nip)
    reply = await call_ranking(backends, backends.ranking.ExplainCandidate, explain, rid)
    c = reply.candidate
    gaps = "; ".join(g.text for g in c.gaps) or "tidak ada"
    result = json_format.MessageToDict(c, preserving_proto_field_name=True)
    preface = "" if it.position_id else _ad_hoc_terms(it) + "\n"
    # "kenapa yang kedua tidak dipilih?": beside the candidate's own score, the first of the
    # same ranking (the caller's view of it) and where the two differ, factor by factor.
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
    leader = first.candidates[0] if first.candidates else None
    people = await _people(backends, rid, who, [c.nip] + ([leader.nip] if leader else []))
    answer = (
        f"{preface}{_named(c.nip, people)} untuk {it.position}: {c.explanation} "
        f"Yang perlu dipenuhi: {gaps}."
    )
    if leader is not None and leader.nip != c.nip and c.eligible:
        own = {f.factor: f.contribution for f in c.factors}
        differences = "; ".join(
            f"{FACTOR_LABELS.get(f.factor, f.factor)} "
            f"{answers.number(own.get(f.factor, 0.0), 2)} lawan {answers.number(f.contribution, 2)}"
            for f in leader.factors
            if abs(own.get(f.factor, 0.0) - f.contribution) >= 0.005
        )
        gap = answers.number(leader.score - c.score, 2)
        answer += (
            f" Peringkat 1 untuk jabatan ini: {_named(leader.nip, people)}, skor "
            f"{answers.number(leader.score, 2)} (selisih {gap})"
            + (f"; bedanya: {differences}." if differences else ".")
        )
    return answer, [result]


async def _compare(
    backends: Any, rid: str, it: Interpretation, who: Principal
) -> tuple[str, list[dict[str, Any]]]:
    asked = min(max(len(it.nips), len(it.names), 2), MAX_COMPARED)
    found = [await _nip_for(backends, rid, it, who, i) for i in range(asked)]
    nips = list(dict.fromkeys(n for n in found if n))  # "bandingkan tiga teratas": all three
    if len(nips) < 2:
        return "Sebutkan dua nama atau NIP yang akan dibandingkan.", []
    await check_own_opd(backends, rid, who, nips)
    if not it.position:
        hits = []
        for nip in nips:
            hits += (await _search(backends, rid, who, [("q", nip), ("limit", 1)]))["data"]
        lines = [
            f"- {h['name']} ({h['nip']}), {h['jabatan']}, {h['opd']}, {h['golongan']}" for h in hits
        ]
        return "Sebutkan jabatan agar bisa dibandingkan skornya. Data keduanya:\n" + "\n".join(
            lines
        ), hits
    score = rpb.ScoreCandidatesRequest(position=_position_spec(it), nips=nips)
    reply = await call_ranking(backends, backends.ranking.ScoreCandidates, score, rid)
    lines = ([] if it.position_id else [_ad_hoc_terms(it)]) + [f"Perbandingan untuk {it.position}:"]
    people = await _people(backends, rid, who, [c.nip for c in reply.candidates])
    for c in reply.candidates:
        factors = ", ".join(
            f"{FACTOR_LABELS.get(f.factor, f.factor)} {answers.number(f.contribution, 2)}"
            for f in c.factors
        )
        status = "memenuhi syarat" if c.eligible else "belum memenuhi syarat"
        lines.append(
            f"- {_named(c.nip, people)}: skor {answers.number(c.score, 2)} ({status}; {factors})"
        )
    results = [
        json_format.MessageToDict(c, preserving_proto_field_name=True) for c in reply.candidates
    ]
    return "\n".join(lines), results


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


def _to_interpretation(
    reading: Reading, conversation: Conversation, entries: dict[str, CatalogueEntry]
) -> tuple[Interpretation, str | None]:
    """The reading in the shape the ranking handlers and the console's chips take; items of
    the last answer ("yang nomor 2", "dia") become their NIPs. A problem text when an item
    pointed at is not in the last answer."""
    pointed, missing = conversation.pointed(reading)
    nips = [*reading.persons, *pointed]
    problem = None
    if missing:
        shown = len(conversation.items)
        problem = (
            f"Jawaban sebelumnya hanya berisi {shown} nama; nomor "
            f"{', '.join(str(n) for n in missing)} tidak ada di sana."
            if shown
            else "Belum ada daftar nama sebelumnya yang bisa dirujuk; sebutkan nama atau NIP-nya."
        )
    entry = entries.get(reading.position_id or "")
    ad_hoc, ad_hoc_jenis = None, None
    if entry is None and reading.unresolved:
        ad_hoc, ad_hoc_jenis = ad_hoc_position(reading.unresolved[0])
    golongan = dict(reading.golongan)
    domains = reading.domains
    post = _entry_title(entry) if entry else ad_hoc
    if not domains and post and reading.intent in POSITION_INTENTS:
        # The post's own fields: an ad-hoc post is ranked by them, and when ranking is down
        # the answer falls back to experts in them (marked as such).
        domains = tuple(detect_domains(post))
    it = Interpretation(
        intent=reading.intent if reading.intent in HANDLERS else "unknown",  # type: ignore[arg-type]
        domains=domains,
        position=post,
        position_id=reading.position_id,
        position_jenis=entry.jenis if entry else ad_hoc_jenis,
        opd=reading.opd,
        golongan_min=golongan.get("eq") or golongan.get("min"),
        education_min=reading.education[0] if reading.education else None,
        count=reading.top,
        retire_after_years=reading.retire[1]
        if reading.retire and reading.retire[0] == "min_years"
        else None,
        box=reading.box,
        nips=tuple(dict.fromkeys(nips)),
        follow_up=not reading.new_context,
        notes=reading.notes,
    )
    return it, problem


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
        params.append(("breakdown", group))
    body = await _search(backends, rid, who, params)
    what = f"ASN{answers.criteria(reading)}"
    lines = [f"Ada {answers.number(body['total'])} {what}."]
    if group:
        label = answers.GROUP_LABELS[group]
        if not allowed:
            lines.append(
                f"Rincian menurut {label} adalah data pribadi: hanya untuk peran yang boleh "
                "melihat data pribadi (Admin BKPSDM)."
            )
            return "\n".join(lines), []
        buckets = body.get("facets", {}).get(answers.GROUP_FACETS[group], [])
        lines.append(f"Menurut {label}:")
        lines += [
            f"- {answers.group_label(group, b['value'])}: {answers.number(b['count'])}"
            for b in buckets
        ]
        counted = sum(b["count"] for b in buckets)
        if personal and counted < body["total"]:
            # a NIP without a valid gender digit: said, not silently dropped
            lines.append(f"- Tidak diketahui: {answers.number(body['total'] - counted)}")
        return "\n".join(lines), [{"group": b["value"], "count": b["count"]} for b in buckets]
    return "\n".join(lines), []


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
    hits = body["data"]
    what = f"ASN{answers.criteria(reading)}"
    if not hits:
        return f"Tidak ada {what} di data saat ini.", []
    lines = [f"{answers.number(body['total'])} {what}:"]
    lines += [answers.person_line(i, h) for i, h in enumerate(hits, 1)]
    if body["total"] > len(hits):
        lines.append(f"… dan {answers.number(body['total'] - len(hits))} lainnya.")
    return "\n".join(lines), hits


async def _experts_read(
    backends: Any, rid: str, reading: Reading, who: Principal
) -> tuple[str, list[dict[str, Any]]]:
    params = answers.search_filters(reading, dt.date.today())
    params += [("sort", "expertise"), ("limit", min(reading.top or DEFAULT_COUNT, 100))]
    hits = (await _search(backends, rid, who, params))["data"]
    what = f"ASN{answers.criteria(reading)}"
    if not hits:
        return f"Tidak ada {what} di data saat ini.", []
    lines = [f"{what}, terkuat dulu:"]
    for i, h in enumerate(hits, 1):
        evidence = "; ".join(e for ev in h["evidence"].values() for e in ev[:3])
        lines.append(f"{answers.person_line(i, h)}. Bukti: {evidence}")
    return "\n".join(lines), hits


async def _holder(
    backends: Any, rid: str, reading: Reading, who: Principal, rows: list[dict[str, Any]]
) -> tuple[str, list[dict[str, Any]]]:
    row = next((r for r in rows if r["position_id"] == reading.position_id), None)
    if row is None:
        return "Jabatan itu tidak ada di katalog jabatan.", []
    title = _entry_title(_entries([row])[0])
    if who.opd is not None and row.get("opd") != who.opd:
        return f"{title} berada di luar OPD Anda ({who.opd}); pemangkunya tidak ditampilkan.", []
    holder = row.get("holder_nip")
    if not holder:
        return f"{title} belum tercatat memiliki pejabat definitif.", []
    hits = (await _search(backends, rid, who, [("nip", holder), ("limit", 1)]))["data"]
    if not hits:  # the holder's record is not one the caller may see (or not indexed yet)
        return f"{title} tercatat memiliki pemangku, tetapi datanya tidak dapat ditampilkan.", []
    return f"{title} saat ini dijabat {answers.person_text(hits[0])}.", hits


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
    where = f" di {opd}" if opd else ""
    lines = []
    if reading.vacancy in ("plt", "both"):
        lines.append(
            "Pelaksana tugas (Plt) belum tercatat di katalog jabatan, jadi jabatan yang dijabat "
            "Plt belum bisa dibedakan."
        )
    if not empty:
        lines.append(f"Semua jabatan{where} di katalog tercatat memiliki pejabat definitif.")
        return "\n".join(lines), []
    lines.append(f"{answers.number(len(empty))} jabatan{where} tanpa pejabat definitif di katalog:")
    lines += [f"- {_entry_title(e)}" for e in _entries(empty[:50])]
    if len(empty) > 50:
        lines.append(f"… dan {answers.number(len(empty) - 50)} lainnya.")
    return "\n".join(lines), [
        {
            "position_id": r["position_id"],
            "name": r["name"],
            "opd": r.get("opd"),
            "jenis": r.get("jenis"),
        }
        for r in empty[:50]
    ]


def _not_found(reading: Reading, opds: list[str]) -> str:
    """What the question named that the records do not have, with the nearest names."""
    lines = []
    for words in reading.unresolved:
        near = difflib.get_close_matches(words.title(), opds, n=3, cutoff=0.5)
        hint = f" Yang mirip: {', '.join(near)}." if near else ""
        lines.append(f"'{words}' tidak ditemukan di data.{hint}")
    return " ".join(lines)


def _items(intent: str, results: list[dict[str, Any]]) -> list[str]:
    """The NIPs of an answer, in order: what "yang nomor 2" refers to next."""
    out: list[str] = []
    for r in results:
        if isinstance(r.get("nip"), str):
            out.append(r["nip"])
        elif intent == "nine_box" and isinstance(r.get("nips"), list):
            out += [n for n in r["nips"] if isinstance(n, str)]
    return out


def _help() -> str:
    return (
        "Maaf, pertanyaan ini belum bisa saya pahami. Contoh pertanyaan: "
        + "; ".join(f'"{e}"' for e in EXAMPLES)
        + "."
    )


HANDLERS = {
    "find_experts": _experts,
    "best_for_position": _best,
    "nine_box": _grid,
    "profile_lookup": _lookup,
    "explain_candidate": _explain,
    "compare": _compare,
}


@router.post(
    "/ask",
    response_model=AskOut,
    responses={
        code: {"model": Problem, "content": {PROBLEM_JSON: {}}}
        for code in (401, 403, 422, 429, 503, 504)
    },
)
async def ask(
    body: AskIn,
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Searcher,
) -> AskOut:
    """Tanya dalam bahasa Indonesia: siapa yang ahli, siapa yang terbaik untuk jabatan,
    kotak talenta, profil, penjelasan, perbandingan. Jawaban hanya dari data, dan hanya
    data yang boleh dilihat penanya (akses satu OPD: OPD itu saja)."""
    request.state.audit_detail = body.question
    conversation_id = body.conversation_id or uuid.uuid4().hex
    previous = _held(principal, body.conversation_id) or Held(0.0, Conversation())
    conversation = previous.conversation
    catalogue_down = False
    reading: Reading | None = None
    rephrased: str | None = None
    problem: str | None = None
    answered: tuple[str, list[dict[str, Any]]] | None = None
    entries: list[CatalogueEntry] | None = None  # read once per question, when needed
    if body.interpretation is not None:
        it = body.interpretation.to_interpretation()
    elif (refused := refusal(body.question)) is not None:
        # Nothing is read or called for it; the context stays as it was.
        return _refused(principal, conversation_id, previous, body.question, refused, None)
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
            body.question, directory_for, conversation, backends.llm
        )
        if reading.intent == "refused":
            return _refused(
                principal, conversation_id, previous, body.question, reading.notes[0], reading
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
        it, problem = _to_interpretation(reading, conversation, by_id)
        answered = await _answer_reading(
            backends, request_id, reading, principal, rows, entries, problem
        )
    intent = reading.intent if reading is not None else it.intent
    if answered is not None:
        (answer, results), degraded = answered, catalogue_down
    else:
        if it.intent in RANKING_INTENTS and not principal.can(RANK):
            raise forbidden(
                f"pertanyaan jenis {it.intent} butuh scope {RANK}",
                f"{it.intent} needs scope {RANK}",
            )
        it, answer, results, degraded = await _answer_interpretation(
            backends, request_id, it, principal, None if catalogue_down else entries
        )
        intent = it.intent
    if reading is not None:
        # A question not understood ends the context (the next one starts afresh), as the
        # question sets measure it (tests/understanding/measure.py calls the same after()).
        posts = [str(r["position_id"]) for r in results if intent == "vacancies"]
        conversation = conversation.after(reading, _items(intent, results), posts)
    else:  # a corrected interpretation: its answer is what follow-ups mean
        conversation = dataclasses.replace(
            conversation, items=tuple(_items(intent, results)), focus=None
        )
    summary = (
        previous.summary
        if conversation.topic is previous.conversation.topic
        else _topic_summary(conversation.topic, it, len(conversation.items))
    )
    held = _remember(
        principal,
        conversation_id,
        previous,
        conversation,
        summary,
        Turn(body.question, answer, intent),
    )
    return AskOut(
        conversation_id=conversation_id,
        intent=intent,
        interpretation=_shown(it, reading, rephrased),
        answer=answer,
        results=results,
        degraded=degraded,
        context=_context(held),
    )


_CONVERSATION_PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {PROBLEM_JSON: {}}} for code in (401, 403, 404, 422, 429)
}


@router.get(
    "/ask/conversations/{conversation_id}",
    response_model=ConversationOut,
    responses=_CONVERSATION_PROBLEMS,
)
async def get_conversation(conversation_id: ConversationId, principal: Searcher) -> ConversationOut:
    """Percakapan Tanya Potret milik penanya sendiri: konteks aktif dan tanya-jawab terakhir
    (paling banyak 10), untuk menampilkan ulang log setelah halaman dimuat ulang. 404 bila
    tidak ada, milik orang lain, atau sudah berakhir (30 menit setelah pertanyaan terakhir)."""
    held = _held(principal, conversation_id)
    if held is None:
        raise _no_conversation()
    return ConversationOut(
        conversation_id=conversation_id,
        context=_context(held),
        turns=[TurnOut(question=t.question, answer=t.answer, intent=t.intent) for t in held.turns],
    )


@router.delete(
    "/ask/conversations/{conversation_id}",
    status_code=204,
    responses=_CONVERSATION_PROBLEMS,
)
async def delete_conversation(conversation_id: ConversationId, principal: Searcher) -> Response:
    """Hapus percakapan (konteks dan riwayatnya): pertanyaan berikutnya dengan id ini tidak
    lagi merujuk ke jawaban sebelumnya. 404 bila tidak ada atau sudah berakhir."""
    if _held(principal, conversation_id) is None:
        raise _no_conversation()
    _conversations.pop(_key(principal, conversation_id), None)
    return Response(status_code=204)


def _refused(
    who: Principal,
    conversation_id: str,
    previous: Held,
    question: str,
    why: str,
    reading: Reading | None,
) -> AskOut:
    """A refused question: said why, recorded in the log, the context kept as it was."""
    answer = (
        f"Pertanyaan tidak diproses: {why}. Tanyakan tentang data ASN dalam bahasa Indonesia, "
        f'mis. "{EXAMPLES[0]}".'
    )
    held = _remember(
        who,
        conversation_id,
        previous,
        previous.conversation,
        previous.summary,
        Turn(question, answer, "refused"),
    )
    return AskOut(
        conversation_id=conversation_id,
        intent="refused",
        interpretation={
            "reading": reading.schema() if reading else {"intent": "refused"},
            "notes": list(reading.notes) if reading else [why],
        },
        answer=answer,
        context=_context(held),
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
        entries = await _catalogue(backends, request_id)
    choices: tuple[str, list[dict[str, Any]]] | None = None
    if it.intent in POSITION_INTENTS and it.position_id and not it.position:
        # A choice picked by id (the console's list): name it as the catalogue does.
        named = [e for e in entries or [] if e.position_id == it.position_id]
        if named:
            it = dataclasses.replace(
                it, position=_entry_title(named[0]), position_jenis=named[0].jenis
            )
    if it.intent in POSITION_INTENTS and it.position and not it.position_id:
        # One truth for a position: a post of the catalogue is ranked exactly as on its
        # page (/v1/positions/{id}/ranking), never rebuilt from the words.
        found = resolve(it.position_words(), entries or [])
        if found.entry is not None:
            it = dataclasses.replace(
                it,
                position_id=found.entry.position_id,
                position=_entry_title(found.entry),
                position_jenis=found.entry.jenis or it.position_jenis,
            )
        elif found.choices:
            choices = _choices(it, found)
    if principal.opd is not None:
        it = dataclasses.replace(it, opd=principal.opd)
    if choices is not None:
        answer, results = choices
    elif it.intent == "find_experts" and not it.domains:
        answer, results = (
            "Bidang keahliannya belum saya kenali. Sebutkan bidangnya, mis. perikanan, "
            "kesehatan, keuangan, pertanian.",
            [],
        )
    else:
        handler = HANDLERS.get(it.intent)
        try:
            answer, results = (
                (await handler(backends, request_id, it, principal)) if handler else (_help(), [])
            )
        except ProblemError as exc:
            if it.intent != "best_for_position" or exc.status not in (503, 504) or not it.domains:
                raise
            # Ranking down: expertise from search only, clearly marked as such.
            answer, results = await _experts(backends, request_id, it, principal)
            answer = (
                "Layanan ranking sedang tidak tersedia, jadi syarat jabatan dan skor kecocokan "
                f"belum diperiksa. Sementara ini, ASN dengan keahlian bidang {it.position}:\n"
                + answer
            )
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
            return f"Akses Anda terbatas pada {who.opd}; {reading.opd} di luar OPD Anda.", []
        reading = dataclasses.replace(reading, opd=who.opd)  # what search will scope it to
    needs_post = reading.intent in ("best_for_position", "position_holder", "explain_candidate")
    missing_post = needs_post and reading.position_id is None and bool(reading.unresolved)
    if missing_post:
        words = reading.unresolved[0]
        found = resolve(words, entries)
        if found.choices:
            return _choices(
                dataclasses.replace(Interpretation("best_for_position"), position=words), found
            )
        if reading.intent != "position_holder":
            return None  # ranked with the requirements the question states (said so)
    if missing_opd or missing_post:
        return _not_found(reading, opds), []
    if not rows and reading.intent in ("position_holder", "vacancies"):
        return "Katalog jabatan sedang tidak tersedia; coba lagi sebentar lagi.", []
    if reading.intent == "position_holder":
        if reading.position_id is None:
            return 'Sebutkan jabatannya, mis. "siapa Kepala Dinas Perikanan sekarang?".', []
        return await _holder(backends, rid, reading, who, rows)
    if reading.intent == "vacancies":
        return _vacancies(reading, who, rows)
    if reading.intent == "count":
        return await _count(backends, rid, reading, who)
    if reading.intent == "list":
        return await _list(backends, rid, reading, who)
    if reading.intent == "find_experts":
        if not reading.domains:
            return (
                "Bidang keahliannya belum saya kenali. Sebutkan bidangnya, mis. perikanan, "
                "kesehatan, keuangan, pertanian.",
                [],
            )
        return await _experts_read(backends, rid, reading, who)
    return None
