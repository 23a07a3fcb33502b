"""The request's trail: its id, the access log line and the audit entry, as pure ASGI
middleware (issue 23: a thin gateway).

Starlette's `@app.middleware("http")` runs every request through a task group and a memory
stream and wraps the response twice; here the messages pass straight through, and only a
response that must be audited is held back, until its audit entry is stored:

- every response carries X-Request-ID (the caller's, when well-formed) and nosniff;
- a request that touches people's data (`audited_action`), a refused one (limits.py)
  and every 403 are written to the audit trail *before* the answer leaves: the body is held
  to record the NIPs it returns (an audit read is recorded without its body and streamed);
- the audit trail cannot be written: 503 `audit-unavailable` instead of the answer (fail
  closed: an answer about people is never given without its record).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from starlette.datastructures import URL, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from potret_gateway.adapters.audit import AuditWriter, now
from potret_gateway.domain.audit import Entry, audited_action, nips_in
from potret_gateway.domain.privacy import AuditRedactor, mask_text
from potret_observability import accept_request_id, loggable_path, request_id_var
from potret_problems import problem_response

log = logging.getLogger(__name__)
access_log = logging.getLogger("potret.access")


def log_safe(path: str) -> str:
    """A path as logged: a NIK in it masked, control characters escaped (a crafted path must
    not forge a log line, a checkpoint among them)."""
    return loggable_path(mask_text(path))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


class RequestTrail:
    """Request id, access log and audit entry of every HTTP request."""

    def __init__(
        self, app: ASGIApp, redactor: AuditRedactor, audit: Callable[[], AuditWriter]
    ) -> None:
        self.app = app
        self.redactor = redactor
        self.audit = audit  # the app's audit writer, made at startup (lifespan)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Keep a caller's id when it is well-formed so traces join up across systems.
        rid = accept_request_id(_header(scope, b"x-request-id"))
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = rid
        token = request_id_var.set(rid)
        started = time.perf_counter()
        url = URL(scope=scope)  # path and query as a Request reads them
        status = 0
        held_start: Message | None = None
        held_body: list[bytes] = []
        action: str | None = None
        passing = False  # the answer goes through as it comes (nothing to audit, or streamed)
        swallowed = False  # the answer was replaced by the audit's 503

        def stamped(message: Message) -> Message:
            headers = MutableHeaders(scope=message)
            headers["X-Request-ID"] = rid
            headers.setdefault("X-Content-Type-Options", "nosniff")
            return message

        async def trail(message: Message) -> None:
            nonlocal status, held_start, action, passing, swallowed
            if swallowed:
                return
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                status = message["status"]
                action = audited_action(scope["method"], url.path)
                if action is None and status == 403:
                    action = "forbidden"  # every refused attempt is on record
                if state.get("refused"):  # a body or path refused before any route
                    action = "refused"
                if action is None:
                    passing = True
                    await send(stamped(message))
                elif action.startswith("audit."):
                    # An audit read is recorded without its body (an export may be large;
                    # it lists the log itself) and streamed once its entry is stored.
                    if await self._record(scope, url, rid, action, status, b""):
                        passing = True
                        await send(stamped(message))
                    else:
                        swallowed = True
                        await self._unavailable(scope, url, send, rid)
                else:
                    held_start = message
                return
            if message["type"] != "http.response.body" or held_start is None:
                await send(message)
                return
            held_body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(held_body)
            assert action is not None
            if not await self._record(scope, url, rid, action, status, body):
                swallowed = True
                await self._unavailable(scope, url, send, rid)
                return
            start = stamped(held_start)
            headers = MutableHeaders(scope=start)
            if "content-length" not in headers and status >= 200 and status not in (204, 304):
                headers["content-length"] = str(len(body))  # a streamed answer, now whole
            await send(start)
            await send({"type": "http.response.body", "body": body})

        try:
            await self.app(scope, receive, trail)
            access_log.info(
                "%s %s %d %.1fms %s",
                scope["method"],
                log_safe(url.path),
                503 if swallowed else status,
                (time.perf_counter() - started) * 1000,
                state.get("actor", "-"),
            )
        finally:
            request_id_var.reset(token)

    async def _record(
        self, scope: Scope, url: URL, rid: str, action: str, status: int, body: bytes
    ) -> bool:
        """Store the audit entry of this answer; False when it cannot be stored."""
        state = scope["state"]
        client = scope["client"][0] if scope.get("client") else "-"
        refused = state.get("refused")
        entry = Entry(
            at=now(),
            actor=state.get("actor") or f"anonim ({client})",
            action=action,
            method=scope["method"],
            path=self.redactor.text(url.path),
            query=self.redactor.text(url.query),
            detail=self.redactor.detail(str(state.get("audit_detail", "") or refused or ""))[:2000],
            status=status,
            request_id=rid,
            # a route that knows whom it returned says so (an XLSX is compressed)
            nips=state.get("audit_nips") or nips_in(body),
        )
        try:
            await self.audit().write(entry)
        except Exception:
            log.exception("cannot write the audit trail")
            return False
        return True

    async def _unavailable(self, scope: Scope, url: URL, send: Send, rid: str) -> None:
        # Fail closed: an answer about people is never given without its audit record.
        response = problem_response(
            503,
            "audit-unavailable",
            "Jejak audit tidak dapat ditulis; permintaan dibatalkan",
            "The audit trail cannot be written; request refused",
            instance=url.path,
            headers={"X-Request-ID": rid, "X-Content-Type-Options": "nosniff"},
        )

        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, nothing, send)


class StaticHeaders:
    """Fixed headers (CSP, nosniff ...) on every answer under a path prefix."""

    def __init__(self, app: ASGIApp, rules: Sequence[tuple[str, dict[str, str]]]) -> None:
        self.app = app
        self.rules = tuple(rules)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra: dict[str, str] = {}
        for prefix, headers in self.rules:
            if scope["path"].startswith(prefix):
                extra.update(headers)
        if not extra:
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(extra)
            await send(message)

        await self.app(scope, receive, with_headers)
