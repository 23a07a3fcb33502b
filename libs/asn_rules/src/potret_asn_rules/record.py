"""Reading a record snapshot (a profile as a dict with the Profile field names) the same way
wherever it is read: in the expertise score, the ranking's facts and the data-quality check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any


def record_date(value: Any) -> dt.date | None:
    """A date field of a record ("2021-03-01", a timestamp's date part, or a date); None
    when absent or unreadable."""
    if not value:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (earlier when negative); 29 February becomes the 28th in a
    common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def position_history(profile: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
    """The position history as recorded (the record's own list, not a copy: read only), or
    where none is recorded the current post alone (jabatan, jenis_jabatan, jenjang, opd,
    unit, since tmt_jabatan)."""
    positions: Sequence[Mapping[str, Any]] = profile.get("positions") or []
    if not positions and profile.get("jabatan"):
        positions = [
            {
                "jabatan": profile.get("jabatan"),
                "jenis": profile.get("jenis_jabatan"),
                "jenjang": profile.get("jenjang"),
                "opd": profile.get("opd"),
                "unit": profile.get("unit"),
                "tmt_start": profile.get("tmt_jabatan"),
                "tmt_end": None,
            }
        ]
    return positions
