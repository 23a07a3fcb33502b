"""`potret-auth`: manage the gateway's users and API keys.

    potret-auth user add budi --role pimpinan --name "Budi Santoso"      (password prompted)
    potret-auth user add diskan --role opd_viewer --opd "Dinas Perikanan" --password-stdin
    potret-auth user list | disable NAME | enable NAME | passwd NAME
    potret-auth key create --name "SIMPEG Dinkes" --scope profiles:read --scope search
    potret-auth key list | revoke KEY_ID
    potret-auth dev-bootstrap --out var/run/dev-credentials.json --secret-file var/run/jwt.key

The database is --db, else GATEWAY_DATABASE_URL (PostgreSQL), else GATEWAY_AUTH_DB
(default var/gateway/auth.db). A key is printed
once, when it is created; only its hash is stored.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import secrets
import sys
from pathlib import Path

from potret_gateway.adapters.auth_store import AuthError, AuthStore
from potret_gateway.domain.access import ADMIN_ROLE, ROLE_SCOPES, SCOPES

DEV_ADMIN = "admin"
DEV_KEY_NAME = "dev (MODE DEV, semua scope)"
DEV_KEY_RATE = 1_000_000


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Ulangi password: "):
        raise AuthError("password: kedua isian tidak sama")
    return first


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    tmp.replace(path)


def dev_bootstrap(store: AuthStore, out: Path, secret_file: Path) -> tuple[dict[str, str], bool]:
    """Development credentials (an admin login and an all-scope key), kept across restarts.

    Returns (credentials, created). Only for local development: `make run` and the tests.
    """
    if not secret_file.exists():
        _write_private(secret_file, secrets.token_urlsafe(48) + "\n")
    if out.exists():
        held = json.loads(out.read_text())
        key_ok = store.authenticate_key(held.get("api_key", "")) is not None
        if key_ok and store.authenticate_user(held.get("username", ""), held.get("password", "")):
            return held, False
    password = secrets.token_urlsafe(18)
    if store.user(DEV_ADMIN) is None:
        store.add_user(DEV_ADMIN, password, ADMIN_ROLE, full_name="Admin BKPSDM (mode dev)")
    else:
        store.set_password(DEV_ADMIN, password)
        store.set_user_disabled(DEV_ADMIN, False)
    for old in store.api_keys():
        if old.name == DEV_KEY_NAME and not old.revoked:
            store.revoke_key(old.key_id)
    _, api_key = store.create_key(DEV_KEY_NAME, list(SCOPES), rate_per_minute=DEV_KEY_RATE)
    creds = {"username": DEV_ADMIN, "password": password, "api_key": api_key}
    _write_private(out, json.dumps(creds, indent=2) + "\n")
    return creds, True


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="potret-auth", description="Pengguna dan API key")
    parser.add_argument(
        "--db",
        default=os.environ.get("GATEWAY_DATABASE_URL")
        or os.environ.get("GATEWAY_AUTH_DB", "var/gateway/auth.db"),
        help="basis data pengguna: berkas SQLite atau URL postgresql://... (default"
        " GATEWAY_DATABASE_URL, lalu GATEWAY_AUTH_DB, lalu var/gateway/auth.db)",
    )
    sub = parser.add_subparsers(dest="area", required=True)

    user = sub.add_parser("user", help="pengguna (login)").add_subparsers(dest="cmd", required=True)
    add = user.add_parser("add", help="tambah pengguna")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=sorted(ROLE_SCOPES))
    add.add_argument("--name", default="", help="nama lengkap")
    add.add_argument("--opd", help="wajib untuk opd_viewer: nama OPD persis seperti di data")
    add.add_argument("--nip", help="wajib untuk asn: NIP 18 digit")
    add.add_argument("--password-stdin", action="store_true", help="baca password dari stdin")
    user.add_parser("list", help="daftar pengguna")
    for name in ("disable", "enable"):
        user.add_parser(name).add_argument("username")
    passwd = user.add_parser("passwd", help="ganti password")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true")

    key = sub.add_parser("key", help="API key aplikasi").add_subparsers(dest="cmd", required=True)
    create = key.add_parser("create", help="buat API key (ditampilkan sekali)")
    create.add_argument("--name", required=True, help="nama aplikasi, mis. 'SIMPEG Dinkes'")
    create.add_argument("--scope", action="append", required=True, choices=sorted(SCOPES))
    create.add_argument("--opd", help="batasi ke satu OPD")
    create.add_argument("--rate-per-minute", type=int, help="batas permintaan per menit")
    key.add_parser("list", help="daftar API key (tanpa rahasianya)")
    key.add_parser("revoke", help="cabut API key").add_argument("key_id")

    dev = sub.add_parser("dev-bootstrap", help="MODE DEV: login admin dan key untuk lokal")
    dev.add_argument("--out", type=Path, required=True)
    dev.add_argument("--secret-file", type=Path, required=True)
    return parser


def cli(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    store = AuthStore(args.db)
    try:
        return _run(store, args)
    except AuthError as exc:
        print(f"gagal: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()


def _run(store: AuthStore, args: argparse.Namespace) -> int:
    if args.area == "dev-bootstrap":
        creds, created = dev_bootstrap(store, args.out, args.secret_file)
        state = "dibuat" if created else "dipakai lagi"
        print(f"MODE DEV: kredensial {state} di {args.out} (login {creds['username']})")
        return 0
    if args.area == "user":
        if args.cmd == "add":
            user = store.add_user(
                args.username,
                _password(args),
                args.role,
                full_name=args.name,
                opd=args.opd,
                nip=args.nip,
            )
            print(f"pengguna {user.username} ({user.role}) ditambahkan")
        elif args.cmd == "list":
            for u in store.users():
                flags = " [nonaktif]" if u.disabled else ""
                limit = f" opd={u.opd}" if u.opd else (f" nip={u.nip}" if u.nip else "")
                print(f"{u.username}\t{u.role}\t{u.full_name}{limit}{flags}")
        elif args.cmd in ("disable", "enable"):
            store.set_user_disabled(args.username, args.cmd == "disable")
            print(f"pengguna {args.username}: {'nonaktif' if args.cmd == 'disable' else 'aktif'}")
        elif args.cmd == "passwd":
            store.set_password(args.username, _password(args))
            print(f"password {args.username} diganti")
        return 0
    if args.cmd == "create":
        key, plaintext = store.create_key(
            args.name, args.scope, opd=args.opd, rate_per_minute=args.rate_per_minute
        )
        print(f"API key {key.key_id} ({key.name}), scope {', '.join(key.scopes)}")
        print("Simpan sekarang; key ini tidak akan ditampilkan lagi:")
        print(plaintext)
    elif args.cmd == "list":
        for k in store.api_keys():
            flags = " [dicabut]" if k.revoked else ""
            bound = f" opd={k.opd}" if k.opd else ""
            print(f"{k.key_id}\t{k.name}\t{','.join(k.scopes)}{bound}\t{k.created_at}{flags}")
    elif args.cmd == "revoke":
        store.revoke_key(args.key_id)
        print(f"API key {args.key_id} dicabut")
    return 0


def main() -> None:
    sys.exit(cli())
