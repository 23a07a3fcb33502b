"""Ranking benchmark: RankForPosition over 10k, 100k and 1M ASN through gRPC, against the
bare vectorised scoring of the same columns (`engine.screen`, in-process: the pass over every
row that decides who is eligible and their totals, the limit the service is measured
against) and the same computation row by row in plain Python, plus the read model's memory
per ASN (array bytes, and the process's resident memory grown while the read model was
built, which includes the NIP map).

    .venv/bin/python bench/ranking.py [--sizes 10000 100000 1000000] [--calls 30]
    .venv/bin/python bench/ranking.py --sizes 5600000 --calls 15 --no-rows   # the nation

Profiles come from the seed generator (`--base` of them, default 10,000); larger read models
repeat those rows under new, distinct NIPs (same facts, so the same work per row), each copy's
domain-expertise scores scaled by a factor of its own (1 - copy/1000): a million people are not
100 copies of 10,000, and exact copies tie 100-fold at the top, so every call would explain
the 100 extra tied candidates that keep-ties lists (`--exact-copies` measures that case, and
gives the figures of the earlier runs). The gRPC server runs in-process on a free port with
the real servicer; latency is measured at the client. The row-by-row figure runs
`reference.score_row` over every ASN once for the same position (no explanation building),
so it is a lower bound for a Python implementation.

Each size also writes the read model's snapshot (`ReadModel.save`, what the consumer writes
every minute or less often, RANKING_SNAPSHOT_SHARE) to a temporary directory and loads it
back: wall time, CPU time and bytes per ASN (`--no-snapshot` skips it).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import grpc
import numpy as np

from potret.asn.v1 import position_events_pb2 as ppb
from potret.ranking.v1 import ranking_pb2 as pb
from potret.ranking.v1 import ranking_pb2_grpc
from potret_ranking.adapters.policy_files import load_policy
from potret_ranking.adapters.read_model import ReadModel
from potret_ranking.bootstrap import create_server
from potret_ranking.domain import engine
from potret_ranking.domain.columns import Columns
from potret_ranking.domain.facts import RowFacts, facts_from_profile
from potret_ranking.domain.reference import score_row
from potret_ranking.domain.requirements import resolve
from potret_ranking.settings import Settings
from potret_seed.generator import Generator
from potret_service_auth import load_identity
from potret_service_auth.grpc_auth import AioTokenInterceptor

REF = dt.date(2026, 11, 28)
POSITION = pb.PositionSpec(
    name="Kepala Dinas Perikanan",
    jenis="JPT",
    jenjang="PRATAMA",
    opd="Dinas Perikanan",
    domains=["kelautan_perikanan"],
    requirements=ppb.Requirements(min_golongan="IV/b", related_majors=["Perikanan"]),
)


def _base_facts(count: int) -> list[RowFacts]:
    out = []
    started = time.perf_counter()
    for i, person in enumerate(Generator(20261128).people(count)):
        out.append(facts_from_profile(person["nip"], 1, person, today=REF))
        if i % 2000 == 0:
            rate = i / max(time.perf_counter() - started, 1e-9)
            print(f"\rfacts: {i}/{count} ({rate:,.0f}/s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    return out


def _replicated(base: Columns, size: int, *, exact: bool = False) -> Columns:
    """`size` rows: the base rows repeated under new NIPs (serial digits rewritten), each
    copy's expertise scaled by 1 - copy/1000 unless `exact`."""
    reps = -(-size // base.n)
    out = Columns(capacity=size)
    for name, col in base.cols.items():
        out.cols[name][:size] = np.concatenate([col[: base.n]] * reps)[:size]
    if not exact:
        expertise = out.cols["expertise"]
        for rep in range(1, reps):
            part = expertise[rep * base.n : min(size, (rep + 1) * base.n)]
            part[...] = (part.astype(np.float32) * (1 - rep / 1000)).astype(np.float16)
    nips = []
    for i in range(size):
        rep, row = divmod(i, base.n)
        nip = base.nips[row]
        nips.append(nip if rep == 0 else f"{nip[:15]}{(int(nip[15:]) + rep * 7) % 1000:03d}")
    # keep NIPs unique: fall back to a running serial when a rewrite collides
    seen: set[str] = set()
    for i, nip in enumerate(nips):
        while nip in seen:
            nip = f"{int(nip) + 1:018d}"
        seen.add(nip)
        nips[i] = nip
    out.n = size
    out.nips = nips
    out.row_of = {nip: i for i, nip in enumerate(nips)}
    out.cols["nip"][:size] = np.array([int(n) for n in nips], dtype=np.int64)
    out.opds = list(base.opds)
    for stem, rows in base.majors.items():
        out.majors[stem] = {
            r + k * base.n: lv
            for k in range(reps)
            for r, lv in rows.items()
            if r + k * base.n < size
        }
    return out


async def _grpc_latency(model: ReadModel, calls: int) -> tuple[list[float], int]:
    """Latencies of `calls` calls, and how many people one answer explains."""
    server, port, _health = create_server("127.0.0.1:0", model, Settings(snapshot_path=""))
    await server.start()
    out = []
    # as the gateway calls it: with a service token (its check is part of the latency)
    as_gateway = [AioTokenInterceptor(load_identity("gateway"), "ranking")]
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}", interceptors=as_gateway) as channel:
        stub = ranking_pb2_grpc.RankingServiceStub(channel)
        request = pb.RankForPositionRequest(
            position=POSITION, top_k=20, reference_date="2026-11-28"
        )
        warm_up = await stub.RankForPosition(request)
        listed = len(warm_up.candidates) + len(warm_up.ineligible) + len(warm_up.near_eligible)
        for _ in range(calls):
            t0 = time.perf_counter()
            await stub.RankForPosition(request)
            out.append(time.perf_counter() - t0)
    await server.stop(None)
    return out, listed


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--base", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument(
        "--no-rows", action="store_true", help="skip the row-by-row Python baseline (slow)"
    )
    parser.add_argument(
        "--no-snapshot", action="store_true", help="skip writing and loading the snapshot"
    )
    parser.add_argument(
        "--snapshot-dir",
        default=None,
        help="where the snapshot is written (default: the system's temporary directory; "
        "give the disk the service writes to: on a tmpfs the sync costs nothing)",
    )
    parser.add_argument(
        "--exact-copies",
        action="store_true",
        help="repeat the base rows unchanged (100-fold ties at the top at 1M)",
    )
    args = parser.parse_args()
    policy = load_policy()
    facts = _base_facts(args.base)
    base = Columns()
    for f in facts:
        base.upsert(f)
    req = resolve(
        {
            "name": POSITION.name,
            "jenis": "JPT",
            "jenjang": "PRATAMA",
            "domains": ["kelautan_perikanan"],
            "requirements": {"min_golongan": "IV/b", "related_majors": ["Perikanan"]},
        },
        policy,
    )
    print(f"read model: {base.bytes_per_row():.0f} bytes per ASN (arrays + NIP map estimate)")
    print(
        f"{'ASN':>10} {'gRPC p50':>10} {'gRPC p99':>10} {'screen':>10} {'ratio':>6}"
        f" {'row-by-row':>12} {'speed-up':>9} {'arrays':>8} {'RSS':>8}"
    )
    if not args.exact_copies and max(args.sizes) > 999 * args.base:
        parser.error(
            "1,000 copies or more of the base rows would scale expertise by 0 or less: "
            "raise --base or give --exact-copies"
        )
    for size in args.sizes:
        gc.collect()
        rss_before = _rss_bytes()
        cols = _replicated(base, size, exact=args.exact_copies)
        rss_grown = _rss_bytes() - rss_before
        arrays = sum(c[:size].nbytes for c in cols.cols.values())
        model = ReadModel(cols)
        latency, listed = asyncio.run(_grpc_latency(model, args.calls))
        view = cols.view()
        rows = np.arange(size, dtype=np.int64)
        bare = []
        for _ in range(max(3, args.calls // 3)):
            t0 = time.perf_counter()
            engine.screen(view, rows, req, policy, REF)
            bare.append(time.perf_counter() - t0)
        bare_ms = statistics.median(bare) * 1000
        rows_ms = float("nan")
        if not args.no_rows:
            t0 = time.perf_counter()
            for i in range(size):
                score_row(facts[i % len(facts)], req, policy, REF)
            rows_ms = (time.perf_counter() - t0) * 1000
        p50 = _pct(latency, 0.5)
        print(
            f"{size:>10,} {p50:>8.1f}ms {_pct(latency, 0.99):>8.1f}ms {bare_ms:>8.1f}ms"
            f" {p50 / bare_ms:>5.2f}x {rows_ms:>10.0f}ms {rows_ms / p50:>8.1f}x"
            f" {arrays / size:>6.0f} B {rss_grown / size:>6.0f} B"
            f"   (median of {len(latency)} calls: {statistics.median(latency) * 1000:.1f} ms;"
            f" {listed} people explained per answer)"
        )
        if not args.no_snapshot:
            print(f"{'':>10} snapshot: {_snapshot(model, args.snapshot_dir)}")
        del cols, view, model


def _snapshot(model: ReadModel, parent: str | None) -> str:
    """Write the model's snapshot and load it back, in a temporary directory under `parent`."""
    with tempfile.TemporaryDirectory(prefix="potret-bench-", dir=parent) as folder:
        path = Path(folder) / "read-model.npz"
        cpu, wall = time.process_time(), time.perf_counter()
        model.save(path, {"potret.asn.profile.v1": {0: len(model)}})
        write_cpu, write_wall = time.process_time() - cpu, time.perf_counter() - wall
        size = path.stat().st_size
        gc.collect()
        rss_before = _rss_bytes()
        wall = time.perf_counter()
        loaded, _offsets = ReadModel.load(path, as_of=model.as_of)
        load_wall = time.perf_counter() - wall
        gc.collect()
        rss_grown = _rss_bytes() - rss_before  # the loaded model, beside the original
        if loaded.columns.n != model.columns.n:
            raise SystemExit("the snapshot loaded back holds another number of rows")
    rows = max(1, model.columns.n)
    return (
        f"write {write_wall:.2f} s ({write_cpu:.2f} s of CPU), load {load_wall:.2f} s, "
        f"{size / rows:.0f} B per ASN on disk, resident after the load {rss_grown / rows:.0f} B"
        " per ASN"
    )


def _rss_bytes() -> int:
    """Resident memory of this process now (Linux /proc/self/statm, in pages)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


if __name__ == "__main__":
    main()
