"""The ranking service's process: serve gRPC until SIGTERM (entry point `potret-ranking`);
the server and the read model are put together by bootstrap.py."""

from __future__ import annotations

import asyncio
import logging
import signal

from grpc_health.v1 import health_pb2
from prometheus_client import start_http_server

from potret_observability import configure_logging, no_arguments
from potret_observability.metrics import ServiceMetrics
from potret_ranking.bootstrap import (
    SERVICE_NAME,
    create_server,
    register_read_model_metrics,
    restore_read_model,
)
from potret_ranking.entrypoints.consumer import ReadModelConsumer
from potret_ranking.settings import Settings, get_settings

log = logging.getLogger(__name__)


async def serve(settings: Settings) -> None:
    """Serve until SIGTERM/SIGINT; SERVING only once the read model has caught up."""
    model, offsets = restore_read_model(settings)
    metrics = ServiceMetrics("ranking")
    server, port, health_servicer = create_server(
        f"{settings.host}:{settings.port}", model, settings, metrics
    )
    loop = asyncio.get_running_loop()

    def set_ready(ready: bool) -> None:
        status = (
            health_pb2.HealthCheckResponse.SERVING
            if ready
            else health_pb2.HealthCheckResponse.NOT_SERVING
        )
        for name in ("", SERVICE_NAME):
            loop.call_soon_threadsafe(health_servicer.set, name, status)

    consumer = ReadModelConsumer(settings, model, set_ready, offsets=offsets)
    register_read_model_metrics(metrics, model, consumer)
    if settings.metrics_port:
        start_http_server(settings.metrics_port, addr=settings.host, registry=metrics.registry)
        log.info("metrics on http://%s:%d/metrics", settings.host, settings.metrics_port)
    await server.start()
    consumer.start()
    log.info("ranking service listening on %s:%d", settings.host, port)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    log.info("shutting down")
    health_servicer.enter_graceful_shutdown()
    await server.stop(grace=5)
    consumer.stop()


def run() -> None:
    """Entry point `potret-ranking`."""
    no_arguments("potret-ranking", "Layanan peringkat dan kecocokan jabatan (gRPC).", "RANKING_")
    settings = get_settings()
    configure_logging(settings.log_level)
    asyncio.run(serve(settings))
