"""The ASN record and the position catalogue as the profile service stores and serves them.

Field-level rules (vocabularies, formats, ranges) are pydantic validators; rules that relate
several fields (dates in order, one SKP per year ...) are in `potret_profile.domain.rules`.
Sensitive personal data lives only under `personal` and is marked `x-sensitive` in the schema.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from potret_asn_rules import (
    RuleViolation,
    check_domain,
    parse_golongan,
    parse_nip,
    parse_pppk_golongan,
    vocab,
)
from potret_asn_rules.career import check_requirement_floor

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
OptText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
Year = Annotated[int, Field(ge=1940, le=2100)]

EducationLevel = Annotated[str, AfterValidator(vocab.parse_education_level), Field(examples=["S1"])]
Predikat = Annotated[str, AfterValidator(vocab.parse_predikat), Field(examples=["BAIK"])]
Rating = Annotated[str, AfterValidator(vocab.parse_rating)]
JenisJabatan = Annotated[str, AfterValidator(vocab.parse_jenis_jabatan), Field(examples=["JF"])]
TrainingKind = Annotated[str, AfterValidator(vocab.parse_training_kind)]
Leadership = Annotated[str, AfterValidator(vocab.parse_leadership)]
DisciplineLevel = Annotated[str, AfterValidator(vocab.parse_discipline_level)]
InnovationKind = Annotated[str, AfterValidator(vocab.parse_innovation_kind)]
PotentialCategory = Annotated[
    str, AfterValidator(vocab.parse_potential_category), Field(examples=["TINGGI"])
]
Status = Annotated[str, AfterValidator(vocab.parse_status), Field(examples=["PNS"])]
DomainCode = Annotated[str, AfterValidator(check_domain), Field(examples=["kelautan_perikanan"])]
Level = Annotated[int, AfterValidator(vocab.check_competency_level)]

# A record of the store: an ASN profile (keyed by NIP) or a position of the catalogue.
Kind = Literal["profiles", "positions"]


def _pns_nip(value: str) -> str:
    return parse_nip(value).nip


def _golongan_pns(value: str) -> str:
    return parse_golongan(value).code


Nip = Annotated[
    str,
    AfterValidator(_pns_nip),
    Field(description="NIP 18 digit (spasi boleh)", examples=["198609262015051001"]),
]
GolonganPns = Annotated[str, AfterValidator(_golongan_pns), Field(examples=["IV/a"])]


def _competencies(value: dict[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for code, level in value.items():
        canonical = vocab.parse_competency(code)
        if canonical in out:
            raise RuleViolation(
                "COMPETENCY-DUP",
                f"kompetensi {canonical} disebut lebih dari sekali",
                f"competency {canonical} given more than once",
            )
        out[canonical] = vocab.check_competency_level(level)
    return out


ManagerialLevels = Annotated[dict[str, int], AfterValidator(_competencies)]


def _teknis(value: dict[str, int]) -> dict[str, int]:
    return {name.strip(): vocab.check_competency_level(level) for name, level in value.items()}


TeknisLevels = Annotated[dict[str, int], AfterValidator(_teknis)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PositionRecordIn(Record):
    """One entry of the position history (riwayat jabatan)."""

    jabatan: ShortText
    jenis: JenisJabatan
    # Validated when left out too: JPT and JF need one (a JF imported without it was
    # stored, then a 500 on every read of the record).
    jenjang: str | None = Field(default=None, validate_default=True)
    opd: ShortText
    unit: OptText = ""
    tmt_start: dt.date
    tmt_end: dt.date | None = None
    opd_id: OptText = ""  # BKN's unor ids (SIASN rw-jabatan unorIndukId, unorId)
    unit_id: OptText = ""
    tmt_pelantikan: dt.date | None = Field(
        default=None, description="tanggal pelantikan menurut SIASN (tmtPelantikan)"
    )

    @field_validator("jenjang")
    @classmethod
    def _jenjang(cls, value: str | None, info: ValidationInfo) -> str | None:
        jenis = info.data.get("jenis")
        return vocab.parse_jenjang(jenis, value) if jenis else value


class EducationIn(Record):
    level: EducationLevel
    major: OptText = ""
    institution: OptText = ""
    year: Year
    is_profesi: bool = False


class TrainingIn(Record):
    kind: TrainingKind
    name: ShortText
    leadership: Leadership | None = None
    hours: int = Field(default=0, ge=0, le=5000)
    year: Year
    institution: OptText = ""


class SkpIn(Record):
    year: Year
    predikat: Predikat | None = None
    hasil_kerja: Rating | None = None
    perilaku_kerja: Rating | None = None
    nilai: float | None = Field(default=None, ge=0, le=120)


class RankIn(Record):
    """One step of the pangkat history (SIASN rw-golongan)."""

    golongan: ShortText = Field(examples=["III/c"])
    tmt: dt.date
    jenis_kp: OptText = ""
    masa_kerja_tahun: int | None = Field(default=None, ge=0, le=50)
    masa_kerja_bulan: int | None = Field(default=None, ge=0, le=11)

    @field_validator("golongan")
    @classmethod
    def _golongan(cls, value: str) -> str:
        return parse_golongan(value).code


class CreditIn(Record):
    """Angka kredit of a JF for a period (SIASN rw-angkakredit; PermenPANRB 1/2023)."""

    start: Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] | None = None
    end: Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] | None = None
    utama: float | None = Field(default=None, ge=0, le=2000)
    penunjang: float | None = Field(default=None, ge=0, le=2000)
    total: float = Field(ge=0, le=4000)
    jabatan: OptText = ""


class PeriodicIn(Record):
    """A periodic performance rating within a year (SIASN rw-kinerjaperiodik)."""

    year: Year
    period: ShortText
    predikat: Predikat


class AssessmentIn(Record):
    date: dt.date
    institution: OptText = ""
    managerial: ManagerialLevels = Field(default_factory=dict, examples=[{"M.01": 3, "SK.01": 3}])
    teknis: TeknisLevels = Field(default_factory=dict)
    jpm: float | None = Field(default=None, ge=0, le=300)
    # Potential (potensi), apart from competency (domain reference §6.5): the report's score
    # on 0-100 and/or its category. The 9-box's potential axis reads only these.
    potential_score: float | None = Field(default=None, ge=0, le=100)
    potential_category: PotentialCategory | None = None


class DisciplineIn(Record):
    level: DisciplineLevel
    form: ShortText
    tmt: dt.date
    end: dt.date | None = None
    legal_basis: OptText = "PP 94/2021"
    cancelled: bool = False


class AwardIn(Record):
    name: ShortText
    year: Year
    issuer: OptText = ""


class CertificationIn(Record):
    name: ShortText
    issuer: OptText = ""
    year: Year


class InnovationIn(Record):
    kind: InnovationKind
    title: ShortText
    abstract: LongText = ""
    year: Year
    role: OptText = ""


def _nik(value: str) -> str:
    if not re.fullmatch(r"\d{16}", value):
        raise RuleViolation("NIK-FMT", "NIK harus 16 digit angka", "NIK must be 16 digits")
    return value


class PersonalData(Record):
    """Sensitive personal data (UU 27/2022): stored, masked for most roles, never scored."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"x-sensitive": True})

    nik: Annotated[str, AfterValidator(_nik)] | None = None
    birth_place: OptText | None = None
    address: LongText | None = None
    religion: OptText | None = None
    marital_status: OptText | None = None


SENSITIVE_FIELDS = ("personal",)


class ProfileFields(Record):
    """The editable fields of an ASN record."""

    status: Status = "PNS"
    name: Name = Field(examples=["Siti Aminah"])
    gelar_depan: OptText = Field(default="", examples=["Dr."])
    gelar_belakang: OptText = Field(default="", examples=["S.Pi., M.Si."])
    golongan: ShortText = Field(description="PNS: I/a..IV/e; PPPK: I..XVII", examples=["III/c"])
    tmt_golongan: dt.date | None = None
    jabatan: ShortText = Field(examples=["Penyuluh Perikanan Ahli Muda"])
    jenis_jabatan: JenisJabatan | None = None
    # Validated when left out too: JPT and JF need one (a JF imported without it was
    # stored, then a 500 on every read of the record).
    jenjang: str | None = Field(default=None, validate_default=True)
    opd: ShortText = Field(examples=["Dinas Perikanan"])
    unit: OptText = ""
    # BKN's unor ids (SIASN unorIndukId, unorId): the stable keys where names change.
    opd_id: OptText = ""
    unit_id: OptText = ""
    tmt_jabatan: dt.date | None = None
    kedudukan: OptText = "AKTIF"
    nip_lama: Annotated[str, StringConstraints(pattern=r"^\d{9}$")] | None = None
    # Retirement as BKN's SIASN records it (preferred over the birth date in the NIP and the
    # jabatan's BUP, domain reference §11); left out: computed from those.
    tmt_pensiun: dt.date | None = Field(
        default=None, description="TMT pensiun menurut SIASN (tmtPensiun)"
    )
    bup_pensiun: int | None = Field(  # 58, 60, 65, 70 (PP 11/2017 Pasal 239; UU 14/2005)
        default=None, ge=58, le=70, description="batas usia pensiun menurut SIASN (bupPensiun)"
    )
    # As BKN's SIASN records them (data-utama tglLahir, tmtCpns, tmtPns). The NIP encodes
    # the birth date and the TMT CPNS month too; a record that differs is kept (corrections
    # happen after a NIP is issued) and flagged by the quality report (NIP-CONSIST).
    birth_date: dt.date | None = Field(
        default=None, description="tanggal lahir menurut SIASN (tglLahir)"
    )
    tmt_cpns: dt.date | None = Field(default=None, description="TMT CPNS menurut SIASN (tmtCpns)")
    tmt_pns: dt.date | None = Field(default=None, description="TMT PNS menurut SIASN (tmtPns)")
    positions: list[PositionRecordIn] = Field(default_factory=list, max_length=200)
    education: list[EducationIn] = Field(default_factory=list, max_length=50)
    trainings: list[TrainingIn] = Field(default_factory=list, max_length=500)
    skp: list[SkpIn] = Field(default_factory=list, max_length=60)
    assessments: list[AssessmentIn] = Field(default_factory=list, max_length=50)
    discipline: list[DisciplineIn] = Field(default_factory=list, max_length=100)
    awards: list[AwardIn] = Field(default_factory=list, max_length=200)
    certifications: list[CertificationIn] = Field(default_factory=list, max_length=200)
    innovations: list[InnovationIn] = Field(default_factory=list, max_length=200)
    golongan_history: list[RankIn] = Field(default_factory=list, max_length=60)
    angka_kredit: list[CreditIn] = Field(default_factory=list, max_length=200)
    skp_periodik: list[PeriodicIn] = Field(default_factory=list, max_length=240)
    personal: PersonalData | None = None

    @field_validator("golongan")
    @classmethod
    def _golongan(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("status") in ("PPPK", "PPPK_PW"):
            return parse_pppk_golongan(value)
        return parse_golongan(value).code

    @field_validator("jenjang")
    @classmethod
    def _jenjang(cls, value: str | None, info: ValidationInfo) -> str | None:
        jenis = info.data.get("jenis_jabatan")
        return vocab.parse_jenjang(jenis, value) if jenis else value


class ProfileCreate(ProfileFields):
    """Body of a profile creation."""

    nip: str = Field(description="NIP 18 digit (spasi boleh)", examples=["198609262015051001"])

    @field_validator("nip")
    @classmethod
    def _nip(cls, value: str, info: ValidationInfo) -> str:
        scheme: Literal["PNS", "PPPK"] = (
            "PPPK" if info.data.get("status") in ("PPPK", "PPPK_PW") else "PNS"
        )
        return parse_nip(value, scheme=scheme).nip


class ProfileUpdate(ProfileFields):
    """Body of a full profile update (PUT)."""


class ProvenanceEntry(BaseModel):
    """Where a field group came from and how old it is."""

    source: str = Field(description="siasn, csv, impor, api (isian manual) atau koreksi")
    ref: str = Field(default="", description="id batch impor atau id koreksi")
    by: str = Field(default="", description="siapa yang menulis (dari gateway)")
    changed_at: str = Field(description="kapan kelompok ini terakhir berubah (UTC)")
    confirmed_at: str = Field(description="kapan terakhir dikonfirmasi sumbernya (UTC)")
    text: str = Field(default="", description="mis. 'sumber SIASN, impor 2026-10-02'")


class ProfilePublic(ProfileCreate):
    """A stored profile with its version and timestamps."""

    model_config = ConfigDict(extra="ignore")

    full_name: str = ""
    version: int = Field(ge=1, description="Naik 1 setiap perubahan")
    created_at: dt.datetime
    updated_at: dt.datetime
    content_digest: str = Field(
        default="",
        description="Sidik isi yang diterbitkan ke event (16 hex SHA-256); sama di indeks "
        "pencarian dan model baca ranking bila keduanya mutakhir",
    )
    provenance: dict[str, ProvenanceEntry] = Field(
        default_factory=dict,
        description="Asal tiap kelompok data (identitas, pangkat, jabatan, pendidikan, "
        "pelatihan, skp, kompetensi, disiplin, penghargaan, pribadi)",
    )


class ProfilesPublic(BaseModel):
    """A page of profiles."""

    data: list[ProfilePublic]
    count: int
    next_cursor: str | None = None


# ---- Position catalogue ----------------------------------------------------------------


class RequirementsIn(Record):
    """Requirements of a position; each is optional and documented with its legal source."""

    min_education: EducationLevel | None = None
    related_majors: list[ShortText] = Field(default_factory=list, max_length=100)
    min_golongan: GolonganPns | None = None
    min_years_prior: int = Field(default=0, ge=0, le=40)
    prior_jenis: JenisJabatan | None = None
    prior_jenjang: str | None = None
    required_training: Leadership | None = None
    # Unset (None): the ranking policy's default applies at scoring time and is named as a
    # default there; only what the position sets is stored (0 included).
    discipline_clean_years: int | None = Field(default=None, ge=0, le=10)
    min_months_before_bup: int | None = Field(default=None, ge=0, le=120)

    @field_validator("prior_jenjang")
    @classmethod
    def _prior_jenjang(cls, value: str | None, info: ValidationInfo) -> str | None:
        jenis = info.data.get("prior_jenis")
        return vocab.parse_jenjang(jenis, value) if jenis else value


PositionId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$"),
    Field(description="huruf kecil, angka, tanda hubung", examples=["diskan-kepala-dinas"]),
]


class PositionFields(Record):
    name: ShortText = Field(examples=["Kepala Dinas Perikanan"])
    jenis: JenisJabatan
    # Validated when left out too: JPT and JF need one (was stored, then a 500 on reading).
    jenjang: str | None = Field(default=None, validate_default=True)
    opd: ShortText = Field(examples=["Dinas Perikanan"])
    unit: OptText = ""
    domains: list[DomainCode] = Field(min_length=1, max_length=10)
    requirements: RequirementsIn = Field(default_factory=RequirementsIn)
    competency_standard: ManagerialLevels = Field(default_factory=dict)
    holder_nip: Nip | None = Field(default=None, description="Kosong bila lowong")

    @field_validator("jenjang")
    @classmethod
    def _jenjang(cls, value: str | None, info: ValidationInfo) -> str | None:
        jenis = info.data.get("jenis")
        return vocab.parse_jenjang(jenis, value) if jenis else value

    @field_validator("requirements")
    @classmethod
    def _floor(cls, value: RequirementsIn, info: ValidationInfo) -> RequirementsIn:
        # A post may ask for more than PP 11/2017 Pasal 54/107, never for less (REQ-FLOOR;
        # the ranking service reads inline positions with the same check).
        if jenis := info.data.get("jenis"):
            education = vocab.EDUCATION_ORDINAL.get(value.min_education or "")
            check_requirement_floor(jenis, education, value.min_years_prior or None)
        return value


class PositionCreate(PositionFields):
    position_id: PositionId


class PositionUpdate(PositionFields):
    pass


class PositionPublic(PositionCreate):
    model_config = ConfigDict(extra="ignore")

    @field_validator("requirements")
    @classmethod
    def _floor(cls, value: RequirementsIn, info: ValidationInfo) -> RequirementsIn:
        # A stored post is shown as stored: the floor is checked when it is written (a post
        # saved before the check must stay readable, to be found and corrected).
        return value

    version: int
    vacant: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class PositionsPublic(BaseModel):
    data: list[PositionPublic]
    count: int
    next_cursor: str | None = None


def compose_full_name(name: str, gelar_depan: str, gelar_belakang: str) -> str:
    """Name as written: "Dr. Siti Aminah, S.Pi., M.Si."."""
    front = f"{gelar_depan.strip()} " if gelar_depan.strip() else ""
    back = gelar_belakang.strip().strip(",").strip()
    return f"{front}{name}{', ' + back if back else ''}"


def dump(model: BaseModel) -> dict[str, Any]:
    """JSON-ready dict of a model (dates as ISO strings), as stored."""
    return model.model_dump(mode="json")
