"""Serving an HTTP service: the app with uvicorn and, on a port of its own, its metrics.

The profile, search and gateway processes start the same way; uvicorn is the `http` extra of
this library (the gRPC ranking service does not serve HTTP and does not need it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from prometheus_client import CollectorRegistry

from potret_observability import UVICORN_LOGGING
from potret_observability.metrics import serve_metrics


class Listening(Protocol):
    """Where a service listens: its settings (host, port, metrics_port; 0: no metrics)."""

    @property
    def host(self) -> str: ...

    @property
    def port(self) -> int: ...

    @property
    def metrics_port(self) -> int: ...


def serve_http(
    app: Any,
    where: Listening,
    registries: Callable[[], Sequence[CollectorRegistry]],
    **uvicorn_options: Any,
) -> None:
    """Serve `app` on `where`'s host and port until stopped, logging as `configure_logging`
    set up (an option given here wins over that default). With a `metrics_port`, Prometheus
    metrics (`registries`) on that port of their own, apart from the API: a network policy
    can then let monitoring reach the metrics and nothing else."""
    import uvicorn

    if where.metrics_port:
        serve_metrics(where.host, where.metrics_port, registries)
    options = {**UVICORN_LOGGING, **uvicorn_options}
    uvicorn.run(app, host=where.host, port=where.port, **options)
