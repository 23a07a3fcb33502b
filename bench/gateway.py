"""Gateway overhead: /v1/search through the gateway against the search service directly, in
the same run; the cost of authentication (API key vs JWT, /v1/auth/me) and /v1/ask latency
per intent.

    make up && .venv/bin/python bench/gateway.py [--requests 300]

Requests rotate between the paths so all see the same machine load, and which goes first
rotates too: a later one runs the same query on a warmer Elasticsearch. Besides the
difference of the medians, the median of the per-round differences is printed (less
sensitive to the machine's noise drifting over the run).

A third path is the floor of any Python proxy: bench/hop_relay.py (the gateway's server and
search client, uvicorn and AiohttpReadClient, relaying the search and doing nothing else),
started here. The gateway's overhead is then split, approximately (medians do not add up),
into that hop and the gateway's own work (authentication, parameter check, audit, logging);
`--no-relay` leaves it out.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

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


def _median_of_differences(a: list[float], b: list[float]) -> float:
    diffs = sorted(x - y for x, y in zip(a, b, strict=True))
    return diffs[len(diffs) // 2] * 1000


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


@contextmanager
def hop_relay(search: str) -> Iterator[str]:
    """bench/hop_relay.py for the run, on a socket bound here and handed over (no other
    process can take the port between); yields its base URL."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    script = Path(__file__).with_name("hop_relay.py")
    relay = subprocess.Popen(  # noqa: S603 (this interpreter, the relay next to this file)
        [sys.executable, str(script), "--fd", str(sock.fileno()), "--search", search],
        pass_fds=(sock.fileno(),),
    )
    sock.close()  # the relay holds its own copy
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                reply = httpx.get(base + "/v1/search", params={"q": "guru", "limit": 1})
            except httpx.TransportError:
                if time.monotonic() > deadline or relay.poll() is not None:
                    raise SystemExit("bench/hop_relay.py did not start") from None
                time.sleep(0.2)
                continue
            if reply.status_code != 200:
                raise SystemExit(f"the search service answered the relay {reply.status_code}")
            break
        yield base
    finally:
        relay.terminate()
        try:
            relay.wait(10)
        except subprocess.TimeoutExpired:
            relay.kill()
            relay.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gateway", default="http://127.0.0.1:8080")
    parser.add_argument("--search", default="http://127.0.0.1:8082")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--no-relay", action="store_true", help="leave out the hop's floor")
    args = parser.parse_args()
    via: list[float] = []
    direct: list[float] = []
    hop: list[float] = []
    ask: dict[str, list[float]] = {k: [] for k in QUESTIONS}
    relaying: AbstractContextManager[str | None] = (
        nullcontext() if args.no_relay else hop_relay(args.search)
    )
    with relaying as relay, httpx.Client(timeout=30, headers=auth_headers()) as client:
        for i in range(args.requests):
            params: dict[str, str | int] = {"q": QUERIES[i % len(QUERIES)], "limit": 20}
            paths = [
                (args.gateway + "/v1/search", via, {}),
                # the search service itself, as the gateway calls it: with a service token
                (args.search + "/search", direct, service_headers("search")),
            ]
            if relay is not None:
                paths.append((relay + "/v1/search", hop, {}))
            turn = i % len(paths)
            for url, out, headers in paths[turn:] + paths[:turn]:
                t0 = time.perf_counter()
                client.get(url, params=params, headers=headers).raise_for_status()
                out.append(time.perf_counter() - t0)
    with httpx.Client(timeout=30, headers=auth_headers()) as client:
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
    print(f"gateway overhead     median of pairs {_median_of_differences(via, direct):+7.1f} ms")
    if hop:
        print(
            f"one Python hop       median of pairs {_median_of_differences(hop, direct):+7.1f} ms"
            "  (bench/hop_relay.py: the gateway's server and search client, nothing else)"
        )
        print(
            f"gateway's own work   median of pairs {_median_of_differences(via, hop):+7.1f} ms"
            "  (gateway minus that hop)"
        )
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
