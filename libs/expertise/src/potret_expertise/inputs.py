"""What a record's expertise is computed from: the fields `expertise_all` and
`skill_expertise_all` read, and nothing else of the record (issue 23: cache what does not
change between versions of a record). A new version whose inputs equal an earlier version's
scores the same, in the same month and under the same rules (`expertise_key`, in the package):
a consumer may reuse that version's scores and evidence instead of computing them again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Every top-level field the scorers read, position_history's fallback to the current post
# (jabatan, jenis_jabatan, jenjang, opd, unit, tmt_jabatan) included. A test watches the
# scorers read generated records and fails when they read a field not listed here.
EXPERTISE_FIELDS = (
    "jabatan",
    "jenis_jabatan",
    "jenjang",
    "opd",
    "unit",
    "tmt_jabatan",
    "positions",
    "education",
    "trainings",
    "certifications",
    "innovations",
)


def expertise_inputs(profile: Mapping[str, Any]) -> dict[str, Any]:
    """The record's fields the scores are computed from (the record's own values, not
    copies: read only). Scoring this instead of the whole record gives the same result, and
    makes sure no other field can sway it."""
    return {key: profile[key] for key in EXPERTISE_FIELDS if key in profile}
