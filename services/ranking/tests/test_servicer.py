"""The gRPC server over a real channel (port 0), read model filled in-process."""

import contextlib
from collections.abc import AsyncIterator

import grpc
import pytest
import pytest_asyncio
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status

from potret.asn.v1 import position_events_pb2 as positions
from potret.asn.v1 import profile_events_pb2 as events
from potret.ranking.v1 import ranking_pb2 as pb
from potret.ranking.v1 import ranking_pb2_grpc
from potret_ranking.adapters.read_model import ReadModel
from potret_ranking.bootstrap import create_server
from potret_ranking.settings import Settings
from potret_service_auth import load_identity
from potret_service_auth.grpc_auth import AioTokenInterceptor

KNOWN = "198609262015051001"
OTHER = "199001012015011002"
REF = "2026-11-28"


def _profile(nip: str, golongan: str, version: int = 1) -> events.ProfileChanged:
    return events.ProfileChanged(
        nip=nip,
        version=version,
        change_type=events.CHANGE_TYPE_UPDATED,
        profile=events.Profile(
            nip=nip,
            golongan=golongan,
            jabatan="Penyuluh Perikanan Ahli Muda",
            jenis_jabatan="JF",
            jenjang="AHLI_MUDA",
            opd="Dinas Perikanan",
            positions=[
                events.PositionRecord(
                    jabatan="Penyuluh Perikanan Ahli Muda",
                    jenis="JF",
                    jenjang="AHLI_MUDA",
                    opd="Dinas Perikanan",
                    tmt_start="2016-01-01",
                )
            ],
            education=[events.Education(level="S1", major="Budidaya Perairan", year=2009)],
            skp=[
                events.SkpRecord(year=2025, predikat="SANGAT_BAIK"),
                events.SkpRecord(year=2024, predikat="BAIK"),
            ],
            assessments=[
                events.Assessment(
                    date="2025-03-01",
                    managerial=[events.CompetencyLevel(code="M.01", level=3)],
                )
            ],
        ),
    )


@pytest_asyncio.fixture
async def stub() -> AsyncIterator[ranking_pb2_grpc.RankingServiceStub]:
    model = ReadModel()
    model.apply(_profile(KNOWN, "III/d", version=3))
    model.apply_position(
        positions.PositionChanged(
            position_id="diskan-kabid",
            version=1,
            position=positions.Position(
                position_id="diskan-kabid",
                name="Kepala Bidang Perikanan Budidaya",
                jenis="ADMINISTRATOR",
                opd="Dinas Perikanan",
                domains=["kelautan_perikanan"],
            ),
        )
    )
    async with _serving(model) as stub:
        yield stub


@contextlib.asynccontextmanager
async def _serving(model: ReadModel) -> AsyncIterator[ranking_pb2_grpc.RankingServiceStub]:
    """The gRPC server over `model` on a free port, and a stub on a real channel to it."""
    server, port, health = create_server("127.0.0.1:0", model, Settings(snapshot_path=""))
    health.set("", health_pb2.HealthCheckResponse.SERVING)
    await server.start()
    try:
        as_gateway = [AioTokenInterceptor(load_identity("gateway"), "ranking")]
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}", interceptors=as_gateway) as ch:
            yield ranking_pb2_grpc.RankingServiceStub(ch)
    finally:
        await server.stop(None)


def _details(exc: grpc.aio.AioRpcError) -> list[object]:
    status = rpc_status.from_call(exc)
    assert status is not None
    out: list[object] = []
    for d in status.details:
        for kind in (error_details_pb2.BadRequest, error_details_pb2.ErrorInfo):
            if d.Is(kind.DESCRIPTOR):
                msg = kind()
                d.Unpack(msg)
                out.append(msg)
    return out


@pytest.mark.asyncio
async def test_scores_known_candidate_with_rules_and_factors(
    stub: ranking_pb2_grpc.RankingServiceStub,
) -> None:
    reply = await stub.ScoreCandidates(
        pb.ScoreCandidatesRequest(
            position=pb.PositionSpec(min_golongan="IV/a"), nips=[KNOWN], reference_date=REF
        )
    )
    [c] = reply.candidates
    assert (c.nip, c.profile_version, c.eligible) == (KNOWN, 3, False)
    gol = next(r for r in c.eligibility if r.rule == "ELIG-GOL")
    assert (gol.applies, gol.met, gol.value, gol.threshold) == (True, False, "III/d", "IV/a")
    assert [f.factor for f in c.factors] == [
        "competency",
        "performance",
        "expertise",
        "track_record",
    ]
    assert sum(f.contribution for f in c.factors) == pytest.approx(c.score)
    assert reply.policy_version == "potret-2026.3"


@pytest.mark.asyncio
async def test_rank_for_catalogue_position_and_explain(
    stub: ranking_pb2_grpc.RankingServiceStub,
) -> None:
    reply = await stub.RankForPosition(
        pb.RankForPositionRequest(
            position=pb.PositionSpec(position_id="diskan-kabid"), top_k=5, reference_date=REF
        )
    )
    assert reply.considered == 1
    assert reply.position_name == "Kepala Bidang Perikanan Budidaya"
    everyone = list(reply.candidates) + list(reply.ineligible)
    assert [c.nip for c in everyone] == [KNOWN]
    assert reply.fairness.threshold == pytest.approx(0.8)
    # Both stages travel, each rule of the eligibility stage with its own impact; one
    # person is far too few to conclude anything.
    stages = {st.stage: st for st in reply.fairness.stages}
    assert set(stages) == {"kelayakan", "daftar_pendek"}
    rules = {i.rule for i in stages["kelayakan"].impacts}
    assert "" in rules
    assert {r for r in rules if r} <= set(reply.unmet_counts)
    assert all(i.conclusion == "SAMPEL_KECIL" for i in stages["kelayakan"].impacts)
    assert "sampel terlalu kecil" in reply.fairness.note
    assert set(reply.fairness.ndkl) == {"jenis_kelamin", "usia"}
    # Every rule id the page shows comes with its Indonesian label and legal source.
    assert set(reply.unmet_counts) <= set(reply.rule_labels)
    assert "PP 11/2017" in reply.rule_labels["ELIG-STATUS"]
    explained = await stub.ExplainCandidate(
        pb.ExplainCandidateRequest(
            position=pb.PositionSpec(position_id="diskan-kabid"), nip=KNOWN, reference_date=REF
        )
    )
    kinds = {g.kind for g in explained.candidate.gaps}
    assert "KOMPETENSI" in kinds  # M.01 at 3 of standard 3, others not assessed
    assert explained.candidate.HasField("jpm")


@pytest.mark.asyncio
async def test_what_if_changes_scores_and_reports_its_version(
    stub: ranking_pb2_grpc.RankingServiceStub,
) -> None:
    spec = pb.PositionSpec(position_id="diskan-kabid")
    base = await stub.ScoreCandidates(
        pb.ScoreCandidatesRequest(position=spec, nips=[KNOWN], reference_date=REF)
    )
    only_perf = pb.PolicyOverrides(
        weights={"competency": 0, "performance": 1, "expertise": 0, "track_record": 0}
    )
    what_if = await stub.ScoreCandidates(
        pb.ScoreCandidatesRequest(
            position=spec, nips=[KNOWN], reference_date=REF, policy_overrides=only_perf
        )
    )
    assert what_if.policy_version.startswith("potret-2026.3+whatif.")
    assert what_if.candidates[0].score == pytest.approx(what_if.candidates[0].factors[1].score)
    assert what_if.candidates[0].score != pytest.approx(base.candidates[0].score)
    policy = await stub.GetPolicy(pb.GetPolicyRequest())
    assert policy.version == "potret-2026.3"
    assert sum(policy.weights.values()) == pytest.approx(1.0)


@pytest.mark.asyncio
async def test_talent_grid_counts(stub: ranking_pb2_grpc.RankingServiceStub) -> None:
    grid = await stub.TalentGrid(pb.TalentGridRequest(reference_date=REF))
    assert grid.total == 1
    assert sum(c.count for c in grid.cells) == 1
    assert [c.box for c in grid.cells] == [*range(1, 10), 0]


@pytest.mark.parametrize(
    ("request_", "fields"),
    [
        (pb.RankForPositionRequest(position=pb.PositionSpec(position_id="x"), top_k=0), ["top_k"]),
        (
            pb.RankForPositionRequest(
                position=pb.PositionSpec(jenis="JPT", jenjang="PRATAMA"), top_k=501
            ),
            ["top_k"],
        ),
        (
            pb.RankForPositionRequest(
                position=pb.PositionSpec(jenis="JPT", jenjang="PRATAMA"),
                top_k=5,
                policy_overrides=pb.PolicyOverrides(weights={"competency": -1}),
            ),
            ["policy_overrides.weights.competency"],
        ),
        (
            pb.RankForPositionRequest(
                position=pb.PositionSpec(
                    jenis="JPT", jenjang="PRATAMA", domains=["perikanan_laut"]
                ),
                top_k=5,
            ),
            ["position.domains[0]"],
        ),
        (pb.RankForPositionRequest(position=pb.PositionSpec(), top_k=5), ["position"]),
        (
            pb.RankForPositionRequest(position=pb.PositionSpec(jenis="JPT"), top_k=5),
            ["position.jenjang"],
        ),
    ],
)
@pytest.mark.asyncio
async def test_invalid_rank_requests_name_the_field(
    stub: ranking_pb2_grpc.RankingServiceStub,
    request_: pb.RankForPositionRequest,
    fields: list[str],
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await stub.RankForPosition(request_)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    [bad] = _details(info.value)
    assert isinstance(bad, error_details_pb2.BadRequest)
    assert [v.field for v in bad.field_violations] == fields


@pytest.mark.asyncio
async def test_malformed_score_request_lists_every_field(
    stub: ranking_pb2_grpc.RankingServiceStub,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await stub.ScoreCandidates(
            pb.ScoreCandidatesRequest(
                position=pb.PositionSpec(min_golongan="V/z"), nips=["123", KNOWN, KNOWN]
            )
        )
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    [bad] = _details(info.value)
    assert isinstance(bad, error_details_pb2.BadRequest)
    assert [v.field for v in bad.field_violations] == [
        "nips[0]",
        "nips[2]",
        "position.requirements.min_golongan",
    ]


@pytest.mark.asyncio
async def test_unknown_nip_and_position_are_not_found(
    stub: ranking_pb2_grpc.RankingServiceStub,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await stub.ScoreCandidates(
            pb.ScoreCandidatesRequest(
                position=pb.PositionSpec(min_golongan="III/a"), nips=[KNOWN, OTHER]
            )
        )
    assert info.value.code() == grpc.StatusCode.NOT_FOUND
    [err] = _details(info.value)
    assert isinstance(err, error_details_pb2.ErrorInfo)
    assert err.metadata["nips"] == OTHER
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await stub.ExplainCandidate(
            pb.ExplainCandidateRequest(position=pb.PositionSpec(position_id="nope"), nip=KNOWN)
        )
    assert info.value.code() == grpc.StatusCode.NOT_FOUND


@pytest.mark.asyncio
async def test_export_read_model_pages_rows_with_their_digest(
    stub: ranking_pb2_grpc.RankingServiceStub,
) -> None:
    from potret_events import content_digest

    first = await stub.ExportReadModel(pb.ExportReadModelRequest(after_row=0, limit=1))
    assert [(r.nip, r.version, r.live) for r in first.rows] == [(KNOWN, 3, True)]
    # The digest is that of the snapshot the row was built from.
    assert first.rows[0].content_digest == content_digest(_profile(KNOWN, "III/d", 3).profile)
    assert first.next_row == 1
    last = await stub.ExportReadModel(pb.ExportReadModelRequest(after_row=1, limit=1))
    assert (list(last.rows), last.next_row) == ([], -1)
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.ExportReadModel(pb.ExportReadModelRequest(after_row=-1, limit=9000))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    fields = {v.field for d in _details(err.value) for v in getattr(d, "field_violations", [])}
    assert fields == {"after_row", "limit"}


@pytest.mark.asyncio
async def test_a_thousand_bad_nips_still_get_a_bounded_invalid_argument(
    stub: ranking_pb2_grpc.RankingServiceStub,
) -> None:
    # Found by schemathesis: 1,000 duplicate NIPs made a status larger than gRPC's 16 KB
    # metadata limit, and the caller got a transport error instead of INVALID_ARGUMENT.
    request = pb.ScoreCandidatesRequest(
        nips=[KNOWN] * 1000, position=pb.PositionSpec(jenis="JF", domains=["kelautan_perikanan"])
    )
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.ScoreCandidates(request)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    violations = [v for d in _details(err.value) for v in getattr(d, "field_violations", [])]
    assert len(violations) == 21
    assert violations[0].field == "nips[1]"  # the first duplicate
    assert violations[-1].description.startswith("dan 9")
    assert len(err.value.details() or "") <= 1000


@pytest.mark.asyncio
async def test_equal_scores_travel_as_one_rank_marked_tied() -> None:
    twin = "198609262015052001"  # KNOWN's record under a woman's NIP: the same score
    model = ReadModel()
    model.apply(_profile(KNOWN, "III/d"))
    model.apply(_profile(twin, "III/d"))
    model.apply(_profile(OTHER, "III/a"))
    async with _serving(model) as stub:
        reply = await stub.RankForPosition(
            pb.RankForPositionRequest(
                position=pb.PositionSpec(name="Analis Perikanan", domains=["kelautan_perikanan"]),
                top_k=5,
                reference_date=REF,
            )
        )
    by_nip = {c.nip: c for c in reply.candidates}
    assert by_nip[KNOWN].score == by_nip[twin].score
    assert by_nip[KNOWN].rank == by_nip[twin].rank
    assert by_nip[KNOWN].tied
    assert by_nip[twin].tied
    assert "setara" in by_nip[twin].explanation


@pytest.mark.asyncio
async def test_the_holder_of_a_catalogue_post_comes_apart_from_the_candidates() -> None:
    model = ReadModel()
    model.apply(_profile(KNOWN, "III/d"))
    model.apply(_profile(OTHER, "III/d"))
    model.apply_position(
        positions.PositionChanged(
            position_id="diskan-analis",
            version=1,
            position=positions.Position(
                position_id="diskan-analis",
                name="Analis Perikanan Ahli Muda",
                jenis="JF",
                jenjang="AHLI_MUDA",
                opd="Dinas Perikanan",
                domains=["kelautan_perikanan"],
                holder_nip=KNOWN,
            ),
        )
    )
    async with _serving(model) as stub:
        reply = await stub.RankForPosition(
            pb.RankForPositionRequest(
                position=pb.PositionSpec(position_id="diskan-analis"),
                top_k=5,
                reference_date=REF,
            )
        )
    assert reply.holder_nip == KNOWN
    assert reply.holder.nip == KNOWN
    assert reply.holder.movement == "PEMANGKU"
    listed = [c.nip for c in reply.candidates] + [c.nip for c in reply.ineligible]
    assert KNOWN not in listed
    assert OTHER in listed
    assert reply.considered == 1
    moves = {c.nip: c.movement for c in [*reply.candidates, *reply.ineligible]}
    assert moves[OTHER] == "ROTASI"  # already a JF ahli muda: the same level


@pytest.mark.asyncio
@pytest.mark.parametrize("caller", [None, "search", "gateway-for-profile"])
async def test_a_caller_without_a_ranking_token_of_a_known_service_is_unauthenticated(
    caller: str | None,
) -> None:
    # Issue 18, item 2: ExportReadModel (every row of the read model) and the others
    # answered anyone who could reach the port.
    model = ReadModel()
    model.apply(_profile(KNOWN, "III/d", version=3))
    server, port, health = create_server("127.0.0.1:0", model, Settings(snapshot_path=""))
    health.set("", health_pb2.HealthCheckResponse.SERVING)
    await server.start()
    interceptors = []
    if caller == "search":  # a real service, but not one ranking accepts
        interceptors = [AioTokenInterceptor(load_identity("search"), "ranking")]
    elif caller == "gateway-for-profile":  # a known caller with a token for another service
        interceptors = [AioTokenInterceptor(load_identity("gateway"), "profile")]
    try:
        async with grpc.aio.insecure_channel(
            f"127.0.0.1:{port}", interceptors=interceptors or None
        ) as ch:
            stub = ranking_pb2_grpc.RankingServiceStub(ch)
            with pytest.raises(grpc.aio.AioRpcError) as err:
                await stub.ExportReadModel(pb.ExportReadModelRequest(limit=10))
            assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
            assert KNOWN not in (err.value.details() or "")
            health_stub = health_pb2_grpc.HealthStub(ch)  # probes stay open
            reply = await health_stub.Check(health_pb2.HealthCheckRequest(service=""))
            assert reply.status == health_pb2.HealthCheckResponse.SERVING
    finally:
        await server.stop(None)
