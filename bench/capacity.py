"""Capacity: what one ASN costs on disk in each store, measured in one run, and the disk,
shards and partitions of a regency, a province and the nation computed from it.

    make up && .venv/bin/python bench/capacity.py --count 100000 [--postgres URL]

Measured, for --count generated ASN:
1. the profile store: bytes per ASN of a SQLite file filled by import_batch (records, their
   quality facts and duplicate keys, one outbox row each), and again once the outbox is
   relayed and pruned; the same on a scratch PostgreSQL database with --postgres
   (pg_total_relation_size of every table);
2. Kafka: bytes per event on the broker's disk (DescribeLogDirs) for the same events sent
   as the relay sends them (gzip, linger 5 ms) to a scratch topic of 6 partitions;
3. Elasticsearch: bytes per document of the same documents (action_for) bulk-indexed into a
   scratch index, after refresh and after a merge to one segment.

Then, for 10,000 (a regency), 550,000 (a province) and 5,600,000 (the nation) ASN, the disk
of each store from the bytes measured here, and the rules the table applies (stated with
the figures: shards from the search latency measured per shard, partitions from the
consumer's rate) with the rates passed in from their own benchmark runs
(--index-rate from bench/search_index.py, --docs-per-shard from the latency measured there).
Scratch files, databases, topics and indices are removed at the end.
"""

from __future__ import annotations

import argparse
import math
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient

from potret.asn.v1 import profile_events_pb2 as pb
from potret_events import TopicSpec, ensure_topics, kafka_security
from potret_events.security import use_local_operator
from potret_profile.adapters.store import RecordStore
from potret_profile.domain.model import ProfileCreate
from potret_profile.domain.quality import load_rules
from potret_profile.imports.batch import Candidate, import_batch, prepare_profile
from potret_profile.quality_book import QualityBook
from potret_profile.service import profile_doc, profile_message
from potret_search.adapters.elastic import connect_url
from potret_search.adapters.elastic import use_local_operator as use_local_es_operator
from potret_search.adapters.index import ProfileIndex
from potret_search.domain.documents import action_for
from potret_seed.generator import Generator

SCOPES = (
    ("kabupaten (Gresik)", 10_000),
    ("provinsi (Jawa Timur)", 550_000),
    ("nasional", 5_600_000),
)
GB = 1024**3


def _progress(label: str, done: int, total: int, started: float) -> None:
    rate = done / max(time.perf_counter() - started, 1e-9)
    print(f"\r{label}: {done:,}/{total:,} ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)


def _fill(store: RecordStore, people: list[dict[str, Any]]) -> float:
    started = time.perf_counter()
    for i in range(0, len(people), 500):
        batch = people[i : i + 500]
        import_batch(
            store,
            (Candidate(i + j, p, p["nip"]) for j, p in enumerate(batch)),
            source="native",
            prepare=prepare_profile,
            actor="bench",
        )
        _progress("store", i + len(batch), len(people), started)
    print(file=sys.stderr)
    return len(people) / (time.perf_counter() - started)


def _sqlite_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def _sqlite(people: list[dict[str, Any]], directory: Path) -> tuple[float, float]:
    """Bytes per ASN of a SQLite store: with one outbox row each, and with the outbox pruned."""
    path = directory / "capacity.db"
    store = RecordStore(path, quality=QualityBook(load_rules()))
    _fill(store, people)
    store.close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with_outbox = _sqlite_bytes(path)
        conn.execute("DELETE FROM outbox")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pruned = _sqlite_bytes(path)
    finally:
        conn.close()
    return with_outbox / len(people), pruned / len(people)


def _postgres(people: list[dict[str, Any]], url: str) -> tuple[float, float]:
    """The same on a scratch database of the PostgreSQL server at `url`."""
    import psycopg

    name = f"potret_capacity_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = url.rpartition("/")
    target = f"{base}/{name}"
    try:
        store = RecordStore(target, quality=QualityBook(load_rules()))
        _fill(store, people)
        store.close()
        size = (
            "SELECT sum(pg_total_relation_size(c.oid)) AS n FROM pg_class c"
            " JOIN pg_namespace s ON s.oid = c.relnamespace"
            " WHERE c.relkind = 'r' AND s.nspname = 'public'"
        )
        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
            with_outbox = int(conn.execute(size).fetchone()[0])  # type: ignore[index]
            conn.execute("DELETE FROM outbox")
            conn.execute("VACUUM FULL")
            pruned = int(conn.execute(size).fetchone()[0])  # type: ignore[index]
        return with_outbox / len(people), pruned / len(people)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _events(people: list[dict[str, Any]]) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    started = time.perf_counter()
    for i, person in enumerate(people):
        nip = person["nip"]
        event = pb.ProfileChanged(
            event_id=str(uuid.uuid4()),
            nip=nip,
            version=1,
            change_type=pb.CHANGE_TYPE_CREATED,
            profile=profile_message(nip, profile_doc(ProfileCreate.model_validate(person))),
        )
        event.occurred_at.GetCurrentTime()
        out.append((nip, event.SerializeToString()))
        if i % 5000 == 0:
            _progress("events", i, len(people), started)
    print(file=sys.stderr)
    return out


def _kafka(events: list[tuple[str, bytes]], servers: str) -> float:
    """Bytes per event on the broker's disk, sent as the relay sends them."""
    topic = f"potret.bench.capacity.{uuid.uuid4().hex[:8]}"
    ensure_topics(
        servers, [TopicSpec(topic, 6, 1, {"retention.ms": "3600000"})], client_id="potret-bench"
    )
    producer = KafkaProducer(
        **kafka_security(),
        bootstrap_servers=servers,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        compression_type="gzip",
    )
    for nip, raw in events:
        producer.send(topic, key=nip.encode(), value=raw)
    producer.flush()
    producer.close()
    admin = KafkaAdminClient(**kafka_security(), bootstrap_servers=servers)
    try:
        size = 0
        for broker in admin.describe_log_dirs(topic_partitions=[topic]):
            for log_dir in _field(broker, "log_dirs", "results"):
                for found in _field(log_dir, "topics"):
                    if _field(found, "name", "topic") == topic:
                        size += sum(_field(p, "partition_size", "size") for p in _partitions(found))
        return size / len(events)
    finally:
        admin.delete_topics([topic])
        admin.close()


def _field(obj: Any, *names: str) -> Any:
    """A field of a DescribeLogDirs response element (kafka-python gives dicts or tuples)."""
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    raise KeyError(f"none of {names} in {obj!r}")


def _partitions(topic: Any) -> list[Any]:
    return list(_field(topic, "partitions"))


def _elasticsearch(events: list[tuple[str, bytes]], url: str) -> tuple[float, float]:
    """Bytes per document: refreshed, and merged to one segment."""
    client = connect_url(url, request_timeout=600)
    index = ProfileIndex(client, alias=f"potret-bench-capacity-{uuid.uuid4().hex[:8]}")
    index.ensure()
    try:
        started = time.perf_counter()
        for i in range(0, len(events), 500):
            chunk = events[i : i + 500]
            index.apply([action_for(pb.ProfileChanged.FromString(raw)) for _, raw in chunk])
            _progress("index", i + len(chunk), len(events), started)
        print(file=sys.stderr)
        client.indices.refresh(index=index.index)
        client.indices.flush(index=index.index)
        refreshed = _store_bytes(client, index.index)
        client.indices.forcemerge(index=index.index, max_num_segments=1)
        client.indices.refresh(index=index.index)
        merged = _store_bytes(client, index.index)
        return refreshed / len(events), merged / len(events)
    finally:
        client.indices.delete(index=index.index)
        client.close()


def _store_bytes(client: Any, name: str) -> int:
    stats = client.indices.stats(index=name, metric="store")
    return int(stats["indices"][name]["primaries"]["store"]["size_in_bytes"])


def _table(per_asn: dict[str, float], args: argparse.Namespace) -> None:
    print()
    print(
        f"rules: ES primaries = ceil(ASN / {args.docs_per_shard:,}) (docs one shard searches"
        f" within the latency of bench/search_index.py), {args.es_replicas} replica(s);"
        f" partitions = max(6, 2 x consumers to index every ASN within"
        f" {args.reindex_minutes} min at {args.index_rate:,.0f} docs/s per consumer);"
        f" Kafka replication {args.kafka_replication}, {args.changes_per_year} changes per ASN"
        " per year (an assumption, not measured)"
    )
    head = (
        "scope", "ASN", "store (SQLite)", "store (PG)", "Kafka initial", "Kafka / year",
        "ES disk", "ES primaries", "consumers", "partitions",
    )  # fmt: skip
    print(" | ".join(head))
    for label, asn in SCOPES:
        kafka_copies = asn * per_asn["kafka"] * args.kafka_replication
        es = asn * per_asn["es_merged"] * (1 + args.es_replicas)
        consumers = max(1, math.ceil(asn / (args.index_rate * args.reindex_minutes * 60)))
        pg = f"{asn * per_asn['pg'] / GB:,.2f} GB" if "pg" in per_asn else "-"
        row = (
            label,
            f"{asn:,}",
            f"{asn * per_asn['sqlite'] / GB:,.2f} GB",
            pg,
            f"{kafka_copies / GB:,.2f} GB",
            f"{kafka_copies * args.changes_per_year / GB:,.2f} GB",
            f"{es / GB:,.2f} GB",
            str(max(1, math.ceil(asn / args.docs_per_shard))),
            str(consumers),
            str(max(6, 2 * consumers)),
        )
        print(" | ".join(row))


def main() -> None:
    use_local_operator()
    use_local_es_operator()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--kafka", default="127.0.0.1:9092")
    parser.add_argument("--es", default="https://127.0.0.1:9200")
    parser.add_argument("--postgres", help="a PostgreSQL server URL (a scratch database on it)")
    parser.add_argument(
        "--index-rate", type=float, default=2_167, help="docs/s of one search consumer"
    )
    parser.add_argument(
        "--docs-per-shard",
        type=int,
        default=1_000_000,
        help="documents one shard holds within the search latency aimed at",
    )
    parser.add_argument("--reindex-minutes", type=int, default=30)
    parser.add_argument("--es-replicas", type=int, default=1)
    parser.add_argument("--kafka-replication", type=int, default=3)
    parser.add_argument("--changes-per-year", type=int, default=6)
    args = parser.parse_args()

    people = list(Generator(seed=4242).people(args.count))
    per_asn: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="potret-capacity-") as directory:
        per_asn["sqlite_outbox"], per_asn["sqlite"] = _sqlite(people, Path(directory))
    if args.postgres:
        per_asn["pg_outbox"], per_asn["pg"] = _postgres(people, args.postgres)
    events = _events(people)
    per_asn["event"] = sum(len(raw) for _, raw in events) / len(events)
    per_asn["kafka"] = _kafka(events, args.kafka)
    per_asn["es_refreshed"], per_asn["es_merged"] = _elasticsearch(events, args.es)

    print(f"ASN: {args.count:,} (generated)")
    print(
        f"profile store SQLite   {per_asn['sqlite_outbox']:7,.0f} B/ASN with one outbox row,"
        f" {per_asn['sqlite']:7,.0f} B/ASN once the outbox is pruned"
    )
    if "pg" in per_asn:
        print(
            f"profile store PG       {per_asn['pg_outbox']:7,.0f} B/ASN with one outbox row,"
            f" {per_asn['pg']:7,.0f} B/ASN once the outbox is pruned"
        )
    print(
        f"Kafka                  {per_asn['kafka']:7,.0f} B/event on disk"
        f" (event {per_asn['event']:,.0f} B before gzip)"
    )
    print(
        f"Elasticsearch          {per_asn['es_refreshed']:7,.0f} B/doc refreshed,"
        f" {per_asn['es_merged']:,.0f} B/doc merged (primary, no replica)"
    )
    _table(per_asn, args)


if __name__ == "__main__":
    main()
