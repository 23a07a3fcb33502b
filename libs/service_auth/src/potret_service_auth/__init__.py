"""Service-to-service authentication inside Potret (issue 18): every call to profile, search
and the ranking gRPC carries a short-lived token signed with the caller's own Ed25519 key;
each service accepts only the callers of CALLERS. See keys.py for the key directory and
docs/security.md for the trust boundaries."""

from potret_service_auth.keys import (
    KEYS_ENV,
    PRINCIPALS,
    ServiceKeyError,
    init_keys,
    keys_dir,
    load_private_key,
    load_public_key,
)
from potret_service_auth.tokens import (
    CALLERS,
    TOKEN_TTL_S,
    Identity,
    ServiceAuthError,
    ServiceTokenAuth,
    Verifier,
    load_identity,
    load_verifier,
)

__all__ = [
    "CALLERS",
    "KEYS_ENV",
    "PRINCIPALS",
    "TOKEN_TTL_S",
    "Identity",
    "ServiceAuthError",
    "ServiceKeyError",
    "ServiceTokenAuth",
    "Verifier",
    "init_keys",
    "keys_dir",
    "load_identity",
    "load_private_key",
    "load_public_key",
    "load_verifier",
]
