"""Encoding and strict decoding of event messages, plus the headers every event carries."""

from __future__ import annotations

import hashlib
from typing import Any

from google.protobuf.message import DecodeError, Message

from potret.asn.v1 import position_events_pb2 as ppb
from potret.asn.v1 import profile_events_pb2 as pb

CONTENT_TYPE = "application/x-protobuf"
PROFILE_CHANGED_TYPE = "potret.asn.v1.ProfileChanged"
POSITION_CHANGED_TYPE = "potret.asn.v1.PositionChanged"

Headers = list[tuple[str, bytes]]


class UndecodableEvent(ValueError):
    """A message that cannot be turned into a valid event; it belongs in the dead-letter topic."""


def event_headers(message_type: str, event_id: str) -> Headers:
    """Headers of every event: content type, message type and event id."""
    return [
        ("content-type", CONTENT_TYPE.encode()),
        ("message-type", message_type.encode()),
        ("event-id", event_id.encode()),
    ]


def encode_profile_changed(event: pb.ProfileChanged) -> bytes:
    """Serialise a ProfileChanged event."""
    return event.SerializeToString(deterministic=True)


def _header(headers: Headers | None, name: str) -> str | None:
    for key, value in headers or ():
        if key == name:
            return value.decode("utf-8", errors="replace")
    return None


def decode_profile_changed(
    key: bytes | None, value: bytes | None, headers: Headers | None = None
) -> pb.ProfileChanged:
    """Decode and validate a ProfileChanged message; raise UndecodableEvent saying why."""
    message_type = _header(headers, "message-type")
    if message_type is not None and message_type != PROFILE_CHANGED_TYPE:
        raise UndecodableEvent(f"unexpected message-type header {message_type!r}")
    if value is None:
        raise UndecodableEvent("empty message value (null)")
    event = pb.ProfileChanged()
    try:
        event.ParseFromString(value)
    except DecodeError as exc:
        raise UndecodableEvent(f"not a ProfileChanged protobuf: {exc}") from None
    # Protobuf is lenient: random bytes can parse. The invariants below catch that.
    if len(event.nip) != 18 or not event.nip.isdigit():
        raise UndecodableEvent(f"field nip: must be 18 digits, got {event.nip[:40]!r}")
    if key is not None and key.decode("utf-8", errors="replace") != event.nip:
        raise UndecodableEvent("message key does not equal field nip")
    if event.version < 1:
        raise UndecodableEvent(f"field version: must be >= 1, got {event.version}")
    if event.change_type not in (
        pb.CHANGE_TYPE_CREATED,
        pb.CHANGE_TYPE_UPDATED,
        pb.CHANGE_TYPE_DELETED,
    ):
        raise UndecodableEvent(f"field change_type: unknown value {event.change_type}")
    if event.change_type != pb.CHANGE_TYPE_DELETED and event.profile.nip != event.nip:
        raise UndecodableEvent("field profile.nip: must equal nip")
    return event


def decode_position_changed(value: bytes | None) -> ppb.PositionChanged:
    """Decode and validate a PositionChanged message; raise UndecodableEvent saying why."""
    if value is None:
        raise UndecodableEvent("empty message value (null)")
    event = ppb.PositionChanged()
    try:
        event.ParseFromString(value)
    except Exception as exc:
        raise UndecodableEvent(f"not a PositionChanged protobuf: {exc}") from None
    if not event.position_id or event.version < 1:
        raise UndecodableEvent("field position_id empty or version < 1")
    return event


def message_fields(message: Message) -> dict[str, Any]:
    """The set fields of a message as a plain dict keyed by proto field names.

    Same shape as `MessageToDict(message, preserving_proto_field_name=True)` for the record
    messages (strings, numbers, bools, nested and repeated messages; default values left
    out) but about five times faster: it is on the hot path of every indexed event. Enums
    stay numbers and 64-bit integers stay ints, unlike the JSON mapping.
    """
    out: dict[str, Any] = {}
    for fd, value in message.ListFields():
        kind = _KINDS.get(fd)
        if kind is None:
            kind = _KINDS[fd] = _kind(fd)
        if kind == _SCALAR:
            out[fd.name] = value
        elif kind == _SCALARS:
            out[fd.name] = list(value)
        elif kind == _MESSAGE:
            out[fd.name] = message_fields(value)
        elif kind == _MESSAGES:
            out[fd.name] = [message_fields(item) for item in value]
        elif kind == _SCALAR_MAP:
            out[fd.name] = dict(value.items())
        else:
            out[fd.name] = {k: message_fields(v) for k, v in value.items()}
    return out


# How message_fields reads a field, decided once per field descriptor (the descriptor's
# options and nested types were looked up for every field of every event: a third of its time).
_SCALAR, _SCALARS, _MESSAGE, _MESSAGES, _SCALAR_MAP, _MESSAGE_MAP = range(6)
_KINDS: dict[Any, int] = {}


def _kind(fd: Any) -> int:
    if fd.message_type is None:
        return _SCALARS if fd.is_repeated else _SCALAR
    if fd.message_type.GetOptions().map_entry:
        scalar = fd.message_type.fields_by_name["value"].message_type is None
        return _SCALAR_MAP if scalar else _MESSAGE_MAP
    return _MESSAGES if fd.is_repeated else _MESSAGE


def content_digest(message: Message) -> str:
    """A short fingerprint of a snapshot's content (16 hex digits of SHA-256 over the
    deterministic serialisation). The profile service, the index and the ranking read model
    each compute it from what they hold, so a consistency check can compare content without
    moving it (`potret-consistency`)."""
    return hashlib.sha256(message.SerializeToString(deterministic=True)).hexdigest()[:16]
