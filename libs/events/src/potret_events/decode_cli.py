r"""`potret-decode`: print one protobuf event read from stdin as JSON.

The local Kafka takes authenticated clients only (security.py); as the operator:

PW=$(cat var/run/kafka-users/potret-operator.password)
K="-b 127.0.0.1:9092 -X security.protocol=SASL_PLAINTEXT -X sasl.mechanism=SCRAM-SHA-512
   -X sasl.username=potret-operator -X sasl.password=$PW"
kcat $K -t potret.asn.profile.v1 -C -o -1 -c 1 -f '%s' | potret-decode
kcat $K -t potret.asn.position.v1 -C -o -1 -c 1 -f '%s' | potret-decode --type position
"""

from __future__ import annotations

import argparse
import json
import sys

from google.protobuf.json_format import MessageToDict
from google.protobuf.message import DecodeError, Message

from potret.asn.v1 import position_events_pb2, profile_events_pb2

TYPES: dict[str, type[Message]] = {
    "profile": profile_events_pb2.ProfileChanged,
    "position": position_events_pb2.PositionChanged,
}


def run() -> None:
    parser = argparse.ArgumentParser(prog="potret-decode", description=__doc__.split("\n")[0])
    parser.add_argument("--type", choices=sorted(TYPES), default="profile")
    args = parser.parse_args()
    message = TYPES[args.type]()
    try:
        message.ParseFromString(sys.stdin.buffer.read())
    except DecodeError as exc:
        sys.exit(f"not a {message.DESCRIPTOR.full_name}: {exc}")
    print(
        json.dumps(
            MessageToDict(message, preserving_proto_field_name=True), ensure_ascii=False, indent=2
        )
    )
