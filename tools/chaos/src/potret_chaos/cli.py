"""`potret-chaos`: the long form of the fault-injection suite, with its recovery table.

Needs Kafka and Elasticsearch of deploy/local running (`make up`); starts a stack of its own
next to them (own topics, index alias, consumer group and databases) and removes nothing of
the regular one. Exit status 0 when everything converged exactly, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from potret_chaos.run import run
from potret_events.security import use_local_operator
from potret_search.adapters.elastic import use_local_operator as use_local_es_operator


def main(argv: list[str] | None = None) -> None:
    use_local_operator()  # scratch topics: the operator principal of deploy/local/kafka.sh
    use_local_es_operator()  # the health of the local Elasticsearch, as its operator
    parser = argparse.ArgumentParser(prog="potret-chaos", description=__doc__)
    parser.add_argument("--ops", type=int, default=30_000, help="operasi tulis minimal")
    parser.add_argument("--pool", type=int, default=5_000, help="jumlah NIP yang ditulis")
    parser.add_argument("--rounds", type=int, default=2, help="putaran semua gangguan")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--work", type=Path, help="folder kerja (default: folder sementara)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("POTRET_CHAOS_DATABASE_URL"),
        help="basis data PostgreSQL kosong untuk store profil: dua replika profil dan dua"
        " relay (default: SQLite, satu replika)",
    )
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="potret-chaos-"))
    report = run(
        work,
        min_ops=args.ops,
        pool=args.pool,
        rounds=args.rounds,
        threads=args.threads,
        var=Path(os.environ.get("POTRET_VAR", "var")),
        elasticsearch_url=os.environ.get("ELASTICSEARCH_URL", "https://127.0.0.1:9200"),
        kafka_bootstrap=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        database_url=args.database_url,
    )
    print(report.table())
    for error in report.writer_errors:
        print(f"  kesalahan penulis: {error}", file=sys.stderr)
    print(f"log layanan: {work}", file=sys.stderr)
    sys.exit(0 if report.ok else 1)
