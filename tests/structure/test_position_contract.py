"""A position and its requirements are one type end to end (issue 24): the contract is
`potret.asn.v1.Position` and `Requirements` (proto), which the catalogue's events carry and
the ranking's inline `PositionSpec` embeds. The profile service validates it on write
(`PositionFields`, `RequirementsIn`), the ranking reads it (`read_position` into
`PositionInput`), the gateway passes it on (a dict for the catalogue, the proto itself for
/v1/positions/rank). A field added to the proto and not to one of them fails here, naming
where it is missing."""

from __future__ import annotations

from typing import Any

import pytest

from potret.asn.v1 import position_events_pb2 as pos_pb
from potret.asn.v1 import profile_events_pb2 as pb
from potret.ranking.v1 import ranking_pb2 as rpb
from potret_gateway.entrypoints.schemas import PositionIn
from potret_profile.domain.model import PositionCreate, RequirementsIn
from potret_ranking.domain.requirements import PositionInput, read_position

# A valid value of each requirement, and what PositionInput holds for it. A new field of
# `Requirements` needs its line here (and its reading in read_position).
REQUIREMENT_EXAMPLES: dict[str, tuple[Any, str, Any]] = {
    "min_education": ("S2", "min_education", "S2"),
    "related_majors": (["Perikanan"], "related_majors", ("Perikanan",)),
    "min_golongan": ("IV/a", "min_golongan_label", "IV/a"),
    "min_years_prior": (5, "min_years_prior", 5),
    "prior_jenis": ("ADMINISTRATOR", "prior_jenis", "ADMINISTRATOR"),
    "prior_jenjang": ("", "prior_jenjang", ""),  # read only beside prior_jenis (below)
    "required_training": ("PKA", "required_training", "PKA"),
    "discipline_clean_years": (4, "discipline_clean_years", 4),
    "min_months_before_bup": (24, "min_months_before_bup", 24),
}
BASE = {"name": "Kepala Bidang Uji", "jenis": "ADMINISTRATOR", "opd": "Dinas Perikanan"}


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
    # min_golongan: the shorthand kept for older clients (same as requirements.min_golongan);
    # holder_nip and unit are the catalogue's, not a requirement
    assert _fields(spec) - _fields(pos_pb.Position.DESCRIPTOR) == {"min_golongan"}


@pytest.mark.parametrize("field", sorted(_fields(pos_pb.Requirements.DESCRIPTOR)))
def test_the_ranking_reads_every_requirement(field: str) -> None:
    assert field in REQUIREMENT_EXAMPLES, (
        f"requirements.{field}: add an example here and read it in read_position"
    )
    value, held_as, expected = REQUIREMENT_EXAMPLES[field]
    requirements = {field: value}
    if field == "prior_jenjang":
        requirements = {"prior_jenis": "JPT", "prior_jenjang": "PRATAMA"}
        held_as, expected = "prior_jenjang", "PRATAMA"
    read = read_position({**BASE, "requirements": requirements}, statutory_floor=False)
    assert held_as in PositionInput.__dataclass_fields__
    assert getattr(read, held_as) == expected
    plain = read_position(BASE, statutory_floor=False)
    assert getattr(plain, held_as) != expected  # the value came from the field


def test_the_gateway_declares_no_position_field_the_ranking_lacks() -> None:
    """/v1/positions/score's body (the older shorthand) may only name PositionSpec fields."""
    assert set(PositionIn.model_fields) <= _fields(rpb.PositionSpec.DESCRIPTOR)
