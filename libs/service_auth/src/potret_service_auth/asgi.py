"""The service-token check of the internal HTTP services (profile, search), as ASGI
middleware in front of every route: a request without a valid token from a caller the
service accepts gets 401 problem+json and reaches no route. Health probes stay open (they
carry no data; Kubernetes and the local scripts call them without a token); /metrics is
served on its own port.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from potret_problems import problem_response
from potret_service_auth.tokens import ServiceAuthError, Verifier

log = logging.getLogger("potret.service_auth")

OPEN_PATHS = frozenset({"/healthz", "/readyz"})


class ServiceAuthMiddleware:
    def __init__(self, app: ASGIApp, verifier: Verifier) -> None:
        self.app = app
        self.verifier = verifier

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan" or (
            scope["type"] == "http" and scope.get("path") in OPEN_PATHS
        ):
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # a websocket (none is served) gets no way around
            await send({"type": "websocket.close", "code": 1008})
            return
        header = None
        for name, value in scope.get("headers") or ():
            if name == b"authorization":
                header = value.decode("latin-1")
                break
        try:
            caller = self.verifier.verify(header)
        except ServiceAuthError as exc:
            # The path only: a query string may carry personal data (a NIK typed in search).
            log.warning(
                "service call refused: %s %s: %s", scope.get("method"), scope.get("path"), exc
            )
            response = problem_response(
                401,
                "service-unauthenticated",
                "Layanan pemanggil tidak dikenal",
                "Unknown calling service",
                detail=exc.reason,
                headers={"WWW-Authenticate": 'Bearer realm="potret-internal"'},
            )
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})["service_caller"] = caller
        await self.app(scope, receive, send)


def install_service_auth(app: FastAPI, verifier: Verifier) -> None:
    """Every route of `app` but the health probes requires a service token for
    `verifier.audience`."""
    app.add_middleware(ServiceAuthMiddleware, verifier=verifier)
