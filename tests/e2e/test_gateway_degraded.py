"""A gateway whose ranking service is down answers what it can, clearly marked, never 500."""

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from potret_testkit.local import entry_point, free_port

pytestmark = pytest.mark.e2e
Wait = Callable[..., Any]


@pytest.fixture
def degraded_gateway(tmp_path: Path, potret_var: Path, wait: Wait) -> Iterator[str]:
    port, dead = free_port(), free_port()  # nothing listens on `dead`
    env = {
        **os.environ,
        "GATEWAY_PORT": str(port),
        "GATEWAY_RANKING_SERVICE_ADDR": f"127.0.0.1:{dead}",
        "GATEWAY_RANKING_TIMEOUT_S": "2",
        # Same users and keys as the main gateway (dev mode), its own audit trail.
        "GATEWAY_AUTH_DB": str(potret_var / "gateway" / "auth.db"),
        "GATEWAY_JWT_SECRET_FILE": str(potret_var / "run" / "jwt.key"),
        "GATEWAY_AUDIT_DB": str(tmp_path / "audit.db"),
    }
    log_dir = Path(os.environ.get("POTRET_LOG_DIR", tmp_path))
    log_dir.mkdir(parents=True, exist_ok=True)
    with (log_dir / f"gateway-degraded-{port}.log").open("ab") as log:
        proc = subprocess.Popen(
            [entry_point("potret-gateway")],
            env=env,
            stdout=log,
            stderr=log,
        )
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    wait(up, timeout=30, what="the degraded gateway to start")
    yield url
    proc.terminate()
    proc.wait(timeout=15)


def test_ranking_down_gives_marked_search_answers_and_503_problems(
    degraded_gateway: str, api_headers: dict[str, str]
) -> None:
    with httpx.Client(base_url=degraded_gateway, headers=api_headers, timeout=30) as api:
        ready = api.get("/readyz")
        assert ready.status_code == 503
        ask = api.post("/v1/ask", json={"question": "calon terbaik untuk Kepala Dinas Perikanan"})
        assert ask.status_code == 200, ask.text
        body = ask.json()
        assert body["degraded"] is True
        assert "ranking sedang tidak tersedia" in body["answer"]
        rank = api.post(
            "/v1/positions/rank",
            json={"position": {"jenis": "PENGAWAS", "domains": ["kesehatan"]}, "top_k": 3},
        )
        assert rank.status_code == 503
        assert rank.headers["content-type"].startswith("application/problem+json")
        assert rank.headers["retry-after"]
        search = api.get("/v1/search", params={"q": "perikanan"})
        assert search.status_code == 200  # what does not need ranking still works
