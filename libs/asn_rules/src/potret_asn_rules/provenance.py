"""Field groups of an ASN record and how their provenance is told (shared by the profile
service, which records it, and the search index and gateway, which show it)."""

from __future__ import annotations

GROUPS: dict[str, tuple[str, ...]] = {
    "identitas": (
        "status",
        "name",
        "gelar_depan",
        "gelar_belakang",
        "nip_lama",
        "kedudukan",
        "tmt_pensiun",
        "bup_pensiun",
        "birth_date",
        "tmt_cpns",
        "tmt_pns",
    ),
    "pangkat": ("golongan", "tmt_golongan", "golongan_history", "angka_kredit"),
    "jabatan": (
        "jabatan",
        "jenis_jabatan",
        "jenjang",
        "opd",
        "unit",
        "opd_id",
        "unit_id",
        "tmt_jabatan",
        "positions",
    ),
    "pendidikan": ("education",),
    "pelatihan": ("trainings", "certifications"),
    "skp": ("skp", "skp_periodik"),
    "kompetensi": ("assessments",),
    "disiplin": ("discipline",),
    "penghargaan": ("awards", "innovations"),
    "pribadi": ("personal",),
}
# Groups that travel in events (personal data never does).
EVENT_GROUPS = tuple(g for g in GROUPS if g != "pribadi")

SOURCE_LABELS: dict[str, str] = {
    "siasn": "SIASN",
    "csv": "impor CSV",
    "impor": "impor massal",
    "api": "isian manual",
    "koreksi": "koreksi yang disetujui",
    "gabung": "penggabungan data ganda",
}
IMPORT_SOURCES = ("siasn", "csv", "impor")


def describe(entry: dict[str, str]) -> str:
    """'sumber SIASN, impor 2026-10-02' — for explanations and the console."""
    source = entry.get("source", "")
    label = SOURCE_LABELS.get(source, source or "tidak diketahui")
    day = entry.get("changed_at", "")[:10]
    ref = entry.get("ref", "")
    verb = "impor" if source in IMPORT_SOURCES else "diubah"
    text = f"sumber {label}, {verb} {day}" if day else f"sumber {label}"
    if source == "koreksi" and ref:
        text += f" (koreksi {ref})"
    if source == "gabung" and ref:
        text += f" (dari NIP {ref})"
    confirmed = entry.get("confirmed_at", "")[:10]
    if confirmed and day and confirmed != day:
        text += f", dikonfirmasi {confirmed}"
    return text
