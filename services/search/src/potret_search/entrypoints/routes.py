"""Search API: keyword and domain-expertise lookup with evidence, facets and cursors."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, StringConstraints

from potret_asn_rules import GolonganError, RuleViolation, check_domain, parse_golongan
from potret_asn_rules.vocab import EDUCATION_ORDINAL, parse_education_level
from potret_expertise import rules_fingerprint
from potret_expertise.skills import vocabulary
from potret_expertise.spelling import has_content
from potret_problems import FieldViolation, Problem, ProblemError
from potret_search.adapters.index import ProfileIndex
from potret_search.domain.query import (
    SearchRequest,
    Sort,
    build_search,
    build_word_probe,
    decode_cursor,
    encode_cursor,
    matched_kinds,
    read_query,
    sort_fields,
)
from potret_search.entrypoints.indexer import Indexer

router = APIRouter()


class SearchHit(BaseModel):
    nip: str
    name: str = Field(description="Nama lengkap dengan gelar")
    jabatan: str
    opd: str
    golongan: str
    status: str | None = None
    jenis_jabatan: str | None = None
    version: int
    relevance: float = Field(description="Skor gabungan teks + keahlian")
    expertise: dict[str, float] = Field(description="Keahlian (0-1) per domain yang diminta")
    evidence: dict[str, list[str]] = Field(
        description="Bukti keahlian per domain, dalam bahasa Indonesia"
    )
    skills: dict[str, float] = Field(
        default_factory=dict, description="Keahlian (0-1) per keterampilan yang disebut kata kunci"
    )
    skill_evidence: dict[str, list[str]] = Field(
        default_factory=dict, description="Bukti per keterampilan, dalam bahasa Indonesia"
    )
    highlights: dict[str, list[str]] = Field(default_factory=dict)
    matched: list[str] = Field(
        default_factory=list,
        description="Apa yang cocok dengan kata kunci: work (pekerjaan, pendidikan, pelatihan, "
        "inovasi, unit, OPD), name (nama), nip, place (nama tempat di OPD, unit "
        "atau jabatan, kini atau dulu)",
    )
    provenance: dict[str, str] = Field(
        default_factory=dict,
        description="Asal data per kelompok, mis. skp: 'sumber SIASN, impor 2026-10-02'",
    )


class Facet(BaseModel):
    value: str
    count: int


class QueryNoteOut(BaseModel):
    kind: Literal["typo", "unknown_abbreviation"] = Field(
        description="typo: kata dibaca sebagai kata kosakata; unknown_abbreviation: singkatan "
        "yang tidak dikenal, dicari sebagai teks biasa"
    )
    term: str = Field(description="Kata seperti ditulis")
    read_as: str | None = Field(default=None, description="Dibaca sebagai (untuk typo)")
    message: str


class SearchResults(BaseModel):
    query: str | None
    domains: list[str] = Field(description="Domain yang dipakai: diminta atau terdeteksi dari q")
    skills: list[str] = Field(
        default_factory=list, description="Keterampilan yang disebut q (mis. perikanan_budidaya)"
    )
    notes: list[QueryNoteOut] = Field(
        default_factory=list,
        description="Cara kata kunci dibaca: typo yang dibetulkan, singkatan yang tidak dikenal",
    )
    total: int
    data: list[SearchHit]
    facets: dict[str, list[Facet]]
    next_cursor: str | None = None


def _index(request: Request) -> ProfileIndex:
    index: ProfileIndex = request.app.state.index
    return index


def _invalid(
    field: str, rule: str, message: str, message_en: str, value: Any = None
) -> ProblemError:
    return ProblemError(
        422,
        "validation-error",
        "Data tidak valid",
        "Invalid data",
        detail=f"{field}: {message}",
        errors=[
            FieldViolation(
                field=field,
                rule=rule,
                message=message,
                message_en=message_en,
                value=value if isinstance(value, (str, int)) else None,
            )
        ],
    )


def _unavailable(exc: Exception) -> ProblemError:
    return ProblemError(
        503,
        "search-unavailable",
        "Layanan pencarian belum siap",
        "Search unavailable",
        detail=f"Elasticsearch tidak dapat dihubungi: {type(exc).__name__}",
        headers={"Retry-After": "5"},
    )


def _golongan_rank(value: str | None, field: str) -> int | None:
    if value is None:
        return None
    try:
        return parse_golongan(value).ordinal
    except GolonganError as exc:
        raise _invalid(field, exc.rule, exc.message, exc.message_en, value) from None


@router.get(
    "/search", tags=["search"], responses={422: {"model": Problem}, 503: {"model": Problem}}
)
def search(
    request: Request,
    q: Annotated[
        str | None,
        Query(
            max_length=500,
            description="Kata kunci, NIP, atau pertanyaan",
            examples=["siapa yang paham perikanan?"],
        ),
    ] = None,
    domain: Annotated[
        list[str] | None, Query(description="Kode domain, boleh lebih dari satu")
    ] = None,
    skill: Annotated[
        list[str] | None,
        Query(
            max_length=5,
            description="Kode keterampilan (mis. perikanan_budidaya, pengadaan_barang_jasa); "
            "tanpa ini, keterampilan dibaca dari q",
        ),
    ] = None,
    opd: Annotated[list[str] | None, Query(description="Nama OPD persis")] = None,
    nip: Annotated[
        list[Annotated[str, StringConstraints(pattern=r"^\d{18}$")]] | None,
        Query(max_length=100, description="Hanya NIP ini (mis. kandidat hasil ranking)"),
    ] = None,
    golongan_min: Annotated[str | None, Query(examples=["III/c"])] = None,
    golongan_max: Annotated[str | None, Query(examples=["IV/b"])] = None,
    jenis_jabatan: Annotated[list[str] | None, Query()] = None,
    jenjang: Annotated[list[str] | None, Query()] = None,
    education_min: Annotated[str | None, Query(examples=["S1"])] = None,
    status: Annotated[list[str] | None, Query()] = None,
    min_years_to_retirement: Annotated[int | None, Query(ge=0, le=45)] = None,
    max_years_to_retirement: Annotated[
        int | None,
        Query(ge=0, le=45, description="Pensiun paling lambat tahun ini + N (0: tahun ini)"),
    ] = None,
    education: Annotated[
        list[str] | None, Query(description="Jenjang pendidikan tertinggi persis, mis. S2")
    ] = None,
    name: Annotated[
        str | None,
        Query(max_length=200, description="Calon orang yang namanya memuat kata-kata ini"),
    ] = None,
    sort: Annotated[
        Sort,
        Query(
            description="relevance; expertise (bidang/keterampilan yang diminta); golongan "
            "(tertinggi dulu); masa_kerja (terlama dulu); pensiun (paling lama sebelum BUP "
            "dulu)"
        ),
    ] = "relevance",
    breakdown: Annotated[
        list[Literal["jenis_kelamin"]] | None,
        Query(
            description="Rincian tambahan di facets (jenis_kelamin: L/P dari digit ke-15 NIP); "
            "data pribadi, hanya diminta gateway untuk peran yang boleh melihatnya"
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> SearchResults:
    """Who matches the words, and who has real expertise in the domains asked or detected."""
    text = q.strip() if q is not None else None
    if text is not None and not any(ch.isalnum() for ch in text):
        raise _invalid(
            "q",
            "QUERY-EMPTY",
            "kata kunci harus memuat huruf atau angka",
            "the query must contain a letter or digit",
            text[:100],
        )
    filtered = any(
        [
            opd,
            nip,
            jenis_jabatan,
            jenjang,
            status,
            golongan_min,
            golongan_max,
            education_min,
            education,
            name,
            min_years_to_retirement is not None,
            max_years_to_retirement is not None,
        ]
    )
    if text and not has_content(text) and (domain or skill or filtered):
        text = None  # "siapa yang ahli?" beside a field or a filter: the words add nothing
    if text and not has_content(text):
        raise _invalid(
            "q",
            "QUERY-STOPWORDS",
            "kata kunci tidak memuat kata yang dapat dicari, hanya kata tanya atau kata umum "
            "(mis. siapa, yang, ahli) atau huruf non-Latin; sebutkan bidang, keterampilan, "
            "nama, atau NIP",
            "the query holds no searchable word, only question words and fillers or non-Latin "
            "script; name a field, a skill, a name or a NIP",
            text[:100],
        )
    codes: list[str] = []
    for code in domain or []:
        try:
            codes.append(check_domain(code))
        except RuleViolation as exc:
            raise _invalid("domain", exc.rule, exc.message, exc.message_en, code) from None
    index = _index(request)

    def in_records(word: str) -> bool:
        try:
            return bool(index.search_body(build_word_probe(word))["hits"]["total"]["value"])
        except Exception:  # an unreachable index answers the search itself with a 503
            return False

    reading = read_query(text, in_records) if text else None
    used = codes or (reading.domains if reading else [])
    known = vocabulary().skills
    for code in skill or []:
        if code not in known:
            raise _invalid(
                "skill",
                "SKILL-CODE",
                f"kode keterampilan tidak dikenal: {code}",
                f"unknown skill code: {code}",
                code[:100],
            )
    skills = list(dict.fromkeys(skill or [])) or (reading.skills if reading else [])
    if not text and not codes and not skills and not filtered:
        raise _invalid(
            "q",
            "QUERY-EMPTY",
            "isi q, domain, atau paling sedikit satu filter",
            "give q, domain, or at least one filter",
        )
    edu_rank = None
    if education_min is not None:
        try:
            edu_rank = EDUCATION_ORDINAL[parse_education_level(education_min)]
        except RuleViolation as exc:
            raise _invalid(
                "education_min", exc.rule, exc.message, exc.message_en, education_min
            ) from None
    levels = []
    for level in education or []:
        try:
            levels.append(parse_education_level(level))
        except RuleViolation as exc:
            raise _invalid("education", exc.rule, exc.message, exc.message_en, level) from None
    if name is not None and not any(ch.isalpha() for ch in name):
        raise _invalid(
            "name",
            "NAME-EMPTY",
            "nama harus memuat huruf",
            "the name must contain a letter",
            name[:100],
        )
    after = None
    if cursor:
        try:
            after = decode_cursor(cursor, sort_fields(sort, used, skills))
        except ValueError:
            raise _invalid(
                "cursor",
                "CURSOR",
                "cursor tidak dikenal; pakai next_cursor dari hasil sebelumnya",
                "unknown cursor; use next_cursor of the previous page",
            ) from None
    req = SearchRequest(
        q=text or None,
        read_as=reading.read_as if reading else None,
        domains=used,
        opd=opd or [],
        nips=nip or [],
        golongan_min=_golongan_rank(golongan_min, "golongan_min"),
        golongan_max=_golongan_rank(golongan_max, "golongan_max"),
        jenis_jabatan=[j.upper() for j in jenis_jabatan or []],
        jenjang=[j.upper() for j in jenjang or []],
        education_min=edu_rank,
        status=[s.upper() for s in status or []],
        retire_after_year=(dt.date.today().year + min_years_to_retirement)
        if min_years_to_retirement is not None
        else None,
        retire_by_year=(dt.date.today().year + max_years_to_retirement)
        if max_years_to_retirement is not None
        else None,
        education=levels,
        name=name.strip() if name else None,
        sort=sort,
        limit=limit,
        cursor=after,
        breakdowns=list(dict.fromkeys(breakdown or [])),
    )
    try:
        body = _index(request).search_body(build_search(req, used, skills))
    except Exception as exc:
        raise _unavailable(exc) from exc
    hits = body["hits"]["hits"]
    data = []
    for h in hits:
        src = h["_source"]
        data.append(
            SearchHit(
                nip=src["nip"],
                name=src.get("full_name") or src.get("name", ""),
                jabatan=src.get("jabatan", ""),
                opd=src.get("opd", ""),
                golongan=src.get("golongan", ""),
                status=src.get("status"),
                jenis_jabatan=src.get("jenis_jabatan"),
                version=src["version"],
                relevance=round(float(h.get("_score") or 0), 4),
                expertise={c: float(src.get("expertise", {}).get(c, 0.0)) for c in used},
                evidence={c: src.get("evidence", {}).get(c, []) for c in used},
                skills={c: float(src.get("skills", {}).get(c, 0.0)) for c in skills},
                skill_evidence={c: src.get("skill_evidence", {}).get(c, []) for c in skills},
                highlights=h.get("highlight", {}),
                matched=matched_kinds(h.get("matched_queries") or []),
                provenance=src.get("provenance") or {},
            )
        )
    facets = {
        # terms buckets are a list; a breakdown's named filters are a dict
        name: [Facet(value=str(b["key"]), count=b["doc_count"]) for b in agg["buckets"]]
        if isinstance(agg["buckets"], list)
        else [Facet(value=key, count=b["doc_count"]) for key, b in agg["buckets"].items()]
        for name, agg in body.get("aggregations", {}).items()
    }
    next_cursor = encode_cursor(hits[-1]["sort"]) if len(hits) == limit and hits else None
    return SearchResults(
        query=text,
        domains=used,
        skills=skills,
        notes=[
            QueryNoteOut(kind=n.kind, term=n.term, read_as=n.read_as, message=n.message)
            for n in (reading.notes if reading else [])
        ],
        total=int(body["hits"]["total"]["value"]),
        data=data,
        facets=facets,
        next_cursor=next_cursor,
    )


class SkillOut(BaseModel):
    code: str
    name: str
    domain: str | None = Field(description="Domain induk; null: keterampilan lintas bidang")


class SkillsOut(BaseModel):
    version: str = Field(description="Versi kosakata keterampilan (data/skills.json)")
    data: list[SkillOut]


@router.get("/skills", tags=["search"])
def list_skills() -> SkillsOut:
    """The skill vocabulary: each skill's code, Indonesian name and parent domain."""
    vocab = vocabulary()
    return SkillsOut(
        version=vocab.version,
        data=[SkillOut(code=s.code, name=s.name, domain=s.domain) for s in vocab.skills.values()],
    )


@router.get("/index/profiles/{nip}", tags=["index"], responses={404: {"model": Problem}})
def indexed_profile(request: Request, nip: str) -> dict[str, Any]:
    """The document the index holds for a NIP, tombstones included (for audits and tests)."""
    try:
        doc = _index(request).get(nip)
    except Exception as exc:
        raise _unavailable(exc) from exc
    if doc is None:
        raise ProblemError(
            404,
            "not-indexed",
            "Belum terindeks",
            "Not indexed",
            detail=f"NIP {nip} belum ada di indeks",
        )
    return doc


@router.get("/consistency/profiles", tags=["index"])
def profile_digests(
    request: Request,
    after: Annotated[str | None, Query(max_length=18)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> dict[str, Any]:
    """Every indexed NIP (tombstones too) with its version and the digest of the content it
    was built from (null: built before digests existed), for `potret-consistency`."""
    try:
        rows = _index(request).digests(after=after, limit=limit)
    except Exception as exc:
        raise _unavailable(exc) from exc
    return {"data": rows, "next_cursor": rows[-1]["nip"] if len(rows) == limit else None}


@router.get("/freshness", tags=["index"])
def freshness(request: Request) -> dict[str, Any]:
    """Lag between an event's time and its indexing, over the last 10,000 events."""
    indexer: Indexer | None = request.app.state.indexer
    if indexer is None:
        return {"count": 0, "note": "indexer tidak berjalan di proses ini"}
    return {
        **indexer.status.freshness(),
        "indexed_total": indexer.status.indexed_total,
        "last_batch_at": indexer.status.last_batch_at,
    }


@router.get("/healthz", tags=["health"])
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", tags=["health"])
def readyz(request: Request) -> JSONResponse:
    """Ready when Elasticsearch answers and (with the indexer in-process) Kafka is connected."""
    index = _index(request)
    es_ok = index.ping()
    checks: dict[str, dict[str, object]] = {
        "elasticsearch": {
            "ok": es_ok,
            "alias": index.alias,
            "index": index.index if es_ok else None,
            # Not a readiness condition: a stale index still answers, with older scores.
            "expertise_rules": {
                "index": getattr(index, "expertise_rules", None),
                "service": rules_fingerprint(),
                "current": getattr(index, "expertise_rules", None) == rules_fingerprint(),
            },
        },
    }
    indexer: Indexer | None = request.app.state.indexer
    if indexer is not None:
        st = indexer.status
        checks["kafka"] = {
            "ok": st.kafka_connected,
            "error": st.last_error,
            "indexed_total": st.indexed_total,
            "stale_total": st.stale_total,
            "dead_lettered_total": st.dead_lettered_total,
            "assigned_partitions": st.assigned_partitions,
            "positions_ready": st.positions_ready,
        }
    ready = all(bool(c["ok"]) for c in checks.values())
    return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)
