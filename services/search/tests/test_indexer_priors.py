"""Which stored document each event's build may take its scores from (Indexer._build and
_priors), with an in-memory index: no Kafka or Elasticsearch needed to decide it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from potret.asn.v1 import profile_events_pb2 as pb
from potret_search.adapters.events import action_for
from potret_search.domain.documents import IndexAction
from potret_search.entrypoints.indexer import Indexer, _Batch
from potret_search.settings import Settings

NIP = "198609262015051001"


class MemoryIndex:
    """Stored documents by NIP; `derived` as the real index answers it, or failing."""

    def __init__(self, docs: dict[str, dict[str, Any]] | None = None, *, fail: bool = False):
        self.docs = docs or {}
        self.fail = fail
        self.asked: list[list[str]] = []

    def derived(self, nips: list[str]) -> dict[str, dict[str, Any]]:
        self.asked.append(list(nips))
        if self.fail:
            raise ConnectionError("injected: Elasticsearch unavailable")
        return {n: self.docs[n] for n in nips if n in self.docs}


def _event(nip: str, version: int, *, skp_year: int, course: bool = False) -> pb.ProfileChanged:
    kind = pb.CHANGE_TYPE_CREATED if version == 1 else pb.CHANGE_TYPE_UPDATED
    event = pb.ProfileChanged(
        event_id=str(uuid.uuid4()),
        nip=nip,
        version=version,
        change_type=kind,
        profile=pb.Profile(
            nip=nip,
            name="Siti Aminah",
            golongan="III/b",
            jabatan="Penyuluh Perikanan",
            opd="Dinas Perikanan",
            trainings=[pb.Training(name="Pelatihan Budidaya Udang Vaname", hours=40, year=2023)],
            skp=[pb.SkpRecord(year=skp_year, predikat="BAIK")],
        ),
    )
    if course:
        event.profile.trainings.append(pb.Training(name="Pelatihan Statistik", year=2025))
    event.occurred_at.GetCurrentTime()
    return event


def _indexer(index: MemoryIndex, **settings: Any) -> Indexer:
    return Indexer(Settings(**settings), index)  # type: ignore[arg-type]


def _doctored(action: IndexAction) -> dict[str, Any]:
    """A stored document whose scores no computation gives: seen again, it was taken over."""
    return {**action.document, "expertise": {"kelautan_perikanan": 0.999}}


def _built(indexer: Indexer, events: list[pb.ProfileChanged]) -> list[IndexAction]:
    out = indexer._build([(None, e) for e in events])
    assert all(isinstance(a, IndexAction) for a in out), out
    return [a for a in out if isinstance(a, IndexAction)]


def test_an_updated_record_takes_the_stored_scores_and_others_are_not_asked_for() -> None:
    stored = _doctored(action_for(_event(NIP, 1, skp_year=2024)))
    index = MemoryIndex({NIP: stored})
    other = "198001012005011002"
    created = _event(other, 1, skp_year=2024)
    deleted = pb.ProfileChanged(event_id="d", nip="197001012000011003", version=5)
    deleted.change_type = pb.CHANGE_TYPE_DELETED
    indexer = _indexer(index)
    built = _built(indexer, [created, _event(NIP, 2, skp_year=2025), deleted])
    assert index.asked == [[NIP]]  # neither the created nor the deleted record
    _built(indexer, [_event("198001012005011004", 1, skp_year=2024)])
    assert index.asked == [[NIP]]  # a batch of creates reads nothing
    assert built[1].reused
    assert built[1].document["expertise"] == {"kelautan_perikanan": 0.999}
    assert not built[0].reused
    assert not built[2].reused


def test_the_batch_in_flight_and_earlier_events_of_the_batch_come_before_the_store() -> None:
    # The store holds version 1 with other inputs; version 2 is in the batch in flight (not
    # yet in Elasticsearch): version 3 takes version 2's scores, version 4 in the same
    # batch takes version 3's.
    index = MemoryIndex({NIP: action_for(_event(NIP, 1, skp_year=2024, course=True)).document})
    indexer = _indexer(index)
    flying = _Batch()
    flying.actions.append(IndexAction(NIP, 2, _doctored(action_for(_event(NIP, 2, skp_year=2024)))))
    indexer._inflight = (flying, None)  # type: ignore[assignment]
    v3, v4 = _event(NIP, 3, skp_year=2025), _event(NIP, 4, skp_year=2026)
    built = _built(indexer, [v3, v4])
    assert index.asked == []  # nothing left to read from the store: not asked at all
    assert [a.reused for a in built] == [True, True]
    assert built[1].document["expertise"] == {"kelautan_perikanan": 0.999}


def test_a_failed_read_of_the_stored_scores_means_full_builds() -> None:
    index = MemoryIndex(fail=True)
    built = _built(_indexer(index), [_event(NIP, 2, skp_year=2025)])
    assert index.asked == [[NIP]]
    assert not built[0].reused
    fresh = action_for(_event(NIP, 2, skp_year=2025)).document
    assert built[0].document["expertise"] == fresh["expertise"]


@pytest.mark.parametrize("workers", [1, 2])
def test_worker_processes_take_the_stored_scores_over_too(workers: int) -> None:
    nips = [f"19800101200501{i:04d}" for i in range(1, 71)]  # 70: the pool builds >= 64
    stored = {n: _doctored(action_for(_event(n, 1, skp_year=2024))) for n in nips}
    indexer = _indexer(MemoryIndex(stored), build_workers=workers)
    try:
        built = _built(indexer, [_event(n, 2, skp_year=2025) for n in nips])
    finally:
        indexer.stop()
    assert all(a.reused for a in built)
    assert {str(a.document["expertise"]) for a in built} == {"{'kelautan_perikanan': 0.999}"}
