"""Demo data set: plausible Pemkab Gresik ASN profiles, loaded through the gateway.

Deterministic for a given seed, so every `make run` shows the same people. Entry point
`potret-demo-data --count 200`. Existing NIPs are left as they are (idempotent reload).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass

import httpx

from potret_asn_rules.golongan import golongan_from_ordinal

# OPD → jabatan typical of it (jabatan fungsional and struktural, PermenPANRB nomenclature).
OPD_JABATAN: dict[str, list[str]] = {
    "Dinas Perikanan": [
        "Kepala Bidang Perikanan Tangkap",
        "Kepala Bidang Perikanan Budidaya",
        "Penyuluh Perikanan Ahli Muda",
        "Penyuluh Perikanan Ahli Pertama",
        "Pengawas Perikanan Ahli Pertama",
        "Analis Pasar Hasil Perikanan Ahli Muda",
        "Pengendali Hama dan Penyakit Ikan Terampil",
    ],
    "Dinas Kesehatan": [
        "Kepala Bidang Pelayanan Kesehatan",
        "Epidemiolog Kesehatan Ahli Muda",
        "Administrator Kesehatan Ahli Muda",
        "Nutrisionis Ahli Pertama",
        "Sanitarian Terampil",
        "Dokter Ahli Madya",
    ],
    "Dinas Pendidikan": [
        "Kepala Bidang Pembinaan SMP",
        "Pengawas Sekolah Ahli Madya",
        "Guru Ahli Muda",
        "Guru Ahli Pertama",
        "Pamong Belajar Ahli Muda",
    ],
    "Dinas Pekerjaan Umum dan Tata Ruang": [
        "Kepala Bidang Bina Marga",
        "Teknik Jalan dan Jembatan Ahli Muda",
        "Penata Ruang Ahli Pertama",
        "Teknik Pengairan Ahli Muda",
    ],
    "Dinas Pertanian": [
        "Kepala Bidang Tanaman Pangan",
        "Penyuluh Pertanian Ahli Muda",
        "Pengawas Benih Tanaman Ahli Pertama",
        "Medik Veteriner Ahli Muda",
    ],
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia": [
        "Kepala Bidang Pengembangan Kompetensi",
        "Analis Sumber Daya Manusia Aparatur Ahli Muda",
        "Analis Sumber Daya Manusia Aparatur Ahli Pertama",
        "Pranata Sumber Daya Manusia Aparatur Terampil",
    ],
    "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah": [
        "Kepala Bidang Perekonomian dan Sumber Daya Alam",
        "Perencana Ahli Muda",
        "Perencana Ahli Pertama",
        "Peneliti Ahli Muda",
    ],
    "Dinas Lingkungan Hidup": [
        "Kepala Bidang Pengendalian Pencemaran",
        "Pengendali Dampak Lingkungan Ahli Muda",
        "Pengawas Lingkungan Hidup Ahli Pertama",
    ],
    "Dinas Komunikasi dan Informatika": [
        "Kepala Bidang Aplikasi Informatika",
        "Pranata Komputer Ahli Muda",
        "Pranata Komputer Ahli Pertama",
        "Statistisi Ahli Pertama",
    ],
    "Sekretariat Daerah": [
        "Kepala Bagian Organisasi",
        "Analis Kebijakan Ahli Muda",
        "Analis Hukum Ahli Pertama",
        "Pengelola Umum Operasional",
    ],
    "Inspektorat Daerah": [
        "Auditor Ahli Madya",
        "Auditor Ahli Muda",
        "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah Ahli Muda",
    ],
}

# Degree title (gelar) by OPD: what people there typically studied.
OPD_TITLES: dict[str, list[str]] = {
    "Dinas Perikanan": ["S.Pi.", "S.Kel.", "S.Pi., M.Si.", "A.Md.Pi."],
    "Dinas Kesehatan": ["S.KM.", "S.Kep., Ns.", "dr.", "S.Gz.", "A.Md.Kes."],
    "Dinas Pendidikan": ["S.Pd.", "S.Pd., M.Pd.", "S.Si."],
    "Dinas Pekerjaan Umum dan Tata Ruang": ["S.T.", "S.T., M.T.", "A.Md.T."],
    "Dinas Pertanian": ["S.P.", "S.P., M.P.", "drh."],
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia": ["S.Psi.", "S.Sos.", "S.AP."],
    "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah": ["S.E.", "S.E., M.Ec.Dev.", "S.T."],
    "Dinas Lingkungan Hidup": ["S.T.", "S.Si.", "S.Si., M.Sc."],
    "Dinas Komunikasi dan Informatika": ["S.Kom.", "S.Kom., M.Kom.", "S.Si."],
    "Sekretariat Daerah": ["S.H.", "S.Sos., M.Si.", "S.AP."],
    "Inspektorat Daerah": ["S.E., Ak.", "S.H.", "S.E., M.Ak."],
}

MALE = [
    "Ahmad",
    "Budi",
    "Agus",
    "Eko",
    "Heru",
    "Joko",
    "Slamet",
    "Bambang",
    "Rudi",
    "Hadi",
    "Imam",
    "Arif",
    "Fajar",
    "Dwi",
    "Yusuf",
    "Moch.",
    "Syaiful",
    "Teguh",
    "Wahyu",
    "Nur",
]
FEMALE = [
    "Siti",
    "Sri",
    "Dewi",
    "Endang",
    "Rina",
    "Wulan",
    "Lilik",
    "Anik",
    "Nurul",
    "Diah",
    "Ratna",
    "Yuli",
    "Ika",
    "Fitri",
    "Umi",
    "Retno",
    "Anis",
    "Novi",
    "Evi",
    "Lailatul",
]
FAMILY = [
    "Santoso",
    "Wibowo",
    "Hidayat",
    "Rahmawati",
    "Susanti",
    "Prasetyo",
    "Kurniawan",
    "Setiawan",
    "Maulana",
    "Hasanah",
    "Fauziah",
    "Wahyuni",
    "Saputra",
    "Utomo",
    "Firmansyah",
    "Lestari",
    "Purnomo",
    "Handayani",
    "Mustofa",
    "Aminah",
]


@dataclass(frozen=True, slots=True)
class DemoProfile:
    nip: str
    name: str
    golongan: str
    jabatan: str
    opd: str

    def as_json(self) -> dict[str, str]:
        return {
            "nip": self.nip,
            "name": self.name,
            "golongan": self.golongan,
            "jabatan": self.jabatan,
            "opd": self.opd,
        }


def generate(count: int, *, seed: int = 2026, today: dt.date | None = None) -> list[DemoProfile]:
    """`count` distinct, structurally valid profiles."""
    rng = random.Random(seed)
    today = today or dt.date(2026, 11, 1)
    profiles: list[DemoProfile] = []
    nips: set[str] = set()
    opds = list(OPD_JABATAN)
    while len(profiles) < count:
        opd = rng.choice(opds)
        female = rng.random() < 0.5
        birth = dt.date(rng.randint(1968, 1999), rng.randint(1, 12), rng.randint(1, 28))
        entry_age = rng.randint(22, 34)
        tmt_year = min(birth.year + entry_age, today.year - 1)
        tmt_month = rng.randint(1, 12)
        serial = rng.randint(1, 40)
        nip = f"{birth:%Y%m%d}{tmt_year}{tmt_month:02d}{2 if female else 1}{serial:03d}"
        if nip in nips:
            continue
        nips.add(nip)
        years = today.year - tmt_year
        first = rng.choice(FEMALE if female else MALE)
        title = rng.choice(OPD_TITLES[opd])
        # Entry by diploma (PP 99/2000): D-III at II/c (ordinal 7, ceiling III/c), S1 at III/a
        # (9); then about one ruang per four years of service.
        entry, ceiling = (7, 11) if title.startswith("A.Md") else (9, 15)
        ordinal = min(entry + years // 4, ceiling)
        if title in ("dr.", "drh."):
            name = f"{title} {first} {rng.choice(FAMILY)}"
        else:
            name = f"{first} {rng.choice(FAMILY)}, {title}"
        profiles.append(
            DemoProfile(
                nip, name, golongan_from_ordinal(ordinal).code, rng.choice(OPD_JABATAN[opd]), opd
            )
        )
    return profiles


def load(base_url: str, profiles: list[DemoProfile]) -> tuple[int, int]:
    """POST each profile to the gateway; returns (created, already_present). Shows progress."""
    created = present = 0
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for i, profile in enumerate(profiles, 1):
            resp = client.post("/v1/profiles", json=profile.as_json())
            if resp.status_code == 201:
                created += 1
            elif resp.status_code == 409:
                present += 1
            else:
                raise SystemExit(f"loading {profile.nip} failed: {resp.status_code} {resp.text}")
            if i % 25 == 0 or i == len(profiles):
                print(
                    f"\rdemo data: {i}/{len(profiles)} profiles",
                    end="",
                    file=sys.stderr,
                    flush=True,
                )
    print(file=sys.stderr)
    return created, present


def run() -> None:
    """Entry point `potret-demo-data`."""
    parser = argparse.ArgumentParser(
        description="Load the Potret demo data set through the gateway."
    )
    parser.add_argument("--gateway", default="http://127.0.0.1:8080", help="gateway base URL")
    parser.add_argument("--count", type=int, default=200, help="number of profiles")
    parser.add_argument(
        "--seed", type=int, default=2026, help="random seed (same seed, same people)"
    )
    args = parser.parse_args()
    created, present = load(args.gateway, generate(args.count, seed=args.seed))
    print(f"demo data: {created} created, {present} already present", file=sys.stderr)
