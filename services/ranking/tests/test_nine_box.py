"""The 9-box per PermenPANRB 3/2020 (issue 17, item 7): potential from potential-assessment
results, kept apart from competency; none -> "belum dapat ditempatkan", never a guess; the
grid reports its distribution and warns when one box holds too much; the talent pool
(boxes 7-9) as a ranking filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from potret_ranking.adapters.policy_files import load_policy
from potret_ranking.domain import reference
from potret_ranking.domain.columns import Columns
from potret_ranking.domain.engine import nine_box
from potret_ranking.domain.facts import facts_from_profile
from potret_ranking.domain.ranking import Filters, rank_for_position, talent_grid
from potret_ranking.domain.requirements import resolve

REF = dt.date(2026, 11, 28)
POLICY = load_policy()
ALL_AT_3 = {f"M.0{i}": 3 for i in range(1, 9)} | {"SK.01": 3}


def _staff(
    seq: int, *, potential: dict[str, Any] | None, skp: str = "BAIK", jenis: str = "PELAKSANA"
) -> dict[str, Any]:
    assessment: dict[str, Any] = {"date": "2025-05-01", "managerial": ALL_AT_3}
    assessment |= potential or {}
    return {
        "nip": f"19850101201001{1 + seq % 2}{seq:03d}",
        "status": "PNS",
        "golongan": "III/a",
        "jabatan": "Pengadministrasi Umum",
        "jenis_jabatan": jenis,
        "opd": "Dinas Perikanan",
        "positions": [
            {
                "jabatan": "Pengadministrasi Umum",
                "jenis": jenis,
                "opd": "Dinas Perikanan",
                "tmt_start": "2010-01-01",
            }
        ],
        "education": [{"level": "S1", "major": "Perikanan", "year": 2008}],
        "skp": [{"year": 2025, "predikat": skp}, {"year": 2024, "predikat": skp}],
        "assessments": [assessment],
    }


def _boxes(*people: dict[str, Any]) -> list[tuple[int, int, int]]:
    cols = Columns()
    for p in people:
        cols.upsert(facts_from_profile(p["nip"], 1, p, today=REF))
    view = cols.view()
    rows = np.arange(view.n)
    pot, kin, box = nine_box(view, rows, POLICY, REF)
    engine = [(int(a), int(b), int(c)) for a, b, c in zip(pot, kin, box, strict=True)]
    ref = [
        reference.nine_box(facts_from_profile(p["nip"], 1, p, today=REF), POLICY, REF)
        for p in people
    ]
    assert engine == ref  # the vectorised engine and the plain reference agree
    return engine


def test_competency_at_the_own_level_standard_is_not_high_potential() -> None:
    # Was: every assessed level-1 staff member met the level-1 standard, so JPM 100 % made
    # them "potensial tinggi". Without a potential assessment there is no potential axis.
    (placed,) = _boxes(_staff(1, potential=None))
    assert placed == (0, 2, 0)  # belum dapat ditempatkan


@pytest.mark.parametrize(
    ("potential", "skp", "expected"),
    [
        ({"potential_score": 85}, "BAIK", (3, 2, 8)),
        ({"potential_score": 80}, "SANGAT_BAIK", (3, 3, 9)),  # the cut-off is inclusive
        ({"potential_score": 79.9}, "SANGAT_BAIK", (2, 3, 7)),
        ({"potential_score": 59.9}, "BAIK", (1, 2, 2)),
        ({"potential_category": "RENDAH"}, "SANGAT_BAIK", (1, 3, 4)),
        ({"potential_category": "TINGGI", "potential_score": 40}, "BAIK", (3, 2, 8)),
    ],
)
def test_potential_comes_from_the_potential_assessment(
    potential: dict[str, Any], skp: str, expected: tuple[int, int, int]
) -> None:
    """Score cut-offs 80 / 60 (policy nine_box); a stated category wins over a score."""
    (placed,) = _boxes(_staff(2, potential=potential, skp=skp))
    assert placed == expected


def test_the_grid_reports_its_distribution_and_warns_when_one_box_dominates() -> None:
    cols = Columns()
    people = [_staff(i, potential={"potential_score": 70}) for i in range(1, 9)]  # box 5
    people += [_staff(20, potential={"potential_score": 90}, skp="SANGAT_BAIK")]  # box 9
    people += [_staff(21, potential=None)]  # box 0
    for p in people:
        cols.upsert(facts_from_profile(p["nip"], 1, p, today=REF))
    grid = talent_grid(cols.view(), POLICY, REF)
    assert grid.counts[5] == 8
    assert grid.counts[0] == 1
    assert grid.shares[5] == pytest.approx(8 / 9)  # of those placed
    assert any("kotak 5" in w for w in grid.warnings)
    assert grid.talent_pool == 1


def test_the_talent_pool_filter_ranks_boxes_7_to_9_only() -> None:
    cols = Columns()
    pool = _staff(30, potential={"potential_score": 90}, skp="SANGAT_BAIK", jenis="PENGAWAS")
    outside = _staff(31, potential={"potential_score": 65}, jenis="PENGAWAS")
    unknown = _staff(32, potential=None, jenis="PENGAWAS")
    for p in (pool, outside, unknown):
        cols.upsert(facts_from_profile(p["nip"], 1, p, today=REF))
    post = {
        "position_id": "uji-kabid",
        "name": "Kepala Bidang Perikanan Budidaya",
        "jenis": "ADMINISTRATOR",
        "opd": "Dinas Perikanan",
        "domains": ["kelautan_perikanan"],
        "requirements": {},
    }
    req = resolve(post, POLICY)
    everyone = rank_for_position(cols.view(), req, POLICY, REF, top_k=10)
    assert everyone.considered == 3
    pooled = rank_for_position(
        cols.view(), req, POLICY, REF, top_k=10, filters=Filters(talent_pool=True)
    )
    assert pooled.considered == 1
    assert [c.nip for c in pooled.candidates + pooled.ineligible] == [pool["nip"]]
