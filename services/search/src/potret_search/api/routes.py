"""Search, indexed-document lookup, health."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from potret_problems import Problem, ProblemError
from potret_search.adapters.index import ProfileIndex
from potret_search.indexer import Indexer

router = APIRouter()


class SearchHit(BaseModel):
    nip: str
    name: str
    golongan: str
    jabatan: str
    opd: str
    version: int
    score: float = Field(description="Skor relevansi Elasticsearch")


class SearchResults(BaseModel):
    query: str
    total: int
    data: list[SearchHit]


def _index(request: Request) -> ProfileIndex:
    index: ProfileIndex = request.app.state.index
    return index


def _unavailable(exc: Exception) -> ProblemError:
    return ProblemError(
        503,
        "search-unavailable",
        "Layanan pencarian belum siap",
        "Search unavailable",
        detail=f"Elasticsearch tidak dapat dihubungi: {type(exc).__name__}",
        headers={"Retry-After": "5"},
    )


@router.get("/search", tags=["search"], responses={503: {"model": Problem}})
def search(
    request: Request,
    q: Annotated[
        str, Query(min_length=1, max_length=200, description="Kata kunci", examples=["perikanan"])
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> SearchResults:
    """Profiles matching the words (name, jabatan, OPD; typo tolerant) or an exact NIP."""
    try:
        body = _index(request).search(q.strip(), size=limit, offset=offset)
    except Exception as exc:
        raise _unavailable(exc) from exc
    hits = body["hits"]
    return SearchResults(
        query=q,
        total=int(hits["total"]["value"]),
        data=[
            SearchHit(**h["_source"], score=float(h["_score"] or 0))
            for h in hits["hits"]
            if not h["_source"].get("deleted")
        ]
        if hits["hits"]
        else [],
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


@router.get("/healthz", tags=["health"])
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", tags=["health"])
def readyz(request: Request) -> JSONResponse:
    """Ready when Elasticsearch answers and (with the indexer in-process) Kafka is connected."""
    index = _index(request)
    checks: dict[str, dict[str, object]] = {
        "elasticsearch": {"ok": index.ping(), "alias": index.alias, "index": index.index},
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
        }
    ready = all(bool(c["ok"]) for c in checks.values())
    return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)
