"""The likely-duplicates report kept in the store against comparing every record, in one run.

    .venv/bin/python bench/duplicates.py --sizes 100000 1000000
    .venv/bin/python bench/duplicates.py --sizes 100000 --postgres postgresql://...

For each size: a scratch profile store (SQLite, or a fresh database on --postgres) filled
with generated people: distinct generated records repeated under new NIPs drawn as real ones
fall (birth dates over 1960-2001, TMT CPNS in recruitment waves, both genders, serials), with
--planted per mille planted duplicates (another serial and a title or a typo in the name),
written straight into the table. Then, measured:
- building the kept pairs of every record (what a first start or a new matcher does in the
  background), records/s;
- the report from the kept pairs (GET /duplicates: `kept_duplicates`) at the default
  min_score 0.75 and at the lowest, 0.5, p50 and p99 over --calls calls; comparing every
  record (duplicates.find, what it did before and still does while the pairs are built),
  once; their ratio; the two answers compared;
- the report right after --changed records were changed (compared again inside the request);
- the cost on writes: import_batch of --writes generated people with and without the
  trigger that marks changed records due, profiles/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from potret_profile.adapters.duplicate_pairs import KeptPairs
from potret_profile.adapters.store import RecordStore
from potret_profile.domain.duplicates import find
from potret_profile.service.duplicate_book import kept_duplicates
from potret_profile.service.imports.batch import Candidate, import_batch, prepare_profile
from potret_seed.generator import Generator

_WAVES = [(year, month) for year in range(1985, 2025) for month in (3, 12)]


def _nip(rng: random.Random, used: set[str]) -> str:
    while True:
        year, month = rng.choice(_WAVES)
        born = dt.date(year - rng.randint(19, 35), 1, 1) + dt.timedelta(days=rng.randrange(365))
        nip = f"{born:%Y%m%d}{year}{month:02d}{rng.choice('12')}{rng.randint(1, 999):03d}"
        if nip not in used:
            used.add(nip)
            return nip


def _store(target: str | Path) -> RecordStore:
    return RecordStore(target)


def _fill(store: RecordStore, size: int, distinct: int, planted: int) -> int:
    """`size` records; returns how many were planted duplicates."""
    import json

    rng = random.Random(2312)
    docs = [
        {k: v for k, v in p.items() if k != "nip"} for p in Generator(seed=2312).people(distinct)
    ]
    used: set[str] = set()
    now = dt.datetime.now(dt.UTC).isoformat()
    batch: list[tuple[Any, ...]] = []
    planted_n = 0
    last: tuple[str, dict[str, Any]] | None = None
    started = time.perf_counter()
    for i in range(size):
        if last is not None and rng.random() < planted / 1000:
            nip, doc = last
            dup = nip[:15] + f"{(int(nip[15:]) % 999) + 1:03d}"
            name = str(doc["name"])
            doc = {**doc, "name": f"Drs. {name}" if i % 2 else name[:-1] + name[-1] * 2}
            nip = dup if dup not in used else _nip(rng, used)
            used.add(nip)
            planted_n += 1
        else:
            nip, doc = _nip(rng, used), docs[i % distinct]
        last = (nip, doc)
        batch.append((nip, 1, 0, json.dumps(doc), now, now, "{}"))
        if len(batch) == 20_000:
            _insert(store, batch)
            batch = []
            rate = (i + 1) / (time.perf_counter() - started)
            print(f"  filling {i + 1:,}/{size:,} ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    _insert(store, batch)
    return planted_n


def _insert(store: RecordStore, batch: list[tuple[Any, ...]]) -> None:
    if not batch:
        return
    doc = "?::jsonb" if store.dialect == "postgres" else "?"
    with store.database.transaction() as tx:
        tx.executemany(
            "INSERT INTO profiles (nip, version, deleted, doc, created_at, updated_at, provenance)"  # noqa: S608
            f" VALUES (?, ?, ?, {doc}, ?, ?, ?)",
            batch,
        )


def _timed(calls: int, fn: Any) -> tuple[float, float, Any]:
    times, out = [], None
    for _ in range(calls):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.99 * len(times)))], out


def _writes(target: str | Path, count: int, trigger: bool) -> float:
    store = _store(target)
    if not trigger:
        with store.database.transaction() as tx:
            if store.dialect == "postgres":
                tx.execute("DROP TRIGGER profiles_duplicates_due ON profiles")
            else:
                for kind in ("insert", "update", "delete"):
                    tx.execute(f"DROP TRIGGER profiles_duplicates_due_{kind}")
    people = list(Generator(seed=99 + trigger).people(count))
    started = time.perf_counter()
    for i in range(0, count, 500):
        import_batch(
            store,
            (Candidate(j, p, p["nip"]) for j, p in enumerate(people[i : i + 500])),
            source="native",
            prepare=prepare_profile,
            actor="bench",
        )
    rate = count / (time.perf_counter() - started)
    store.close()
    return rate


def _target(args: argparse.Namespace, directory: Path, name: str) -> str | Path:
    if not args.postgres:
        return directory / f"{name}.db"
    import psycopg

    with psycopg.connect(args.postgres, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "bench_{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "bench_{name}"')
    base, _, _ = args.postgres.rpartition("/")
    return f"{base}/bench_{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--distinct", type=int, default=5_000)
    parser.add_argument("--planted", type=float, default=2.0, help="per mille")
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--changed", type=int, default=2_000)
    parser.add_argument("--writes", type=int, default=3_000)
    parser.add_argument("--postgres", help="a PostgreSQL server URL (scratch databases on it)")
    parser.add_argument("--no-scan", action="store_true", help="skip comparing every record")
    args = parser.parse_args()
    store_name = "PostgreSQL" if args.postgres else "SQLite"
    with tempfile.TemporaryDirectory(dir="var") as tmp:
        directory = Path(tmp)
        plain = _writes(_target(args, directory, "writes_plain"), args.writes, False)
        kept_w = _writes(_target(args, directory, "writes_kept"), args.writes, True)
        print(
            f"{store_name}: writes (import_batch)  without the due trigger {plain:,.0f}/s"
            f"  with it {kept_w:,.0f}/s  ratio {kept_w / plain:.2f}"
        )
        for size in args.sizes:
            store = _store(_target(args, directory, f"dups_{size}"))
            planted = _fill(store, size, args.distinct, args.planted)
            pairs = KeptPairs(store.database)
            started = time.perf_counter()
            pairs.start_build()
            pairs.refresh(
                page=2000,
                progress=lambda n: (
                    print(f"  comparing {n:,}", file=sys.stderr, flush=True)
                    if n % 100_000 == 0
                    else None
                ),
            )
            build_s = time.perf_counter() - started
            assert pairs.built()
            p50, p99, kept = _timed(args.calls, lambda p=pairs: kept_duplicates(p, 0.75, 100))
            low50, low99, low = _timed(args.calls, lambda p=pairs: kept_duplicates(p, 0.5, 100))
            line = (
                f"{store_name} {size:>9,} records ({planted:,} planted)"
                f"  build {size / build_s:,.0f} records/s ({build_s:.0f} s)"
                f"  kept report p50 {p50 * 1000:.1f} ms p99 {p99 * 1000:.1f} ms"
                f" ({kept[0]:,} pairs >= 0.75)"
                f"  at 0.5: p50 {low50 * 1000:.1f} ms p99 {low99 * 1000:.1f} ms"
                f" ({low[0]:,} pairs)"
            )
            if not args.no_scan:
                t0 = time.perf_counter()
                scanned = find(
                    ((r.key, r.doc) for r in store.iter_live(page=5000)),
                    min_score=0.75,
                    on_oversized=lambda n: print(
                        f"  a block of {n} left uncompared", file=sys.stderr
                    ),
                )
                scan_s = time.perf_counter() - t0
                same = [c.public() for c in scanned[:100]] == [c.public() for c in kept[1]]
                line += (
                    f"  scan {scan_s * 1000:,.0f} ms ({len(scanned):,} pairs)"
                    f"  ratio scan/kept {scan_s / p50:,.0f}x  same answer: {same}"
                )
            # --changed records changed at once (a renamed OPD, a batch of corrections): the
            # next report compares them again inside the request
            nips = [
                r["nip"] for r in store.query("SELECT nip FROM profiles LIMIT ?", (args.changed,))
            ]
            with store.database.transaction() as tx:
                tx.executemany(
                    "UPDATE profiles SET version = version + 1, doc = doc WHERE nip = ?",
                    [(n,) for n in nips],
                )
            t0 = time.perf_counter()
            after = kept_duplicates(pairs, 0.75, 100)
            changed_s = time.perf_counter() - t0
            assert after is not None
            assert after[2] == 0, after
            line += f"  report after {len(nips):,} changes {changed_s * 1000:,.0f} ms"
            print(line, flush=True)
            store.close()


if __name__ == "__main__":
    main()
