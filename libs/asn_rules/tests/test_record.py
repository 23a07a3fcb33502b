"""Reading a record snapshot: dates and the position history."""

from __future__ import annotations

import datetime as dt

from potret_asn_rules.record import add_years, position_history, record_date


def test_a_record_is_read_alike_everywhere() -> None:
    """record.py: one way to read a record's dates and position history (was three)."""
    assert record_date("2021-03-01T08:00:00Z") == dt.date(2021, 3, 1)
    assert record_date(dt.datetime(2021, 3, 1, 8)) == dt.date(2021, 3, 1)
    assert record_date(dt.date(2021, 3, 1)) == dt.date(2021, 3, 1)
    assert [record_date(v) for v in (None, "", "2021-02-30", "kemarin")] == [None] * 4
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(2024, 2, 29), -4) == dt.date(2020, 2, 29)
    recorded = {"jabatan": "Kepala Dinas", "positions": [{"jabatan": "Sekretaris"}]}
    assert position_history(recorded) is recorded["positions"]  # the record's own, read only
    current = position_history({"jabatan": "Analis", "opd": "Diskan", "tmt_jabatan": "2020-01-01"})
    assert current == [
        {
            "jabatan": "Analis",
            "jenis": None,
            "jenjang": None,
            "opd": "Diskan",
            "unit": None,
            "tmt_start": "2020-01-01",
            "tmt_end": None,
        }
    ]
    assert position_history({"positions": []}) == []
