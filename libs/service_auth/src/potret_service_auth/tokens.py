"""Service tokens: a JWT signed with the caller's Ed25519 key (EdDSA), naming the caller
(`iss`, also the header's `kid`), the one service it is for (`aud`), and a lifetime of
TOKEN_TTL_S. A token for search is refused by profile; one from a caller a service does
not accept is refused even when its signature is good.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from potret_service_auth.keys import keys_dir, load_private_key, load_public_key

TOKEN_TTL_S = 120
# Clocks of two hosts may differ a little.
LEEWAY_S = 10
ALGORITHM = "EdDSA"

# Who may call whom: the gateway, and the operator principal of command-line tools
# (consistency check, chaos, `potret-search-reindex --from-profiles`, benchmarks) and the
# test suite. No service calls another on its own.
CALLERS: dict[str, frozenset[str]] = {
    "profile": frozenset({"gateway", "operator"}),
    "search": frozenset({"gateway", "operator"}),
    "ranking": frozenset({"gateway", "operator"}),
}


class ServiceAuthError(Exception):
    """A request without a valid service token; `reason` is shown to the caller."""

    def __init__(self, reason: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason = reason
        self.reason_en = reason_en


@dataclass
class Identity:
    """A principal that calls other services, with its own private key."""

    name: str
    key: Ed25519PrivateKey
    ttl_s: int = TOKEN_TTL_S
    _cache: dict[str, tuple[str, float]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def token(self, audience: str) -> str:
        """A token for `audience`, minted again when less than half its life is left."""
        now = time.time()
        with self._lock:
            cached = self._cache.get(audience)
            if cached and cached[1] - now > self.ttl_s / 2:
                return cached[0]
            claims = {
                "iss": self.name,
                "aud": audience,
                "iat": int(now),
                "exp": int(now) + self.ttl_s,
            }
            token = jwt.encode(claims, self.key, algorithm=ALGORITHM, headers={"kid": self.name})
            self._cache[audience] = (token, now + self.ttl_s)
            return token

    def authorization(self, audience: str) -> str:
        return f"Bearer {self.token(audience)}"


def load_identity(name: str, directory: Path | None = None) -> Identity:
    return Identity(name, load_private_key(name, directory))


@dataclass(frozen=True)
class Verifier:
    """Checks the tokens sent to one service."""

    audience: str
    # Per caller, its public key and, during a rotation, the next one (either verifies).
    keys: dict[str, tuple[Ed25519PublicKey, ...]]

    def verify(self, authorization: str | None) -> str:
        """The caller's name, or ServiceAuthError."""
        if not authorization:
            raise ServiceAuthError(
                "Permintaan tanpa token layanan; layanan internal hanya menerima layanan "
                "Potret yang dikenal",
                "No service token; internal services accept only known Potret services",
            )
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise ServiceAuthError(
                "Header Authorization harus berbentuk 'Bearer <token layanan>'",
                "Authorization must be 'Bearer <service token>'",
            )
        try:
            caller = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as exc:
            raise ServiceAuthError("Token layanan tidak sah", "Malformed service token") from exc
        keys = self.keys.get(caller) if isinstance(caller, str) else None
        if not keys:
            raise ServiceAuthError(
                f"Pemanggil tidak diizinkan memanggil layanan {self.audience}",
                f"This caller may not call {self.audience}",
            )
        try:
            claims = self._decode(token, keys, caller)
        except jwt.ExpiredSignatureError as exc:
            raise ServiceAuthError("Token layanan kedaluwarsa", "Service token expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise ServiceAuthError(
                f"Token layanan ini bukan untuk layanan {self.audience}",
                f"This service token is not for {self.audience}",
            ) from exc
        except jwt.PyJWTError as exc:
            raise ServiceAuthError(
                "Token layanan tidak sah (tanda tangan atau isi)",
                "Invalid service token (signature or claims)",
            ) from exc
        # Short-lived means short-lived whoever minted it: a holder of a key cannot make a
        # token that stays good for a year.
        if int(claims["exp"]) - int(claims["iat"]) > TOKEN_TTL_S:
            raise ServiceAuthError(
                f"Token layanan berlaku lebih dari {TOKEN_TTL_S} detik",
                f"Service token lives longer than {TOKEN_TTL_S} s",
            )
        if not isinstance(caller, str):  # for the type checker: checked above
            raise ServiceAuthError("Token layanan tidak sah", "Malformed service token")
        return caller

    def _decode(
        self, token: str, keys: tuple[Ed25519PublicKey, ...], caller: object
    ) -> dict[str, Any]:
        for i, key in enumerate(keys):
            try:
                claims: dict[str, Any] = jwt.decode(
                    token,
                    key,
                    algorithms=[ALGORITHM],
                    audience=self.audience,
                    issuer=caller if isinstance(caller, str) else None,
                    leeway=LEEWAY_S,
                    # One audience, as a string: a token for several services is refused.
                    options={"require": ["exp", "iat", "iss", "aud"], "strict_aud": True},
                )
                return claims
            except jwt.InvalidSignatureError:
                if i == len(keys) - 1:
                    raise
        raise jwt.InvalidSignatureError("no key")  # pragma: no cover - keys is never empty


def load_verifier(
    audience: str, callers: Iterable[str] | None = None, directory: Path | None = None
) -> Verifier:
    """The verifier of `audience`, with the public keys of the callers it accepts (CALLERS
    by default). A missing key stops the start with the file and the command to create it."""
    names = CALLERS[audience] if callers is None else frozenset(callers)
    return Verifier(audience, {n: _caller_keys(n, directory) for n in sorted(names)})


def _caller_keys(name: str, directory: Path | None) -> tuple[Ed25519PublicKey, ...]:
    """`<name>.pub`, and `<name>.next.pub` when a rotation has put it beside it."""
    keys = [load_public_key(name, directory)]
    if ((directory or keys_dir()) / f"{name}.next.pub").exists():
        keys.append(load_public_key(f"{name}.next", directory))
    return tuple(keys)


class ServiceTokenAuth(httpx.Auth):
    """httpx authentication: a fresh service token for `audience` on every request."""

    def __init__(self, identity: Identity, audience: str) -> None:
        self.identity = identity
        self.audience = audience

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self.identity.authorization(self.audience)
        yield request
