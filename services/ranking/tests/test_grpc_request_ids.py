"""The gateway's x-request-id metadata reaches the ranking service's log lines."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import grpc
import pytest
import pytest_asyncio
from grpc_health.v1 import health_pb2, health_pb2_grpc

from potret.ranking.v1 import ranking_pb2 as rpb
from potret.ranking.v1 import ranking_pb2_grpc
from potret_observability import RequestIdFilter
from potret_ranking.adapters.read_model import ReadModel
from potret_ranking.bootstrap import create_server
from potret_ranking.settings import Settings
from potret_service_auth import load_identity
from potret_service_auth.grpc_auth import AioTokenInterceptor


@pytest_asyncio.fixture
async def channel() -> AsyncIterator[grpc.aio.Channel]:
    server, port, health = create_server("127.0.0.1:0", ReadModel(), Settings())
    await server.start()
    health.set("", health_pb2.HealthCheckResponse.SERVING)
    as_gateway = [AioTokenInterceptor(load_identity("gateway"), "ranking")]
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}", interceptors=as_gateway) as chan:
        yield chan
    await server.stop(None)


@pytest.mark.asyncio
async def test_calls_are_logged_with_the_callers_request_id(
    channel: grpc.aio.Channel, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(RequestIdFilter())
    stub = ranking_pb2_grpc.RankingServiceStub(channel)
    with caplog.at_level(logging.INFO, logger="potret.access"):
        await stub.GetPolicy(rpb.GetPolicyRequest(), metadata=(("x-request-id", "trace-7"),))
        with pytest.raises(grpc.aio.AioRpcError):
            await stub.RankForPosition(
                rpb.RankForPositionRequest(top_k=-1), metadata=(("x-request-id", "trace-8"),)
            )
        # Sync handlers (health) pass through untouched.
        reply = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
    lines = [(r.request_id, r.getMessage()) for r in caplog.records if r.name == "potret.access"]  # type: ignore[attr-defined]
    assert lines[0][0] == "trace-7"
    assert lines[0][1].startswith("/potret.ranking.v1.RankingService/GetPolicy OK")
    assert lines[1][0] == "trace-8"
    assert "INVALID_ARGUMENT" in lines[1][1]
