"""Turning a reading into search parameters and Indonesian sentences (no I/O): the words of
Tanya Potret's answers, for the gateway that runs the tools.

Numbers are written the Indonesian way (1.234; 0,68), codes get their Indonesian labels, and
every answer says what it understood."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from potret_ask.reader import Reading
from potret_asn_rules import domains as domain_catalogue

JENIS_LABELS = {
    "JPT": "pejabat pimpinan tinggi",
    "ADMINISTRATOR": "pejabat administrator",
    "PENGAWAS": "pejabat pengawas",
    "PELAKSANA": "pelaksana",
    "JF": "pejabat fungsional",
}
GROUP_LABELS = {
    "opd": "OPD",
    "golongan": "golongan",
    "pendidikan": "pendidikan",
    "jenis_jabatan": "jenis jabatan",
    "status": "status kepegawaian",
    "jenis_kelamin": "jenis kelamin",
}
# Search facets for each breakdown the reader knows.
GROUP_FACETS = {
    "opd": "opd",
    "golongan": "golongan",
    "pendidikan": "education_level",
    "jenis_jabatan": "jenis_jabatan",
    "status": "status",
    "jenis_kelamin": "jenis_kelamin",
}
# Breakdowns that are personal data (gender, from the NIP): search computes them only when
# asked, and the gateway asks only for callers with the personal:read scope.
PERSONAL_GROUPS = frozenset({"jenis_kelamin"})
GENDER_LABELS = {"L": "Laki-laki", "P": "Perempuan"}


def number(value: float, decimals: int = 0) -> str:
    """1234 -> '1.234'; 0.675 with 2 decimals -> '0,68'."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def domain_names(codes: tuple[str, ...] | list[str]) -> str:
    names = domain_catalogue()
    return ", ".join(names[c].name for c in codes if c in names)


def search_filters(reading: Reading, today: dt.date) -> list[tuple[str, Any]]:
    """The search service's parameters for the reading's filters."""
    params: list[tuple[str, Any]] = [("domain", d) for d in reading.domains]
    if reading.opd:
        params.append(("opd", reading.opd))
    for kind, code in reading.golongan:
        if kind in ("eq", "min"):
            params.append(("golongan_min", code))
        if kind in ("eq", "max"):
            params.append(("golongan_max", code))
    if reading.education:
        level, op = reading.education
        params.append(("education_min", level) if op == ">=" else ("education", level))
    params += [("jenis_jabatan", j) for j in reading.jenis_jabatan]
    if reading.status:
        params.append(("status", reading.status))
    if reading.retire:
        kind, value = reading.retire
        if kind == "year":
            years = max(value - today.year, 0)
            params += [("min_years_to_retirement", years), ("max_years_to_retirement", years)]
        elif kind == "within_years":
            params += [("min_years_to_retirement", 0), ("max_years_to_retirement", value)]
        else:
            params.append(("min_years_to_retirement", value))
    return params


def criteria(reading: Reading) -> str:
    """The filters in words: ' golongan IV/a, di Dinas Kesehatan, pensiun pada 2027'."""
    parts: list[str] = []
    if reading.jenis_jabatan:
        parts.append(" atau ".join(JENIS_LABELS.get(j, j) for j in reading.jenis_jabatan))
    if reading.status:
        parts.append(f"berstatus {reading.status}")
    golongan = dict(reading.golongan)
    if "eq" in golongan:
        parts.append(f"golongan {golongan['eq']}")
    elif golongan:
        low, high = golongan.get("min"), golongan.get("max")
        if low and high:
            parts.append(f"golongan {low} sampai {high}")
        elif low:
            parts.append(f"golongan {low} ke atas")
        elif high:
            parts.append(f"golongan {high} ke bawah")
    if reading.education:
        level, op = reading.education
        parts.append(f"pendidikan {level}{' ke atas' if op == '>=' else ''}")
    if reading.domains:
        parts.append(f"berkeahlian {domain_names(reading.domains)}")
    if reading.opd:
        parts.append(f"di {reading.opd}")
    if reading.retire:
        kind, value = reading.retire
        parts.append(
            f"pensiun pada {value}"
            if kind == "year"
            else f"pensiun dalam {value} tahun"
            if kind == "within_years"
            else f"masih paling sedikit {value} tahun sebelum pensiun"
        )
    return (" " + ", ".join(parts)) if parts else ""


# What a conversation is about, by the intent of its topic (the console's "Konteks aktif").
CONTEXT_HEADS = {
    "best_for_position": "Kandidat",
    "explain_candidate": "Penjelasan kandidat",
    "compare": "Perbandingan kandidat",
    "position_holder": "Pemangku jabatan",
    "find_experts": "Ahli",
    "count": "Jumlah ASN",
    "list": "Daftar ASN",
    "nine_box": "Peta talenta",
    "profile_lookup": "Profil ASN",
    "vacancies": "Jabatan tanpa pejabat definitif",
}


def context_summary(reading: Reading, post: str | None) -> str:
    """A conversation's topic in a few words: 'Kandidat Kepala Dinas Kesehatan', 'Jumlah ASN
    golongan IV/a, di Dinas Kesehatan, rincian per golongan'."""
    head = CONTEXT_HEADS.get(reading.intent, "Pertanyaan")
    if reading.intent == "find_experts" and reading.domains:
        head = f"{head} {domain_names(reading.domains)}"
        reading = replace(reading, domains=())
    if reading.intent == "nine_box" and reading.box:
        head = f"{head} kotak {reading.box}"
    if post:
        head = f"{head} {post}"
        reading = replace(reading, opd=None)  # the post's title names its OPD when needed
    text = head + criteria(reading)
    if reading.group_by:
        text += f", rincian per {GROUP_LABELS.get(reading.group_by, reading.group_by)}"
    return text


def person_text(hit: dict[str, Any]) -> str:
    """'Siti Aminah (NIP 1990...), Analis Kebijakan, Dinas Kesehatan, golongan III/c'."""
    bits = [hit.get("jabatan"), hit.get("opd")]
    if hit.get("golongan"):
        bits.append(f"golongan {hit['golongan']}")
    rest = ", ".join(b for b in bits if b)
    return f"{hit.get('name')} (NIP {hit.get('nip')}){', ' + rest if rest else ''}"


def person_line(i: int, hit: dict[str, Any]) -> str:
    return f"{i}. {person_text(hit)}"


def group_label(group: str, value: str) -> str:
    """A breakdown's value in words (jenis jabatan and jenis kelamin codes get their names)."""
    if group == "jenis_jabatan":
        return JENIS_LABELS.get(value, value)
    if group == "jenis_kelamin":
        return GENDER_LABELS.get(value, value)
    return value


MAX_YEARS_AHEAD = 45  # the longest working life left (BUP 58-65 from age 18)


def retirement_problem(reading: Reading, today: dt.date) -> str | None:
    """Why a retirement filter cannot be asked of the records, or None."""
    if not reading.retire:
        return None
    kind, value = reading.retire
    if kind == "year" and value < today.year:
        return f"Tahun {value} sudah lewat; data pensiun yang tersedia mulai tahun {today.year}."
    years = value - today.year if kind == "year" else value
    if years > MAX_YEARS_AHEAD:
        return f"Paling jauh {MAX_YEARS_AHEAD} tahun ke depan yang bisa ditanyakan."
    return None
