"""The profile service application and its entry point `potret-profile`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from prometheus_client import Gauge

from potret_observability import configure_logging, install_request_id_middleware, no_arguments
from potret_observability.metrics import (
    ServiceMetrics,
    install_http_metrics,
)
from potret_observability.serving import serve_http
from potret_problems import install_problem_handlers, problem_response
from potret_profile.adapters.duplicate_pairs import KeptPairs
from potret_profile.adapters.store import WriteConflict
from potret_profile.bootstrap import bootstrap
from potret_profile.entrypoints import (
    consistency,
    corrections,
    duplicates,
    health,
    imports,
    positions,
    profiles,
    quality,
)
from potret_profile.entrypoints.siasn_sync import opd_names
from potret_profile.service.duplicate_book import DuplicateBuilder, DuplicatesBuilding
from potret_profile.service.quality_book import QualityBuilder
from potret_profile.settings import Settings, get_settings
from potret_service_auth import load_verifier
from potret_service_auth.asgi import install_service_auth
from potret_sqldb import StoreUnavailable, ValueRejected

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; components are created at start-up and closed at shutdown."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        components = bootstrap(settings)  # a broken rules file stops the start
        app.state.quality_rules = components.quality_rules
        app.state.opd_names = opd_names(settings)  # a broken names file stops the start too
        app.state.store = components.store
        app.state.relay = components.relay
        if components.relay is not None:
            components.relay.start()
        scheduler = None
        if settings.siasn_sync_enabled:
            from potret_profile.entrypoints.siasn_sync import SiasnScheduler

            relay = components.relay
            scheduler = SiasnScheduler(
                components.store, settings, relay.notify if relay is not None else None
            )
            scheduler.start()
        app.state.siasn = scheduler
        builders = [
            QualityBuilder(components.store),  # the report's kept counts (quality_book)
            DuplicateBuilder(KeptPairs(components.store.database)),  # (duplicate_book)
        ]
        for builder in builders:
            builder.start()
        app.state.builders = builders
        yield
        for builder in builders:
            builder.stop()
        if scheduler is not None:
            scheduler.stop()
        if components.relay is not None:
            components.relay.stop()
        components.store.close()

    app = FastAPI(
        title="Potret — layanan profil",
        summary="Sistem rekam data ASN (internal). Setiap perubahan diterbitkan ke Kafka.",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_problem_handlers(app)

    @app.exception_handler(StoreUnavailable)
    async def store_unavailable(request: Request, exc: StoreUnavailable) -> Response:
        # Down, timed out or read-only: a transaction is stored whole or not at all. Only a
        # connection lost during COMMIT leaves it unknown which, hence "periksa".
        log.error("profile store unavailable: %s", exc)
        return problem_response(
            503,
            "store-unavailable",
            "Basis data profil tidak dapat dihubungi atau hanya-baca; perubahan mungkin belum"
            " tersimpan: periksa datanya, lalu coba lagi (dengan If-Match)",
            "The profile database cannot be reached or is read-only; the change may not have"
            " been stored: read it back, then retry (with If-Match)",
            instance=request.url.path,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(DuplicatesBuilding)
    async def duplicates_building(request: Request, exc: DuplicatesBuilding) -> Response:
        return problem_response(
            503,
            "duplicates-building",
            "Daftar kemungkinan duplikat sedang disusun pertama kali di latar belakang; coba"
            " lagi beberapa menit lagi",
            "The likely-duplicates list is being built for the first time in the background;"
            " try again in a few minutes",
            detail=f"{exc.live} profil aktif; terlalu banyak untuk dibandingkan dalam satu"
            " permintaan",
            instance=request.url.path,
            headers={"Retry-After": "60"},
        )

    @app.exception_handler(WriteConflict)
    async def write_conflict(request: Request, exc: WriteConflict) -> Response:
        return problem_response(
            409,
            "write-conflict",
            "Data yang sama dibuat bersamaan oleh permintaan lain; tidak ada yang disimpan dari"
            " permintaan ini, coba lagi",
            "The same record was created by another request at the same moment; nothing of"
            " this request was stored, try again",
            detail=f"{exc.kind} {exc.key}",
            instance=request.url.path,
        )

    @app.exception_handler(ValueRejected)
    async def value_rejected(request: Request, exc: ValueRejected) -> Response:
        log.warning("profile store refused a value: %s", exc)  # the database's own words
        return problem_response(
            422,
            "value-rejected",
            "Nilai tidak dapat disimpan (mis. karakter NUL dalam teks); tidak ada yang disimpan",
            "A value cannot be stored (e.g. a NUL character in text); nothing was stored",
            instance=request.url.path,
        )

    # Only known services (gateway, search's reindex, operator tools) with a token for
    # "profile"; the key files are read now, so a missing key stops the start.
    install_service_auth(app, load_verifier("profile"))
    install_request_id_middleware(app)
    metrics = ServiceMetrics("profile")
    install_http_metrics(app, metrics)
    Gauge(
        "potret_profile_outbox_backlog",
        "Changes stored but not yet published to Kafka (outbox rows unsent)",
        registry=metrics.registry,
    ).set_function(lambda: app.state.store.backlog() if hasattr(app.state, "store") else 0)

    app.state.metrics = metrics  # served on PROFILE_METRICS_PORT by run()
    app.include_router(quality.router)
    app.include_router(corrections.router)
    app.include_router(duplicates.router)
    app.include_router(profiles.router)
    app.include_router(positions.router)
    app.include_router(imports.router)
    app.include_router(consistency.router)
    app.include_router(health.router)
    return app


def run() -> None:
    """Entry point: serve on PROFILE_HOST:PROFILE_PORT."""
    no_arguments("potret-profile", "Layanan profil ASN (sistem rekam data).", "PROFILE_")
    settings = get_settings()
    configure_logging(settings.log_level)
    app = create_app(settings)
    # metrics: request latency per route, outbox backlog, process
    serve_http(app, settings, lambda: [app.state.metrics.registry])
