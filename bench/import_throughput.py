"""Import and publish throughput for generated profiles, against the running stack.

    make up && .venv/bin/python bench/import_throughput.py --count 100000
    PROFILE_DATABASE_URL=postgresql://... bash deploy/local/stack.sh up
    .venv/bin/python bench/import_throughput.py --count 100000 --db postgresql://...

Prints, measured in one run:
- profiles/s imported through the gateway's bulk import (batches of --batch);
- events/s published by the outbox relay (from the first import until the outbox is empty);
- events/s of a raw kafka-python producer (acks=all, idempotent, same compression) sending
  the same event payloads (read back from the outbox) to a scratch topic, and the ratios;
- what bounds the import on this machine: the CPU time each process of the local stack
  (and its child processes) spent per imported profile, from the import's start until search
  and ranking had applied every event, less what it spends idle; and the rate the machine's
  cores could sustain at that total (--no-cpu skips it, e.g. for a stack elsewhere).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from kafka import KafkaProducer

from potret_credentials import auth_headers
from potret_events import TopicSpec, ensure_topics, kafka_security
from potret_events.security import use_local_operator
from potret_seed.generator import Generator
from potret_sqldb import describe, open_database

BENCH_TOPIC = "potret.bench.raw-producer"
# A process using more than this share of a core before the import is busy: its figure is
# marked unreliable (its baseline, subtracted, was not idle).
BUSY = 0.1


def _backlog(profile_url: str) -> tuple[int, int]:
    body = httpx.get(f"{profile_url}/readyz", timeout=10).json()["checks"]
    return int(body["database"]["outbox_backlog"]), int(body["kafka"]["published_total"])


COMPONENTS = ("gateway", "profile", "search", "ranking", "kafka", "elasticsearch", "postgres")
TICK = os.sysconf("SC_CLK_TCK")


def _process_table() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds of the process and of its children it has reaped)."""
    table: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()
        # after the name: state ppid ... utime(12) stime(13) cutime(14) cstime(15)
        table[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]) / TICK)
    return table


def _cpu_seconds(run_dir: Path) -> dict[str, float]:
    """CPU seconds so far of each component's process tree (its pid file in `run_dir`)."""
    table = _process_table()
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    out: dict[str, float] = {}
    for name in COMPONENTS:
        try:
            root = int((run_dir / f"{name}.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
        total, todo = 0.0, [root]
        while todo:
            pid = todo.pop()
            if pid in table:
                total += table[pid][1]
                todo += children.get(pid, [])
        out[name] = total
    return out


def _applied(search_url: str, ranking_metrics: str) -> tuple[int, int, float]:
    """Events search has dealt with (indexed, stale or dead-lettered), events ranking
    applied (it does not count those it found stale) and ranking's consumer lag."""
    kafka = httpx.get(f"{search_url}/readyz", timeout=10).json()["checks"]["kafka"]
    searched = sum(int(kafka.get(k) or 0) for k in ("indexed_total", "stale_total"))
    searched += int(kafka.get("dead_lettered_total") or 0)
    ranked, lag = 0, float("inf")
    for line in httpx.get(ranking_metrics, timeout=10).text.splitlines():
        if line.startswith("potret_ranking_events_applied "):
            ranked = int(float(line.split()[1]))
        elif line.startswith("potret_ranking_consumer_lag_records "):
            lag = float(line.split()[1])
    return searched, ranked, lag


def main() -> None:
    use_local_operator()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--gateway", default="http://127.0.0.1:8080/v1")
    parser.add_argument("--profile", default="http://127.0.0.1:8081")
    parser.add_argument(
        "--db",
        default="var/profile/profile.db",
        help="the profile store the stack runs on: its SQLite file, or the postgresql:// URL "
        "of PROFILE_DATABASE_URL (the outbox's payloads are read back from it)",
    )
    parser.add_argument("--kafka", default="127.0.0.1:9092")
    parser.add_argument("--search", default="http://127.0.0.1:8082")
    parser.add_argument("--ranking-metrics", default="http://127.0.0.1:8083/metrics")
    parser.add_argument("--run-dir", default="var/run", help="the local stack's pid files")
    parser.add_argument("--no-cpu", action="store_true", help="skip the CPU accounting")
    args = parser.parse_args()
    run_dir = Path(args.run_dir)
    idle_cpu: dict[str, float] = {}
    if not args.no_cpu:
        before, idle_started = _cpu_seconds(run_dir), time.perf_counter()
        time.sleep(3)
        idle_s = time.perf_counter() - idle_started
        idle_cpu = {k: (v - before.get(k, v)) / idle_s for k, v in _cpu_seconds(run_dir).items()}
        for name, share in sorted(idle_cpu.items()):
            if share > BUSY:
                print(
                    f"warning: {name} is busy before the import ({share:.0%} of a core); "
                    "its CPU per profile will be unreliable",
                    file=sys.stderr,
                )
        applied_before = _applied(args.search, args.ranking_metrics)
        cpu_before = _cpu_seconds(run_dir)

    gen = Generator(args.seed)
    people = gen.people(args.count)
    _, published_before = _backlog(args.profile)
    started = time.perf_counter()
    imported = failed = 0
    outcomes: Counter[str] = Counter()
    with httpx.Client(base_url=args.gateway, timeout=300, headers=auth_headers()) as client:
        batch: list[dict[str, Any]] = []
        for person in people:
            batch.append(person)
            if len(batch) == args.batch:
                report = client.post("/imports/profiles", json=batch).json()
                imported += report["created"] + report["updated"] + report["unchanged"]
                failed += report["failed"]
                outcomes.update({k: report[k] for k in ("created", "updated", "unchanged")})
                batch = []
                rate = imported / (time.perf_counter() - started)
                print(f"\rimport: {imported}/{args.count} ({rate:,.0f}/s)", end="", file=sys.stderr)
        if batch:
            report = client.post("/imports/profiles", json=batch).json()
            imported += report["created"] + report["updated"] + report["unchanged"]
            failed += report["failed"]
            outcomes.update({k: report[k] for k in ("created", "updated", "unchanged")})
    import_s = time.perf_counter() - started
    print(file=sys.stderr)
    while True:
        backlog, published = _backlog(args.profile)
        if backlog == 0:
            break
        time.sleep(0.2)
    publish_s = time.perf_counter() - started
    events = published - published_before
    cpu: dict[str, float] = {}
    if not args.no_cpu:
        deadline, last_ranked = time.perf_counter() + 600, -1
        while time.perf_counter() < deadline:
            searched, ranked, lag = _applied(args.search, args.ranking_metrics)
            # ranking is done when it has no lag and applies nothing more (its count leaves
            # out the events it found stale: a NIP of an earlier run, say)
            if searched - applied_before[0] >= events and lag == 0 and ranked == last_ranked:
                break
            last_ranked = ranked
            time.sleep(1)
        else:
            print("search or ranking did not apply every event within 10 min", file=sys.stderr)
        pipeline_s = time.perf_counter() - started
        after = _cpu_seconds(run_dir)
        cpu = {
            k: max(0.0, after[k] - cpu_before[k] - idle_cpu.get(k, 0.0) * pipeline_s)
            for k in after
            if k in cpu_before
        }

    # The same messages through a bare producer, for the ratio.
    store = open_database(args.db, name="potret-bench")
    rows = [
        (r["msg_key"], r["payload"])
        for r in store.rows(
            "SELECT msg_key, payload FROM outbox ORDER BY id DESC LIMIT ?", (events,)
        )
    ]
    store.close()
    ensure_topics(
        args.kafka,
        [TopicSpec(BENCH_TOPIC, 6, 1, {"retention.ms": "600000"})],
        client_id="potret-bench",
    )
    producer = KafkaProducer(
        **kafka_security(),
        bootstrap_servers=args.kafka,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        compression_type="gzip",
    )
    raw_started = time.perf_counter()
    for key, payload in rows:
        producer.send(BENCH_TOPIC, key=bytes(key), value=bytes(payload))
    producer.flush()
    raw_s = time.perf_counter() - raw_started
    producer.close()

    import_rate = imported / import_s
    publish_rate = events / publish_s
    raw_rate = len(rows) / raw_s
    print(
        f"profiles imported      {imported:>9,}  in {import_s:7.1f} s = "
        f"{import_rate:9,.0f} profiles/s  (failed {failed})"
    )
    # Generated NIPs repeat once a store holds many (a million of them): an update reads and
    # compares the stored record first, so a run that updates is not one that creates.
    print(
        f"  of which created {outcomes['created']:,}, updated {outcomes['updated']:,} "
        f"(a NIP held already, in the store or earlier in this run), "
        f"unchanged {outcomes['unchanged']:,}"
    )
    print(
        f"events published       {events:>9,}  in {publish_s:7.1f} s = "
        f"{publish_rate:9,.0f} events/s  (import start -> outbox empty)"
    )
    print(f"raw producer, same msgs {len(rows):>8,}  in {raw_s:7.1f} s = {raw_rate:9,.0f} events/s")
    print(f"ratio relay / raw producer:  {publish_rate / raw_rate:.3f}")
    print(f"ratio import / raw producer: {import_rate / raw_rate:.3f}")
    print(f"profile store: {describe(args.db)}")
    if cpu and imported:
        total = sum(cpu.values())
        print("CPU per imported profile (import start -> search and ranking applied all):")
        for name, seconds in sorted(cpu.items(), key=lambda kv: -kv[1]):
            # A process busy before the import (a backlog of its own: the duplicate pairs
            # of an earlier import, Elasticsearch merging) has that work subtracted as if
            # it went on at the same pace: its figure can be far off, even 0.
            busy = idle_cpu.get(name, 0.0)
            warning = (
                f"  busy before the import ({busy:.0%} of a core): unreliable"
                if busy > BUSY
                else ""
            )
            print(
                f"  {name:<14} {seconds / imported * 1000:6.2f} ms  ({seconds / total:4.0%}){warning}"
            )
        cores = os.cpu_count() or 1
        if any(idle_cpu.get(name, 0.0) > BUSY for name in cpu):
            print("  (the total below includes a figure marked unreliable)")
        print(
            f"  {'all':<14} {total / imported * 1000:6.2f} ms: {cores} cores sustain at most "
            f"{cores * imported / total:,.0f} profiles/s through the whole pipeline "
            f"({cores * imported / total / raw_rate:.3f}x the raw producer)"
        )


if __name__ == "__main__":
    main()
