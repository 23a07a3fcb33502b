"""The vectorised engine agrees with the plain-Python reference, row for row (no services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from potret_ranking.adapters.policy_files import load_policy
from potret_ranking.domain.columns import Columns
from potret_ranking.domain.engine import Evaluation, evaluate
from potret_ranking.domain.facts import COMPETENCY_CODES, RowFacts, facts_from_profile
from potret_ranking.domain.policy import FACTORS, Policy, with_overrides
from potret_ranking.domain.reference import score_row
from potret_ranking.domain.requirements import RULE_ORDER, resolve
from potret_seed.generator import Generator

REF = dt.date(2026, 11, 28)
N_PEOPLE = 800
SEED = 7
TOL = 1e-9

POLICY = load_policy()
WHAT_IF = with_overrides(
    POLICY,
    {
        "weights": {
            "competency": 0.5,
            "performance": 0.2,
            "expertise": 0.2,
            "track_record": 0.1,
        },
        "competency": {"jpm_cap_per_competency": False},
    },
)
POLICIES = {"default": POLICY, "what-if": WHAT_IF}

POSITIONS: dict[str, dict[str, Any]] = {
    "jpt-pratama": {
        "position_id": "diskan-kepala-dinas",
        "name": "Kepala Dinas Perikanan",
        "jenis": "JPT",
        "jenjang": "PRATAMA",
        "opd": "Dinas Perikanan",
        "domains": ["kelautan_perikanan"],
        "requirements": {
            "min_golongan": "IV/b",
            "related_majors": ["Perikanan", "Budidaya Perairan"],
        },
    },
    "pengawas": {
        "position_id": "dinkes-kasi-yankes",
        "name": "Kepala Seksi Pelayanan Kesehatan",
        "jenis": "PENGAWAS",
        "opd": "Dinas Kesehatan",
        "domains": ["kesehatan"],
    },
    "jf-ahli-madya": {
        "position_id": "bappeda-perencana-madya",
        "name": "Perencana Ahli Madya",
        "jenis": "JF",
        "jenjang": "AHLI_MADYA",
        "opd": "Bappeda",
        "domains": ["perencanaan"],
        "competency_standard": [
            {"code": "M.01", "level": 3},
            {"code": "M.02", "level": 3},
            {"code": "M.04", "level": 4},
            {"code": "M.08", "level": 3},
            {"code": "SK.01", "level": 3},
        ],
        "requirements": {"required_training": "PKA"},
    },
    # Several domains: expertise is the highest of them, field experience the longest.
    "administrator-three-fields": {
        "position_id": "dinsos-sekdis",
        "name": "Sekretaris Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
        "jenis": "ADMINISTRATOR",
        "opd": "Dinas Sosial",
        "domains": ["sosial", "pemberdayaan_perempuan_perlindungan_anak", "kesehatan"],
        "requirements": {"min_golongan": "IV/a"},
    },
    # No domains: expertise and field experience take their empty branches.
    "administrator-no-domain": {
        "position_id": "setda-kabag-umum",
        "name": "Kepala Bagian Umum",
        "jenis": "ADMINISTRATOR",
        "opd": "Sekretariat Daerah",
        "requirements": {"min_golongan": "III/d", "discipline_clean_years": 4},
    },
}


@pytest.fixture(scope="module")
def loaded() -> tuple[Columns, list[RowFacts]]:
    cols = Columns()
    facts = []
    for p in Generator(SEED).people(N_PEOPLE):
        f = facts_from_profile(p["nip"], 1, p, today=REF)
        cols.upsert(f)
        facts.append(f)
    assert cols.n == len(facts) == N_PEOPLE
    return cols, facts


def _edge_base(nip: str) -> dict[str, Any]:
    return {
        "nip": nip,
        "status": "PNS",
        "golongan": "IV/b",
        "jabatan": "Sekretaris Dinas Perikanan",
        "jenis_jabatan": "ADMINISTRATOR",
        "opd": "Dinas Perikanan",
        "positions": [
            {
                "jabatan": "Kepala Seksi Budidaya",
                "jenis": "PENGAWAS",
                "opd": "Dinas Perikanan",
                "tmt_start": "2012-01-01",
                "tmt_end": "2018-01-01",
            },
            {
                "jabatan": "Sekretaris Dinas Perikanan",
                "jenis": "ADMINISTRATOR",
                "opd": "Dinas Perikanan",
                "tmt_start": "2018-01-01",
            },
        ],
        "education": [{"level": "S1", "major": "Budidaya Perikanan", "year": 1998}],
        "trainings": [{"kind": "KEPEMIMPINAN", "name": "PKA", "leadership": "PKA", "year": 2019}],
        "skp": [{"year": 2025, "predikat": "BAIK"}, {"year": 2024, "predikat": "SANGAT_BAIK"}],
        "assessments": [{"date": "2025-05-01", "managerial": {"M.01": 4, "M.02": 3, "M.04": 5}}],
        "innovations": [{"kind": "INOVASI", "title": "x", "year": 2024}],
    }


def _edge_profiles() -> list[dict[str, Any]]:
    """Hand-made people at the edges the generator rarely or never produces."""
    nip = iter(f"197501012000011{i:03d}" for i in range(1, 200))
    out = [_edge_base(next(nip))]

    def variant(**changes: Any) -> None:
        out.append(_edge_base(next(nip)) | changes)

    variant(discipline=[{"level": "RINGAN", "tmt": "2026-11-01", "end": REF.isoformat()}])
    variant(discipline=[{"level": "RINGAN", "tmt": "2026-11-01", "end": "2026-11-27"}])
    variant(discipline=[{"level": "BERAT", "tmt": "2023-01-01", "end": "2023-12-01"}])
    variant(discipline=[{"level": "SEDANG", "tmt": "2025-06-01"}])  # no end: 12 months
    variant(status="PPPK", golongan="IX")
    variant(kedudukan="CUTI_DILUAR_TANGGUNGAN_NEGARA")
    variant(skp=[{"year": 2025, "predikat": "SANGAT_BAIK"}])  # 2024 missing
    variant(skp=[{"year": 2026, "predikat": "SANGAT_BAIK"}, {"year": 2023, "predikat": "BAIK"}])
    variant(skp=[])
    variant(assessments=[])
    variant(assessments=[{"date": "2025-05-01", "managerial": [], "jpm": 90.0}])
    variant(assessments=[{"date": "2025-05-01", "managerial": {"M.01": 2}, "jpm": 78.0}])
    variant(assessments=[{"date": "2025-05-01", "managerial": {c: 5 for c in COMPETENCY_CODES}}])
    variant(education=[{"major": "Perikanan"}])  # level unknown
    variant(education=[{"level": "D3", "major": "Budidaya Perairan"}, {"level": "S2"}])
    variant(education=[{"level": "S1", "major": "Akuntansi"}])
    variant(trainings=[])
    variant(trainings=[{"leadership": "PKN_I"}])
    variant(innovations=[{"year": y} for y in (2020, 2021, 2026, 2026, 2027)])
    variant(innovations=[{"year": 2021}] * 3)
    variant(innovations=[{"year": 2022}] * 300)
    variant(positions=[], jabatan="Analis Kebijakan", jenis_jabatan="JF", jenjang="AHLI_MADYA")
    variant(
        positions=[{"jabatan": "Kepala Dinas Perikanan", "jenis": "JPT", "opd": "Dinas Perikanan"}]
    )
    variant(
        positions=[
            {"jabatan": "Pengelola", "jenis": "PELAKSANA", "tmt_start": "2020-01-01"},
            {"jabatan": "Kepala Dinas Kesehatan", "jenis": "JPT", "tmt_start": "2026-12-01"},
        ],
        jabatan="Kepala Dinas Kesehatan",
        jenis_jabatan="JPT",
        jenjang="PRATAMA",
    )
    variant(positions=[{"jabatan": "Staf", "jenis": "PELAKSANA", "tmt_start": "2026-11-01"}])
    for born in ("196711", "196710", "196709", "196801", "196812"):  # near the BUP
        variant(nip=f"{born}152000011{len(out):03d}")
    variant(nip="000000000000000077")  # birth date not readable: BUP unknown
    return out


@pytest.fixture(scope="module")
def edge() -> tuple[Columns, list[RowFacts]]:
    cols = Columns()
    facts = []
    for p in _edge_profiles():
        f = facts_from_profile(p["nip"], 1, p, today=REF)
        assert cols.upsert(f), p["nip"]
        facts.append(f)
    return cols, facts


def _evaluate(cols: Columns, position: dict[str, Any], policy: Policy) -> Evaluation:
    view = cols.view()
    return evaluate(view, np.arange(view.n), resolve(position, policy), policy, REF)


def _disagreements(
    cols: Columns, facts: list[RowFacts], position: dict[str, Any], policy: Policy
) -> list[str]:
    """Every way the engine's evaluation of all rows differs from `score_row`."""
    req = resolve(position, policy)
    ev = _evaluate(cols, position, policy)
    out: list[str] = []
    for i, f in enumerate(facts):
        assert cols.nips[int(ev.rows[i])] == f.nip
        want = score_row(f, req, policy, REF)
        if bool(ev.eligible[i]) != want.eligible:
            out.append(f"{f.nip} eligible: engine {ev.eligible[i]} ref {want.eligible}")
        for rule in RULE_ORDER:
            if bool(ev.met[rule][i]) != want.met[rule]:
                out.append(
                    f"{f.nip} {rule}: engine {ev.met[rule][i]} (value {ev.value[rule][i]}) "
                    f"ref {want.met[rule]}"
                )
        for k in FACTORS:
            got = float(ev.factors[k][i])
            if abs(got - want.factors[k]) > TOL:
                out.append(f"{f.nip} {k}: engine {got!r} ref {want.factors[k]!r}")
        if abs(float(ev.total[i]) - want.total) > TOL:
            out.append(f"{f.nip} total: engine {ev.total[i]!r} ref {want.total!r}")
        if int(ev.box[i]) != want.box:
            out.append(f"{f.nip} box: engine {ev.box[i]} ref {want.box}")
    return out


@pytest.mark.parametrize("policy_name", sorted(POLICIES))
@pytest.mark.parametrize("position_name", sorted(POSITIONS))
def test_engine_agrees_with_reference_row_by_row(
    loaded: tuple[Columns, list[RowFacts]], position_name: str, policy_name: str
) -> None:
    cols, facts = loaded
    bad = _disagreements(cols, facts, POSITIONS[position_name], POLICIES[policy_name])
    assert not bad, (
        f"{len(bad)} disagreements for {position_name}/{policy_name}; first: " + "; ".join(bad[:10])
    )


@pytest.mark.parametrize("policy_name", sorted(POLICIES))
@pytest.mark.parametrize("position_name", sorted(POSITIONS))
def test_engine_agrees_with_reference_at_the_edges(
    edge: tuple[Columns, list[RowFacts]], position_name: str, policy_name: str
) -> None:
    cols, facts = edge
    bad = _disagreements(cols, facts, POSITIONS[position_name], POLICIES[policy_name])
    assert not bad, (
        f"{len(bad)} disagreements for {position_name}/{policy_name}; first: " + "; ".join(bad[:10])
    )


@pytest.mark.parametrize("position_name", sorted(POSITIONS))
def test_generated_people_exercise_the_factors(
    loaded: tuple[Columns, list[RowFacts]], position_name: str
) -> None:
    """The cross-check compares non-trivial numbers, not zeros against zeros."""
    cols, _facts = loaded
    position = POSITIONS[position_name]
    ev = _evaluate(cols, position, POLICY)
    for k in ("competency", "performance", "track_record"):
        assert (ev.factors[k] > 0).any(), k
        assert (ev.factors[k] < 1).any(), k
    assert (ev.factors["expertise"] > 0).any() == bool(position.get("domains"))
    assert ev.eligible.any()
    assert len(np.unique(ev.box)) > 5


def test_generated_people_and_edge_cases_exercise_every_rule(
    loaded: tuple[Columns, list[RowFacts]], edge: tuple[Columns, list[RowFacts]]
) -> None:
    """Each rule is met by someone and failed by someone, for some position."""
    outcomes: dict[str, set[bool]] = {rule: set() for rule in RULE_ORDER}
    for cols, _facts in (loaded, edge):
        for position in POSITIONS.values():
            req = resolve(position, POLICY)
            ev = _evaluate(cols, position, POLICY)
            for rule in RULE_ORDER:
                if req.applies(rule):
                    outcomes[rule] |= {bool(v) for v in ev.met[rule]}
    assert all(seen == {True, False} for seen in outcomes.values()), outcomes


@pytest.mark.parametrize("policy_name", sorted(POLICIES))
@pytest.mark.parametrize("position_name", sorted(POSITIONS))
def test_contributions_sum_to_total(
    loaded: tuple[Columns, list[RowFacts]], position_name: str, policy_name: str
) -> None:
    cols, _facts = loaded
    ev = _evaluate(cols, POSITIONS[position_name], POLICIES[policy_name])
    summed = np.zeros(len(ev.rows))
    for k in FACTORS:
        summed = summed + ev.contributions[k]
    np.testing.assert_allclose(summed, ev.total, rtol=0, atol=TOL)
    weights = POLICIES[policy_name].weights.as_dict()
    for k in FACTORS:
        np.testing.assert_allclose(ev.contributions[k], weights[k] * ev.factors[k], rtol=0, atol=0)


def test_innovation_window_spans_window_years() -> None:
    policy = with_overrides(
        POLICY,
        {
            "track_record": {
                "innovations_full": 50,
                "parts": {"experience": 0.0, "leadership_training": 0.0, "innovation": 1.0},
            }
        },
    )
    p = _edge_base("197501012000011001")
    p["innovations"] = [{"year": y} for y in range(2010, REF.year + 1)]  # one a year
    cols = Columns()
    cols.upsert(facts_from_profile(p["nip"], 1, p, today=REF))
    ev = _evaluate(cols, POSITIONS["pengawas"], policy)
    counted = round(float(ev.track_parts["innovation"][0]) * 50)
    window = policy.track_record.innovation_window_years
    assert counted == window, (
        f"engine bug: innovation window counts {counted} calendar years of innovations, "
        f"policy innovation_window_years is {window}"
    )
