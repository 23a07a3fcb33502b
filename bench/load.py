"""Load: a mix of search, ask and rank requests through the gateway on loopback, at rising
concurrency, each step for a fixed time; prints rate, p50/p95/p99 and errors per step and the
highest rate held with zero errors. Bounded: stops after the last step or the first step
with errors.

    make up && .venv/bin/python bench/load.py [--seconds 60] [--steps 2,4,8,16]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import time
from dataclasses import dataclass, field

import httpx

from potret_credentials import auth_headers

MIX = (
    ("search", "GET", "/v1/search", {"params": {"q": "perikanan", "limit": 20}}),
    ("search", "GET", "/v1/search", {"params": {"q": "guru matematika", "limit": 20}}),
    ("search", "GET", "/v1/search", {"params": {"domain": "kesehatan", "limit": 20}}),
    ("ask", "POST", "/v1/ask", {"json": {"question": "siapa yang paham pertanian?"}}),
    (
        "ask",
        "POST",
        "/v1/ask",
        {"json": {"question": "berapa ASN di kotak 9 di Dinas Pendidikan?"}},
    ),
    (
        "rank",
        "POST",
        "/v1/positions/rank",
        {
            "json": {
                "position": {
                    "jenis": "PENGAWAS",
                    "domains": ["kelautan_perikanan"],
                    "requirements": {"min_golongan": "III/c"},
                },
                "top_k": 10,
            }
        },
    ),
)


@dataclass
class Step:
    concurrency: int
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    done: int = 0
    seconds: float = 0.0


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def _worker(client: httpx.AsyncClient, step: Step, deadline: float, start: int) -> None:
    for kind, method, path, kwargs in itertools.islice(itertools.cycle(MIX), start, None):
        if time.perf_counter() >= deadline:
            return
        t0 = time.perf_counter()
        try:
            resp = await client.request(method, path, **kwargs)  # type: ignore[arg-type]
            ok = resp.status_code == 200
        except httpx.HTTPError:
            ok = False
        step.latencies.setdefault(kind, []).append(time.perf_counter() - t0)
        step.done += 1
        step.errors += 0 if ok else 1


async def _run(gateway: str, concurrency: int, seconds: float) -> Step:
    step = Step(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=gateway, headers=auth_headers(), timeout=30, limits=limits
    ) as client:
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(_worker(client, step, deadline, i) for i in range(concurrency)))
        step.seconds = time.perf_counter() - started
    return step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gateway", default="http://127.0.0.1:8080")
    parser.add_argument("--seconds", type=float, default=60.0, help="per step")
    parser.add_argument("--steps", default="2,4,8,16", help="concurrency levels")
    args = parser.parse_args()
    best: Step | None = None
    print(
        f"{'conc':>4} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}  per kind p50"
    )
    for concurrency in (int(c) for c in args.steps.split(",")):
        step = asyncio.run(_run(args.gateway, concurrency, args.seconds))
        every = [v for vs in step.latencies.values() for v in vs]
        rate = step.done / step.seconds
        kinds = "  ".join(f"{k} {_pct(v, 0.5):.0f}" for k, v in sorted(step.latencies.items()))
        print(
            f"{concurrency:>4} {rate:>7.1f} {_pct(every, 0.5):>8.1f} {_pct(every, 0.95):>8.1f} "
            f"{_pct(every, 0.99):>8.1f} {step.errors:>6}  {kinds}",
            flush=True,
        )
        if step.errors:
            break
        if best is None or rate > best.done / best.seconds:
            best = step
    if best is not None:
        print(
            f"highest rate with zero errors: {best.done / best.seconds:.1f} req/s at concurrency "
            f"{best.concurrency} ({args.seconds:.0f} s per step)"
        )


if __name__ == "__main__":
    main()
