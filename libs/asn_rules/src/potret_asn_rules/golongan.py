"""Golongan/ruang of PNS (PP 99/2000 jo PP 12/2002): I/a ... IV/e, compared by ordinal."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
_CANONICAL = list(PANGKAT)
# SIASN golRuangAkhirId: group digit followed by the ruang's position (11 = I/a, 45 = IV/e).
_SIASN_IDS = {
    f"{g}{i + 1}": f"{r}/{c}" for r, g in _ROMAN.items() for i, c in enumerate(_LETTERS[g])
}

_PATTERN = re.compile(r"^(IV|III|II|I|[1-4])\s*[/\-.\s]?\s*([A-E])$", re.IGNORECASE)


class GolonganError(ValueError):
    """Text that is not a PNS golongan/ruang."""

    rule = "GOLONGAN"


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
            f"'{raw}' bukan golongan/ruang PNS yang dikenal (contoh yang benar: III/a, IV/b)"
        )
    group_text, letter = match.group(1).upper(), match.group(2).lower()
    group = int(group_text) if group_text.isdigit() else _ROMAN[group_text]
    if letter not in _LETTERS[group]:
        raise GolonganError(f"ruang '{letter}' tidak ada pada golongan {group_text}")
    roman = next(r for r, g in _ROMAN.items() if g == group)
    return Golongan(f"{roman}/{letter}")


def golongan_from_ordinal(ordinal: int) -> Golongan:
    """The golongan at a given ordinal (1 = I/a ... 17 = IV/e)."""
    if not 1 <= ordinal <= len(_CANONICAL):
        raise GolonganError(f"ordinal golongan {ordinal} di luar 1-{len(_CANONICAL)}")
    return Golongan(_CANONICAL[ordinal - 1])
