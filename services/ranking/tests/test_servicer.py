"""The gRPC server over a real channel (port 0), read model filled in-process."""

from collections.abc import AsyncIterator

import grpc
import pytest
import pytest_asyncio
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status

from potret.asn.v1 import profile_events_pb2 as events
from potret.ranking.v1 import ranking_pb2 as pb
from potret.ranking.v1 import ranking_pb2_grpc
from potret_ranking.domain.read_model import ReadModel
from potret_ranking.main import create_server
from potret_ranking.settings import Settings

KNOWN = "198609262015051001"
OTHER = "199001012015011002"


@pytest_asyncio.fixture
async def channel() -> AsyncIterator[grpc.aio.Channel]:
    model = ReadModel()
    model.apply(
        events.ProfileChanged(
            nip=KNOWN,
            version=3,
            change_type=events.CHANGE_TYPE_UPDATED,
            profile=events.Profile(nip=KNOWN, golongan="III/d"),
        )
    )
    server, port, health = create_server("127.0.0.1:0", model, Settings())
    health.set("", health_pb2.HealthCheckResponse.SERVING)
    await server.start()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as ch:
        yield ch
    await server.stop(None)


def _request(min_golongan: str, *nips: str) -> pb.ScoreCandidatesRequest:
    return pb.ScoreCandidatesRequest(
        position=pb.PositionSpec(min_golongan=min_golongan), nips=list(nips)
    )


@pytest.mark.asyncio
async def test_scores_known_candidate_with_factor_breakdown(channel: grpc.aio.Channel) -> None:
    reply = await ranking_pb2_grpc.RankingServiceStub(channel).ScoreCandidates(
        _request("IV/a", KNOWN)
    )
    [candidate] = reply.candidates
    assert candidate.nip == KNOWN
    assert candidate.profile_version == 3
    assert candidate.score == pytest.approx(0.5)
    assert [f.factor for f in candidate.factors] == ["golongan"]
    assert reply.policy_version


@pytest.mark.asyncio
async def test_invalid_request_names_every_bad_field(channel: grpc.aio.Channel) -> None:
    stub = ranking_pb2_grpc.RankingServiceStub(channel)
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await stub.ScoreCandidates(_request("V/z", "123", KNOWN, KNOWN))
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = rpc_status.from_call(info.value)
    bad = error_details_pb2.BadRequest()
    status.details[0].Unpack(bad)
    assert [v.field for v in bad.field_violations] == [
        "position.min_golongan",
        "nips[0]",
        "nips[2]",
    ]


@pytest.mark.asyncio
async def test_unknown_nip_is_not_found(channel: grpc.aio.Channel) -> None:
    stub = ranking_pb2_grpc.RankingServiceStub(channel)
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await stub.ScoreCandidates(_request("III/a", KNOWN, OTHER))
    assert info.value.code() == grpc.StatusCode.NOT_FOUND
    assert OTHER in (info.value.details() or "")


@pytest.mark.asyncio
async def test_standard_health_protocol_answers(channel: grpc.aio.Channel) -> None:
    reply = await health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(service="")
    )
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
    not_yet = await health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(service="potret.ranking.v1.RankingService")
    )
    assert not_yet.status == health_pb2.HealthCheckResponse.NOT_SERVING
