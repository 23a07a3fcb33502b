"""The fault-injection run: a writer streams through the gateway while each component is
killed with SIGKILL and restarted in turn; then the store must hold exactly what the writer
had acknowledged, and the index and the ranking read model must equal the store."""

from __future__ import annotations

import math
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import grpc
import httpx

from potret_chaos.stack import ChaosStack, Infra, local_infra, wait_for
from potret_chaos.writer import Expected, Writer
from potret_consistency import Difference, ranking_state
from potret_consistency.cli import wait_consistent
from potret_credentials.internal import operator_identity, service_auth, service_headers
from potret_service_auth.grpc_auth import authenticated_channel

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
    restarted_s: float  # kill -> the component answers its health check again (nan: never)
    recovered_s: float  # kill -> a write made after the kill is in store, index and ranking
    note: str = ""  # why a figure is missing (nan): a bound exceeded, or not run
    external: bool = False  # Kafka or Elasticsearch not started here: not ours to kill


@dataclass(frozen=True)
class Budget:
    """Bounds of one run, each reported when exceeded instead of hanging the run: a fault
    that does not recover within its bound is recorded (nan, with a note) and the run goes
    on, so the report says which component stalled and for how long."""

    restart_s: float = 240  # kill -> health check answers
    recovery_s: float = 300  # kill -> the probe's write is visible everywhere
    converge_s: float = 300  # writer stopped -> every read model equals the store
    # The whole run, stack start to comparison. Past it, the remaining faults are skipped
    # (noted), the writer is stopped where it is, and the run reports what it has.
    total_s: float = 1800
    backlog_rows: int = 200  # commit-gap: outbox rows to pile up before the profile kill
    backlog_wait_s: float = 20  # ... or at most this long


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
    # Wall-clock seconds per phase, in order: where a slow run spent its time.
    phases: dict[str, float] = field(default_factory=dict)
    overrun: str = ""  # set when the run's total budget ran out

    @property
    def ok(self) -> bool:
        recovered = all(
            math.isfinite(f.restarted_s) and math.isfinite(f.recovered_s)
            for f in self.faults
            if not f.external
        )
        return (
            not self.overrun
            and recovered
            and self.writer_failed == 0
            and not self.store_vs_writer
            and bool(self.differences)
            and all(d.equal for d in self.differences)
        )

    def table(self) -> str:
        lines = [
            "| gangguan (kill -9) | saat operasi ke- | outbox belum terkirim | hidup lagi (s) "
            "| pulih ujung-ke-ujung (s) | pulih setelah hidup lagi (s) | catatan |",
            "|---|---|---|---|---|---|---|",
        ]
        for f in self.faults:
            backlog = "-" if f.backlog is None else str(f.backlog)
            # How long the system lagged behind the component's return (negative: another
            # instance served while it was down).
            lag = f.recovered_s - f.restarted_s
            lines.append(
                f"| {f.fault} | {f.at_ops:,} | {backlog} | {f.restarted_s:.1f} "
                f"| {f.recovered_s:.1f} | {lag:.1f} | {f.note} |"
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
        if self.phases:
            lines.append(
                "durasi tahap: "
                + ", ".join(f"{name} {secs:.1f} s" for name, secs in self.phases.items())
                + f"; total {sum(self.phases.values()):.1f} s"
            )
        if self.overrun:
            lines.append(f"ANGGARAN WAKTU HABIS: {self.overrun}")
        lines.extend(d.summary() for d in self.differences)
        lines.append("HASIL: " + ("LULUS" if self.ok else "GAGAL"))
        return "\n".join(lines)


def _backlog(stack: ChaosStack) -> int | None:
    try:
        text = stack.http.get(stack.profile_metrics_url).text
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
        # Reused across kills of ranking: a short reconnect backoff, so that the recovery
        # measured is ranking's, not gRPC's growing backoff (1 s x 1.6 per attempt).
        self.channel = authenticated_channel(
            grpc.insecure_channel(
                stack.ranking_addr,
                options=[
                    ("grpc.initial_reconnect_backoff_ms", 200),
                    ("grpc.min_reconnect_backoff_ms", 200),
                    ("grpc.max_reconnect_backoff_ms", 1000),
                ],
            ),
            operator_identity(),
            "ranking",
        )
        self.turn = 0

    def close(self) -> None:
        self.client.close()
        self.channel.close()

    def create(self) -> None:
        resp = self.client.post("/v1/profiles", json=self.person)
        resp.raise_for_status()

    def write(self, deadline: float) -> int:
        """Update the probe until accepted (before the monotonic `deadline`); returns the
        version written."""
        self.turn += 1
        body = {k: v for k, v in self.person.items() if k != "nip"}
        body["name"] = f"{self.person['name']} {'Probe' if self.turn % 2 else 'Uji'}"
        while time.monotonic() < deadline:
            try:
                resp = self.client.put(f"/v1/profiles/{self.nip}", json=body)
                if resp.status_code == 200:
                    return int(resp.json()["version"])
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError("probe write not accepted in time")

    def visible(self, version: int) -> bool:
        http = self.stack.http
        store = http.get(
            f"{self.stack.profile_url}/profiles/{self.nip}", headers=service_headers("profile")
        )
        if store.status_code != 200 or store.json()["version"] < version:
            return False
        for which in ("search-a", "search-b"):
            try:
                doc = http.get(
                    f"{self.stack.search_url(which)}/index/profiles/{self.nip}",
                    headers=service_headers("search"),
                )
            except httpx.HTTPError:
                continue  # a killed instance: the other one answers for the shared index
            if doc.status_code == 200:
                if doc.json()["version"] < version:
                    return False
                break
        else:
            return False
        held = ranking_state(self.stack.ranking_addr, timeout_s=5, channel=self.channel)
        mine = held.get(self.nip)
        return mine is not None and mine.version >= version


def run(
    work: Path,
    *,
    min_ops: int,
    pool: int,
    rounds: int = 1,
    threads: int = 8,
    var: Path = Path("var"),
    elasticsearch_url: str = "https://127.0.0.1:9200",
    kafka_bootstrap: str = "127.0.0.1:9092",
    budget: Budget = Budget(),
    log: bool = True,
    database_url: str | None = None,
) -> ChaosReport:
    """With a PostgreSQL `database_url`: the profile store there, two profile API replicas
    taking writes at once (a gateway each) and two relays; the relay fault kills the leader."""

    def say(message: str) -> None:
        if log:
            print(f"[chaos {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    report = ChaosReport()
    clock = _PhaseClock(report.phases)
    deadline = time.monotonic() + budget.total_s

    def overrun(where: str) -> bool:
        if time.monotonic() < deadline:
            return False
        if not report.overrun:
            report.overrun = f"{budget.total_s:.0f} s habis saat {where}"
            say(f"run budget of {budget.total_s:.0f} s exhausted during {where}")
        return True

    stack = ChaosStack(work, database_url=database_url)
    stack.build()
    infra: dict[str, Infra] = local_infra(
        var, elasticsearch_url, kafka_bootstrap, stack.http, budget.restart_s
    )
    store = "PostgreSQL, 2 profile replicas, 2 relays" if stack.replicated else "SQLite"
    say(f"starting a stack of its own in {work} (topics chaos{stack.tag}.*; store: {store})")
    stack.start()
    # An operation retries until definite for at most 120 s: the longest outage a write meets
    # is the profile API's or the gateway's restart (seconds); Kafka and Elasticsearch are
    # behind the outbox.
    writer = Writer(
        stack.gateway_urls, stack.api_key, pool=pool, threads=threads, retry_deadline_s=120
    )
    probe = Probe(stack, writer.people[-1])
    writer.people = writer.people[:-1]
    probe.create()
    clock.lap("tumpukan siap")
    try:
        started = time.monotonic()
        writer.start(min_ops)
        faults = [f for _ in range(rounds) for f in FAULTS]
        for i, fault in enumerate(faults):
            # Spread the faults over the stream: the i-th waits for its share of operations.
            target = min_ops * (i + 1) // (len(faults) + 1)
            while writer.ops < target and not overrun(f"menunggu operasi ke-{target:,}"):
                time.sleep(0.2)
            remaining = max(1.0, deadline - time.monotonic())
            left = replace(
                budget,
                restart_s=min(budget.restart_s, remaining),
                recovery_s=min(budget.recovery_s, remaining),
            )
            if overrun(f"gangguan {fault}"):
                nan = float("nan")
                result = FaultResult(fault, writer.ops, None, nan, nan, "dilewati: waktu habis")
            elif fault == "commit-gap":
                result = _fault_commit_gap(stack, writer, probe, left, say)
            elif fault in infra:
                result = _fault_infra(infra[fault], writer, probe, left, say)
            elif fault in ("kafka", "elasticsearch"):
                result = FaultResult(
                    fault, writer.ops, None, 0, 0, "dilewati: layanan eksternal", external=True
                )
            else:
                result = _fault_service(stack, fault, writer, probe, left, say)
            report.faults.append(result)
            say(
                f"{result.fault}: up again after {result.restarted_s:.1f} s, recovered end to "
                f"end after {result.recovered_s:.1f} s {result.note}".rstrip()
            )
        clock.lap("gangguan")
        say(f"faults done; writer continues to {min_ops:,} operations")
        while writer.ops < min_ops and not overrun("penulisan"):
            time.sleep(0.5)
        writer.finish(abort=bool(report.overrun))
        report.seconds = time.monotonic() - started
        report.ops = writer.stats.ops
        report.writer_retries = writer.stats.retries
        report.writer_failed = writer.stats.failed
        report.writer_errors = writer.stats.errors
        clock.lap("sisa penulisan")
        say(f"writer stopped after {report.ops:,} operations; waiting for the read models")
        diffs, took = wait_consistent(
            stack.profile_url,
            stack.search_url("search-a"),
            [stack.ranking_addr],
            timeout_s=max(30.0, min(budget.converge_s, deadline - time.monotonic())),
        )
        report.converged_s = took
        report.differences = diffs
        report.nips = diffs[0].checked if diffs else 0
        clock.lap("konvergensi")
        overrun("konvergensi")  # a run that ended past its budget says so
        report.store_vs_writer = store_vs_writer(
            _live_names(stack), writer.expected, ignore={probe.nip}
        )
        clock.lap("store vs penulis")
        say(f"compared; phases: {report.phases}")
        return report
    finally:
        writer.abort()
        probe.close()
        stack.stop()


class _PhaseClock:
    def __init__(self, phases: dict[str, float]) -> None:
        self.phases = phases
        self.mark = time.monotonic()

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.phases[name] = now - self.mark
        self.mark = now


def _outage(
    probe: Probe,
    killed: float,
    restart: Callable[[], None],
    ready: Callable[[], bool],
    what: str,
    budget: Budget,
) -> tuple[float, float, str]:
    """After a kill at `killed`: probe recovery in the background, restart after a moment of
    outage (one second, so that requests really meet it), wait for health. Both waits are
    bounded by `budget`; returns (restarted_s, recovered_s, note), nan and a note for a
    bound that was exceeded."""
    recovered: dict[str, float] = {}
    deadline = killed + budget.recovery_s
    thread = threading.Thread(
        target=_probe_recovery, args=(probe, killed, deadline, recovered), daemon=True
    )
    thread.start()
    time.sleep(1.0)
    notes: list[str] = []
    restarted = float("nan")
    try:
        restart()
        wait_for(ready, budget.restart_s, f"{what} after restart")
        restarted = time.monotonic() - killed
    except (TimeoutError, RuntimeError) as exc:
        notes.append(f"tidak hidup lagi dalam {budget.restart_s:.0f} s: {exc}"[:300])
    # The probe thread stops by itself at the deadline; the margin covers its last poll.
    thread.join(timeout=max(0.0, deadline - time.monotonic()) + 15)
    if "s" not in recovered:
        notes.append(f"tidak pulih ujung-ke-ujung dalam {budget.recovery_s:.0f} s")
    return restarted, recovered.get("s", float("nan")), "; ".join(notes)


def _fault_service(
    stack: ChaosStack, name: str, writer: Writer, probe: Probe, budget: Budget, say: object
) -> FaultResult:
    fault = name
    if name == "relay" and stack.replicated:
        name = stack.relay_leader()  # the one publishing; the standby must take over
    service = stack.services[name]
    at = writer.ops
    backlog = _backlog(stack) if fault in ("profile", "relay") else None
    killed = time.monotonic()
    service.kill()
    _say(say, f"kill -9 {name} at operation {at:,}")
    restarted, recovered, note = _outage(probe, killed, service.start, service.ready, name, budget)
    if fault == "relay" and stack.replicated:
        leader = f"pemimpin dari {len(stack.relays)} relay: {name}"
        note = "; ".join(filter(None, [leader, note]))
    return FaultResult(fault, at, backlog, restarted, recovered, note)


def _fault_commit_gap(
    stack: ChaosStack, writer: Writer, probe: Probe, budget: Budget, say: object
) -> FaultResult:
    relays = [stack.services[r] for r in stack.relays]  # every relay: none may publish
    profile = stack.services["profile"]
    at = writer.ops
    killed = time.monotonic()
    for relay in relays:
        relay.kill()
    _say(say, f"kill -9 {', '.join(stack.relays)} at operation {at:,}; writes go on unpublished")
    # Let committed, unpublished rows pile up: poll the backlog instead of a fixed sleep.
    backlog: int | None = None
    piled = time.monotonic() + budget.backlog_wait_s
    while time.monotonic() < piled:
        backlog = _backlog(stack)
        if backlog is not None and backlog >= budget.backlog_rows:
            break
        time.sleep(0.25)
    profile.kill()
    _say(say, f"kill -9 profile with {backlog} committed, unpublished outbox rows")

    def restart() -> None:
        profile.start()
        for relay in relays:
            relay.start()

    restarted, recovered, note = _outage(probe, killed, restart, profile.ready, "profile", budget)
    return FaultResult(
        "profile + relay (commit, belum publish)", at, backlog, restarted, recovered, note
    )


def _fault_infra(
    infra: Infra, writer: Writer, probe: Probe, budget: Budget, say: object
) -> FaultResult:
    at = writer.ops
    killed = time.monotonic()
    infra.kill()
    _say(say, f"kill -9 {infra.name} at operation {at:,}")
    restarted, recovered, note = _outage(
        probe, killed, infra.restart, infra.ready, infra.name, budget
    )
    return FaultResult(infra.name, at, None, restarted, recovered, note)


def _probe_recovery(probe: Probe, killed: float, deadline: float, out: dict[str, float]) -> None:
    """Write the probe and wait until it is visible everywhere, all before `deadline`;
    records the seconds since the kill in out["s"], or nothing when the deadline passed."""
    try:
        version = probe.write(deadline)
        wait_for(
            lambda: probe.visible(version),
            max(0.0, deadline - time.monotonic()),
            "probe write visible everywhere",
            0.5,
        )
    except TimeoutError:
        return
    out["s"] = time.monotonic() - killed


def _say(say: object, message: str) -> None:
    if callable(say):
        say(message)


def _live_names(stack: ChaosStack) -> dict[str, str]:
    """Every live profile of the store and its name, in pages (`GET /profiles`): two
    requests for the whole pool instead of one per NIP."""
    names: dict[str, str] = {}
    cursor: str | None = None
    with httpx.Client(
        base_url=stack.profile_url, timeout=60, auth=service_auth("profile")
    ) as client:
        while True:
            params: dict[str, str | int] = {"limit": 1000}
            if cursor:
                params["cursor"] = cursor
            resp = client.get("/profiles", params=params)
            resp.raise_for_status()
            body = resp.json()
            names.update((str(p["nip"]), str(p["name"])) for p in body["data"])
            cursor = body.get("next_cursor")
            if not cursor:
                return names


def store_vs_writer(
    live: dict[str, str], expected: Mapping[str, Expected], *, ignore: set[str]
) -> list[str]:
    """NIPs whose stored state is not what the writer last had acknowledged: live in one and
    not the other, another name, or live in the store though the writer never wrote it
    (`ignore`: NIPs written by someone else, the probe)."""
    differs = [
        nip
        for nip, want in expected.items()
        if (nip in live) != want.live or (want.live and live[nip] != want.name)
    ]
    differs.extend(nip for nip in live if nip not in expected and nip not in ignore)
    return sorted(differs)
