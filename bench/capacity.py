"""Capacity: what one ASN costs on disk in each store, measured in one run, and the disk,
shards and partitions of a regency, a province and the nation computed from it.

    make up && .venv/bin/python bench/capacity.py --count 100000 [--postgres URL]

Measured, for --count generated ASN:
1. the profile store: bytes per ASN of a SQLite file filled by import_batch (records, their
   quality facts, one outbox row each) with the duplicate pairs built (keys, people, blocks,
   pairs); then the outbox row alone (the file again without the outbox, vacuumed): what each
   later change adds until the relay deletes it. The same on a scratch PostgreSQL
   database with --postgres (pg_total_relation_size of every table);
2. Kafka: bytes per event on the broker's disk (DescribeLogDirs) for the outbox rows of that
   store (payload, key and headers as the relay sends them: gzip, linger 5 ms) sent to a
   scratch topic of 6 partitions;
3. Elasticsearch: bytes per document of the documents of the same events (action_for)
   bulk-indexed into a scratch index, after refresh (what the table sizes with) and after a
   merge to one segment.

Then, for 10,000 (a regency), 550,000 (a province) and 5,600,000 (the nation) ASN, the disk
of each store from the bytes measured here (GiB), by the rules printed with the table; the
rates it uses come from their own benchmark runs (--index-rate from bench/search_index.py,
--docs-per-shard from the latency measured there). Scratch files, databases, topics and
indices are removed at the end, a failed run too.
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient

from potret.asn.v1 import profile_events_pb2 as pb
from potret_events import TopicSpec, ensure_topics, kafka_security
from potret_events.security import use_local_operator
from potret_profile.adapters.duplicate_pairs import KeptPairs
from potret_profile.adapters.quality_rules import load_rules
from potret_profile.adapters.store import RecordStore
from potret_profile.service.imports.batch import Candidate, import_batch, prepare_profile
from potret_profile.service.quality_book import QualityBook
from potret_search.adapters.elastic import connect_url
from potret_search.adapters.elastic import use_local_operator as use_local_es_operator
from potret_search.adapters.events import action_for
from potret_search.adapters.index import ProfileIndex
from potret_seed.generator import Generator

SCOPES = (
    ("kabupaten (Gresik)", 10_000),
    ("provinsi (Jawa Timur)", 550_000),
    ("nasional", 5_600_000),
)
GIB = 1024**3


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


def _build_pairs(store: RecordStore) -> None:
    """The kept duplicate pairs, as the service's background builder makes them."""
    pairs = KeptPairs(store.database)
    pairs.start_build()
    pairs.refresh(progress=lambda done: print(f"\rpairs: {done:,}", end="", file=sys.stderr))
    print(file=sys.stderr)


Outbox = list[tuple[str, bytes, bytes, list[tuple[str, bytes]]]]


def _sqlite(people: list[dict[str, Any]], directory: Path) -> tuple[float, float, Outbox]:
    """Bytes per ASN of a SQLite store at its first load (one outbox row each), bytes of one
    outbox row, and the outbox rows (what the relay would send)."""
    path = directory / "capacity.db"
    store = RecordStore(path, quality=QualityBook(load_rules()))
    _fill(store, people)
    _build_pairs(store)
    store.close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        loaded = _sqlite_bytes(path)
        outbox: Outbox = [
            (topic, key, payload, [(k, v.encode()) for k, v in json.loads(headers)])
            for topic, key, payload, headers in conn.execute(
                "SELECT topic, msg_key, payload, headers FROM outbox ORDER BY id"
            )
        ]
        conn.execute("DELETE FROM outbox")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        without = _sqlite_bytes(path)
    finally:
        conn.close()
    return loaded / len(people), (loaded - without) / len(people), outbox


def _postgres(people: list[dict[str, Any]], url: str) -> tuple[float, float]:
    """The first-load bytes per ASN and the bytes of one outbox row on a scratch database of
    the PostgreSQL server at `url`."""
    import psycopg

    name = f"potret_capacity_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    target = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    try:
        store = RecordStore(target, quality=QualityBook(load_rules()))
        _fill(store, people)
        _build_pairs(store)
        store.close()
        size = (
            "SELECT sum(pg_total_relation_size(c.oid)) AS n FROM pg_class c"
            " JOIN pg_namespace s ON s.oid = c.relnamespace"
            " WHERE c.relkind = 'r' AND s.nspname = 'public'"
        )
        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
            loaded = int(conn.execute(size).fetchone()[0])  # type: ignore[index]
            outbox = int(
                conn.execute("SELECT pg_total_relation_size('outbox')").fetchone()[0]  # type: ignore[index]
            )
        return loaded / len(people), outbox / len(people)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _kafka(outbox: Outbox, servers: str) -> float:
    """Bytes per event on the broker's disk, sent as the relay sends them."""
    topic = f"potret.bench.capacity.{uuid.uuid4().hex[:8]}"
    ensure_topics(
        servers, [TopicSpec(topic, 6, 1, {"retention.ms": "3600000"})], client_id="potret-bench"
    )
    admin = KafkaAdminClient(**kafka_security(), bootstrap_servers=servers)
    try:
        producer = KafkaProducer(
            **kafka_security(),
            bootstrap_servers=servers,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            compression_type="gzip",
        )
        for _, key, payload, headers in outbox:
            producer.send(topic, key=key, value=payload, headers=headers)
        producer.flush()
        producer.close()
        size = 0
        for broker in admin.describe_log_dirs(topic_partitions=[topic]):
            for log_dir in _field(broker, "log_dirs", "results"):
                if _field(log_dir, "error_code") != 0:
                    raise RuntimeError(f"DescribeLogDirs: {log_dir!r}")
                for found in _field(log_dir, "topics"):
                    if _field(found, "name", "topic") == topic:
                        size += sum(_field(p, "partition_size", "size") for p in _partitions(found))
        if size <= 0:
            raise RuntimeError(f"the broker reports no bytes for {topic}")
        return size / len(outbox)
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


def _elasticsearch(outbox: Outbox, url: str) -> tuple[float, float]:
    """Bytes per document: refreshed, and merged to one segment."""
    client = connect_url(url, request_timeout=600)
    index = ProfileIndex(client, alias=f"potret-bench-capacity-{uuid.uuid4().hex[:8]}")
    index.ensure()
    try:
        started = time.perf_counter()
        for i in range(0, len(outbox), 500):
            chunk = outbox[i : i + 500]
            index.apply([action_for(pb.ProfileChanged.FromString(row[2])) for row in chunk])
            _progress("index", i + len(chunk), len(outbox), started)
        print(file=sys.stderr)
        client.indices.refresh(index=index.index)
        client.indices.flush(index=index.index)
        refreshed = _store_bytes(client, index.index)
        client.indices.forcemerge(index=index.index, max_num_segments=1)
        client.indices.refresh(index=index.index)
        merged = _store_bytes(client, index.index)
        return refreshed / len(outbox), merged / len(outbox)
    finally:
        client.indices.delete(index=index.index)
        client.close()


def _store_bytes(client: Any, name: str) -> int:
    stats = client.indices.stats(index=name, metric="store")
    return int(stats["indices"][name]["primaries"]["store"]["size_in_bytes"])


def _table(per_asn: dict[str, float], args: argparse.Namespace) -> None:
    print()
    print(
        "rules: store = first load + the outbox rows of the changes of the last"
        f" {args.outbox_retention_days:g} days (PROFILE_OUTBOX_RETENTION_DAYS);"
        f" {args.changes_per_year} changes per ASN a year (an assumption, not measured);"
        f" Kafka replication {args.kafka_replication}, every event kept;"
        f" Elasticsearch = refreshed bytes x (1 + {args.es_replicas} replica) / 0.85 (the disk"
        f" watermark), primaries = ceil(ASN / {args.docs_per_shard:,}) (documents one shard"
        f" searches within the latency of bench/search_index.py); consumers to index every ASN"
        f" within {args.reindex_minutes} min at {args.index_rate:,.0f} docs/s each,"
        " partitions = 4 x consumers rounded up to a multiple of 6"
    )
    head = (
        "scope", "ASN", "SQLite first load", "SQLite outbox", "PG first load", "PG outbox",
        "Kafka first load", "Kafka / year", "ES disk", "ES primaries", "consumers",
        "partitions",
    )  # fmt: skip
    print(" | ".join(head))
    for label, asn in SCOPES:
        per_year = asn * args.changes_per_year
        kept_rows = per_year * args.outbox_retention_days / 365
        kafka = asn * per_asn["kafka"] * args.kafka_replication
        es = asn * per_asn["es_refreshed"] * (1 + args.es_replicas) / 0.85
        consumers = max(1, math.ceil(asn / (args.index_rate * args.reindex_minutes * 60)))
        pg = ("-", "-")
        if "pg" in per_asn:
            pg = (_gib(asn * per_asn["pg"]), _gib(kept_rows * per_asn["pg_outbox_row"]))
        row = (
            label,
            f"{asn:,}",
            _gib(asn * per_asn["sqlite"]),
            _gib(kept_rows * per_asn["sqlite_outbox_row"]),
            *pg,
            _gib(kafka),
            _gib(kafka * args.changes_per_year),
            _gib(es),
            str(max(1, math.ceil(asn / args.docs_per_shard))),
            str(consumers),
            str(6 * math.ceil(4 * consumers / 6)),
        )
        print(" | ".join(row))


def _gib(n: float) -> str:
    return f"{n / GIB:,.2f} GiB"


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
    parser.add_argument("--outbox-retention-days", type=float, default=7.0)
    args = parser.parse_args()

    people = list(Generator(seed=4242).people(args.count))
    per_asn: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="potret-capacity-") as directory:
        per_asn["sqlite"], per_asn["sqlite_outbox_row"], outbox = _sqlite(people, Path(directory))
    if args.postgres:
        per_asn["pg"], per_asn["pg_outbox_row"] = _postgres(people, args.postgres)
    per_asn["event"] = sum(len(row[2]) for row in outbox) / len(outbox)
    per_asn["kafka"] = _kafka(outbox, args.kafka)
    per_asn["es_refreshed"], per_asn["es_merged"] = _elasticsearch(outbox, args.es)

    print(f"ASN: {args.count:,} (generated), outbox rows: {len(outbox):,}")
    print(
        f"profile store SQLite   {per_asn['sqlite']:7,.0f} B/ASN at the first load (duplicate"
        f" pairs built), {per_asn['sqlite_outbox_row']:7,.0f} B per outbox row"
    )
    if "pg" in per_asn:
        print(
            f"profile store PG       {per_asn['pg']:7,.0f} B/ASN at the first load,"
            f" {per_asn['pg_outbox_row']:7,.0f} B per outbox row"
        )
    print(
        f"Kafka                  {per_asn['kafka']:7,.0f} B/event on disk"
        f" (payload {per_asn['event']:,.0f} B before gzip, headers besides)"
    )
    print(
        f"Elasticsearch          {per_asn['es_refreshed']:7,.0f} B/doc refreshed,"
        f" {per_asn['es_merged']:,.0f} B/doc merged to one segment (primary, no replica)"
    )
    _table(per_asn, args)


if __name__ == "__main__":
    main()
