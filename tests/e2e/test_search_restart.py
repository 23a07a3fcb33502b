"""Kill -9 a search instance mid-stream, restart it, find every profile at its latest version."""

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from elasticsearch import Elasticsearch

pytestmark = pytest.mark.e2e
Wait = Callable[..., Any]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SearchInstance:
    """A search service of its own (own port, consumer group and index) for this test."""

    def __init__(self, log_dir: Path) -> None:
        tag = uuid.uuid4().hex[:8]
        self.port = _free_port()
        self.alias = f"potret-killtest-{tag}"
        self.env = {
            **os.environ,
            "SEARCH_PORT": str(self.port),
            "SEARCH_INDEX_ALIAS": self.alias,
            "SEARCH_CONSUMER_GROUP": f"potret-killtest-{tag}",
            # Follow only new events, so the test does not wait for the whole topic history.
            "SEARCH_CONSUMER_OFFSET_RESET": "latest",
        }
        self.log = (log_dir / f"search-killtest-{tag}.log").open("ab")
        self.proc: subprocess.Popen[bytes] | None = None
        binary = Path(sys.executable).parent / "potret-search"
        self.binary = str(binary) if binary.exists() else shutil.which("potret-search") or ""

    def start(self) -> None:
        self.proc = subprocess.Popen([self.binary], env=self.env, stdout=self.log, stderr=self.log)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


@pytest.fixture
def instance(tmp_path: Path, elasticsearch_url: str) -> Iterator[SearchInstance]:
    log_dir = Path(os.environ.get("POTRET_LOG_DIR", tmp_path))
    log_dir.mkdir(parents=True, exist_ok=True)
    inst = SearchInstance(log_dir)
    yield inst
    inst.stop()
    es = Elasticsearch(elasticsearch_url)
    es.options(ignore_status=404).indices.delete(index=f"{inst.alias}-v1")
    es.close()


def test_killed_search_instance_resumes_and_converges_to_latest_versions(
    instance: SearchInstance,
    gateway_url: str,
    api_headers: dict[str, str],
    elasticsearch_url: str,
    new_nip: Callable[[], str],
    wait: Wait,
) -> None:
    instance.start()
    wait(lambda: _positions_ready(instance.port), timeout=60, what="search instance assigned")
    es = Elasticsearch(elasticsearch_url)
    nips = [new_nip() for _ in range(120)]
    latest: dict[str, tuple[int, bool]] = {}
    errors: list[str] = []
    rng = random.Random(7)
    killed = threading.Event()

    def writer() -> None:
        with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as api:
            for i, nip in enumerate(nips):
                if i == len(nips) // 2:
                    # The second half streams while the instance is down and restarting.
                    killed.wait(timeout=120)
                body = {
                    "nip": nip,
                    "name": f"Pegawai Uji {i}",
                    "golongan": "III/a",
                    "jabatan": "Analis",
                    "opd": "Dinas Perikanan",
                }
                resp = api.post("/v1/profiles", json=body)
                if resp.status_code != 201:
                    errors.append(resp.text)
                    continue
                latest[nip] = (1, False)
                for g in rng.sample(["III/b", "III/c", "III/d", "IV/a"], k=rng.randint(0, 3)):
                    body["golongan"] = g
                    up = api.put(
                        f"/v1/profiles/{nip}", json={k: v for k, v in body.items() if k != "nip"}
                    )
                    latest[nip] = (up.json()["version"], False)
                if i % 10 == 3:
                    api.delete(f"/v1/profiles/{nip}")
                    latest[nip] = (latest[nip][0] + 1, True)

    thread = threading.Thread(target=writer)
    thread.start()

    def indexed_count() -> int:
        try:
            return int(es.count(index=instance.alias, query={"terms": {"nip": nips}})["count"])
        except Exception:
            return 0

    # Kill while the writer is still streaming and the instance has indexed part of it.
    wait(lambda: indexed_count() >= 15, timeout=60, what="the instance to index part of the stream")
    instance.kill()
    killed.set()
    instance.start()
    thread.join(timeout=300)
    assert not errors, errors[:3]
    assert len(latest) == len(nips)

    def converged() -> bool:
        es.indices.refresh(index=instance.alias)
        docs = es.mget(index=instance.alias, ids=nips)["docs"]
        found = {
            d["_id"]: (d["_source"]["version"], d["_source"]["deleted"])
            for d in docs
            if d.get("found")
        }
        return found == latest

    wait(
        converged,
        timeout=90,
        interval=1,
        what="the index to hold every profile at its latest version",
    )
    es.close()


def _positions_ready(port: int) -> bool:
    try:
        body = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).json()
    except (httpx.HTTPError, ValueError):
        return False
    kafka = body.get("checks", {}).get("kafka", {})
    return bool(kafka.get("positions_ready")) and kafka.get("assigned_partitions") == 6
