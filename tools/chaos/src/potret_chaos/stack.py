"""A Potret stack of its own for fault injection: profile API, outbox relay (a separate
process, so it can be killed alone), two search instances in one consumer group, ranking
and a gateway, on free loopback ports, with their own topics (POTRET_TOPIC_PREFIX), index
alias, consumer group and databases. Kafka and Elasticsearch are the local ones started by
deploy/local (they are killed and restarted through those scripts).

With a PostgreSQL `database_url` the profile store is that database and the profile side is
replicated as a scaled deployment runs it: two profile API replicas, each behind a gateway
of its own (writes reach both at once), and two relays, one leading and one standing by."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import httpx
from grpc_health.v1 import health_pb2, health_pb2_grpc

from potret_search.adapters.elastic import connect_url
from potret_testkit.local import entry_point, free_port

ROOT = Path(__file__).resolve().parents[4]


def wait_for(
    probe: Callable[[], bool], timeout_s: float, what: str, interval: float = 0.25
) -> float:
    """Poll until `probe()`; returns the seconds waited, raises TimeoutError after timeout."""
    started = time.monotonic()
    last_error: Exception | None = None
    while True:
        try:
            if probe():
                return time.monotonic() - started
        except Exception as exc:  # a component that is down answers with errors: keep polling
            last_error = exc
        if time.monotonic() - started > timeout_s:
            raise TimeoutError(f"{what}: not ready after {timeout_s:.0f}s") from last_error
        time.sleep(interval)


def local_client(timeout_s: float = 3) -> httpx.Client:
    """A pooled client for the probes of one run. Never `httpx.get` in a poll loop: each call
    builds a client and loads a TLS context from SSL_CERT_FILE (~60 ms of CPU), which on a
    loaded 2-core machine slows the very recovery being measured."""
    return httpx.Client(timeout=timeout_s, limits=httpx.Limits(max_connections=32))


def http_ok(client: httpx.Client, url: str) -> bool:
    try:
        return client.get(url).status_code == 200
    except httpx.HTTPError:
        return False


def elasticsearch_up(url: str) -> bool:
    """Yellow or green, asked as the environment's user over its TLS (adapters/elastic.py)."""
    try:
        with connect_url(url, request_timeout=3) as es:
            status = es.cluster.health(wait_for_status="yellow", timeout="1s").get("status")
    except Exception:  # down, starting, refusing: not up yet
        return False
    return status in ("yellow", "green")


def grpc_serving(addr: str) -> bool:
    with grpc.insecure_channel(addr) as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=2
            )
        except grpc.RpcError:
            return False
    return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)


def kill_tree(pid: int) -> None:
    """SIGKILL a process and all its descendants (children first found, all killed)."""
    pids = [pid]
    i = 0
    while i < len(pids):
        out = subprocess.run(
            ["pgrep", "-P", str(pids[i])], capture_output=True, text=True, check=False
        )
        pids.extend(int(p) for p in out.stdout.split())
        i += 1
    for p in reversed(pids):
        with contextlib.suppress(ProcessLookupError):
            os.kill(p, signal.SIGKILL)
    # Gone from the process table before anyone restarts it (a start script that still saw
    # the pid would think it is running).
    deadline = time.monotonic() + 30
    for p in pids:
        while time.monotonic() < deadline:
            try:
                os.kill(p, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)


@dataclass
class Service:
    name: str
    command: list[str]
    env: dict[str, str]
    log_path: Path
    ready: Callable[[], bool]
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                self.command,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Infra:
    """Kafka or Elasticsearch of deploy/local: killed by pid file, restarted by script."""

    name: str
    script: str
    pidfile: Path
    ready: Callable[[], bool]
    # The start script's own wait (POTRET_ES_START_TIMEOUT, POTRET_KAFKA_START_TIMEOUT): on
    # a loaded machine a restart beside the write stream takes several times an idle start.
    start_timeout_s: float = 240

    def kill(self) -> None:
        kill_tree(int(self.pidfile.read_text().strip()))

    def restart(self) -> None:
        limit = str(int(self.start_timeout_s))
        env = {**os.environ, "POTRET_ES_START_TIMEOUT": limit, "POTRET_KAFKA_START_TIMEOUT": limit}
        done = subprocess.run(
            ["bash", str(ROOT / "deploy" / "local" / self.script), "start"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{self.script} start failed: {done.stderr[-1500:]}")


@dataclass
class ChaosStack:
    work: Path
    tag: str = field(default_factory=lambda: secrets.token_hex(3))
    services: dict[str, Service] = field(default_factory=dict)
    api_key: str = ""
    ports: dict[str, int] = field(default_factory=dict)
    http: httpx.Client = field(default_factory=local_client)
    database_url: str | None = None  # PostgreSQL: the replicated profile side

    @property
    def replicated(self) -> bool:
        return self.database_url is not None

    @property
    def gateway_urls(self) -> list[str]:
        """Every gateway: writes spread over them reach every profile replica."""
        names = ("gateway", "gateway-b") if self.replicated else ("gateway",)
        return [f"http://127.0.0.1:{self.ports[n]}" for n in names]

    @property
    def relays(self) -> list[str]:
        return ["relay", "relay-b"] if self.replicated else ["relay"]

    def relay_leader(self) -> str:
        """The relay that took the lead last (its log's latest "relay leads" line): the one
        publishing now."""
        latest: dict[str, str] = {}
        for name in self.relays:
            path = self.services[name].log_path
            lines = path.read_text(errors="replace").splitlines() if path.exists() else []
            leads = [line for line in lines if "relay leads" in line]
            if leads:
                latest[name] = leads[-1][:23]  # the asctime stamp, which sorts as text
        return max(latest, key=lambda n: latest[n]) if latest else self.relays[0]

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    @property
    def profile_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['profile']}"

    @property
    def profile_metrics_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['profile-metrics']}/metrics"

    def search_url(self, which: str = "search-a") -> str:
        return f"http://127.0.0.1:{self.ports[which]}"

    @property
    def ranking_addr(self) -> str:
        return f"127.0.0.1:{self.ports['ranking']}"

    def build(self) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        for name in (
            "profile",
            "profile-metrics",
            "search-a",
            "search-b",
            "ranking",
            "ranking-metrics",
            "gateway",
            *(("profile-b", "profile-b-metrics", "gateway-b") if self.replicated else ()),
        ):
            self.ports[name] = free_port()
        base = {
            **os.environ,
            "POTRET_TOPIC_PREFIX": f"chaos{self.tag}.",
            "POTRET_LOG_FORMAT": "text",
        }
        profile_env = {
            **base,
            "PROFILE_PORT": str(self.ports["profile"]),
            "PROFILE_METRICS_PORT": str(self.ports["profile-metrics"]),
            "PROFILE_DB_PATH": str(self.work / "profile.db"),
            "PROFILE_RELAY_ENABLED": "false",
        }
        if self.database_url is not None:
            profile_env["PROFILE_DATABASE_URL"] = self.database_url
        search_env = {
            **base,
            "SEARCH_INDEX_ALIAS": f"chaos-{self.tag}",
            "SEARCH_CONSUMER_GROUP": f"chaos-{self.tag}",
            "SEARCH_INDEX_REPLICAS": "0",
        }
        secret = secrets.token_urlsafe(48)
        gateway_env = {
            **base,
            "GATEWAY_PORT": str(self.ports["gateway"]),
            "GATEWAY_PROFILE_SERVICE_URL": self.profile_url,
            "GATEWAY_SEARCH_SERVICE_URL": self.search_url("search-a"),
            "GATEWAY_RANKING_SERVICE_ADDR": self.ranking_addr,
            "GATEWAY_AUTH_DB": str(self.work / "auth.db"),
            "GATEWAY_AUDIT_DB": str(self.work / "audit.db"),
            "GATEWAY_JWT_SECRET": secret,
        }
        gateway_env.pop("GATEWAY_DATABASE_URL", None)
        out = subprocess.run(
            [
                entry_point("potret-auth"),
                "--db",
                str(self.work / "auth.db"),
                "key",
                "create",
                "--name",
                "chaos writer",
                "--scope",
                "profiles:write",
                "--scope",
                "profiles:read",
                "--rate-per-minute",
                "100000000",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        self.api_key = out.stdout.strip().splitlines()[-1]
        log = self.work
        self.services = {
            "profile": Service(
                "profile",
                [entry_point("potret-profile")],
                profile_env,
                log / "profile.log",
                lambda: http_ok(self.http, f"{self.profile_url}/healthz"),
            ),
            "relay": Service(
                "relay",
                [entry_point("potret-profile-relay")],
                profile_env,
                log / "relay.log",
                lambda: self._alive("relay"),
            ),
        }
        if self.replicated:
            profile_b = {
                **profile_env,
                "PROFILE_PORT": str(self.ports["profile-b"]),
                "PROFILE_METRICS_PORT": str(self.ports["profile-b-metrics"]),
            }
            url_b = f"http://127.0.0.1:{self.ports['profile-b']}"
            self.services["profile-b"] = Service(
                "profile-b",
                [entry_point("potret-profile")],
                profile_b,
                log / "profile-b.log",
                lambda: http_ok(self.http, f"{url_b}/healthz"),
            )
            self.services["relay-b"] = Service(
                "relay-b",
                [entry_point("potret-profile-relay")],
                profile_env,
                log / "relay-b.log",
                lambda: self._alive("relay-b"),
            )
        for which in ("search-a", "search-b"):
            self.services[which] = Service(
                which,
                [entry_point("potret-search")],
                # each under an instance id of its own, as a pod's name in Kubernetes: a
                # kill and a restart in place take the partitions back without a rebalance
                {
                    **search_env,
                    "SEARCH_PORT": str(self.ports[which]),
                    "SEARCH_CONSUMER_INSTANCE_ID": which,
                },
                log / f"{which}.log",
                lambda w=which: http_ok(self.http, f"{self.search_url(w)}/readyz"),  # type: ignore[misc]
            )
        self.services["ranking"] = Service(
            "ranking",
            [entry_point("potret-ranking")],
            {
                **base,
                "RANKING_PORT": str(self.ports["ranking"]),
                "RANKING_METRICS_PORT": str(self.ports["ranking-metrics"]),
                "RANKING_SNAPSHOT_PATH": str(self.work / "read-model.npz"),
                "RANKING_SNAPSHOT_INTERVAL_S": "5",
            },
            log / "ranking.log",
            lambda: grpc_serving(self.ranking_addr),
        )
        self.services["gateway"] = Service(
            "gateway",
            [entry_point("potret-gateway")],
            gateway_env,
            log / "gateway.log",
            lambda: http_ok(self.http, f"{self.gateway_url}/readyz"),
        )
        if self.replicated:
            # The second profile replica's gateway: the same users and keys, a trail of its own.
            gateway_b = f"http://127.0.0.1:{self.ports['gateway-b']}"
            self.services["gateway-b"] = Service(
                "gateway-b",
                [entry_point("potret-gateway")],
                {
                    **gateway_env,
                    "GATEWAY_PORT": str(self.ports["gateway-b"]),
                    "GATEWAY_PROFILE_SERVICE_URL": f"http://127.0.0.1:{self.ports['profile-b']}",
                    "GATEWAY_AUDIT_DB": str(self.work / "audit-b.db"),
                },
                log / "gateway-b.log",
                lambda: http_ok(self.http, f"{gateway_b}/readyz"),
            )

    def _alive(self, name: str) -> bool:
        proc = self.services[name].proc
        return proc is not None and proc.poll() is None

    def start(self, timeout_s: float = 180) -> None:
        # One after the other: the first search instance creates the index and its alias.
        for name in (
            "profile",
            "profile-b",
            "relay",
            "relay-b",
            "search-a",
            "search-b",
            "ranking",
            "gateway",
            "gateway-b",
        ):
            if name not in self.services:
                continue
            service = self.services[name]
            service.start()
            wait_for(service.ready, timeout_s, f"chaos {name}")

    def stop(self) -> None:
        for service in reversed(list(self.services.values())):
            service.stop()
        self.http.close()


def local_infra(
    var: Path,
    elasticsearch_url: str,
    kafka_bootstrap: str,
    http: httpx.Client,
    start_timeout_s: float = 240,
) -> dict[str, Infra]:
    """Kafka and Elasticsearch of deploy/local, unless external ones are configured."""
    run = var / "run"
    infra: dict[str, Infra] = {}
    if not os.environ.get("KAFKA_BOOTSTRAP_SERVERS") and (run / "kafka.pid").exists():
        host, port = kafka_bootstrap.split(",")[0].rsplit(":", 1)

        def kafka_up() -> bool:
            import socket

            with socket.create_connection((host, int(port)), timeout=2):
                return True

        infra["kafka"] = Infra("kafka", "kafka.sh", run / "kafka.pid", kafka_up, start_timeout_s)
    if not os.environ.get("ELASTICSEARCH_URL") and (run / "elasticsearch.pid").exists():
        infra["elasticsearch"] = Infra(
            "elasticsearch",
            "elasticsearch.sh",
            run / "elasticsearch.pid",
            lambda: elasticsearch_up(elasticsearch_url),
            start_timeout_s,
        )
    return infra
