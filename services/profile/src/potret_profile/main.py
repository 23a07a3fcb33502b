"""The profile service application and its entry point `potret-profile`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI

from potret_observability import configure_logging, install_request_id_middleware
from potret_problems import install_problem_handlers
from potret_profile.api import health, imports, positions, profiles
from potret_profile.bootstrap import bootstrap
from potret_profile.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; components are created at start-up and closed at shutdown."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        components = bootstrap(settings)
        app.state.store = components.store
        app.state.relay = components.relay
        if components.relay is not None:
            components.relay.start()
        scheduler = None
        if settings.siasn_sync_enabled:
            from potret_profile.siasn_sync import SiasnScheduler

            relay = components.relay
            scheduler = SiasnScheduler(
                components.store, settings, relay.notify if relay is not None else None
            )
            scheduler.start()
        app.state.siasn = scheduler
        yield
        if scheduler is not None:
            scheduler.stop()
        if components.relay is not None:
            components.relay.stop()

    app = FastAPI(
        title="Potret — layanan profil",
        summary="Sistem rekam data ASN (internal). Setiap perubahan diterbitkan ke Kafka.",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_problem_handlers(app)
    install_request_id_middleware(app)
    app.include_router(profiles.router)
    app.include_router(positions.router)
    app.include_router(imports.router)
    app.include_router(health.router)
    return app


def run() -> None:
    """Entry point: serve on PROFILE_HOST:PROFILE_PORT."""
    settings = get_settings()
    configure_logging(settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="info",
        log_config=None,  # keep configure_logging's handlers (request id in every line)
        access_log=False,  # potret.access logs each request with its id instead
    )
