"""The skill relevance measurement's own arithmetic: nDCG@10 and the records it indexes."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from potret_asn_rules.nip import parse_nip


def _measure() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "skills_measure", Path(__file__).parent / "measure_skills.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


measure = _measure()
RECORD = {
    "id": "r001",
    "truth": "aquaculture",
    "name": "Dwi Lestari",
    "golongan": "III/c",
    "jabatan": "Penyuluh Perikanan Ahli Muda",
    "jenis_jabatan": "JF",
    "jenjang": "AHLI_MUDA",
    "opd": "Dinas Perikanan",
    "unit": "Bidang Perikanan Budidaya",
    "tmt_jabatan": "2019-03-01",
    "positions": [
        {
            "jabatan": "Penyuluh Perikanan Ahli Muda",
            "jenis": "JF",
            "jenjang": "AHLI_MUDA",
            "opd": "Dinas Perikanan",
            "unit": "Bidang Perikanan Budidaya",
            "tmt_start": "2019-03-01",
            "tmt_end": None,
        },
    ],
    "education": [],
    "trainings": [],
    "certifications": [],
    "innovations": [],
}


def test_ndcg_is_one_for_the_ideal_order_and_falls_with_a_worse_one() -> None:
    grades = {"a": 3, "b": 2, "c": 1}
    assert measure.ndcg(["a", "b", "c"], grades) == pytest.approx(1.0)
    assert measure.ndcg(["c", "b", "a"], grades) < measure.ndcg(["a", "c", "b"], grades) < 1.0
    assert measure.ndcg(["x", "y"], grades) == 0.0
    assert measure.ndcg([], {}) == 0.0  # nothing relevant: 0, not a division by zero
    # only the first ten count
    assert measure.ndcg([*(f"x{i}" for i in range(10)), "a"], grades) == 0.0


def test_a_record_becomes_a_profile_with_a_valid_nip_and_no_notes() -> None:
    nips = {measure.nip_for(i, RECORD) for i in range(300)}
    assert len(nips) == 300
    for nip in nips:
        parsed = parse_nip(nip)
        assert parsed.tmt_cpns == dt.date(2019, 3, 1)
    snapshot = measure.profile(0, RECORD)
    assert "truth" not in snapshot
    assert "id" not in snapshot
    assert snapshot["opd"] == "Dinas Perikanan"
    assert snapshot["status"] == "PNS"
