import datetime as dt

import pytest

from potret_asn_rules import NipError, parse_nip

TODAY = dt.date(2026, 11, 1)


def test_valid_nip_with_spaces_is_normalised_and_decoded() -> None:
    parsed = parse_nip("19860926 201505 1 001", today=TODAY)
    assert parsed.nip == "198609262015051001"
    assert parsed.birth_date == dt.date(1986, 9, 26)
    assert parsed.tmt_cpns == dt.date(2015, 5, 1)
    assert parsed.gender_digit == 1
    assert parsed.serial == 1
    assert parsed.warnings == ()


@pytest.mark.parametrize(
    ("nip", "rule"),
    [
        ("19860926201505100", "NIP-FMT"),  # 17 digits
        ("1986092620150510011", "NIP-FMT"),  # 19 digits
        ("19860926201505100A", "NIP-FMT"),
        ("１９８６０９２６２０１５０５１００１", "NIP-FMT"),  # full-width digits are not ASCII
        ("198613262015051001", "NIP-BIRTH"),  # month 13
        ("198602302015051001", "NIP-BIRTH"),  # 30 February
        ("193006012015051001", "NIP-BIRTH"),  # before 1940
        ("201506012026051001", "NIP-BIRTH"),  # younger than 17 today
        ("198609261950051001", "NIP-TMT"),  # TMT before 1960
        ("198609262015001001", "NIP-TMT"),  # month 00
        ("198609262015131001", "NIP-TMT"),  # month 13
        ("198609262003051001", "NIP-ORDER"),  # CPNS at 16
        ("198609262015053001", "NIP-SEX"),
        ("198609262015050001", "NIP-SEX"),
        ("198609262015051000", "NIP-SERIAL"),
    ],
)
def test_each_broken_rule_is_named(nip: str, rule: str) -> None:
    with pytest.raises(NipError) as info:
        parse_nip(nip, today=TODAY)
    assert info.value.rule == rule
    assert info.value.message  # Indonesian explanation for the user


def test_late_cpns_entry_is_a_warning_not_an_error() -> None:
    parsed = parse_nip("196801012012012001", today=TODAY)  # CPNS at 44
    assert parsed.warnings
    assert parsed.warnings[0].startswith("NIP-ORDER")


def test_cpns_exactly_at_eighteen_is_accepted() -> None:
    assert parse_nip("199001012008012001", today=TODAY).tmt_cpns == dt.date(2008, 1, 1)
