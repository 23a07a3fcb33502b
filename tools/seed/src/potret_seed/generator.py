"""Deterministic generator of ASN records and positions for a regency like Gresik.

Distributions, from published BKN figures where available:
- education of PNS: BKN statistik ASN per 31 December 2023 (3,732,428 PNS): S-1 2,102,205
  (56 %), S-2 457,758 (12 %), SMA 516,611 (14 %), D-III 420,094 (11 %), S-3 34,732 (1 %),
  SMP 28,141 and SD 13,158 (1 % together), D-I/D-II/D-IV the rest (about 4 %), as reported
  from the BKN book by GoodStats (data.goodstats.id, 2024). The generator draws SMA 14 %,
  D3 11 %, S1 56 %, D4 4 %, S2 12 %, S3 1 % for non-teachers and non-heads.
- status: PPPK were 11 % of ASN in June 2023 and 16 % in December 2023 (BKN), about 24 % in
  2024 (4.73 million ASN, 1.17 million PPPK, BKN via Tribun Kaltim); regional instansi hold
  most of them, so the generator uses PNS 70 %, CPNS 3 %, PPPK 27 % for 2026.
- golongan of PNS (III the largest group, then IV, then II; I about 1 %) and jabatan (JF
  about 55 % with teachers and health staff, pelaksana about 37 %, struktural about 8 %
  after the 2019-2021 delayering) are approximations, not verified against a BKN table:
  treat them as parameters.
Careers follow the rules in the domain reference: entry golongan by diploma (PP 99/2000),
one ruang about every four years up to the diploma ceiling, JF jenjang by golongan, majors
related to the domains of the OPD, trainings matching the jabatan, SKP and assessments
correlated with a hidden performance trait plus noise, rare discipline cases.

Every record is generated from its own seeded RNG (seed, index), so any slice of a large
run is reproducible and nothing needs to be kept in memory but the set of NIPs issued.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from faker import Faker

from potret_asn_rules.golongan import golongan_from_ordinal
from potret_seed.gresik import ALL_OPDS, KECAMATAN, Opd

TODAY = dt.date(2026, 11, 1)
COMPETENCIES = ("M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01")
GENERIC_MAJORS = (
    "Administrasi Publik",
    "Ilmu Pemerintahan",
    "Manajemen",
    "Akuntansi",
    "Ilmu Hukum",
    "Ekonomi Pembangunan",
    "Sosiologi",
)
UNIVERSITIES = (
    "Universitas Airlangga",
    "Institut Teknologi Sepuluh Nopember",
    "Universitas Brawijaya",
    "Universitas Negeri Surabaya",
    "Universitas Muhammadiyah Gresik",
    "Universitas Gresik",
    "Universitas Jember",
    "Universitas Trunojoyo Madura",
    "Universitas Pembangunan Nasional Veteran Jawa Timur",
    "Universitas Hang Tuah",
    "Institut Pertanian Bogor",
    "Universitas Gadjah Mada",
    "Politeknik Kelautan dan Perikanan Sidoarjo",
    "Poltekkes Kemenkes Surabaya",
)
ASSESSORS = (
    "UPT Penilaian Kompetensi BKD Provinsi Jawa Timur",
    "Kantor Regional II BKN Surabaya",
    "Pusat Penilaian Kompetensi ASN BKN",
)
SEED_BIRTHPLACES = (
    "Gresik",
    "Surabaya",
    "Lamongan",
    "Sidoarjo",
    "Mojokerto",
    "Tuban",
    "Bojonegoro",
    "Malang",
    "Bangkalan",
    "Jombang",
)
RELIGIONS = (
    ("Islam", 0.95),
    ("Kristen", 0.025),
    ("Katolik", 0.015),
    ("Hindu", 0.005),
    ("Buddha", 0.003),
    ("Konghucu", 0.002),
)


@lru_cache
def domain_profiles() -> dict[str, dict[str, list[str]]]:
    """Keywords, majors and jabatan fungsional per domain (domain reference 13.3)."""
    text = resources.files("potret_expertise").joinpath("data/thesaurus.json").read_text("utf-8")
    raw: dict[str, dict[str, list[str]]] = json.loads(text)
    for value in raw.values():  # keep proper names only
        value["majors"] = [m for m in value["majors"] if m[:1].isupper()] or list(GENERIC_MAJORS)
        value["jf"] = [j for j in value["jf"] if j[:1].isupper()] or ["Analis Kebijakan"]
    return raw


def _weighted(rng: random.Random, pairs: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days))


# Entry ordinal and regular ceiling by diploma (PP 99/2000 jo PP 12/2002).
ENTRY = {
    "SMA": (5, 10),
    "D3": (7, 11),
    "S1": (9, 12),
    "D4": (9, 12),
    "S2": (10, 13),
    "S3": (11, 14),
}
# JF jenjang by golongan ordinal (Keppres 87/1999 ranges, domain reference 4.5).
KEAHLIAN = ((9, "AHLI_PERTAMA"), (11, "AHLI_MUDA"), (13, "AHLI_MADYA"), (16, "AHLI_UTAMA"))
KETERAMPILAN = ((5, "PEMULA"), (6, "TERAMPIL"), (9, "MAHIR"), (11, "PENYELIA"))
JENJANG_LABEL = {
    "AHLI_PERTAMA": "Ahli Pertama",
    "AHLI_MUDA": "Ahli Muda",
    "AHLI_MADYA": "Ahli Madya",
    "AHLI_UTAMA": "Ahli Utama",
    "PEMULA": "Pemula",
    "TERAMPIL": "Terampil",
    "MAHIR": "Mahir",
    "PENYELIA": "Penyelia",
}
# Default competency standard per jenis/jenjang (domain reference 6.4; editable policy).
STANDARD = {
    "JPT": 4,
    "ADMINISTRATOR": 3,
    "PENGAWAS": 2,
    "PELAKSANA": 1,
    "AHLI_UTAMA": 4,
    "AHLI_MADYA": 3,
    "AHLI_MUDA": 2,
    "AHLI_PERTAMA": 1,
}


# Bachelor titles by words in the major (Permendikbud 154/2014 naming), first match wins.
_TITLES = (
    (("Perikanan", "Kelautan", "Perairan", "Akuakultur"), "S.Pi."),
    (("Kedokteran Gigi",), "drg."),
    (("Kedokteran",), "dr."),
    (("Kesehatan Masyarakat", "Kesehatan Lingkungan"), "S.KM."),
    (("Keperawatan", "Ners"), "S.Kep."),
    (("Farmasi", "Apoteker"), "S.Farm."),
    (("Gizi",), "S.Gz."),
    (("Kebidanan",), "S.Tr.Keb."),
    (("Pendidikan", "PGSD", "PG-PAUD", "Bimbingan"), "S.Pd."),
    (("Pertanian", "Agronomi", "Agribisnis", "Agroteknologi", "Hortikultura"), "S.P."),
    (("Peternakan",), "S.Pt."),
    (("Kedokteran Hewan",), "drh."),
    (("Kehutanan",), "S.Hut."),
    (("Teknik", "Arsitektur", "Perencanaan Wilayah", "Planologi", "Geodesi"), "S.T."),
    (("Informatika", "Sistem Informasi", "Ilmu Komputer", "Komputer"), "S.Kom."),
    (("Statistik", "Statistika", "Matematika", "Biologi", "Kimia", "Fisika"), "S.Si."),
    (("Akuntansi",), "S.Ak."),
    (("Ekonomi", "Manajemen", "Bisnis"), "S.E."),
    (("Hukum",), "S.H."),
    (("Administrasi",), "S.AP."),
    (("Pemerintahan",), "S.IP."),
    (("Psikologi",), "S.Psi."),
    (("Ilmu Perpustakaan", "Perpustakaan", "Kearsipan"), "S.IIP."),
    (("Komunikasi",), "S.I.Kom."),
)


def _bachelor_title(major: str, rng: random.Random) -> str:
    for words, title in _TITLES:
        if any(w.lower() in major.lower() for w in words):
            return title
    return rng.choice(("S.Sos.", "S.AP.", "S.E."))


def _jenjang(ordinal: int, keahlian: bool) -> str:
    table = KEAHLIAN if keahlian else KETERAMPILAN
    chosen = table[0][1]
    for minimum, name in table:
        if ordinal >= minimum:
            chosen = name
    return chosen


@dataclass(frozen=True, slots=True)
class StructuralSlot:
    """A structural post to be filled by a generated person (or left vacant)."""

    position_id: str
    name: str
    jenis: str
    jenjang: str | None
    opd: Opd
    unit: str


def structural_slots() -> list[StructuralSlot]:
    """Head, secretary, bidang heads and a subbagian head for each OPD."""
    slots: list[StructuralSlot] = []
    for opd in ALL_OPDS:
        kec = opd.short.startswith("kec-")
        head_jenis, head_jenjang = ("ADMINISTRATOR", None) if kec else ("JPT", "PRATAMA")
        head_name = (
            f"{opd.head_title} {opd.name.removeprefix('Kecamatan ')}"
            if kec
            else (
                opd.head_title
                if opd.short in ("setda", "setwan")
                else f"{opd.head_title} {opd.name}"
            )
        )
        slots.append(
            StructuralSlot(f"{opd.short}-kepala", head_name, head_jenis, head_jenjang, opd, "")
        )
        if not kec and opd.short not in ("setda",):
            slots.append(
                StructuralSlot(
                    f"{opd.short}-sekretaris",
                    f"Sekretaris {opd.name}",
                    "ADMINISTRATOR",
                    None,
                    opd,
                    "Sekretariat",
                )
            )
        for i, unit in enumerate(opd.units):
            if kec:
                title = f"Kepala {unit}"
                jenis = "PENGAWAS"
            elif unit.startswith(("Bidang", "Bagian", "Inspektur")):
                title = unit if unit.startswith("Inspektur") else f"Kepala {unit}"
                jenis = "ADMINISTRATOR"
            else:
                title = f"Kepala {unit}"
                jenis = "PENGAWAS"
            slots.append(
                StructuralSlot(f"{opd.short}-unit-{i + 1}", f"{title}", jenis, None, opd, unit)
            )
        if not kec:
            slots.append(
                StructuralSlot(
                    f"{opd.short}-kasubbag-umum",
                    "Kepala Subbagian Umum dan Kepegawaian",
                    "PENGAWAS",
                    None,
                    opd,
                    "Sekretariat",
                )
            )
    return slots


def _requirements(jenis: str, jenjang: str | None, opd: Opd) -> dict[str, Any]:
    """Requirements from PP 11/2017 Pasal 54/107 (as amended by PP 17/2020), domain ref 5.1-5.2."""
    majors = sorted({m for d in opd.domains for m in domain_profiles()[d]["majors"]})
    if jenis == "JPT":
        return {
            "min_education": "S1",
            "related_majors": majors,
            "min_golongan": "IV/b",
            "min_years_prior": 2,
            "prior_jenis": "ADMINISTRATOR",
            "required_training": None,
            # The instansi's own choice (2 years of service left); the discipline-free
            # period is left to the policy (3 years for JPT).
            "min_months_before_bup": 24,
        }
    if jenis == "ADMINISTRATOR":
        return {
            "min_education": "S1",
            "related_majors": majors,
            "min_golongan": "III/d",
            "min_years_prior": 3,
            "prior_jenis": "PENGAWAS",
        }
    if jenis == "PENGAWAS":
        return {
            "min_education": "D3",
            "related_majors": [],
            "min_golongan": "III/b",
            "min_years_prior": 4,
            "prior_jenis": "PELAKSANA",
        }
    # Discipline-free years and months before BUP unset: the policy's defaults apply and the
    # explanation names them as defaults (a post stores only what it sets).
    return {"min_education": "S1", "related_majors": majors}


class Generator:
    """Streams people and positions for one seed."""

    def __init__(self, seed: int = 2026) -> None:
        self.seed = seed
        self.fake = Faker("id_ID")
        self.slots = structural_slots()
        self._nips: set[int] = set()
        self._holders: dict[str, str] = {}
        self._opd_weights = [o.share for o in ALL_OPDS]

    # ---- positions ---------------------------------------------------------------------

    def positions(self) -> list[dict[str, Any]]:
        """The catalogue: every structural slot (holder NIP if generated) plus JF posts.

        Call after people(): holders are the people generated for the slots; about 8 % of
        structural posts are vacant (no person generated), as after retirements.
        """
        out: list[dict[str, Any]] = []
        for slot in self.slots:
            level = STANDARD[slot.jenis]
            out.append(
                {
                    "position_id": slot.position_id,
                    "name": slot.name,
                    "jenis": slot.jenis,
                    "jenjang": slot.jenjang,
                    "opd": slot.opd.name,
                    "unit": slot.unit,
                    "domains": list(slot.opd.domains),
                    "requirements": _requirements(slot.jenis, slot.jenjang, slot.opd),
                    "competency_standard": {c: level for c in COMPETENCIES},
                    "holder_nip": self._holders.get(slot.position_id),
                }
            )
        for opd in ALL_OPDS:
            jf = domain_profiles()[opd.domains[0]]["jf"][0]
            out.append(
                {
                    "position_id": f"{opd.short}-jf-ahli-madya",
                    "name": f"{jf} Ahli Madya",
                    "jenis": "JF",
                    "jenjang": "AHLI_MADYA",
                    "opd": opd.name,
                    "unit": "",
                    "domains": list(opd.domains),
                    "requirements": {
                        **_requirements("JF", "AHLI_MADYA", opd),
                        "min_golongan": "IV/a",
                    },
                    "competency_standard": {c: STANDARD["AHLI_MADYA"] for c in COMPETENCIES},
                    "holder_nip": None,
                }
            )
        return out

    # ---- people ------------------------------------------------------------------------

    def people(self, count: int) -> Iterator[dict[str, Any]]:
        """`count` records: first the structural holders (vacancies skipped), then staff."""
        vacant_rng = random.Random(f"{self.seed}:vacancies")
        slots = [s for s in self.slots if vacant_rng.random() > 0.08]
        for index in range(count):
            slot = slots[index] if index < len(slots) else None
            record = self.person(index, slot)
            if slot is not None:
                self._holders[slot.position_id] = record["nip"]
            yield record

    def _nip(
        self, rng: random.Random, birth: dt.date, tmt: dt.date, female: bool, pppk: bool
    ) -> str:
        middle = f"{tmt.year}21" if pppk else f"{tmt:%Y%m}"
        prefix = f"{birth:%Y%m%d}{middle}{2 if female else 1}"
        serial = 1 + min(int(rng.expovariate(0.7)), 20)
        while int(f"{prefix}{serial:03d}") in self._nips:
            serial += 1
        self._nips.add(int(f"{prefix}{serial:03d}"))
        return f"{prefix}{serial:03d}"

    def person(self, index: int, slot: StructuralSlot | None = None) -> dict[str, Any]:
        rng = random.Random(f"{self.seed}:{index}")
        self.fake.seed_instance(self.seed * 10_000_019 + index)
        opd = slot.opd if slot else rng.choices(ALL_OPDS, weights=self._opd_weights)[0]
        profile = domain_profiles()[rng.choice(opd.domains)]
        female = rng.random() < 0.52
        teacher = opd.short == "dispendik" and slot is None and rng.random() < 0.85
        status = "PNS" if slot else _weighted(rng, (("PNS", 0.70), ("CPNS", 0.03), ("PPPK", 0.27)))
        pppk = status == "PPPK"

        # Education first: it sets entry golongan and ceiling.
        if teacher:
            edu_level = _weighted(rng, (("S1", 0.88), ("S2", 0.12)))
        elif slot and slot.jenis in ("JPT", "ADMINISTRATOR"):
            edu_level = _weighted(rng, (("S1", 0.45), ("S2", 0.52), ("S3", 0.03)))
        else:
            edu_level = _weighted(
                rng,
                (
                    ("SMA", 0.14),
                    ("D3", 0.11),
                    ("S1", 0.56),
                    ("D4", 0.04),
                    ("S2", 0.12),
                    ("S3", 0.01),
                ),
            )
        # Age: holders of senior posts are older; CPNS are recent appointments.
        if slot and slot.jenis == "JPT":
            age = rng.randint(45, 56)
        elif slot:
            age = rng.randint(36, 56)
        else:
            age = rng.randint(23, 57)
        birth = dt.date(TODAY.year - age, rng.randint(1, 12), rng.randint(1, 28))
        min_entry = 19 if edu_level == "SMA" else 22 if edu_level in ("D3",) else 23
        entry_age = rng.randint(min_entry, min(35, age))
        if status == "CPNS":
            tmt = _date_between(rng, TODAY - dt.timedelta(days=330), TODAY - dt.timedelta(days=30))
            birth = dt.date(tmt.year - entry_age, birth.month, birth.day)
        elif pppk:
            tmt = dt.date(max(rng.choice((2021, 2022, 2023, 2024, 2025)), birth.year + 19), 1, 1)
        else:
            tmt = dt.date(min(birth.year + entry_age, TODAY.year - 2), rng.randint(1, 12), 1)
        tmt = tmt.replace(day=1)
        nip = self._nip(rng, birth, tmt, female, pppk)
        years = max(0, (TODAY - tmt).days // 365)

        if pppk:
            golongan = {"SMA": "V", "D3": "VII", "S1": "IX", "D4": "IX", "S2": "X", "S3": "XI"}[
                edu_level
            ]
            ordinal = 9
        else:
            entry, ceiling = ENTRY[edu_level]
            ceiling = ceiling + 2 if not slot else ceiling + 3  # JF / structural go further
            ordinal = min(entry + years // 4, ceiling, 17)
            if slot and slot.jenis == "JPT":
                ordinal = max(ordinal, 14)
            elif slot and slot.jenis == "ADMINISTRATOR":
                ordinal = max(ordinal, 12)
            elif slot:
                ordinal = max(ordinal, 10)
            golongan = golongan_from_ordinal(ordinal).code
        tmt_golongan = max(tmt, dt.date(TODAY.year - rng.randint(0, 3), rng.randint(1, 10), 1))

        # Current jabatan.
        keahlian = edu_level not in ("SMA", "D3")
        if slot:
            jabatan, jenis, jenjang, unit = slot.name, slot.jenis, slot.jenjang, slot.unit
        elif teacher:
            jenis, jenjang = "JF", _jenjang(ordinal, True)
            jabatan, unit = (
                f"Guru {JENJANG_LABEL[jenjang]}",
                f"SD Negeri {rng.randint(1, 400)} Gresik"
                if rng.random() < 0.7
                else f"SMP Negeri {rng.randint(1, 50)} Gresik",
            )
        elif rng.random() < 0.55 and (keahlian or edu_level == "D3"):
            jenis, jenjang = "JF", _jenjang(ordinal, keahlian)
            jabatan, unit = (
                f"{rng.choice(profile['jf'])} {JENJANG_LABEL[jenjang]}",
                rng.choice(opd.units),
            )
        else:
            jenis, jenjang = "PELAKSANA", None
            jabatan = rng.choice(
                (
                    "Pengelola Umum Operasional",
                    "Penata Layanan Operasional",
                    "Operator Layanan Operasional",
                    "Pengelola Layanan Operasional",
                )
            )
            unit = rng.choice(opd.units)
        tmt_jabatan = max(
            tmt,
            _date_between(rng, TODAY - dt.timedelta(days=365 * 6), TODAY - dt.timedelta(days=40)),
        )

        # Position history: earlier posts in related OPDs, ending the day before the next.
        history: list[dict[str, Any]] = []
        start = tmt
        earlier = rng.randint(0, 3) if years > 4 else 0
        for step in range(earlier):
            span_end = tmt + (tmt_jabatan - tmt) * (step + 1) / (earlier + 1)
            prior_opd = opd if rng.random() < 0.7 else rng.choice(ALL_OPDS)
            prior_jenis = (
                "PENGAWAS"
                if slot and step == earlier - 1 and slot.jenis != "PENGAWAS"
                else "PELAKSANA"
            )
            if slot and slot.jenis == "JPT" and step == earlier - 1:
                prior_jenis = "ADMINISTRATOR"
            history.append(
                {
                    "jabatan": "Kepala Seksi"
                    if prior_jenis == "PENGAWAS"
                    else (
                        "Kepala Bidang"
                        if prior_jenis == "ADMINISTRATOR"
                        else "Pengadministrasi Umum"
                    ),
                    "jenis": prior_jenis,
                    "jenjang": None,
                    "opd": prior_opd.name,
                    "unit": rng.choice(prior_opd.units),
                    "tmt_start": start.isoformat(),
                    "tmt_end": max(start, span_end - dt.timedelta(days=1)).isoformat(),
                }
            )
            start = max(start + dt.timedelta(days=1), span_end)
        history.append(
            {
                "jabatan": jabatan,
                "jenis": jenis,
                "jenjang": jenjang,
                "opd": opd.name,
                "unit": unit,
                "tmt_start": max(start, tmt_jabatan).isoformat()
                if history
                else tmt_jabatan.isoformat(),
                "tmt_end": None,
            }
        )
        if history[-1]["tmt_start"] and len(history) > 1:
            tmt_jabatan = dt.date.fromisoformat(history[-1]["tmt_start"])

        # Education history.
        major = rng.choice(profile["majors"]) if rng.random() < 0.8 else rng.choice(GENERIC_MAJORS)
        if teacher:
            major = rng.choice(
                (
                    "Pendidikan Guru Sekolah Dasar",
                    "Pendidikan Matematika",
                    "Pendidikan Bahasa Indonesia",
                    "Pendidikan Bahasa Inggris",
                    "Pendidikan Ilmu Pengetahuan Alam",
                )
            )
        grad = min(
            birth.year + {"SMA": 18, "D3": 21, "S1": 22, "D4": 22, "S2": 22, "S3": 22}[edu_level],
            tmt.year,
        )
        education = [
            {
                "level": "SMA",
                "major": "IPA" if rng.random() < 0.6 else "IPS",
                "institution": f"SMA Negeri {rng.randint(1, 3)} {rng.choice(SEED_BIRTHPLACES)}",
                "year": birth.year + 18,
            }
        ]
        if edu_level != "SMA":
            first = "S1" if edu_level in ("S2", "S3") else edu_level
            education.append(
                {
                    "level": first,
                    "major": major,
                    "institution": rng.choice(UNIVERSITIES),
                    "year": max(grad, birth.year + 21),
                }
            )
        if edu_level in ("S2", "S3"):
            education.append(
                {
                    "level": "S2",
                    "major": f"Magister {rng.choice(profile['majors'] + list(GENERIC_MAJORS[:3]))}",
                    "institution": rng.choice(UNIVERSITIES),
                    "year": min(TODAY.year, birth.year + rng.randint(27, 40)),
                }
            )
        if edu_level == "S3":
            education.append(
                {
                    "level": "S3",
                    "major": f"Doktor {major}",
                    "institution": rng.choice(UNIVERSITIES[:4]),
                    "year": min(TODAY.year, birth.year + rng.randint(38, 48)),
                }
            )
        bachelor = "S.Pd." if teacher else _bachelor_title(major, rng)
        gelar = {"SMA": "", "D3": "A.Md.", "S1": bachelor, "D4": "S.Tr."}.get(edu_level, "")
        if edu_level in ("S2", "S3"):
            gelar = f"{bachelor}, {rng.choice(('M.Si.', 'M.M.', 'M.AP.', 'M.T.'))}"
        front = "Dr." if edu_level == "S3" else ""
        if bachelor in ("dr.", "drg.", "drh."):  # professional titles go in front of the name
            front = f"{front} {bachelor}".strip()
            gelar = gelar.replace(bachelor, "").strip(", ")

        # Hidden traits: performance and potential, correlated but noisy.
        perf = rng.gauss(0, 1)
        potential = 0.6 * perf + 0.8 * rng.gauss(0, 1)

        trainings: list[dict[str, Any]] = [
            {
                "kind": "LAINNYA",
                "name": "Pelatihan Dasar CPNS (Latsar)",
                "hours": 220,
                "year": min(tmt.year + 1, TODAY.year),
                "institution": "BPSDM Provinsi Jawa Timur",
            }
        ]
        if jenis == "JF":
            trainings.append(
                {
                    "kind": "FUNGSIONAL",
                    "name": f"Pelatihan Fungsional {jabatan.rsplit(' ', 2)[0]}",
                    "hours": rng.choice((40, 60, 80)),
                    "year": min(tmt_jabatan.year + 1, TODAY.year),
                    "institution": "Instansi Pembina Jabatan Fungsional",
                }
            )
        for _ in range(rng.randint(0, 4)):
            kw = rng.choice(profile["keywords"] or ["pelayanan publik"])
            trainings.append(
                {
                    "kind": "TEKNIS",
                    "name": f"Pelatihan Teknis {kw.title()}",
                    "hours": rng.choice((16, 24, 32, 40)),
                    "year": rng.randint(max(tmt.year, TODAY.year - 8), TODAY.year),
                    "institution": rng.choice(
                        (
                            "BPSDM Provinsi Jawa Timur",
                            "BKPSDM Kabupaten Gresik",
                            "Kementerian terkait",
                        )
                    ),
                }
            )
        leadership = {
            "JPT": ["PKP", "PKA", "PKN_II"],
            "ADMINISTRATOR": ["PKP", "PKA"],
            "PENGAWAS": ["PKP"],
        }
        for i, lt in enumerate(leadership.get(jenis, []) if slot else []):
            if lt == "PKN_II" and rng.random() < 0.3:
                continue  # not yet attended (allowed within the first year)
            trainings.append(
                {
                    "kind": "KEPEMIMPINAN",
                    "name": {
                        "PKP": "Pelatihan Kepemimpinan Pengawas",
                        "PKA": "Pelatihan Kepemimpinan Administrator",
                        "PKN_II": "Pelatihan Kepemimpinan Nasional Tingkat II",
                    }[lt],
                    "leadership": lt,
                    "hours": {"PKP": 310, "PKA": 380, "PKN_II": 450}[lt],
                    "year": min(TODAY.year, tmt.year + 6 + 5 * i),
                    "institution": "BPSDM Provinsi Jawa Timur"
                    if lt != "PKN_II"
                    else "Lembaga Administrasi Negara",
                }
            )

        skp = []
        if status != "CPNS":
            for year in range(max(TODAY.year - 3, tmt.year + 1), TODAY.year):
                score = perf + rng.gauss(0, 0.7)
                hasil = (
                    "DI_ATAS_EKSPEKTASI"
                    if score > 1.0
                    else "DI_BAWAH_EKSPEKTASI"
                    if score < -1.9
                    else "SESUAI_EKSPEKTASI"
                )
                prilaku = (
                    "DI_ATAS_EKSPEKTASI"
                    if score + rng.gauss(0, 0.5) > 0.9
                    else "DI_BAWAH_EKSPEKTASI"
                    if score < -2.2
                    else "SESUAI_EKSPEKTASI"
                )
                skp.append({"year": year, "hasil_kerja": hasil, "perilaku_kerja": prilaku})

        assessments = []
        if slot or rng.random() < 0.3:
            base = STANDARD.get(jenjang or jenis, 2) if jenis != "PELAKSANA" else 2
            levels = {
                c: max(1, min(5, round(base + 0.5 * potential + rng.gauss(0, 0.6))))
                for c in COMPETENCIES
            }
            assessments.append(
                {
                    "date": _date_between(
                        rng, TODAY - dt.timedelta(days=365 * 4), TODAY - dt.timedelta(days=30)
                    ).isoformat(),
                    "institution": rng.choice(ASSESSORS),
                    "managerial": levels,
                    "teknis": {},
                    "jpm": None,
                    # The potential part of the assessment report (0-100), apart from the
                    # competency levels; its own generator so no other draw shifts.
                    "potential_score": round(
                        max(
                            20.0,
                            min(
                                99.0,
                                66 + 10 * potential + random.Random(f"potential:{nip}").gauss(0, 4),
                            ),
                        ),
                        1,
                    ),
                }
            )
        discipline = []
        roll = rng.random()
        if roll < 0.022 and years > 2:
            level = "BERAT" if roll < 0.002 else "SEDANG" if roll < 0.007 else "RINGAN"
            start_d = _date_between(
                rng, tmt + dt.timedelta(days=200), TODAY - dt.timedelta(days=10)
            )
            form = {
                "RINGAN": "teguran tertulis",
                "SEDANG": "pemotongan tunjangan kinerja 25% selama 6 bulan",
                "BERAT": "penurunan jabatan setingkat lebih rendah selama 12 bulan",
            }[level]
            months = {"RINGAN": 0, "SEDANG": 6, "BERAT": 12}[level]
            discipline.append(
                {
                    "level": level,
                    "form": form,
                    "tmt": start_d.isoformat(),
                    "end": (start_d + dt.timedelta(days=30 * months)).isoformat()
                    if months
                    else None,
                    "legal_basis": "PP 94/2021",
                }
            )
        awards = [
            {
                "name": f"Satyalancana Karya Satya {n} Tahun",
                "year": tmt.year + n,
                "issuer": "Presiden Republik Indonesia",
            }
            for n in (10, 20, 30)
            if years >= n
        ]
        certifications = []
        if jenis == "JF" and rng.random() < 0.4:
            certifications.append(
                {
                    "name": f"Sertifikat Kompetensi {jabatan.rsplit(' ', 2)[0]}",
                    "issuer": "LSP terkait",
                    "year": rng.randint(max(tmt.year, TODAY.year - 6), TODAY.year),
                }
            )
        innovations = []
        if rng.random() < 0.06 + 0.05 * max(perf, 0):
            kw = rng.choice(profile["keywords"] or ["pelayanan publik"])
            area = opd.name.removeprefix("Dinas ").removeprefix("Badan ")
            title = rng.choice(
                (
                    f"Aplikasi Layanan {kw.title()} Terpadu",
                    f"Gerakan Peningkatan {kw.title()} Berbasis Desa",
                    f"Sistem Informasi {kw.title()} {area}",
                    f"Inovasi Pendampingan {kw.title()} di Kabupaten Gresik",
                )
            )
            innovations.append(
                {
                    "kind": "INOVASI" if rng.random() < 0.7 else "KARYA_TULIS",
                    "title": title,
                    "abstract": f"Inovasi ini meningkatkan {kw} melalui kolaborasi {area} dengan masyarakat dan "
                    f"pemanfaatan data. Hasilnya layanan {kw} lebih cepat dan terukur di Kabupaten Gresik.",
                    "year": rng.randint(max(tmt.year, TODAY.year - 6), TODAY.year),
                    "role": rng.choice(("penggagas", "anggota tim", "penulis utama")),
                }
            )

        name = self.fake.name_female() if female else self.fake.name_male()
        for prefix in ("dr. ", "Dr. ", "Drs. ", "Ir. ", "H. ", "Hj. ", "Prof. "):
            name = name.replace(prefix, "")
        # Faker adds academic titles of its own; titles here come from the education history.
        name = " ".join(p.strip(",") for p in name.split() if "." not in p) or name
        kec_index = rng.randrange(len(KECAMATAN))
        nik_day = birth.day + (40 if female else 0)
        return {
            "nip": nip,
            "status": status,
            "name": name,
            "gelar_depan": front,
            "gelar_belakang": gelar,
            "golongan": golongan,
            "tmt_golongan": tmt_golongan.isoformat() if not pppk else None,
            "jabatan": jabatan,
            "jenis_jabatan": jenis,
            "jenjang": jenjang,
            "opd": opd.name,
            "unit": unit,
            "tmt_jabatan": tmt_jabatan.isoformat(),
            "kedudukan": "AKTIF",
            "positions": history,
            "education": education,
            "trainings": trainings,
            "skp": skp,
            "assessments": assessments,
            "discipline": discipline,
            "awards": awards,
            "certifications": certifications,
            "innovations": innovations,
            "personal": {
                "nik": f"3525{kec_index + 1:02d}{nik_day:02d}{birth:%m%y}{rng.randint(1, 9999):04d}",
                "birth_place": rng.choice(SEED_BIRTHPLACES),
                "address": f"{self.fake.street_address()}, Kecamatan {KECAMATAN[kec_index]}, Gresik",
                "religion": _weighted(rng, RELIGIONS),
                "marital_status": _weighted(
                    rng, (("Kawin", 0.8), ("Belum Kawin", 0.15), ("Cerai", 0.05))
                ),
            },
        }
