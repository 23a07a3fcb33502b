"""Personal data (UU 27/2022) leaving the gateway: masked unless the caller needs it.

Only callers with the `personal:read` scope (BKPSDM admin, integrations granted it) and an
ASN reading their own record see the `personal` block in full. Everyone else gets it
masked: the NIK keeps only its last four digits (its first six encode the place of
registration, an origin attribute), the other fields are replaced by a marker. The profile
service itself keeps the full record. Search hits and ranking results carry no personal
data at all (the events the search and ranking services read do not contain it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from potret_gateway.auth.model import Principal

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


def mask_profiles(body: Any, principal: Principal | None = None) -> Any:
    """A profile, or a page of them (`{"data": [...]}`), with personal data masked unless
    `principal` may see that person's."""
    if isinstance(body, dict):
        if "personal" in body and not (
            principal is not None and principal.sees_personal_data_of(body.get("nip"))
        ):
            body = {**body, "personal": mask_personal(body["personal"])}
        if isinstance(body.get("data"), list):
            body = {**body, "data": [mask_profiles(p, principal) for p in body["data"]]}
    return body


def masker(principal: Principal) -> Callable[[Any], Any]:
    return lambda body: mask_profiles(body, principal)
