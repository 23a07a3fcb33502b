"""Dependencies injected into routes. Each is `async def`: none does I/O, and FastAPI runs a
plain `def` dependency in a worker thread (a hop per request)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import unquote

from fastapi import Depends, Header, Path, Request
from pydantic import AfterValidator

from potret_asn_rules import NipError
from potret_profile.adapters.store import RecordStore
from potret_profile.entrypoints.relay import OutboxRelay


async def get_store(request: Request) -> RecordStore:
    store: RecordStore = request.app.state.store
    return store


async def get_relay(request: Request) -> OutboxRelay | None:
    relay: OutboxRelay | None = request.app.state.relay
    return relay


async def if_match_version(
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


def _nip_key(value: str) -> str:
    """A NIP in a path: 18 digits. The full rules apply to bodies, where the status is known."""
    if len(value) != 18 or not value.isascii() or not value.isdigit():
        raise NipError(
            "NIP-FMT",
            "NIP harus terdiri dari tepat 18 digit angka",
            "NIP must be exactly 18 digits",
        )
    return value


StoreDep = Annotated[RecordStore, Depends(get_store)]
RelayDep = Annotated[OutboxRelay | None, Depends(get_relay)]
IfMatchDep = Annotated[int | None, Depends(if_match_version)]
NipPath = Annotated[str, AfterValidator(_nip_key), Path(description="NIP 18 digit")]


async def actor_header(
    x_potret_actor: Annotated[
        str,
        Header(
            max_length=200,
            description="Siapa yang mengubah (diisi gateway dari identitas pemanggil); "
            "dicatat sebagai asal data",
        ),
    ] = "",
) -> str:
    return unquote(x_potret_actor)


ActorDep = Annotated[str, Depends(actor_header)]
