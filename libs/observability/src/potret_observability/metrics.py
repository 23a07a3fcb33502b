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

import threading
import time
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    ProcessCollector,
    generate_latest,
)

__all__ = [
    "CONTENT_TYPE_LATEST",
    "HttpMetrics",
    "ServiceMetrics",
    "exposition",
    "install_http_metrics",
    "serve_metrics",
]

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


def serve_metrics(
    host: str, port: int, registries: Callable[[], Sequence[CollectorRegistry]]
) -> ThreadingHTTPServer:
    """GET /metrics on a port of its own (a daemon thread), apart from the API port: a
    network policy can then let Prometheus reach the metrics and nothing else."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?", 1)[0] != "/metrics":
                self.send_error(404)
                return
            body = exposition(*registries())
            self.send_response(200)
            self.send_header("Content-Type", CONTENT_TYPE_LATEST)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return  # scrapes every few seconds: not worth a log line

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    return server


class HttpMetrics:
    """Pure ASGI middleware timing every request by its route template (no per-request task
    or stream, unlike Starlette's BaseHTTPMiddleware: the gateway's thin-hop budget)."""

    def __init__(self, app: Any, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def noted(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "(unmatched)"
            self.metrics.observe_http(
                scope["method"], template, status, time.perf_counter() - started
            )


def install_http_metrics(app: Any, metrics: ServiceMetrics) -> None:
    """Time every request of a FastAPI/Starlette app by its route template."""
    app.add_middleware(HttpMetrics, metrics=metrics)
    app.state.metrics = metrics
