"""The fault-injection run: a writer streams through the gateway while each component is
killed with SIGKILL and restarted in turn; then the store must hold exactly what the writer
had acknowledged, and the index and the ranking read model must equal the store."""

from __future__ import annotations

import concurrent.futures
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from potret_chaos.stack import ChaosStack, Infra, local_infra, wait_for
from potret_chaos.writer import Writer
from potret_consistency import Difference, index_state, ranking_state, store_state
from potret_consistency.cli import wait_consistent

# Every fault of the issue, in this order. "commit-gap": the relay is killed first, writes go
# on (committed with their outbox rows, not published), then the profile API is killed too:
# the crash lands between DB commit and publish for every row of that backlog.
FAULTS = (
    "profile",
    "relay",
    "commit-gap",
    "kafka",
    "elasticsearch",
    "search-a",
    "search-b",
    "ranking",
)


@dataclass
class FaultResult:
    fault: str
    at_ops: int
    backlog: int | None  # unsent outbox rows when the relay or the profile API was killed
    restarted_s: float  # kill -> the component answers its health check again
    recovered_s: float  # kill -> a write made after the kill is in store, index and ranking
    note: str = ""


@dataclass
class ChaosReport:
    ops: int = 0
    seconds: float = 0
    writer_retries: int = 0
    writer_failed: int = 0
    writer_errors: list[str] = field(default_factory=list)
    faults: list[FaultResult] = field(default_factory=list)
    store_vs_writer: list[str] = field(default_factory=list)  # NIPs whose store state differs
    converged_s: float = 0
    differences: list[Difference] = field(default_factory=list)
    nips: int = 0

    @property
    def ok(self) -> bool:
        return (
            self.writer_failed == 0
            and not self.store_vs_writer
            and bool(self.differences)
            and all(d.equal for d in self.differences)
        )

    def table(self) -> str:
        lines = [
            "| gangguan (kill -9) | saat operasi ke- | outbox belum terkirim | hidup lagi (s) "
            "| pulih ujung-ke-ujung (s) | catatan |",
            "|---|---|---|---|---|---|",
        ]
        for f in self.faults:
            backlog = "-" if f.backlog is None else str(f.backlog)
            lines.append(
                f"| {f.fault} | {f.at_ops:,} | {backlog} | {f.restarted_s:.1f} "
                f"| {f.recovered_s:.1f} | {f.note} |"
            )
        lines.append("")
        rate = self.ops / max(self.seconds, 1)
        lines.append(
            f"operasi: {self.ops:,} dalam {self.seconds:.0f} s ({rate:.0f}/s),"
            f" diulang {self.writer_retries:,}, gagal {self.writer_failed}; "
            f"NIP {self.nips:,}; store = yang diakui penulis: "
            f"{'ya' if not self.store_vs_writer else f'TIDAK ({len(self.store_vs_writer)})'}; "
            f"konvergen {self.converged_s:.1f} s setelah penulis berhenti"
        )
        lines.extend(d.summary() for d in self.differences)
        lines.append("HASIL: " + ("LULUS" if self.ok else "GAGAL"))
        return "\n".join(lines)


def _backlog(stack: ChaosStack) -> int | None:
    try:
        text = httpx.get(f"{stack.profile_url}/metrics", timeout=3).text
    except httpx.HTTPError:
        return None
    for line in text.splitlines():
        if line.startswith("potret_profile_outbox_backlog "):
            return int(float(line.split()[1]))
    return None


class Probe:
    """A profile of its own, updated after each kill; recovered once its new version is in
    the store, the index and the ranking read model."""

    def __init__(self, stack: ChaosStack, person: dict[str, object]) -> None:
        self.stack = stack
        self.person = person
        self.nip = str(person["nip"])
        self.client = httpx.Client(
            base_url=stack.gateway_url,
            headers={"Authorization": f"Bearer {stack.api_key}"},
            timeout=10,
        )
        self.turn = 0

    def create(self) -> None:
        resp = self.client.post("/v1/profiles", json=self.person)
        resp.raise_for_status()

    def write(self, deadline_s: float) -> int:
        """Update the probe until accepted; returns the version written."""
        self.turn += 1
        body = {k: v for k, v in self.person.items() if k != "nip"}
        body["name"] = f"{self.person['name']} {'Probe' if self.turn % 2 else 'Uji'}"
        started = time.monotonic()
        while time.monotonic() - started < deadline_s:
            try:
                resp = self.client.put(f"/v1/profiles/{self.nip}", json=body)
                if resp.status_code == 200:
                    return int(resp.json()["version"])
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"probe write not accepted within {deadline_s:.0f}s")

    def visible(self, version: int) -> bool:
        store = httpx.get(f"{self.stack.profile_url}/profiles/{self.nip}", timeout=3)
        if store.status_code != 200 or store.json()["version"] < version:
            return False
        for which in ("search-a", "search-b"):
            try:
                doc = httpx.get(
                    f"{self.stack.search_url(which)}/index/profiles/{self.nip}", timeout=3
                )
            except httpx.HTTPError:
                continue  # a killed instance: the other one answers for the shared index
            if doc.status_code == 200:
                if doc.json()["version"] < version:
                    return False
                break
        else:
            return False
        held = ranking_state(self.stack.ranking_addr, timeout_s=5).get(self.nip)
        return held is not None and held.version >= version


def run(
    work: Path,
    *,
    min_ops: int,
    pool: int,
    rounds: int = 1,
    threads: int = 8,
    var: Path = Path("var"),
    elasticsearch_url: str = "http://127.0.0.1:9200",
    kafka_bootstrap: str = "127.0.0.1:9092",
    converge_timeout_s: float = 300,
    log: bool = True,
) -> ChaosReport:
    def say(message: str) -> None:
        if log:
            print(f"[chaos {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    report = ChaosReport()
    stack = ChaosStack(work)
    stack.build()
    infra: dict[str, Infra] = local_infra(var, elasticsearch_url, kafka_bootstrap)
    say(f"starting a stack of its own in {work} (topics chaos{stack.tag}.*)")
    stack.start()
    writer = Writer(stack.gateway_url, stack.api_key, pool=pool, threads=threads)
    probe = Probe(stack, writer.people[-1])
    writer.people = writer.people[:-1]
    probe.create()
    try:
        started = time.monotonic()
        writer.start(min_ops)
        faults = [f for _ in range(rounds) for f in FAULTS]
        for i, fault in enumerate(faults):
            # Spread the faults over the stream: the i-th waits for its share of operations.
            target = min_ops * (i + 1) // (len(faults) + 1)
            while writer.ops < target:
                time.sleep(0.2)
            if fault == "commit-gap":
                report.faults.append(_fault_commit_gap(stack, writer, probe, say))
            elif fault in infra:
                report.faults.append(_fault_infra(infra[fault], writer, probe, say))
            elif fault in ("kafka", "elasticsearch"):
                report.faults.append(
                    FaultResult(fault, writer.ops, None, 0, 0, "dilewati: layanan eksternal")
                )
            else:
                report.faults.append(_fault_service(stack, fault, writer, probe, say))
        say(f"faults done; writer continues to {min_ops:,} operations")
        while writer.ops < min_ops:
            time.sleep(0.5)
        writer.finish()
        report.seconds = time.monotonic() - started
        report.ops = writer.stats.ops
        report.writer_retries = writer.stats.retries
        report.writer_failed = writer.stats.failed
        report.writer_errors = writer.stats.errors
        say(f"writer stopped after {report.ops:,} operations; waiting for the read models")
        diffs, took = wait_consistent(
            stack.profile_url,
            stack.search_url("search-a"),
            [stack.ranking_addr],
            timeout_s=converge_timeout_s,
        )
        report.converged_s = took
        report.differences = diffs
        report.store_vs_writer = _store_vs_writer(stack, writer)
        report.nips = len(store_state(stack.profile_url))
        _ = index_state  # (the comparison above read the index through search-a)
        return report
    finally:
        writer._stop.set()
        stack.stop()


def _outage(
    probe: Probe,
    killed: float,
    restart: Callable[[], None],
    ready: Callable[[], bool],
    what: str,
) -> tuple[float, float]:
    """After a kill at `killed`: probe recovery in the background, restart after a moment of
    outage (requests meet it), wait for health. Returns (restarted_s, recovered_s)."""
    recovered: dict[str, float] = {}
    thread = threading.Thread(target=_probe_recovery, args=(probe, killed, recovered), daemon=True)
    thread.start()
    time.sleep(1.0)
    restart()
    wait_for(ready, 300, f"{what} after restart")
    restarted = time.monotonic() - killed
    thread.join(timeout=600)
    return restarted, recovered.get("s", float("nan"))


def _fault_service(
    stack: ChaosStack, name: str, writer: Writer, probe: Probe, say: object
) -> FaultResult:
    service = stack.services[name]
    at = writer.ops
    backlog = _backlog(stack) if name in ("profile", "relay") else None
    killed = time.monotonic()
    service.kill()
    _say(say, f"kill -9 {name} at operation {at:,}")
    restarted, recovered = _outage(probe, killed, service.start, service.ready, name)
    return FaultResult(name, at, backlog, restarted, recovered)


def _fault_commit_gap(stack: ChaosStack, writer: Writer, probe: Probe, say: object) -> FaultResult:
    relay, profile = stack.services["relay"], stack.services["profile"]
    at = writer.ops
    killed = time.monotonic()
    relay.kill()
    _say(say, f"kill -9 relay at operation {at:,}; writes go on unpublished")
    time.sleep(3.0)
    backlog = _backlog(stack)
    profile.kill()
    _say(say, f"kill -9 profile with {backlog} committed, unpublished outbox rows")

    def restart() -> None:
        profile.start()
        relay.start()

    restarted, recovered = _outage(probe, killed, restart, profile.ready, "profile")
    return FaultResult("profile + relay (commit, belum publish)", at, backlog, restarted, recovered)


def _fault_infra(infra: Infra, writer: Writer, probe: Probe, say: object) -> FaultResult:
    at = writer.ops
    killed = time.monotonic()
    infra.kill()
    _say(say, f"kill -9 {infra.name} at operation {at:,}")
    restarted, recovered = _outage(probe, killed, infra.restart, infra.ready, infra.name)
    return FaultResult(infra.name, at, None, restarted, recovered)


def _probe_recovery(probe: Probe, killed: float, out: dict[str, float]) -> None:
    version = probe.write(deadline_s=300)
    wait_for(lambda: probe.visible(version), 300, "probe write visible everywhere", 0.5)
    out["s"] = time.monotonic() - killed


def _say(say: object, message: str) -> None:
    if callable(say):
        say(message)


def _store_vs_writer(stack: ChaosStack, writer: Writer) -> list[str]:
    """NIPs whose stored state is not what the writer last had acknowledged."""

    def differs(item: tuple[str, object]) -> str | None:
        nip, want = item
        resp = httpx.get(f"{stack.profile_url}/profiles/{nip}", timeout=10)
        live = resp.status_code == 200
        if live != want.live:  # type: ignore[attr-defined]
            return nip
        if live and resp.json()["name"] != want.name:  # type: ignore[attr-defined]
            return nip
        return None

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        found = pool.map(differs, list(writer.expected.items()))
    return [nip for nip in found if nip]
