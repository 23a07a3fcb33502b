"""A position and its requirements are one type end to end (issue 24): the contract is
`potret.asn.v1.Position` and `Requirements` (proto), which the catalogue's events carry and
the ranking's inline `PositionSpec` embeds. The profile service validates it on write
(`PositionCreate`, `RequirementsIn`: exactly the proto's fields), the ranking reads it
(`read_position` into `PositionInput`: every field of the proto read, or named here as not
read and why), and the gateway's older /v1/positions/score shorthand names only
`PositionSpec` fields (the catalogue's routes pass the body on as it came, /v1/positions/rank
parses it into the proto itself). A field added to the proto and missing in one of them fails
here, naming where."""

from __future__ import annotations

from typing import Any

import pytest

from potret.asn.v1 import position_events_pb2 as pos_pb
from potret.asn.v1 import profile_events_pb2 as pb
from potret.ranking.v1 import ranking_pb2 as rpb
from potret_gateway.entrypoints.schemas import PositionIn
from potret_profile.domain.model import PositionCreate, RequirementsIn
from potret_ranking.domain.requirements import PositionInput, read_position

BASE = {"name": "Kepala Bidang Uji", "jenis": "ADMINISTRATOR", "opd": "Dinas Perikanan"}
# A valid value of each field, beside what else the position needs for it, and what
# PositionInput holds for it. A new field of the proto needs its line here (and its reading in
# read_position), or a line in NOT_READ saying why the ranking does not read it.
REQUIREMENT_EXAMPLES: dict[str, tuple[dict[str, Any], str, Any]] = {
    "min_education": ({"min_education": "S2"}, "min_education", "S2"),
    "related_majors": ({"related_majors": ["Perikanan"]}, "related_majors", ("Perikanan",)),
    "min_golongan": ({"min_golongan": "IV/a"}, "min_golongan_label", "IV/a"),
    "min_years_prior": ({"min_years_prior": 5}, "min_years_prior", 5),
    "prior_jenis": ({"prior_jenis": "ADMINISTRATOR"}, "prior_jenis", "ADMINISTRATOR"),
    # a jenjang only with a jenis that has one (JPT, JF)
    "prior_jenjang": (
        {"prior_jenis": "JPT", "prior_jenjang": "PRATAMA"},
        "prior_jenjang",
        "PRATAMA",
    ),
    "required_training": ({"required_training": "PKA"}, "required_training", "PKA"),
    "discipline_clean_years": ({"discipline_clean_years": 4}, "discipline_clean_years", 4),
    "min_months_before_bup": ({"min_months_before_bup": 24}, "min_months_before_bup", 24),
}
POSITION_EXAMPLES: dict[str, tuple[dict[str, Any], str, Any]] = {
    "position_id": ({"position_id": "diskan-kabid"}, "position_id", "diskan-kabid"),
    "name": ({"name": "Kepala Dinas Uji"}, "name", "Kepala Dinas Uji"),
    "jenis": ({"jenis": "JPT", "jenjang": "PRATAMA"}, "jenis", "JPT"),
    "jenjang": ({"jenis": "JPT", "jenjang": "PRATAMA"}, "jenjang", "PRATAMA"),
    "opd": ({"opd": "Dinas Kesehatan"}, "opd", "Dinas Kesehatan"),
    "domains": ({"domains": ["kesehatan"]}, "domains", ("kesehatan",)),
    "competency_standard": (
        {"competency_standard": [{"code": "M.01", "level": 4}]},
        "competency_standard",
        (("M.01", 4),),
    ),
    "holder_nip": ({"holder_nip": "198609262015051001"}, "holder_nip", "198609262015051001"),
}
NOT_READ = {
    "unit": "where the post sits in its OPD: no rule or factor reads it",
    "requirements": "read field by field (REQUIREMENT_EXAMPLES)",
}


def _fields(descriptor: Any) -> set[str]:
    return {f.name for f in descriptor.fields}


def test_the_profile_model_has_every_field_of_the_contract() -> None:
    requirements = _fields(pos_pb.Requirements.DESCRIPTOR)
    assert requirements == set(RequirementsIn.model_fields), (
        "potret.asn.v1.Requirements and the profile's RequirementsIn differ"
    )
    position = _fields(pos_pb.Position.DESCRIPTOR)
    assert position == set(PositionCreate.model_fields), (
        "potret.asn.v1.Position and the profile's PositionCreate differ"
    )


def test_the_ranking_spec_embeds_the_contract_and_adds_only_its_shorthand() -> None:
    spec = rpb.PositionSpec.DESCRIPTOR
    assert spec.fields_by_name["requirements"].message_type is pos_pb.Requirements.DESCRIPTOR
    assert spec.fields_by_name["competency_standard"].message_type is pb.CompetencyLevel.DESCRIPTOR
    position = _fields(pos_pb.Position.DESCRIPTOR)
    # min_golongan: the shorthand kept for older clients (same as requirements.min_golongan)
    assert _fields(spec) - position == {"min_golongan"}
    # the catalogue's own fields, not asked of an inline position
    assert position - _fields(spec) == {"unit", "holder_nip"}


@pytest.mark.parametrize("field", sorted(_fields(pos_pb.Requirements.DESCRIPTOR)))
def test_the_ranking_reads_every_requirement(field: str) -> None:
    assert field in REQUIREMENT_EXAMPLES, (
        f"requirements.{field}: add an example here and read it in read_position"
    )
    requirements, held_as, expected = REQUIREMENT_EXAMPLES[field]
    read = read_position({**BASE, "requirements": requirements}, statutory_floor=False)
    assert held_as in PositionInput.__dataclass_fields__
    assert getattr(read, held_as) == expected
    plain = read_position(BASE, statutory_floor=False)
    assert getattr(plain, held_as) != expected  # the value came from the field


def test_the_ranking_reads_the_golongan_as_its_rank_too() -> None:
    read = read_position({**BASE, "requirements": {"min_golongan": "IV/a"}})
    lower = read_position({**BASE, "requirements": {"min_golongan": "III/d"}})
    assert read.min_golongan_ordinal > lower.min_golongan_ordinal > 0


@pytest.mark.parametrize("field", sorted(_fields(pos_pb.Position.DESCRIPTOR)))
def test_the_ranking_reads_every_field_of_a_position_or_says_why_not(field: str) -> None:
    if field in NOT_READ:
        return
    assert field in POSITION_EXAMPLES, (
        f"{field}: add an example here and read it in read_position, or say in NOT_READ why not"
    )
    given, held_as, expected = POSITION_EXAMPLES[field]
    read = read_position({**BASE, **given}, statutory_floor=False)
    assert getattr(read, held_as) == expected
    assert getattr(read_position(BASE, statutory_floor=False), held_as) != expected


def test_the_gateway_declares_no_position_field_the_ranking_lacks() -> None:
    """/v1/positions/score's body (the older shorthand) may only name PositionSpec fields."""
    assert set(PositionIn.model_fields) <= _fields(rpb.PositionSpec.DESCRIPTOR)
