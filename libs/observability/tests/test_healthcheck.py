"""The containers' health check against real servers on this machine: an HTTP service that
answers 200, one that answers 503, a closed port, a gRPC service serving and not serving."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from potret_observability.healthcheck import DEFAULT_TARGETS, healthy, main
from potret_testkit.local import free_port


class _Handler(BaseHTTPRequestHandler):
    status: ClassVar[int] = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    _Handler.status = 200


def test_http_is_healthy_on_200_only(
    http_server: ThreadingHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"http://127.0.0.1:{http_server.server_address[1]}/healthz"
    assert healthy(url) == (True, "HTTP 200")
    monkeypatch.setenv("POTRET_HEALTHCHECK", url)
    assert main([]) == 0  # the target from the image's environment
    _Handler.status = 503
    ok, said = healthy(url)
    assert not ok
    assert "503" in said
    assert main([url]) == 1
    assert not healthy(f"http://127.0.0.1:{free_port()}/healthz", timeout=1)[0]  # refused
    assert not healthy("tcp://127.0.0.1:1")[0]
    monkeypatch.delenv("POTRET_HEALTHCHECK")
    assert main([]) == 1  # no target at all
    monkeypatch.setenv("POTRET_SERVICE", "search")  # the image's service, its default port
    monkeypatch.setitem(DEFAULT_TARGETS, "search", url)
    _Handler.status = 200
    assert main([]) == 0
    monkeypatch.setenv("POTRET_SERVICE", "perpustakaan")
    assert main([]) == 1


def test_grpc_is_healthy_when_serving() -> None:
    server = grpc.server(ThreadPoolExecutor(2))
    servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        target = f"grpc://127.0.0.1:{port}"
        servicer.set("", health_pb2.HealthCheckResponse.NOT_SERVING)
        assert healthy(target) == (False, "NOT_SERVING")
        servicer.set("", health_pb2.HealthCheckResponse.SERVING)
        assert healthy(target) == (True, "SERVING")
    finally:
        server.stop(None)
    assert healthy(target, timeout=1)[0] is False  # stopped: UNAVAILABLE
