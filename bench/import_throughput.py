"""Import and publish throughput for generated profiles, against the running stack.

    make up && .venv/bin/python bench/import_throughput.py --count 100000
    PROFILE_DATABASE_URL=postgresql://... bash deploy/local/stack.sh up
    .venv/bin/python bench/import_throughput.py --count 100000 --db postgresql://...

Prints, measured in one run:
- profiles/s imported through the gateway's bulk import (batches of --batch);
- events/s published by the outbox relay (from the first import until the outbox is empty);
- events/s of a raw kafka-python producer (acks=all, idempotent, same compression) sending
  the same event payloads (read back from the outbox) to a scratch topic, and the ratios.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import httpx
from kafka import KafkaProducer

from potret_credentials import auth_headers
from potret_events import TopicSpec, ensure_topics, kafka_security
from potret_events.security import use_local_operator
from potret_seed.generator import Generator
from potret_sqldb import describe, open_database

BENCH_TOPIC = "potret.bench.raw-producer"


def _backlog(profile_url: str) -> tuple[int, int]:
    body = httpx.get(f"{profile_url}/readyz", timeout=10).json()["checks"]
    return int(body["database"]["outbox_backlog"]), int(body["kafka"]["published_total"])


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
    args = parser.parse_args()

    gen = Generator(args.seed)
    people = gen.people(args.count)
    _, published_before = _backlog(args.profile)
    started = time.perf_counter()
    imported = failed = 0
    with httpx.Client(base_url=args.gateway, timeout=300, headers=auth_headers()) as client:
        batch: list[dict[str, Any]] = []
        for person in people:
            batch.append(person)
            if len(batch) == args.batch:
                report = client.post("/imports/profiles", json=batch).json()
                imported += report["created"] + report["updated"] + report["unchanged"]
                failed += report["failed"]
                batch = []
                rate = imported / (time.perf_counter() - started)
                print(f"\rimport: {imported}/{args.count} ({rate:,.0f}/s)", end="", file=sys.stderr)
        if batch:
            report = client.post("/imports/profiles", json=batch).json()
            imported += report["created"] + report["updated"] + report["unchanged"]
            failed += report["failed"]
    import_s = time.perf_counter() - started
    print(file=sys.stderr)
    while True:
        backlog, published = _backlog(args.profile)
        if backlog == 0:
            break
        time.sleep(0.2)
    publish_s = time.perf_counter() - started
    events = published - published_before

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
    print(
        f"events published       {events:>9,}  in {publish_s:7.1f} s = "
        f"{publish_rate:9,.0f} events/s  (import start -> outbox empty)"
    )
    print(f"raw producer, same msgs {len(rows):>8,}  in {raw_s:7.1f} s = {raw_rate:9,.0f} events/s")
    print(f"ratio relay / raw producer:  {publish_rate / raw_rate:.3f}")
    print(f"ratio import / raw producer: {import_rate / raw_rate:.3f}")
    print(f"profile store: {describe(args.db)}")


if __name__ == "__main__":
    main()
