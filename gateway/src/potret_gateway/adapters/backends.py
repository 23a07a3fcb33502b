"""Backend clients, created in the lifespan and closed at shutdown."""

from __future__ import annotations

from dataclasses import dataclass

import grpc
import httpx

from potret.ranking.v1 import ranking_pb2_grpc
from potret_gateway.settings import Settings


@dataclass
class Backends:
    profile: httpx.AsyncClient
    search: httpx.AsyncClient
    ranking_channel: grpc.aio.Channel
    ranking: ranking_pb2_grpc.RankingServiceStub
    settings: Settings

    async def close(self) -> None:
        await self.profile.aclose()
        await self.search.aclose()
        await self.ranking_channel.close()


def create_backends(settings: Settings) -> Backends:
    """HTTP clients retry only failed connections (safe for any method); gRPC uses a channel."""
    channel = grpc.aio.insecure_channel(settings.ranking_service_addr)
    return Backends(
        profile=httpx.AsyncClient(
            base_url=settings.profile_service_url,
            timeout=settings.profile_timeout_s,
            transport=httpx.AsyncHTTPTransport(retries=2),
        ),
        search=httpx.AsyncClient(
            base_url=settings.search_service_url,
            timeout=settings.search_timeout_s,
            transport=httpx.AsyncHTTPTransport(retries=2),
        ),
        ranking_channel=channel,
        ranking=ranking_pb2_grpc.RankingServiceStub(channel),
        settings=settings,
    )
