"""`potret-import FILE`: send a SIASN JSON, native JSON(L) or CSV file to the bulk import,
in batches, with a progress line and the per-record error report."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from potret_credentials import auth_headers


def _json_records(path: Path) -> Iterator[Any]:
    with path.open(encoding="utf-8") as handle:
        first = handle.read(1)
        handle.seek(0)
        if first == "[" or first == "{":
            try:
                data = json.load(handle)
            except json.JSONDecodeError:
                handle.seek(0)
            else:
                yield from data["records"] if isinstance(data, dict) else data
                return
        for line in handle:  # JSON lines
            if line.strip():
                yield json.loads(line)


def run() -> None:
    parser = argparse.ArgumentParser(prog="potret-import", description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument(
        "--format", choices=("siasn", "profiles", "positions", "csv"), required=True
    )
    parser.add_argument("--url", default="http://127.0.0.1:8080/v1", help="gateway base URL")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument(
        "--api-key",
        help="API key with profiles:write (default: POTRET_API_KEY, else the dev credentials)",
    )
    args = parser.parse_args()
    totals = {"total": 0, "created": 0, "updated": 0, "unchanged": 0, "failed": 0}
    errors: list[dict[str, Any]] = []
    started = time.perf_counter()
    headers = auth_headers(args.api_key)
    with httpx.Client(base_url=args.url, timeout=300, headers=headers) as client:

        def send(content: bytes, content_type: str) -> None:
            resp = client.post(
                f"/imports/{args.format}", content=content, headers={"Content-Type": content_type}
            )
            if resp.status_code in (401, 403):
                sys.exit(
                    f"impor ditolak ({resp.status_code}): {resp.text[:500]}\n"
                    "Kirim API key dengan scope profiles:write: --api-key atau POTRET_API_KEY."
                )
            if resp.status_code != 200:
                sys.exit(f"impor ditolak ({resp.status_code}): {resp.text[:500]}")
            report = resp.json()
            for key in totals:
                totals[key] += report[key]
            errors.extend(report["errors"])
            rate = totals["total"] / max(time.perf_counter() - started, 1e-9)
            print(
                f"\rimpor: {totals['total']} rekaman ({rate:,.0f}/detik)",
                end="",
                file=sys.stderr,
                flush=True,
            )

        if args.format == "csv":
            send(args.file.read_bytes(), "text/csv")
        else:
            batch: list[Any] = []
            for record in _json_records(args.file):
                batch.append(record)
                if len(batch) >= args.batch:
                    send(json.dumps(batch).encode(), "application/json")
                    batch = []
            if batch:
                send(json.dumps(batch).encode(), "application/json")
    print(file=sys.stderr)
    print(
        f"{totals['created']} baru, {totals['updated']} diubah, {totals['unchanged']} tetap, "
        f"{totals['failed']} gagal",
        file=sys.stderr,
    )
    for e in errors[:50]:
        print(
            f"  rekaman {e['record']} ({e.get('key')}): {e['field']} [{e['rule']}] {e['message']}",
            file=sys.stderr,
        )
    if totals["failed"]:
        sys.exit(1)
