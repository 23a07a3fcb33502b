"""Backend clients, created in the lifespan and closed at shutdown."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import grpc
import httpx

from potret.ranking.v1 import ranking_pb2_grpc
from potret_gateway.ask.llm import LlmRephraser
from potret_gateway.settings import Settings
from potret_problems import ProblemError
from potret_service_auth import ServiceTokenAuth, load_identity
from potret_service_auth.grpc_auth import AioTokenInterceptor


@dataclass
class Backends:
    profile: httpx.AsyncClient
    search: httpx.AsyncClient
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
        search=httpx.AsyncClient(
            base_url=settings.search_service_url,
            timeout=settings.search_timeout_s,
            transport=httpx.AsyncHTTPTransport(retries=2),
            auth=ServiceTokenAuth(identity, "search"),
            event_hooks={"response": [_gateway_refused]},
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
