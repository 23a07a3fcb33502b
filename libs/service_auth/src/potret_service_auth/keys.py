"""The key directory of the service principals, and `potret-service-keys` that fills it.

Every principal (each service that calls another, and `operator` for command-line tools,
benchmarks and tests) has an Ed25519 key pair: `<name>.key` (PKCS#8 PEM, mode 600, only on
that principal's host or pod) and `<name>.pub` (SubjectPublicKeyInfo PEM, public). A caller
signs its tokens with its own private key; a service checks them with the public keys of
the callers it accepts, so no service can mint a token in another's name.

The directory is POTRET_SERVICE_KEYS, else $POTRET_VAR/run/service-keys (POTRET_VAR default
./var), the place the local scripts create it. Production creates the pairs once with
`potret-service-keys init --dir ...` and hands each pod its own `.key` and every `.pub`
(docs/security.md, "Service-to-service authentication").
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEYS_ENV = "POTRET_SERVICE_KEYS"
PRINCIPALS = ("gateway", "profile", "search", "ranking", "operator")


class ServiceKeyError(RuntimeError):
    """A key file is missing or unreadable: the service must not start without it."""


def keys_dir() -> Path:
    explicit = os.environ.get(KEYS_ENV)
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("POTRET_VAR", "var")) / "run" / "service-keys"


def _check_name(name: str) -> str:
    base = name.removesuffix(".next")  # the next key of a rotation: gateway.next.pub
    if not base.isidentifier() or not base.islower():
        raise ServiceKeyError(f"nama principal tidak sah: {name!r} (huruf kecil, tanpa spasi)")
    return name


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ServiceKeyError(
            f"{what} {path} tidak dapat dibaca ({exc.__class__.__name__}); buat dengan "
            f"`potret-service-keys init --dir {path.parent}` atau atur {KEYS_ENV}"
        ) from exc


def load_private_key(name: str, directory: Path | None = None) -> Ed25519PrivateKey:
    path = (directory or keys_dir()) / f"{_check_name(name)}.key"
    try:
        key = serialization.load_pem_private_key(_read(path, "kunci layanan"), password=None)
    except ValueError as exc:
        raise ServiceKeyError(f"kunci layanan {path} rusak (bukan PEM PKCS#8)") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ServiceKeyError(f"kunci layanan {path} bukan kunci Ed25519")
    return key


def load_public_key(name: str, directory: Path | None = None) -> Ed25519PublicKey:
    path = (directory or keys_dir()) / f"{_check_name(name)}.pub"
    try:
        key = serialization.load_pem_public_key(_read(path, "kunci publik layanan"))
    except ValueError as exc:
        raise ServiceKeyError(f"kunci publik layanan {path} rusak (bukan PEM)") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ServiceKeyError(f"kunci publik layanan {path} bukan kunci Ed25519")
    return key


def _write(path: Path, data: bytes, mode: int) -> None:
    # A name of its own and O_EXCL: a leftover or concurrent file is never reused with
    # another mode.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def init_keys(directory: Path, names: tuple[str, ...] | list[str] = PRINCIPALS) -> list[str]:
    """Create the key pairs that are missing (existing ones are kept: rotating is deleting a
    pair and running this again, then restarting its holder and the services that check
    it). Returns the names created."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    created = []
    for name in names:
        private_path = directory / f"{_check_name(name)}.key"
        public_path = directory / f"{name}.pub"
        if private_path.exists() and public_path.exists():
            continue
        key = Ed25519PrivateKey.generate()
        _write(
            private_path,
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
            0o600,
        )
        _write(
            public_path,
            key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            ),
            0o644,
        )
        created.append(name)
    return created


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="potret-service-keys",
        description="Membuat pasangan kunci Ed25519 tiap layanan Potret (yang belum ada).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="buat pasangan kunci yang belum ada")
    init.add_argument("--dir", type=Path, default=None, help=f"direktori (default {KEYS_ENV})")
    init.add_argument("names", nargs="*", default=list(PRINCIPALS))
    args = parser.parse_args(argv)
    directory = args.dir or keys_dir()
    try:
        created = init_keys(directory, args.names)
    except (ServiceKeyError, OSError) as exc:
        print(f"potret-service-keys: {exc}", file=sys.stderr)
        return 2
    kept = [n for n in args.names if n not in created]
    print(
        f"{directory}: dibuat {', '.join(created) or '-'}; sudah ada {', '.join(kept) or '-'}",
        file=sys.stderr,
    )
    return 0
