"""/v1/search and /v1/skills: keyword and expertise search through the search service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from potret_gateway.entrypoints.deps import (
    BackendsDep,
    CursorQuery,
    RequestIdDep,
)
from potret_gateway.entrypoints.errors import FORWARDED_PROBLEMS
from potret_gateway.entrypoints.forwarding import forward
from potret_gateway.entrypoints.schemas import (
    SearchOut,
)
from potret_gateway.entrypoints.security import (
    ReadProfiles,
    Searcher,
    breakdowns_need_personal_read,
)

router = APIRouter(prefix="/v1")


@router.get("/skills", tags=["search"])
async def list_skills(backends: BackendsDep, request_id: RequestIdDep, _: ReadProfiles) -> Response:
    """Skill codes below and across domains, with their Indonesian names (the `skill`
    parameter of /v1/search)."""
    return await forward(backends.search, "pencarian", "GET", "/skills", request_id)


async def breakdown_allowed(request: Request, principal: Searcher) -> None:
    """A breakdown by gender is personal data: refused (403, on the audit trail) to a caller
    without personal:read before anything else of the query is read or checked."""
    breakdowns_need_personal_read(principal, list(request.query_params.multi_items()))


BreakdownAllowed = Annotated[None, Depends(breakdown_allowed)]


async def search_filters(
    q: Annotated[
        str | None, Query(max_length=500, examples=["siapa yang paham perikanan?"])
    ] = None,
    domain: Annotated[list[str] | None, Query(examples=[["kelautan_perikanan"]])] = None,
    skill: Annotated[list[str] | None, Query(examples=[["perikanan_budidaya"]])] = None,
    opd: Annotated[list[str] | None, Query()] = None,
    nip: Annotated[
        list[str] | None, Query(max_length=100, description="hanya NIP ini (maks. 100)")
    ] = None,
    golongan_min: str | None = None,
    golongan_max: str | None = None,
    jenis_jabatan: Annotated[list[str] | None, Query()] = None,
    jenjang: Annotated[list[str] | None, Query()] = None,
    education_min: str | None = None,
    status: Annotated[list[str] | None, Query()] = None,
    min_years_to_retirement: Annotated[int | None, Query(ge=0, le=45)] = None,
    max_years_to_retirement: Annotated[
        int | None,
        Query(ge=0, le=45, description="pensiun paling lambat tahun ini + N (0: tahun ini)"),
    ] = None,
    education: Annotated[
        list[str] | None, Query(description="jenjang pendidikan tertinggi persis, mis. S2")
    ] = None,
    name: Annotated[
        str | None,
        Query(max_length=200, description="orang yang namanya memuat kata-kata ini"),
    ] = None,
    sort: Annotated[
        str, Query(pattern="^(relevance|expertise|golongan|masa_kerja|pensiun)$")
    ] = "relevance",
    breakdown: Annotated[
        list[str] | None,
        Query(
            description="rincian tambahan di facets: jenis_kelamin (data pribadi: hanya peran "
            "yang boleh melihat data pribadi, selain itu 403)"
        ),
    ] = None,
) -> None:
    """The filters of a search, declared once for GET /v1/search and its export (both pass
    the caller's query on to the search service as given)."""


SearchFilters = Annotated[None, Depends(search_filters)]


async def search_page(
    limit: Annotated[int, Query(ge=1, le=100)] = 20, cursor: CursorQuery = None
) -> None:
    """A page of a search (after the filters in the OpenAPI; the export reads every page)."""


SearchPage = Annotated[None, Depends(search_page)]


async def search_query(
    request: Request, principal: Searcher, _breakdown: BreakdownAllowed, _filters: SearchFilters
) -> list[tuple[str, str]]:
    """The caller's query as the search service gets it, once checked: a caller bound to one
    OPD searches that OPD whatever `opd` it gave."""
    params = list(request.query_params.multi_items())
    if principal.opd is not None:
        params = [(k, v) for k, v in params if k != "opd"] + [("opd", principal.opd)]
    return params


SearchQuery = Annotated[list[tuple[str, str]], Depends(search_query)]


@router.get("/search", tags=["search"], response_model=SearchOut, responses=FORWARDED_PROBLEMS)
async def search(
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Searcher,
    query: SearchQuery,
    _page: SearchPage,
) -> Response:
    """Keyword and domain-expertise search with evidence, facets and cursor pagination.
    For a caller bound to one OPD the `opd` filter is always that OPD."""
    return await forward(backends.search, "pencarian", "GET", "/search", request_id, params=query)
