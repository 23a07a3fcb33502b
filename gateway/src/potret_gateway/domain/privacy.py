"""Personal data (UU 27/2022) leaving the gateway: masked unless the caller needs it.

Only callers with the `personal:read` scope (BKPSDM admin, integrations granted it) and an
ASN reading their own record see the `personal` block in full. Everyone else gets it
masked: the NIK keeps only its last four digits (its first six encode the place of
registration, an origin attribute), the other fields are replaced by a marker. The profile
service itself keeps the full record. Search hits and ranking results carry no personal
data at all (the events the search and ranking services read do not contain it).

Corrections carry a proposed value, and a correction of the `personal` field carries the
personal block itself: it is masked the same way. Free text (a correction's reason, a search
term, a question) may hold a NIK: a 16-digit number is masked there too.

The audit trail never stores the values: `AuditRedactor` replaces each personal field, and
each NIK in free text, by a keyed hash (HMAC-SHA256 with the audit key, kept outside the
database), so the trail shows which personal fields a request touched and an auditor holding
the key can match a value without the trail revealing it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable
from typing import Any

from potret_gateway.domain.access import Principal

MASK = "[disembunyikan]"
# The fields of the personal block (profile service, PersonalData) and the block itself.
PERSONAL_FIELDS = frozenset({"nik", "birth_place", "address", "religion", "marital_status"})
PERSONAL_BLOCK = "personal"
# A NIK: 16 digits not inside a longer number (an 18-digit NIP is not one).
NIK_IN_TEXT = re.compile(r"(?<!\d)\d{16}(?!\d)")


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


# A recorded birth date (SIASN tglLahir) is personal data too when it is not the one the NIP
# shows every reader (a correction after the NIP was issued): masked like the block.
TOP_LEVEL_PERSONAL = frozenset({"birth_date"})


def mask_profiles(body: Any, principal: Principal | None = None) -> Any:
    """A profile, or a page of them (`{"data": [...]}`), with personal data masked unless
    `principal` may see that person's."""
    if isinstance(body, dict):
        hidden = not (principal is not None and principal.sees_personal_data_of(body.get("nip")))
        if "personal" in body and hidden:
            body = {**body, "personal": mask_personal(body["personal"])}
        if hidden and any(body.get(k) for k in TOP_LEVEL_PERSONAL):
            body = {**body, **{k: MASK for k in TOP_LEVEL_PERSONAL if body.get(k)}}
        if isinstance(body.get("data"), list):
            body = {**body, "data": [mask_profiles(p, principal) for p in body["data"]]}
    return body


def masker(principal: Principal) -> Callable[[Any], Any]:
    return lambda body: mask_profiles(body, principal)


def mask_text(text: str) -> str:
    """Free text with each NIK in it masked to its last four digits."""
    return NIK_IN_TEXT.sub(lambda m: mask_nik(m.group()), text)


def _mask_correction(correction: Any, principal: Principal | None) -> Any:
    if not isinstance(correction, dict) or (
        principal is not None and principal.sees_personal_data_of(correction.get("nip"))
    ):
        return correction
    out = dict(correction)
    if out.get("field") == PERSONAL_BLOCK and isinstance(out.get("proposed_value"), dict):
        out["proposed_value"] = mask_personal(out["proposed_value"])
    for key in ("reason", "attachment", "decision_note"):
        if isinstance(out.get(key), str):
            out[key] = mask_text(out[key])
    return out


def mask_corrections(body: Any, principal: Principal) -> Any:
    """A correction, or a page of them, with personal values masked unless `principal` may
    see that person's personal data."""
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        return {**body, "data": [_mask_correction(c, principal) for c in body["data"]]}
    return _mask_correction(body, principal)


class AuditRedactor:
    """Personal values out of what the audit trail stores: a keyed hash in their place."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise ValueError("the audit key must be at least 32 bytes")
        self._key = key

    def digest(self, value: str) -> str:
        """`hmac:` and the first 16 hex digits of HMAC-SHA256(key, value)."""
        mac = hmac.new(self._key, value.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"hmac:{mac[:16]}"

    def text(self, text: str) -> str:
        return NIK_IN_TEXT.sub(lambda m: self.digest(m.group()), text)

    def value(self, value: Any, personal: bool = False) -> Any:
        if isinstance(value, dict):
            return {
                k: self.value(
                    v,
                    personal
                    or k in PERSONAL_FIELDS
                    or k == PERSONAL_BLOCK
                    or (k == "proposed_value" and value.get("field") == PERSONAL_BLOCK),
                )
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.value(v, personal) for v in value]
        if value is None or value == "":
            return value
        if personal:
            return self.digest(str(value))
        return self.text(value) if isinstance(value, str) else value

    def detail(self, detail: str) -> str:
        """A request's detail as stored: JSON walked field by field, other text by NIK."""
        try:
            parsed = json.loads(detail)
        except ValueError:
            return self.text(detail)
        if not isinstance(parsed, dict | list):
            return self.text(detail)
        return json.dumps(self.value(parsed), ensure_ascii=False)
