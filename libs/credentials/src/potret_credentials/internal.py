"""For tools and tests that call the internal services behind the gateway directly
(consistency check, chaos, benchmarks, the test suite): the `operator` principal's service
tokens (potret_service_auth). Its key is in the service key directory (POTRET_SERVICE_KEYS,
else $POTRET_VAR/run/service-keys, which the local scripts create)."""

from __future__ import annotations

from functools import lru_cache

import grpc
import httpx

from potret_service_auth import Identity, ServiceTokenAuth, load_identity
from potret_service_auth.grpc_auth import authenticated_channel

OPERATOR = "operator"


@lru_cache(maxsize=1)
def operator_identity() -> Identity:
    return load_identity(OPERATOR)


def service_auth(audience: str) -> httpx.Auth:
    """httpx auth for calls to `audience` ("profile" or "search") as the operator."""
    return ServiceTokenAuth(operator_identity(), audience)


def service_headers(audience: str) -> dict[str, str]:
    """One request's Authorization header for `audience` (valid for a minute or two)."""
    return {"Authorization": operator_identity().authorization(audience)}


def ranking_channel(address: str) -> grpc.Channel:
    """An insecure gRPC channel to the ranking service carrying the operator's tokens."""
    return authenticated_channel(grpc.insecure_channel(address), operator_identity(), "ranking")
