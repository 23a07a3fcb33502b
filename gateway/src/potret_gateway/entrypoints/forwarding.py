"""Relaying a backend's answer: the one way a route passes a call on to the profile or the
search service."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx
from fastapi import Response

from potret_gateway.adapters.backends import BackendClient
from potret_gateway.service.calls import backend_unreachable

_PASS_HEADERS = ("etag", "location", "retry-after")


async def forward(
    client: BackendClient,
    name: str,
    method: str,
    path: str,
    request_id: str,
    *,
    transform: Callable[[Any], Any] | None = None,
    actor: str | None = None,
    **kwargs: Any,
) -> Response:
    """Call a backend and relay its answer (status, selected headers, the body unchanged or,
    for a JSON success, through `transform`). `actor`, for writes, goes along as
    X-Potret-Actor (percent-encoded): the profile service records it as the source."""
    headers = {"X-Request-ID": request_id, **kwargs.pop("headers", {})}
    if actor is not None:
        headers["X-Potret-Actor"] = quote(actor, safe=" :()@._-")
    try:
        resp = await client.request(method, path, headers=headers, **kwargs)
    except httpx.HTTPError as exc:
        raise backend_unreachable(name, exc) from exc
    out_headers = {k: v for k, v in resp.headers.items() if k.lower() in _PASS_HEADERS}
    if "location" in out_headers:
        out_headers["location"] = "/v1" + out_headers["location"]
    content = resp.content
    if transform is not None and resp.is_success and content:
        content = json.dumps(transform(resp.json()), ensure_ascii=False).encode()
    elif resp.headers.get("content-type", "").startswith("application/problem+json"):
        # A backend's problem names the backend's path; the caller asked for /v1/...
        try:
            problem = resp.json()
        except ValueError:
            problem = None
        if isinstance(problem, dict) and problem.get("instance") == path.split("?")[0]:
            problem["instance"] = "/v1" + problem["instance"]
            content = json.dumps(problem, ensure_ascii=False).encode()
    return Response(
        content=content,
        status_code=resp.status_code,
        media_type=resp.headers.get("content-type"),
        headers=out_headers,
    )
