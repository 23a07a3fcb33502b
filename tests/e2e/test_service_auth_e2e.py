"""No way around the gateway (issue 18, item 2): profile, search and the ranking gRPC on the
running stack answer only known services with a token for them; probes stay open."""

from __future__ import annotations

import grpc
import httpx
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from potret.ranking.v1 import ranking_pb2 as pb
from potret.ranking.v1 import ranking_pb2_grpc
from potret_credentials.internal import ranking_channel, service_headers

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("service", "path"),
    [("profile", "/profiles?limit=5"), ("search", "/search?q=perikanan")],
)
def test_profile_and_search_refuse_a_caller_without_a_service_token(
    profile_url: str, search_url: str, service: str, path: str
) -> None:
    base = profile_url if service == "profile" else search_url
    anyone = httpx.get(f"{base}{path}", timeout=10)
    assert anyone.status_code == 401
    assert anyone.headers["content-type"].startswith("application/problem+json")
    assert "nip" not in anyone.text.lower()
    other = "search" if service == "profile" else "profile"  # a token for the other service
    misdirected = httpx.get(f"{base}{path}", headers=service_headers(other), timeout=10)
    assert misdirected.status_code == 401
    assert httpx.get(f"{base}{path}", headers=service_headers(service), timeout=10).is_success
    assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200


def test_ranking_refuses_a_caller_without_a_service_token(ranking_addr: str) -> None:
    request = pb.ExportReadModelRequest(limit=5)
    with grpc.insecure_channel(ranking_addr) as anyone:
        with pytest.raises(grpc.RpcError) as err:
            ranking_pb2_grpc.RankingServiceStub(anyone).ExportReadModel(request, timeout=10)
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
        health = health_pb2_grpc.HealthStub(anyone).Check(
            health_pb2.HealthCheckRequest(), timeout=5
        )
        assert health.status == health_pb2.HealthCheckResponse.SERVING
    with ranking_channel(ranking_addr) as operator:
        reply = ranking_pb2_grpc.RankingServiceStub(operator).ExportReadModel(request, timeout=10)
        assert len(reply.rows) <= 5  # answered: a refusal would have raised
