"""Eligibility rules at their boundaries, fairness, what-if and determinism (no services)."""

from __future__ import annotations

import copy
import datetime as dt
import random
from typing import Any

import numpy as np
import pytest

from potret_ranking.adapters.policy_files import load_policy
from potret_ranking.adapters.snapshot import load_columns, save_columns
from potret_ranking.domain import columns as columns_module
from potret_ranking.domain.columns import Columns
from potret_ranking.domain.engine import Evaluation, evaluate
from potret_ranking.domain.facts import facts_from_profile
from potret_ranking.domain.policy import PolicyError, with_overrides
from potret_ranking.domain.ranking import Filters, fairness_report, rank_for_position, score_rows
from potret_ranking.domain.requirements import RequirementError, resolve
from potret_seed.generator import Generator

REF = dt.date(2026, 11, 28)
POLICY = load_policy()
KADIS = {
    "position_id": "diskan-kepala-dinas",
    "name": "Kepala Dinas Perikanan",
    "jenis": "JPT",
    "jenjang": "PRATAMA",
    "opd": "Dinas Perikanan",
    "domains": ["kelautan_perikanan"],
    "requirements": {"min_golongan": "IV/b", "related_majors": ["Perikanan"]},
}
SEKDIS = {
    "position_id": "diskan-sekretaris",
    "name": "Sekretaris Dinas Perikanan",
    "jenis": "ADMINISTRATOR",
    "opd": "Dinas Perikanan",
    "domains": ["kelautan_perikanan"],
    "requirements": {"required_training": "PKA"},
}


def _base(nip: str = "197501012000011001") -> dict[str, Any]:
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
        "skp": [{"year": 2025, "predikat": "BAIK"}, {"year": 2024, "predikat": "BAIK"}],
        "assessments": [{"date": "2025-05-01", "managerial": {"M.01": 4, "M.02": 3}}],
    }


def _evaluate(*profiles: dict[str, Any], position: dict[str, Any] = KADIS) -> Evaluation:
    cols = Columns()
    for p in profiles:
        cols.upsert(facts_from_profile(p["nip"], 1, p, today=REF))
    view = cols.view()
    return evaluate(view, np.arange(view.n), resolve(position, POLICY), POLICY, REF)


def _met(profile: dict[str, Any], rule: str, position: dict[str, Any] = KADIS) -> bool:
    return bool(_evaluate(profile, position=position).met[rule][0])


def test_base_candidate_meets_every_rule() -> None:
    ev = _evaluate(_base())
    assert ev.eligible[0], {r: bool(m[0]) for r, m in ev.met.items()}


@pytest.mark.parametrize(("golongan", "met"), [("IV/b", True), ("IV/c", True), ("IV/a", False)])
def test_minimum_golongan(golongan: str, met: bool) -> None:
    assert _met(_base() | {"golongan": golongan}, "ELIG-GOL") is met


@pytest.mark.parametrize(
    ("level", "met"), [("S1", True), ("D4", True), ("S2", True), ("D3", False)]
)
def test_minimum_education(level: str, met: bool) -> None:
    p = _base()
    p["education"][0]["level"] = level
    assert _met(p, "ELIG-EDU") is met


@pytest.mark.parametrize(("start", "met"), [("2024-11-01", True), ("2024-12-01", False)])
def test_two_years_as_administrator_for_jpt(start: str, met: bool) -> None:
    p = _base()
    p["positions"] = [p["positions"][1] | {"tmt_start": start}]
    assert _met(p, "ELIG-PRIOR") is met


@pytest.mark.parametrize(("start", "met"), [("2021-11-01", True), ("2021-12-01", False)])
def test_five_years_in_the_field_for_jpt(start: str, met: bool) -> None:
    p = _base()
    p["positions"] = [p["positions"][1] | {"tmt_start": start}]
    assert _met(p, "ELIG-FIELD-EXP") is met


@pytest.mark.parametrize(
    ("nip", "met"),
    # JPT BUP 60: born Oct 1967 retires 1 Nov 2027 = 12 months after Nov 2026; Sep -> 11.
    [("196710152000011001", True), ("196709152000011001", False)],
)
def test_twelve_months_before_retirement(nip: str, met: bool) -> None:
    assert _met(_base(nip), "ELIG-BUP") is met


@pytest.mark.parametrize(
    ("tmt_pensiun", "met"),
    # Born Oct 1967: by the NIP a JPT retires 1 Nov 2027 (12 months: met). SIASN's own TMT
    # pensiun wins either way (domain reference §11), and the explanation says whose it is.
    [("2027-06-01", False), ("2027-11-01", True), ("2030-01-01", True)],
)
def test_the_retirement_date_recorded_in_siasn_is_preferred_over_the_nip(
    tmt_pensiun: str, met: bool
) -> None:
    nip = "196710152000011001"
    profile = _base(nip) | {"tmt_pensiun": tmt_pensiun, "bup_pensiun": 60}
    assert _met(profile, "ELIG-BUP") is met
    req = resolve(KADIS, POLICY)

    def bup_rule(person: dict[str, Any]) -> Any:
        result = rank_for_position(_columns([person]).view(), req, POLICY, REF, top_k=5)
        (shown,) = result.candidates + result.ineligible
        return next(r for r in shown.rules if r.rule == "ELIG-BUP")

    bup = bup_rule(profile)
    assert bup.met is met
    assert bup.value.endswith("(TMT pensiun yang tercatat, BUP 60 tahun)"), bup.value
    bup = bup_rule(_base(nip))
    assert bup.value == (  # an administrator (BUP 58) applying for a JPT (BUP 60)
        "12 bulan lagi (dari tanggal lahir pada NIP dan BUP jabatan 58 tahun, digeser ke BUP "
        "60 tahun jabatan ini; PP 11/2017 Pasal 239)"
    )


def test_a_recorded_birth_date_other_than_the_nips_decides_the_retirement_and_says_so() -> None:
    # Born 15 Oct 1967 by the NIP (12 months to a JPT's BUP on 1 Nov 2027: met), but the record
    # was corrected to 15 Sep 1967 (domain reference §1.1 NIP-CONSIST: the NIP never changes):
    # retirement 1 Oct 2027, 11 months: not met. The trap: reading the NIP's date.
    nip = "196710152000011001"
    corrected = _base(nip) | {"birth_date": "1967-09-15"}
    assert _met(_base(nip), "ELIG-BUP") is True
    assert _met(corrected, "ELIG-BUP") is False
    assert _met(_base(nip) | {"birth_date": "1967-10-15"}, "ELIG-BUP") is True  # the same


def test_a_recorded_birth_date_is_named_in_the_retirement_explanation() -> None:
    req = resolve(KADIS, POLICY)
    corrected = _base("196710152000011001") | {"birth_date": "1967-09-15"}
    result = rank_for_position(_columns([corrected]).view(), req, POLICY, REF, top_k=5)
    (shown,) = result.candidates + result.ineligible
    bup = next(r for r in shown.rules if r.rule == "ELIG-BUP")
    assert bup.met is False
    assert bup.value == (
        "11 bulan lagi (dari tanggal lahir yang tercatat, yang berbeda dari tanggal lahir pada "
        "NIP, dan BUP jabatan 58 tahun, digeser ke BUP 60 tahun jabatan ini; PP 11/2017 Pasal 239)"
    )


def test_a_position_of_another_bup_shifts_siasns_retirement_date_by_the_difference() -> None:
    # A JF ahli muda (BUP 58 in SIASN) applying for a JPT (BUP 60): two more years.
    p = _base("197010152000011001") | {
        "jabatan": "Analis Kebijakan Ahli Muda",
        "jenis_jabatan": "JF",
        "jenjang": "AHLI_MUDA",
        "tmt_pensiun": "2028-11-01",
        "bup_pensiun": 58,
    }
    value = _evaluate(p).value["ELIG-BUP"][0]
    assert value == 48  # 2030-11 against the reference month 2026-11
    # no bup_pensiun recorded: the BUP is the age on the day before the TMT (58), not the
    # jabatan's by Potret's table; the shift is the same two years
    p.pop("bup_pensiun")
    assert _evaluate(p).value["ELIG-BUP"][0] == 48
    # a TMT pensiun at no BUP (at 56: early, or on medical grounds) is never moved
    p["tmt_pensiun"] = "2027-06-01"
    assert _evaluate(p).value["ELIG-BUP"][0] == 7
    # nor one in the year of a BUP birthday but months before it (57 years 7 months)
    p["tmt_pensiun"] = "2028-06-01"
    assert _evaluate(p).value["ELIG-BUP"][0] == 19


@pytest.mark.parametrize(("end", "met"), [(REF, False), (REF - dt.timedelta(days=1), True)])
def test_active_discipline_sanction(end: dt.date, met: bool) -> None:
    p = _base()
    p["discipline"] = [
        {"level": "RINGAN", "form": "teguran tertulis", "tmt": "2026-01-05", "end": end.isoformat()}
    ]
    assert _met(p, "ELIG-HUKDIS-ACTIVE") is met


@pytest.mark.parametrize(("days_ago", "met"), [(1096, False), (1097, True)])
def test_no_heavy_sanction_in_the_last_three_years_for_jpt(days_ago: int, met: bool) -> None:
    p = _base()
    end = REF - dt.timedelta(days=days_ago)
    p["discipline"] = [
        {"level": "SEDANG", "form": "potong tukin", "tmt": "2020-01-01", "end": end.isoformat()}
    ]
    assert _met(p, "ELIG-HUKDIS-HISTORY") is met


def test_cancelled_sanction_is_ignored() -> None:
    p = _base()
    p["discipline"] = [{"level": "BERAT", "form": "x", "tmt": "2026-06-01", "cancelled": True}]
    assert _evaluate(p).eligible[0]


@pytest.mark.parametrize(
    ("skp", "met"),
    [
        ([("2025", "BAIK"), ("2024", "SANGAT_BAIK")], True),
        ([("2025", "BAIK"), ("2024", "BUTUH_PERBAIKAN")], False),
        ([("2025", "SANGAT_BAIK")], False),  # 2024 missing
    ],
)
def test_kinerja_baik_in_the_last_two_years_for_administrator(
    skp: list[tuple[str, str]], met: bool
) -> None:
    p = _base()
    p["skp"] = [{"year": int(y), "predikat": v} for y, v in skp]
    assert _met(p, "ELIG-KINERJA", SEKDIS) is met


@pytest.mark.parametrize(("training", "met"), [("PKA", True), ("PKN_II", True), ("PKP", False)])
def test_required_leadership_training(training: str, met: bool) -> None:
    p = _base()
    p["trainings"][0]["leadership"] = training
    assert _met(p, "ELIG-TRAINING", SEKDIS) is met


def test_status_pppk_is_not_eligible_for_managerial_posts() -> None:
    assert not _met(_base() | {"status": "PPPK", "golongan": "IX"}, "ELIG-STATUS")


@pytest.mark.parametrize(("major", "met"), [("Budidaya Perikanan", True), ("Akuntansi", False)])
def test_related_major(major: str, met: bool) -> None:
    p = _base()
    p["education"][0]["major"] = major
    assert _met(p, "ELIG-MAJOR") is met


# ---- factors, determinism, protected attributes ------------------------------------------


def _people(n: int, seed: int = 11) -> list[dict[str, Any]]:
    return list(Generator(seed).people(n))


def _columns(people: list[dict[str, Any]]) -> Columns:
    cols = Columns()
    for p in people:
        cols.upsert(facts_from_profile(p["nip"], 1, p, today=REF))
    return cols


def test_contributions_sum_to_total_and_factors_in_range() -> None:
    people = _people(400)
    view = _columns(people).view()
    ev = evaluate(view, np.arange(view.n), resolve(KADIS, POLICY), POLICY, REF)
    assert np.allclose(sum(ev.contributions.values()), ev.total, atol=1e-12)
    for name, values in ev.factors.items():
        assert ((values >= 0) & (values <= 1)).all(), name


def test_same_records_and_policy_give_the_same_order_whatever_the_load_order() -> None:
    people = _people(600)
    shuffled = people[:]
    random.Random(5).shuffle(shuffled)
    req = resolve(SEKDIS, POLICY)
    a = rank_for_position(_columns(people).view(), req, POLICY, REF, top_k=50)
    b = rank_for_position(_columns(shuffled).view(), req, POLICY, REF, top_k=50)
    assert [(c.nip, c.total) for c in a.candidates] == [(c.nip, c.total) for c in b.candidates]
    # 50, plus anyone tied with the 50th (generated data has such ties).
    assert len(a.candidates) >= 50
    assert all(c.total == a.candidates[49].total for c in a.candidates[50:])
    totals = [c.total for c in a.candidates]
    assert totals == sorted(totals, reverse=True)


def _flip_gender(nip: str) -> str:
    return nip[:14] + ("2" if nip[14] == "1" else "1") + nip[15:]


def test_protected_attributes_never_change_a_score() -> None:
    people = _people(500)
    perturbed = []
    rng = random.Random(9)
    for p in people:
        q = copy.deepcopy(p)
        q["nip"] = _flip_gender(p["nip"])
        q["personal"] = {
            "religion": rng.choice(["Islam", "Kristen", "Katolik", "Hindu", "Buddha"]),
            "marital_status": rng.choice(["KAWIN", "BELUM_KAWIN", "CERAI"]),
            "birth_place": rng.choice(["Gresik", "Surabaya", "Jayapura", "Medan"]),
            "address": "Jl. Lain No. 2",
        }
        perturbed.append(q)
    for position in (KADIS, SEKDIS):
        req = resolve(position, POLICY)
        va, vb = _columns(people).view(), _columns(perturbed).view()
        a = evaluate(va, np.arange(va.n), req, POLICY, REF)
        b = evaluate(vb, np.arange(vb.n), req, POLICY, REF)
        assert np.array_equal(a.total, b.total)
        assert np.array_equal(a.eligible, b.eligible)
        assert np.array_equal(a.box, b.box)


def test_what_if_weights_recompute_without_changing_the_stored_policy() -> None:
    view = _columns(_people(300)).view()
    req = resolve(SEKDIS, POLICY)
    what_if = with_overrides(
        POLICY,
        {"weights": {"competency": 0.0, "performance": 0.0, "expertise": 1.0, "track_record": 0.0}},
    )
    ev = evaluate(view, np.arange(view.n), req, what_if, REF)
    assert np.allclose(ev.total, ev.factors["expertise"])
    assert what_if.version.startswith(POLICY.version + "+whatif.")
    assert load_policy().weights == POLICY.weights
    stored = evaluate(view, np.arange(view.n), req, POLICY, REF)
    assert not np.allclose(stored.total, ev.total)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"weights": {"competency": -0.1}}, "policy_overrides.weights.competency"),
        ({"weights": {"competency": float("nan")}}, "policy_overrides.weights.competency"),
        ({"weights": {"competency": 0.9}}, "policy_overrides.weights"),
        ({"performance": {"years": 0}}, "policy_overrides.performance.years"),
        # the age bands' labels and codes assume rising positive edges
        ({"fairness": {"age_bands": [40, 30]}}, "policy_overrides.fairness.age_bands"),
        ({"fairness": {"age_bands": [30, 30]}}, "policy_overrides.fairness.age_bands"),
        ({"fairness": {"age_bands": [0, 30]}}, "policy_overrides.fairness.age_bands"),
        (
            {"fairness": {"age_bands": list(range(20, 130, 5))}},
            "policy_overrides.fairness.age_bands",
        ),
        # a standard of level 0 would leave the JPM without a denominator
        (
            {"competency": {"default_standard_by_level": {"3": 0}}},
            "policy_overrides.competency.default_standard_by_level",
        ),
    ],
)
def test_bad_overrides_name_the_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyError) as info:
        with_overrides(POLICY, overrides)
    assert [f for f, _ in info.value.violations] == [field]


def test_fairness_report_on_a_pool_with_a_known_adverse_impact_ratio() -> None:
    # 10 men and 10 women eligible; 4 men and 2 women selected: rates 0.4 and 0.2 -> 0.5.
    cols = Columns()
    men = [f"19800101200501{1}{i:03d}" for i in range(1, 11)]
    women = [f"19800101200501{2}{i:03d}" for i in range(1, 11)]
    for nip in men + women:
        cols.upsert(facts_from_profile(nip, 1, _base(nip), today=REF))
    view = cols.view()
    rows = np.arange(view.n)
    selected = np.array([cols.row_of[n] for n in men[:4] + women[:2]])
    report = fairness_report(view, rows, selected, REF, POLICY, reranked=False)
    assert report.adverse_impact["jenis_kelamin"] == pytest.approx(0.5)
    # 4 of 10 against 2 of 10 is not significant (Fisher p = 0.63): reported, not flagged.
    assert report.flagged == ()
    assert "belum bermakna" in report.note
    by = {(g.dimension, g.group): g for g in report.groups}
    assert (
        by[("jenis_kelamin", "laki-laki")].pool,
        by[("jenis_kelamin", "laki-laki")].selected,
    ) == (10, 4)


def test_fair_rerank_moves_the_top_k_towards_the_pool_shares() -> None:
    cols = _columns(_people(800, seed=3))
    req = resolve(SEKDIS | {"requirements": {}}, POLICY)
    plain = rank_for_position(cols.view(), req, POLICY, REF, top_k=20)
    fair = rank_for_position(cols.view(), req, POLICY, REF, top_k=20, fair_rerank=True)
    assert fair.fairness.reranked
    assert (
        fair.fairness.adverse_impact["jenis_kelamin"]
        >= plain.fairness.adverse_impact["jenis_kelamin"]
    )
    assert all(c.eligible for c in fair.candidates)
    assert len(fair.candidates) == 20


def test_ineligible_people_are_listed_with_reasons_and_counted() -> None:
    cols = _columns(_people(300))
    result = rank_for_position(cols.view(), resolve(KADIS, POLICY), POLICY, REF, top_k=10)
    assert result.considered == 300
    assert result.ineligible
    for c in result.ineligible:
        assert not c.eligible
        assert any(r.applies and not r.met for r in c.rules)
        assert "Belum memenuhi syarat" in c.explanation
    assert max(result.unmet_counts.values()) <= result.considered - result.eligible_total
    filtered = rank_for_position(
        cols.view(),
        resolve(KADIS, POLICY),
        POLICY,
        REF,
        top_k=10,
        filters=Filters(opd=("Dinas Perikanan",)),
    )
    assert filtered.considered < result.considered


def test_snapshot_round_trip_gives_identical_scores(tmp_path: Any) -> None:
    cols = _columns(_people(200))
    path = tmp_path / "rm.npz"
    save_columns(cols, path, {"potret.asn.profile.v1": {0: 42}})
    loaded, offsets, _extra = load_columns(path)
    assert offsets == {"potret.asn.profile.v1": {0: 42}}
    req = resolve(KADIS, POLICY)
    a = evaluate(cols.view(), np.arange(cols.n), req, POLICY, REF)
    b = evaluate(loaded.view(), np.arange(loaded.n), req, POLICY, REF)
    assert np.array_equal(a.total, b.total)
    assert np.array_equal(a.met["ELIG-MAJOR"], b.met["ELIG-MAJOR"])


def test_every_sub_column_the_scorer_reads_is_one_contiguous_run_after_growth_and_load(
    tmp_path: Any,
) -> None:
    """Tables (per domain, level, year, competency) are kept column-major: read row-major,
    one domain's column of a million rows costs a cache line per row (a 40x slower read)."""
    cols = Columns(capacity=4)
    for f in _columns(_people(20)).nips:  # grown from 4 rows several times
        cols.upsert(facts_from_profile(f, 1, _base(f), today=REF))
    path = tmp_path / "rm.npz"
    save_columns(cols, path, {})
    loaded, _offsets, _extra = load_columns(path)
    for model in (cols, loaded):
        view = model.view()
        tables = [name for name in view.cols if view[name].ndim == 2]
        assert {"expertise", "closed_domain", "closed_level", "competency", "skp"} <= set(tables)
        for name in tables:
            assert view[name][:, 1].flags.c_contiguous, name


def test_a_snapshot_made_under_other_expertise_rules_is_rebuilt(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Scores stored under an older thesaurus, gazetteer or formula must not be served next to
    # fresh ones: the snapshot is refused and the read model replays the topics.
    path = tmp_path / "rm.npz"
    save_columns(_columns(_people(20)), path, {"potret.asn.profile.v1": {0: 1}})
    monkeypatch.setattr(columns_module, "rules_fingerprint", lambda: "99-ffffffffffffffff")
    with pytest.raises(ValueError, match="expertise rules"):
        load_columns(path)


# ---- JPT age limit at registration (PP 11/2017 Pasal 107, amended by PP 17/2020) -----------

KADIS_MADYA = KADIS | {"position_id": "x-jpt-madya", "jenjang": "MADYA"}


@pytest.mark.parametrize(
    ("nip", "met"),
    [
        # Born 29 Nov 1969: 56 years old on 28 Nov 2026 (turns 57 tomorrow) -> still "paling
        # tinggi 56 tahun".
        ("196911292000011001", True),
        # Born 28 Nov 1969: turns 57 on the reference date itself -> too old.
        ("196911282000011001", False),
        ("196501012000011001", False),  # 61
    ],
)
def test_jpt_pratama_age_at_most_56_at_registration(nip: str, met: bool) -> None:
    assert _met(_base(nip), "ELIG-AGE") is met


def test_a_57_year_old_is_not_eligible_and_the_explanation_says_why() -> None:
    cols = Columns()
    nip = "196901152000011001"  # 57 on 28 Nov 2026; otherwise meets every rule
    cols.upsert(facts_from_profile(nip, 1, _base(nip), today=REF))
    result = rank_for_position(cols.view(), resolve(KADIS, POLICY), POLICY, REF, top_k=10)
    assert result.candidates == ()
    (person,) = result.ineligible
    rule = next(r for r in person.rules if r.rule == "ELIG-AGE")
    assert (rule.applies, rule.met, rule.value, rule.threshold) == (
        True,
        False,
        "57 tahun",
        "paling tinggi 56 tahun pada tanggal acuan",
    )
    assert "PP 11/2017 Pasal 107" in rule.source
    assert "Memenuhi semua syarat" not in person.explanation
    assert result.unmet_counts["ELIG-AGE"] == 1


def test_jpt_madya_allows_58() -> None:
    nip = "196801152000011001"  # 58 on 28 Nov 2026
    assert _met(_base(nip), "ELIG-AGE", KADIS_MADYA)
    assert not _met(_base(nip), "ELIG-AGE", KADIS)


def test_age_limit_is_not_a_rule_for_administrator_posts() -> None:
    nip = "196801152000011001"  # 58: no age limit below JPT, only BUP
    ev = _evaluate(_base(nip), position=SEKDIS)
    assert bool(ev.met["ELIG-AGE"][0])
    assert not resolve(SEKDIS, POLICY).applies("ELIG-AGE")


def test_age_limit_comes_from_the_policy() -> None:
    lenient = with_overrides(POLICY, {"eligibility": {"max_age_by_level": {"4": 58}}})
    nip = "196801152000011001"  # 58
    cols = _columns([_base(nip)])
    view = cols.view()
    req = resolve(KADIS, lenient)
    assert evaluate(view, np.arange(view.n), req, lenient, REF).met["ELIG-AGE"][0]
    assert req.threshold("ELIG-AGE") == "paling tinggi 58 tahun pada tanggal acuan"


def test_an_unreadable_birth_date_does_not_pass_the_age_rule() -> None:
    # Nothing is inferred from a missing value: a NIP without a valid birth date cannot show
    # the person is young enough.
    p = _base("196913452000011001")  # month 13: no birth date
    assert not _met(p, "ELIG-AGE")


# ---- ties stay ties (issue 17, item 6) -----------------------------------------------------


def _twin(nip: str) -> dict[str, Any]:
    """The base record under another NIP: same facts, so the same score; the NIP differs in
    birth date and gender digit only."""
    return _base(nip)


def _tied_pool(n: int) -> list[str]:
    """NIPs of n people born 1970..1976 (all 50..56 on REF, under the JPT age limit and at
    least 12 months before BUP 60), alternating men and women."""
    return [
        f"{1970 + i % 7}{(i % 12) + 1:02d}{(i % 27) + 1:02d}200001{1 + i % 2}{i + 1:03d}"
        for i in range(n)
    ]


def _one_best_and_three_twins() -> tuple[dict[str, Any], Columns]:
    """One record with better SKP, and three equal records under other NIPs."""
    best = _base("197001012000011001")
    best["skp"] = [
        {"year": 2025, "predikat": "SANGAT_BAIK"},
        {"year": 2024, "predikat": "SANGAT_BAIK"},
    ]
    twins = [_twin(n) for n in ("197203042000011002", "197405062000012003", "197607082000011004")]
    return best, _columns([best, *twins])


def test_equal_scores_share_a_rank_and_are_marked_setara() -> None:
    best, cols = _one_best_and_three_twins()
    result = rank_for_position(cols.view(), resolve(KADIS, POLICY), POLICY, REF, top_k=10)
    assert [c.rank for c in result.candidates] == [1, 2, 2, 2]
    assert [c.tied for c in result.candidates] == [False, True, True, True]
    assert result.candidates[0].nip == best["nip"]
    assert all("setara" in c.explanation for c in result.candidates[1:])


def test_a_tie_at_the_cut_keeps_everyone_tied_in() -> None:
    _, cols = _one_best_and_three_twins()
    result = rank_for_position(cols.view(), resolve(KADIS, POLICY), POLICY, REF, top_k=2)
    # The second place is shared by three: dropping two of them would decide by the key.
    assert [c.rank for c in result.candidates] == [1, 2, 2, 2]


def test_order_inside_a_tie_encodes_neither_age_nor_gender() -> None:
    nips = _tied_pool(80)
    cols = _columns([_twin(n) for n in nips])
    result = rank_for_position(cols.view(), resolve(KADIS, POLICY), POLICY, REF, top_k=80)
    listed = [c.nip for c in result.candidates]
    assert len(listed) == 80
    assert {c.rank for c in result.candidates} == {1}
    older_first = men_first = pairs_age = pairs_gender = 0
    for i, a in enumerate(listed):
        for b in listed[i + 1 :]:
            if a[:8] != b[:8]:
                pairs_age += 1
                older_first += a[:8] < b[:8]
            if a[14] != b[14]:
                pairs_gender += 1
                men_first += a[14] == "1"
    # Ordered by NIP both shares are 1.0 (older first, men first); a key free of age and
    # gender leaves them near one half.
    assert 0.35 < older_first / pairs_age < 0.65
    assert 0.35 < men_first / pairs_gender < 0.65


def test_tie_order_is_the_same_on_every_call_and_load_order() -> None:
    nips = _tied_pool(30)
    people = [_twin(n) for n in nips]
    req = resolve(KADIS, POLICY)
    a = rank_for_position(_columns(people).view(), req, POLICY, REF, top_k=30)
    b = rank_for_position(_columns(people[::-1]).view(), req, POLICY, REF, top_k=30)
    assert [c.nip for c in a.candidates] == [c.nip for c in b.candidates]


# ---- the current holder and rotation (issue 17, item 3) ------------------------------------


def _kadis_held_by(nip: str | None) -> dict[str, Any]:
    return KADIS | {"holder_nip": nip} if nip else dict(KADIS)


def test_the_current_holder_is_shown_apart_never_as_a_candidate_for_their_own_post() -> None:
    holder = _base("197001012000011001") | {
        "jabatan": "Kepala Dinas Perikanan",
        "jenis_jabatan": "JPT",
        "jenjang": "PRATAMA",
    }
    holder["skp"] = [{"year": y, "predikat": "SANGAT_BAIK"} for y in (2025, 2024)]
    other = _base("197203042000011002")
    cols = _columns([holder, other])
    result = rank_for_position(
        cols.view(), resolve(_kadis_held_by(holder["nip"]), POLICY), POLICY, REF, top_k=10
    )
    assert [c.nip for c in result.candidates] == [other["nip"]]
    assert all(c.nip != holder["nip"] for c in result.ineligible)
    assert result.considered == 1
    assert result.holder is not None
    assert result.holder.nip == holder["nip"]
    assert result.holder.movement == "PEMANGKU"
    assert result.holder.explanation.startswith("Pemangku jabatan ini saat ini")


def test_a_vacant_post_or_another_posts_holder_excludes_no_one() -> None:
    a, b = _base("197001012000011001"), _base("197203042000011002")
    cols = _columns([a, b])
    vacant = rank_for_position(cols.view(), resolve(KADIS, POLICY), POLICY, REF, top_k=10)
    assert vacant.holder is None
    assert len(vacant.candidates) == 2
    # The holder recorded on the post is someone not in the read model: no one drops out.
    absent = resolve(_kadis_held_by("196501012000011099"), POLICY)
    elsewhere = rank_for_position(cols.view(), absent, POLICY, REF, top_k=10)
    assert elsewhere.holder is None
    assert len(elsewhere.candidates) == 2


def test_a_candidate_already_at_the_posts_level_is_a_rotation_not_a_promotion() -> None:
    sekretaris = _base("197203042000011002")  # administrator: promotion to JPT
    kadis_lain = _base("197001012000011001") | {
        "jabatan": "Kepala Dinas Kesehatan",
        "jenis_jabatan": "JPT",
        "jenjang": "PRATAMA",
        "opd": "Dinas Kesehatan",
    }
    kadis_lain["positions"] = [
        *kadis_lain["positions"][:1],
        kadis_lain["positions"][1] | {"tmt_end": "2023-01-01"},
        {
            "jabatan": "Kepala Dinas Kesehatan",
            "jenis": "JPT",
            "jenjang": "PRATAMA",
            "opd": "Dinas Kesehatan",
            "tmt_start": "2023-01-01",
        },
    ]
    cols = _columns([sekretaris, kadis_lain])
    result = rank_for_position(cols.view(), resolve(KADIS, POLICY), POLICY, REF, top_k=10)
    moves = {c.nip: c.movement for c in result.candidates + result.ineligible}
    assert moves == {sekretaris["nip"]: "PROMOSI", kadis_lain["nip"]: "ROTASI"}
    rot = next(c for c in result.candidates + result.ineligible if c.nip == kadis_lain["nip"])
    assert "rotasi" in rot.explanation


# ---- SKP by its cycle (issue 17, item 5) ---------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "met"),
    [
        (dt.date(2026, 11, 28), True),  # 2025 and 2024
        # Mid-January: the 2026 SKP is not final yet, so 2025 and 2024 are the last two
        # final years; today everyone fails on the missing 2026.
        (dt.date(2027, 1, 15), True),
        (dt.date(2027, 3, 31), True),
        # From April (policy performance.final_from_month, default 4) 2026 counts, and a
        # missing 2026 SKP fails the rule.
        (dt.date(2027, 4, 1), False),
    ],
)
def test_skp_rule_uses_the_years_final_at_the_reference_date(ref: dt.date, met: bool) -> None:
    p = _base()  # SKP 2025 and 2024: Baik
    cols = _columns([p])
    view = cols.view()
    ev = evaluate(view, np.arange(view.n), resolve(SEKDIS, POLICY), POLICY, ref)
    assert bool(ev.met["ELIG-KINERJA"][0]) is met


def test_the_explanation_names_the_skp_years_it_used() -> None:
    cols = _columns([_base()])
    ref = dt.date(2027, 1, 15)
    result = rank_for_position(cols.view(), resolve(SEKDIS, POLICY), POLICY, ref, top_k=5)
    (person,) = result.candidates
    performance = next(f for f in person.factors if f.name == "performance")
    assert performance.explanation.startswith("SKP 2025: Baik, 2024: Baik")


# ---- requirements set by the position vs policy defaults (issue 17, item 5) ----------------


def test_an_unset_requirement_takes_the_policy_default_and_says_so() -> None:
    req = resolve(KADIS, POLICY)  # sets neither discipline_clean_years nor months before BUP
    assert req.clean_years == 3  # the policy's JPT period, not a catalogue default of 2
    assert req.threshold("ELIG-HUKDIS-HISTORY").endswith("(bawaan kebijakan)")
    assert req.threshold("ELIG-BUP").endswith("(bawaan kebijakan)")


def test_a_requirement_the_position_sets_wins_even_when_zero() -> None:
    req = resolve(KADIS | {"requirements": {"discipline_clean_years": 0}}, POLICY)
    assert req.clean_years == 0
    assert not req.applies("ELIG-HUKDIS-HISTORY")
    five = resolve(KADIS | {"requirements": {"discipline_clean_years": 5}}, POLICY)
    assert five.threshold("ELIG-HUKDIS-HISTORY") == "tidak ada dalam 5 tahun terakhir"


def test_an_explicit_zero_survives_the_event_into_the_read_model() -> None:
    from potret.asn.v1 import position_events_pb2 as ppb
    from potret_ranking.adapters.read_model import ReadModel

    model = ReadModel()
    position = ppb.Position(
        position_id="p", name="Kepala Dinas Perikanan", jenis="JPT", jenjang="PRATAMA"
    )
    position.requirements.discipline_clean_years = 0
    model.apply_position(ppb.PositionChanged(position_id="p", version=1, position=position))
    stored = model.position("p")
    assert stored is not None
    assert resolve(stored, POLICY).clean_years == 0


def test_a_reference_date_before_birth_fails_the_age_rule_in_engine_and_reference() -> None:
    from potret_ranking.domain.reference import score_row

    nip = "199512012020011001"
    facts = facts_from_profile(nip, 1, _base(nip), today=REF)
    before = dt.date(1995, 11, 30)
    req = resolve(KADIS, POLICY)
    cols = _columns([_base(nip)])
    view = cols.view()
    assert not evaluate(view, np.arange(view.n), req, POLICY, before).met["ELIG-AGE"][0]
    assert not score_row(facts, req, POLICY, before).met["ELIG-AGE"]


@pytest.mark.parametrize(
    ("requirements", "field"),
    [
        ({"min_education": "SMA"}, "requirements.min_education"),
        ({"min_years_prior": 1}, "requirements.min_years_prior"),
    ],
)
def test_a_requirement_below_the_regulation_floor_is_refused_naming_field_and_rule(
    requirements: dict[str, Any], field: str
) -> None:
    # PP 11/2017 Pasal 107: a JPT pratama needs S1/D-IV and 2 years as administrator.
    with pytest.raises(RequirementError) as caught:
        resolve(KADIS | {"requirements": requirements}, POLICY)
    assert caught.value.field == field
    assert "REQ-FLOOR" in caught.value.message


def test_every_requirement_field_is_read_with_the_shared_vocabulary() -> None:
    # The same spellings the profile service accepts: "s1", "pka", "Administrator".
    req = resolve(
        SEKDIS
        | {
            "requirements": {
                "min_education": "s1",
                "required_training": "pka",
                "min_years_prior": 3,
                "prior_jenis": "Pengawas",
            }
        },
        POLICY,
    )
    assert req.training_label == "PKA"
    assert req.prior_months == 36
    assert "ELIG-EDU" not in req.defaults


def _shown(person: dict[str, Any], req: Any) -> Any:
    """The one eligible candidate's explained result."""
    result = rank_for_position(_columns([person]).view(), req, POLICY, REF, top_k=5)
    (candidate,) = result.candidates
    return candidate


def test_the_latest_periodic_rating_is_shown_beside_the_skp_and_never_scored() -> None:
    req = resolve(KADIS, POLICY)
    plain = _base()
    rated = _base() | {
        "skp_periodik": [
            {"year": 2026, "period": "Triwulan I", "predikat": "BAIK"},
            {"year": 2026, "period": "Triwulan II", "predikat": "SANGAT_BAIK"},
            {"year": 2025, "period": "Triwulan IV", "predikat": "KURANG"},
        ]
    }

    with_periodic, without = _shown(rated, req), _shown(plain, req)
    performance = next(f for f in with_periodic.factors if f.name == "performance")
    assert performance.explanation.endswith(
        "kinerja periodik terakhir 2026: Sangat Baik (belum predikat tahunan, tidak dihitung)"
    ), performance.explanation
    assert with_periodic.total == without.total
    assert "periodik" not in next(f for f in without.factors if f.name == "performance").explanation


def test_pangkat_since_and_the_latest_angka_kredit_are_shown_and_never_scored() -> None:
    req = resolve(KADIS, POLICY)
    plain = _base()
    told = _base() | {
        "golongan_history": [
            {"golongan": "IV/a", "tmt": "2018-04-01"},
            {"golongan": "IV/b", "tmt": "2022-04-01"},
        ],
        "angka_kredit": [
            {"start": "2022-01", "end": "2022-12", "total": 25.0},
            {"start": "2023-01", "end": "2023-12", "total": 37.5},
        ],
    }

    with_facts, without = _shown(told, req), _shown(plain, req)
    gol = next(r for r in with_facts.rules if r.rule == "ELIG-GOL")
    assert gol.value == "IV/b sejak 2022-04-01"  # the pangkat history's step to IV/b
    track = next(f for f in with_facts.factors if f.name == "track_record").explanation
    assert "angka kredit terakhir 37,50 (periode s.d. 2023-12; tidak dihitung)" in track
    assert with_facts.total == without.total
    assert next(r for r in without.rules if r.rule == "ELIG-GOL").value == "IV/b"


def test_near_eligible_are_those_who_miss_exactly_one_requirement() -> None:
    eligible = _base("197010152000011001")
    one_short = _base("197110152000011002") | {"golongan": "IV/a"}  # ELIG-GOL alone
    two_short = _base("197210152000011003") | {"golongan": "IV/a"}
    two_short["education"][0]["level"] = "D3"  # ELIG-GOL and ELIG-EDU
    req = resolve(KADIS, POLICY)
    result = rank_for_position(
        _columns([eligible, one_short, two_short]).view(), req, POLICY, REF, top_k=5
    )
    assert [c.nip for c in result.candidates] == [eligible["nip"]]
    assert [c.nip for c in result.near_eligible] == [one_short["nip"]]
    assert result.near_eligible_total == 1
    [missed] = [r for r in result.near_eligible[0].rules if r.applies and not r.met]
    assert missed.rule == "ELIG-GOL"


def test_near_eligible_listed_are_capped_and_all_counted() -> None:
    from potret_ranking.domain.ranking import NEAR_ELIGIBLE_LISTED

    people = [
        _base(f"19{70 + i // 12:02d}{i % 12 + 1:02d}152000011{i + 1:03d}") | {"golongan": "IV/a"}
        for i in range(NEAR_ELIGIBLE_LISTED + 5)
    ]
    req = resolve(KADIS, POLICY)
    result = rank_for_position(_columns(people).view(), req, POLICY, REF, top_k=500)
    assert len(result.near_eligible) == NEAR_ELIGIBLE_LISTED
    assert result.near_eligible_total == len(people)


def _evaluate_on(day: dt.date, profile: dict[str, Any]) -> Evaluation:
    cols = Columns()
    cols.upsert(facts_from_profile(profile["nip"], 1, profile, today=day))
    view = cols.view()
    return evaluate(view, np.arange(view.n), resolve(KADIS, POLICY), POLICY, day)


def _met_from(profile: dict[str, Any], rule: str) -> tuple[dt.date | None, str]:
    from potret_ranking.domain.ranking import met_from

    cols = Columns()
    cols.upsert(facts_from_profile(profile["nip"], 1, profile, today=REF))
    view = cols.view()
    req = resolve(KADIS, POLICY)
    ev = evaluate(view, np.arange(view.n), req, POLICY, REF)
    assert not ev.met[rule][0]
    return met_from(view, ev, 0, rule, req, REF)


@pytest.mark.parametrize(
    ("rule", "start"),
    [("ELIG-PRIOR", "2025-03-15"), ("ELIG-PRIOR", "2024-12-01"), ("ELIG-FIELD-EXP", "2023-02-10")],
)
def test_when_a_missing_duration_is_met_the_rule_itself_agrees(rule: str, start: str) -> None:
    """The estimate is checked against the rule, not against itself: evaluated on the day
    given, the rule is met; a month earlier, it is not."""
    p = _base()
    p["positions"] = [p["positions"][1] | {"tmt_start": start}]
    day, note = _met_from(p, rule)
    assert day is not None
    assert note.startswith("bila tetap pada")
    assert _evaluate_on(day, p).met[rule][0]
    assert not _evaluate_on(day - dt.timedelta(days=31), p).met[rule][0]


@pytest.mark.parametrize("days_ago", [10, 400, 1000])
def test_when_a_heavy_sanction_stops_counting_the_rule_itself_agrees(days_ago: int) -> None:
    p = _base()
    end = REF - dt.timedelta(days=days_ago)
    p["discipline"] = [
        {"level": "SEDANG", "form": "potong tukin", "tmt": "2020-01-01", "end": end.isoformat()}
    ]
    day, note = _met_from(p, "ELIG-HUKDIS-HISTORY")
    assert day is not None
    assert "3 tahun setelah" in note
    assert _evaluate_on(day, p).met["ELIG-HUKDIS-HISTORY"][0]
    assert not _evaluate_on(day - dt.timedelta(days=1), p).met["ELIG-HUKDIS-HISTORY"][0]


def test_a_golongan_short_by_two_steps_is_two_regular_promotions_from_its_tmt() -> None:
    p = _base() | {"golongan": "III/d", "tmt_golongan": "2024-04-01"}
    day, note = _met_from(p, "ELIG-GOL")  # IV/b needed: III/d -> IV/a -> IV/b
    assert day == dt.date(2032, 4, 1)
    assert "2 kali" in note
    # the trap: no TMT recorded gives no date, not a date from nothing
    p = _base() | {"golongan": "III/d"}
    p.pop("tmt_golongan", None)
    day, note = _met_from(p, "ELIG-GOL")
    assert day is None
    assert "tidak tercatat" in note


def test_what_depends_on_the_person_gets_no_date_and_says_why() -> None:
    p = _base()
    p["education"][0]["level"] = "D3"
    assert _met_from(p, "ELIG-EDU") == (None, "bergantung pada pendidikan yang diselesaikan")


def test_the_near_eligible_carry_when_they_will_meet_the_rule_they_miss() -> None:
    cols = _columns(_people(300))
    result = rank_for_position(cols.view(), resolve(KADIS, POLICY), POLICY, REF, top_k=20)
    assert result.near_eligible
    for c in result.near_eligible:
        missed = [r for r in c.rules if r.applies and not r.met]
        assert len(missed) == 1
        assert missed[0].met_from_note
        assert all(r.met_from is None and not r.met_from_note for r in c.rules if r.met)


# ---- the top k over a million rows: only rows that can reach it are sorted -------------------


@pytest.mark.parametrize("density", [1.0, 0.3, 0.0005])
def test_the_top_k_found_among_the_few_that_can_reach_it_is_the_top_k_of_all(
    monkeypatch: pytest.MonkeyPatch, density: float
) -> None:
    """Traps: totals a rounding step apart (equal to 1e-9, so tied), a tie running through
    the k-th place, the best rows off the sampled stride, and a mask so sparse the sample
    holds fewer than k of it."""
    from types import SimpleNamespace

    from potret_ranking.domain import engine

    rng = np.random.default_rng(7)
    n = 200_000
    total = rng.choice(np.linspace(0.2, 0.9, 40), n)
    total[rng.random(n) < 0.1] += 4e-10  # equal under score_key, not as floats
    best = np.arange(1, n, 64)[:15]  # never on the sampled stride (every 64th from 0)
    total[best] = 0.95
    total[best[:5]] = 0.95 + 3e-10
    rows = np.arange(n, dtype=np.int64)
    view = SimpleNamespace(nips=[f"{199001012020011000 + i:018d}" for i in range(n)])
    ev = SimpleNamespace(total=total, rows=rows)
    mask = rng.random(n) < density
    mask[best] = True
    for k, keep in [(20, True), (20, False), (10, True), (1, False), (200, True)]:
        fast = engine.order(view, ev, mask, k, salt="s", keep_ties=keep)  # type: ignore[arg-type]
        with monkeypatch.context() as m:
            m.setattr(engine, "_PREFILTER_ROWS", n + 1)
            slow = engine.order(view, ev, mask, k, salt="s", keep_ties=keep)  # type: ignore[arg-type]
        assert fast.tolist() == slow.tolist()
        assert len(fast) >= min(k, int(mask.sum()))


@pytest.mark.parametrize(
    ("rows", "whole"),
    [
        ([0, 1, 2, 3], True),
        ([], True),
        ([0, 2, 1, 3], False),  # the same ends, out of order
        ([0, 1, 1, 3], False),  # a repeat hiding a gap
        ([0, 1, 2], False),  # fewer rows
        ([1, 2, 3, 4], False),
    ],
)
def test_only_every_row_in_order_is_read_as_the_whole_columns(rows: list[int], whole: bool) -> None:
    from potret_ranking.domain.engine import selection

    sel = selection(np.array(rows, dtype=np.int64), 4 if rows else 0)
    assert isinstance(sel, slice) is whole


# ---- screening a million rows in blocks: the same bits as one pass ---------------------------


def _generated(count: int) -> Columns:
    cols = Columns()
    for person in Generator(20261128).people(count):
        cols.upsert(facts_from_profile(person["nip"], 1, person, today=REF))
    return cols


def _positions() -> list[dict[str, Any]]:
    generated = [
        dict(
            p,
            competency_standard=[
                {"code": k, "level": v} for k, v in p["competency_standard"].items()
            ],
        )
        for p in Generator(20261128).positions()[:6]
    ]
    return [KADIS, SEKDIS, *generated]


def test_screening_in_blocks_gives_the_bits_of_evaluating_every_row_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Traps: a last block shorter than the others, rows out of order with a repeat (read by
    index, not as a slice of the columns), and positions with and without related majors."""
    from potret_ranking.domain import engine

    view = _generated(300).view()
    every = np.arange(view.n, dtype=np.int64)
    picked = np.random.default_rng(3).permutation(view.n)[:150]
    picked[7] = picked[3]
    monkeypatch.setattr(engine, "BLOCK_ROWS", 16)  # 300 rows: 18 blocks and one of 12
    seen: set[bool] = set()
    for position in _positions():
        req = resolve(position, POLICY, statutory_floor=False)
        for rows in (every, picked):
            whole = evaluate(view, rows, req, POLICY, REF)
            screened = engine.screen(view, rows, req, POLICY, REF)
            assert type(screened) is engine.Screening  # made in blocks, not in one pass
            assert screened.rows is rows
            assert screened.met.keys() == whole.met.keys()
            for rule, met in whole.met.items():
                assert np.array_equal(screened.met[rule], met), rule
            assert np.array_equal(screened.eligible, whole.eligible)
            assert screened.total.tobytes() == whole.total.tobytes()
            seen.update(whole.eligible.tolist())
    assert seen == {True, False}  # eligible and ineligible rows both compared


def test_a_ranking_screened_in_blocks_lists_and_explains_what_one_pass_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The people listed (candidates, ineligible, near-eligible) are explained from their own
    rows after the screening: every figure and text as when all rows were evaluated at once."""
    from potret_ranking.domain import engine

    view = _generated(300).view()
    for position in _positions():
        req = resolve(position, POLICY, statutory_floor=False)
        cases: list[dict[str, Any]] = [
            {"top_k": 5},
            {"top_k": 3, "fair_rerank": True},
            {"top_k": 4, "filters": Filters(opd=(str(position.get("opd") or ""),))},
        ]
        for kwargs in cases:
            with monkeypatch.context() as m:
                m.setattr(engine, "BLOCK_ROWS", 1_000_000)
                one_pass = rank_for_position(view, req, POLICY, REF, **kwargs)
            with monkeypatch.context() as m:
                m.setattr(engine, "BLOCK_ROWS", 16)
                blocks = rank_for_position(view, req, POLICY, REF, **kwargs)
            assert repr(blocks) == repr(one_pass)
            assert all(c.eligible for c in blocks.candidates)
            assert len(blocks.ineligible) == min(
                kwargs["top_k"], blocks.considered - blocks.eligible_total
            )
            assert not any(c.eligible for c in blocks.ineligible)
            for near in blocks.near_eligible:
                assert len([r for r in near.rules if r.applies and not r.met]) == 1
            listed = [*blocks.candidates, *blocks.ineligible, *blocks.near_eligible]
            assert listed
            for entry in listed:  # each explained from its own row, as asked one by one
                row = np.array([view.nips.index(entry.nip)], dtype=np.int64)
                (alone,) = score_rows(view, row, req, POLICY, REF, gaps=False)
                assert (entry.total, entry.factors, entry.rules, entry.box) == (
                    alone.total,
                    alone.factors,
                    alone.rules,
                    alone.box,
                )


def test_the_related_majors_reused_between_requests_follow_every_write_and_position() -> None:
    """Who holds a related major is kept per read-model content and set of majors: another
    position's majors or a corrected degree is read afresh, never from before."""
    cols = Columns()
    nip = "197501012000011001"
    cols.upsert(facts_from_profile(nip, 1, _base(nip), today=REF))
    law = KADIS | {"requirements": {"min_golongan": "IV/b", "related_majors": ["Hukum"]}}

    def met(position: dict[str, Any]) -> bool:
        view = cols.view()
        req = resolve(position, POLICY)
        return bool(evaluate(view, np.arange(view.n), req, POLICY, REF).met["ELIG-MAJOR"][0])

    assert met(KADIS)
    assert met(KADIS)  # from what was kept
    assert not met(law)
    lawyer = _base(nip) | {"education": [{"level": "S1", "major": "Ilmu Hukum", "year": 1998}]}
    cols.upsert(facts_from_profile(nip, 2, lawyer, today=REF))
    assert met(law)
    assert not met(KADIS)
