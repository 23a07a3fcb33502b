"""`potret-consistency`: compare the store with the index and each ranking instance.

Exit status 0 when every copy equals the store, 1 when one differs (after `--wait` seconds
of re-checking, for a system that is still catching up), 2 when a service cannot be read.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import grpc
import httpx

from potret_consistency import Difference, compare, index_state, ranking_state, store_state
from potret_credentials.internal import ranking_channel


def check(
    profile_url: str,
    search_url: str,
    ranking_addrs: list[str],
    *,
    client: httpx.Client | None = None,
    channels: dict[str, grpc.Channel] | None = None,
) -> list[Difference]:
    store = store_state(profile_url, client=client)
    diffs = [compare(store, index_state(search_url, client=client), "indeks pencarian")]
    for addr in ranking_addrs:
        channel = (channels or {}).get(addr)
        diffs.append(compare(store, ranking_state(addr, channel=channel), f"ranking {addr}"))
    return diffs


def wait_consistent(
    profile_url: str,
    search_url: str,
    ranking_addrs: list[str],
    *,
    timeout_s: float,
    interval_s: float = 2.0,
) -> tuple[list[Difference], float]:
    """Re-check until every copy equals the store or `timeout_s` passes; returns the last
    differences and the seconds it took. One HTTP client and one channel per ranking
    instance serve every round."""
    started = time.monotonic()
    channels = {addr: ranking_channel(addr) for addr in ranking_addrs}
    try:
        with httpx.Client(timeout=60) as client:
            while True:
                try:
                    diffs = check(
                        profile_url, search_url, ranking_addrs, client=client, channels=channels
                    )
                except (httpx.HTTPError, grpc.RpcError):
                    if time.monotonic() - started >= timeout_s:
                        raise
                    diffs = []
                else:
                    if all(d.equal for d in diffs) or time.monotonic() - started >= timeout_s:
                        return diffs, time.monotonic() - started
                time.sleep(interval_s)
    finally:
        for channel in channels.values():
            channel.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="potret-consistency",
        description="Bandingkan store profil dengan indeks pencarian dan model baca ranking",
    )
    parser.add_argument(
        "--profile-url", default=os.environ.get("POTRET_PROFILE_URL", "http://127.0.0.1:8081")
    )
    parser.add_argument(
        "--search-url", default=os.environ.get("POTRET_SEARCH_URL", "http://127.0.0.1:8082")
    )
    parser.add_argument(
        "--ranking",
        action="append",
        help="alamat gRPC ranking (boleh berulang; default POTRET_RANKING_ADDR atau "
        "127.0.0.1:50051)",
    )
    parser.add_argument(
        "--wait", type=float, default=0, help="ulangi sampai sama, paling lama sekian detik"
    )
    args = parser.parse_args(argv)
    ranking = args.ranking or [os.environ.get("POTRET_RANKING_ADDR", "127.0.0.1:50051")]
    try:
        diffs, took = wait_consistent(
            args.profile_url, args.search_url, ranking, timeout_s=args.wait
        )
    except (httpx.HTTPError, grpc.RpcError) as exc:
        print(f"gagal membaca layanan: {exc}", file=sys.stderr)
        sys.exit(2)
    for diff in diffs:
        print(diff.summary())
    ok = all(d.equal for d in diffs)
    print(("KONSISTEN" if ok else "TIDAK KONSISTEN") + f" (dicek dalam {took:.1f} detik)")
    sys.exit(0 if ok else 1)
