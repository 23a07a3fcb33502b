"""Who is calling, and what they may do: scopes, roles and the principal of a request.

API keys (OPD applications, the SIASN/BKN integration) carry explicit scopes. People log in
and get the scopes of their role:

=============  ==============================================================================
role           may
=============  ==============================================================================
admin          BKPSDM admin: everything, including personal data and the audit trail
pimpinan       Bupati, Wakil Bupati, Sekda: read profiles, search, rank, 9-box, ask
opd_viewer     read, search, rank and 9-box limited to the people of their own OPD
asn            their own record (with their own personal data) and their own gap analysis
=============  ==============================================================================

Personal data (NIK, address, birth date and place, religion, marital status, and counts by
gender) needs the `personal:read` scope, except one's own record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

PROFILES_READ: Final = "profiles:read"
PROFILES_WRITE: Final = "profiles:write"
PERSONAL_READ: Final = "personal:read"
SEARCH: Final = "search"
RANK: Final = "rank"
ADMIN: Final = "admin"

SCOPES: Final[dict[str, str]] = {
    PROFILES_READ: "Membaca profil ASN dan katalog jabatan",
    PROFILES_WRITE: "Mengubah profil ASN dan katalog jabatan, impor massal",
    PERSONAL_READ: "Melihat data pribadi (NIK, alamat, tanggal dan tempat lahir, agama, rincian "
    "jenis kelamin)",
    SEARCH: "Pencarian keahlian dan tanya jawab (ask)",
    RANK: "Peringkat kecocokan jabatan, penjelasan kandidat, kotak talenta",
    ADMIN: "Administrasi: jejak audit",
}

ADMIN_ROLE: Final = "admin"
PIMPINAN: Final = "pimpinan"
OPD_VIEWER: Final = "opd_viewer"
ASN_SELF: Final = "asn"

ROLE_SCOPES: Final[dict[str, frozenset[str]]] = {
    ADMIN_ROLE: frozenset(SCOPES),
    PIMPINAN: frozenset({PROFILES_READ, SEARCH, RANK}),
    OPD_VIEWER: frozenset({PROFILES_READ, SEARCH, RANK}),
    # Own record and own gap analysis only; enforced per route on top of the scopes.
    ASN_SELF: frozenset({PROFILES_READ, RANK}),
}
ROLE_NAMES: Final[dict[str, str]] = {
    ADMIN_ROLE: "Admin BKPSDM",
    PIMPINAN: "Pimpinan (Bupati, Wakil Bupati, Sekda)",
    OPD_VIEWER: "Pengamat OPD (hanya OPD sendiri)",
    ASN_SELF: "ASN (data sendiri)",
}


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of one request."""

    subject: str  # "user:<username>" or "key:<key id>"
    name: str
    scopes: frozenset[str]
    role: str | None = None  # people only
    opd: str | None = None  # set: every answer is limited to this OPD
    nip: str | None = None  # ASN self: the only record they may see
    rate_per_minute: int | None = None  # per-key override of the default limit
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def actor(self) -> str:
        """How the audit trail names this caller."""
        if self.role:
            return f"{self.subject} ({self.role})"
        return f"{self.subject} ({self.name})"

    @property
    def self_only(self) -> bool:
        return self.role == ASN_SELF

    def can(self, scope: str) -> bool:
        return scope in self.scopes

    def sees_personal_data_of(self, nip: str | None) -> bool:
        return self.can(PERSONAL_READ) or (self.nip is not None and nip == self.nip)
