"""`potret-audit verify|export|derived-key`: check the audit trail's chain, MACs and
checkpoints, export its entries, print the current audit key (adapters/audit.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from potret_gateway.adapters.audit import AuditLog
from potret_gateway.domain.audit import parse_retired_keys
from potret_sqldb import is_url


def cli(argv: list[str] | None = None) -> int:
    """`potret-audit verify|export --db PATH`."""
    parser = argparse.ArgumentParser(prog="potret-audit", description="Jejak audit gateway")
    parser.add_argument("command", choices=("verify", "export", "derived-key"))
    parser.add_argument(
        "--db",
        default="",
        help="berkas audit (SQLite) atau URL postgresql://... (GATEWAY_DATABASE_URL)",
    )
    parser.add_argument("--since", type=int, default=0, help="export: setelah seq ini")
    parser.add_argument(
        "--checkpoints",
        help="verify: berkas checkpoint (GATEWAY_AUDIT_CHECKPOINTS) atau log yang memuatnya",
    )
    parser.add_argument(
        "--key-file",
        help="verify: berkas kunci audit; bila tidak diisi: GATEWAY_AUDIT_SECRET(_FILE) atau "
        "kunci turunan dari GATEWAY_JWT_SECRET(_FILE)",
    )
    parser.add_argument(
        "--previous-key-file",
        action="append",
        default=[],
        help="verify: kunci audit sebelum rotasi, terlama dulu (boleh diulang)",
    )
    args = parser.parse_args(argv)
    if args.command == "derived-key":
        # The gateway's current audit key, for GATEWAY_AUDIT_PREVIOUS_SECRETS_FILE before a
        # rotation (a key derived from the JWT key is raw bytes: printed as hex).
        key = _cli_key(args.key_file)
        if key is None:
            print("tidak ada kunci audit di lingkungan ini", file=sys.stderr)
            return 2
        print(f"hex:{key.hex()}")
        return 0
    if not is_url(args.db) and not Path(args.db).exists():
        print(f"berkas audit tidak ada: {args.db}", file=sys.stderr)
        return 2
    key = _cli_key(args.key_file)
    previous = tuple(
        r for f in args.previous_key_file for r in parse_retired_keys(Path(f).read_text())
    )
    log = AuditLog(args.db, key=key, checkpoints=args.checkpoints, previous_keys=previous)
    try:
        if args.command == "verify":
            if key is None:
                print("PERINGATAN: tanpa kunci audit, MAC tidak diperiksa", file=sys.stderr)
            if not args.checkpoints:
                print(
                    "PERINGATAN: tanpa --checkpoints, ekor yang dipotong tidak terdeteksi",
                    file=sys.stderr,
                )
            count, broken = log.verify()
            if broken is None:
                print(f"OK: {count} entri, rantai hash utuh")
                return 0
            print(f"RUSAK di seq {broken.seq}: {broken.reason} ({count} entri diperiksa)")
            return 1
        for item in log.entries(args.since):
            print(json.dumps(item, ensure_ascii=False))
        return 0
    finally:
        log.close()


def _cli_key(key_file: str | None) -> bytes | None:
    if key_file:
        key = Path(key_file).read_text().strip().encode()
        if len(key) < 32:
            raise SystemExit("kunci audit minimal 32 byte")
        return key
    from potret_gateway.settings import Settings

    try:
        return Settings().audit_key()
    except RuntimeError:
        return None


def main() -> None:
    sys.exit(cli())
