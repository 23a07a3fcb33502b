"""Golongan/ruang of PNS (PP 99/2000 jo PP 12/2002): I/a ... IV/e, compared by ordinal."""

from __future__ import annotations

import re
from dataclasses import dataclass

from potret_asn_rules.errors import RuleViolation

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_LETTERS = {1: "abcd", 2: "abcd", 3: "abcd", 4: "abcde"}

PANGKAT: dict[str, str] = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
# Every golongan/ruang in ascending order: ordinal 1 (I/a) ... 17 (IV/e).
GOLONGAN_CODES: tuple[str, ...] = tuple(PANGKAT)
_CANONICAL = list(GOLONGAN_CODES)
# SIASN golRuangAkhirId: group digit followed by the ruang's position (11 = I/a, 45 = IV/e).
_SIASN_IDS = {
    f"{g}{i + 1}": f"{r}/{c}" for r, g in _ROMAN.items() for i, c in enumerate(_LETTERS[g])
}

_PATTERN = re.compile(r"^(IV|III|II|I|[1-4])\s*[/\-.\s]?\s*([A-E])$", re.IGNORECASE)


class GolonganError(RuleViolation):
    """Text that is not a golongan/ruang of the given scheme."""

    def __init__(self, message: str, message_en: str | None = None) -> None:
        super().__init__("GOLONGAN", message, message_en)


@dataclass(frozen=True, slots=True, order=False)
class Golongan:
    """A PNS golongan/ruang; `ordinal` 1 (I/a) ... 17 (IV/e) is what comparisons use."""

    code: str

    @property
    def ordinal(self) -> int:
        return _CANONICAL.index(self.code) + 1

    @property
    def pangkat(self) -> str:
        return PANGKAT[self.code]

    def __str__(self) -> str:
        return self.code


def parse_golongan(raw: str) -> Golongan:
    """Parse "III/a", "IIIa", "III-A", "3a", "III.a" or a SIASN id ("31") into a Golongan."""
    text = raw.strip()
    if text in _SIASN_IDS:
        return Golongan(_SIASN_IDS[text])
    match = _PATTERN.match(text)
    if match is None:
        raise GolonganError(
            f"'{raw}' bukan golongan/ruang PNS yang dikenal (contoh yang benar: III/a, IV/b)",
            f"'{raw}' is not a PNS golongan/ruang (valid examples: III/a, IV/b)",
        )
    group_text, letter = match.group(1).upper(), match.group(2).lower()
    group = int(group_text) if group_text.isdigit() else _ROMAN[group_text]
    if letter not in _LETTERS[group]:
        raise GolonganError(
            f"ruang '{letter}' tidak ada pada golongan {group_text}",
            f"there is no ruang '{letter}' in golongan {group_text}",
        )
    roman = next(r for r, g in _ROMAN.items() if g == group)
    return Golongan(f"{roman}/{letter}")


def golongan_from_ordinal(ordinal: int) -> Golongan:
    """The golongan at a given ordinal (1 = I/a ... 17 = IV/e)."""
    if not 1 <= ordinal <= len(_CANONICAL):
        raise GolonganError(f"ordinal golongan {ordinal} di luar 1-{len(_CANONICAL)}")
    return Golongan(_CANONICAL[ordinal - 1])


_PPPK_ROMAN = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]


def parse_pppk_golongan(raw: str) -> str:
    """Parse a PPPK golongan "I" ... "XVII" (or 1-17) into its Roman numeral form."""
    text = raw.strip().upper().removeprefix("GOLONGAN").strip()
    if text.isdigit() and 1 <= int(text) <= len(_PPPK_ROMAN):
        return _PPPK_ROMAN[int(text) - 1]
    if text in _PPPK_ROMAN:
        return text
    raise GolonganError(
        f"'{raw}' bukan golongan PPPK (I sampai XVII)", f"'{raw}' is not a PPPK golongan (I-XVII)"
    )


def pppk_ordinal(code: str) -> int:
    """Ordinal 1-17 of a PPPK golongan. Never compare it with a PNS ordinal."""
    return _PPPK_ROMAN.index(code) + 1
