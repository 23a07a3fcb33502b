"""Personal data (UU 27/2022) leaving the gateway: masked unless the caller's role needs it.

Until roles exist (issue 6, authentication), no caller has that need, so every profile the
gateway returns carries the `personal` block masked: the NIK keeps only its last four digits
(its first six encode the place of registration, an origin attribute), the other fields are
replaced by a marker. The profile service itself keeps the full record.
"""

from __future__ import annotations

from typing import Any

MASK = "[disembunyikan]"


def mask_nik(nik: str) -> str:
    return "*" * max(0, len(nik) - 4) + nik[-4:] if nik else nik


def mask_personal(personal: dict[str, Any] | None) -> dict[str, Any] | None:
    if not personal:
        return personal
    out: dict[str, Any] = {}
    for key, value in personal.items():
        if value in (None, ""):
            out[key] = value
        elif key == "nik":
            out[key] = mask_nik(str(value))
        else:
            out[key] = MASK
    return out


def mask_profiles(body: Any) -> Any:
    """A profile, or a page of them (`{"data": [...]}`), with personal data masked."""
    if isinstance(body, dict):
        if "personal" in body:
            body = {**body, "personal": mask_personal(body["personal"])}
        if isinstance(body.get("data"), list):
            body = {**body, "data": [mask_profiles(p) for p in body["data"]]}
    return body
