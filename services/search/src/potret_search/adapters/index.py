"""The profile index in Elasticsearch: versioned indices `potret-asn-v<N>` behind an alias.

Writes go to the alias (its write index); a rebuild fills `v<N+1>` and moves the alias in one
`_aliases` call, which Elasticsearch applies atomically, so searches never fail in between.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from elasticsearch import ApiError, Elasticsearch

from potret_expertise import expertise_as_of, rules_fingerprint
from potret_search.domain.documents import (
    ADDITIVE_FROM,
    DERIVED_FIELDS,
    INDEX_MAPPINGS,
    MAPPING_VERSION,
    IndexAction,
)

log = logging.getLogger(__name__)


class IndexWriteError(RuntimeError):
    """Elasticsearch refused part of a batch for a reason other than a stale version."""


class OutdatedMapping(RuntimeError):
    """The alias points at an index built with an older mapping; a rebuild is needed."""


class ProfileIndex:
    """Reads and writes `potret-asn` (alias) → `potret-asn-v<N>`."""

    def __init__(
        self,
        client: Elasticsearch,
        *,
        alias: str,
        version: int = 1,
        shards: int = 1,
        replicas: int = 0,
    ) -> None:
        self.client = client
        self.alias = alias
        self.expertise_rules: str | None = None  # of the index behind the alias (ensure)
        self.first_version = version
        self.shards = shards
        self.replicas = replicas

    @property
    def index(self) -> str:
        """The index the alias points at now (or the one `ensure` would create)."""
        return self.alias_target() or f"{self.alias}-v{self.first_version}"

    def alias_target(self) -> str | None:
        resp = self.client.options(ignore_status=404).indices.get_alias(name=self.alias)
        names = sorted(resp.body) if resp.meta.status == 200 else []
        return names[-1] if names else None

    def versions(self) -> list[int]:
        """Versions N of the existing `alias-v<N>` indices."""
        resp = self.client.options(ignore_status=404).indices.get(index=f"{self.alias}-v*")
        pattern = re.compile(rf"^{re.escape(self.alias)}-v(\d+)$")
        return sorted(int(m.group(1)) for name in resp.body if (m := pattern.match(name)))

    def create_index(self, name: str, *, today: dt.date | None = None) -> None:
        """Create `name` with this release's mapping; its `_meta` records the month the
        documents' expertise is measured at (`expertise_as_of`), for `outdated`."""
        as_of = expertise_as_of(today or dt.date.today()).isoformat()
        try:
            self.client.indices.create(
                index=name,
                settings={
                    "number_of_shards": self.shards,
                    "number_of_replicas": self.replicas,
                    "refresh_interval": "1s",
                },
                mappings={
                    **INDEX_MAPPINGS,
                    "_meta": {**INDEX_MAPPINGS["_meta"], "expertise_as_of": as_of},
                },
            )
            log.info("created index %s (mapping v%d)", name, MAPPING_VERSION)
        except ApiError as exc:
            if exc.meta.status != 400 or "resource_already_exists" not in str(exc):
                raise

    def ensure(self) -> None:
        """Create the first index and the alias when missing; refuse an outdated mapping."""
        target = self.alias_target()
        if target is None:
            name = f"{self.alias}-v{max([self.first_version - 1, *self.versions()]) + 1}"
            self.create_index(name)
            self.client.indices.update_aliases(
                actions=[{"add": {"index": name, "alias": self.alias, "is_write_index": True}}]
            )
            log.info("alias %s -> %s", self.alias, name)
            self.expertise_rules = rules_fingerprint()
            return
        meta = self.client.indices.get_mapping(index=target)[target]["mappings"].get("_meta", {})
        self.expertise_rules = meta.get("expertise_rules")
        if self.expertise_rules != rules_fingerprint():
            log.warning(
                "index %s holds expertise computed under rules %s, this service has %s: "
                "search and ranking may disagree until potret-search-reindex",
                target,
                self.expertise_rules,
                rules_fingerprint(),
            )
        held = meta.get("mapping_version")
        if held in ADDITIVE_FROM:
            self.client.indices.put_mapping(
                index=target,
                properties=ADDITIVE_FROM[held],
                meta={**meta, "mapping_version": MAPPING_VERSION},
            )
            log.info("index %s: mapping v%s -> v%d (fields added)", target, held, MAPPING_VERSION)
            return
        if held != MAPPING_VERSION:
            raise OutdatedMapping(
                f"index {target} has mapping v{meta.get('mapping_version', 1)}, this service "
                f"needs v{MAPPING_VERSION}: run potret-search-reindex"
            )

    def _alias_meta(self) -> dict[str, Any] | None:
        """The `_meta` of the alias's index (None: no index yet)."""
        target = self.alias_target()
        if target is None:
            return None
        meta: dict[str, Any] = self.client.indices.get_mapping(index=target)[target][
            "mappings"
        ].get("_meta", {})
        return meta

    def rebuild_needed(self, meta: dict[str, Any] | None = None) -> int | None:
        """The mapping version of the alias's index when it is older than this release can
        use or upgrade in place (ensure() would refuse it: potret-search-reindex), else None
        (no index yet, the current mapping, one ADDITIVE_FROM upgrades, or a newer one)."""
        meta = meta if meta is not None else self._alias_meta()
        if meta is None:
            return None
        held = int(meta.get("mapping_version", 1))
        # an index of a newer release is no rebuild's to undo: ensure() refuses it, and says so
        return held if held < MAPPING_VERSION and held not in ADDITIVE_FROM else None

    def outdated(self, *, today: dt.date | None = None) -> str | None:
        """Why the alias's index should be rebuilt now, in Indonesian, or None: a mapping
        this release cannot upgrade in place (`rebuild_needed`), scores and evidence
        computed under other expertise rules (an index upgraded in place by new skill fields
        holds no scores for them until rebuilt), or measured as of another month than
        `today`'s (`expertise_as_of`: the monthly rebuild). No index yet, or one of a newer
        release (ensure() refuses it): None."""
        meta = self._alias_meta()
        if meta is None:
            return None
        held = self.rebuild_needed(meta)
        if held is not None:
            return f"indeks memakai mapping v{held}, rilis ini v{MAPPING_VERSION}"
        if int(meta.get("mapping_version", 1)) > MAPPING_VERSION:
            return None
        rules = meta.get("expertise_rules")
        if rules != rules_fingerprint():
            return (
                f"skor keahlian di indeks dihitung dengan aturan {rules}, rilis ini "
                f"{rules_fingerprint()}"
            )
        measured = meta.get("expertise_as_of")
        month = expertise_as_of(today or dt.date.today()).isoformat()
        if measured != month:
            return (
                f"skor keahlian di indeks diukur per {measured or 'tanggal yang tidak tercatat'}"
                f", bulan ini diukur per {month}"
            )
        return None

    def swap_alias(self, new_index: str) -> str | None:
        """Point the alias at `new_index` atomically; returns the previous index."""
        old = self.alias_target()
        actions: list[dict[str, Any]] = [
            {"add": {"index": new_index, "alias": self.alias, "is_write_index": True}}
        ]
        if old and old != new_index:
            actions.insert(0, {"remove": {"index": old, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        log.info("alias %s: %s -> %s", self.alias, old, new_index)
        return old

    def apply(self, actions: list[IndexAction], *, index: str | None = None) -> tuple[int, int]:
        """Write a batch with external versions; return (written, stale). Stale versions
        (409) are expected on replay and ignored; any other item error raises."""
        if not actions:
            return 0, 0
        target = index or self.alias
        operations: list[dict[str, Any]] = []
        for action in actions:
            operations.append(
                {
                    "index": {
                        "_index": target,
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

    def search_body(self, body: dict[str, Any]) -> dict[str, Any]:
        """Run a search body against the alias; returns the raw response body."""
        return dict(self.client.search(index=self.alias, body=body).body)

    def digests(self, *, after: str | None, limit: int) -> list[dict[str, Any]]:
        """nip, version, deleted and source_digest of every document (tombstones too), by
        NIP after `after` (the keyword sort of 18-digit NIPs is their numeric order)."""
        body: dict[str, Any] = {
            "size": limit,
            "sort": [{"nip": "asc"}],
            "_source": ["nip", "version", "deleted", "source_digest"],
            "query": {"match_all": {}},
            "track_total_hits": False,
        }
        if after:
            body["search_after"] = [after]
        hits = self.client.search(index=self.alias, body=body)["hits"]["hits"]
        return [
            {
                "nip": h["_source"]["nip"],
                "version": int(h["_source"]["version"]),
                "deleted": bool(h["_source"].get("deleted", False)),
                "content_digest": h["_source"].get("source_digest"),
            }
            for h in hits
        ]

    def derived(self, nips: list[str]) -> dict[str, dict[str, Any]]:
        """The stored scores, evidence and `expertise_key` of these NIPs' documents (one
        `_mget`, only those fields), for a new version to take over when its inputs did not
        change (documents.document_for). NIPs without a document are left out."""
        if not nips:
            return {}
        response = self.client.mget(
            index=self.alias, ids=nips, source_includes=["expertise_key", *DERIVED_FIELDS]
        )
        return {d["_id"]: d["_source"] for d in response["docs"] if d.get("found")}

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
