"""Dependencies: backends and the request id. Each is `async def`: none does I/O, and FastAPI
runs a plain `def` dependency in a worker thread (a hop per request)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from potret_gateway.adapters.backends import Backends


async def get_backends(request: Request) -> Backends:
    backends: Backends = request.app.state.backends
    return backends


async def get_request_id(request: Request) -> str:
    request_id: str = request.state.request_id
    return request_id


BackendsDep = Annotated[Backends, Depends(get_backends)]
RequestIdDep = Annotated[str, Depends(get_request_id)]
