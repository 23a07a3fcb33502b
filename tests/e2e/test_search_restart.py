"""Kill -9 a search instance mid-stream, restart it, find every profile at its latest version."""

import os
import random
import signal
import subprocess
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from elasticsearch import Elasticsearch

from potret_search.adapters.elastic import connect_url
from potret_testkit.local import entry_point, free_port

pytestmark = pytest.mark.e2e
Wait = Callable[..., Any]


class SearchInstance:
    """A search service of its own (own port, consumer group and index) for this test."""

    def __init__(self, log_dir: Path, tag: str | None = None) -> None:
        tag = tag or uuid.uuid4().hex[:8]
        self.port = free_port()
        self.alias = f"potret-killtest-{tag}"
        self.env = {
            **os.environ,
            "SEARCH_PORT": str(self.port),
            "SEARCH_INDEX_ALIAS": self.alias,
            "SEARCH_CONSUMER_GROUP": f"potret-killtest-{tag}",
            # Follow only new events, so the test does not wait for the whole topic history.
            "SEARCH_CONSUMER_OFFSET_RESET": "latest",
        }
        self.log = (log_dir / f"search-killtest-{tag}-{self.port}.log").open("ab")
        self.proc: subprocess.Popen[bytes] | None = None
        self.binary = entry_point("potret-search")

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
    es = connect_url(elasticsearch_url)
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
    es = connect_url(elasticsearch_url)
    nips = [new_nip() for _ in range(120)]
    latest: dict[str, tuple[int, bool]] = {}
    errors: list[str] = []
    killed = threading.Event()

    def writer() -> None:
        _write_stream(gateway_url, api_headers, nips, latest, errors, killed)

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

    wait(
        lambda: _converged(es, instance.alias, latest),
        timeout=90,
        interval=1,
        what="the index to hold every profile at its latest version",
    )
    es.close()


def _write_stream(
    gateway_url: str,
    api_headers: dict[str, str],
    nips: list[str],
    latest: dict[str, tuple[int, bool]],
    errors: list[str],
    halfway: threading.Event,
) -> None:
    """Create, update (0-3 times) and sometimes delete each NIP; the second half waits for
    `halfway` (the kill). `latest` ends with each NIP's last version and deleted flag."""
    rng = random.Random(7)
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as api:
        for i, nip in enumerate(nips):
            if i == len(nips) // 2:
                halfway.wait(timeout=120)
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


def _converged(es: Elasticsearch, alias: str, latest: dict[str, tuple[int, bool]]) -> bool:
    es.indices.refresh(index=alias)
    docs = es.mget(index=alias, ids=list(latest))["docs"]
    found = {
        d["_id"]: (d["_source"]["version"], d["_source"]["deleted"]) for d in docs if d.get("found")
    }
    return found == latest


def _assigned(port: int) -> int:
    try:
        body = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).json()
    except (httpx.HTTPError, ValueError):
        return -1
    return int(body.get("checks", {}).get("kafka", {}).get("assigned_partitions", -1))


def test_two_instances_share_the_partitions_and_survive_losing_one(
    tmp_path: Path,
    gateway_url: str,
    api_headers: dict[str, str],
    elasticsearch_url: str,
    new_nip: Callable[[], str],
    wait: Wait,
) -> None:
    """Scaling out: one consumer group, two instances, one index. Each takes part of the
    partitions; when one dies mid-stream the other takes all of them over and the index ends
    with every profile at its latest version."""
    log_dir = Path(os.environ.get("POTRET_LOG_DIR", tmp_path))
    log_dir.mkdir(parents=True, exist_ok=True)
    tag = uuid.uuid4().hex[:8]
    first, second = SearchInstance(log_dir, tag), SearchInstance(log_dir, tag)
    es = connect_url(elasticsearch_url)
    try:
        first.start()
        wait(lambda: _assigned(first.port) == 6, timeout=60, what="the first instance assigned")
        second.start()
        shares = wait(
            lambda: (
                (a, b)
                if (a := _assigned(first.port)) > 0
                and (b := _assigned(second.port)) > 0
                and a + b == 6
                else None
            ),
            timeout=60,
            what="the two instances to share the 6 partitions",
        )
        assert sum(shares) == 6
        nips = [new_nip() for _ in range(120)]
        latest: dict[str, tuple[int, bool]] = {}
        errors: list[str] = []
        killed = threading.Event()
        thread = threading.Thread(
            target=_write_stream,
            args=(gateway_url, api_headers, nips, latest, errors, killed),
        )
        thread.start()

        def indexed() -> int:
            try:
                return int(es.count(index=first.alias, query={"terms": {"nip": nips}})["count"])
            except Exception:
                return 0

        wait(lambda: indexed() >= 15, timeout=60, what="part of the stream indexed")
        second.kill()
        killed.set()
        thread.join(timeout=300)
        assert not errors, errors[:3]
        wait(lambda: _assigned(first.port) == 6, timeout=60, what="the survivor to take over")
        wait(
            lambda: _converged(es, first.alias, latest),
            timeout=90,
            interval=1,
            what="every profile at its latest version",
        )
    finally:
        first.stop()
        second.stop()
        es.options(ignore_status=404).indices.delete(index=f"{first.alias}-v1")
        es.close()


def _positions_ready(port: int) -> bool:
    try:
        body = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).json()
    except (httpx.HTTPError, ValueError):
        return False
    kafka = body.get("checks", {}).get("kafka", {})
    return bool(kafka.get("positions_ready")) and kafka.get("assigned_partitions") == 6
