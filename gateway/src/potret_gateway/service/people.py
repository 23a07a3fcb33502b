"""Who the people of an answer are: name, jabatan, OPD and golongan by NIP, from search."""

from __future__ import annotations

from typing import Any

import httpx


async def people_of(
    backends: Any, request_id: str, nips: list[str], domains: list[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Name, jabatan, OPD and golongan of each NIP, from search (100 per call); with
    `domains`, each person's evidence of expertise in them too."""
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(nips), 100):
        chunk = nips[start : start + 100]
        params = [("nip", n) for n in chunk] + [("domain", d) for d in domains or []]
        params.append(("limit", "100"))
        try:
            resp = await backends.search.get(
                "/search", params=params, headers={"X-Request-ID": request_id}
            )
        except httpx.HTTPError:
            continue  # names are a convenience: the ranking in the file stands without them
        if resp.status_code == 200:
            out.update({hit["nip"]: hit for hit in resp.json().get("data", [])})
    return out
