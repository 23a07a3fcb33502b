import pytest

from potret_asn_rules import GolonganError, parse_golongan
from potret_asn_rules.golongan import GOLONGAN_CODES, golongan_from_ordinal


@pytest.mark.parametrize(
    "text", ["III/a", "IIIa", "III-a", "III/A", "3a", "III.a", "iii/a", " III a ", "31"]
)
def test_common_spellings_and_siasn_id_mean_the_same_golongan(text: str) -> None:
    golongan = parse_golongan(text)
    assert golongan.code == "III/a"
    assert golongan.ordinal == 9
    assert golongan.pangkat == "Penata Muda"


def test_ordinals_follow_the_regulation_order() -> None:
    codes = [golongan_from_ordinal(i).code for i in range(1, 18)]
    assert codes[0] == "I/a"
    assert codes[4] == "II/a"
    assert codes[-1] == "IV/e"
    assert parse_golongan("IV/a").ordinal > parse_golongan("III/d").ordinal


@pytest.mark.parametrize("text", ["", "V/a", "II/e", "III/f", "IV/", "46", "PPPK IX"])
def test_unknown_golongan_is_rejected(text: str) -> None:
    with pytest.raises(GolonganError):
        parse_golongan(text)


def test_the_golongan_codes_run_from_i_a_to_iv_e_in_the_order_of_their_ordinals() -> None:
    assert len(GOLONGAN_CODES) == 17  # four ruang in I-III, five in IV (PP 99/2000)
    assert (GOLONGAN_CODES[0], GOLONGAN_CODES[12], GOLONGAN_CODES[-1]) == ("I/a", "IV/a", "IV/e")
    for ordinal, code in enumerate(GOLONGAN_CODES, start=1):
        assert parse_golongan(code).ordinal == ordinal
        assert golongan_from_ordinal(ordinal).code == code
