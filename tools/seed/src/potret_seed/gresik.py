"""Perangkat daerah of Kabupaten Gresik (domain reference section 14; names as used in
2020-2025 public documents, to be confirmed against the current Perda before production).

`share` is the assumed part of the workforce in each OPD: schools (Dinas Pendidikan) and
health (Dinas Kesehatan with puskesmas, RSUD) hold most regional ASN, as in every regency.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Opd:
    name: str
    short: str
    domains: tuple[str, ...]
    share: float
    units: tuple[str, ...]
    head_title: str = "Kepala"


OPDS: tuple[Opd, ...] = (
    Opd(
        "Sekretariat Daerah",
        "setda",
        ("kesekretariatan_umum", "hukum", "pengadaan_barang_jasa", "organisasi_tata_laksana"),
        0.025,
        (
            "Bagian Hukum",
            "Bagian Organisasi",
            "Bagian Pengadaan Barang dan Jasa",
            "Bagian Umum",
            "Bagian Perekonomian",
        ),
        "Sekretaris Daerah",
    ),
    Opd(
        "Sekretariat DPRD",
        "setwan",
        ("kesekretariatan_umum",),
        0.006,
        ("Bagian Umum", "Bagian Persidangan"),
        "Sekretaris DPRD",
    ),
    Opd(
        "Inspektorat",
        "inspektorat",
        ("pengawasan",),
        0.008,
        ("Inspektur Pembantu I", "Inspektur Pembantu II"),
        "Inspektur",
    ),
    Opd(
        "Dinas Pendidikan",
        "dispendik",
        ("pendidikan",),
        0.36,
        (
            "Bidang Pembinaan SD",
            "Bidang Pembinaan SMP",
            "Bidang PAUD dan Pendidikan Nonformal",
            "Bidang Ketenagaan",
        ),
    ),
    Opd(
        "Dinas Kesehatan",
        "dinkes",
        ("kesehatan",),
        0.13,
        (
            "Bidang Pelayanan Kesehatan",
            "Bidang Kesehatan Masyarakat",
            "Bidang Pencegahan dan Pengendalian Penyakit",
            "UPT Puskesmas",
        ),
    ),
    Opd(
        "RSUD Ibnu Sina",
        "rsud-ibnu-sina",
        ("kesehatan",),
        0.06,
        ("Bidang Pelayanan Medik", "Bidang Keperawatan", "Bagian Umum"),
        "Direktur",
    ),
    Opd(
        "Dinas Pekerjaan Umum dan Tata Ruang",
        "dputr",
        ("pekerjaan_umum_penataan_ruang",),
        0.02,
        ("Bidang Bina Marga", "Bidang Sumber Daya Air", "Bidang Tata Ruang"),
    ),
    Opd(
        "Dinas Perumahan Rakyat dan Kawasan Permukiman",
        "disperkim",
        ("perumahan_kawasan_permukiman",),
        0.01,
        ("Bidang Perumahan", "Bidang Kawasan Permukiman"),
    ),
    Opd(
        "Satuan Polisi Pamong Praja",
        "satpolpp",
        ("trantibum_linmas",),
        0.015,
        ("Bidang Penegakan Perda", "Bidang Linmas"),
    ),
    Opd(
        "Badan Penanggulangan Bencana Daerah",
        "bpbd",
        ("trantibum_linmas",),
        0.006,
        ("Bidang Kedaruratan dan Logistik", "Bidang Pencegahan dan Kesiapsiagaan"),
        "Kepala Pelaksana",
    ),
    Opd(
        "Dinas Sosial",
        "dinsos",
        ("sosial",),
        0.008,
        ("Bidang Rehabilitasi Sosial", "Bidang Perlindungan dan Jaminan Sosial"),
    ),
    Opd(
        "Dinas Tenaga Kerja",
        "disnaker",
        ("tenaga_kerja",),
        0.007,
        ("Bidang Pelatihan dan Produktivitas", "Bidang Hubungan Industrial"),
    ),
    Opd(
        "Dinas Kependudukan dan Pencatatan Sipil",
        "dispendukcapil",
        ("adminduk_capil",),
        0.009,
        ("Bidang Pelayanan Pendaftaran Penduduk", "Bidang Pelayanan Pencatatan Sipil"),
    ),
    Opd(
        "Dinas Lingkungan Hidup",
        "dlh",
        ("lingkungan_hidup",),
        0.015,
        ("Bidang Pengendalian Pencemaran", "Bidang Pengelolaan Sampah"),
    ),
    Opd(
        "Dinas Komunikasi dan Informatika",
        "diskominfo",
        ("komunikasi_informatika", "statistik", "persandian"),
        0.008,
        ("Bidang Aplikasi Informatika", "Bidang Statistik dan Persandian"),
    ),
    Opd(
        "Dinas Perhubungan",
        "dishub",
        ("perhubungan",),
        0.01,
        ("Bidang Lalu Lintas", "Bidang Angkutan"),
    ),
    Opd(
        "Dinas Koperasi, Usaha Mikro, Perindustrian dan Perdagangan",
        "diskoperindag",
        ("koperasi_ukm", "perindustrian", "perdagangan"),
        0.01,
        ("Bidang Koperasi dan Usaha Mikro", "Bidang Perdagangan", "Bidang Perindustrian"),
    ),
    Opd(
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "dpmptsp",
        ("penanaman_modal",),
        0.006,
        ("Bidang Pelayanan Perizinan", "Bidang Promosi Penanaman Modal"),
    ),
    Opd(
        "Dinas Pariwisata, Ekonomi Kreatif, Kebudayaan, Pemuda dan Olahraga",
        "disparekrafbudpora",
        ("pariwisata", "kebudayaan", "kepemudaan_olahraga"),
        0.008,
        ("Bidang Pariwisata", "Bidang Kebudayaan", "Bidang Kepemudaan dan Olahraga"),
    ),
    Opd(
        "Dinas Perikanan",
        "diskan",
        ("kelautan_perikanan",),
        0.012,
        (
            "Bidang Perikanan Tangkap",
            "Bidang Perikanan Budidaya",
            "Bidang Pengolahan dan Pemasaran Hasil Perikanan",
        ),
    ),
    Opd(
        "Dinas Pertanian",
        "distan",
        ("pertanian",),
        0.015,
        ("Bidang Tanaman Pangan", "Bidang Hortikultura", "Bidang Peternakan"),
    ),
    Opd(
        "Dinas Ketahanan Pangan",
        "dkp",
        ("pangan",),
        0.005,
        ("Bidang Ketersediaan Pangan", "Bidang Keamanan Pangan"),
    ),
    Opd(
        "Dinas Pemberdayaan Masyarakat dan Desa",
        "dpmd",
        ("pemberdayaan_masyarakat_desa",),
        0.006,
        ("Bidang Pemerintahan Desa", "Bidang Pemberdayaan Masyarakat"),
    ),
    Opd(
        "Dinas KB, Pemberdayaan Perempuan dan Perlindungan Anak",
        "dp3akb",
        ("pengendalian_penduduk_kb", "pemberdayaan_perempuan_perlindungan_anak"),
        0.01,
        ("Bidang Keluarga Berencana", "Bidang Perlindungan Anak"),
    ),
    Opd(
        "Dinas Perpustakaan dan Kearsipan",
        "dispusip",
        ("perpustakaan", "kearsipan"),
        0.005,
        ("Bidang Perpustakaan", "Bidang Kearsipan"),
    ),
    Opd(
        "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
        "bappelitbangda",
        ("perencanaan", "penelitian_pengembangan"),
        0.008,
        ("Bidang Perencanaan Ekonomi", "Bidang Penelitian dan Pengembangan"),
    ),
    Opd(
        "Badan Pendapatan Daerah",
        "bapenda",
        ("keuangan",),
        0.01,
        ("Bidang Pendapatan", "Bidang Penagihan"),
    ),
    Opd(
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "bpkad",
        ("keuangan",),
        0.01,
        ("Bidang Anggaran", "Bidang Akuntansi", "Bidang Aset"),
    ),
    Opd(
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "bkpsdm",
        ("kepegawaian", "pendidikan_pelatihan"),
        0.007,
        ("Bidang Mutasi dan Promosi", "Bidang Pengembangan Kompetensi", "Bidang Penilaian Kinerja"),
    ),
    Opd(
        "Badan Kesatuan Bangsa dan Politik",
        "bakesbangpol",
        ("pemerintahan_umum",),
        0.004,
        ("Bidang Politik Dalam Negeri", "Bidang Ketahanan Ekonomi Sosial Budaya"),
    ),
)

KECAMATAN = (
    "Balongpanggang",
    "Benjeng",
    "Bungah",
    "Cerme",
    "Driyorejo",
    "Duduksampeyan",
    "Dukun",
    "Gresik",
    "Kebomas",
    "Kedamean",
    "Manyar",
    "Menganti",
    "Panceng",
    "Sangkapura",
    "Sidayu",
    "Tambak",
    "Ujungpangkah",
    "Wringinanom",
)

# Kecamatan offices: 18 OPD of their own (kewilayahan), ~0.35 % of the workforce each.
KECAMATAN_OPDS: tuple[Opd, ...] = tuple(
    Opd(
        f"Kecamatan {k}",
        f"kec-{k.lower()}",
        ("kewilayahan_kecamatan",),
        0.0035,
        ("Seksi Pemerintahan", "Seksi Pelayanan Umum"),
        "Camat",
    )
    for k in KECAMATAN
)

ALL_OPDS: tuple[Opd, ...] = OPDS + KECAMATAN_OPDS
