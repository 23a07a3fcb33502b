"""The profile index in Elasticsearch: a versioned index behind an alias."""

from __future__ import annotations

import logging
from typing import Any

from elasticsearch import ApiError, Elasticsearch

from potret_search.domain.documents import INDEX_MAPPINGS, IndexAction, build_query

log = logging.getLogger(__name__)


class IndexWriteError(RuntimeError):
    """Elasticsearch refused part of a batch for a reason other than a stale version."""


class ProfileIndex:
    """Reads and writes `potret-asn` (alias) → `potret-asn-v<N>`."""

    def __init__(
        self, client: Elasticsearch, *, alias: str, version: int, shards: int, replicas: int
    ) -> None:
        self.client = client
        self.alias = alias
        self.index = f"{alias}-v{version}"
        self.shards = shards
        self.replicas = replicas

    def ensure(self) -> None:
        """Create the index and point the alias at it, if not done yet. Idempotent."""
        if not self.client.indices.exists(index=self.index):
            try:
                self.client.indices.create(
                    index=self.index,
                    settings={
                        "number_of_shards": self.shards,
                        "number_of_replicas": self.replicas,
                        "refresh_interval": "1s",
                    },
                    mappings=INDEX_MAPPINGS,
                )
                log.info("created index %s", self.index)
            except ApiError as exc:
                if exc.meta.status != 400 or "resource_already_exists" not in str(exc):
                    raise
        if not self.client.indices.exists_alias(name=self.alias):
            self.client.indices.update_aliases(
                actions=[
                    {"add": {"index": self.index, "alias": self.alias, "is_write_index": True}}
                ]
            )
            log.info("alias %s -> %s", self.alias, self.index)

    def apply(self, actions: list[IndexAction]) -> tuple[int, int]:
        """Write a batch with external versions; return (written, stale). Stale versions
        (409) are expected on replay and ignored; any other item error raises."""
        if not actions:
            return 0, 0
        operations: list[dict[str, Any]] = []
        for action in actions:
            operations.append(
                {
                    "index": {
                        "_index": self.alias,
                        "_id": action.nip,
                        "version": action.version,
                        "version_type": "external",
                    }
                }
            )
            operations.append(action.document)
        response = self.client.bulk(operations=operations)
        written = stale = 0
        failures: list[str] = []
        for item in response["items"]:
            result = item["index"]
            status = int(result.get("status", 500))
            if status < 300:
                written += 1
            elif status == 409:
                stale += 1
            else:
                failures.append(f"{result.get('_id')}: {status} {result.get('error')}")
        if failures:
            raise IndexWriteError(f"{len(failures)} documents refused: {failures[:3]}")
        return written, stale

    def search(self, text: str, *, size: int, offset: int) -> dict[str, Any]:
        """Run a search; returns the raw Elasticsearch response body."""
        response = self.client.search(
            index=self.alias,
            query=build_query(text),
            size=size,
            from_=offset,
            track_total_hits=True,
        )
        return dict(response.body)

    def get(self, nip: str) -> dict[str, Any] | None:
        """The stored document of a NIP (including tombstones), or None."""
        response = self.client.options(ignore_status=404).get(index=self.alias, id=nip)
        if not response.body.get("found"):
            return None
        return dict(response["_source"])

    def ping(self) -> bool:
        try:
            return bool(
                self.client.cluster.health(timeout="2s").get("status") in ("green", "yellow")
            )
        except Exception:
            return False
