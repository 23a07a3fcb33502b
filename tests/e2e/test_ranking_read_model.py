"""The ranking read model against the real topics: a second ranking instance rebuilt from
the topics answers exactly like the live one, and after a restart it resumes from its
snapshot (columns + offsets) and still answers the same, including events written while it
was down."""

import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from potret.ranking.v1 import ranking_pb2 as pb
from potret.ranking.v1 import ranking_pb2_grpc
from potret_credentials.internal import ranking_channel
from potret_testkit.local import entry_point, free_port

pytestmark = pytest.mark.e2e
Wait = Callable[..., Any]
REF = "2026-11-28"
POSITION = pb.PositionSpec(
    name="Kepala Bidang Perikanan Budidaya",
    jenis="ADMINISTRATOR",
    opd="Dinas Perikanan",
    domains=["kelautan_perikanan"],
)


class RankingInstance:
    def __init__(self, log_dir: Path, snapshot: Path) -> None:
        self.port = free_port()
        self.snapshot = snapshot
        self.env = {
            **os.environ,
            "RANKING_PORT": str(self.port),
            "RANKING_SNAPSHOT_PATH": str(snapshot),
            "RANKING_METRICS_PORT": "0",  # the stack's ranking holds the default port
        }
        self.log_path = log_dir / f"ranking-rebuild-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.binary = entry_point("potret-ranking")

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen([self.binary], env=self.env, stdout=log, stderr=log)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def serving(self) -> bool:
        try:
            with grpc.insecure_channel(f"127.0.0.1:{self.port}") as ch:
                reply = health_pb2_grpc.HealthStub(ch).Check(
                    health_pb2.HealthCheckRequest(), timeout=2
                )
            return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)
        except grpc.RpcError:
            return False


@pytest.fixture
def instance(tmp_path: Path) -> Iterator[RankingInstance]:
    log_dir = Path(os.environ.get("POTRET_LOG_DIR", tmp_path))
    log_dir.mkdir(parents=True, exist_ok=True)
    inst = RankingInstance(log_dir, tmp_path / "read-model.npz")
    yield inst
    inst.stop()


def _ranking(addr: str) -> list[tuple[str, float, bool]]:
    with ranking_channel(addr) as ch:
        reply = ranking_pb2_grpc.RankingServiceStub(ch).RankForPosition(
            pb.RankForPositionRequest(position=POSITION, top_k=500, reference_date=REF),
            timeout=30,
        )
    everyone = list(reply.candidates) + list(reply.ineligible)
    assert reply.considered >= len(everyone)
    return [(c.nip, round(c.score, 12), c.eligible) for c in everyone] + [
        ("considered", float(reply.considered), True)
    ]


def _same(live: str, rebuilt: str, seen: list[str]) -> bool:
    """Whether both instances rank alike; the last difference is kept in `seen` for the
    failure message (which NIPs differ and how), since a bare False explains nothing."""
    a, b = _ranking(live), _ranking(rebuilt)
    if a == b:
        return True
    only_live = sorted(set(a) - set(b))[:5]
    only_rebuilt = sorted(set(b) - set(a))[:5]
    order = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
    seen[:] = [
        f"live {len(a)} entries, rebuilt {len(b)}; first different place {order}; "
        f"only live {only_live}; only rebuilt {only_rebuilt}"
    ]
    return False


def _converge(wait: Wait, live: str, other: str, kind: str) -> None:
    seen: list[str] = []
    try:
        wait(lambda: _same(live, other, seen), timeout=30, what=f"the {kind} read model")
    except pytest.fail.Exception:
        pytest.fail(f"the {kind} read model never equalled the live one: {seen}")


def _version(addr: str, nip: str) -> int:
    with ranking_channel(addr) as ch:
        reply = ranking_pb2_grpc.RankingServiceStub(ch).ScoreCandidates(
            pb.ScoreCandidatesRequest(position=POSITION, nips=[nip], reference_date=REF),
            timeout=30,
        )
    return int(reply.candidates[0].profile_version)


def _person(nip: str, golongan: str) -> dict[str, Any]:
    return {
        "nip": nip,
        "name": "Rina Lestari, S.Pi.",
        "golongan": golongan,
        "jabatan": "Penyuluh Perikanan Ahli Muda",
        "jenis_jabatan": "JF",
        "jenjang": "AHLI_MUDA",
        "opd": "Dinas Perikanan",
        "education": [{"level": "S1", "major": "Budidaya Perairan", "year": 2010}],
        "skp": [{"year": 2025, "predikat": "SANGAT_BAIK"}, {"year": 2024, "predikat": "BAIK"}],
    }


def test_rebuilt_read_model_equals_live_and_resumes_from_snapshot(
    instance: RankingInstance,
    gateway_url: str,
    api_headers: dict[str, str],
    ranking_addr: str,
    new_nip: Callable[[], str],
    wait: Wait,
) -> None:
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as api:
        first = new_nip()
        assert api.post("/v1/profiles", json=_person(first, "III/c")).status_code == 201
        instance.start()
        wait(instance.serving, timeout=120, what="the rebuilt ranking instance to catch up")
        live = f"127.0.0.1:{instance.port}"
        _converge(wait, ranking_addr, live, "rebuilt")
        assert _version(live, first) == 1

        instance.stop()
        assert instance.snapshot.exists(), "no snapshot written at shutdown"
        second = new_nip()  # written while the instance is down
        assert api.post("/v1/profiles", json=_person(second, "III/d")).status_code == 201
        instance.start()
        wait(instance.serving, timeout=60, what="the restarted instance to serve")
        _converge(wait, ranking_addr, live, "restarted")
        assert _version(live, second) == 1
        assert "restored from" in instance.log_path.read_text()
        for nip in (first, second):
            api.delete(f"/v1/profiles/{nip}")
