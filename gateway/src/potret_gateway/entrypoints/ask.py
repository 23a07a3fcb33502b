"""POST /v1/ask and its conversations: a question in Bahasa Indonesia, answered from the
records only (service/ask.py reads it, calls search and ranking with it and words the
answer; these routes take the question, keep the audit detail and give the answer with its
context). GET and DELETE /v1/ask/conversations/{id} read and clear the caller's own
conversation (the console shows the active context after a reload and lets the user clear
it); GET /v1/positions/resolve names the catalogue post a name means."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi import Path as PathParam
from pydantic import BaseModel, Field, StringConstraints, field_validator, model_validator

from potret_ask.filters import NINE_BOX
from potret_ask.interpretation import CorrectedIntent, Interpretation
from potret_ask.positions import CatalogueEntry, resolve
from potret_asn_rules import check_domain, parse_golongan
from potret_gateway.entrypoints.deps import BackendsDep, RequestIdDep
from potret_gateway.entrypoints.security import ReadProfiles, Searcher
from potret_gateway.service import ask as ask_service
from potret_gateway.service.ask import CONVERSATION_TTL_S, MAX_TURNS, Held, held_conversation
from potret_problems import ProblemError, problem_responses

router = APIRouter(prefix="/v1", tags=["ask"])
ShortWords = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class InterpretationIn(BaseModel):
    """A corrected interpretation (the console's chips): used instead of reading the question."""

    model_config = {"extra": "forbid"}

    intent: CorrectedIntent
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
    kinerja: int | None = Field(
        default=None,
        ge=1,
        le=3,
        description="Sumbu kinerja 9-box tanpa sumbu potensial: 1 di bawah, 2 sesuai, 3 di atas "
        "ekspektasi",
    )
    potensial: int | None = Field(
        default=None,
        ge=1,
        le=3,
        description="Sumbu potensial 9-box tanpa sumbu kinerja: 1 rendah, 2 menengah, 3 tinggi",
    )
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

    @model_validator(mode="after")
    def _one_cell_or_axis(self) -> InterpretationIn:
        axis = self.kinerja is not None or self.potensial is not None
        if axis and self.intent != "nine_box":
            raise ValueError(
                "kinerja dan potensial hanya untuk intent nine_box (peta talenta); "
                f"intent '{self.intent}' tidak menyaring menurut kinerja atau potensial"
            )
        if self.box is not None and axis:
            raise ValueError(
                "box tidak boleh diisi bersama kinerja atau potensial: kotak sudah menentukan "
                "kedua sumbu (PermenPANRB 3/2020)"
            )
        return self

    def to_interpretation(self) -> Interpretation:
        data = self.model_dump()
        if self.kinerja is not None and self.potensial is not None:
            # both axes name one box (domain reference 8.2)
            data["box"] = NINE_BOX[(self.potensial, self.kinerja)]
            data["kinerja"] = data["potensial"] = None
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


def _context(held: Held) -> ContextOut:
    """The context in words: what the topic was, how many names "nomor N" can point at."""
    items = len(held.conversation.items)
    summary = held.summary or ("Nama-nama pada jawaban terakhir" if items else None)
    return ContextOut(active=summary is not None, summary=summary, items=items)


def _no_conversation() -> ProblemError:
    return ProblemError(
        404,
        "conversation-not-found",
        "Percakapan tidak ditemukan atau sudah berakhir",
        "Conversation not found or expired",
        detail="Tidak ada percakapan dengan id ini milik Anda; percakapan berakhir "
        f"{CONVERSATION_TTL_S // 60} menit setelah pertanyaan terakhir",
    )


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
    responses=problem_responses(401, 403, 422, 503),
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
    found = resolve(name, await ask_service.catalogue(backends, request_id), max_choices=20)

    def choice(c: CatalogueEntry) -> PositionChoice:
        return PositionChoice(position_id=c.position_id, name=c.name, opd=c.opd, jenis=c.jenis)

    if found.entry is not None:
        return ResolveOut(status="ditemukan", position=choice(found.entry))
    return ResolveOut(
        status="beberapa" if found.choices else "tidak_ada",
        choices=[choice(c) for c in found.choices],
        total_choices=found.total_choices,
    )


@router.post(
    "/ask",
    response_model=AskOut,
    responses=problem_responses(401, 403, 422, 429, 503, 504),
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
    done = await ask_service.answer(
        backends,
        request_id,
        principal,
        body.question,
        body.conversation_id,
        body.interpretation.to_interpretation() if body.interpretation is not None else None,
    )
    return AskOut(
        conversation_id=done.conversation_id,
        intent=done.intent,
        interpretation=done.interpretation,
        answer=done.answer,
        results=done.results,
        degraded=done.degraded,
        context=_context(done.held),
    )


_CONVERSATION_PROBLEMS = problem_responses(401, 403, 404, 422, 429)


@router.get(
    "/ask/conversations/{conversation_id}",
    response_model=ConversationOut,
    responses=_CONVERSATION_PROBLEMS,
)
async def get_conversation(conversation_id: ConversationId, principal: Searcher) -> ConversationOut:
    """Percakapan Tanya Potret milik penanya sendiri: konteks aktif dan tanya-jawab terakhir
    (paling banyak 10), untuk menampilkan ulang log setelah halaman dimuat ulang. 404 bila
    tidak ada, milik orang lain, atau sudah berakhir (30 menit setelah pertanyaan terakhir)."""
    held = held_conversation(principal, conversation_id)
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
    if held_conversation(principal, conversation_id) is None:
        raise _no_conversation()
    ask_service.forget(principal, conversation_id)
    return Response(status_code=204)
