"""The ASN profile as the profile service stores and serves it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from potret_asn_rules import parse_golongan, parse_nip


def _valid_nip(value: str) -> str:
    return parse_nip(value).nip


def _canonical_golongan(value: str) -> str:
    return parse_golongan(value).code


Nip = Annotated[
    str,
    AfterValidator(_valid_nip),
    Field(description="NIP 18 digit (spasi boleh)", examples=["198609262015051001"]),
]
GolonganText = Annotated[
    str,
    AfterValidator(_canonical_golongan),
    Field(description="Golongan/ruang PNS, mis. III/a", examples=["III/c"]),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class ProfileFields(BaseModel):
    """The editable fields of a profile."""

    model_config = ConfigDict(extra="forbid")

    name: Name = Field(examples=["Dr. Siti Aminah, S.Pi., M.Si."])
    golongan: GolonganText
    jabatan: ShortText = Field(examples=["Kepala Bidang Perikanan Tangkap"])
    opd: ShortText = Field(examples=["Dinas Perikanan"])


class ProfileCreate(ProfileFields):
    """Body of a profile creation."""

    nip: Nip


class ProfileUpdate(ProfileFields):
    """Body of a full profile update (PUT)."""


class ProfilePublic(ProfileCreate):
    """A stored profile with its version and timestamps."""

    model_config = ConfigDict(extra="ignore")

    version: int = Field(ge=1, description="Naik 1 setiap perubahan")
    created_at: dt.datetime
    updated_at: dt.datetime


class ProfilesPublic(BaseModel):
    """A page of profiles."""

    data: list[ProfilePublic]
    count: int
    next_cursor: str | None = None
