import copy
import datetime as dt
from typing import Any

import pytest

from potret_expertise import analyse, detect_domains, expertise, expertise_all, stems

TODAY = dt.date(2026, 11, 1)


def _fisheries(**extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "nip": "198609262015051001",
        "name": "Siti Aminah",
        "jabatan": "Penyuluh Perikanan Ahli Muda",
        "jenis_jabatan": "JF",
        "opd": "Dinas Perikanan",
        "positions": [
            {
                "jabatan": "Pengadministrasi Umum",
                "jenis": "PELAKSANA",
                "opd": "Dinas Kesehatan",
                "tmt_start": "2015-05-01",
                "tmt_end": "2018-12-31",
            },
            {
                "jabatan": "Penyuluh Perikanan Ahli Muda",
                "jenis": "JF",
                "opd": "Dinas Perikanan",
                "unit": "Bidang Perikanan Budidaya",
                "tmt_start": "2019-01-01",
            },
        ],
        "education": [
            {
                "level": "S1",
                "major": "Budidaya Perairan",
                "institution": "Universitas Brawijaya",
                "year": 2009,
            }
        ],
        "trainings": [
            {
                "kind": "TEKNIS",
                "name": "Pelatihan Teknis Budidaya Udang Vaname",
                "hours": 40,
                "year": 2023,
            }
        ],
    }
    record.update(extra)
    return record


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("S.Pi.", "sarjana ikan"),
        ("Disperkan", "dinas ikan"),
        ("Siapa yang paham PERIKANAN?", "ikan"),
        ("penyuluhan kesehatan", "suluh sehat"),
        ("Dinkes", "dinas sehat"),
        # English names of work are read in Indonesian, in a query as in a record
        ("Medical Check Up", "periksa sehat"),
        ("data analyst", "analisis data"),
        ("Pelatihan Public Relations", "latih humas"),
        # Gerakan Menuju Smart City, said in either language; an innovation named SMART and a
        # city tour are no smart city
        ("Masterplan Kota Cerdas", "masterplan smart city"),
        ("Bimtek Smart Regency", "bimtek smart city"),
        ("SMART-DUK antar dokumen", "smart duk antar dokumen"),
        ("Gresik City Tour", "gresik city tour"),
        ("Penertiban PKL dan Reklame", "tertib dagang kaki lima reklame"),
        ("Koordinator magang PKL mahasiswa", "koordinator magang praktik kerja lapang mahasiswa"),
        ("Penertiban APK pemilu", "tertib alat aga kampanye milu"),
        ("Analisis APK dan APM SD", "analisis angka partisipasi kasar apm sd"),
        (
            "Bimtek Seleksi CASN dengan CAT (SKD/TKD)",
            "bimtek rekrutmenasn cat skd tes kompetensi dasar",
        ),
        ("Inventarisasi TKD", "inventarisasi tanah kas desa"),
        ("Perlindungan PMI", "lindung kerja migran indonesia"),
        ("Donor Darah bersama PMI", "donor darah palang merah indonesia"),
        ("Koordinator KPM stunting", "koordinator kader bangun manusia stunting"),
        ("Pendamping KPM PKH", "damping keluargapenerimamanfaat pkh"),
        # (review) BLT Dana Desa's recipients are KPM too, not cadres; "Capaian APK" and "APM
        # dan APK" are enrolment, an app's APK no poster; a PKL supervisor is a teacher's;
        # TKD without its village is left as typed (a regional allowance, taekwondo)
        (
            "Musdes penetapan KPM BLT Dana Desa",
            "musdes tetap keluargapenerimamanfaat blt dana desa",
        ),
        ("Pendataan KPM Desa", "data kpm desa"),
        ("Capaian APK SD", "capai angka partisipasi kasar sd"),
        ("APM dan APK SMP", "apm angka partisipasi kasar smp"),
        ("Pembuatan APK Android", "buat apk android"),
        ("Guru Pembimbing PKL", "guru bimbing praktik kerja lapang"),
        ("Tunjangan Kinerja Daerah TKD", "tunjang kinerja daerah tkd"),  # kinerja: no kerja
        # (review) the degrees written with their dots are degrees, not the survey or a tax
        # return; "lulusan SKM" is the degree too
        ("Rina, S.K.M.", "rina sarjana sehat masyarakat"),
        ("Budi, S.Pt.", "budi sarjana terna"),
        ("lulusan SKM", "lulus sarjana sehat masyarakat"),
        ("Penetapan nilai TKD desa", "tetap nilai tanah kas desa"),
        # PPK: the commitment-making official beside procurement or construction; a
        # kecamatan's election committee or a school programme otherwise, left as typed
        ("PPK pengadaan konstruksi", "jabat buat komitmen ada konstruksi"),
        ("Sertifikat PPK", "sertifikat jabat buat komitmen"),
        ("Sekretariat PPK Kecamatan Sidayu", "sekretariat ppk camat sidayu"),
        ("Program PPK di sekolah", "program ppk sekolah"),
        # (review) PPK of a BLUD or an SKPD is the finance administration officer
        ("Pelatihan PPK BLUD", "latih ppk blud"),
        ("Bimtek PPK SKPD", "bimtek ppk skpd"),
        ("Sertifikat PPK BLUD", "sertifikat ppk blud"),
        # short forms the chat's reader reads too (potret_ask data/words.json): one reading
        ("Manajemen rekayasa lalin", "manajemen rekayasa lalulintas"),
        ("Seksi Linjamsos", "seksi lindung jamin sosial"),
    ],
)
def test_analyse_expands_abbreviations_drops_question_words_and_stems(
    text: str, expected: str
) -> None:
    assert analyse(text) == expected


@pytest.mark.parametrize(
    ("query", "domain"),
    [
        ("siapa yang paham perikanan?", "kelautan_perikanan"),
        ("ahli budidaya udang dan bandeng", "kelautan_perikanan"),
        ("Disperkan", "kelautan_perikanan"),
        ("dokter di puskesmas", "kesehatan"),
        ("guru SD", "pendidikan"),
        ("jalan dan jembatan", "pekerjaan_umum_penataan_ruang"),
        ("pengelolaan keuangan daerah", "keuangan"),
        ("penyuluh pertanian padi", "pertanian"),
        ("manajemen kepegawaian", "kepegawaian"),
        ("sekretariat dprd", "kesekretariatan_umum"),
    ],
)
def test_questions_are_mapped_to_their_domain(query: str, domain: str) -> None:
    assert detect_domains(query)[0] == domain


def test_a_shared_stem_goes_to_the_domain_that_has_the_word_as_written() -> None:
    # "pasar" is trade's word; fisheries has only "pemasaran" (marketing), of the same stem.
    # Before, the tie went to the alphabetically first code: kelautan_perikanan.
    assert detect_domains("pengelolaan pasar tradisional") == ["perdagangan"]
    assert detect_domains("pemasaran ikan") == ["kelautan_perikanan"]


def test_no_domain_named_no_domain_detected() -> None:
    assert detect_domains("Budi Santoso") == []
    assert detect_domains("???") == []


def test_fisheries_record_scores_high_with_evidence_from_each_record() -> None:
    result = expertise(_fisheries(), "kelautan_perikanan", today=TODAY)
    assert 0.6 < result.score <= 1
    sources = {e.source for e in result.evidence}
    assert {"positions[1]", "education[0]", "trainings[0]"} <= sources
    assert "positions[0]" not in sources  # the years at Dinas Kesehatan are not fisheries
    texts = [e.text for e in result.evidence]
    assert "S1 Budidaya Perairan, Universitas Brawijaya, 2009" in texts
    assert any(t.startswith("7 tahun 10 bulan di Dinas Perikanan") for t in texts)
    assert "Jabatan fungsional: Penyuluh Perikanan Ahli Muda" in texts


def test_unrelated_domain_scores_zero_and_health_years_count_for_health() -> None:
    assert expertise(_fisheries(), "pertanahan", today=TODAY).score == 0
    health = expertise(_fisheries(), "kesehatan", today=TODAY)
    assert 0 < health.score < expertise(_fisheries(), "kelautan_perikanan", today=TODAY).score


def test_more_evidence_never_lowers_the_score() -> None:
    base = expertise(_fisheries(), "kelautan_perikanan", today=TODAY).score
    richer = _fisheries(
        innovations=[{"kind": "INOVASI", "title": "Aplikasi Pasar Ikan Nelayan", "year": 2025}],
        certifications=[{"name": "Sertifikat Penyuluh Perikanan", "year": 2024}],
    )
    assert expertise(richer, "kelautan_perikanan", today=TODAY).score > base


def test_recent_service_weighs_more_than_old_service() -> None:
    recent = _fisheries(
        positions=[
            {
                "jabatan": "Analis",
                "jenis": "PELAKSANA",
                "opd": "Dinas Perikanan",
                "tmt_start": "2021-01-01",
            }
        ],
        education=[],
        trainings=[],
    )
    old = _fisheries(
        positions=[
            {
                "jabatan": "Analis",
                "jenis": "PELAKSANA",
                "opd": "Dinas Perikanan",
                "tmt_start": "2001-01-01",
                "tmt_end": "2006-10-31",
            }
        ],
        education=[],
        trainings=[],
    )
    assert (
        expertise(recent, "kelautan_perikanan", today=TODAY).score
        > expertise(old, "kelautan_perikanan", today=TODAY).score
        > 0
    )


def test_personal_data_and_identity_do_not_change_the_score() -> None:
    record = _fisheries()
    other = copy.deepcopy(record)
    other.update(
        nip="199912312024012999", name="Nama Lain", personal={"religion": "X", "nik": "1" * 16}
    )
    assert (
        expertise_all(record, today=TODAY)["kelautan_perikanan"]
        == expertise_all(other, today=TODAY)["kelautan_perikanan"]
    )


def test_stems_are_stable_for_common_words() -> None:
    assert stems("perikanan kelautan pendidikan kepegawaian") == [
        "ikan",
        "laut",
        "didik",
        "pegawai",
    ]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        # a word kept whole stays whole when inflected: performance is no work, marketing no
        # market
        ("kinerjanya", "kinerja"),
        ("berkinerja", "kinerja"),
        ("pemasarannya", "pemasaran"),
        ("perkebunannya", "perkebunan"),
        # (review) a prefix only before a word kept whole for that: earning is no revenue
        ("berpendapatan", "dapat"),
        # other inflections are Sastrawi's as before
        ("pekerjaannya", "kerja"),
        ("perikanannya", "ikan"),
    ],
)
def test_a_word_kept_whole_is_kept_whole_when_inflected(word: str, stem: str) -> None:
    assert stems(word) == [stem]


@pytest.mark.parametrize("year", [1992, 2009, 2015, None])
def test_graduation_year_does_not_change_expertise(year: int | None) -> None:
    # Issue 17 item 6: recency weighting of the degree made the graduation year an age proxy
    # (S1 in 1992 vs 2015 on the same record: 0.621 vs 0.649). A degree counts by its level
    # and its match; recency belongs to the work (service, JF, training, innovation).
    base = _fisheries()
    dated = copy.deepcopy(base)
    dated["education"][0]["year"] = year
    reference = copy.deepcopy(base)
    reference["education"][0]["year"] = 2015
    score = expertise(dated, "kelautan_perikanan", today=TODAY).score
    assert score == expertise(reference, "kelautan_perikanan", today=TODAY).score


def test_a_plt_in_the_same_field_does_not_add_years() -> None:
    def person(*posts: tuple[str, str, str | None]) -> dict[str, Any]:
        rows = [
            {"jabatan": j, "jenis": "PELAKSANA", "opd": "Dinas Perikanan", "tmt_start": s,
             "tmt_end": e}
            for j, s, e in posts
        ]  # fmt: skip
        return _fisheries(positions=rows, education=[], trainings=[])

    alone = person(("Analis Perikanan", "2016-11-01", None))
    plt = person(("Analis Perikanan", "2016-11-01", None), ("Plt. Kepala Seksi", "2019-01-01",
                 "2021-01-01"))  # fmt: skip
    code = "kelautan_perikanan"
    assert expertise(plt, code, today=TODAY).signals["service"] == pytest.approx(
        expertise(alone, code, today=TODAY).signals["service"]
    )


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        # the health office's disease-prevention section is no fire service
        ("Seksi Pencegahan dan Pengendalian Penyakit", "trantibum_linmas"),
        ("Bimtek Pencegahan Korupsi", "trantibum_linmas"),
        # the admission of new pupils is one word: its "penerimaan" is no school's in a
        # treasurer's title
        ("Bendahara Penerimaan Pembantu", "pendidikan"),
        # the health office's sports health is no sport
        ("Seksi Kesehatan Olahraga", "kepemudaan_olahraga"),
        # processing is no industry by itself: sludge, data, archives
        ("Operator Instalasi Pengolahan Lumpur Tinja", "perindustrian"),
        ("Kepala Seksi Akuisisi dan Pengolahan Arsip Statis", "perindustrian"),
    ],
)
def test_a_word_every_field_uses_is_no_evidence_of_one(text: str, domain: str) -> None:
    from potret_expertise import thesaurus

    assert domain not in thesaurus().record_domains(text)


def test_fire_prevention_stays_the_fire_service_s() -> None:
    # (review) "pencegahan" made generic must not take fire prevention from trantibum
    from potret_expertise import thesaurus

    assert "trantibum_linmas" in thesaurus().record_domains("Diklat Pencegahan Kebakaran")


def test_a_posts_domains_are_those_of_every_domain_it_matches() -> None:
    # position_domains (cached per jabatan, OPD and unit) looks only at the domains the three
    # names carry: no other domain may match the post. Checked against every domain, over the
    # posts of generated records and the traps of the unit rules.
    from potret_asn_rules import domains
    from potret_expertise import thesaurus
    from potret_expertise.scoring import _position_matches, position_domains
    from potret_seed.generator import Generator

    th = thesaurus()
    posts: list[dict[str, Any]] = [
        {"jabatan": "Pengemudi", "opd": "Dinas Perikanan", "unit": "Sekretariat"},
        {"jabatan": "Pengemudi", "opd": "Dinas Lingkungan Hidup", "unit": "UPT Kebersihan"},
        {"jabatan": "Pengelola Keuangan", "opd": "Dinas Kesehatan", "unit": "Subbagian Keuangan"},
        {
            "jabatan": "Analis Kebijakan",
            "opd": "Dinas Pariwisata, Ekonomi Kreatif, Kebudayaan, Pemuda dan Olahraga",
            "unit": "Bidang Kepemudaan dan Olahraga",
        },
        {"jabatan": "Perawat", "opd": "Dinas Kesehatan", "unit": "UPT Puskesmas Industri"},
        {"jabatan": "Sekretaris Kecamatan", "opd": "Kecamatan Tambak", "unit": None},
        {"jabatan": None, "opd": "", "unit": "Bidang Statistik"},
    ]
    for person in Generator(5).people(300):
        posts.extend(person.get("positions") or [])
    assert len(posts) > 300
    for pos in posts:
        every = {code for code in domains() if _position_matches(th, code, pos)}
        assert position_domains(th, pos) == every, pos
