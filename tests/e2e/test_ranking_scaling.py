"""Two ranking instances behind one gateway: calls are spread over both (round robin), both
answer alike (each holds the whole read model), and losing one mid-stream loses no call."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from prometheus_client.parser import text_string_to_metric_families

from potret_testkit.local import entry_point, free_port

pytestmark = pytest.mark.e2e
Wait = Callable[..., Any]
RANK = "/potret.ranking.v1.RankingService/RankForPosition"
BODY = {"position": {"jenis": "PENGAWAS", "domains": ["kesehatan"]}, "top_k": 5}


def _rank_calls(metrics_url: str) -> float:
    try:
        text = httpx.get(metrics_url, timeout=5).text
    except httpx.HTTPError:
        return -1
    return sum(
        s.value
        for f in text_string_to_metric_families(text)
        for s in f.samples
        if s.name == "potret_grpc_server_handling_seconds_count" and s.labels["method"] == RANK
    )


def _serving(port: int) -> bool:
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=2
            )
        except grpc.RpcError:
            return False
    return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)


@pytest.fixture
def pair(tmp_path: Path, potret_var: Path, wait: Wait) -> Iterator[dict[str, Any]]:
    """A second ranking instance, and a gateway that balances over it and the stack's own."""
    log_dir = Path(os.environ.get("POTRET_LOG_DIR", tmp_path))
    log_dir.mkdir(parents=True, exist_ok=True)
    grpc_port, metrics_port, gateway_port = free_port(), free_port(), free_port()
    procs: list[subprocess.Popen[bytes]] = []
    with (log_dir / f"ranking-second-{grpc_port}.log").open("ab") as log:
        procs.append(
            subprocess.Popen(
                [entry_point("potret-ranking")],
                env={
                    **os.environ,
                    "RANKING_PORT": str(grpc_port),
                    "RANKING_METRICS_PORT": str(metrics_port),
                    "RANKING_SNAPSHOT_PATH": "",
                },
                stdout=log,
                stderr=log,
            )
        )
    wait(lambda: _serving(grpc_port), timeout=300, interval=1, what="the second ranking ready")
    with (log_dir / f"gateway-pair-{gateway_port}.log").open("ab") as log:
        procs.append(
            subprocess.Popen(
                [entry_point("potret-gateway")],
                env={
                    **os.environ,
                    "GATEWAY_PORT": str(gateway_port),
                    "GATEWAY_RANKING_SERVICE_ADDR": f"ipv4:127.0.0.1:50051,127.0.0.1:{grpc_port}",
                    "GATEWAY_AUTH_DB": str(potret_var / "gateway" / "auth.db"),
                    "GATEWAY_JWT_SECRET_FILE": str(potret_var / "run" / "jwt.key"),
                    "GATEWAY_AUDIT_DB": str(tmp_path / "audit.db"),
                },
                stdout=log,
                stderr=log,
            )
        )
    gateway = f"http://127.0.0.1:{gateway_port}"

    def up() -> bool:
        try:
            return httpx.get(f"{gateway}/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    wait(up, timeout=60, what="the balancing gateway ready")
    yield {"gateway": gateway, "second": procs[0], "second_metrics": metrics_port}
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=20)


def test_two_ranking_instances_share_the_calls_and_survive_losing_one(
    pair: dict[str, Any], api_headers: dict[str, str]
) -> None:
    first_metrics = os.environ.get("POTRET_RANKING_METRICS_URL", "http://127.0.0.1:8083")
    second_metrics = f"http://127.0.0.1:{pair['second_metrics']}/metrics"
    before = (_rank_calls(f"{first_metrics}/metrics"), _rank_calls(second_metrics))
    with httpx.Client(base_url=pair["gateway"], headers=api_headers, timeout=30) as api:
        answers = []
        for _ in range(30):
            resp = api.post("/v1/positions/rank", json=BODY)
            assert resp.status_code == 200, resp.text
            body = resp.json()
            answers.append([(c["nip"], round(c["score"], 6)) for c in body["candidates"]])
        after = (_rank_calls(f"{first_metrics}/metrics"), _rank_calls(second_metrics))
        shares = (after[0] - before[0], after[1] - before[1])
        assert shares[0] >= 5, shares
        assert shares[1] >= 5, shares
        assert sum(shares) >= 30
        # Both replicas hold the same read model: the same ranking whoever answers.
        assert all(a == answers[0] for a in answers), "replicas disagree"

        statuses: list[int] = []

        def stream() -> None:
            for _ in range(60):
                statuses.append(api.post("/v1/positions/rank", json=BODY).status_code)

        thread = threading.Thread(target=stream)
        thread.start()
        while len(statuses) < 15:
            threading.Event().wait(0.05)
        pair["second"].send_signal(signal.SIGKILL)
        thread.join(timeout=120)
    assert len(statuses) == 60
    assert set(statuses) == {200}, statuses
