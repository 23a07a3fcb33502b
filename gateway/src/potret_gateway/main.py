"""The gateway application and its entry point `potret-gateway`."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI, Request, Response

from potret_gateway.adapters.backends import create_backends
from potret_gateway.api import ask, ranking, routes
from potret_gateway.settings import Settings, get_settings
from potret_problems import install_problem_handlers

log = logging.getLogger(__name__)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the gateway; backend clients live as long as the app."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.backends = create_backends(settings)
        yield
        await app.state.backends.close()

    app = FastAPI(
        title="Potret API",
        summary="Sistem talenta ASN: profil, pencarian keahlian, dan kecocokan jabatan.",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_problem_handlers(app)

    @app.middleware("http")
    async def request_id(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # Keep a caller's id when it is well-formed so traces join up across systems.
        incoming = request.headers.get("x-request-id", "")
        rid = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.state.request_id = rid
        response = await call_next(request)
        response.headers["X-Request-ID"] = rid
        return response

    app.include_router(routes.router)
    app.include_router(ranking.router)
    app.include_router(ask.router)
    app.include_router(routes.health_router)
    return app


def run() -> None:
    """Entry point: serve on GATEWAY_HOST:GATEWAY_PORT."""
    settings = get_settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
