"""Search indexing and query benchmark, against the running Kafka and Elasticsearch.

    make up && .venv/bin/python bench/search_index.py --count 100000

Prints, measured in one run:
1. indexing docs/s through the real consumer (Indexer: decode, build document with
   stemming and expertise, bulk with external versions, commit) from a scratch topic;
2. raw `_bulk` docs/s of the same documents, prebuilt, into another scratch index, and the
   ratio (consumer / raw);
2b. the same for a second version of every record that changes only its SKP (the steady
   state of a year: an SKP, a promotion, a corrected name): the consumer takes the stored
   document's scores over instead of computing them (`--no-updates` skips it);
3. search latency p50/p99 for keyword, domain and filtered queries on the built index;
4. freshness p50/p99 from a profile write (through the gateway) until it is searchable.
Scratch topics and indices are deleted at the end.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid

import httpx
from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient

from potret.asn.v1 import profile_events_pb2 as pb
from potret_credentials import auth_headers
from potret_events import TopicSpec, ensure_topics, kafka_security
from potret_events.security import use_local_operator
from potret_profile.domain.model import ProfileCreate
from potret_profile.service.records import profile_doc, profile_message
from potret_search.adapters.elastic import connect_url
from potret_search.adapters.elastic import use_local_operator as use_local_es_operator
from potret_search.adapters.events import action_for
from potret_search.adapters.index import ProfileIndex
from potret_search.domain.query import SearchRequest, build_search
from potret_search.entrypoints.indexer import Indexer, make_index
from potret_search.settings import Settings
from potret_seed.generator import Generator


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _events(count: int, seed: int) -> list[bytes]:
    out: list[bytes] = []
    started = time.perf_counter()
    for i, person in enumerate(Generator(seed).people(count)):
        nip = person["nip"]
        doc = profile_doc(ProfileCreate.model_validate(person))
        event = pb.ProfileChanged(
            event_id=str(uuid.uuid4()),
            nip=nip,
            version=1,
            change_type=pb.CHANGE_TYPE_CREATED,
            profile=profile_message(nip, doc),
        )
        event.occurred_at.GetCurrentTime()
        out.append(event.SerializeToString())
        if i % 5000 == 0:
            print(
                f"\rgenerate: {i}/{count} ({i / max(time.perf_counter() - started, 1e-9):,.0f}/s)",
                end="",
                file=sys.stderr,
            )
    print(file=sys.stderr)
    return out


def _second_versions(payloads: list[bytes]) -> list[bytes]:
    """Version 2 of every record: a new SKP year, nothing the expertise reads."""
    out: list[bytes] = []
    for raw in payloads:
        event = pb.ProfileChanged.FromString(raw)
        event.event_id = str(uuid.uuid4())
        event.version = 2
        event.change_type = pb.CHANGE_TYPE_UPDATED
        event.profile.skp.append(pb.SkpRecord(year=2026, predikat="BAIK"))
        event.occurred_at.GetCurrentTime()
        out.append(event.SerializeToString())
    return out


def _consume(indexer: Indexer, until: int, label: str) -> float:
    """Run the consumer until it indexed `until` documents in all; returns the seconds."""
    started = time.perf_counter()
    first = indexer.status.indexed_total
    while indexer.status.indexed_total < until:
        indexer.process_once(timeout_ms=500)
        if time.perf_counter() - started > 3600:
            sys.exit("consumer did not finish within an hour")
        done = indexer.status.indexed_total - first
        print(
            f"\r{label}: {done}/{until - first} "
            f"({done / (time.perf_counter() - started):,.0f} docs/s)",
            end="",
            file=sys.stderr,
        )
    print(file=sys.stderr)
    return time.perf_counter() - started


def _send(kafka: str, topic: str, payloads: list[bytes]) -> None:
    producer = KafkaProducer(
        **kafka_security(),
        bootstrap_servers=kafka,
        acks="all",
        linger_ms=5,
        compression_type="gzip",
    )
    for raw in payloads:
        producer.send(topic, key=pb.ProfileChanged.FromString(raw).nip.encode(), value=raw)
    producer.flush()
    producer.close()


def main() -> None:
    use_local_operator()
    use_local_es_operator()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--kafka", default="127.0.0.1:9092")
    parser.add_argument("--es", default="https://127.0.0.1:9200")
    parser.add_argument("--gateway", default="http://127.0.0.1:8080")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--build-workers",
        type=int,
        default=1,
        help="SEARCH_BUILD_WORKERS for the consumer under test",
    )
    parser.add_argument(
        "--no-pipeline",
        action="store_true",
        help="SEARCH_PIPELINE=false: build and bulk one batch at a time",
    )
    parser.add_argument(
        "--no-updates", action="store_true", help="skip the second versions (SKP only)"
    )
    args = parser.parse_args()
    tag = uuid.uuid4().hex[:8]
    topic = f"potret.bench.profile.{tag}"
    payloads = _events(args.count, seed=random.randint(1, 10**9))
    ensure_topics(
        args.kafka, [TopicSpec(topic, 6, 1, {"retention.ms": "3600000"})], client_id="potret-bench"
    )
    _send(args.kafka, topic, payloads)

    # 1. Through the consumer.
    settings = Settings(
        topic=topic,
        index_alias=f"potret-bench-consumer-{tag}",
        consumer_group=f"potret-bench-{tag}",
        kafka_bootstrap_servers=args.kafka,
        elasticsearch_url=args.es,
        index_replicas=0,
        build_workers=args.build_workers,
        pipeline=not args.no_pipeline,
    )
    index = make_index(settings)
    indexer = Indexer(settings, index)
    consumer_s = _consume(indexer, args.count, "consumer")
    updates = [] if args.no_updates else _second_versions(payloads)
    update_s = 0.0
    if updates:
        _send(args.kafka, topic, updates)
        update_s = _consume(indexer, 2 * args.count, "consumer, second versions")
    reused = indexer.status.expertise_reused_total
    indexer._close()

    # 2. Raw _bulk of the same documents, prebuilt.
    docs = [action_for(pb.ProfileChanged.FromString(raw)) for raw in payloads]
    client = connect_url(args.es, request_timeout=120)
    raw_index = ProfileIndex(client, alias=f"potret-bench-raw-{tag}")
    raw_index.ensure()
    started = time.perf_counter()
    for i in range(0, len(docs), 500):
        raw_index.apply(docs[i : i + 500])
    raw_s = time.perf_counter() - started
    raw_update_s = 0.0
    if updates:
        docs = [action_for(pb.ProfileChanged.FromString(raw)) for raw in updates]
        started = time.perf_counter()
        for i in range(0, len(docs), 500):
            raw_index.apply(docs[i : i + 500])
        raw_update_s = time.perf_counter() - started
    client.indices.refresh(index=index.index)

    # 3. Query latency.
    rng = random.Random(1)
    cases: dict[str, list[tuple[SearchRequest, list[str]]]] = {
        "keyword": [
            (SearchRequest(q=q), [])
            for q in ("penyuluh perikanan", "guru", "analis", "dokter puskesmas", "Budi")
        ],
        "domain": [
            (SearchRequest(domains=[d], sort="expertise"), [d])
            for d in ("kelautan_perikanan", "kesehatan", "keuangan", "pertanian")
        ],
        "filtered": [
            (
                SearchRequest(
                    q="perikanan", golongan_min=11, education_min=7, jenis_jabatan=["JF"]
                ),
                ["kelautan_perikanan"],
            ),
            (
                SearchRequest(
                    opd=["Dinas Kesehatan"], domains=["kesehatan"], retire_after_year=2030
                ),
                ["kesehatan"],
            ),
        ],
    }
    latency: dict[str, list[float]] = {name: [] for name in cases}
    for name, reqs in cases.items():
        for _ in range(args.queries):
            req, used = rng.choice(reqs)
            t0 = time.perf_counter()
            index.search_body(build_search(req, used))
            latency[name].append(time.perf_counter() - t0)

    # 4. Freshness through the whole stack (profile -> outbox -> Kafka -> search).
    fresh: list[float] = []
    gen = Generator(random.randint(1, 10**9))
    with httpx.Client(base_url=args.gateway, timeout=30, headers=auth_headers()) as api:
        for i, person in enumerate(gen.people(60)):
            if i < 40:
                continue  # skip the structural holders at the start
            t0 = time.perf_counter()
            if api.post("/v1/profiles", json=person).status_code != 201:
                continue
            while time.perf_counter() - t0 < 30:
                hits = api.get("/v1/search", params={"q": person["nip"], "limit": 1}).json()["data"]
                if hits and hits[0]["nip"] == person["nip"]:
                    fresh.append(time.perf_counter() - t0)
                    break
                time.sleep(0.02)
            api.delete(f"/v1/profiles/{person['nip']}")

    consumer_rate = args.count / consumer_s
    raw_rate = args.count / raw_s
    print(f"documents: {args.count:,}")
    print(f"consumer indexing   {consumer_rate:9,.0f} docs/s  ({consumer_s:.1f} s)")
    print(f"raw _bulk           {raw_rate:9,.0f} docs/s  ({raw_s:.1f} s)")
    print(f"ratio consumer/raw  {consumer_rate / raw_rate:9.2f}")
    if updates:
        update_rate, raw_update_rate = args.count / update_s, args.count / raw_update_s
        print(
            f"second versions (SKP only): consumer {update_rate:,.0f} docs/s ({update_s:.1f} s),"
            f" raw _bulk {raw_update_rate:,.0f} docs/s ({raw_update_s:.1f} s),"
            f" ratio {update_rate / raw_update_rate:.2f}; scores taken over: {reused:,}"
        )
    for name, values in latency.items():
        print(
            f"search {name:<10}   p50 {_pct(values, 0.5):7.1f} ms  p99 {_pct(values, 0.99):7.1f} ms"
            f"  (n={len(values)})"
        )
    if fresh:
        print(
            f"freshness write->searchable p50 {_pct(fresh, 0.5):7.1f} ms  p99 {_pct(fresh, 0.99):7.1f} ms"
            f"  (n={len(fresh)}, mean {statistics.fmean(fresh) * 1000:.1f} ms)"
        )
    client.indices.delete(index=index.index)
    client.indices.delete(index=raw_index.index)
    client.close()
    admin = KafkaAdminClient(**kafka_security(), bootstrap_servers=args.kafka)
    admin.delete_topics([topic])
    admin.close()


if __name__ == "__main__":
    main()
