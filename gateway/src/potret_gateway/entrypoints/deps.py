"""Dependencies: backends, the request id, If-Match and the common path and query types.
Each dependency is `async def`: none does I/O, and FastAPI runs a plain `def` dependency in a
worker thread (a hop per request)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request

from potret_gateway.adapters.backends import Backends


async def get_backends(request: Request) -> Backends:
    backends: Backends = request.app.state.backends
    return backends


async def get_request_id(request: Request) -> str:
    request_id: str = request.state.request_id
    return request_id


BackendsDep = Annotated[Backends, Depends(get_backends)]
RequestIdDep = Annotated[str, Depends(get_request_id)]


async def _if_match(
    if_match: Annotated[str | None, Header(description='ETag dari GET, mis. "3"')] = None,
) -> dict[str, str]:
    """The If-Match header to pass on to the backend (none when absent)."""
    return {"If-Match": if_match} if if_match else {}


IfMatchDep = Annotated[dict[str, str], Depends(_if_match)]
NipPath = Annotated[str, Path(examples=["198609262015051001"], description="NIP 18 digit")]
CursorQuery = Annotated[
    str | None, Query(description="next_cursor dari halaman sebelumnya", examples=["MTk4Ng"])
]
