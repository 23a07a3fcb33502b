"""Gateway overhead: /v1/search through the gateway against the search service directly, in
the same run; the cost of authentication (API key vs JWT, /v1/auth/me) and /v1/ask latency
per intent.

    make up && .venv/bin/python bench/gateway.py [--requests 300]

Requests alternate between the two paths so both see the same machine load, and which of
the pair goes first alternates too: the second of a pair runs the same query on a warmer
Elasticsearch. Besides the difference of the medians, the median of the per-pair differences
is printed (less sensitive to the machine's noise drifting over the run).
"""

from __future__ import annotations

import argparse
import time

import httpx

from potret_credentials import auth_headers, dev_credentials
from potret_credentials.internal import service_headers

QUERIES = ("perikanan", "guru", "penyuluh pertanian", "dokter puskesmas", "analis keuangan")
QUESTIONS = {
    "find_experts": "siapa yang paham perikanan?",
    "best_for_position": "5 calon terbaik untuk Kepala Dinas Perikanan",
    "nine_box": "berapa ASN di kotak 9 di Dinas Pendidikan?",
    "unknown": "cuaca hari ini bagaimana?",
}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gateway", default="http://127.0.0.1:8080")
    parser.add_argument("--search", default="http://127.0.0.1:8082")
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    via: list[float] = []
    direct: list[float] = []
    ask: dict[str, list[float]] = {k: [] for k in QUESTIONS}
    with httpx.Client(timeout=30, headers=auth_headers()) as client:
        for i in range(args.requests):
            params: dict[str, str | int] = {"q": QUERIES[i % len(QUERIES)], "limit": 20}
            pair = [
                (args.gateway, "/v1/search", via, {}),
                # the search service itself, as the gateway calls it: with a service token
                (args.search, "/search", direct, service_headers("search")),
            ]
            for base, path, out, headers in pair if i % 2 == 0 else pair[::-1]:
                t0 = time.perf_counter()
                client.get(base + path, params=params, headers=headers).raise_for_status()
                out.append(time.perf_counter() - t0)
        creds = dev_credentials()
        token = client.post(
            args.gateway + "/v1/auth/token",
            data={"username": creds.get("username", ""), "password": creds.get("password", "")},
        ).json()["access_token"]
        auth: dict[str, list[float]] = {"api key": [], "jwt": []}
        # A person's login is rate-limited (default burst 100): stay below it.
        for _ in range(min(args.requests, 90)):
            for kind, headers in (
                ("api key", {}),
                ("jwt", {"X-API-Key": "", "Authorization": f"Bearer {token}"}),
            ):
                t0 = time.perf_counter()
                client.get(args.gateway + "/v1/auth/me", headers=headers).raise_for_status()
                auth[kind].append(time.perf_counter() - t0)
        for intent, question in QUESTIONS.items():
            for _ in range(max(20, args.requests // 10)):
                t0 = time.perf_counter()
                resp = client.post(args.gateway + "/v1/ask", json={"question": question})
                resp.raise_for_status()
                assert resp.json()["intent"] == intent, resp.json()["intent"]
                ask[intent].append(time.perf_counter() - t0)
    p50_via, p50_direct = _pct(via, 0.5), _pct(direct, 0.5)
    print(f"search direct        p50 {p50_direct:7.1f} ms  p99 {_pct(direct, 0.99):7.1f} ms")
    print(f"search via gateway   p50 {p50_via:7.1f} ms  p99 {_pct(via, 0.99):7.1f} ms")
    print(
        f"gateway overhead     p50 {p50_via - p50_direct:+7.1f} ms  ratio {p50_via / p50_direct:.2f}"
        f"  (n={len(via)} each)"
    )
    paired = sorted(v - d for v, d in zip(via, direct, strict=True))
    print(f"gateway overhead     median of pairs {paired[len(paired) // 2] * 1000:+7.1f} ms")
    for kind, values in auth.items():
        print(
            f"auth/me {kind:<12} p50 {_pct(values, 0.5):7.1f} ms  p99 {_pct(values, 0.99):7.1f} ms"
            f"  (n={len(values)})"
        )
    for intent, values in ask.items():
        print(
            f"ask {intent:<18} p50 {_pct(values, 0.5):7.1f} ms  p99 {_pct(values, 0.99):7.1f} ms"
            f"  (n={len(values)})"
        )


if __name__ == "__main__":
    main()
