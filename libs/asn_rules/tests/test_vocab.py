import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from potret_asn_rules import (
    NipError,
    RuleViolation,
    check_domain,
    domains,
    parse_nip,
    parse_pppk_golongan,
    vocab,
)

TODAY = dt.date(2026, 11, 1)


@st.composite
def valid_nips(draw: st.DrawFn) -> tuple[str, dt.date, dt.date, int]:
    birth = draw(st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2008, 12, 31)))
    earliest = birth.year + 19
    tmt_year = draw(
        st.integers(
            min_value=max(1960, earliest), max_value=max(1960, earliest, min(2027, birth.year + 40))
        )
    )
    tmt = dt.date(tmt_year, draw(st.integers(1, 12)), 1)
    gender = draw(st.sampled_from([1, 2]))
    serial = draw(st.integers(1, 999))
    return f"{birth:%Y%m%d}{tmt:%Y%m}{gender}{serial:03d}", birth, tmt, gender


@given(valid_nips())
def test_every_structurally_valid_nip_parses_back_to_its_parts(
    case: tuple[str, dt.date, dt.date, int],
) -> None:
    nip, birth, tmt, gender = case
    parsed = parse_nip(nip, today=TODAY)
    assert (parsed.birth_date, parsed.tmt_cpns, parsed.gender_digit) == (birth, tmt, gender)
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    assert parse_nip(spaced, today=TODAY).nip == nip


@given(st.text(max_size=30))
def test_any_text_is_either_a_nip_or_a_named_rule_violation(text: str) -> None:
    error: NipError | None = None
    try:
        parsed = parse_nip(text, today=TODAY)
    except NipError as exc:
        error = exc
    if error is None:
        assert len(parsed.nip) == 18
    else:
        assert error.rule.startswith("NIP-")
        assert error.message
        assert error.message_en


@given(st.from_regex(r"\A[0-9]{18}\Z"))
def test_random_digit_strings_never_raise_anything_but_nip_error(nip: str) -> None:
    with contextlib.suppress(NipError):
        parse_nip(nip, today=TODAY)


def test_pppk_number_allows_contract_code_instead_of_month() -> None:
    parsed = parse_nip("199005172024212003", scheme="PPPK", today=TODAY)
    assert parsed.warnings == ()
    with pytest.raises(NipError) as info:
        parse_nip("199005172024212003", scheme="PNS", today=TODAY)
    assert info.value.rule == "NIP-TMT"
    odd = parse_nip("199005172024332003", scheme="PPPK", today=TODAY)
    assert odd.warnings[0].startswith("NIP-PPPK-CODE")


@pytest.mark.parametrize(
    ("hasil", "perilaku", "predikat"),
    [
        ("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", "SANGAT_BAIK"),
        ("DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "BAIK"),
        ("DI_ATAS_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", "KURANG"),
        ("SESUAI_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", "BAIK"),
        ("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI", "BAIK"),
        ("SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", "KURANG"),
        ("DI_BAWAH_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", "BUTUH_PERBAIKAN"),
        ("DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI", "BUTUH_PERBAIKAN"),
        ("DI_BAWAH_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", "SANGAT_KURANG"),
    ],
)
def test_predikat_matrix_of_permenpanrb_6_2022(hasil: str, perilaku: str, predikat: str) -> None:
    assert vocab.predikat_from_ratings(hasil, perilaku) == predikat


@pytest.mark.parametrize(
    ("parse", "raw", "expected"),
    [
        (vocab.parse_education_level, "S-1", "S1"),
        (vocab.parse_education_level, "Diploma III", "D3"),
        (vocab.parse_education_level, "40", "S1"),
        (vocab.parse_education_level, "SLTA Kejuruan", "SMA"),
        (vocab.parse_predikat, "Sangat Baik", "SANGAT_BAIK"),
        (vocab.parse_predikat, "Kurang/Misconduct", "KURANG"),
        (vocab.parse_predikat, "cukup", "BUTUH_PERBAIKAN"),
        (vocab.parse_competency, "Integritas", "M.01"),
        (vocab.parse_competency, "sk01", "SK.01"),
        (vocab.parse_leadership, "Diklatpim Tk. II", "PKN_II"),
        (vocab.parse_leadership, "PKA", "PKA"),
        (vocab.parse_status, "PPPK Paruh Waktu", "PPPK_PW"),
        (vocab.parse_jenis_jabatan, "Fungsional Tertentu", "JF"),
        (vocab.parse_discipline_level, "berat", "BERAT"),
    ],
)
def test_accepted_spellings_map_to_canonical_codes(parse: object, raw: str, expected: str) -> None:
    assert parse(raw) == expected  # type: ignore[operator]


@pytest.mark.parametrize(
    ("parse", "raw", "rule"),
    [
        (vocab.parse_education_level, "SMK Plus", "EDU-LEVEL"),
        (vocab.parse_predikat, "Luar Biasa", "SKP-PREDIKAT"),
        (vocab.parse_competency, "M.09", "COMPETENCY"),
        (vocab.parse_discipline_level, "ekstrem", "DISCIPLINE-LEVEL"),
        (vocab.parse_status, "honorer", "STATUS"),
        (check_domain, "perikanan", "DOMAIN-CODE"),
        (parse_pppk_golongan, "XVIII", "GOLONGAN"),
    ],
)
def test_unknown_values_are_rejected_with_their_rule(parse: object, raw: str, rule: str) -> None:
    with pytest.raises(RuleViolation) as info:
        parse(raw)  # type: ignore[operator]
    assert info.value.rule == rule
    assert raw in info.value.message
    assert info.value.message_en != info.value.message


@pytest.mark.parametrize("level", [0, 6, -1, True])
def test_competency_levels_outside_one_to_five_are_rejected(level: int) -> None:
    with pytest.raises(RuleViolation, match="COMPETENCY-LEVEL"):
        vocab.check_competency_level(level)


def test_jenjang_required_for_jf_and_forbidden_for_administrator() -> None:
    assert vocab.parse_jenjang("JF", "Ahli Muda") == "AHLI_MUDA"
    assert vocab.parse_jenjang("JPT", "jpt pratama") == "PRATAMA"
    with pytest.raises(RuleViolation, match="JABATAN-JENJANG"):
        vocab.parse_jenjang("JF", None)
    with pytest.raises(RuleViolation, match="JABATAN-JENJANG"):
        vocab.parse_jenjang("ADMINISTRATOR", "Ahli Muda")
    with pytest.raises(RuleViolation, match="JABATAN-JENJANG"):
        vocab.parse_jenjang("JF", "Pratama")


def test_domain_list_holds_the_urusan_and_supporting_functions() -> None:
    codes = domains()
    assert len(codes) == 44
    assert codes["kelautan_perikanan"].kemendagri == "3.25"
    assert codes["kepegawaian"].group == "penunjang"
    assert all(d.name and d.description and d.source for d in codes.values())
