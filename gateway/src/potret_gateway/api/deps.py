"""Dependencies: backends and the request id."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from potret_gateway.adapters.backends import Backends


def get_backends(request: Request) -> Backends:
    backends: Backends = request.app.state.backends
    return backends


def get_request_id(request: Request) -> str:
    request_id: str = request.state.request_id
    return request_id


BackendsDep = Annotated[Backends, Depends(get_backends)]
RequestIdDep = Annotated[str, Depends(get_request_id)]
