from google.protobuf.timestamp_pb2 import Timestamp

from potret.asn.v1 import profile_events_pb2 as pb
from potret_search.domain.documents import action_for, build_query

NIP = "198609262015051001"


def _event(change: int, version: int) -> pb.ProfileChanged:
    ts = Timestamp()
    ts.FromSeconds(1_790_000_000)
    return pb.ProfileChanged(
        event_id="e",
        nip=NIP,
        version=version,
        occurred_at=ts,
        change_type=change,  # type: ignore[arg-type]
        profile=pb.Profile(nip=NIP, name="Siti", golongan="III/a", jabatan="Analis", opd="Diskan"),
    )


def test_update_becomes_full_document_at_event_version() -> None:
    action = action_for(_event(pb.CHANGE_TYPE_UPDATED, 4))
    assert action.version == 4
    assert action.document["name"] == "Siti"
    assert action.document["deleted"] is False
    assert action.document["occurred_at"].endswith("Z")


def test_delete_becomes_tombstone_without_profile_fields() -> None:
    action = action_for(_event(pb.CHANGE_TYPE_DELETED, 5))
    assert action.document == {
        "nip": NIP,
        "deleted": True,
        "version": 5,
        "occurred_at": action.document["occurred_at"],
    }


def test_query_hides_tombstones_and_adds_exact_nip_clause() -> None:
    query = build_query("19860926 201505 1 001")
    assert {"term": {"deleted": False}} in query["bool"]["filter"]
    assert {"term": {"nip": {"value": NIP, "boost": 10}}} in query["bool"]["should"]
    assert len(build_query("perikanan")["bool"]["should"]) == 1
