"""The gateway's client of the search service (adapters/backends.py AiohttpReadClient),
against real HTTP servers on this machine: it answers and fails as httpx does."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer

from potret_gateway.adapters.backends import AiohttpReadClient
from potret_problems import ProblemError
from potret_service_auth import ServiceTokenAuth, load_identity, load_verifier
from potret_testkit.gateway import open_gateway

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@pytest_asyncio.fixture
async def serve() -> AsyncIterator[Callable[[Handler], asyncio.Future[str]]]:
    """Start an HTTP server answering with `handler`; yields its base URL."""
    servers: list[TestServer] = []

    async def start(handler: Handler) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handler)
        server = TestServer(app, host="127.0.0.1")
        await server.start_server()
        servers.append(server)
        return str(server.make_url("")).rstrip("/")

    yield start  # type: ignore[misc]
    for server in servers:
        await server.close()


def _client(base_url: str, timeout: float = 5) -> AiohttpReadClient:
    return AiohttpReadClient(base_url, timeout, load_identity("gateway"), "search")


@pytest.mark.asyncio
async def test_a_reply_comes_back_as_httpx_gives_it_with_the_request_httpx_would_send(
    serve: Callable[[Handler], asyncio.Future[str]],
) -> None:
    seen: list[dict[str, str]] = []

    async def answer(request: web.Request) -> web.Response:
        seen.append(
            {
                "path": request.raw_path,  # as sent, still encoded
                "caller": load_verifier("search").verify(request.headers.get("Authorization")),
                "request_id": request.headers.get("X-Request-ID", ""),
            }
        )
        body = json.dumps({"data": [{"nip": "198609262015051001"}]})
        return web.json_response(text=body, headers={"ETag": '"v3"'})

    base = await serve(answer)
    params: list[tuple[str, str | int | float | bool | None]] = [
        ("q", "penyuluh pertanian & gizi=anak"),
        ("domain", "kelautan_perikanan"),
        ("domain", "pertanian"),
        ("name", "Siti Aminah, S.Pi. ö"),
        ("limit", 20),
    ]
    client = _client(base)
    try:
        resp = await client.get("/search", params=params, headers={"X-Request-ID": "r-1"})
    finally:
        await client.aclose()
    # the same call through httpx, the client it replaces
    auth = ServiceTokenAuth(load_identity("gateway"), "search")
    async with httpx.AsyncClient(base_url=base, auth=auth) as reference:
        expected = await reference.get("/search", params=params, headers={"X-Request-ID": "r-1"})
    assert seen[0] == seen[1]  # path and query byte for byte, token and request id
    assert seen[0]["caller"] == "gateway"
    assert seen[0]["request_id"] == "r-1"
    assert isinstance(resp, httpx.Response)
    assert resp.status_code == expected.status_code == 200
    assert resp.is_success
    assert resp.json() == expected.json() == {"data": [{"nip": "198609262015051001"}]}
    assert resp.headers["etag"] == '"v3"'
    assert resp.headers["content-type"] == expected.headers["content-type"]


@pytest.mark.asyncio
async def test_a_compressed_answer_is_decoded_once(
    serve: Callable[[Handler], asyncio.Future[str]],
) -> None:
    body = json.dumps({"total": 1, "data": [{"nip": "198609262015051001"}]}).encode()

    async def gzipped(request: web.Request) -> web.Response:
        return web.Response(
            body=gzip.compress(body),
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )

    client = _client(await serve(gzipped))
    try:
        resp = await client.get("/search")
    finally:
        await client.aclose()
    assert resp.content == body


@pytest.mark.asyncio
async def test_the_backend_refusing_the_gateways_token_is_a_502(
    serve: Callable[[Handler], asyncio.Future[str]],
) -> None:
    async def refuse(request: web.Request) -> web.Response:
        return web.Response(status=401, text="token expired")

    client = _client(await serve(refuse))
    try:
        with pytest.raises(ProblemError) as refused:
            await client.get("/search")
    finally:
        await client.aclose()
    assert refused.value.status == 502


@pytest.mark.asyncio
async def test_a_slow_backend_is_httpx_read_timeout(
    serve: Callable[[Handler], asyncio.Future[str]],
) -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(3)
        return web.Response(text="late")

    client = _client(await serve(slow), timeout=0.3)
    patient = _client(await serve(slow), timeout=30)
    try:
        with pytest.raises(httpx.ReadTimeout):  # the gateway answers 504 (service/calls.py)
            await client.get("/search")
        with pytest.raises(httpx.ReadTimeout):  # a call's own timeout wins
            await patient.get("/readyz", timeout=0.3)
    finally:
        await client.aclose()
        await patient.aclose()


@pytest.mark.asyncio
async def test_no_backend_is_httpx_connect_error() -> None:
    client = AiohttpReadClient(
        "http://127.0.0.1:1", 2, load_identity("gateway"), "search", retries=0
    )
    try:
        with pytest.raises(httpx.ConnectError):  # 503 with Retry-After
            await client.get("/search")
    finally:
        await client.aclose()


async def _free_port() -> int:
    probe = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port: int = probe.sockets[0].getsockname()[1]
    probe.close()
    await probe.wait_closed()
    return port


@pytest.mark.asyncio
async def test_a_backend_that_comes_up_while_the_connection_is_retried_answers() -> None:
    port = await _free_port()
    client = AiohttpReadClient(f"http://127.0.0.1:{port}", 2, load_identity("gateway"), "search")

    async def late_start() -> asyncio.Server:
        await asyncio.sleep(0.2)  # after the first try, before the retry 0.5 s later

        async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
            writer.close()

        return await asyncio.start_server(answer, "127.0.0.1", port)

    starting = asyncio.create_task(late_start())
    try:
        resp = await client.get("/readyz")
        assert resp.status_code == 200
        assert resp.content == b"ok"
    finally:
        server = await starting
        server.close()
        await client.aclose()


@pytest.mark.asyncio
async def test_a_kept_alive_connection_the_backend_dropped_is_read_again_on_a_new_one() -> None:
    """The backend answers the first request of a connection and drops the connection on the
    second without a reply (as a restarted backend's old connection does): a GET only
    reads, so it goes again on a new connection (aiohttp's own retry, relied on here)."""
    connections = 0
    answered = 0

    async def once_per_connection(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        nonlocal connections, answered
        connections += 1
        await reader.readuntil(b"\r\n\r\n")
        answered += 1
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok")
        await writer.drain()
        with contextlib.suppress(asyncio.IncompleteReadError):
            await reader.readuntil(b"\r\n\r\n")  # the second request on this connection
        writer.transport.abort()

    server = await asyncio.start_server(once_per_connection, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = AiohttpReadClient(f"http://127.0.0.1:{port}", 2, load_identity("gateway"), "search")
    try:
        for _ in range(3):
            resp = await client.get("/search", params={"q": "guru"})
            assert resp.status_code == 200
            assert resp.content == b"ok"
    finally:
        await client.aclose()
        server.close()
    assert connections == 3  # each dropped connection was replaced
    assert answered == 3  # and every GET answered once


@pytest.mark.asyncio
async def test_a_backend_that_hangs_up_without_answering_is_a_protocol_error() -> None:
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.transport.abort()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = AiohttpReadClient(f"http://127.0.0.1:{port}", 2, load_identity("gateway"), "search")
    try:
        with pytest.raises(httpx.RemoteProtocolError):  # 503, as httpx reported it
            await client.get("/search", params={"q": "Siti Aminah"})
    finally:
        await client.aclose()
        server.close()


@pytest.mark.asyncio
async def test_it_sends_only_what_the_routes_send() -> None:
    client = _client("http://127.0.0.1:1")
    with pytest.raises(ValueError, match="only sends GET"):
        await client.request("POST", "/profiles", json={"nip": "1"})
    with pytest.raises(ValueError, match="without a query"):
        await client.get("/search?q=guru", params={"limit": 5})
    await client.aclose()
    with pytest.raises(RuntimeError, match="closed"):
        await client.get("/search")


class _Search(BaseHTTPRequestHandler):
    """A search service in a thread: two hits, or a 500 when the query says "rusak"."""

    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).seen.append(self.path)
        status, body = 200, json.dumps({"data": [{"nip": NIP_A}, {"nip": NIP_B}]}).encode()
        if "rusak" in self.path:
            status, body = 500, b'{"title": "Internal Server Error"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


NIP_A, NIP_B = "198609262015051001", "199001012015011002"


def test_the_gateways_routes_answer_through_it(tmp_path: Path) -> None:
    """/v1/search and the chat's expert answer, with this client in front of a real HTTP
    search service: the answer passed on as the backend gave it and audited with its NIPs;
    a failing search is the chat's 503."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Search)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for gateway in open_gateway(tmp_path):
            app: Any = gateway.client.app
            app.state.backends.search = AiohttpReadClient(
                f"http://127.0.0.1:{server.server_port}", 2, load_identity("gateway"), "search"
            )
            resp = gateway.client.get(
                "/v1/search",
                params={"q": "penyuluh perikanan", "limit": 5},
                headers=gateway.headers["bkpsdm"],
            )
            assert resp.status_code == 200, resp.text
            assert resp.json() == {"data": [{"nip": NIP_A}, {"nip": NIP_B}]}
            assert _Search.seen[-1] == "/search?q=penyuluh+perikanan&limit=5"
            assert app.state.audit.entries()[-1]["nips"] == [NIP_A, NIP_B]
            failed = gateway.client.post(
                "/v1/ask",
                json={"question": "siapa yang paham rusak?"},
                headers=gateway.headers["bkpsdm"],
            )
            assert failed.status_code == 503, failed.text
            assert failed.json()["detail"] == "HTTPStatusError"
    finally:
        server.shutdown()
