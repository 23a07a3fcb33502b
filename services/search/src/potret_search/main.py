"""The search service application and its entry point `potret-search`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from potret_observability import configure_logging, install_request_id_middleware, no_arguments
from potret_observability.metrics import ServiceMetrics, install_http_metrics
from potret_observability.serving import serve_http
from potret_problems import install_problem_handlers
from potret_search.bootstrap import bootstrap
from potret_search.entrypoints import routes
from potret_search.settings import Settings, get_settings
from potret_service_auth import load_verifier
from potret_service_auth.asgi import install_service_auth


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the indexer thread starts with the app and stops with it."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        components = bootstrap(settings)
        app.state.index = components.index
        app.state.indexer = components.indexer
        if components.indexer is not None:
            components.indexer.start()
        yield
        if components.indexer is not None:
            components.indexer.stop()
        components.index.client.close()

    app = FastAPI(
        title="Potret — layanan pencarian",
        summary="Pencarian profil ASN di Elasticsearch (internal).",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_problem_handlers(app)
    # Only known services (gateway, operator tools) with a token for "search".
    install_service_auth(app, load_verifier("search"))
    install_request_id_middleware(app)
    install_http_metrics(app, ServiceMetrics("search"))
    app.include_router(routes.router)
    return app


def _registries(app: FastAPI) -> list[CollectorRegistry]:
    registries = [app.state.metrics.registry]
    indexer = getattr(app.state, "indexer", None)
    if indexer is not None:
        registries.append(indexer.metrics.registry)
    return registries


def run() -> None:
    """Entry point: serve on SEARCH_HOST:SEARCH_PORT."""
    no_arguments("potret-search", "Layanan pencarian profil ASN.", "SEARCH_")
    settings = get_settings()
    configure_logging(settings.log_level)
    app = create_app(settings)
    # metrics: request latency per route, process, and the indexer's index lag histogram,
    # documents indexed, stale and dead-lettered events, consumer lag
    serve_http(app, settings, lambda: _registries(app))
