"""/v1/auth: log in (OAuth2 password flow → JWT access token) and who am I."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from potret_gateway.adapters.tokens import issue
from potret_gateway.domain.access import ROLE_NAMES
from potret_gateway.entrypoints.security import AnyCaller
from potret_gateway.entrypoints.shortlists import store as shortlist_store
from potret_gateway.service.refusals import too_many, unauthorized
from potret_gateway.service.shortlists import visible_shortlists
from potret_problems import problem_responses

router = APIRouter(prefix="/v1/auth", tags=["auth"])


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int = Field(description="detik")


class MeOut(BaseModel):
    subject: str
    name: str
    role: str | None
    role_name: str | None
    scopes: list[str]
    opd: str | None = Field(description="bila diisi: hanya data OPD ini")
    nip: str | None


@router.post(
    "/token",
    response_model=TokenOut,
    responses=problem_responses(401, 422, 429),
)
async def login(
    request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> TokenOut:
    """Masuk dengan username dan password (OAuth2 password flow); hasilnya access token
    untuk header `Authorization: Bearer ...`."""
    state = request.app.state
    client = request.client.host if request.client else "-"
    request.state.actor = f"user:{form.username[:64]} (login)"
    request.state.audit_detail = f"klien {client}"
    guard = state.login_guard
    wait = guard.check(form.username, client)
    if wait > 0:
        raise too_many(wait)
    user = await anyio.to_thread.run_sync(
        state.auth.authenticate_user, form.username, form.password
    )
    if user is None:
        raise unauthorized("username atau password salah", "wrong username or password")
    guard.succeeded(form.username, client)
    ttl: int = state.settings.token_ttl_s
    return TokenOut(access_token=issue(user.username, state.signing_key, ttl), expires_in=ttl)


@router.get("/me", response_model=MeOut)
async def me(principal: AnyCaller) -> dict[str, Any]:
    """Siapa saya: role, scope, dan batas data (OPD atau NIP sendiri)."""
    return {
        "subject": principal.subject,
        "name": principal.name,
        "role": principal.role,
        "role_name": ROLE_NAMES.get(principal.role or ""),
        "scopes": sorted(principal.scopes),
        "opd": principal.opd,
        "nip": principal.nip,
    }


HISTORY_MAX = 50


@router.get(
    "/me/history",
    responses=problem_responses(401, 422, 429),
)
async def my_history(
    request: Request,
    principal: AnyCaller,
    limit: Annotated[int, Query(ge=1, le=HISTORY_MAX)] = 10,
) -> dict[str, Any]:
    """Riwayat saya: pertanyaan terakhir ke Tanya Potret (terbaru dulu, tanpa pengulangan;
    dari jejak audit, dengan data pribadi tersamar seperti di sana) dan daftar pendek yang
    terakhir diubah yang dapat saya lihat."""
    audit = request.app.state.audit
    entries = await anyio.to_thread.run_sync(
        lambda: audit.query(
            actor=f"{principal.subject} (",
            action="ask",
            status=200,
            limit=limit * 5,
            newest_first=True,
        )
    )
    questions: list[dict[str, Any]] = []
    seen: set[str] = set()
    for entry in entries:
        text = str(entry.get("detail") or "").strip()
        # a question whose personal data the trail keeps only as a digest is not offered
        # again: asked anew it would carry the digest, not what was typed
        if not text or text.casefold() in seen or "hmac:" in text:
            continue
        seen.add(text.casefold())
        questions.append({"at": entry["at"], "question": text})
        if len(questions) >= limit:
            break
    lists = (
        await visible_shortlists(shortlist_store(request), principal)
        if not principal.self_only
        else []
    )
    return {"questions": questions, "shortlists": lists[:limit]}
