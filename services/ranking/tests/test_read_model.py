"""The read model measures every record's expertise at one date, the first of the month it
was built in, whatever day each event was read on: two replicas built on different days of a
month rank alike, and a snapshot of another month is rebuilt, not served."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from potret.asn.v1 import profile_events_pb2 as pb
from potret_events import message_fields
from potret_expertise import expertise_as_of
from potret_ranking.adapters.read_model import ReadModel
from potret_ranking.domain.facts import DOMAIN_CODES, facts_from_profile

NIP = "198609262015051001"
FISHERIES = DOMAIN_CODES.index("kelautan_perikanan")


def _event(nip: str = NIP, version: int = 1) -> pb.ProfileChanged:
    """A former fisheries extension officer (2010 to June 2018), a policy analyst since: the
    fisheries work fades with the years since it ended, so its score depends on the date it
    is measured at, even from one day to the next."""
    return pb.ProfileChanged(
        event_id=str(uuid.uuid4()),
        nip=nip,
        version=version,
        change_type=pb.CHANGE_TYPE_CREATED,
        profile=pb.Profile(
            nip=nip,
            name="Rina Lestari",
            golongan="III/c",
            jabatan="Analis Kebijakan",
            opd="Bappeda",
            positions=[
                pb.PositionRecord(
                    jabatan="Penyuluh Perikanan",
                    opd="Dinas Perikanan",
                    tmt_start="2010-03-01",
                    tmt_end="2018-06-01",
                ),
                pb.PositionRecord(
                    jabatan="Analis Kebijakan", opd="Bappeda", tmt_start="2018-06-01"
                ),
            ],
        ),
    )


def _fisheries(model: ReadModel, nip: str = NIP) -> float:
    row = model.columns.row_of[nip]
    return float(model.columns.cols["expertise"][row][FISHERIES])


def test_expertise_is_measured_as_of_the_first_of_the_month() -> None:
    assert expertise_as_of(dt.date(2026, 12, 31)) == dt.date(2026, 12, 1)
    assert expertise_as_of(dt.date(2026, 12, 1)) == dt.date(2026, 12, 1)
    assert expertise_as_of(dt.date(2024, 2, 29)) == dt.date(2024, 2, 1)


def test_replicas_built_on_different_days_of_a_month_score_a_record_alike() -> None:
    # The trap: the live replica read the event on 5 December, one rebuilt after midnight
    # read it on the 6th. Measured at the day each read it, the scores differ:
    profile = message_fields(_event().profile)
    by_day = [
        np.float16(
            (facts_from_profile(NIP, 1, profile, today=day).expertise or {})["kelautan_perikanan"]
        )
        for day in (dt.date(2026, 12, 5), dt.date(2026, 12, 6))
    ]
    assert by_day[0] != by_day[1]
    live = ReadModel(as_of=expertise_as_of(dt.date(2026, 12, 5)))
    rebuilt = ReadModel(as_of=expertise_as_of(dt.date(2026, 12, 6)))
    assert live.apply(_event())
    assert rebuilt.apply(_event())
    assert _fisheries(live) == _fisheries(rebuilt) > 0


def test_a_model_of_another_month_measures_the_work_as_further_back() -> None:
    # What the monthly rebuild is for: the score really moves with the date measured at.
    earlier = ReadModel(as_of=dt.date(2019, 6, 1))
    now = ReadModel(as_of=dt.date(2026, 12, 1))
    earlier.apply(_event())
    now.apply(_event())
    assert _fisheries(earlier) > _fisheries(now) > 0


def test_a_snapshot_of_another_month_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "read-model.npz"
    november = ReadModel(as_of=dt.date(2026, 11, 1))
    november.apply(_event())
    november.save(path, {"potret.asn.profile.v1": {0: 1}})

    same, offsets = ReadModel.load(path, as_of=dt.date(2026, 11, 1))
    assert same.as_of == dt.date(2026, 11, 1)
    assert offsets == {"potret.asn.profile.v1": {0: 1}}
    assert _fisheries(same) == _fisheries(november)

    with pytest.raises(ValueError, match=r"as of 2026-11-01.*2026-12-01"):
        ReadModel.load(path, as_of=dt.date(2026, 12, 1))


def test_replace_with_serves_the_new_month_and_keeps_the_object(tmp_path: Path) -> None:
    served = ReadModel(as_of=dt.date(2026, 11, 1))
    served.apply(_event())
    fresh = ReadModel(as_of=dt.date(2026, 12, 1))
    fresh.apply(_event())
    before = served.columns
    served.replace_with(fresh)
    assert served.as_of == dt.date(2026, 12, 1)
    assert served.columns is fresh.columns
    assert served.columns is not before
    assert np.isclose(_fisheries(served), _fisheries(fresh))


# --- Reusing a row's expertise (issue 23: what does not change between versions) ---------


def _version(version: int, *, skp_year: int, course: bool = False) -> pb.ProfileChanged:
    event = _event(version=version)
    event.change_type = pb.CHANGE_TYPE_UPDATED if version > 1 else pb.CHANGE_TYPE_CREATED
    event.profile.skp.append(pb.SkpRecord(year=skp_year, predikat="BAIK"))
    if course:
        event.profile.trainings.append(
            pb.Training(kind="TEKNIS", name="Pelatihan Budidaya Udang Vaname", hours=80, year=2025)
        )
    return event


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Note each computation of a record's expertise (facts.expertise_all)."""
    from potret_expertise import expertise_all as real

    calls: list[str] = []

    def counted(profile: Any, *, today: dt.date) -> Any:
        calls.append(str(profile.get("jabatan")))
        return real(profile, today=today)

    monkeypatch.setattr("potret_ranking.domain.facts.expertise_all", counted)
    return calls


def _row(model: ReadModel, name: str) -> Any:
    return model.columns.cols[name][model.columns.row_of[NIP]].copy()


def test_a_version_with_the_same_expertise_inputs_keeps_the_rows_scores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _counting(monkeypatch)
    model = ReadModel(as_of=dt.date(2026, 12, 1))
    assert model.apply(_version(1, skp_year=2024))
    assert len(calls) == 1
    assert model.apply(_version(2, skp_year=2025))  # an SKP: no input of the scores
    assert len(calls) == 1, "the expertise was computed again"
    # the row is the one a model fed the second version alone holds
    fresh = ReadModel(as_of=dt.date(2026, 12, 1))
    fresh.apply(_version(2, skp_year=2025))
    for name in ("expertise", "expertise_key", "skp", "version"):
        assert np.array_equal(_row(model, name), _row(fresh, name)), name
    assert _row(model, "expertise_key") != 0
    # a new course is an input: computed, and it counts
    before = _fisheries(model)
    assert model.apply(_version(3, skp_year=2025, course=True))
    assert len(calls) == 3  # (the fresh model's one, and this)
    assert _fisheries(model) > before


def test_a_deleted_record_created_again_is_computed_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _counting(monkeypatch)
    model = ReadModel(as_of=dt.date(2026, 12, 1))
    model.apply(_version(1, skp_year=2024))
    deleted = pb.ProfileChanged(
        event_id="d", nip=NIP, version=2, change_type=pb.CHANGE_TYPE_DELETED
    )
    assert model.apply(deleted)
    assert _row(model, "expertise_key") == 0
    assert model.apply(_version(3, skp_year=2024))
    assert len(calls) == 2
    assert _fisheries(model) > 0


def test_the_same_inputs_in_another_month_are_computed_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The trap: a model's columns carried into another month (a snapshot restored, the
    # month's rebuild). The row's key is November's; an SKP-only version read in December
    # must be scored in December, not keep November's scores.
    calls = _counting(monkeypatch)
    november = ReadModel(as_of=dt.date(2026, 11, 1))
    november.apply(_version(1, skp_year=2024))
    december = ReadModel(november.columns, as_of=dt.date(2026, 12, 1))
    assert december.apply(_version(2, skp_year=2025))
    assert len(calls) == 2
    fresh = ReadModel(as_of=dt.date(2026, 12, 1))
    fresh.apply(_version(2, skp_year=2025))
    assert np.array_equal(_row(december, "expertise"), _row(fresh, "expertise"))
    assert _row(december, "expertise_key") == _row(fresh, "expertise_key")


def test_scores_kept_for_a_row_of_other_inputs_are_refused_before_anything_is_written() -> None:
    model = ReadModel(as_of=dt.date(2026, 12, 1))
    model.apply(_version(1, skp_year=2024))
    before = {name: _row(model, name) for name in model.columns.cols}
    profile = message_fields(_version(2, skp_year=2025, course=True).profile)
    facts = facts_from_profile(NIP, 2, profile, today=dt.date(2026, 12, 1), known_key=0)
    facts.expertise = None  # as if its key had been the row's
    with pytest.raises(ValueError, match="other inputs"):
        model.columns.upsert(facts)
    for name, value in before.items():
        assert np.array_equal(_row(model, name), value, equal_nan=value.dtype.kind == "f"), name
