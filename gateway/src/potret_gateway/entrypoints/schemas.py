"""Request and response shapes of the public API (validation rules live in the services)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, JsonValue

PROFILE_EXAMPLE: dict[str, JsonValue] = {
    "nip": "198609262015051001",
    "name": "Dr. Siti Aminah, S.Pi., M.Si.",
    "golongan": "III/c",
    "jabatan": "Analis Kebijakan Ahli Muda",
    "opd": "Dinas Perikanan",
}


class ProfileIn(BaseModel):
    """A profile to create. The profile service checks NIP structure and golongan."""

    # Everything else of the record (histories, personal data) passes through unchanged;
    # the profile service validates it.
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [PROFILE_EXAMPLE]})

    nip: str = Field(description="NIP 18 digit")
    name: str
    golongan: str = Field(description="Golongan/ruang, mis. III/a")
    jabatan: str
    opd: str


class ProfileChangeIn(BaseModel):
    """All editable fields of a profile (full replacement)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={"examples": [{k: v for k, v in PROFILE_EXAMPLE.items() if k != "nip"}]},
    )

    name: str
    golongan: str
    jabatan: str
    opd: str


class ProfileOut(ProfileIn):
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    content_digest: str = Field(
        default="", description="Sidik isi (16 hex SHA-256) yang juga dipegang indeks dan ranking"
    )
    provenance: dict[str, dict[str, str]] = Field(
        default={},
        description="Asal tiap kelompok data: source (siasn, csv, impor, api, koreksi), ref "
        "(batch/koreksi), by, changed_at, confirmed_at",
    )


class ProfilesOut(BaseModel):
    data: list[ProfileOut]
    count: int
    next_cursor: str | None = None


class SearchHitOut(BaseModel):
    nip: str
    name: str
    jabatan: str
    opd: str
    golongan: str
    status: str | None = None
    jenis_jabatan: str | None = None
    version: int
    relevance: float
    expertise: dict[str, float]
    evidence: dict[str, list[str]]
    skills: dict[str, float] = Field(
        default={}, description="Keahlian (0-1) per keterampilan yang disebut kata kunci"
    )
    skill_evidence: dict[str, list[str]] = Field(
        default={}, description="Bukti per keterampilan, dalam bahasa Indonesia"
    )
    highlights: dict[str, list[str]] = {}
    matched: list[str] = Field(
        default=[],
        description="Apa yang cocok dengan kata kunci: work (pekerjaan, pendidikan, pelatihan, "
        "inovasi, unit, OPD), name (nama), nip, place (nama tempat di OPD, unit "
        "atau jabatan, kini atau dulu)",
    )
    provenance: dict[str, str] = Field(
        default={}, description="Asal data per kelompok, mis. skp: 'sumber SIASN, impor 2026-10-02'"
    )


class FacetOut(BaseModel):
    value: str
    count: int


class QueryNoteOut(BaseModel):
    kind: str = Field(description="typo, atau unknown_abbreviation (dicari sebagai teks biasa)")
    term: str
    read_as: str | None = None
    message: str


class SearchOut(BaseModel):
    query: str | None
    domains: list[str]
    skills: list[str] = Field(default=[], description="Keterampilan yang disebut q")
    notes: list[QueryNoteOut] = Field(
        default=[], description="Cara q dibaca: typo yang dibetulkan, singkatan tidak dikenal"
    )
    total: int
    data: list[SearchHitOut]
    facets: dict[str, list[FacetOut]]
    next_cursor: str | None = None


class PositionIn(BaseModel):
    position_id: str = ""
    name: str = ""
    min_golongan: str = Field(description="Golongan minimal jabatan, mis. IV/a")


class ScoreIn(BaseModel):
    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "position": {"name": "Kepala Dinas Perikanan", "min_golongan": "IV/a"},
                    "nips": ["198609262015051001"],
                }
            ]
        }
    }

    position: PositionIn
    nips: list[str] = Field(min_length=1, max_length=1000)


class FactorOut(BaseModel):
    factor: str
    score: float
    weight: float
    contribution: float
    explanation: str


class RuleOut(BaseModel):
    rule: str
    applies: bool
    met: bool
    value: str
    threshold: str
    text: str
    legal_source: str


class CandidateOut(BaseModel):
    nip: str
    score: float
    eligible: bool
    factors: list[FactorOut]
    profile_version: int
    explanation: str
    eligibility: list[RuleOut] = []
    nine_box: int = 0
    nine_box_meaning: str = ""
    jpm: float | None = None
    jpm_category: str = ""


class ScoreOut(BaseModel):
    policy_version: str
    data: list[CandidateOut]
