"""The data-quality report kept current against computing it over every record, in one run.

    .venv/bin/python bench/quality.py --sizes 100000 1000000

For each size: a scratch SQLite profile store filled with generated people (distinct
generated records, repeated under new NIPs up to the size, written straight into the table),
then, measured:
- building the quality facts of every record (what a start after an upgrade or a rules change
  does in the background), records/s;
- the report from the kept counts (`kept_report`, what GET /quality answers for today), p50 and
  p99 over --calls calls, and the report computed over every record (the scan, what it did
  before and still does for another reference date), once; their ratio;
- the cost on writes: import_batch of --writes generated people with and without keeping the
  facts, profiles/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from potret_profile.adapters.quality_rules import load_rules
from potret_profile.adapters.store import RecordStore
from potret_profile.domain.quality import Tally, assess
from potret_profile.service.imports.batch import Candidate, import_batch, prepare_profile
from potret_profile.service.quality_book import QualityBook, kept_report
from potret_seed.generator import Generator


def _import(store: RecordStore, people: list[dict[str, Any]]) -> None:
    import_batch(
        store,
        (Candidate(i, p, p["nip"]) for i, p in enumerate(people)),
        source="native",
        prepare=prepare_profile,
        actor="bench",
    )


def _fill(store: RecordStore, size: int, distinct: int) -> None:
    _import(store, list(Generator(seed=2312).people(min(size, distinct))))
    rows = store.query(
        "SELECT nip, version, deleted, doc, created_at, updated_at, provenance FROM profiles"
    )
    copies = 0
    batch: list[tuple[Any, ...]] = []
    started = time.perf_counter()
    while len(rows) + copies < size:
        for r in rows:
            if len(rows) + copies >= size:
                break
            copies += 1
            nip = f"{copies:018d}"  # not a valid NIP: no NIP conflict counted for the copies
            row = (r["version"], r["deleted"], r["doc"], r["created_at"], r["updated_at"])
            batch.append((nip, *row, r["provenance"]))
            if len(batch) == 20_000:
                _insert(store, batch)
                batch = []
                done = len(rows) + copies
                rate = copies / (time.perf_counter() - started)
                print(f"  filling {done:,}/{size:,} ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    _insert(store, batch)


def _insert(store: RecordStore, batch: list[tuple[Any, ...]]) -> None:
    if not batch:
        return
    with store.database.transaction() as tx:
        tx.executemany(
            "INSERT INTO profiles (nip, version, deleted, doc, created_at, updated_at, provenance)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            batch,
        )


def _scan(store: RecordStore, today: dt.date) -> int:
    rules = load_rules()
    total, by_opd = Tally(), dict[str, Tally]()
    for rec in store.iter_live():
        q = assess(rec.doc, rec.provenance, rules, today, nip=rec.key)
        total.add(rec.doc, q, rules)
        by_opd.setdefault(str(rec.doc.get("opd", "")), Tally()).add(rec.doc, q, rules)
    json.dumps([t.summary(rules) for t in by_opd.values()])
    return total.records


def _writes(directory: Path, count: int, keep: bool) -> float:
    rules = load_rules()
    store = RecordStore(
        directory / f"writes-{keep}.db", quality=QualityBook(rules) if keep else None
    )
    people = list(Generator(seed=99 + keep).people(count))
    started = time.perf_counter()
    for i in range(0, count, 500):
        _import(store, people[i : i + 500])
    rate = count / (time.perf_counter() - started)
    store.close()
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--distinct", type=int, default=5_000)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--writes", type=int, default=3_000)
    args = parser.parse_args()
    rules = load_rules()
    today = dt.datetime.now(dt.UTC).date()
    with tempfile.TemporaryDirectory(dir="var") as tmp:
        directory = Path(tmp)
        plain, kept_w = (
            _writes(directory, args.writes, False),
            _writes(directory, args.writes, True),
        )
        print(
            f"writes (import_batch)  without facts {plain:,.0f}/s  with facts {kept_w:,.0f}/s"
            f"  ratio {kept_w / plain:.2f}"
        )
        for size in args.sizes:
            path = directory / f"quality-{size}.db"
            store = RecordStore(path, quality=QualityBook(rules))
            store.quality = None  # filled as an older release would: no facts
            _fill(store, size, args.distinct)
            store.quality = QualityBook(rules)
            started = time.perf_counter()
            store.build_quality(
                page=2000,
                progress=lambda n: (
                    print(f"  building {n:,}", file=sys.stderr, flush=True)
                    if n % 100_000 == 0
                    else None
                ),
            )
            build_s = time.perf_counter() - started
            times = []
            records = 0
            for _ in range(args.calls):
                t0 = time.perf_counter()
                report = kept_report(store, rules, None, None)
                times.append(time.perf_counter() - t0)
                assert report is not None
                records = report[1].records
            assert records == size, (records, size)
            t0 = time.perf_counter()
            scanned = _scan(store, today)
            scan_s = time.perf_counter() - t0
            assert scanned == size
            times.sort()
            p50, p99 = statistics.median(times), times[min(len(times) - 1, int(0.99 * len(times)))]
            print(
                f"{size:>9,} records  build {size / build_s:,.0f} records/s ({build_s:.0f} s)"
                f"  kept report p50 {p50 * 1000:.1f} ms p99 {p99 * 1000:.1f} ms"
                f"  scan {scan_s * 1000:,.0f} ms  ratio scan/kept {scan_s / p50:,.0f}x"
            )
            store.close()
            path.unlink()


if __name__ == "__main__":
    main()
