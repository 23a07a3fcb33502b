"""Wiring: the gRPC server (servicer, token check, request ids and metrics, health,
reflection) over the read model, restored from its snapshot when there is a usable one."""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from prometheus_client import Gauge

from potret.ranking.v1 import ranking_pb2, ranking_pb2_grpc
from potret_expertise import expertise_as_of
from potret_observability.metrics import ServiceMetrics
from potret_ranking.adapters.policy_files import load_policy
from potret_ranking.adapters.read_model import ReadModel
from potret_ranking.entrypoints.consumer import ReadModelConsumer
from potret_ranking.entrypoints.request_ids import RequestIdInterceptor
from potret_ranking.entrypoints.servicer import RankingServicer
from potret_ranking.settings import Settings
from potret_service_auth import load_verifier
from potret_service_auth.grpc_auth import ServiceAuthInterceptor

log = logging.getLogger(__name__)
SERVICE_NAME = ranking_pb2.DESCRIPTOR.services_by_name["RankingService"].full_name


def create_server(
    address: str, model: ReadModel, settings: Settings, metrics: ServiceMetrics | None = None
) -> tuple[grpc.aio.Server, int, health.HealthServicer]:
    """A server bound to `address` (port 0 picks a free port); returns (server, port, health)."""
    # The token check sits inside the request-id/metrics interceptor: a refused call is
    # logged and counted (code UNAUTHENTICATED) but never reaches the servicer.
    checked = ServiceAuthInterceptor(load_verifier("ranking"))
    server = grpc.aio.server(interceptors=[RequestIdInterceptor(metrics), checked])
    policy = load_policy(Path(settings.policy_path) if settings.policy_path else None)
    ranking_pb2_grpc.add_RankingServiceServicer_to_server(RankingServicer(model, policy), server)
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in ("", SERVICE_NAME):
        health_servicer.set(name, health_pb2.HealthCheckResponse.NOT_SERVING)
    reflection.enable_server_reflection(
        (SERVICE_NAME, health.SERVICE_NAME, reflection.SERVICE_NAME), server
    )
    port = server.add_insecure_port(address)
    return server, port, health_servicer


def register_read_model_metrics(
    metrics: ServiceMetrics, model: ReadModel, consumer: ReadModelConsumer
) -> None:
    """Gauges of the read model and its consumer, read at scrape time."""
    reg = metrics.registry
    Gauge(
        "potret_ranking_read_model_profiles", "ASN profiles held in the read model", registry=reg
    ).set_function(lambda: model.columns.live_count())
    Gauge(
        "potret_ranking_events_applied", "Profile and position events applied", registry=reg
    ).set_function(lambda: consumer.status.applied_total)
    Gauge(
        "potret_ranking_caught_up",
        "1 once the consumer reached the end of its topics",
        registry=reg,
    ).set_function(lambda: 1 if consumer.status.caught_up else 0)
    Gauge(
        "potret_ranking_snapshots_written", "Read-model snapshots written", registry=reg
    ).set_function(lambda: consumer.status.snapshots_written)
    Gauge(
        "potret_ranking_snapshot_seconds",
        "How long the last read-model snapshot took to write",
        registry=reg,
    ).set_function(lambda: consumer.status.snapshot_seconds)
    Gauge(
        "potret_ranking_month_rebuilds",
        "Rebuilds of the read model for a new month (expertise measured as of its first day)",
        registry=reg,
    ).set_function(lambda: consumer.status.month_rebuilds)
    Gauge(
        "potret_ranking_consumer_lag_records",
        "Profile and position events on the topics not yet applied to the read model",
        registry=reg,
    ).set_function(lambda: consumer.status.lag_records)


def restore_read_model(settings: Settings) -> tuple[ReadModel, dict[str, dict[int, int]] | None]:
    """The read model from the snapshot when there is a usable one, else empty."""
    path = Path(settings.snapshot_path) if settings.snapshot_path else None
    as_of = expertise_as_of(dt.date.today())
    if path is None or not path.exists():
        return ReadModel(as_of=as_of), None
    started = time.perf_counter()
    try:
        model, offsets = ReadModel.load(path, as_of=as_of)
    except Exception as exc:
        log.warning("ignoring unusable snapshot %s (%s); replaying the topics", path, exc)
        return ReadModel(as_of=as_of), None
    log.info(
        "read model restored from %s: %d profiles in %.1f s",
        path,
        len(model),
        time.perf_counter() - started,
    )
    return model, offsets
