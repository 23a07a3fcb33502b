"""The gateway application and its entry point `potret-gateway`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import anyio
from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from potret_gateway.adapters.audit import AuditLog
from potret_gateway.bootstrap import bootstrap
from potret_gateway.domain.privacy import AuditRedactor
from potret_gateway.entrypoints import (
    ask,
    audit,
    auth,
    corrections,
    exports,
    health,
    imports,
    positions,
    profiles,
    quality,
    ranking,
    search,
    shortlists,
)
from potret_gateway.entrypoints.limits import RequestLimits
from potret_gateway.entrypoints.trail import RequestTrail, StaticHeaders
from potret_gateway.settings import Settings, get_settings
from potret_observability import (
    configure_logging,
    no_arguments,
)
from potret_observability.metrics import (
    ServiceMetrics,
    install_http_metrics,
)
from potret_observability.serving import serve_http
from potret_problems import install_problem_handlers, problem_response
from potret_sqldb import StoreUnavailable

log = logging.getLogger(__name__)
access_log = logging.getLogger("potret.access")


def _checkpoint_now(audit: AuditLog) -> None:
    try:
        audit.checkpoint()
    except Exception:
        log.exception("cannot write an audit checkpoint")


async def _checkpoints(audit: AuditLog, every_s: float) -> None:
    """Sign the audit chain's head outside the database on a schedule (audit.py)."""
    while True:
        await anyio.sleep(every_s)
        await anyio.to_thread.run_sync(_checkpoint_now, audit)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the gateway; backend clients live as long as the app."""
    settings = settings or get_settings()
    signing_key = settings.signing_key()  # fail at start, not at the first login
    redactor = AuditRedactor(settings.audit_key())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        parts = bootstrap(settings)
        app.state.backends = parts.backends
        app.state.audit = parts.audit
        app.state.audit_writer = parts.audit_writer
        app.state.auth = parts.auth
        app.state.shortlists = parts.shortlists
        app.state.settings = settings
        app.state.signing_key = signing_key
        app.state.limiter = parts.limiter
        app.state.login_guard = parts.login_guard
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(_checkpoints, parts.audit, settings.audit_checkpoint_s)
            yield
            tasks.cancel_scope.cancel()
        await parts.backends.close()
        await anyio.to_thread.run_sync(parts.audit_writer.close)
        await anyio.to_thread.run_sync(_checkpoint_now, parts.audit)  # at shutdown
        parts.close_stores()

    app = FastAPI(
        title="Potret API",
        summary="Sistem talenta ASN: profil, pencarian keahlian, dan kecocokan jabatan.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # install_docs: Swagger UI from this gateway, not from a CDN
        redoc_url=None,
    )
    install_problem_handlers(app)

    @app.exception_handler(StoreUnavailable)
    async def store_unavailable(request: Request, exc: StoreUnavailable) -> Response:
        log.error("gateway database unavailable: %s", exc)
        return problem_response(
            503,
            "store-unavailable",
            "Basis data gateway (pengguna, kunci API) tidak dapat dihubungi; coba lagi",
            "The gateway database (users, API keys) cannot be reached; try again",
            instance=request.url.path,
            headers={"Retry-After": "5"},
        )

    # Inside the request-id and audit middleware (registered below, so outer): a refused
    # body or path is answered before any route, parser or credential check runs, and is
    # still on the audit trail.
    app.add_middleware(
        RequestLimits,
        max_body_bytes=settings.max_body_bytes,
        max_import_body_bytes=settings.max_import_body_bytes,
    )
    metrics = ServiceMetrics("gateway")
    install_http_metrics(app, metrics)
    app.state.metrics = metrics  # served on GATEWAY_METRICS_PORT by run()
    # Outer to the metrics and the limits: every answer, a refused one too, has its request
    # id and audit entry (entrypoints/trail.py).
    app.add_middleware(RequestTrail, redactor=redactor, audit=lambda: app.state.audit_writer)

    app.include_router(auth.router)
    app.include_router(ask.router)  # before positions: /positions/resolve is not a position id
    app.include_router(exports.router)  # before search and audit: /search/export, /audit/query
    for resource in (profiles, quality, positions, imports, search):
        app.include_router(resource.router)
    app.include_router(ranking.router)
    app.include_router(audit.router)
    app.include_router(corrections.router)
    app.include_router(shortlists.router)
    app.include_router(health.health_router)
    install_console(app)
    install_docs(app)
    app.add_middleware(
        StaticHeaders,
        rules=[
            ("/console/", {**CONSOLE_HEADERS, "Cache-Control": "no-cache"}),
            ("/docs/assets/", DOCS_HEADERS),
        ],
    )
    if settings.trusted_proxies:
        # Outermost, so every middleware and route sees the client the proxy names.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    return app


CONSOLE_DIR = Path(__file__).parent / "console"
# The console loads only its own files; no inline script, nothing from elsewhere.
CONSOLE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' "
    "'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def install_console(app: FastAPI) -> None:
    """The web console at / (static ES modules, no build step), same origin as the API."""
    app.mount("/console", StaticFiles(directory=CONSOLE_DIR), name="console")

    @app.get("/", include_in_schema=False)
    async def console_index() -> FileResponse:
        return FileResponse(CONSOLE_DIR / "index.html", headers=CONSOLE_HEADERS)


DOCS_DIR = Path(__file__).parent / "apidocs"
# Swagger UI's files from the fastapi-swagger wheel (pinned, hashed in uv.lock): /docs works on
# an offline network and runs no third-party script on the console's origin.
SWAGGER_DIR = Path(str(resources.files("fastapi_swagger").joinpath("resources")))
# Swagger UI sets inline styles and shows data: images, as the console does; scripts only
# from here: the console's policy fits it.
DOCS_HEADERS = CONSOLE_HEADERS


def install_docs(app: FastAPI) -> None:
    """/docs: Swagger UI for /openapi.json, every file served by the gateway itself."""
    app.mount("/docs/assets", StaticFiles(directory=SWAGGER_DIR), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs_index() -> FileResponse:
        return FileResponse(DOCS_DIR / "index.html", headers=DOCS_HEADERS)

    @app.get("/docs/init.js", include_in_schema=False)
    async def docs_init() -> FileResponse:
        return FileResponse(
            DOCS_DIR / "init.js", media_type="text/javascript", headers=DOCS_HEADERS
        )


def run() -> None:
    """Entry point: serve on GATEWAY_HOST:GATEWAY_PORT."""
    no_arguments("potret-gateway", "Gateway REST API Potret dan konsol web.", "GATEWAY_")
    settings = get_settings()
    configure_logging(settings.log_level)
    app = create_app(settings)
    # metrics not on the public API port, which the ingress routes
    # proxy headers: create_app trusts GATEWAY_TRUSTED_PROXIES only
    serve_http(app, settings, lambda: [app.state.metrics.registry], proxy_headers=False)
