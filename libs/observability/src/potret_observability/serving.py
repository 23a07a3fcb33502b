"""Serving an HTTP service: the app with uvicorn and, on a port of its own, its metrics.

The profile, search and gateway processes start the same way; uvicorn is the `http` extra of
this library (the gRPC ranking service does not serve HTTP and does not need it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from prometheus_client import CollectorRegistry

from potret_observability import UVICORN_LOGGING
from potret_observability.metrics import serve_metrics


def serve_http(
    app: Any,
    *,
    host: str,
    port: int,
    metrics_port: int,
    registries: Callable[[], Sequence[CollectorRegistry]],
    **uvicorn_options: Any,
) -> None:
    """Serve `app` on host:port until stopped, logging as `configure_logging` set up (an
    option given here wins over that default). With
    `metrics_port`, Prometheus metrics (`registries`) on that port of their own, apart from
    the API: a network policy can then let monitoring reach the metrics and nothing else."""
    import uvicorn

    if metrics_port:
        serve_metrics(host, metrics_port, registries)
    uvicorn.run(app, host=host, port=port, **{**UVICORN_LOGGING, **uvicorn_options})
