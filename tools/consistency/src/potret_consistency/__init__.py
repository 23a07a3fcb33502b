"""Is every read model exactly the profile store? Same NIPs, same versions, same content.

The profile service (the system of record), the search index and the ranking read model each
list what they hold per NIP: version, deleted or not, and the digest of the snapshot content
they were built from (`potret_events.content_digest`). `compare` says what differs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import grpc
import httpx

from potret.ranking.v1 import ranking_pb2 as pb
from potret.ranking.v1 import ranking_pb2_grpc as pb_grpc
from potret_credentials.internal import ranking_channel, service_headers


@dataclass(frozen=True, slots=True)
class Held:
    version: int
    deleted: bool
    digest: str | None  # None: this copy has no digest (built before digests existed)


State = dict[str, Held]


@dataclass
class Difference:
    """How one copy differs from the store (each list holds NIPs, capped for reports)."""

    name: str
    checked: int = 0
    missing: list[str] = field(default_factory=list)  # in the store, not in the copy
    extra: list[str] = field(default_factory=list)  # in the copy, never in the store
    stale: list[str] = field(default_factory=list)  # other version or deleted state
    content: list[str] = field(default_factory=list)  # same version, other content
    undigested: list[str] = field(default_factory=list)  # no digest to compare

    @property
    def equal(self) -> bool:
        return not (self.missing or self.extra or self.stale or self.content or self.undigested)

    def summary(self) -> str:
        if self.equal:
            return f"{self.name}: sama persis dengan store ({self.checked} NIP)"
        parts = [
            f"{label} {len(items)} (mis. {', '.join(items[:3])})"
            for label, items in (
                ("hilang", self.missing),
                ("lebih", self.extra),
                ("versi beda", self.stale),
                ("isi beda", self.content),
                ("tanpa sidik", self.undigested),
            )
            if items
        ]
        return f"{self.name}: BEDA dari store ({self.checked} NIP): " + "; ".join(parts)


def compare(store: State, copy: State, name: str) -> Difference:
    diff = Difference(name, checked=len(store))
    for nip, want in store.items():
        got = copy.get(nip)
        if got is None:
            diff.missing.append(nip)
        elif got.version != want.version or got.deleted != want.deleted:
            diff.stale.append(nip)
        elif not want.deleted:
            if got.digest is None:
                diff.undigested.append(nip)
            elif got.digest != want.digest:
                diff.content.append(nip)
    diff.extra = [nip for nip in copy if nip not in store]
    return diff


def _pages(
    client: httpx.Client, url: str, timeout_s: float, audience: str
) -> Iterator[dict[str, object]]:
    after: str | None = None
    while True:
        params: dict[str, str | int] = {"limit": 5000}
        if after:
            params["after"] = after
        # As the operator principal: profile and search answer only known services.
        headers = service_headers(audience)
        resp = client.get(url, params=params, timeout=timeout_s, headers=headers)
        resp.raise_for_status()
        body = resp.json()
        yield from body["data"]
        after = body.get("next_cursor")
        if not after:
            return


def _held(row: dict[str, object]) -> Held:
    digest = row.get("content_digest")
    return Held(
        version=int(str(row["version"])),
        deleted=bool(row["deleted"]),
        digest=None if digest is None else str(digest),
    )


def store_state(
    profile_url: str, *, timeout_s: float = 60, client: httpx.Client | None = None
) -> State:
    """The profile store, deleted records included (`GET /consistency/profiles`). Pass a
    `client` to reuse its connections (a poll loop should: each new client loads a TLS
    context, ~60 ms of CPU)."""
    return _http_state(profile_url, timeout_s, client, "profile")


def index_state(
    search_url: str, *, timeout_s: float = 60, client: httpx.Client | None = None
) -> State:
    """The search index, tombstones included (`GET /consistency/profiles` of search)."""
    return _http_state(search_url, timeout_s, client, "search")


def _http_state(
    base_url: str, timeout_s: float, client: httpx.Client | None, audience: str
) -> State:
    if client is None:
        with httpx.Client(timeout=timeout_s) as own:
            return _http_state(base_url, timeout_s, own, audience)
    path = f"{base_url}/consistency/profiles"
    return {str(r["nip"]): _held(r) for r in _pages(client, path, timeout_s, audience)}


def ranking_state(
    ranking_addr: str, *, timeout_s: float = 60, channel: grpc.Channel | None = None
) -> State:
    """The ranking read model of one instance (`ExportReadModel`). Pass an open `channel` to
    reuse it across calls."""
    if channel is None:
        with ranking_channel(ranking_addr) as own:
            return ranking_state(ranking_addr, timeout_s=timeout_s, channel=own)
    stub = pb_grpc.RankingServiceStub(channel)
    state: State = {}
    after = 0
    while after >= 0:
        reply = stub.ExportReadModel(
            pb.ExportReadModelRequest(after_row=after, limit=5000), timeout=timeout_s
        )
        for row in reply.rows:
            state[row.nip] = Held(row.version, not row.live, row.content_digest)
        after = reply.next_row
    return state
