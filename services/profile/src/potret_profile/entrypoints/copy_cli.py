"""`potret-profile-copy --from FILE --to URL`: copy a SQLite profile store into an empty
PostgreSQL database, everything kept as it is (adapters/store_copy.py), with progress and a
check of the copy. Exit 0 copied and checked; 2 refused (nothing done); 1 failed (the target
is left as it was)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from potret_profile.adapters.store import RecordStore
from potret_profile.adapters.store_copy import (
    CopyFailed,
    CopyRefused,
    Progress,
    copy_store,
)
from potret_sqldb import StoreUnavailable, describe, is_url


def _print_progress() -> Progress:
    last = [0.0]

    def show(table: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last[0] >= 1.0:
            last[0] = now
            print(f"{table}: {done:,}/{total:,}", file=sys.stderr, flush=True)

    return show


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="potret-profile-copy",
        description="Salin penyimpanan profil SQLite ke PostgreSQL yang kosong, apa adanya "
        "(versi, outbox, koreksi). Hentikan layanan profil dulu.",
    )
    parser.add_argument("--from", dest="source", required=True, type=Path, help="berkas SQLite")
    parser.add_argument(
        "--to",
        dest="target",
        default=os.environ.get("PROFILE_DATABASE_URL"),
        help="URL postgresql:// (default: PROFILE_DATABASE_URL)",
    )
    parser.add_argument("--batch", type=int, default=2000, help="baris per pernyataan")
    args = parser.parse_args(argv)
    if not args.target or not is_url(args.target):
        print("--to harus URL postgresql:// (atau isi PROFILE_DATABASE_URL)", file=sys.stderr)
        return 2
    if not args.source.is_file():  # never create an empty source
        print(f"berkas sumber tidak ada: {args.source}", file=sys.stderr)
        return 2
    if not 1 <= args.batch <= 50_000:
        print("--batch harus 1..50000", file=sys.stderr)
        return 2
    source = target = None
    try:
        source = RecordStore(args.source)
        target = RecordStore(args.target)
        report = copy_store(source, target, args.batch, _print_progress())
    except CopyRefused as exc:
        print(f"tidak disalin: {exc}", file=sys.stderr)
        return 2
    except (CopyFailed, StoreUnavailable) as exc:
        print(f"gagal, basis data tujuan tidak diubah: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # anything else rolled the copy back too
        first = str(exc).splitlines()[0] if str(exc) else ""
        print(
            f"gagal, basis data tujuan tidak diubah: {type(exc).__name__}: {first}", file=sys.stderr
        )
        return 1
    finally:
        for store in (source, target):
            if store is not None:
                store.close()
    rows = ", ".join(f"{name} {n:,}" for name, n in report.rows.items())
    print(
        f"disalin ke {describe(args.target)} dalam {report.seconds:.1f} s: {rows}; diperiksa: "
        "jumlah baris dan isi setiap rekaman sama"
    )
    return 0


def run() -> None:
    sys.exit(main())
