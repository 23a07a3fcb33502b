"""`potret-search-reindex`: rebuild the index into a fresh `potret-asn-v<N+1>`, then move
the alias atomically.

--from kafka (default):
1. create v<N+1> with the current mapping;
2. replay every partition from the beginning up to the end offsets seen at start;
3. swap the alias (one `_aliases` call: searches never see a missing index);
4. replay what arrived meanwhile (the live indexer wrote it into the old index before the
   swap); external versions make the overlap harmless.
--from profile: note the topic's end offsets, copy every live profile (with its version)
from the profile service's list API, swap, then replay the topic from the noted offsets.
Useful when the topic's history is not kept or is much longer than the data.
The old index is kept (delete it with --delete-old once the new one is checked).
--if-outdated: only when the alias points at an index whose mapping this release cannot
upgrade in place, or whose scores were computed under other expertise rules
(`ProfileIndex.outdated`; `deploy/local/stack.sh up` runs it before starting search, so that
`make run` on an upgraded checkout rebuilds its index instead of a search service refusing
it, and shows the current skills' scores, not the older ones).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import time

import httpx
from kafka import KafkaConsumer, TopicPartition

from potret_events import client_settings, decode_profile_changed
from potret_events.security import use_local_operator
from potret_search.adapters.elastic import use_local_operator as use_local_es_operator
from potret_search.adapters.events import action_for
from potret_search.adapters.index import ProfileIndex
from potret_search.domain.documents import (
    IndexAction,
    document_for,
)
from potret_search.entrypoints.indexer import make_index
from potret_search.settings import Settings, get_settings
from potret_service_auth import ServiceTokenAuth, load_identity

log = logging.getLogger(__name__)


def _replay(
    consumer: KafkaConsumer,
    index: ProfileIndex,
    target: str,
    until: dict[TopicPartition, int],
    *,
    total: int,
    done: int,
    started: float,
) -> tuple[int, int]:
    """Apply events until every partition reached `until`; returns (seen, skipped)."""
    skipped = 0
    while any(consumer.position(tp) < end for tp, end in until.items()):
        batch = consumer.poll(timeout_ms=1000, max_records=2000)
        actions: list[IndexAction] = []
        for records in batch.values():
            for r in records:
                done += 1
                try:
                    actions.append(action_for(decode_profile_changed(r.key, r.value, r.headers)))
                except Exception:  # undecodable or invalid: the live consumer dead-letters it
                    skipped += 1
        index.apply(actions, index=target)
        rate = done / max(time.perf_counter() - started, 1e-9)
        print(
            f"\rreindex: {done}/{total} event ({rate:,.0f}/detik)",
            end="",
            file=sys.stderr,
            flush=True,
        )
    return done, skipped


def _prepare(
    settings: Settings,
) -> tuple[ProfileIndex, str, KafkaConsumer, list[TopicPartition]]:
    """The next index (created, empty) and a group-less consumer assigned to every partition."""
    index = make_index(settings)
    new = f"{index.alias}-v{max([0, *index.versions()]) + 1}"
    index.create_index(new)
    consumer = KafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        client_id="potret-search-reindex",
        **client_settings(),
    )
    tps = [
        TopicPartition(settings.topic, p)
        for p in sorted(consumer.partitions_for_topic(settings.topic) or ())
    ]
    consumer.assign(tps)
    return index, new, consumer, tps


def reindex(settings: Settings, *, delete_old: bool = False) -> str:
    """Rebuild into a new index and swap the alias; returns the new index name."""
    index, new, consumer, tps = _prepare(settings)
    consumer.seek_to_beginning(*tps)
    begin = consumer.beginning_offsets(tps)
    end = consumer.end_offsets(tps)
    total = sum(end[tp] - begin[tp] for tp in tps)
    started = time.perf_counter()
    done, skipped = _replay(consumer, index, new, end, total=total, done=0, started=started)
    index.client.indices.refresh(index=new)
    old = index.swap_alias(new)
    after = consumer.end_offsets(tps)
    done, more = _replay(
        consumer,
        index,
        new,
        after,
        total=total + sum(after[t] - end[t] for t in tps),
        done=done,
        started=started,
    )
    consumer.close()
    print(file=sys.stderr)
    print(
        f"{new}: {done} event dibaca, {skipped + more} tidak terbaca (lihat DLQ), alias "
        f"{index.alias} -> {new} (sebelumnya {old})",
        file=sys.stderr,
    )
    if delete_old and old and old != new:
        index.client.indices.delete(index=old)
        print(f"indeks lama {old} dihapus", file=sys.stderr)
    return new


def reindex_from_profiles(
    settings: Settings, profile_url: str, *, delete_old: bool = False, principal: str = "operator"
) -> str:
    """Rebuild from the profile service's records, then catch up from the topic. The profile
    service answers only known callers: this runs as `principal` (the operator's key by
    default; potret_service_auth)."""
    index, new, consumer, tps = _prepare(settings)
    noted = consumer.end_offsets(tps)
    for tp, offset in noted.items():
        consumer.seek(tp, offset)
    started = time.perf_counter()
    copied = 0
    cursor: str | None = None
    auth = ServiceTokenAuth(load_identity(principal), "profile")
    with httpx.Client(base_url=profile_url, timeout=60, auth=auth) as api:
        while True:
            params: dict[str, str | int] = {"limit": 1000}
            if cursor:
                params["cursor"] = cursor
            page = api.get("/profiles", params=params)
            page.raise_for_status()
            body = page.json()
            actions = []
            for profile in body["data"]:
                doc = document_for(profile, today=dt.date.today())
                doc.update(
                    version=profile["version"],
                    source_digest=profile.get("content_digest", ""),
                    occurred_at=profile["updated_at"],
                    indexed_at=dt.datetime.now(dt.UTC).isoformat(),
                )
                actions.append(IndexAction(profile["nip"], profile["version"], doc))
            index.apply(actions, index=new)
            copied += len(actions)
            rate = copied / max(time.perf_counter() - started, 1e-9)
            print(
                f"\rreindex: {copied}/{body['count']} profil ({rate:,.0f}/detik)",
                end="",
                file=sys.stderr,
                flush=True,
            )
            cursor = body.get("next_cursor")
            if not cursor:
                break
    index.client.indices.refresh(index=new)
    old = index.swap_alias(new)
    after = consumer.end_offsets(tps)
    done, skipped = _replay(
        consumer,
        index,
        new,
        after,
        total=sum(after[t] - noted[t] for t in tps),
        done=0,
        started=time.perf_counter(),
    )
    consumer.close()
    print(file=sys.stderr)
    print(
        f"{new}: {copied} profil disalin, {done} event susulan ({skipped} tidak terbaca), "
        f"alias {index.alias} -> {new} (sebelumnya {old})",
        file=sys.stderr,
    )
    if delete_old and old and old != new:
        index.client.indices.delete(index=old)
    return new


def run() -> None:
    use_local_operator()  # locally: the operator principal of deploy/local/kafka.sh
    use_local_es_operator()  # and the Elasticsearch superuser of elasticsearch.sh
    parser = argparse.ArgumentParser(
        prog="potret-search-reindex", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--from", dest="source", choices=("kafka", "profile"), default="kafka")
    parser.add_argument(
        "--profile-url", default="http://127.0.0.1:8081", help="profile service (--from profile)"
    )
    parser.add_argument(
        "--delete-old", action="store_true", help="delete the previous index after the swap"
    )
    parser.add_argument(
        "--as",
        dest="principal",
        default="operator",
        help="service principal whose key signs the calls to profile (--from profile)",
    )
    parser.add_argument(
        "--if-outdated",
        action="store_true",
        help="only when the index's mapping or its expertise rules are older than this release's",
    )
    args = parser.parse_args()
    settings = get_settings()
    logging.basicConfig(level="WARNING")
    if args.if_outdated:
        reason = make_index(settings).outdated()
        if reason is None:
            return
        print(f"reindex: {reason}: dibangun ulang", file=sys.stderr)
    if args.source == "profile":
        reindex_from_profiles(
            settings, args.profile_url, delete_old=args.delete_old, principal=args.principal
        )
    else:
        reindex(settings, delete_old=args.delete_old)
