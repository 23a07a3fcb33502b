"""Limits before work: the request body and the path are checked before anything parses,
authenticates or forwards the request (issue 18, item 5 and 6).

- The body may hold at most `max_body_bytes` (1 MiB by default), `max_import_body_bytes`
  under /v1/imports/ (16 MiB): a larger Content-Length is refused at once, and a body sent
  without one (chunked) is counted as the route reads it and refused when it passes the
  limit. Nothing is read ahead: a request refused before its body is read (no credentials)
  costs no memory, so an unauthenticated 60 MB body is never read, let alone parsed.
- A path with a dot segment (`.`, `..`, also written `%2e%2e`), an encoded slash or
  backslash, a backslash, an empty segment or a control character is refused: such paths
  are normalised differently by each hop (`/v1/profiles/%2e%2e/quality` reached the
  regency-wide quality report of the profile service).

Both answer with a problem (413 `body-too-large`, 400 `path-invalid`) and mark the request
as refused, so the audit trail records it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from potret_problems.problems import PROBLEM_JSON, TYPE_BASE

IMPORT_PREFIX = "/v1/imports/"
# In the raw (still percent-encoded) path: an encoded slash, backslash or dot, a backslash.
_RAW_TRICK = re.compile(rb"%2f|%5c|%2e|\\", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _problem(status: int, slug: str, title: str, title_en: str, path: str) -> bytes:
    return json.dumps(
        {
            "type": TYPE_BASE + slug,
            "title": title,
            "title_en": title_en,
            "status": status,
            "instance": path if not _CONTROL.search(path) else None,
        },
        ensure_ascii=False,
    ).encode()


def path_is_tricky(path: str, raw_path: bytes | None) -> bool:
    """A path that different hops could read differently."""
    if raw_path is not None and _RAW_TRICK.search(raw_path.split(b"?", 1)[0]):
        return True
    if _CONTROL.search(path) or "\\" in path:
        return True
    segments = path.split("/")[1:]
    if path != "/" and any(s in ("", ".", "..") for s in segments[:-1]):
        return True
    return bool(segments) and segments[-1] in (".", "..")


class RequestLimits:
    """Pure ASGI middleware: path and body checks before the request reaches a route."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, max_import_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_import_body_bytes = max_import_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path_is_tricky(path, scope.get("raw_path")):
            await self._refuse(
                scope,
                send,
                400,
                "path-invalid",
                "Alamat tidak sah: segmen '.' atau '..', garis miring tersandi, atau karakter "
                "kendali tidak diterima",
                "Invalid path: dot segments, encoded slashes or control characters",
            )
            return
        limit = (
            self.max_import_body_bytes if path.startswith(IMPORT_PREFIX) else self.max_body_bytes
        )
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self._too_large(scope, send, limit)
            return
        # Otherwise (within the limit, or no Content-Length: chunked) the body is counted as
        # the route reads it; nothing is read ahead, so a request refused before its body is
        # read (401, 403) costs no memory, whatever it was about to send.
        state = {"started": False, "over": False}

        async def tracked(message: Message) -> None:
            if state["over"]:
                # The body passed the limit while the route read it; whatever the route made
                # of that (FastAPI answers a failed body read with 400), the answer is 413.
                if message["type"] == "http.response.start" and not state["started"]:
                    state["started"] = True
                    await self._too_large(scope, send, limit)
                return
            state["started"] = state["started"] or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, _counted(receive, limit, state), tracked)
        except BodyTooLarge:
            if not state["started"]:
                state["started"] = True
                await self._too_large(scope, send, limit)

    async def _too_large(self, scope: Scope, send: Send, limit: int) -> None:
        await self._refuse(
            scope,
            send,
            413,
            "body-too-large",
            f"Isi permintaan terlalu besar: paling banyak {limit} byte untuk alamat ini",
            f"Request body too large: at most {limit} bytes for this path",
        )

    async def _refuse(
        self, scope: Scope, send: Send, status: int, slug: str, title: str, title_en: str
    ) -> None:
        scope.setdefault("state", {})["refused"] = slug
        body = _problem(status, slug, title, title_en, scope["path"])
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", PROBLEM_JSON.encode()),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyTooLarge(Exception):
    """Raised into the route that reads a body past the limit; answered with 413."""


def _counted(receive: Receive, limit: int, state: dict[str, bool]) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            state["over"] = True
            raise BodyTooLarge
        return message

    return wrapped


__all__: list[Any] = ["BodyTooLarge", "RequestLimits", "path_is_tricky"]
