"""The fields a query asks about (potret_expertise.asked): one reading for search and chat."""

from __future__ import annotations

import pytest

from potret_expertise.asked import NOT_FIELD, as_read, domains, long_forms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a word of two senses: the later word decides (a modifier follows its head)
        ("jaringan irigasi", ("pekerjaan_umum_penataan_ruang",)),
        ("jaringan komputer", ("komunikasi_informatika",)),
        # verbs whose stems look like field words name nothing
        ("tunjukkan ahli perikanan", ("kelautan_perikanan",)),
        ("pegawai yang berasal dari gresik", ()),
        # each part named by its own name is asked, in the order said
        ("perindustrian dan perdagangan", ("perindustrian", "perdagangan")),
        ("hukum sekaligus pengadaan barang jasa", ("hukum", "pengadaan_barang_jasa")),
        # a field's phrase with a conjunction in it is one field
        ("kesehatan ibu dan anak", ("kesehatan",)),
        # a typo of a field word is read as the word
        ("perikann", ("kelautan_perikanan",)),
        # two fields named as strongly: the one of the skill the words name leads (child
        # nutrition is health work, animal health farming), whichever word comes last
        ("gizi balita", ("kesehatan",)),
        ("penanganan stunting gizi balita", ("kesehatan",)),
        ("kesehatan hewan", ("pertanian",)),
        # an ASN's leave and study permits are staff administration (PP 11/2017): no
        # business licence, no school; "petugas" is no study assignment ("tugas belajar")
        ("izin cuti dan izin belajar pns", ("kepegawaian",)),
        ("tugas belajar", ("kepegawaian",)),
        ("izin usaha", ("penanaman_modal",)),
        ("petugas rm elektronik", ()),
        # a laboratory alone is health's, the environment's and public works' alike: no field
        # until the words say which; its analyst said alone is a hospital's (skills `alone`)
        ("laboratorium", ()),
        # everyday words that were a field's only by one of its phrases
        ("inklusi", ()),
        ("khusus", ()),
        ("guru pendamping abk inklusi", ("pendidikan",)),
        ("perpustakaan berbasis inklusi sosial", ("perpustakaan",)),
        ("petugas laboratorium", ()),
        ("analis laboratorium", ("kesehatan",)),
        ("analis laboratorium lingkungan", ("lingkungan_hidup",)),
        ("laboratorium kesehatan daerah", ("kesehatan",)),
        ("laboratorium beton", ("pekerjaan_umum_penataan_ruang",)),
        # "penanganan" (handling) is no e-signature ("tanda tangan elektronik")
        ("penanganan banjir", ("trantibum_linmas",)),
        ("tanda tangan elektronik", ("persandian",)),
        # "uji" tests vehicles, weights, concrete and water; "keselamatan" is road, patient
        # and work safety: the other words say which
        ("uji mutu beton", ("pekerjaan_umum_penataan_ruang",)),
        ("uji kir", ("perhubungan",)),
        ("keselamatan pasien", ("kesehatan",)),
        ("keselamatan jalan", ("perhubungan",)),
        # a word shared by fields: the one that has it as a keyword of its own ("tanah" is
        # land; energy has it only inside "air tanah"), not the first in the alphabet
        ("sertifikasi tanah", ("pertanahan",)),
        ("air tanah", ("energi_sumber_daya_mineral",)),
        ("uji kesuburan tanah", ("pertanian",)),
        # "kelas" is a classroom, a road's class, a ward's; "ruang" any room, not spatial
        # planning, which is the phrase "tata ruang"
        ("rehab ruang kelas", ("pendidikan",)),
        ("kelas jalan", ("perhubungan",)),
        ("ruang rawat inap kelas 3", ("kesehatan",)),
        ("penataan ruang", ("pekerjaan_umum_penataan_ruang",)),
        ("pemeliharaan jalan kabupaten", ("pekerjaan_umum_penataan_ruang",)),
        # "terberat" (the heaviest axle load) stems to "berat": heavy equipment is no transport
        ("operator alat berat", ()),
        # fields tied on every ground but the alphabet are no reading: "kaji" (a study) is
        # planning's, research's and gender studies' word alike
        ("kaji cepat trc", ()),
        ("kajian", ()),
        # ... and a part of a question so tied names none either
        ("kajian dan pertanian", ("pertanian",)),
        # "dokter" is health's JF; farming has it only in "dokter hewan"
        ("dokter pusat", ("kesehatan",)),
        # spatial planning stays its phrase; a room is no spatial planning; a ward's class
        # is no classroom; an event organiser is tourism's
        ("rencana tata ruang", ("pekerjaan_umum_penataan_ruang",)),
        ("rencana detail tata ruang", ("pekerjaan_umum_penataan_ruang",)),
        ("penataan ruang arsip", ("kearsipan",)),
        ("perawat ruang kelas iii", ("kesehatan",)),
        ("event organizer", ("pariwisata",)),
        # marketing is every field's word, fisheries' only in "pemasaran ikan"
        ("digital marketing", ()),
        # the households of social assistance are social work, not family planning; a
        # satisfaction survey (IKM) of a service is no small industry
        ("pkh keluarga penerima manfaat", ("sosial",)),
        ("survei ikm pelayanan", ("organisasi_tata_laksana",)),
        ("pembinaan ikm", ("perindustrian",)),
        # processed food is industry's (and a home industry's health office's), not food
        # security's (PP 86/2019): the small industry of it is industry
        ("pembinaan ikm pangan olahan", ("perindustrian",)),
        ("cadangan pangan", ("pangan",)),
        # processing alone is every field's (data, fish, sludge, archives), not industry's
        ("pengolahan lumpur tinja", ()),
        ("pengolahan", ()),
        # a restaurant is no house; the admission of pupils is the school's, said either way
        ("laik higiene rumah makan", ()),  # no housing (the sanitarian's skill reads it)
        # (review) earning is no revenue; manufacturing is industry
        ("masyarakat berpendapatan rendah", ()),
        ("industri pengolahan", ("perindustrian",)),
        ("penerimaan peserta didik baru", ("pendidikan",)),
        ("ppdb", ("pendidikan",)),
        # K3 (keselamatan dan kesehatan kerja) is no health work by its word "kesehatan"; a
        # hospital's K3 is health by the hospital
        ("ahli k3 perusahaan", ()),
        ("keselamatan dan kesehatan kerja", ()),
        ("k3 rumah sakit", ("kesehatan",)),
        # the library as officials shorten it, and its cataloguing (a typo of "pustaka"
        # beside "bahan" was read as building materials)
        ("katalogisasi buku perpus", ("perpustakaan",)),
        ("katalogisasi bahan pustka", ("perpustakaan",)),
        ("pengukuran ikm kecamatan", ("organisasi_tata_laksana",)),
        # a JF's credit points are staff administration; a loan's credit is not
        ("penilaian angka kredit jabatan fungsional", ("kepegawaian",)),
        ("kredit usaha rakyat", ()),
        # abbreviations read by the words beside them: PKL is a street vendor, and a
        # student's internship beside "mahasiswa"; TKD a village's land, and the basic
        # competence test of a CASN selection; APK an election poster, and the gross
        # enrolment ratio beside APM
        ("penataan pkl", ("perdagangan",)),
        ("koordinator pkl mahasiswa", ()),
        ("tkd desa", ("pemberdayaan_masyarakat_desa",)),
        ("soal tkd cpns", ("kepegawaian",)),
        # a library programme (TPBIS) is library work, however social its name
        ("perpustakaan inklusi sosial", ("perpustakaan",)),
        ("tpbis", ("perpustakaan",)),
        # SKM is the satisfaction survey of a public service, not a public-health degree
        ("skm", ("organisasi_tata_laksana",)),
        # fire protection is the fire service's (Permendagri 114/2018), not crop protection
        ("inspeksi proteksi kebakaran gedung", ("trantibum_linmas",)),
        ("pencegahan kebakaran", ("trantibum_linmas",)),
        # prevention alone is every field's: of disease, of corruption
        ("pencegahan dan pengendalian penyakit", ("kesehatan",)),
        ("pencegahan korupsi", ("pengawasan",)),
        # PMI beside protection is a migrant worker (manpower), not the Red Cross
        ("perlindungan pmi", ("tenaga_kerja",)),
        # "antar" is between: no Pengantar Kerja (whose title stems to it); antar kerja (AKL,
        # AKAD) is job placement
        ("jaringan fo antar opd", ("komunikasi_informatika",)),
        ("koordinasi antar opd", ()),
        ("antar kerja antar daerah", ("tenaga_kerja",)),
        ("pengantar kerja", ("tenaga_kerja",)),
        # a place after its administrative or facility head is where, not the work: the
        # staff of Kecamatan Tambak, the Puskesmas of Tambak; "tambak" without a head is
        # a fishpond
        ("sekretaris kecamatan tambak", ("kewilayahan_kecamatan",)),
        ("pelayanan administrasi kecamatan tambak", ("kewilayahan_kecamatan",)),
        ("dokter puskesmas tambak", ("kesehatan",)),
        ("tambak udang di ujungpangkah", ("kelautan_perikanan",)),
        ("penyuluh tambak", ("kelautan_perikanan",)),
        # ... but not after a head a question may use for the work itself: a concrete road
        # (Beton is a desa), a fishermen's market or village, the fishpond area
        ("pembangunan jalan beton", ("pekerjaan_umum_penataan_ruang",)),
        ("pasar nelayan", ("kelautan_perikanan",)),
        ("pemberdayaan desa nelayan", ("kelautan_perikanan",)),
        ("pemetaan wilayah tambak", ("kelautan_perikanan",)),
    ],
)
def test_the_fields_a_query_names(text: str, expected: tuple[str, ...]) -> None:
    assert domains(as_read(text))[0] == expected  # as search and the chat pass it


def test_each_field_comes_with_a_confidence() -> None:
    codes, confidence = domains("jaringan irigasi")
    assert len(codes) == len(confidence) == 1
    assert 0 < confidence[0] < 1  # "jaringan" could be several fields


def test_question_words_and_verbs_are_no_field_words() -> None:
    assert {"asal", "berasal", "tunjukkan", "ahli", "siapa"} <= NOT_FIELD


def test_the_query_reading_is_no_part_of_the_stored_scores_fingerprint(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Editing how a query is read (asked.py, not_field.json) leaves every stored score
    # valid: no index is reported stale and no ranking snapshot is rebuilt for it.
    import potret_expertise

    before = potret_expertise.rules_fingerprint()
    potret_expertise.rules_fingerprint.cache_clear()
    monkeypatch.setattr(potret_expertise, "QUERY_ONLY", frozenset())
    try:
        assert potret_expertise.rules_fingerprint() != before
    finally:
        potret_expertise.rules_fingerprint.cache_clear()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an abbreviation of work is read as its long form, with no conjunction to split it
        ("linjamsos", ("sosial",)),
        ("probity audit pbj", ("pengadaan_barang_jasa",)),
        ("audit pengadaan barang jasa", ("pengadaan_barang_jasa",)),
        ("lelang", ("pengadaan_barang_jasa",)),
        ("p2p", ("kesehatan",)),
        # a fish auction and the open selection of a post are no tender
        ("lelang ikan", ("kelautan_perikanan",)),
        ("lelang jabatan", ("kepegawaian",)),
        ("lelang jpt", ("kepegawaian",)),
    ],
)
def test_abbreviations_of_work_are_read_in_full(text: str, expected: tuple[str, ...]) -> None:
    assert domains(long_forms(as_read(text)))[0] == expected


def test_long_forms_keep_other_words_and_whole_words_only() -> None:
    assert long_forms("pelelangan ikan di tpi") == "pelelangan ikan di tpi"
    assert long_forms("kabag pbj setda") == "kabag pengadaan barang jasa setda"
    assert long_forms("pbjt restoran") == "pbjt restoran"
    # an auction disposing of regional assets, a fish auction, the open selection of a post
    # and peer-to-peer lending are no tender and no disease control
    for kept in (
        "lelang aset daerah",
        "lelang kendaraan dinas bekas",
        "lelang di tpi",
        "lelang hasil tangkapan",
        "lelang terbuka eselon ii",
        "p2p lending",
        "fintech p2p",
    ):
        assert long_forms(kept) == kept
    assert long_forms("lelang proyek jalan") == "pengadaan barang jasa proyek jalan"
