"""`potret-seed`: generate a Gresik-like data set and stream it into the bulk import.

potret-seed --count 10000                  # through the gateway, native format
potret-seed --count 500 --format siasn     # exercise the SIASN import path
potret-seed --count 1000000 --output asn.jsonl   # to a file, one JSON record per line
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpx

from potret_credentials import auth_headers
from potret_seed.generator import Generator
from potret_seed.siasn_shape import to_siasn


def _batches(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _progress(done: int, total: int, started: float, what: str) -> None:
    rate = done / max(time.perf_counter() - started, 1e-9)
    print(f"\r{what}: {done}/{total} ({rate:,.0f}/detik)", end="", file=sys.stderr, flush=True)


def _post(client: httpx.Client, path: str, batch: list[dict[str, Any]]) -> dict[str, Any]:
    for attempt in range(5):
        try:
            resp = client.post(path, json=batch)
        except httpx.TransportError:
            if attempt == 4:
                raise
            time.sleep(2**attempt)
            continue
        if resp.status_code >= 500 and attempt < 4:  # back off: the service may be starting
            time.sleep(2**attempt)
            continue
        if resp.status_code in (401, 403):
            sys.exit(
                f"\nimpor ditolak ({resp.status_code}): {resp.json().get('detail', resp.text)}\n"
                "Kirim API key dengan scope profiles:write: --api-key atau POTRET_API_KEY "
                "(mode dev: var/run/dev-credentials.json)."
            )
        resp.raise_for_status()
        report: dict[str, Any] = resp.json()
        return report
    raise RuntimeError("unreachable")


def run() -> None:
    parser = argparse.ArgumentParser(prog="potret-seed", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--count", type=int, default=10_000, help="number of ASN (100 to 1,000,000)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="same seed, same people")
    parser.add_argument(
        "--url", default="http://127.0.0.1:8080/v1", help="gateway (or profile service) base URL"
    )
    parser.add_argument(
        "--api-key",
        help="API key with profiles:write (default: POTRET_API_KEY, else the dev credentials)",
    )
    parser.add_argument("--format", choices=("native", "siasn"), default="native")
    parser.add_argument("--batch", type=int, default=500, help="records per import request")
    parser.add_argument("--output", help="write JSON lines to this file instead of importing")
    parser.add_argument("--no-positions", action="store_true", help="skip the position catalogue")
    args = parser.parse_args()
    if not 1 <= args.count <= 1_000_000:
        parser.error("--count must be between 1 and 1,000,000")

    gen = Generator(args.seed)
    people: Iterable[dict[str, Any]] = gen.people(args.count)
    if args.format == "siasn":
        people = (to_siasn(p) for p in people)
    started = time.perf_counter()
    totals = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
    errors: list[dict[str, Any]] = []
    done = 0
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            for record in people:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                done += 1
                if done % 1000 == 0:
                    _progress(done, args.count, started, "seed")
        _progress(done, args.count, started, "seed")
        print(file=sys.stderr)
        return
    path = "/imports/siasn" if args.format == "siasn" else "/imports/profiles"
    headers = auth_headers(args.api_key)
    with httpx.Client(base_url=args.url, timeout=300, headers=headers) as client:
        for batch in _batches(people, args.batch):
            report = _post(client, path, batch)
            for key in totals:
                totals[key] += report[key]
            errors += report["errors"][: max(0, 20 - len(errors))]
            done += len(batch)
            _progress(done, args.count, started, "ASN")
        print(file=sys.stderr)
        if not args.no_positions:
            positions = gen.positions()
            report = _post(client, "/imports/positions", positions)
            print(
                f"jabatan: {report['created']} baru, {report['updated']} diubah, "
                f"{report['unchanged']} tetap, {report['failed']} gagal",
                file=sys.stderr,
            )
            errors += report["errors"][:5]
            totals["failed"] += report["failed"]
    elapsed = time.perf_counter() - started
    print(
        f"ASN: {totals['created']} baru, {totals['updated']} diubah, {totals['unchanged']} tetap, "
        f"{totals['failed']} gagal dalam {elapsed:.1f} detik",
        file=sys.stderr,
    )
    for e in errors[:20]:
        print(
            f"  rekaman {e['record']} ({e.get('key')}): {e['field']} {e['rule']} — {e['message']}",
            file=sys.stderr,
        )
    if totals["failed"]:
        sys.exit(1)
