"""/v1/search and /v1/skills: keyword and expertise search through the search service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from potret_gateway.entrypoints.deps import (
    BackendsDep,
    RequestIdDep,
    check_query,
    list_fields,
    query_parameters,
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


class SearchFilterParams(BaseModel):
    """The filters of a search, declared once for GET /v1/search and its export (both pass
    the caller's query on to the search service as given, once checked here)."""

    model_config = ConfigDict(extra="ignore")

    q: str | None = Field(None, max_length=500, examples=["siapa yang paham perikanan?"])
    domain: list[str] | None = Field(None, examples=[["kelautan_perikanan"]])
    skill: list[str] | None = Field(None, examples=[["perikanan_budidaya"]])
    opd: list[str] | None = None
    nip: list[str] | None = Field(None, max_length=100, description="hanya NIP ini (maks. 100)")
    golongan_min: str | None = None
    golongan_max: str | None = None
    jenis_jabatan: list[str] | None = None
    jenjang: list[str] | None = None
    education_min: str | None = None
    status: list[str] | None = None
    min_years_to_retirement: int | None = Field(None, ge=0, le=45)
    max_years_to_retirement: int | None = Field(
        None, ge=0, le=45, description="pensiun paling lambat tahun ini + N (0: tahun ini)"
    )
    education: list[str] | None = Field(
        None, description="jenjang pendidikan tertinggi persis, mis. S2"
    )
    name: str | None = Field(
        None, max_length=200, description="orang yang namanya memuat kata-kata ini"
    )
    sort: str = Field("relevance", pattern="^(relevance|expertise|golongan|masa_kerja|pensiun)$")
    breakdown: list[str] | None = Field(
        None,
        description="rincian tambahan di facets: jenis_kelamin (data pribadi: hanya peran yang "
        "boleh melihat data pribadi, selain itu 403)",
    )


class SearchParams(SearchFilterParams):
    """A page of a search: its filters, then the page (the export reads every page)."""

    limit: int = Field(20, ge=1, le=100)
    cursor: str | None = Field(
        None, description="next_cursor dari halaman sebelumnya", examples=["MTk4Ng"]
    )


class SearchExportParams(SearchFilterParams):
    """An export of a search: its filters and the file's format (every page is read)."""

    format: str = Field("xlsx", pattern="^(xlsx|csv)$", description="xlsx atau csv")


def _checked_query(model: type[BaseModel]) -> Callable[..., Awaitable[list[tuple[str, str]]]]:
    list_fields(model)  # the model read once here, not at the first request

    async def checked(request: Request, principal: Searcher) -> list[tuple[str, str]]:
        """The caller's query as the search service gets it, once checked: a breakdown by
        gender is personal data, refused (403, on the audit trail) to a caller without
        personal:read before anything else of the query is checked; a caller bound to one
        OPD searches that OPD whatever `opd` it gave."""
        params = list(request.query_params.multi_items())
        breakdowns_need_personal_read(principal, params)
        check_query(model, request.query_params)
        if principal.opd is not None:
            params = [(k, v) for k, v in params if k != "opd"] + [("opd", principal.opd)]
        return params

    return checked


# The export takes the filters and its format (its pages are its own).
SearchExportQuery = Annotated[list[tuple[str, str]], Depends(_checked_query(SearchExportParams))]
SearchPageQuery = Annotated[list[tuple[str, str]], Depends(_checked_query(SearchParams))]


@router.get(
    "/search",
    tags=["search"],
    response_model=SearchOut,
    responses=FORWARDED_PROBLEMS,
    openapi_extra={"parameters": query_parameters(SearchParams)},
)
async def search(
    backends: BackendsDep, request_id: RequestIdDep, query: SearchPageQuery
) -> Response:
    """Keyword and domain-expertise search with evidence, facets and cursor pagination.
    For a caller bound to one OPD the `opd` filter is always that OPD."""
    return await forward(backends.search, "pencarian", "GET", "/search", request_id, params=query)
