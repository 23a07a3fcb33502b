"""Authentication and authorization as FastAPI dependencies.

Callers present either an API key (`X-API-Key: ptr_...`, or `Authorization: Bearer ptr_...`)
or an access token from POST /v1/auth/token (`Authorization: Bearer <JWT>`). Every route
declares the scopes it needs with `Security(authorize, scopes=[...])`, which also puts them
in the OpenAPI document. Missing or invalid credentials → 401 with WWW-Authenticate; a
scope the caller lacks → 403; too many requests → 429 with Retry-After. The caller is kept
on `request.state` for the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from functools import partial
from typing import Annotated, Any

import anyio
from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer, SecurityScopes

from potret_gateway.adapters.auth_store import AuthStore, looks_like_api_key
from potret_gateway.adapters.tokens import TokenError, subject
from potret_gateway.domain import access
from potret_gateway.domain.access import Principal
from potret_gateway.service.refusals import forbidden, too_many, unauthorized
from potret_sqldb import WouldWait

oauth2 = OAuth2PasswordBearer(
    tokenUrl="/v1/auth/token", scopes=access.SCOPES, auto_error=False, scheme_name="login"
)
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="apiKey")


def _resolve(store: AuthStore, presented: str, signing_key: str, *, wait: bool) -> Principal:
    if looks_like_api_key(presented):
        key = store.authenticate_key(presented, wait=wait)
        if key is None:
            raise unauthorized("API key tidak dikenal atau dicabut", "unknown or revoked API key")
        return key.principal()
    try:
        username = subject(presented, signing_key)
    except TokenError as exc:
        raise unauthorized(str(exc), "invalid or expired token") from None
    user = store.user(username, wait=wait)
    if user is None or user.disabled:
        raise unauthorized("pengguna dinonaktifkan", "user disabled or removed")
    return user.principal()


async def authenticate(
    request: Request,
    token: Annotated[str | None, Depends(oauth2)],
    api_key: Annotated[str | None, Depends(api_key_header)],
) -> Principal:
    """The caller of this request (once per request), rate-limited."""
    held: Principal | None = getattr(request.state, "principal", None)
    if held is not None:
        return held
    presented = api_key or token
    if not presented:
        raise unauthorized("tidak ada kredensial", "no credentials")
    state = request.app.state
    principal: Principal | None = None
    if state.auth.reads_now:
        # A SQLite lookup by key is a few microseconds: read here, not after a hop to a worker
        # thread and back (half a millisecond of every request). A file locked against
        # readers, like PostgreSQL (a round trip), is read from a thread.
        with suppress(WouldWait):
            principal = _resolve(state.auth, presented, state.signing_key, wait=False)
    if principal is None:
        principal = await anyio.to_thread.run_sync(
            partial(_resolve, state.auth, presented, state.signing_key, wait=True)
        )
    request.state.principal = principal
    request.state.actor = principal.actor
    wait = state.limiter.acquire(principal.subject, principal.rate_per_minute)
    if wait > 0:
        raise too_many(wait)
    return principal


async def authorize(
    security_scopes: SecurityScopes,
    principal: Annotated[Principal, Depends(authenticate)],
) -> Principal:
    missing = [s for s in security_scopes.scopes if not principal.can(s)]
    if missing:
        raise forbidden(f"butuh scope {', '.join(missing)}", f"missing scope {', '.join(missing)}")
    return principal


AnyCaller = Annotated[Principal, Depends(authenticate)]
ReadProfiles = Annotated[Principal, Security(authorize, scopes=[access.PROFILES_READ])]
WriteProfiles = Annotated[Principal, Security(authorize, scopes=[access.PROFILES_WRITE])]
Searcher = Annotated[Principal, Security(authorize, scopes=[access.SEARCH])]
Ranker = Annotated[Principal, Security(authorize, scopes=[access.RANK])]
Admin = Annotated[Principal, Security(authorize, scopes=[access.ADMIN])]


def not_self_only(principal: Principal, what: str) -> None:
    if principal.self_only:
        raise forbidden(
            f"role ASN hanya dapat melihat data dan analisis kesenjangan sendiri, bukan {what}",
            f"the ASN role sees only its own record, not {what}",
        )


def breakdowns_need_personal_read(principal: Principal, params: Sequence[tuple[str, Any]]) -> None:
    """403 when a caller without personal:read asks search for a breakdown: the one search
    offers, by jenis kelamin (the NIP's 15th digit), is personal data."""
    if any(key == "breakdown" for key, _ in params) and not principal.can(access.PERSONAL_READ):
        raise forbidden(
            "rincian menurut jenis kelamin adalah data pribadi: hanya untuk peran yang boleh "
            "melihat data pribadi",
            "a breakdown by gender is personal data: only for roles allowed to see it",
        )


def self_nip_only(principal: Principal, nip: str) -> None:
    if principal.self_only and nip != principal.nip:
        raise forbidden("hanya data Anda sendiri", "only your own record")


def not_opd_bound(principal: Principal, what: str) -> None:
    if principal.opd is not None:
        raise forbidden(
            f"{what} tidak tersedia untuk akses yang dibatasi pada satu OPD",
            f"{what} is not available to OPD-bound callers",
        )
