"""The Indonesian label of every code the system shows a person: one table for the console
(the gateway serves it as `GET /v1/labels`), the chat's answers and the ranking's
explanations, so that a rule, a field, a jenjang or a predikat reads the same everywhere and
no page shows ELIG-GOL, kelautan_perikanan or SANGAT_BAIK.

Each table maps a code to the words a BKPSDM officer uses. Labels are written to stand
alone (a list, a column, a chip): capitalised where Indonesian capitalises them (names of
posts, of competencies, of predikat as PermenPANRB 6/2022 writes them), lower case where
the word is a common noun used inside a sentence (factors, sources).
"""

from __future__ import annotations

from functools import lru_cache

from potret_asn_rules.domains import domains
from potret_asn_rules.provenance import GROUPS, SOURCE_LABELS
from potret_asn_rules.vocab import (
    COMPETENCIES,
    DISCIPLINE_LEVELS,
    EDUCATION_ORDINAL,
    FACTOR_LABELS,
    INNOVATION_KINDS,
    JENJANG,
    LEADERSHIP,
    POTENTIAL_LEVEL,
    PREDIKAT_ORDINAL,
    RATINGS,
    STATUSES,
    TRAINING_KINDS,
)

# The eligibility rules of a position: (what is checked, legal source). Defined here, where
# every reader of a rule's name finds it; the ranking service evaluates them.
RULES: dict[str, tuple[str, str]] = {
    "ELIG-STATUS": (
        "Berstatus PNS dan berkedudukan aktif",
        "UU 20/2023; PP 11/2017 Pasal 54 dan 107",
    ),
    "ELIG-EDU": ("Pendidikan minimal", "PP 11/2017 Pasal 54 dan 107"),
    "ELIG-MAJOR": ("Jurusan pendidikan terkait jabatan", "Persyaratan jabatan instansi"),
    "ELIG-GOL": (
        "Golongan minimal",
        "Persyaratan jabatan instansi (praktik PP 13/2002 tentang eselon)",
    ),
    "ELIG-PRIOR": (
        "Masa jabatan pada tingkat sebelumnya",
        "PP 11/2017 Pasal 54 dan 107 (diubah PP 17/2020)",
    ),
    "ELIG-FIELD-EXP": ("Pengalaman di bidang jabatan", "PP 11/2017 Pasal 107"),
    "ELIG-KINERJA": ("Predikat kinerja (SKP) tahun-tahun terakhir", "PP 11/2017 Pasal 54"),
    "ELIG-HUKDIS-ACTIVE": ("Tidak sedang menjalani hukuman disiplin", "PP 94/2021"),
    "ELIG-HUKDIS-HISTORY": (
        "Tidak ada hukuman disiplin sedang/berat dalam tahun-tahun terakhir",
        "PP 94/2021; praktik seleksi jabatan",
    ),
    "ELIG-BUP": ("Sisa masa kerja sebelum batas usia pensiun", "PP 11/2017 Pasal 239"),
    "ELIG-AGE": (
        "Usia pada saat pendaftaran JPT",
        "PP 11/2017 Pasal 107 sebagaimana diubah PP 17/2020 (JPT pratama 56 tahun; "
        "JPT madya dan utama 58 tahun)",
    ),
    "ELIG-TRAINING": ("Pelatihan kepemimpinan yang disyaratkan", "Peraturan LAN 15/2019"),
}

JENIS_JABATAN = {
    "JPT": "Jabatan Pimpinan Tinggi",
    "ADMINISTRATOR": "Jabatan Administrator",
    "PENGAWAS": "Jabatan Pengawas",
    "PELAKSANA": "Jabatan Pelaksana",
    "JF": "Jabatan Fungsional",
}
# The holders of each jenis, as a sentence names them ("calon pejabat administrator").
JENIS_PEJABAT = {
    "JPT": "pejabat pimpinan tinggi",
    "ADMINISTRATOR": "pejabat administrator",
    "PENGAWAS": "pejabat pengawas",
    "PELAKSANA": "pelaksana",
    "JF": "pejabat fungsional",
}
JENJANG_LABELS = {
    "UTAMA": "Utama",
    "MADYA": "Madya",
    "PRATAMA": "Pratama",
    "AHLI_UTAMA": "Ahli Utama",
    "AHLI_MADYA": "Ahli Madya",
    "AHLI_MUDA": "Ahli Muda",
    "AHLI_PERTAMA": "Ahli Pertama",
    "PENYELIA": "Penyelia",
    "MAHIR": "Mahir",
    "TERAMPIL": "Terampil",
    "PEMULA": "Pemula",
}
PREDIKAT_LABELS = {
    "SANGAT_BAIK": "Sangat Baik",
    "BAIK": "Baik",
    "BUTUH_PERBAIKAN": "Butuh Perbaikan",
    "KURANG": "Kurang",
    "SANGAT_KURANG": "Sangat Kurang",
}
RATING_LABELS = {
    "DI_ATAS_EKSPEKTASI": "Di atas ekspektasi",
    "SESUAI_EKSPEKTASI": "Sesuai ekspektasi",
    "DI_BAWAH_EKSPEKTASI": "Di bawah ekspektasi",
}
STATUS_LABELS = {
    "PNS": "PNS",
    "CPNS": "CPNS",
    "PPPK": "PPPK",
    "PPPK_PW": "PPPK paruh waktu",
}
# Kedudukan hukum as the records hold it (SIASN kedudukanPnsNama, upper case with _): the
# usual ones; another is shown in its own words (`label` makes words of any code).
KEDUDUKAN_LABELS = {
    "AKTIF": "Aktif",
    "TUGAS_BELAJAR": "Tugas belajar",
    "CLTN": "Cuti di luar tanggungan negara",
    "DIBERHENTIKAN_SEMENTARA": "Diberhentikan sementara",
    "PENSIUN": "Pensiun",
    "MENINGGAL": "Meninggal",
}
EDUCATION_LABELS = {
    "SD": "SD",
    "SMP": "SMP",
    "SMA": "SMA/sederajat",
    "D1": "D-I",
    "D2": "D-II",
    "D3": "D-III",
    "D4": "D-IV",
    "S1": "S-1",
    "S2": "S-2",
    "S3": "S-3",
}
TRAINING_KIND_LABELS = {
    "KEPEMIMPINAN": "Pelatihan kepemimpinan",
    "FUNGSIONAL": "Pelatihan fungsional",
    "TEKNIS": "Pelatihan teknis",
    "LAINNYA": "Pengembangan kompetensi lainnya",
}
LEADERSHIP_LABELS = {
    "PKN_I": "PKN Tingkat I",
    "PKN_II": "PKN Tingkat II",
    "PKA": "PKA",
    "PKP": "PKP",
}
DISCIPLINE_LABELS = {"RINGAN": "Ringan", "SEDANG": "Sedang", "BERAT": "Berat"}
POTENTIAL_LABELS = {"RENDAH": "Rendah", "MENENGAH": "Menengah", "TINGGI": "Tinggi"}
INNOVATION_LABELS = {"INOVASI": "Inovasi", "KARYA_TULIS": "Karya tulis"}
# The personal data of a record (never scored, shown only to roles that need it).
PERSONAL_LABELS = {
    "nik": "NIK",
    "birth_place": "Tempat lahir",
    "address": "Alamat",
    "religion": "Agama",
    "marital_status": "Status perkawinan",
}
GENDER_LABELS = {"L": "Laki-laki", "P": "Perempuan"}
# The fields of a record, for corrections, quality reports and errors.
FIELD_LABELS = {
    "nip": "NIP",
    "name": "Nama",
    "full_name": "Nama dengan gelar",
    "gelar_depan": "Gelar depan",
    "gelar_belakang": "Gelar belakang",
    "status": "Status kepegawaian",
    "golongan": "Golongan",
    "tmt_golongan": "TMT golongan",
    "jabatan": "Jabatan",
    "jenis_jabatan": "Jenis jabatan",
    "jenjang": "Jenjang",
    "opd": "OPD",
    "unit": "Unit kerja",
    "opd_id": "Kode unor OPD",
    "unit_id": "Kode unor unit kerja",
    "tmt_jabatan": "TMT jabatan",
    "kedudukan": "Kedudukan hukum",
    "nip_lama": "NIP lama",
    "tmt_pensiun": "TMT pensiun",
    "bup_pensiun": "Batas usia pensiun",
    "birth_date": "Tanggal lahir",
    "tmt_cpns": "TMT CPNS",
    "tmt_pns": "TMT PNS",
    "positions": "Riwayat jabatan",
    "education": "Pendidikan",
    "trainings": "Pelatihan",
    "skp": "SKP",
    "assessments": "Asesmen kompetensi",
    "discipline": "Hukuman disiplin",
    "awards": "Penghargaan",
    "certifications": "Sertifikasi",
    "innovations": "Inovasi",
    "golongan_history": "Riwayat pangkat",
    "angka_kredit": "Angka kredit",
    "skp_periodik": "Kinerja periodik",
    "personal": "Data pribadi",
} | PERSONAL_LABELS
# The field groups a record's provenance and quality are told by.
GROUP_LABELS = {
    "identitas": "Identitas",
    "pangkat": "Pangkat/golongan",
    "jabatan": "Jabatan",
    "pendidikan": "Pendidikan",
    "pelatihan": "Pelatihan dan sertifikasi",
    "skp": "SKP",
    "kompetensi": "Asesmen kompetensi",
    "disiplin": "Disiplin",
    "penghargaan": "Penghargaan dan inovasi",
    "pribadi": "Data pribadi",
}
# The dimensions of the fairness report (the groups compared, never scored).
DIMENSION_LABELS = {"jenis_kelamin": "Jenis kelamin", "usia": "Kelompok usia"}
# The breakdowns of a count the chat answers ("rincian per jenis jabatan").
GROUP_BY_LABELS = {
    "opd": "OPD",
    "golongan": "golongan",
    "pendidikan": "pendidikan",
    "jenis_jabatan": "jenis jabatan",
    "status": "status kepegawaian",
    "jenis_kelamin": "jenis kelamin",
}

# Where a candidate stands on a saved shortlist (daftar pendek) of the console.
SHORTLIST_STATUS_LABELS = {
    "diusulkan": "Diusulkan",
    "dinilai": "Dinilai",
    "dipilih": "Dipilih",
    "tidak_dipilih": "Tidak dipilih",
}

# Tables whose codes must all be labelled, checked against the vocabulary they come from.
_CODES = {
    "jenis_jabatan": tuple(JENJANG),
    "jenjang": tuple(j for js in JENJANG.values() for j in js),
    "predikat": tuple(PREDIKAT_ORDINAL),
    "rating": RATINGS,
    "status": STATUSES,
    "education_level": tuple(EDUCATION_ORDINAL),
    "training_kind": TRAINING_KINDS,
    "leadership": LEADERSHIP,
    "discipline": DISCIPLINE_LEVELS,
    "potential": tuple(POTENTIAL_LEVEL),
    "innovation_kind": INNOVATION_KINDS,
}


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, str]]:
    """Every table: kind -> code -> label. Raises if a vocabulary code has no label."""
    tables = {
        "rule": {code: name for code, (name, _source) in RULES.items()},
        "rule_source": {code: source for code, (_name, source) in RULES.items()},
        "domain": {code: d.name for code, d in domains().items()},
        "competency": dict(COMPETENCIES),
        "factor": dict(FACTOR_LABELS),
        "jenis_jabatan": JENIS_JABATAN,
        "jenis_pejabat": JENIS_PEJABAT,
        "jenjang": JENJANG_LABELS,
        "predikat": PREDIKAT_LABELS,
        "rating": RATING_LABELS,
        "status": STATUS_LABELS,
        "kedudukan": KEDUDUKAN_LABELS,
        "education_level": EDUCATION_LABELS,
        "training_kind": TRAINING_KIND_LABELS,
        "leadership": LEADERSHIP_LABELS,
        "discipline": DISCIPLINE_LABELS,
        "potential": POTENTIAL_LABELS,
        "innovation_kind": INNOVATION_LABELS,
        "personal": PERSONAL_LABELS,
        "gender": GENDER_LABELS,
        "source": dict(SOURCE_LABELS),
        "field": FIELD_LABELS,
        "group": GROUP_LABELS,
        "group_by": GROUP_BY_LABELS,
        "dimension": DIMENSION_LABELS,
        "shortlist_status": SHORTLIST_STATUS_LABELS,
    }
    fields = {name for names in GROUPS.values() for name in names}
    if fields - set(FIELD_LABELS) or set(GROUPS) - set(GROUP_LABELS):
        raise ValueError(
            f"labels: fields {sorted(fields - set(FIELD_LABELS))} or groups "
            f"{sorted(set(GROUPS) - set(GROUP_LABELS))} have no label"
        )
    for kind, codes in _CODES.items():
        missing = sorted(set(codes) - set(tables[kind]))
        if missing:
            raise ValueError(f"labels: {kind} has no label for {missing}")
    return tables


def label(kind: str, code: str) -> str:
    """The label of `code` in table `kind`; a code no table knows, in its own words
    ("TUGAS_BELAJAR" -> "Tugas belajar"), never the bare code."""
    found = labels().get(kind, {}).get(code)
    if found is not None:
        return found
    words = code.replace("_", " ").strip()
    return words[:1].upper() + words[1:].lower() if words.isupper() else words
