"""Career-path rules shared by search and ranking: managerial levels, retirement age (BUP)
and the order of leadership trainings."""

from __future__ import annotations

import datetime as dt

from potret_asn_rules.errors import RuleViolation

# Managerial level for promotion and seniority comparisons (domain reference §4.2): the
# eselon equivalences of UU 5/2014 Pasal 131 and PP 11/2017 Pasal 107 ("administrator or
# JF ahli madya", "JPT pratama or JF ahli utama").
_LEVEL_BY_JENIS = {"ADMINISTRATOR": 3, "PENGAWAS": 2, "PELAKSANA": 1}
_LEVEL_BY_JENJANG = {
    "UTAMA": 6,
    "MADYA": 5,
    "PRATAMA": 4,
    "AHLI_UTAMA": 4,
    "AHLI_MADYA": 3,
    "AHLI_MUDA": 2,
    "PENYELIA": 2,
    "AHLI_PERTAMA": 1,
    "MAHIR": 1,
    "TERAMPIL": 1,
    "PEMULA": 1,
}
LEVEL_NAMES = {
    0: "tidak diketahui",
    1: "pelaksana (atau JF setara)",
    2: "pengawas (atau JF ahli muda/penyelia)",
    3: "administrator (atau JF ahli madya)",
    4: "JPT pratama (atau JF ahli utama)",
    5: "JPT madya",
    6: "JPT utama",
}


def managerial_level(jenis: str | None, jenjang: str | None) -> int:
    """1 (pelaksana) .. 6 (JPT utama); 0 when unknown. A JPT without jenjang counts as
    pratama, the only JPT of a kabupaten."""
    if jenis == "JPT":
        return _LEVEL_BY_JENJANG.get(jenjang or "PRATAMA", 4)
    if jenis == "JF":
        return _LEVEL_BY_JENJANG.get(jenjang or "", 0)
    return _LEVEL_BY_JENIS.get(jenis or "", 0)


# Batas Usia Pensiun, PP 11/2017 Pasal 239; guru 60 by UU 14/2005.
_BUP_BY_JENJANG = {"AHLI_UTAMA": 65, "AHLI_MADYA": 60}
_BUP_JPT = 60
BUP_DEFAULT = 58


def bup_age(jenis: str | None, jenjang: str | None, jabatan: str | None = None) -> int:
    """Retirement age of the jabatan held."""
    if jenis == "JPT":
        return _BUP_JPT
    age = _BUP_BY_JENJANG.get(jenjang or "", BUP_DEFAULT) if jenis == "JF" else BUP_DEFAULT
    if (jabatan or "").strip().lower().startswith("guru"):
        age = max(age, 60)
    return age


def retirement_date(birth: dt.date, bup: int) -> dt.date:
    """TMT pensiun: the first day of the month after the BUP birthday."""
    year, month = birth.year + bup, birth.month + 1
    if month == 13:
        year, month = year + 1, 1
    return dt.date(year, month, 1)


# Leadership trainings, lowest to highest (Peraturan LAN 15/2019; domain reference §5.4).
# A higher one satisfies a requirement for a lower one.
LEADERSHIP_ORDINAL = {"PKP": 1, "PKA": 2, "PKN_II": 3, "PKN_I": 4}
LEADERSHIP_FOR_LEVEL = {2: "PKP", 3: "PKA", 4: "PKN_II", 5: "PKN_I", 6: "PKN_I"}


# Statutory floors of a post's requirements (PP 11/2017 Pasal 54 for administrator and
# pengawas, Pasal 107 as amended by PP 17/2020 for JPT; domain reference §5.1): a position
# may ask for more, never for less. Education as an ordinal of vocab.EDUCATION_ORDINAL;
# prior years at the level below.
_EDUCATION_FLOOR = {"JPT": ("S1", 7), "ADMINISTRATOR": ("S1", 7), "PENGAWAS": ("D3", 6)}
_PRIOR_YEARS_FLOOR = {"JPT": 2, "ADMINISTRATOR": 3, "PENGAWAS": 4}
_FLOOR_SOURCE = {
    "JPT": "PP 11/2017 Pasal 107 diubah PP 17/2020",
    "ADMINISTRATOR": "PP 11/2017 Pasal 54",
    "PENGAWAS": "PP 11/2017 Pasal 54",
}


class RequirementFloorError(RuleViolation):
    """A requirement below the regulation's floor; `field` names it in the position."""

    def __init__(self, field: str, message: str, message_en: str) -> None:
        super().__init__("REQ-FLOOR", message, message_en)
        self.field = field


def check_requirement_floor(
    jenis: str, education_ordinal: int | None, min_years_prior: int | None
) -> None:
    """Raise RequirementFloorError when a set requirement is below the statutory floor of
    its jenis (unset values are the policy's, which meets the floor)."""
    source = _FLOOR_SOURCE.get(jenis)
    if source is None:
        return
    label, floor = _EDUCATION_FLOOR[jenis]
    if education_ordinal is not None and 0 < education_ordinal < floor:
        raise RequirementFloorError(
            "requirements.min_education",
            f"pendidikan minimal jabatan {jenis} paling rendah {label} ({source})",
            f"minimum education of a {jenis} post is at least {label} ({source})",
        )
    years = _PRIOR_YEARS_FLOOR[jenis]
    if min_years_prior is not None and 0 < min_years_prior < years:
        raise RequirementFloorError(
            "requirements.min_years_prior",
            f"masa jabatan sebelumnya untuk jabatan {jenis} paling sedikit {years} tahun "
            f"({source})",
            f"prior service for a {jenis} post is at least {years} years ({source})",
        )
