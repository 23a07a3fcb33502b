"""The ranking service's own read model: profiles as columns, and the position catalogue.

Fed from `potret.asn.profile.v1` and `potret.asn.position.v1`. An event is applied only when
its version is newer than the held one, so duplicates and reordering are harmless. Holds
only what scoring may use (see facts.py): no names, no personal data.

Every record's expertise is measured at one date, `as_of` (the first of the month the model
was built in, `expertise_as_of`), never at the day its event happened to be read: a model
of another month is rebuilt from the topics, not patched (the consumer's month rollover,
and a snapshot of another month is refused by `load`).
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from potret.asn.v1 import position_events_pb2 as ppb
from potret.asn.v1 import profile_events_pb2 as pb
from potret_events import content_digest, message_fields
from potret_expertise import expertise_as_of
from potret_ranking.adapters.snapshot import load_columns, save_columns
from potret_ranking.domain.columns import Columns
from potret_ranking.domain.facts import facts_from_profile


class ReadModel:
    def __init__(self, columns: Columns | None = None, *, as_of: dt.date | None = None) -> None:
        """`as_of`: the date expertise is measured at (default: this month's first day)."""
        self.columns = columns or Columns()
        self.as_of = as_of or expertise_as_of(dt.date.today())
        self._lock = threading.Lock()
        self._applying = threading.Lock()  # one event at a time: its row's key stays read
        self._positions: dict[str, tuple[int, dict[str, Any] | None]] = {}

    def apply(self, event: pb.ProfileChanged) -> bool:
        """Apply a profile event if it is newer than what is held; return whether applied.
        A record whose expertise inputs are those its row was scored from keeps the row's
        scores (facts.expertise_code): an SKP or a promotion computes none again."""
        with self._applying:
            if self.columns.version_of(event.nip) >= event.version:
                return False
            if event.change_type == pb.CHANGE_TYPE_DELETED:
                return self.columns.delete(event.nip, event.version)
            profile = message_fields(event.profile)
            columns, as_of = self.columns, self.as_of
            facts = facts_from_profile(
                event.nip,
                event.version,
                profile,
                today=as_of,
                known_key=columns.expertise_key_of(event.nip),
            )
            return columns.upsert(facts, content_digest(event.profile))

    def apply_position(self, event: ppb.PositionChanged) -> bool:
        with self._lock:
            held = self._positions.get(event.position_id)
            if held is not None and held[0] >= event.version:
                return False
            body = (
                None
                if event.change_type == pb.CHANGE_TYPE_DELETED
                else message_fields(event.position)
            )
            self._positions[event.position_id] = (event.version, body)
            return True

    def position(self, position_id: str) -> dict[str, Any] | None:
        with self._lock:
            held = self._positions.get(position_id)
        return None if held is None else held[1]

    def positions_state(self) -> dict[str, Any]:
        with self._lock:
            return {k: [v, body] for k, (v, body) in self._positions.items()}

    def load_positions_state(self, state: dict[str, Any]) -> None:
        with self._lock:
            self._positions = {k: (int(v), body) for k, (v, body) in state.items()}

    def replace_with(self, fresh: ReadModel) -> None:
        """Serve `fresh` from now on (the month's rebuild). A request holds the columns it
        started with (`columns` is read once per request), so none mixes the two."""
        with self._applying, self._lock:  # not between an event's key read and its write
            self._positions = fresh._positions
            self.columns = fresh.columns
            self.as_of = fresh.as_of

    def __len__(self) -> int:
        return self.columns.live_count()

    def save(self, path: Path, offsets: dict[str, dict[int, int]]) -> None:
        """Snapshot to `path`. No event is applied meanwhile (every write of the columns
        goes through `apply`, under the same lock), so the columns are written as they are:
        requests read on, and nothing is copied."""
        with self._applying:
            save_columns(
                self.columns,
                path,
                offsets,
                extra={"positions": self.positions_state(), "as_of": self.as_of.isoformat()},
                writers_held=True,
            )

    @classmethod
    def load(cls, path: Path, *, as_of: dt.date) -> tuple[ReadModel, dict[str, dict[int, int]]]:
        """The snapshot at `path` if it measured expertise at `as_of`; ValueError if not
        (a snapshot of last month is replayed from the topics, not served)."""
        columns, offsets, extra = load_columns(path)
        held = extra.get("as_of")
        if held != as_of.isoformat():
            raise ValueError(
                f"snapshot measured expertise as of {held}, this month's models as of "
                f"{as_of.isoformat()}: rebuilt from the topics"
            )
        model = cls(columns, as_of=as_of)
        model.load_positions_state(extra.get("positions", {}))
        return model, offsets
