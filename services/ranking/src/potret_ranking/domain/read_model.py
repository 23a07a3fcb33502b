"""The ranking service's own read model: the latest version of every profile, in memory.

Built by replaying `potret.asn.profile.v1` from the beginning at start-up. An event is applied
only when its version is newer than the held one, so duplicates and reordering are harmless.
Holds only what scoring may use: no names, no personal data.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from potret.asn.v1 import profile_events_pb2 as pb
from potret_asn_rules import GolonganError, parse_golongan


@dataclass(frozen=True, slots=True)
class Candidate:
    nip: str
    version: int
    deleted: bool
    golongan: str | None
    golongan_ordinal: int | None


class ReadModel:
    """Thread-safe map NIP → latest Candidate."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_nip: dict[str, Candidate] = {}

    def apply(self, event: pb.ProfileChanged) -> bool:
        """Apply an event if it is newer than what is held; return whether it was applied."""
        if event.change_type == pb.CHANGE_TYPE_DELETED:
            candidate = Candidate(event.nip, event.version, True, None, None)
        else:
            try:
                golongan = parse_golongan(event.profile.golongan)
                code, ordinal = golongan.code, golongan.ordinal
            except GolonganError:
                code, ordinal = None, None
            candidate = Candidate(event.nip, event.version, False, code, ordinal)
        with self._lock:
            held = self._by_nip.get(event.nip)
            if held is not None and held.version >= event.version:
                return False
            self._by_nip[event.nip] = candidate
            return True

    def get(self, nip: str) -> Candidate | None:
        """The live candidate for a NIP, or None (unknown or deleted)."""
        with self._lock:
            candidate = self._by_nip.get(nip)
        return None if candidate is None or candidate.deleted else candidate

    def __len__(self) -> int:
        with self._lock:
            return sum(1 for c in self._by_nip.values() if not c.deleted)
