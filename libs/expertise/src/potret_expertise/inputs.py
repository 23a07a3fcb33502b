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


# Read only when no position history is recorded (potret_asn_rules.record.position_history:
# the current post alone then); the scorers read jabatan, opd and unit in any case.
_FALLBACK_ONLY = ("jenis_jabatan", "jenjang", "tmt_jabatan")


def expertise_inputs(profile: Mapping[str, Any]) -> dict[str, Any]:
    """The record's fields the scores are computed from (the record's own values, not
    copies: read only). Scoring this instead of the whole record gives the same result, and
    makes sure no other field can sway it. With a position history the current post's
    jenis, jenjang and TMT are left out: only the history is read then (a JF's step up a
    jenjang recorded as a new position is an input all the same)."""
    skip = _FALLBACK_ONLY if profile.get("positions") else ()
    return {key: profile[key] for key in EXPERTISE_FIELDS if key in profile and key not in skip}
