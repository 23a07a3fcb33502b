"""Backend clients, created in the lifespan and closed at shutdown."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

import aiohttp
import grpc
import httpx
from yarl import URL

from potret.ranking.v1 import ranking_pb2_grpc
from potret_gateway.adapters.llm import LlmRephraser
from potret_gateway.settings import Settings
from potret_problems import ProblemError
from potret_service_auth import Identity, ServiceTokenAuth, load_identity
from potret_service_auth.grpc_auth import AioTokenInterceptor


class BackendClient(Protocol):
    """What the routes call on an HTTP backend: httpx.AsyncClient's `request` and `get`
    (answering httpx.Response, failing with httpx.HTTPError), which both clients below have."""

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Any = None,
        headers: Any = None,
        content: Any = None,
        json: Any = None,
        timeout: Any = None,  # noqa: ASYNC109 (httpx's signature)
    ) -> httpx.Response: ...

    async def get(
        self,
        url: str,
        *,
        params: Any = None,
        headers: Any = None,
        timeout: Any = None,  # noqa: ASYNC109 (httpx's signature)
    ) -> httpx.Response: ...

    async def aclose(self) -> None: ...


@dataclass
class Backends:
    profile: httpx.AsyncClient
    search: BackendClient
    ranking_channel: grpc.aio.Channel
    ranking: ranking_pb2_grpc.RankingServiceStub
    settings: Settings
    llm: LlmRephraser | None = None

    async def close(self) -> None:
        if self.llm is not None:
            await self.llm.client.aclose()
        await self.profile.aclose()
        await self.search.aclose()
        await self.ranking_channel.close()


# Every RankingService method only reads, so a call that found the service unavailable is
# retried (gRPC retry policy, within the call's deadline); nothing else is retried.
# Calls are spread over every address the name resolves to (round robin): with a headless
# Service (dns:///ranking-headless:50051) or a list (ipv4:10.0.0.1:50051,10.0.0.2:50051),
# each ranking replica takes its share and a failed one is skipped.
RANKING_SERVICE_CONFIG = json.dumps(
    {
        "loadBalancingConfig": [{"round_robin": {}}],
        "methodConfig": [
            {
                "name": [{"service": "potret.ranking.v1.RankingService"}],
                "retryPolicy": {
                    "maxAttempts": 3,
                    "initialBackoff": "0.1s",
                    "maxBackoff": "1s",
                    "backoffMultiplier": 2,
                    "retryableStatusCodes": ["UNAVAILABLE"],
                },
            }
        ],
    }
)


log = logging.getLogger(__name__)


async def _gateway_refused(response: httpx.Response) -> None:
    """A 401 from profile or search means the gateway's own service token was refused (a
    wrong or rotated key, a clock far off): a fault of the deployment, answered 502, never
    passed on as the user's 401 (which would log them out) or read as "not found"."""
    if response.status_code == 401:
        await response.aread()
        log.error(
            "%s refused the gateway's service token: %s",
            response.request.url.host,
            response.text[:300],
        )
        raise ProblemError(
            502,
            "backend-error",
            "Layanan internal menolak gateway",
            "An internal service refused the gateway",
            detail="Token layanan gateway ditolak; periksa kunci layanan (docs/security.md)",
        )


# httpcore's pause before each new try of a connection that failed: 0 s, 0.5 s, 1 s ...
_CONNECT_BACKOFF_S = 0.5
# Idle connections kept as long as uvicorn keeps its side open (its default, 5 s), so few are
# found closed by the backend when reused.
_KEEPALIVE_S = 5
# A header line as long as h11 (httpx) accepts (aiohttp's own limit is 8,190 bytes).
_MAX_HEADER_BYTES = 64 * 1024
# In a path, what httpx leaves as it is (RFC 3986 pchar and "/"); the rest is %-encoded.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


@contextmanager
def _as_httpx_errors() -> Iterator[None]:
    """aiohttp's failures as the httpx errors httpx's own transport raises for them, so that
    callers classify them alike (a timeout is 504, anything else 503) and the problem's
    detail names the same class. The messages are fixed: aiohttp's name the URL, whose query
    carries search terms, and these messages reach logs."""
    try:
        yield
    except aiohttp.ClientConnectorError as exc:  # refused, unreachable, no such host
        raise httpx.ConnectError("cannot connect to the backend") from exc
    except aiohttp.ConnectionTimeoutError as exc:  # no connection in time (or none free)
        raise httpx.ConnectTimeout("no connection to the backend in time") from exc
    except TimeoutError as exc:  # aiohttp.SocketTimeoutError among them: no answer in time
        raise httpx.ReadTimeout("no answer from the backend in time") from exc
    except aiohttp.ServerDisconnectedError as exc:
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.") from exc
    except (aiohttp.ClientResponseError, aiohttp.ClientPayloadError) as exc:
        # a malformed answer, or one cut short: what h11 reports as a protocol error
        raise httpx.RemoteProtocolError("malformed or incomplete answer") from exc
    except aiohttp.ClientOSError as exc:  # reset while reading
        raise httpx.ReadError("connection reset by the backend") from exc
    except aiohttp.ClientError as exc:
        raise httpx.NetworkError("network error towards the backend") from exc


class AiohttpReadClient:
    """GET requests to one backend over aiohttp, for the search service: the gateway's
    hottest call (`/v1/search` and the chat's expert answers). Against httpx it saves ~0.9 ms
    of gateway CPU per search (4.3 -> 3.4 ms, median of six runs of 800 requests, old and
    new code side by side, 2026-12-06), most of it httpx's own request/response layers and
    h11's reading of a ~33 KB answer in Python.

    It answers what httpx.AsyncClient answers for the calls the routes make (an
    httpx.Response, decoded by httpx as before; httpx errors, see `_as_httpx_errors`), so
    routes, tests and error bodies stay as they were. Like the httpx clients here it sends
    the gateway's service token on every request, turns the backend's 401 into 502
    (`_gateway_refused`) and tries a connection that was refused or unreachable `retries`
    more times (0 s, 0.5 s apart, as httpcore). Differences: a connection not made in time
    (or none free in the pool of 100) is not tried again (ConnectTimeout, 504); a GET sent on
    a kept-alive connection the backend had closed meanwhile goes once more on a new one
    (aiohttp does this for requests that only read); names are resolved for each new
    connection (no DNS cache, as httpx: a headless Service's replicas all get their share).

    Only what the routes use: GET, a path without a query (`params` makes it), headers as a
    mapping, `timeout` in seconds (None: the client's own, where httpx would wait for
    ever). Its session belongs to the event loop that first used it."""

    def __init__(
        self, base_url: str, timeout: float, identity: Identity, audience: str, retries: int = 2
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.identity = identity
        self.audience = audience
        self.retries = retries
        self._session: aiohttp.ClientSession | None = None  # made in the event loop, on use
        self._closed = False

    def _client(self) -> aiohttp.ClientSession:
        if self._closed:
            raise RuntimeError(f"{type(self).__name__} is closed")
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    limit=100, keepalive_timeout=_KEEPALIVE_S, use_dns_cache=False
                ),
                # no cookies kept, no proxy from the environment; the body left encoded as
                # sent (httpx decodes it, as it did when it was the client)
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=False,
                auto_decompress=False,
                max_line_size=_MAX_HEADER_BYTES,
                max_field_size=_MAX_HEADER_BYTES,
            )
        return self._session

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Any = None,
        headers: Any = None,
        content: Any = None,
        json: Any = None,
        timeout: Any = None,  # noqa: ASYNC109 (httpx's signature)
    ) -> httpx.Response:
        if method != "GET" or content is not None or json is not None:
            raise ValueError(f"{type(self).__name__} only sends GET requests without a body")
        return await self.get(url, params=params, headers=headers, timeout=timeout)

    async def get(
        self,
        url: str,
        *,
        params: Any = None,
        headers: Any = None,
        timeout: Any = None,  # noqa: ASYNC109 (httpx's signature)
    ) -> httpx.Response:
        if not url.startswith("/") or "?" in url or "#" in url:
            raise ValueError(f"a path without a query is expected, not {url!r}")
        if timeout is not None and not isinstance(timeout, int | float):
            raise TypeError("timeout is a number of seconds")
        # The path and the query string as httpx encodes them: the backend sees the same bytes.
        query = str(httpx.QueryParams(params)) if params else ""
        target = f"{self.base_url}{quote(url, safe=_PATH_SAFE)}" + (f"?{query}" if query else "")
        seconds = self.timeout if timeout is None else float(timeout)
        sent = {**dict(headers or {}), "Authorization": self.identity.authorization(self.audience)}
        limits = aiohttp.ClientTimeout(
            total=None, connect=seconds, sock_connect=seconds, sock_read=seconds
        )
        connect_tries = self.retries
        delay = 0.0
        while True:
            try:
                response = await self._send(target, sent, limits)
                break
            except httpx.ConnectError:
                if connect_tries <= 0:
                    raise
                connect_tries -= 1
                await asyncio.sleep(delay)
                delay = _CONNECT_BACKOFF_S if delay == 0 else delay * 2
        await _gateway_refused(response)
        return response

    async def _send(
        self, target: str, headers: dict[str, str], limits: aiohttp.ClientTimeout
    ) -> httpx.Response:
        with _as_httpx_errors():
            async with self._client().get(
                URL(target, encoded=True), headers=headers, timeout=limits, allow_redirects=False
            ) as reply:
                body = await reply.read()
                return httpx.Response(
                    reply.status,
                    headers=reply.raw_headers,
                    content=body,
                    request=httpx.Request("GET", target),
                )

    async def aclose(self) -> None:
        self._closed = True
        if self._session is not None:
            await self._session.close()


def create_backends(settings: Settings) -> Backends:
    """HTTP clients retry only connections that failed before the request was sent (safe for
    any method, writes included); ranking calls are reads and retry on UNAVAILABLE."""
    # The gateway's own service principal: every call to profile, search and ranking
    # carries a token it signs (potret_service_auth).
    identity = load_identity("gateway")
    channel = grpc.aio.insecure_channel(
        settings.ranking_service_addr,
        options=[("grpc.enable_retries", 1), ("grpc.service_config", RANKING_SERVICE_CONFIG)],
        interceptors=[AioTokenInterceptor(identity, "ranking")],  # every RPC carries a token
    )
    return Backends(
        profile=httpx.AsyncClient(
            base_url=settings.profile_service_url,
            timeout=settings.profile_timeout_s,
            transport=httpx.AsyncHTTPTransport(retries=2),
            auth=ServiceTokenAuth(identity, "profile"),
            event_hooks={"response": [_gateway_refused]},
        ),
        search=AiohttpReadClient(
            settings.search_service_url, settings.search_timeout_s, identity, "search"
        ),
        ranking_channel=channel,
        ranking=ranking_pb2_grpc.RankingServiceStub(channel),
        settings=settings,
        llm=_llm(settings),
    )


def _llm(settings: Settings) -> LlmRephraser | None:
    if not settings.llm_url:
        return None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    client = httpx.AsyncClient(
        base_url=settings.llm_url.rstrip("/"), timeout=settings.llm_timeout_s
    )
    return LlmRephraser(client, settings.llm_model or "default", key)
