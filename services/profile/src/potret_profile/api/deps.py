"""Dependencies injected into routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path, Request

from potret_profile.adapters.store import ProfileStore
from potret_profile.domain.model import Nip
from potret_profile.relay import OutboxRelay


def get_store(request: Request) -> ProfileStore:
    store: ProfileStore = request.app.state.store
    return store


def get_relay(request: Request) -> OutboxRelay | None:
    relay: OutboxRelay | None = request.app.state.relay
    return relay


def if_match_version(
    if_match: Annotated[
        str | None,
        Header(description='Versi yang diharapkan, mis. "3" (ETag dari GET)', examples=['"3"']),
    ] = None,
) -> int | None:
    """The version in an If-Match header ("3" or W/"3"), or None when absent."""
    if if_match is None:
        return None
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        from potret_problems import FieldViolation, ProblemError

        raise ProblemError(
            422,
            "validation-error",
            "Data tidak valid",
            "Invalid data",
            detail='If-Match harus berisi versi profil, mis. "3"',
            errors=[FieldViolation(field="If-Match", rule="ETAG", message="harus berupa versi")],
        )
    return int(text)


StoreDep = Annotated[ProfileStore, Depends(get_store)]
RelayDep = Annotated[OutboxRelay | None, Depends(get_relay)]
IfMatchDep = Annotated[int | None, Depends(if_match_version)]
NipPath = Annotated[Nip, Path(description="NIP 18 digit")]
