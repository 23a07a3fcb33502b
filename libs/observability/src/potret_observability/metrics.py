"""Prometheus metrics shared by the services: request rate and latency per route (HTTP) or
method (gRPC), process metrics, and the text exposition for /metrics.

Series (every one labelled with `service`):
- potret_http_request_duration_seconds{service,method,route,status} — histogram; its
  `_count` is the request rate per route. `route` is the route template (/v1/profiles/{nip}),
  never the raw path, so the label set stays small.
- potret_grpc_server_handling_seconds{service,method,code} — histogram per RPC.
- process_* — CPU, memory, open files of the process.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    ProcessCollector,
    generate_latest,
)

__all__ = ["CONTENT_TYPE_LATEST", "ServiceMetrics", "exposition", "install_http_metrics"]

LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class ServiceMetrics:
    """The metrics of one service process, in their own registry."""

    def __init__(self, service: str, registry: CollectorRegistry | None = None) -> None:
        self.service = service
        self.registry = registry or CollectorRegistry()
        ProcessCollector(registry=self.registry)
        self.http = Histogram(
            "potret_http_request_duration_seconds",
            "HTTP request latency by route template, method and status",
            ["service", "method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.grpc = Histogram(
            "potret_grpc_server_handling_seconds",
            "gRPC call latency by method and status code",
            ["service", "method", "code"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )

    def observe_http(self, method: str, route: str, status: int, seconds: float) -> None:
        self.http.labels(self.service, method, route, str(status)).observe(seconds)

    def observe_grpc(self, method: str, code: str, seconds: float) -> None:
        self.grpc.labels(self.service, method, code).observe(seconds)


def exposition(*registries: CollectorRegistry) -> bytes:
    """The Prometheus text format of every registry given."""
    return b"".join(generate_latest(r) for r in registries)


def install_http_metrics(app: Any, metrics: ServiceMetrics) -> None:
    """Time every request of a FastAPI/Starlette app by its route template."""

    async def _timed(request: Any, call_next: Callable[[Any], Awaitable[Any]]) -> Any:
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            route = request.scope.get("route")
            template = getattr(route, "path", None) or "(unmatched)"
            metrics.observe_http(request.method, template, status, time.perf_counter() - started)

    app.middleware("http")(_timed)
    app.state.metrics = metrics
