"""Users and API keys, with their secrets hashed, in SQLite (one gateway) or PostgreSQL
(`GATEWAY_DATABASE_URL`, shared by every gateway replica).

Passwords: scrypt (RFC 7914, n=2^14, r=8, p=1, 16-byte salt) from the standard library.
API keys: `ptr_<id>_<secret>` with a 256-bit random secret; only SHA-256 of the secret is
stored (a key is as strong as its randomness, so a slow hash adds nothing) and compared in
constant time. A key is shown once, when it is created.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from potret_gateway.domain.access import ROLE_SCOPES, SCOPES, Principal
from potret_sqldb import open_database

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_KEY = re.compile(r"^ptr_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD = 12

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY,
    full_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    opd TEXT,
    nip TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
    key_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    scopes TEXT NOT NULL,
    opd TEXT,
    rate_per_minute INTEGER,
    revoked INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
"""


class AuthError(ValueError):
    """A user or key cannot be created as asked (message in Bahasa Indonesia)."""


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    actual = hashlib.scrypt(
        password.encode(),
        salt=base64.b64decode(salt),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=32,
    )
    return hmac.compare_digest(actual, base64.b64decode(digest))


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# Verifying an unknown user costs as much as a known one (no timing oracle on usernames).
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class User:
    username: str
    full_name: str
    role: str
    opd: str | None
    nip: str | None
    disabled: bool
    created_at: str

    def principal(self) -> Principal:
        return Principal(
            subject=f"user:{self.username}",
            name=self.full_name,
            scopes=ROLE_SCOPES[self.role],
            role=self.role,
            opd=self.opd,
            nip=self.nip,
        )


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    name: str
    scopes: tuple[str, ...]
    opd: str | None
    rate_per_minute: int | None
    revoked: bool
    created_at: str

    def principal(self) -> Principal:
        return Principal(
            subject=f"key:{self.key_id}",
            name=self.name,
            scopes=frozenset(self.scopes),
            opd=self.opd,
            rate_per_minute=self.rate_per_minute,
        )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class AuthStore:
    """Users and API keys. Thread-safe; every lookup reads the database, so a revoked key or
    a disabled user is refused from the next request on.

    The lookups of a request's caller (`authenticate_key`, `user`) take `wait=False` on the
    event loop: they answer from a SQLite file at once, or raise `WouldWait` (PostgreSQL, a
    locked file) and the caller asks again from a worker thread."""

    def __init__(self, target: str | Path) -> None:
        self._db = open_database(target, name="potret-gateway")
        self.path = self._db.path
        self._db.migrate({"sqlite": _SCHEMA, "postgres": _SCHEMA})

    def close(self) -> None:
        self._db.close()

    @property
    def reads_now(self) -> bool:
        """Can a lookup with `wait=False` answer at all (SQLite), or would it always raise
        `WouldWait` (PostgreSQL: go to a thread at once)?"""
        return self._db.reads_now

    def ping(self) -> None:
        """Raises StoreUnavailable when the database does not answer."""
        self._db.rows("SELECT 1 AS ok")

    def _rows(self, sql: str, *args: Any, wait: bool = True) -> list[dict[str, Any]]:
        return self._db.rows(sql, args) if wait else self._db.rows_now(sql, args)

    # users ----------------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        password: str,
        role: str,
        *,
        full_name: str = "",
        opd: str | None = None,
        nip: str | None = None,
    ) -> User:
        if not USERNAME.match(username):
            raise AuthError(
                "username: 3-64 karakter huruf kecil, angka, titik, garis bawah atau tanda minus"
            )
        if role not in ROLE_SCOPES:
            raise AuthError(f"role: harus salah satu dari {', '.join(ROLE_SCOPES)}")
        if len(password) < MIN_PASSWORD:
            raise AuthError(f"password: minimal {MIN_PASSWORD} karakter")
        if role == "opd_viewer" and not opd:
            raise AuthError("opd: wajib untuk role opd_viewer")
        if role == "asn" and not (nip and re.fullmatch(r"\d{18}", nip)):
            raise AuthError("nip: wajib 18 digit untuk role asn")
        try:
            self._db.execute(
                "INSERT INTO users (username, full_name, password_hash, role, opd, nip,"
                " created_at) VALUES (?,?,?,?,?,?,?)",
                (
                    username,
                    full_name or username,
                    hash_password(password),
                    role,
                    opd,
                    nip,
                    _now(),
                ),
            )
        except self._db.integrity_errors:
            raise AuthError(f"username: {username!r} sudah ada") from None
        user = self.user(username)
        assert user is not None
        return user

    def user(self, username: str, *, wait: bool = True) -> User | None:
        rows = self._rows(
            "SELECT username, full_name, role, opd, nip, disabled, created_at FROM users"
            " WHERE username = ?",
            username,
            wait=wait,
        )
        if not rows:
            return None
        row = rows[0]
        return User(**{**row, "disabled": bool(row["disabled"])})

    def users(self) -> list[User]:
        return [
            User(**{**r, "disabled": bool(r["disabled"])})
            for r in self._rows(
                "SELECT username, full_name, role, opd, nip, disabled, created_at FROM users"
                " ORDER BY username"
            )
        ]

    def authenticate_user(self, username: str, password: str) -> User | None:
        rows = self._rows("SELECT password_hash FROM users WHERE username = ?", username)
        ok = verify_password(password, rows[0]["password_hash"] if rows else _DUMMY_HASH)
        user = self.user(username) if ok and rows else None
        return user if user is not None and not user.disabled else None

    def set_password(self, username: str, password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise AuthError(f"password: minimal {MIN_PASSWORD} karakter")
        self._update(
            "UPDATE users SET password_hash = ? WHERE username = ?",
            hash_password(password),
            username,
        )

    def set_user_disabled(self, username: str, disabled: bool) -> None:
        self._update("UPDATE users SET disabled = ? WHERE username = ?", int(disabled), username)

    def _update(self, sql: str, *args: Any) -> None:
        changed = self._db.execute(sql, args)
        if not changed:
            raise AuthError(f"tidak ditemukan: {args[-1]!r}")

    # API keys -------------------------------------------------------------------------------

    def create_key(
        self,
        name: str,
        scopes: list[str],
        *,
        opd: str | None = None,
        rate_per_minute: int | None = None,
    ) -> tuple[ApiKey, str]:
        """A new key; returns it and its one-time plaintext `ptr_<id>_<secret>`."""
        unknown = sorted(set(scopes) - set(SCOPES))
        if unknown or not scopes:
            raise AuthError(
                f"scope: {', '.join(unknown) or '(kosong)'} tidak dikenal; pilih dari "
                + ", ".join(SCOPES)
            )
        if not name.strip():
            raise AuthError("name: wajib diisi (mis. nama aplikasi OPD)")
        if rate_per_minute is not None and rate_per_minute < 1:
            raise AuthError("rate_per_minute: minimal 1")
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        self._db.execute(
            "INSERT INTO api_keys (key_id, name, secret_hash, scopes, opd, rate_per_minute,"
            " created_at) VALUES (?,?,?,?,?,?,?)",
            (
                key_id,
                name.strip(),
                _sha256(secret),
                json.dumps(sorted(set(scopes))),
                opd,
                rate_per_minute,
                _now(),
            ),
        )
        key = self.key(key_id)
        assert key is not None
        return key, f"ptr_{key_id}_{secret}"

    def key(self, key_id: str) -> ApiKey | None:
        rows = self._rows(
            "SELECT key_id, name, scopes, opd, rate_per_minute, revoked, created_at"
            " FROM api_keys WHERE key_id = ?",
            key_id,
        )
        return _api_key(rows[0]) if rows else None

    def api_keys(self) -> list[ApiKey]:
        return [
            _api_key(r)
            for r in self._rows(
                "SELECT key_id, name, scopes, opd, rate_per_minute, revoked, created_at"
                " FROM api_keys ORDER BY created_at, key_id"
            )
        ]

    def authenticate_key(self, presented: str, *, wait: bool = True) -> ApiKey | None:
        m = _KEY.match(presented)
        if not m:
            return None
        rows = self._rows(
            "SELECT key_id, name, scopes, opd, rate_per_minute, revoked, created_at, secret_hash"
            " FROM api_keys WHERE key_id = ?",
            m.group(1),
            wait=wait,
        )
        if not rows or not hmac.compare_digest(rows[0].pop("secret_hash"), _sha256(m.group(2))):
            return None
        key = _api_key(rows[0])
        return None if key.revoked else key

    def revoke_key(self, key_id: str) -> None:
        self._update("UPDATE api_keys SET revoked = 1 WHERE key_id = ?", key_id)


def looks_like_api_key(token: str) -> bool:
    return token.startswith("ptr_")


def _api_key(row: dict[str, Any]) -> ApiKey:
    return ApiKey(
        key_id=row["key_id"],
        name=row["name"],
        scopes=tuple(json.loads(row["scopes"])),
        opd=row["opd"],
        rate_per_minute=row["rate_per_minute"],
        revoked=bool(row["revoked"]),
        created_at=row["created_at"],
    )
