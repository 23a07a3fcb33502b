"""Closed vocabularies of the ASN domain, with the spellings accepted on import.

Each `parse_*` returns the canonical code or raises RuleViolation naming the rule.
Sources are in the project's domain reference (sections in brackets).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from potret_asn_rules.errors import RuleViolation


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _parse(raw: str, table: Mapping[str, str], rule: str, what: str, what_en: str) -> str:
    code = table.get(_key(str(raw)))
    if code is None:
        allowed = ", ".join(sorted(set(table.values())))
        raise RuleViolation(
            rule,
            f"'{raw}' bukan {what} yang dikenal (pilihan: {allowed})",
            f"'{raw}' is not a known {what_en} (one of: {allowed})",
        )
    return code


# Status kepegawaian [2].
STATUSES = ("PNS", "CPNS", "PPPK", "PPPK_PW")
_STATUS = {_key(s): s for s in STATUSES} | {
    "pppkparuhwaktu": "PPPK_PW",
    "pppkpenuhwaktu": "PPPK",
    "calonpns": "CPNS",
}


def parse_status(raw: str) -> str:
    return _parse(raw, _STATUS, "STATUS", "status kepegawaian", "employment status")


# Education levels with ordinals; D-IV and S1 share 7 [12]. SIASN tkPendidikanId accepted.
EDUCATION_ORDINAL: dict[str, int] = {
    "SD": 1,
    "SMP": 2,
    "SMA": 3,
    "D1": 4,
    "D2": 5,
    "D3": 6,
    "D4": 7,
    "S1": 7,
    "S2": 8,
    "S3": 9,
}
_EDUCATION = {_key(k): k for k in EDUCATION_ORDINAL} | {
    "sltp": "SMP",
    "slta": "SMA",
    "smk": "SMA",
    "sltakejuruan": "SMA",
    "sltpkejuruan": "SMP",
    "diplomai": "D1",
    "diplomaii": "D2",
    "diplomaiii": "D3",
    "diplomaiv": "D4",
    "di": "D1",
    "dii": "D2",
    "diii": "D3",
    "div": "D4",
    "sarjanamuda": "D3",
    "sarjana": "S1",
    "magister": "S2",
    "doktor": "S3",
    "s1sarjana": "S1",
    "s2": "S2",
    "s3doktor": "S3",
    "05": "SD",
    "10": "SMP",
    "12": "SMP",
    "15": "SMA",
    "17": "SMA",
    "18": "SMA",
    "20": "D1",
    "25": "D2",
    "30": "D3",
    "35": "D4",
    "40": "S1",
    "45": "S2",
    "50": "S3",
}


def parse_education_level(raw: str) -> str:
    return _parse(raw, _EDUCATION, "EDU-LEVEL", "jenjang pendidikan", "education level")


# SKP predikat (PermenPANRB 6/2022) with ordinal 5..1 [9.2].
PREDIKAT_ORDINAL = {
    "SANGAT_BAIK": 5,
    "BAIK": 4,
    "BUTUH_PERBAIKAN": 3,
    "KURANG": 2,
    "SANGAT_KURANG": 1,
}
_PREDIKAT = {_key(k): k for k in PREDIKAT_ORDINAL} | {
    "kurangmisconduct": "KURANG",
    "misconduct": "KURANG",
    # PP 46/2011 scale (<= 2020), mapped as documented [9.4]: Cukup -> Butuh Perbaikan,
    # Buruk -> Sangat Kurang.
    "cukup": "BUTUH_PERBAIKAN",
    "buruk": "SANGAT_KURANG",
}


def parse_predikat(raw: str) -> str:
    return _parse(raw, _PREDIKAT, "SKP-PREDIKAT", "predikat kinerja", "performance rating")


RATINGS = ("DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI")
_RATING = {_key(k): k for k in RATINGS} | {
    "diatas": RATINGS[0],
    "sesuai": RATINGS[1],
    "dibawah": RATINGS[2],
}


def parse_rating(raw: str) -> str:
    return _parse(raw, _RATING, "SKP-RATING", "rating hasil/perilaku kerja", "SKP rating")


def predikat_from_ratings(hasil_kerja: str, perilaku_kerja: str) -> str:
    """The predikat matrix of PermenPANRB 6/2022 [9.2]."""
    above, _meets, below = RATINGS
    if hasil_kerja == below:
        return "SANGAT_KURANG" if perilaku_kerja == below else "BUTUH_PERBAIKAN"
    if perilaku_kerja == below:
        return "KURANG"
    if hasil_kerja == above and perilaku_kerja == above:
        return "SANGAT_BAIK"
    return "BAIK"


# The 8 managerial competencies and the socio-cultural one (PermenPANRB 38/2017) [6.2].
COMPETENCIES: dict[str, str] = {
    "M.01": "Integritas",
    "M.02": "Kerjasama",
    "M.03": "Komunikasi",
    "M.04": "Orientasi pada Hasil",
    "M.05": "Pelayanan Publik",
    "M.06": "Pengembangan Diri dan Orang Lain",
    "M.07": "Mengelola Perubahan",
    "M.08": "Pengambilan Keputusan",
    "SK.01": "Perekat Bangsa",
}
_COMPETENCY = {_key(k): k for k in COMPETENCIES} | {_key(v): k for k, v in COMPETENCIES.items()}


def parse_competency(raw: str) -> str:
    return _parse(raw, _COMPETENCY, "COMPETENCY", "kompetensi", "competency")


def check_competency_level(level: int) -> int:
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
        raise RuleViolation(
            "COMPETENCY-LEVEL",
            f"level kompetensi harus bilangan bulat 1-5, bukan {level!r}",
            f"competency level must be an integer 1-5, not {level!r}",
        )
    return level


# Jabatan jenis and jenjang (UU 20/2023) [4.1].
JENJANG: dict[str, tuple[str, ...]] = {
    "JPT": ("UTAMA", "MADYA", "PRATAMA"),
    "ADMINISTRATOR": (),
    "PENGAWAS": (),
    "PELAKSANA": (),
    "JF": (
        "AHLI_UTAMA",
        "AHLI_MADYA",
        "AHLI_MUDA",
        "AHLI_PERTAMA",
        "PENYELIA",
        "MAHIR",
        "TERAMPIL",
        "PEMULA",
    ),
}
_JENIS = {_key(k): k for k in JENJANG} | {
    "jabatanpimpinantinggi": "JPT",
    "fungsional": "JF",
    "jabatanfungsional": "JF",
    "fungsionaltertentu": "JF",
    "fungsionalumum": "PELAKSANA",
    "administrasi": "ADMINISTRATOR",
}
_JENJANG = {_key(j): j for js in JENJANG.values() for j in js} | {
    "jptutama": "UTAMA",
    "jptmadya": "MADYA",
    "jptpratama": "PRATAMA",
}


def parse_jenis_jabatan(raw: str) -> str:
    return _parse(raw, _JENIS, "JABATAN-JENIS", "jenis jabatan", "position type")


def parse_jenjang(jenis: str, raw: str | None) -> str | None:
    """Jenjang of a jenis: required for JPT and JF, absent for the others."""
    allowed = JENJANG[jenis]
    if not allowed:
        if raw:
            raise RuleViolation(
                "JABATAN-JENJANG",
                f"jabatan {jenis} tidak memiliki jenjang (diberikan '{raw}')",
                f"a {jenis} position has no jenjang (got '{raw}')",
            )
        return None
    if not raw:
        raise RuleViolation(
            "JABATAN-JENJANG",
            f"jenjang wajib diisi untuk jabatan {jenis} ({', '.join(allowed)})",
            f"jenjang is required for a {jenis} position ({', '.join(allowed)})",
        )
    code = _JENJANG.get(_key(raw))
    if code not in allowed:
        raise RuleViolation(
            "JABATAN-JENJANG",
            f"'{raw}' bukan jenjang jabatan {jenis} ({', '.join(allowed)})",
            f"'{raw}' is not a jenjang of {jenis} ({', '.join(allowed)})",
        )
    return code


# Training kinds and leadership trainings (Peraturan LAN) [5.4].
TRAINING_KINDS = ("KEPEMIMPINAN", "FUNGSIONAL", "TEKNIS", "LAINNYA")
_TRAINING_KIND = {_key(k): k for k in TRAINING_KINDS} | {
    "struktural": "KEPEMIMPINAN",
    "diklatpim": "KEPEMIMPINAN",
    "seminar": "LAINNYA",
}
LEADERSHIP = ("PKN_I", "PKN_II", "PKA", "PKP")
_LEADERSHIP = {_key(k): k for k in LEADERSHIP} | {
    "diklatpimi": "PKN_I",
    "diklatpimtki": "PKN_I",
    "pkntki": "PKN_I",
    "pkntingkati": "PKN_I",
    "diklatpimii": "PKN_II",
    "diklatpimtkii": "PKN_II",
    "pkntkii": "PKN_II",
    "pkntingkatii": "PKN_II",
    "diklatpimiii": "PKA",
    "diklatpimtkiii": "PKA",
    "pelatihankepemimpinanadministrator": "PKA",
    "diklatpimiv": "PKP",
    "diklatpimtkiv": "PKP",
    "pelatihankepemimpinanpengawas": "PKP",
}


def parse_training_kind(raw: str) -> str:
    return _parse(raw, _TRAINING_KIND, "TRAINING-KIND", "jenis pelatihan", "training kind")


def parse_leadership(raw: str) -> str:
    return _parse(
        raw, _LEADERSHIP, "TRAINING-LEADERSHIP", "pelatihan kepemimpinan", "leadership training"
    )


# Hukuman disiplin levels (PP 94/2021) [10.1].
DISCIPLINE_LEVELS = ("RINGAN", "SEDANG", "BERAT")
_DISCIPLINE = {_key(k): k for k in DISCIPLINE_LEVELS} | {"1": "RINGAN", "2": "SEDANG", "3": "BERAT"}


def parse_discipline_level(raw: str) -> str:
    return _parse(
        raw, _DISCIPLINE, "DISCIPLINE-LEVEL", "tingkat hukuman disiplin", "discipline level"
    )


# Potential (potensi) categories of a potential assessment, kept apart from competency
# (domain reference §6.5, §8.1): the 9-box's potential axis (PermenPANRB 3/2020).
POTENTIAL_LEVEL = {"RENDAH": 1, "MENENGAH": 2, "TINGGI": 3}
POTENTIAL_LABEL = {"RENDAH": "rendah", "MENENGAH": "menengah", "TINGGI": "tinggi"}
_POTENTIAL = {_key(k): k for k in POTENTIAL_LEVEL} | {"sedang": "MENENGAH", "cukup": "MENENGAH"}


def parse_potential_category(raw: str) -> str:
    return _parse(raw, _POTENTIAL, "POTENTIAL-CATEGORY", "kategori potensi", "potential category")


INNOVATION_KINDS = ("INOVASI", "KARYA_TULIS")
_INNOVATION = {_key(k): k for k in INNOVATION_KINDS} | {
    "karyailmiah": "KARYA_TULIS",
    "publikasi": "KARYA_TULIS",
}


def parse_innovation_kind(raw: str) -> str:
    return _parse(raw, _INNOVATION, "INNOVATION-KIND", "jenis inovasi/karya", "innovation kind")


# The four factors of a fit score and their Indonesian names (ranking's explanations, the
# chat's answers and the console say the same words).
FACTOR_LABELS: dict[str, str] = {
    "competency": "kompetensi",
    "performance": "kinerja",
    "expertise": "keahlian bidang",
    "track_record": "rekam jejak",
}
