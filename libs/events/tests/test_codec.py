import pytest

from potret.asn.v1 import profile_events_pb2 as pb
from potret_events import (
    PROFILE_CHANGED_TYPE,
    UndecodableEvent,
    decode_profile_changed,
    encode_profile_changed,
    event_headers,
)

NIP = "198609262015051001"


def _event(**overrides: object) -> pb.ProfileChanged:
    fields: dict[str, object] = {
        "event_id": "e1",
        "nip": NIP,
        "version": 3,
        "change_type": pb.CHANGE_TYPE_UPDATED,
        "profile": pb.Profile(
            nip=NIP, name="Siti", golongan="III/a", jabatan="Analis", opd="Diskan"
        ),
    }
    fields.update(overrides)
    return pb.ProfileChanged(**fields)  # type: ignore[arg-type]


def test_round_trip_keeps_every_field() -> None:
    event = _event()
    decoded = decode_profile_changed(
        NIP.encode(), encode_profile_changed(event), event_headers(PROFILE_CHANGED_TYPE, "e1")
    )
    assert decoded == event


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        (NIP.encode(), None, "empty"),
        (NIP.encode(), b"\xff\xff\xff garbage", "protobuf"),
        (NIP.encode(), b"", "nip"),  # parses as an empty message: invariants catch it
        (b"199001012015011001", None, "empty"),
    ],
)
def test_garbage_is_undecodable(key: bytes, value: bytes | None, reason: str) -> None:
    with pytest.raises(UndecodableEvent, match=reason):
        decode_profile_changed(key, value)


def test_key_must_match_nip() -> None:
    with pytest.raises(UndecodableEvent, match="key"):
        decode_profile_changed(b"199001012015011001", encode_profile_changed(_event()))


def test_version_and_change_type_are_checked() -> None:
    with pytest.raises(UndecodableEvent, match="version"):
        decode_profile_changed(None, encode_profile_changed(_event(version=0)))
    with pytest.raises(UndecodableEvent, match="change_type"):
        decode_profile_changed(None, encode_profile_changed(_event(change_type=0)))


def test_wrong_message_type_header_is_rejected() -> None:
    with pytest.raises(UndecodableEvent, match="message-type"):
        decode_profile_changed(
            None, encode_profile_changed(_event()), [("message-type", b"potret.Other")]
        )


def test_tombstone_needs_no_profile_body() -> None:
    event = _event(change_type=pb.CHANGE_TYPE_DELETED, profile=pb.Profile(nip=NIP))
    assert (
        decode_profile_changed(None, encode_profile_changed(event)).change_type
        == pb.CHANGE_TYPE_DELETED
    )


def test_message_fields_matches_the_json_mapping_for_records() -> None:
    from google.protobuf.json_format import MessageToDict

    from potret_events import message_fields

    profile = pb.Profile(
        nip=NIP,
        name="Siti",
        golongan="III/a",
        positions=[
            pb.PositionRecord(jabatan="Penyuluh Perikanan", jenis="JF", tmt_start="2015-01-01"),
            pb.PositionRecord(jabatan="Analis", opd="Diskan", tmt_end="2014-12-31"),
        ],
        education=[pb.Education(level="S1", major="Budidaya Perairan", year=2009)],
        skp=[pb.SkpRecord(year=2024, predikat="BAIK", nilai=88.5)],
        assessments=[
            pb.Assessment(
                date="2024-03-01",
                managerial=[pb.CompetencyLevel(code="INT", level=3)],
                jpm=0.82,
            )
        ],
        discipline=[pb.DisciplineRecord(level="RINGAN", cancelled=True)],
    )
    # A map of messages (found when provenance was added: the first version crashed on it).
    profile.provenance["skp"].CopyFrom(
        pb.Provenance(source="siasn", ref="b1", changed_at="2026-10-02T08:00:00+00:00")
    )
    assert message_fields(profile) == MessageToDict(profile, preserving_proto_field_name=True)
    assert message_fields(profile)["provenance"]["skp"]["source"] == "siasn"
    assert message_fields(pb.Profile()) == {}


def test_a_position_event_round_trips_and_garbage_is_undecodable() -> None:
    from potret.asn.v1 import position_events_pb2 as ppb
    from potret_events import decode_position_changed

    event = ppb.PositionChanged(
        event_id="e1",
        position_id="diskan-kepala-dinas",
        version=2,
        position=ppb.Position(position_id="diskan-kepala-dinas", name="Kepala Dinas Perikanan"),
    )
    assert decode_position_changed(event.SerializeToString()) == event
    for value, reason in (
        (None, "empty"),
        (b"\xff\xff\xff garbage", "protobuf"),
        (b"", "position_id"),  # parses as an empty message: the invariants catch it
        (ppb.PositionChanged(position_id="x", version=0).SerializeToString(), "version"),
    ):
        with pytest.raises(UndecodableEvent, match=reason):
            decode_position_changed(value)
