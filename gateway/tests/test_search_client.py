"""The gateway's client of the search service (adapters/backends.py AiohttpReadClient),
against real HTTP servers on this machine: it answers and fails as httpx does."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer

from potret_gateway.adapters.backends import AiohttpReadClient
from potret_problems import ProblemError
from potret_service_auth import load_identity, load_verifier

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
async def test_a_reply_comes_back_as_httpx_gives_it_with_the_query_httpx_would_send(
    serve: Callable[[Handler], asyncio.Future[str]],
) -> None:
    seen: dict[str, str] = {}

    async def answer(request: web.Request) -> web.Response:
        seen["query"] = request.rel_url.raw_query_string  # as sent, still encoded
        seen["caller"] = load_verifier("search").verify(request.headers.get("Authorization"))
        seen["request_id"] = request.headers.get("X-Request-ID", "")
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
    assert isinstance(resp, httpx.Response)
    assert resp.status_code == 200
    assert resp.is_success
    assert resp.json() == {"data": [{"nip": "198609262015051001"}]}
    assert resp.headers["etag"] == '"v3"'
    assert resp.headers["content-type"].startswith("application/json")
    assert seen == {
        "query": str(httpx.QueryParams(params)),  # the bytes httpx would have sent
        "caller": "gateway",  # the gateway's service token, signed for search
        "request_id": "r-1",
    }


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
    try:
        with pytest.raises(httpx.ReadTimeout):  # the gateway answers 504 (api/errors.py)
            await client.get("/search")
    finally:
        await client.aclose()


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

    async def once_per_connection(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        nonlocal connections
        connections += 1
        await reader.readuntil(b"\r\n\r\n")
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
    assert connections == 3  # each dropped connection was replaced, never answered twice


@pytest.mark.asyncio
async def test_it_sends_only_reads() -> None:
    client = _client("http://127.0.0.1:1")
    with pytest.raises(ValueError, match="only sends GET"):
        await client.request("POST", "/profiles", json={"nip": "1"})
