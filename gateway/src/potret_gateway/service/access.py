"""Limits of OPD-bound callers that need a look at the records (the profile service)."""

from __future__ import annotations

from typing import Any

import anyio
import httpx

from potret_gateway.domain.access import Principal
from potret_gateway.service.calls import backend_unreachable, segment
from potret_gateway.service.refusals import forbidden

MAX_OPD_CHECKS = 200


async def check_own_opd(
    backends: Any, request_id: str, principal: Principal, nips: list[str]
) -> None:
    """403 unless every NIP belongs to an OPD-bound caller's OPD (checked at the profile
    service, the system of record)."""
    if principal.opd is None:
        return
    if len(nips) > MAX_OPD_CHECKS:
        raise forbidden(
            f"akses satu OPD: paling banyak {MAX_OPD_CHECKS} NIP per permintaan",
            f"OPD-bound callers: at most {MAX_OPD_CHECKS} NIPs per request",
        )
    limiter = anyio.Semaphore(16)
    outside: list[str] = []
    failures: list[httpx.HTTPError] = []

    async def check(nip: str) -> None:
        async with limiter:
            try:
                resp = await backends.profile.get(
                    f"/profiles/{segment(nip)}", headers={"X-Request-ID": request_id}
                )
            except httpx.HTTPError as exc:
                failures.append(exc)
                return
        if resp.status_code != 200 or resp.json().get("opd") != principal.opd:
            outside.append(nip)

    async with anyio.create_task_group() as tg:
        for nip in dict.fromkeys(nips):
            tg.start_soon(check, nip)
    if failures:
        raise backend_unreachable("profil", failures[0])
    if outside:
        raise forbidden(
            f"NIP di luar OPD Anda ({principal.opd}): {', '.join(sorted(outside)[:10])}",
            "NIPs outside your OPD",
        )
