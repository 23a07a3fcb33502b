"""Benchmarks against the running stack (`make up` first). Prints figures measured in one run.

    make bench                      # defaults
    .venv/bin/python bench/run.py --profiles 300 --queries 300

Measures, through the gateway: profile write rate, freshness (time from a 201 until the
profile is found by search), search and score latency. Bounded in count and time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from potret_credentials import auth_headers


def _nip(rng: random.Random) -> str:
    year = rng.randint(1970, 1998)
    return (
        f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        f"{min(year + rng.randint(20, 30), 2025)}{rng.randint(1, 12):02d}"
        f"{rng.randint(1, 2)}{rng.randint(1, 999):03d}"
    )


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _summary(name: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    print(
        f"{name:<28} n={len(ms):<5} p50={_pct(ms, 0.5):8.1f} ms  p95={_pct(ms, 0.95):8.1f} ms"
        f"  max={max(ms):8.1f} ms  mean={statistics.fmean(ms):8.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gateway", default="http://127.0.0.1:8080")
    parser.add_argument("--profiles", type=int, default=200)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    rng = random.Random()
    tag = "Bx" + "".join(rng.choices(string.ascii_lowercase, k=6))
    nips = list({_nip(rng) for _ in range(args.profiles)})
    client = httpx.Client(base_url=args.gateway, timeout=30, headers=auth_headers())

    def create(i_nip: tuple[int, str]) -> tuple[str, float, float]:
        i, nip = i_nip
        body = {
            "nip": nip,
            "name": f"Bench {tag}{i}",
            "golongan": "III/b",
            "jabatan": "Analis Perikanan",
            "opd": "Dinas Perikanan",
        }
        t0 = time.perf_counter()
        resp = client.post("/v1/profiles", json=body)
        resp.raise_for_status()
        return f"{tag}{i}", t0, time.perf_counter()

    started = time.perf_counter()
    with ThreadPoolExecutor(args.concurrency) as pool:
        created = list(pool.map(create, enumerate(nips)))
    write_s = time.perf_counter() - started
    print(
        f"writes: {len(created)} profiles in {write_s:.2f}s = {len(created) / write_s:.1f}/s "
        f"(concurrency {args.concurrency})"
    )
    _summary("write latency", [done - t0 for _, t0, done in created])

    # Freshness: one profile at a time, polled from its 201 until search finds it.
    fresh: list[float] = []
    for i in range(20):
        nip = _nip(rng)
        _, _, acked = create((10_000 + i, nip))
        nips.append(nip)
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            hits = client.get("/v1/search", params={"q": nip}).json().get("data", [])
            if any(h["nip"] == nip for h in hits):
                fresh.append(time.perf_counter() - acked)
                break
            time.sleep(0.02)
    _summary("freshness (201 -> found)", fresh)

    search_lat = []
    for _ in range(args.queries):
        t0 = time.perf_counter()
        client.get("/v1/search", params={"q": rng.choice(["perikanan", "analis", "dinas", tag])})
        search_lat.append(time.perf_counter() - t0)
    _summary("search latency", search_lat)

    score_lat = []
    for _ in range(args.queries):
        batch = rng.sample(nips, k=min(50, len(nips)))
        t0 = time.perf_counter()
        resp = client.post(
            "/v1/positions/score", json={"position": {"min_golongan": "III/c"}, "nips": batch}
        )
        score_lat.append(time.perf_counter() - t0)
        resp.raise_for_status()
    _summary("score latency (50 NIPs)", score_lat)
    print(f"ratio search p50 / score p50: {_pct(search_lat, 0.5) / _pct(score_lat, 0.5):.2f}")
    for nip in nips:  # leave no benchmark data behind
        client.delete(f"/v1/profiles/{nip}")
    client.close()


if __name__ == "__main__":
    main()
