"""Skills below and across domains (issue 20): what names a skill, in a query and in a
record, and how depth and recency weigh; each rule with the record that would fool it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from potret_expertise.skills import skill_expertise_all, vocabulary
from potret_seed.generator import Generator

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("query", "skills"),
    [
        ("ahli budidaya udang vaname", ["perikanan_budidaya"]),
        ("pengelola PBJ bersertifikat", ["pengadaan_barang_jasa"]),
        ("yang bisa GIS", ["gis_pemetaan"]),
        ("analis surveilans DBD", ["epidemiologi_surveilans"]),
        ("pajak daerah PBB", ["pajak_daerah"]),
        # coaching the posyandu's cadres is health promotion's community work (UKBM,
        # Permenkes 8/2019) as much as the nutrition programme it serves
        ("pembinaan kader posyandu balita", ["promosi_kesehatan", "gizi_stunting"]),
        ("penimbangan balita posyandu", ["gizi_stunting"]),
        ("keamanan jaringan", ["jaringan_keamanan_siber"]),
        ("jaringan irigasi", ["sumber_daya_air_irigasi"]),  # the other sense of "jaringan"
        # drainage is its own sub-urusan of public works (UU 23/2014), not irrigation
        ("saluran drainase", ["drainase_air_limbah"]),
        ("PPNS penegakan perda", ["penyidikan_ppns"]),
        ("verifikasi DTKS kemiskinan", ["data_kesejahteraan_sosial"]),
        ("stunting", ["gizi_stunting"]),
        # a field alone, a word with two senses alone, and their other senses: no skill
        ("perikanan", []),
        ("jaringan", []),
        ("pengadaan tanah", []),
        ("protokol kesehatan", []),
        ("camat tambak", []),
        # a place after its head is the place: the kecamatan's service, no fishpond; a
        # place after the work ("di Ujungpangkah") leaves the work as it is
        ("pelayanan administrasi kecamatan tambak", ["pelayanan_kecamatan"]),
        ("tambak udang kecamatan ujungpangkah", ["perikanan_budidaya"]),
        ("tambak udang di kecamatan tambak", ["perikanan_budidaya"]),
        ("pembangunan jalan beton", ["jalan_jembatan"]),  # Beton, a desa, after "jalan"
        ("pengawasan jalan beton", []),  # no APIP audit: the road is the object
        # a cross-cutting skill of every OPD's staff office, and a spelling variant
        ("pengelola data SIASN", ["administrasi_kepegawaian"]),
        ("keamanan cyber", ["jaringan_keamanan_siber"]),
        # risk management first (named by two words), the auditors who assess it second
        ("manajemen risiko SPIP", ["manajemen_risiko_spip", "audit_pengawasan"]),
        # maternal and child health is its own programme, not nutrition; "bumil risti" is
        # "ibu hamil risiko tinggi" (abbreviations), "KIA" alone is also a child's ID card
        ("program KIA bumil risti", ["kesehatan_ibu_anak"]),
        ("KIA", []),
        # governance of e-government, not writing applications
        ("arsitektur SPBE", ["tata_kelola_spbe"]),
        # an OPD's name is no skill: Dukcapil is "Kependudukan dan Pencatatan Sipil"
        ("database SIAK dukcapil", ["informasi_adminduk", "pengembangan_aplikasi"]),
        ("Dinas Kependudukan dan Pencatatan Sipil", []),
        ("penerbitan akta kelahiran", ["pencatatan_sipil"]),
        # village finance is the villages' own, beside the regency's APBD
        ("pembinaan siskeudes keuangan desa", ["keuangan_desa"]),
        ("penyusunan APBD", ["anggaran_apbd"]),
        # the sub-urusan of manpower: industrial relations, placement, vocational training
        ("mediator hubungan industrial", ["hubungan_industrial", "mediasi_sengketa"]),
        # mediation is one skill across disputes; social media is no mediation
        ("mediasi sengketa", ["mediasi_sengketa"]),
        ("admin media sosial", ["humas_komunikasi_publik"]),
        ("instruktur BLK", ["pelatihan_kerja"]),
        # complaints (SP4N-LAPOR!) and policy analysis sit in every OPD
        ("pengaduan SP4N LAPOR", ["pengaduan_pelayanan_publik"]),
        ("penyusunan policy brief", ["analisis_kebijakan"]),
        # public-service innovation (PP 38/2017) is its own skill; "inovasi" alone is any record's
        ("inovasi pelayanan publik", ["inovasi_daerah"]),
        ("pembina KIPP", ["inovasi_daerah"]),
        ("inovasi", []),
        # animal health is a sub-urusan apart from livestock production; the animal is no skill
        ("kesehatan hewan", ["kesehatan_hewan"]),
        ("vaksinasi PMK sapi", ["kesehatan_hewan"]),
        ("inseminasi buatan sapi", ["peternakan"]),
        ("sapi", []),
        ("laporan keuangan", ["akuntansi_pelaporan"]),  # "lapor" is no complaint
        # the sub-urusan of the environment: permits, pollution and its laboratory, waste
        ("dokumen AMDAL UKL UPL", ["persetujuan_lingkungan"]),
        ("uji lab kualitas air sungai", ["pencemaran_lingkungan"]),
        ("bank sampah TPS3R", ["limbah_persampahan"]),
        # hazardous waste (PP 22/2021) is its own regime, apart from household waste
        ("pengawasan limbah B3 industri", ["limbah_b3"]),
        ("limbah", []),
        ("pasar rakyat", ["pengelolaan_pasar"]),
        # hospital management, medical records and patient safety are three works
        ("keselamatan pasien", ["mutu_keselamatan_pasien"]),
        # evaluating SAKIP is the SAKIP skill; an auditor without it is no SAKIP evaluator
        ("evaluasi SAKIP", ["reformasi_birokrasi_sakip"]),
        ("data analyst", ["statistik_data"]),
        ("procurement", ["pengadaan_barang_jasa"]),
        # foreign languages are one skill wherever their speakers sit; Indonesian is none
        ("penerjemah bahasa inggris", ["bahasa_asing"]),
        ("bahasa indonesia", []),
        # school operational funds are their own sub-topic; the health office's BOK is not it
        ("pengelolaan dana BOS", ["dana_bos"]),
        ("dana BOK puskesmas", []),
        ("penilaian angka kredit", ["administrasi_kepegawaian"]),
        ("siapa bosnya di BKPSDM", []),
        ("ahli rekam medis", ["rekam_medis"]),
        ("keuangan BLUD rumah sakit", ["manajemen_rumah_sakit"]),
        # micro enterprises are their own sub-urusan (UU 23/2014), apart from managing a market
        ("pemasaran produk UMKM", ["pemberdayaan_usaha_mikro"]),
        # family planning is its own sub-urusan; a penyuluh of another field is not one
        ("penyuluhan KB", ["keluarga_berencana"]),
        ("penyuluh pertanian", ["penyuluhan_pertanian"]),
        ("pengembang aplikasi web", ["pengembangan_aplikasi"]),
        # income tax withheld by every OPD's treasurer (PMK 168/2023) is treasury work, not
        # the regency's own taxes (UU 1/2022)
        ("potong PPh 21", ["akuntansi_pelaporan"]),
        ("lapor SPT masa PPh bendahara", ["akuntansi_pelaporan"]),
        # crop pests (OPT: organisme pengganggu tumbuhan) are crop work; a fish's pests are not
        ("pengendali hama tanaman", ["tanaman_pangan_hortikultura"]),
        ("pengamatan OPT padi", ["tanaman_pangan_hortikultura"]),
        ("sekolah lapang PHT", ["tanaman_pangan_hortikultura"]),
        ("pengendali hama dan penyakit ikan", ["perikanan_budidaya"]),
        # IT support (helpdesk, troubleshooting) is infrastructure work beside the networks;
        # a licensing or tax help desk is not
        ("IT support", ["dukungan_teknis_ti", "jaringan_keamanan_siber"]),
        ("helpdesk OSS perizinan", ["perizinan_berusaha"]),
        # a word said alone in its commonest sense in a regency (`alone`): supervision and
        # examination without an object are the APIP's (PP 12/2017), mapping is spatial
        # (UU 4/2011); with an object, the object decides
        ("pengawasan", ["audit_pengawasan"]),
        ("siapa yang ahli pemeriksaan?", ["audit_pengawasan"]),
        ("pemetaan", ["gis_pemetaan"]),
        ("pengawasan sekolah", ["kurikulum_pembelajaran"]),
        ("pemetaan kompetensi ASN", ["manajemen_talenta"]),  # no GIS mapping
        ("pengawas", []),
        # (review) the chat's fillers and a count leave the word alone; two such words of one
        # skill name it; a staff or a bidang object is another sense (staff discipline,
        # talent mapping); the APIP's own term (PP 60/2008)
        ("siapa lagi yang ahli pengawasan?", ["audit_pengawasan"]),
        ("5 orang ahli pengawasan", ["audit_pengawasan"]),
        ("pengawasan dan pemeriksaan", ["audit_pengawasan"]),
        ("pengawasan pegawai", []),
        ("pemetaan bidang", []),
        ("pengawasan intern", ["audit_pengawasan"]),
        # supervising village or regional finance is the APIP's, with the finance it watches
        ("pengawasan dana desa", ["audit_pengawasan", "keuangan_desa"]),
        ("pengawasan keuangan desa", ["audit_pengawasan", "keuangan_desa"]),
        # KPM beside stunting is the village's human-development cadre, beside PKH a household
        ("KPM stunting", ["gizi_stunting"]),
        ("KPM PKH", ["perlindungan_jaminan_sosial"]),
        # the sub-urusan of culture, tourism and sport (UU 23/2014): heritage apart from the
        # arts, a destination apart from promotion, athletes apart from youth
        ("pelestarian cagar budaya", ["cagar_budaya"]),
        ("pengembangan desa wisata", ["destinasi_pariwisata"]),
        ("wisata bahari", ["destinasi_pariwisata"]),
        ("pembinaan atlet", ["keolahragaan"]),
        ("pembinaan sanggar seni", ["kesenian_tradisi"]),
        ("kepemudaan", ["kepemudaan"]),
        # rice-fish culture, written as one word or two, is aquaculture: "padi" in it is no
        # food crop (KKP's minapadi)
        ("budidaya mina padi", ["perikanan_budidaya"]),
        ("mina-padi", ["perikanan_budidaya"]),
        ("minapadi", ["perikanan_budidaya"]),
        ("budidaya padi", ["tanaman_pangan_hortikultura"]),
        # fiber-optic networks, as officials abbreviate them; boneless milkfish is processing
        # before it is the fish farmed
        ("jaringan FO antar OPD", ["jaringan_keamanan_siber"]),
        ("pengolahan bandeng tanpa duri", ["pengolahan_hasil_perikanan", "perikanan_budidaya"]),
        # a hatchery's work: broodstock of a fish, its seed; "induk" alone is a register's
        # number (nomor induk kependudukan, nomor induk pegawai), no fish
        ("seleksi induk ikan nila", ["perikanan_budidaya"]),
        ("pemeliharaan induk udang", ["perikanan_budidaya"]),
        ("perbenihan ikan air tawar", ["perikanan_budidaya"]),
        ("nomor induk kependudukan", []),
        # the relief stock of a disaster, apart from the emergency response (Perka BNPB
        # 13/2008); a logistics post alone, a medicine store, is none of it
        ("gudang logistik bencana", ["kebencanaan", "logistik_bencana"]),
        ("pengelola logistik", []),
        ("manajemen logistik obat", []),
        ("gudang logistik pemilu", []),
        # an industry's waste is pollution control (DLH), not industry; mapping poverty is
        # poverty data, not a map of land
        ("pengawasan limbah industri", ["pencemaran_lingkungan"]),
        ("pembinaan industri kecil", []),
        ("pemetaan kemiskinan", ["data_kesejahteraan_sosial"]),
        # an ASN's leave and study permits are staff administration; a business's permit and a
        # pupil's learning are not, and "petugas" (tugas) no study assignment
        ("izin cuti dan izin belajar PNS", ["administrasi_kepegawaian"]),
        ("tugas belajar", ["administrasi_kepegawaian"]),
        ("izin usaha", ["perizinan_berusaha"]),
        ("pembelajaran daring", []),
        ("petugas RM elektronik", []),
        # a phrase said alone (`alone`): "analis laboratorium" is what a hospital or a
        # puskesmas calls its medical laboratory analyst (ATLM); another laboratory named
        # after it is that laboratory's, and "laboratorium" alone names none
        ("analis laboratorium", ["laboratorium_kesehatan"]),
        ("siapa analis lab?", ["laboratorium_kesehatan"]),
        ("analis laboratorium lingkungan", ["pencemaran_lingkungan"]),
        ("laboratorium", []),
        ("analis", []),
        # a village's assets (UU 6/2014 art. 76) are the village's, not the regency's BMD
        ("pengelolaan aset desa", ["aset_desa"]),
        ("kekayaan milik desa", ["aset_desa"]),
        ("inventarisasi aset daerah", ["aset_bmd"]),
        # SIP beside a health worker or the words of issuing it is the Surat Izin Praktik
        # (UU 23/2014 Lampiran, sub-urusan SDM kesehatan); "SIPLah" (the schools' purchases)
        # was stemmed to "sip" and read this as school funds; "SIP" alone names nothing
        ("SIP tenaga kesehatan", ["sdm_kesehatan"]),
        ("rekomendasi SIP", ["sdm_kesehatan"]),
        ("siplah", ["dana_bos"]),
        ("SIP", []),
        # administering pensions is staff administration; retirement alone is everyone's
        ("pengurusan pensiun PNS", ["administrasi_kepegawaian"]),
        ("layanan pensiun janda duda", ["administrasi_kepegawaian"]),
        ("pensiun", []),
        ("persiapan masa pensiun", []),
        # ABK beside a teacher or inclusion is a child with special needs; in staff planning
        # the analisis beban kerja; "inklusi" alone (libraries, finance, schools) nothing
        ("guru pendamping ABK inklusi", ["pendidikan_inklusif"]),
        ("anjab dan ABK", ["kelembagaan_anjab"]),
        ("inklusi", []),
        # immunisation is a programme of its own (Permenkes 12/2017) beside surveillance; an
        # animal's vaccination is livestock work
        ("imunisasi rutin bayi BIAN", ["imunisasi"]),
        ("surveilans penyakit menular", ["epidemiologi_surveilans"]),
        # a disaster's rapid assessment and its reaction team
        ("kaji cepat bencana banjir", ["kebencanaan"]),
        # "kinerja" is no "kerja" and "kerja sama" is one word: SAKIP's performance agreement,
        # the PPPK's work contract, cooperation agreements and the labour office's PKB apart
        ("perjanjian kinerja", ["reformasi_birokrasi_sakip"]),
        ("PPPK paruh waktu", []),
        ("perjanjian kerja sama daerah", []),
        ("perjanjian kerja bersama", ["hubungan_industrial"]),
        # (review) a quick policy study, the women's-protection reaction team, a vet's licence
        # and an animal vaccinator are no disaster, health-workforce or immunisation work
        ("kajian cepat kebijakan", []),
        ("UPTD PPA Tim Reaksi Cepat", ["perlindungan_perempuan_anak"]),
        ("SIP dokter hewan", ["kesehatan_hewan"]),
        ("izin praktik dokter hewan", ["kesehatan_hewan"]),
        ("vaksinator rabies", ["kesehatan_hewan"]),
        ("gudang vaksin hewan", ["kesehatan_hewan"]),
        ("penyusunan ABK SD", []),
        # the open selection of a post is staff work, no procurement auction
        ("lelang jabatan", ["administrasi_kepegawaian"]),
        ("open bidding JPT", ["administrasi_kepegawaian"]),
        # the draft of a regional regulation is said Raperda as often as Ranperda; the
        # inspectorate's special examination (riksus) is its audit with a specific purpose
        ("penyusunan raperda", ["produk_hukum"]),
        ("raperbup", ["produk_hukum"]),
        ("pemeriksaan khusus pengaduan", ["audit_pengawasan"]),
        ("riksus", ["audit_pengawasan"]),
        ("pemeriksaan laboratorium", []),
        # the sanitarian's certificate of a restaurant's hygiene (SLHS), said as officials do
        ("laik higiene rumah makan", ["kesehatan_lingkungan"]),
        ("SLHS", ["kesehatan_lingkungan"]),
        # occupational safety and health (K3) is one skill wherever its experts sit; a
        # hospital's infection control is its quality and safety work
        ("ahli K3 perusahaan", ["keselamatan_kerja"]),
        ("keselamatan dan kesehatan kerja", ["keselamatan_kerja"]),
        ("pencegahan infeksi rumah sakit", ["mutu_keselamatan_pasien"]),
        # the master of ceremonies of an official event is protocol and public relations
        ("pembawa acara", ["humas_komunikasi_publik"]),
        ("MC acara bupati", ["humas_komunikasi_publik"]),
        # photo and video documentation of the leaders' events is public relations work
        ("dokumentasi foto video kegiatan pimpinan", ["humas_komunikasi_publik"]),
        # the mental health programme (UU 18/2014) is health work; the social rehabilitation
        # of abandoned ODGJ is the social office's
        ("pemegang program keswa ODGJ", ["kesehatan_jiwa"]),
        ("bebas pasung", ["kesehatan_jiwa"]),
        # each regional tax of UU 1/2022 by its name; the accounts' balance sheet, not a
        # food or water balance
        ("pajak air tanah", ["pajak_daerah"]),
        ("juru sita penagihan tunggakan pajak", ["pajak_daerah"]),
        ("penyusunan neraca dan CaLK", ["akuntansi_pelaporan"]),
        ("neraca air", []),
        # religious and community grants of the APBD (Permendagri 32/2011); a grant of the
        # regency's assets is asset work
        ("siapa yg ngurus hibah masjid ponpes", ["hibah_bansos"]),
        ("LPJ dana hibah", ["hibah_bansos"]),
        ("hibah aset BMD ke desa", ["aset_bmd"]),
        # the kecamatan's integrated service (PATEN) by how its courses and desks are named
        ("Bimtek Penyelenggaraan PATEN", ["pelayanan_kecamatan"]),
        # the DPRD secretariat's work (PP 12/2018); an auction's minutes are no DPRD's
        ("fasilitasi reses dan pokir dewan", ["persidangan_dprd"]),
        ("staf penyusun risalah rapat dewan", ["persidangan_dprd"]),
        ("risalah lelang", []),
        # the Setda's control of each OPD's realisation (Permendagri 86/2017)
        ("e-monev realisasi fisik keuangan", ["pengendalian_pembangunan"]),
    ],
)
def test_a_query_names_a_skill_only_in_words_that_say_which(query: str, skills: list[str]) -> None:
    assert vocabulary().in_query(query) == skills


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        # (a seksi of two programmes, surveillance and immunisation: both)
        ("Seksi Surveilans dan Imunisasi", {"epidemiologi_surveilans", "imunisasi"}),
        # a risk management certificate named in English
        ("Certified Risk Management Officer (CRMO)", {"manajemen_risiko_spip"}),
        # network work named in English, and a LAN as a computer network; "LAN" alone is the
        # Lembaga Administrasi Negara
        ("Sertifikat Kompetensi Network Administrator Madya", {"jaringan_keamanan_siber"}),
        ("Perbaikan Jaringan LAN Kantor", {"jaringan_keamanan_siber"}),
        ("Network Engineer", {"jaringan_keamanan_siber"}),
        ("Jaringan WAN antar OPD", {"jaringan_keamanan_siber"}),
        # a disaster's risk management is the disaster field's, not the SPIP's
        ("Disaster Risk Management Training", {"kebencanaan"}),
        ("Pelatihan Kepemimpinan Administrator LAN", set()),
        # the tax on food and drink (PBJT, UU 1/2022) is tax work, no food safety
        ("Pelatihan Pemeriksaan PBJT Makanan dan Minuman", {"pajak_daerah"}),
        ("Pajak Barang dan Jasa Tertentu atas Makanan dan/atau Minuman", {"pajak_daerah"}),
        # a staff member's study permit, however spelled; not a pupil's homework
        ("Ijin Belajar", {"administrasi_kepegawaian"}),
        ("Penyusunan Tugas Belajar Siswa", set()),
        ("Pengawasan Makanan dan Minuman Industri Rumah Tangga", {"keamanan_pangan"}),
        ("Bidang Perikanan Budidaya", {"perikanan_budidaya"}),
        ("Teknisi Perbenihan Ikan", {"perikanan_budidaya"}),
        (
            "Pelatihan Manajemen Logistik dan Peralatan Penanggulangan Bencana",
            {"logistik_bencana", "kebencanaan"},
        ),
        ("Bimtek Pengelolaan Lumbung Sosial", {"logistik_bencana"}),
        # no relief stock: a medicine store, an election's, a hospital's equipment, rice
        ("Pelatihan Manajemen Logistik Obat di Puskesmas", set()),
        ("Bimtek Manajemen Logistik Pemilu", set()),
        ("Seksi Logistik dan Peralatan Rumah Sakit", set()),
        ("Pengelolaan Buffer Stock Beras", set()),
        # a teacher's own certification (PLPG, PPG) is no GTK management
        ("Diklat PLPG Sertifikasi Guru", set()),
        # poverty programmes in general are not its data
        ("Bimtek Penanggulangan Kemiskinan Ekstrem", set()),
        ("Pelatihan Analisis Kemiskinan dan Pemanfaatan Data P3KE", {"data_kesejahteraan_sosial"}),
        ("Pengelola Pengadaan Barang/Jasa Ahli Muda", {"pengadaan_barang_jasa"}),
        ("Kepala Subbagian Protokol dan Komunikasi Pimpinan", {"humas_komunikasi_publik"}),
        # traps: a place, a market for fish (managing a market, no fisheries work), land
        # acquisition, health protocols
        ("Camat Tambak", set()),
        ("UPT Puskesmas Tambak", set()),
        ("UPT Pasar Ikan", {"pengelolaan_pasar"}),
        ("Pelatihan Pengadaan Tanah untuk Kepentingan Umum", set()),
        ("Sosialisasi Protokol Kesehatan", set()),
        # two more words with two senses: clinical audit, competency mapping
        ("Pelatihan Audit Klinis dan Clinical Pathway", set()),
        ("Bimtek Pemetaan Kompetensi ASN", {"manajemen_talenta"}),
        # a stranger's list: other senses of a term's words or stems
        ("Instalasi Gawat Darurat", set()),
        ("Rencana Aksi Daerah", set()),
        ("Pengesahan Anggaran Dasar Koperasi", {"perkoperasian"}),  # no APBD
        # (an anak berkebutuhan khusus beside a teacher: no analisis beban kerja)
        ("Guru Pendamping ABK", {"pendidikan_inklusif"}),
        ("Penyusunan Anjab dan ABK", {"kelembagaan_anjab"}),
        ("Penerbitan KIA", set()),
        ("Pelatihan Kerja Sama Daerah", set()),  # a course on cooperation, not vocational
        ("Analis Kebijakan Ahli Muda", set()),  # the title alone is no policy analysis
        # a stranger's review of skills .9-.13: copies are no childbirth (persalinan and
        # salinan share the stem), the child ID card is no maternal health, fish and plant
        # health are no health promotion, a training curriculum is no school curriculum,
        # a village visit no PAUD inspection, birth statistics no civil registration
        ("Pengelolaan Salinan Putusan", set()),
        ("Alih Media dan Penyalinan Arsip", {"kearsipan"}),
        ("Inovasi Pelayanan KIA Keliling", set()),
        # "pengairan" (irrigation) stems to "air" (water): a drinking-water depot is no canal
        ("Inspeksi Depot Air Minum", {"kesehatan_lingkungan"}),
        ("Seksi Pengairan", {"sumber_daya_air_irigasi"}),
        # a satisfaction survey of patients is the SKM of PermenPAN-RB 14/2017 too; IKM is
        # also industri kecil menengah, so it is no term
        ("Pelatihan Survei Kepuasan Pasien", {"pengaduan_pelayanan_publik"}),
        ("Pembinaan IKM Batik", set()),
        # SKM typed is the survey, a service's own (UU 25/2009), apart from SAKIP; a
        # public-health degree is no SKM
        ("Laporan Hasil SKM Kecamatan", {"pengaduan_pelayanan_publik"}),
        ("Bimtek Sistem Akuntabilitas Kinerja Instansi Pemerintah", {"reformasi_birokrasi_sakip"}),
        ("Sarjana Kesehatan Masyarakat", set()),
        # generic words of quality, feed and negotiation name no skill by themselves
        ("Kepala Seksi Peningkatan Mutu Pendidik", set()),
        ("Seksi Pengujian Mutu Pakan", set()),
        ("Teknik Negosiasi dalam Pengadaan", set()),
        # a language graduate knows the language; a sign-language interpreter no foreign one
        ("S1 Sastra Inggris", {"bahasa_asing"}),
        ("Pelatihan Juru Bahasa Isyarat", set()),
        # a JF holder's own credit claim is no staff administration; a bushing is no BOS fund
        ("Bimtek Penyusunan DUPAK Penyuluh Pertanian", {"penyuluhan_pertanian"}),
        ("Perawatan Bos Roda Kendaraan", set()),
        # managing a market is trade's work; marketing ("pemasaran", stemmed "pasar") is not it
        ("Bimtek Pembinaan Pasar Desa", {"pengelolaan_pasar"}),
        ("Pengelolaan Pemasaran Hasil Perikanan", {"pengolahan_hasil_perikanan"}),
        ("Pelatihan Pemasaran Digital", {"pemberdayaan_usaha_mikro"}),  # no market
        # the trade office's market section is named by its programme (Permendag 21/2021:
        # sarana distribusi perdagangan is the pasar rakyat); a distribution of food is not it
        ("Kepala Seksi Sarana Distribusi Perdagangan", {"pengelolaan_pasar"}),
        ("Kepala Seksi Distribusi Pangan", {"ketersediaan_pangan"}),
        ("Sertifikat Ahli K3 Umum", {"keselamatan_kerja"}),
        ("Rehabilitasi Sosial ODGJ Terlantar", {"rehabilitasi_sosial", "kesehatan_jiwa"}),
        # (review) words of the new terms in another sense: a kecamatan's K3 task force
        # (kebersihan, keindahan, ketertiban), a construction contract's Mutual Check, a
        # master's in development administration, a bank's or a cooperative's meetings, a
        # clinical examination, a sports-health degree
        ("Satgas K3 Kecamatan Manyar", set()),
        ("Mutual Check MC-0 Pekerjaan Jalan", set()),
        ("S2 Administrasi Pembangunan", set()),
        ("Badan Musyawarah Perbankan Daerah", set()),
        ("Risalah Rapat Anggota Tahunan Koperasi", {"perkoperasian"}),
        ("Pemeriksaan Khusus Ibu Hamil Risiko Tinggi", {"kesehatan_ibu_anak"}),
        ("S1 Ilmu Kesehatan Olahraga", {"keolahragaan"}),
        ("Pelatihan Deteksi Dini Gangguan Jiwa", {"kesehatan_jiwa"}),
        # the health office's sports health is health work, no sport; sport stays sport
        ("Seksi Kesehatan Lingkungan, Kesehatan Kerja dan Olahraga", {"kesehatan_lingkungan"}),
        ("Pembinaan Prestasi Olahraga", {"keolahragaan"}),
        ("Komite Pencegahan dan Pengendalian Infeksi", {"mutu_keselamatan_pasien"}),
        ("Program KIA Dukcapil", set()),
        ("Penyuluhan Kesehatan Ikan", {"perikanan_budidaya"}),
        ("Bimtek Penyusunan Kurikulum dan Silabus Pelatihan", set()),
        ("Tilik Desa", set()),
        ("Statistik Kelahiran dan Kematian", {"statistik_data"}),
        ("Kepala Bidang Keuangan", set()),
        ("Pelatihan Asuhan Persalinan Normal", {"kesehatan_ibu_anak"}),
        ("Bimtek Implementasi Kurikulum Merdeka", {"kurikulum_pembelajaran"}),
        ("Bimtek Penyusunan Arsitektur SPBE", {"tata_kelola_spbe"}),
        # staffing is not procurement: "pengadaan" of ASN
        ("Bimtek Pengadaan PPPK dan Optimalisasi Formasi", {"administrasi_kepegawaian"}),
        ("Subbagian Kepegawaian", {"administrasi_kepegawaian"}),
        # fingerprints are recorded for the KTP-el (population registration), not
        # investigated ("sidik" is also the stem of penyidik)
        ("Pelatihan Perekaman Sidik Jari dan Iris KTP-el", {"pendaftaran_penduduk"}),
        # the other sub-topics of education and population registration
        ("Operator Dapodik SD Negeri 1 Bungah", {"data_pokok_pendidikan"}),
        ("Kepala Bidang Pelayanan Pencatatan Sipil", {"pencatatan_sipil"}),
        ("Bimtek Penyusunan Analisis Jabatan dan Analisis Beban Kerja", {"kelembagaan_anjab"}),
        # SAKIP evaluation is the SAKIP skill, whoever evaluates (the Inspektorat's evaluators
        # hold it by this work, PermenPAN-RB 88/2021; an auditor without it does not)
        (
            "Bimtek Evaluasi SAKIP Perangkat Daerah",
            {"reformasi_birokrasi_sakip"},
        ),
        ("Pendidikan dan Pelatihan PPNS Lingkungan Hidup", {"penyidikan_ppns"}),
        # an office of general affairs and staff: its driver keeps no staff records
        ("Subbagian Umum dan Kepegawaian", set()),
        ("Tanaman Obat Keluarga", set()),
        ("Tata Laksana Pneumonia Balita", set()),
        ("UPT Jembatan Timbang", {"pengujian_kendaraan"}),  # no bridge
        ("Balai Benih Ikan", {"perikanan_budidaya"}),
        ("Sekolah Rujukan", set()),
        ("Penegakan Perda", {"penyidikan_ppns"}),  # enforcement, not the drafting of perda
        ("Penyaluran Bansos Covid-19", {"perlindungan_jaminan_sosial"}),  # no epidemic
        ("Pelatihan Data Vektor dan Raster", set()),
        ("Pusat Data Kependudukan", set()),
        ("Puskesmas Sungai Durian", set()),
        ("Kepala Bidang Perpajakan", {"pajak_daerah"}),
        ("Bimtek PPh Pasal 21 atas Gaji dan TPP ASN", {"akuntansi_pelaporan"}),
        # SPT is the tax return (and a Surat Perintah Tugas), not S.Pt, a livestock degree
        ("Bimtek Pelaporan SPT Masa PPh Bendahara", {"akuntansi_pelaporan"}),
        ("Pelatihan IT Helpdesk dan Troubleshooting", {"dukungan_teknis_ti"}),
        ("Petugas Helpdesk Pajak Daerah", {"pajak_daerah"}),
        # (review) terms of two senses: a generator's troubleshooting, a park's caretaker, a
        # job trainer's licence, a museum visit, the SPM of basic services, staff satisfaction,
        # the audited side of an audit
        ("Troubleshooting Mesin Genset", set()),
        ("Juru Pelihara Taman Kota", {"pertamanan_pemakaman"}),  # a park, no heritage site
        ("Lisensi Pelatih Kerja", set()),
        ("Kunjungan Museum", set()),
        ("Penerapan Standar Pelayanan Minimal", {"standar_pelayanan_minimal"}),  # no UU 25/2009
        ("Survei Kepuasan Kerja Pegawai", set()),
        ("Pendampingan Pemeriksaan Keuangan oleh BPK RI", set()),
        ("Troubleshooting Jaringan Komputer", {"jaringan_keamanan_siber", "dukungan_teknis_ti"}),
        ("Seksi Cagar Budaya dan Permuseuman", {"cagar_budaya"}),
        ("Pelatihan Pengelolaan Situs Web Dinas", set()),
        ("UPT Pengelolaan Stadion Gelora Joko Samudro", set()),
        ("Pelatihan Pengembangan Desa Wisata dan Pokdarwis", {"destinasi_pariwisata"}),
        ("Pelatihan Penyusunan Ranperda", {"produk_hukum"}),
        ("Pelatihan Pemetaan Rawan Bencana dengan QGIS", {"gis_pemetaan", "kebencanaan"}),
        # a village's assets are no BMD; the regency's own assets are
        ("Seksi Kekayaan dan Aset Desa", {"aset_desa"}),
        ("Bimtek Pengelolaan Aset Milik Desa", {"aset_desa"}),
        ("Bidang Aset", {"aset_bmd"}),
        # "analis laboratorium" names a laboratory only in a query (`alone`): in a record its
        # unit says which (the environment office's analyst is no medical one)
        ("Analis Laboratorium", set()),
        # every retiree's course is no pension administration; a credentialing clerk's is
        ("Pelatihan Masa Persiapan Pensiun", set()),
        ("Pelatihan Pengelolaan Rantai Dingin Vaksin", {"imunisasi"}),
        ("Bimtek Kredensial STR/SIP Tenaga Kesehatan", {"sdm_kesehatan"}),
        ("UPT Laboratorium Lingkungan", {"pencemaran_lingkungan"}),
    ],
)
def test_a_record_names_a_skill_by_its_function_not_by_a_place(text: str, skills: set[str]) -> None:
    assert vocabulary().in_record(text) == skills


def _person(
    positions: list[tuple[str, str, str, str | None]],
    trainings: list[tuple[str, int, int]] = (),  # type: ignore[assignment]
    certifications: list[tuple[str, int]] = (),  # type: ignore[assignment]
    education: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    rows = [
        {
            "jabatan": j,
            "jenis": "JF" if "Ahli" in j else "PELAKSANA",
            "opd": "Dinas Perikanan",
            "unit": u,
            "tmt_start": s,
            "tmt_end": e,
        }
        for j, u, s, e in positions
    ]
    return {
        "jabatan": rows[-1]["jabatan"],
        "opd": "Dinas Perikanan",
        "unit": rows[-1]["unit"],
        "positions": rows,
        "trainings": [{"name": n, "hours": h, "year": y} for n, h, y in trainings],
        "certifications": [{"name": n, "year": y} for n, y in certifications],
        "education": [{"level": lv, "major": m} for lv, m in education],
        "innovations": [],
    }


def _score(person: dict[str, Any], code: str = "perikanan_budidaya") -> float:
    found = skill_expertise_all(person, today=TODAY)
    return found[code].score if code in found else 0.0


def test_sustained_current_work_beats_old_thin_or_paper_evidence() -> None:
    current = _person(
        [("Penyuluh Perikanan Ahli Muda", "Bidang Perikanan Budidaya", "2018-01-01", None)]
    )
    old = _person(
        [
            ("Pengelola Budidaya Ikan", "Bidang Perikanan Budidaya", "1998-01-01", "2006-12-31"),
            ("Pengadministrasi Umum", "Sekretariat", "2007-01-01", None),
        ]
    )
    one_day = _person(
        [("Pengadministrasi Umum", "Sekretariat", "2015-01-01", None)],
        trainings=[("Sosialisasi Cara Budidaya Ikan yang Baik", 4, 2025)],
    )
    paper = _person(
        [("Pengadministrasi Umum", "Sekretariat", "2015-01-01", None)],
        certifications=[("Sertifikat Budidaya Udang Vaname", 2024)],
    )
    degree = _person(
        [("Pengadministrasi Umum", "Sekretariat", "2012-01-01", None)],
        education=[("S1", "Budidaya Perairan")],
    )
    scores = {
        name: _score(p)
        for name, p in [
            ("current", current),
            ("old", old),
            ("one_day", one_day),
            ("paper", paper),
            ("degree", degree),
        ]
    }
    assert scores["current"] > 0.45  # service alone, no JF of the sub-field
    assert all(scores["current"] > 2 * s for k, s in scores.items() if k != "current"), scores
    assert scores["one_day"] < 0.05, scores  # a one-day sosialisasi: a few hours, below notice
    assert scores["old"] < 0.3, scores  # eight years that ended twenty years ago


def test_a_degree_counts_full_only_beside_work_in_the_skill() -> None:
    alone = _person(
        [("Pengadministrasi Umum", "Sekretariat", "2012-01-01", None)],
        education=[("S1", "Budidaya Perairan")],
    )
    beside = _person(
        [("Pengadministrasi Umum", "Sekretariat", "2012-01-01", None)],
        trainings=[("Pelatihan Pembenihan Ikan", 24, 2024)],
        education=[("S1", "Budidaya Perairan")],
    )
    assert skill_expertise_all(alone, today=TODAY)["perikanan_budidaya"].signals[
        "education"
    ] == pytest.approx(
        0.5 * skill_expertise_all(beside, today=TODAY)["perikanan_budidaya"].signals["education"]
    )


def test_the_evidence_says_what_counted_and_the_jf_is_read_from_the_jabatan() -> None:
    pbj = _person(
        [("Pengelola Pengadaan Barang/Jasa Ahli Muda", "", "2021-01-01", None)],
        trainings=[("Pelatihan Pengadaan Barang/Jasa Tingkat Dasar", 40, 2020)],
        certifications=[("Sertifikat Kompetensi Pengadaan Barang/Jasa", 2020)],
    )
    found = skill_expertise_all(pbj, today=TODAY)["pengadaan_barang_jasa"]
    assert found.signals["jf"] == 1.0
    assert [e.kind for e in found.evidence] == [
        "masa_kerja",
        "jabatan_fungsional",
        "pelatihan",
        "sertifikasi",
    ]
    assert found.evidence[0].text == (
        "5 tahun 11 bulan sebagai Pengelola Pengadaan Barang/Jasa Ahli Muda (2021–sekarang)"
    )
    # the OPD's name is never skill evidence, also as an abbreviation in a unit's name
    clerk = _person([("Pengadministrasi Umum", "Sekretariat", "2010-01-01", None)])
    assert skill_expertise_all(clerk, today=TODAY) == {}
    bpkad = "Badan Pengelolaan Keuangan dan Aset Daerah"
    staff = {
        "jabatan": "Pengadministrasi Umum",
        "opd": bpkad,
        "positions": [
            {
                "jabatan": "Pengadministrasi Umum",
                "jenis": "PELAKSANA",
                "opd": bpkad,
                "unit": "Subbagian Umum dan Kepegawaian BPKAD",
                "tmt_start": "2010-01-01",
                "tmt_end": None,
            },
        ],
    }
    assert skill_expertise_all(staff, today=TODAY) == {}
    staff["positions"][0]["unit"] = "Bidang Aset"  # type: ignore[index]
    assert "aset_bmd" in skill_expertise_all(staff, today=TODAY)


def test_a_future_end_a_course_recorded_twice_and_jf_words_elsewhere_do_not_inflate() -> None:
    later = _person(
        [("Pengelola Budidaya Ikan", "Bidang Perikanan Budidaya", "2024-01-01", "2099-12-31")]
    )
    now = _person([("Pengelola Budidaya Ikan", "Bidang Perikanan Budidaya", "2024-01-01", None)])
    assert _score(later) == _score(now)
    course = ("Pelatihan Pembenihan Udang Vaname", 40, 2024)
    once = _person([("Pengadministrasi Umum", "Sekretariat", "2015-01-01", None)], [course])
    twice = _person(
        [("Pengadministrasi Umum", "Sekretariat", "2015-01-01", None)], [course, course]
    )
    assert _score(once) == _score(twice)
    # "Perencana" is a JF title, not a word of other texts ("Rencana Aksi Daerah")
    assert vocabulary().in_record("Diklat Penyusunan Rencana Aksi Daerah") == frozenset()


def test_every_skill_has_terms_a_name_and_a_known_parent() -> None:
    from potret_asn_rules import domains

    known = domains()
    for code, skill in vocabulary().skills.items():
        assert skill.name, code
        assert len(skill.terms) >= 5, code
        assert skill.domain is None or skill.domain in known, code


def test_a_structural_post_in_a_hospital_is_hospital_management_its_nurses_are_not() -> None:
    def at_rsud(jabatan: str, jenis: str) -> dict[str, Any]:
        post = {
            "jabatan": jabatan,
            "jenis": jenis,
            "opd": "RSUD Ibnu Sina",
            "unit": "Direksi",
            "tmt_start": "2020-01-01",
            "tmt_end": None,
        }
        return {"jabatan": jabatan, "opd": "RSUD Ibnu Sina", "positions": [post]}

    wadir = skill_expertise_all(
        at_rsud("Wakil Direktur Umum dan Keuangan", "ADMINISTRATOR"), today=TODAY
    )
    assert wadir["manajemen_rumah_sakit"].score > 0.4
    assert skill_expertise_all(at_rsud("Perawat Ahli Muda", "JF"), today=TODAY) == {}


@pytest.mark.parametrize(
    ("jabatan", "jenis", "opd", "held"),
    [
        # the BPBD's logistics posts keep the relief stock (Permendagri 46/2008: Seksi
        # Logistik dan Peralatan of the Bidang Kedaruratan dan Logistik) ...
        ("Pengelola Logistik", "PELAKSANA", "Badan Penanggulangan Bencana Daerah", True),
        ("Kepala Seksi Logistik", "PENGAWAS", "Badan Penanggulangan Bencana Daerah", True),
        # ... its reaction team and clerks of the same Bidang do not
        ("Anggota Tim Reaksi Cepat", "PELAKSANA", "Badan Penanggulangan Bencana Daerah", False),
        ("Pengadministrasi Umum", "PELAKSANA", "Badan Penanggulangan Bencana Daerah", False),
        # and logistics elsewhere (a health office's medicine store) is no disaster relief
        ("Pengelola Logistik", "PELAKSANA", "Dinas Kesehatan", False),
    ],
)
def test_a_post_titled_for_a_skill_in_its_opd_holds_it(
    jabatan: str, jenis: str, opd: str, held: bool
) -> None:
    post = {
        "jabatan": jabatan,
        "jenis": jenis,
        "opd": opd,
        "unit": "Bidang Kedaruratan dan Logistik",
        "tmt_start": "2015-03-01",
        "tmt_end": None,
    }
    found = skill_expertise_all({"jabatan": jabatan, "opd": opd, "positions": [post]}, today=TODAY)
    assert ("logistik_bencana" in found) is held
    if held:
        assert found["logistik_bencana"].score > 0.4  # eleven years in the post
        assert found["logistik_bencana"].evidence[0].kind == "masa_kerja"


@pytest.mark.parametrize(
    ("opd", "held"),
    [
        # the BPBD's head of emergency response commands its reaction team (Permendagri
        # 46/2008: Bidang Kedaruratan dan Logistik): disaster management, by the title's
        # "kedaruratan" in that OPD; a hospital's emergency unit is no disaster work
        ("Badan Penanggulangan Bencana Daerah", True),
        ("RSUD Ibnu Sina", False),
    ],
)
def test_the_bpbd_s_emergency_posts_hold_disaster_management(opd: str, held: bool) -> None:
    title = "Kepala Seksi Kedaruratan" if held else "Kepala Instalasi Gawat Darurat"
    post = {"jabatan": title, "jenis": "PENGAWAS", "opd": opd, "unit": "",
            "tmt_start": "2018-01-01", "tmt_end": None}  # fmt: skip
    found = skill_expertise_all({"jabatan": title, "opd": opd, "positions": [post]}, today=TODAY)
    assert ("kebencanaan" in found) is held


def test_a_plt_held_beside_the_definitive_post_is_not_a_second_career() -> None:
    # 2016 to now in aquaculture, and a Plt of the aquaculture seksi 2020-2022 at the same time
    alone = _person([("Analis Budidaya Ikan", "Bidang Perikanan Budidaya", "2016-12-01", None)])
    with_plt = _person(
        [
            ("Analis Budidaya Ikan", "Bidang Perikanan Budidaya", "2016-12-01", None),
            ("Plt. Kepala Seksi Budidaya Ikan", "Seksi Perikanan Budidaya", "2020-01-01",
             "2022-01-01"),
        ]
    )  # fmt: skip
    assert _score(with_plt) == pytest.approx(_score(alone))
    found = skill_expertise_all(with_plt, today=TODAY)["perikanan_budidaya"]
    assert sum(e.kind == "masa_kerja" for e in found.evidence) == 2  # both posts are shown


def test_covered_years_counts_a_month_once_at_its_highest_weight() -> None:
    from potret_expertise.scoring import covered_years

    assert covered_years([]) == 0
    assert covered_years([(0, 24, 1.0), (12, 36, 0.5)]) == pytest.approx((24 + 12 * 0.5) / 12)
    assert covered_years([(0, 12, 0.5), (0, 12, 1.0)]) == pytest.approx(1.0)
    assert covered_years([(0, 12, 1.0), (24, 36, 1.0)]) == pytest.approx(2.0)  # a gap


def test_a_clerical_post_title_is_no_evidence_the_rest_of_it_may_be() -> None:
    # "Pengolah Data" (PermenPAN-RB 41/2018) is data entry in any unit, not statistics
    clerk = _person([("Pengolah Data", "Subbagian Umum", "2016-12-01", None)])
    assert "statistik_data" not in skill_expertise_all(clerk, today=TODAY)
    spatial = _person([("Pengolah Data Tata Ruang", "Subbagian Umum", "2016-12-01", None)])
    assert set(skill_expertise_all(spatial, today=TODAY)) == {"tata_ruang"}
    # a training in data processing is still evidence of it
    trained = _person(
        [("Pengolah Data", "Subbagian Umum", "2016-12-01", None)],
        trainings=[("Pelatihan Pengolahan Data Statistik dengan SPSS", 40, 2025)],
    )
    assert "statistik_data" in skill_expertise_all(trained, today=TODAY)


def test_a_unit_says_the_work_only_of_a_post_whose_title_names_none_of_its_own() -> None:
    # a procurement official seated in the staff office does procurement, not staff records
    buyer = _person([("Pejabat Pengadaan", "Subbagian Umum dan Kepegawaian", "2016-12-01", None)])
    assert set(skill_expertise_all(buyer, today=TODAY)) == {"pengadaan_barang_jasa"}
    # the office's clerk does the office's work
    clerk = _person([("Pengadministrasi Umum", "Subbagian Kepegawaian", "2016-12-01", None)])
    assert set(skill_expertise_all(clerk, today=TODAY)) == {"administrasi_kepegawaian"}
    # a programmer in the aquaculture bidang is no aquaculture expert
    coder = _person(
        [("Pranata Komputer Ahli Muda", "Bidang Perikanan Budidaya", "2016-12-01", None)]
    )
    assert "perikanan_budidaya" not in skill_expertise_all(coder, today=TODAY)
    # a driver or a cleaner of the procurement section drives and cleans
    for post in ("Pengemudi", "Pramu Kebersihan", "Petugas Keamanan"):
        helper = _person([(post, "Bagian Pengadaan Barang dan Jasa", "2016-12-01", None)])
        assert skill_expertise_all(helper, today=TODAY) == {}, post


def test_a_jf_of_several_areas_is_read_by_its_unit_when_the_unit_names_one() -> None:
    # The Analis Keuangan Pusat dan Daerah works on the budget, the treasury or the accounts
    # (PermenPANRB 51/2020 art. 5): in the Bidang Akuntansi its holder keeps the accounts and
    # does not draw up the APBD; in a Subbagian Keuangan, whose name says neither, both.
    def akpd(unit: str, title: str = "Analis Keuangan Pusat dan Daerah Ahli Muda") -> set[str]:
        person = _person([(title, unit, "2018-01-01", None)])
        return set(skill_expertise_all(person, today=TODAY))

    assert akpd("Bidang Akuntansi") == {"akuntansi_pelaporan"}
    assert akpd("Subbagian Keuangan") == {"anggaran_apbd", "akuntansi_pelaporan"}
    # the unit's own words, not the skills' terms ("anggaran" alone is no term)
    assert akpd("Bidang Anggaran") == {"anggaran_apbd"}
    assert akpd("Bidang Anggaran dan Perbendaharaan") == {"anggaran_apbd", "akuntansi_pelaporan"}
    # the title as the JF is read, however written
    assert akpd("Bidang Akuntansi", "Analis Keuangan Pusat & Daerah Ahli Muda") == {
        "akuntansi_pelaporan"
    }

    # the PUPR's Teknik Penyehatan Lingkungan in a landfill's UPT runs the landfill; in a
    # Cipta Karya field, drainage and wastewater
    def tpl(unit: str) -> set[str]:
        title = "Teknik Penyehatan Lingkungan Ahli Pertama"
        return set(skill_expertise_all(_person([(title, unit, "2018-01-01", None)]), today=TODAY))

    assert tpl("UPT TPA Ngipik") == {"limbah_persampahan"}
    assert tpl("Bidang Pengelolaan Sampah") == {"limbah_persampahan"}
    assert tpl("Bidang Cipta Karya") == {"drainase_air_limbah"}
    # ... and a JF whose areas go together keeps them all, whatever its unit: the industrial
    # relations mediator mediates (mediasi) the disputes of industrial relations
    mediator = _person(
        [
            (
                "Mediator Hubungan Industrial Ahli Muda",
                "Bidang Hubungan Industrial",
                "2018-01-01",
                None,
            )
        ]
    )
    assert {"hubungan_industrial", "mediasi_sengketa"} <= set(
        skill_expertise_all(mediator, today=TODAY)
    )


def test_a_generic_post_of_an_opd_of_one_skill_holds_it_outside_the_secretariat() -> None:
    # The Badan Pendapatan Daerah's whole work is regional revenue (skills.json held_in): its
    # Penelaah Teknis Kebijakan of the Bidang Pendataan dan Penetapan keeps the tax rolls
    def held(
        jabatan: str, unit: str, opd: str = "Badan Pendapatan Daerah", jenis: str = "PELAKSANA"
    ) -> set[str]:
        rows = [
            {"jabatan": jabatan, "jenis": jenis, "opd": opd, "unit": unit,
             "tmt_start": "2018-01-01", "tmt_end": None}
        ]  # fmt: skip
        return set(skill_expertise_all({"positions": rows}, today=TODAY))

    assert held("Penelaah Teknis Kebijakan", "Bidang Pendataan dan Penetapan") == {"pajak_daerah"}
    # ... not its secretariat's clerk, not its driver, not a post naming its own work
    assert held("Penelaah Teknis Kebijakan", "Sekretariat - Subbagian Umum") == set()
    # (review) a secretariat's title, a unit not recorded or not of the function
    assert held("Sekretaris", "") == set()
    assert held("Kepala Subbagian Umum dan Kepegawaian", "") == set()
    assert held("Operator Layanan Operasional", "") == set()
    assert held("Penelaah Teknis Kebijakan", "TU") == set()
    assert held("Penyusun Program Anggaran", "Bidang Pendataan") == set()
    # ... and the OPD however its name goes on
    assert held(
        "Penelaah Teknis Kebijakan", "Bidang Pendataan", "Badan Pendapatan Daerah Kabupaten Gresik"
    ) == {"pajak_daerah"}
    assert held("Pengemudi", "Bidang Pendataan dan Penetapan") == set()
    assert "pajak_daerah" not in held(
        "Pranata Komputer Ahli Pertama", "Bidang Pendataan dan Penetapan", jenis="JF"
    )
    # ... and no other OPD's generic post
    assert held("Penelaah Teknis Kebijakan", "Bidang Anggaran", "Dinas Sosial") == set()


def test_a_pranata_komputer_of_an_infrastructure_unit_keeps_the_networks() -> None:
    # The Pranata Komputer runs IT infrastructure or builds information systems; its unit
    # says which. Before, every one held application development only: the network admin of
    # a Bidang Infrastruktur TIK of thirteen years came after the cyber-security JF holders
    # for "perbaikan jaringan LAN kantor" (dev-16 0.591 against BM25 0.796).
    def held(unit: str) -> dict[str, float]:
        person = _person([("Pranata Komputer Ahli Muda", unit, "2013-03-01", None)])
        person["positions"][0]["jenis"] = "JF"
        return {c: e.score for c, e in skill_expertise_all(person, today=TODAY).items()}

    network = held("Bidang Infrastruktur Teknologi Informasi dan Komunikasi")
    assert set(network) == {"jaringan_keamanan_siber"}
    assert network["jaringan_keamanan_siber"] > 0.6  # the JF held now and thirteen years
    assert set(held("Bidang Aplikasi Informatika")) == {"pengembangan_aplikasi"}
    # a unit that names neither: the JF's own skill, applications; networks only by words
    assert set(held("Sekretariat")) == {"pengembangan_aplikasi"}
    # (review) a road's or a bus route's network is no computer network, nor a regional
    # infrastructure bidang an IT one
    for unit in ["Bidang Infrastruktur dan Kewilayahan", "Seksi Jaringan Jalan",
                 "Seksi Jaringan Trayek"]:  # fmt: skip
        assert set(held(unit)) == {"pengembangan_aplikasi"}, unit
    # the full name of the unit says the term its abbreviation does
    assert vocabulary().in_record("Bidang Infrastruktur Teknologi Informasi dan Komunikasi") == {
        "jaringan_keamanan_siber"
    }


def test_a_jf_title_names_its_own_skill_not_the_skills_its_words_say() -> None:
    # Trap: "Teknik Penyehatan Lingkungan" (the public-works JF of sanitation works) says
    # "penyehatan lingkungan", a term of the sanitarian's environmental-health inspection
    sanitation_engineer = _person(
        [
            (
                "Teknik Penyehatan Lingkungan Ahli Muda",
                "Bidang Kawasan Permukiman",
                "2016-12-01",
                None,
            )
        ]
    )
    assert set(skill_expertise_all(sanitation_engineer, today=TODAY)) == {"drainase_air_limbah"}
    # the sanitarian of the health office's section of that name is read by the unit
    sanitarian = _person([("Pengelola Data", "Seksi Penyehatan Lingkungan", "2016-12-01", None)])
    assert "kesehatan_lingkungan" in skill_expertise_all(sanitarian, today=TODAY)


def test_no_term_of_several_words_shrinks_to_one_of_its_own_words() -> None:
    # "pegawai" and "bidang" are stop words: "mutasi pegawai" would match "Bimtek Mutasi
    # Kendaraan Bermotor", "peta bidang" every map. A phrase joined into one word on purpose
    # ("rekam medis" -> "rekammedis") is still one term of its own.
    from potret_expertise.text import stem, stem_tuple

    shrunk = [
        (code, term)
        for code, skill in vocabulary().skills.items()
        for term in skill.terms
        if len(term.split()) > 1
        and len(stem_tuple(term)) == 1
        and stem_tuple(term)[0] in {stem(w) for w in term.lower().split()}
    ]
    assert shrunk == []


@pytest.mark.parametrize(
    "text",
    ["Bimtek Mutasi Kendaraan Bermotor", "Sosialisasi Kartu Tani", "Pemberhentian Kepala Desa"],
)
def test_other_mutations_cards_and_dismissals_are_not_staff_administration(text: str) -> None:
    assert "administrasi_kepegawaian" not in vocabulary().in_record(text)


def test_the_environmental_impact_controller_assesses_amdal() -> None:
    # JF Pengendali Dampak Lingkungan assesses AMDAL/UKL-UPL and KLHS in the Bidang Tata
    # Lingkungan (as well as pollution control): both skills, the JF signal in each.
    pdl = _person(
        [("Pengendali Dampak Lingkungan Ahli Muda", "Bidang Tata Lingkungan", "2018-01-01", None)]
    )
    found = skill_expertise_all(pdl, today=TODAY)
    assert found["persetujuan_lingkungan"].signals["jf"] == 1.0
    assert found["pencemaran_lingkungan"].signals["jf"] == 1.0


def test_food_safety_is_one_skill_across_health_food_and_fisheries_offices() -> None:
    # PP 86/2019: the Dinkes licenses home-industry food (SPP-IRT), the food office checks
    # fresh food of plant origin (PSAT); "keamanan pangan" is neither the food-security
    # field as a whole nor a pharmacist's drugs.
    def skills_of(jabatan: str, unit: str, training: str) -> set[str]:
        person = _person([(jabatan, unit, "2018-01-01", None)], [(training, 40, 2024)])
        return set(skill_expertise_all(person, today=TODAY))

    assert "keamanan_pangan" in skills_of(
        "Sanitarian Ahli Muda", "Seksi Kesehatan Lingkungan", "Pelatihan District Food Inspector"
    )
    assert "keamanan_pangan" in skills_of(
        "Pengawas Mutu Hasil Pertanian Ahli Muda",
        "Bidang Konsumsi dan Keamanan Pangan",
        "Bimtek Pengawasan Pangan Segar Asal Tumbuhan",
    )
    assert "keamanan_pangan" not in skills_of(
        "Penyuluh Pertanian Ahli Muda", "BPP Kedamean", "Pelatihan Ketahanan Pangan Keluarga"
    )


def test_legal_extension_and_aid_is_not_legal_drafting() -> None:
    # The Penyuluh Hukum informs the public of the law and the Bagian Hukum gives legal aid;
    # the Perancang drafts perda. A query for legal drafting must prefer the drafter.
    def skills_of(jabatan: str, training: str) -> dict[str, float]:
        person = _person([(jabatan, "Bagian Hukum", "2015-01-01", None)], [(training, 40, 2023)])
        return {c: s.score for c, s in skill_expertise_all(person, today=TODAY).items()}

    extension = skills_of("Penyuluh Hukum Ahli Muda", "Pelatihan Paralegal dan Bantuan Hukum")
    assert "produk_hukum" not in extension
    assert extension["penyuluhan_bantuan_hukum"] > 0.5
    drafter = skills_of(
        "Perancang Peraturan Perundang-undangan Ahli Muda", "Pelatihan Penyusunan Naskah Akademik"
    )
    assert drafter["produk_hukum"] > 0.5
    assert "penyuluhan_bantuan_hukum" not in drafter


def test_social_media_and_school_snacks_are_read_by_their_short_names() -> None:
    assert "humas_komunikasi_publik" in vocabulary().in_query("admin medsos pemkab")
    assert "keamanan_pangan" in vocabulary().in_query("pengawasan jajanan anak sekolah")
    assert "keamanan_pangan" in vocabulary().in_query("PJAS")


def test_food_safety_is_read_in_its_working_words() -> None:
    # HACCP in a fish-processing unit, the inspection of places that handle food
    for text in (
        "Pelatihan Penerapan HACCP pada Unit Pengolahan Ikan",
        "Pelatihan Inspeksi Kesehatan Lingkungan Tempat Pengelolaan Pangan",
        "Pelatihan Uji Cepat Bahan Berbahaya pada Makanan",
    ):
        assert "keamanan_pangan" in vocabulary().in_query(text), text


def test_public_service_innovation_is_read_from_its_own_words_not_from_any_innovation() -> None:
    coach = _person(
        [("Analis Kebijakan Ahli Muda", "Bagian Organisasi", "2020-01-01", None)],
        [("Pelatihan Pendampingan Kompetisi Inovasi Pelayanan Publik", 32, 2024)],
    )
    assert "inovasi_daerah" in skill_expertise_all(coach, today=TODAY)
    # an innovation of one's own field is evidence of that field, not of innovation management
    inventor = _person([("Pranata Komputer Ahli Muda", "Bidang Aplikasi", "2020-01-01", None)])
    inventor["innovations"] = [
        {"kind": "INOVASI", "title": "Aplikasi Antrean Online Puskesmas", "year": 2024}
    ]
    assert "inovasi_daerah" not in skill_expertise_all(inventor, today=TODAY)


def test_animal_health_and_livestock_production_are_apart() -> None:
    # UU 23/2014, Lampiran: kesehatan hewan dan kesmavet is a sub-urusan of its own. The
    # inseminator who oversees breeding stock is no vet; the paramedik veteriner does both.
    def skills_of(jabatan: str) -> set[str]:
        person = _person([(jabatan, "Bidang Peternakan dan Kesehatan Hewan", "2015-01-01", None)])
        person["positions"][0]["jenis"] = "JF"
        return set(skill_expertise_all(person, today=TODAY))

    assert skills_of("Pengawas Bibit Ternak Mahir") == {"peternakan"}
    assert skills_of("Medik Veteriner Ahli Muda") == {"kesehatan_hewan"}
    assert skills_of("Paramedik Veteriner Mahir") == {"peternakan", "kesehatan_hewan"}


def test_mediation_is_one_skill_whatever_the_dispute() -> None:
    # UU 2/2004 (industrial), UU 7/2012 (social conflict), Perma 1/2016 (certified mediators)
    def skills_of(jabatan: str, training: str) -> set[str]:
        person = _person(
            [(jabatan, "Seksi Penanganan Konflik", "2018-01-01", None)], [(training, 40, 2024)]
        )
        return set(skill_expertise_all(person, today=TODAY))

    assert "mediasi_sengketa" in skills_of(
        "Kepala Seksi", "Pelatihan Mediasi dan Resolusi Konflik Sosial"
    )
    mediator = _person(
        [
            (
                "Mediator Hubungan Industrial Ahli Muda",
                "Bidang Hubungan Industrial",
                "2018-01-01",
                None,
            )
        ]
    )
    assert {"hubungan_industrial", "mediasi_sengketa"} <= set(
        skill_expertise_all(mediator, today=TODAY)
    )
    # the social-media officer mediates nothing
    assert "mediasi_sengketa" not in skills_of(
        "Pengelola Media Sosial", "Pelatihan Pengelolaan Media Sosial Instansi"
    )


def _jf_signal(jabatan: str, unit: str, skill: str) -> float:
    """The JF signal of `skill` for a holder of the JF post `jabatan` in `unit` since 2019."""
    person = _person([(jabatan, unit, "2019-01-01", None)])
    person["positions"][0]["jenis"] = "JF"
    return skill_expertise_all(person, today=TODAY)[skill].signals["jf"]


@pytest.mark.parametrize(
    ("jabatan", "skill"),
    [
        ("Tenaga Sanitasi Lingkungan Ahli Muda", "kesehatan_lingkungan"),
        ("Tenaga Promosi Kesehatan dan Ilmu Perilaku Ahli Muda", "promosi_kesehatan"),
        ("Tenaga Teknis Kefarmasian Mahir", "farmasi"),
    ],
)
def test_the_renamed_health_jf_are_read_as_their_old_titles(jabatan: str, skill: str) -> None:
    # Sanitarian, Penyuluh Kesehatan Masyarakat and Asisten Apoteker under their new names
    assert _jf_signal(jabatan, "UPT Puskesmas Manyar", skill) == 1.0


@pytest.mark.parametrize(
    ("jabatan", "skill"),
    [
        ("Analis SDM Aparatur Ahli Muda", "administrasi_kepegawaian"),
        ("Asesor SDM Aparatur Ahli Pertama", "manajemen_talenta"),
        ("Perancang Peraturan Perundang undangan Ahli Muda", "produk_hukum"),
    ],
)
def test_a_jf_title_written_with_an_abbreviation_is_still_the_jf(jabatan: str, skill: str) -> None:
    # SDM is "sumber daya manusia" (abbreviations.json), a hyphen is no other word
    assert _jf_signal(jabatan, "Bidang Pengembangan Kompetensi", skill) == 1.0


def test_a_jf_title_is_not_read_from_another_whose_words_begin_alike() -> None:
    assert vocabulary().jf_of("Pranata Laboratorium Pendidikan Ahli Pertama") == frozenset()
    assert vocabulary().jf_of("Pengawas Koperasi Ahli Muda") == {"perkoperasian"}


def test_hazardous_waste_is_not_household_waste() -> None:
    # DLH's "Bidang Pengelolaan Sampah dan Limbah B3" holds both; the waste-reduction head
    # does household waste (UU 18/2008), the B3 supervisor hazardous waste (PP 22/2021)
    reducer = _person(
        [
            (
                "Kepala Seksi Pengurangan Sampah",
                "Bidang Pengelolaan Sampah dan Limbah B3",
                "2019-01-01",
                None,
            )
        ]
    )
    assert set(skill_expertise_all(reducer, today=TODAY)) == {"limbah_persampahan"}
    supervisor = _person(
        [("Pengawas Lingkungan Hidup Ahli Pertama", "Bidang Penaatan", "2019-01-01", None)],
        [("Bimtek Pengawasan Pengelolaan Limbah B3", 32, 2024)],
    )
    assert "limbah_b3" in skill_expertise_all(supervisor, today=TODAY)
    assert "limbah_persampahan" not in skill_expertise_all(supervisor, today=TODAY)


def test_the_medical_recorder_is_no_patient_safety_officer() -> None:
    def skills_of(jabatan: str, unit: str, course: str) -> set[str]:
        person = _person([(jabatan, unit, "2018-01-01", None)], [(course, 40, 2024)])
        person["positions"][0]["jenis"] = "JF"
        return set(skill_expertise_all(person, today=TODAY))

    recorder = skills_of(
        "Perekam Medis Ahli Muda", "Instalasi Rekam Medis", "Pelatihan Koding INA-CBG"
    )
    assert "rekam_medis" in recorder
    assert "mutu_keselamatan_pasien" not in recorder
    safety = skills_of(
        "Perawat Ahli Muda",
        "Komite PMKP",
        "Pelatihan Keselamatan Pasien dan Manajemen Risiko Rumah Sakit",
    )
    assert "mutu_keselamatan_pasien" in safety
    assert "rekam_medis" not in safety


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        # the sub-urusan of cooperatives and micro enterprises (UU 23/2014): supervising a
        # savings-and-loan cooperative is not coaching micro enterprises, and a cooperative's
        # health check is no health work
        ("Pelatihan Pemeriksaan Kesehatan Koperasi Simpan Pinjam", {"perkoperasian"}),
        ("Bidang Usaha Mikro", {"pemberdayaan_usaha_mikro"}),
        # halal certification is coached in many offices: its own skill, not the cooperative's
        ("Pelatihan Pendamping Proses Produk Halal", {"jaminan_produk_halal"}),
        # traffic engineering and vehicle testing are two works of one office
        ("Kepala Seksi Manajemen dan Rekayasa Lalu Lintas", {"lalu_lintas_angkutan"}),
        ("UPT Pengujian Kendaraan Bermotor", {"pengujian_kendaraan"}),
        # a posyandu weighs babies ("timbang" as in timbangan), no scale is calibrated there
        ("Penimbangan Balita di Posyandu", set()),
        ("Pelatihan Tera dan Tera Ulang UTTP", {"metrologi_legal"}),
        # fire is its own sub-urusan beside disasters
        ("Seksi Pencegahan Kebakaran", {"pemadam_kebakaran"}),
        # the elderly at a posyandu are health work; abandoned elderly are social rehabilitation
        ("Kader Posyandu Lansia", {"promosi_kesehatan", "gizi_stunting"}),
        ("Pelatihan Pelayanan Sosial Lanjut Usia Terlantar", {"rehabilitasi_sosial"}),
        ("Pendamping Program Keluarga Harapan", {"perlindungan_jaminan_sosial"}),
        ("UPTD Perlindungan Perempuan dan Anak", {"perlindungan_perempuan_anak"}),
        ("Bimtek Perencanaan dan Penganggaran Responsif Gender", {"pengarusutamaan_gender"}),
        ("Pelatihan Pengelolaan BUMDes", {"bumdes"}),
        ("Inventarisasi Tanah Kas Desa", {"aset_desa"}),
        ("Sosialisasi Pendidikan Politik bagi Pemilih Pemula", {"wawasan_kebangsaan_politik"}),
        # estate crops by their crops, not by a barista's coffee or a health office's
        # tobacco control
        ("Pelatihan Budidaya Tebu", {"perkebunan"}),
        ("Pelatihan Barista Kopi", set()),
        ("Pengendalian Dampak Produk Tembakau", set()),
        ("Pengawas Alat dan Mesin Pertanian Mahir", {"prasarana_sarana_pertanian"}),
        (
            "Rehabilitasi Jaringan Irigasi Tersier",
            {"prasarana_sarana_pertanian", "sumber_daya_air_irigasi"},
        ),
        ("Kepala Seksi Ketersediaan dan Distribusi Pangan", {"ketersediaan_pangan"}),
        # a medical laboratory, not a school's or the environment office's
        ("Pranata Laboratorium Kesehatan Ahli Muda", {"laboratorium_kesehatan"}),
        ("Pranata Laboratorium Pendidikan Ahli Pertama", set()),
        ("Pelatihan Pemeriksaan Laboratorium Kualitas Air", {"pencemaran_lingkungan"}),
        # business licensing, not a building's approval
        ("Penerbitan NIB Usaha Mikro", {"perizinan_berusaha", "pemberdayaan_usaha_mikro"}),
        ("Perizinan Bangunan Gedung", {"bangunan_gedung"}),
        ("Bedah Rumah Tidak Layak Huni", {"rumah_layak_huni"}),
        # land certification across the land, asset and kecamatan offices; measuring land is
        # surveying, not certification
        ("Pelatihan Pendaftaran Tanah Sistematis Lengkap", {"sertifikasi_tanah"}),
        ("Pelatihan Pengukuran Bidang Tanah", set()),
        ("Pelatihan Pengamanan TPS", {"perlindungan_masyarakat"}),
        ("TPS3R", {"limbah_persampahan"}),  # a waste site, no polling station
        ("Bimtek Pengelolaan Dana Kapitasi JKN", {"jaminan_kesehatan"}),
        ("UPT Penerangan Jalan Umum", {"penerangan_jalan_umum"}),
        ("Bidang Guru dan Tenaga Kependidikan", {"guru_tenaga_kependidikan"}),
        ("Pelatihan Penyusunan Peraturan Desa", {"pemerintahan_desa"}),
        # drinking water's quality is the sanitarian's, a river's the environment office's
        ("Pelatihan Pengawasan Kualitas Air Minum", {"kesehatan_lingkungan"}),
        ("Pemantauan Kualitas Air Sungai", {"pencemaran_lingkungan"}),
        # the arts apart from heritage, youth apart from athletes, promotion apart from the
        # destination (UU 23/2014 Lampiran; UU 5/2017, UU 40/2009)
        ("Pelatihan Pembinaan Sanggar Seni Tari", {"kesenian_tradisi"}),
        ("Seleksi Paskibraka Kabupaten", {"kepemudaan"}),
        ("Pengelola Media Promosi Pariwisata", {"pemasaran_pariwisata"}),
        ("Bimtek Fasilitasi Kekayaan Intelektual Pelaku Ekonomi Kreatif", {"ekonomi_kreatif"}),
        ("Bimtek Pelayanan Administrasi Terpadu Kecamatan (PATEN)", {"pelayanan_kecamatan"}),
        ("Pendaftaran Hak Paten", set()),  # a patent, no kecamatan service
        # HR: developing competences, talent and discipline are three works; the basic
        # training every CPNS attends is no evidence of organising training, an open
        # selection ("seleksi terbuka") is read as recruitment, and SKP is also the
        # fisheries' processing certificate
        (
            "Pelatihan Analisis Kebutuhan Pengembangan Kompetensi ASN",
            {"pengembangan_kompetensi_asn"},
        ),
        ("Pelatihan Dasar CPNS Golongan III", set()),
        ("Pelatihan Assessment Center dan Manajemen Talenta", {"manajemen_talenta"}),
        ("Sertifikat Kelayakan Pengolahan (SKP)", {"pengolahan_hasil_perikanan"}),
        ("Pemeriksaan Pelanggaran Disiplin PNS", {"disiplin_asn"}),
        # trade's prices apart from the social office's aid in staples; a crossing to an
        # island apart from a fishing port and a footbridge; the minimum service standards
        # apart from the treasury's payment orders (SPM), "bidang" being a stop word
        ("Pemantauan Harga Bahan Pokok", {"stabilisasi_harga"}),
        ("Penyaluran Bantuan Bahan Pokok", set()),
        ("Bimtek Pengawasan Barang Beredar", {"perlindungan_konsumen"}),
        ("Pengelola Kepelabuhanan", {"pelabuhan_penyeberangan"}),
        ("Pelabuhan Perikanan Pantai", set()),
        ("Jembatan Penyeberangan Orang", set()),
        ("Bimtek SPM Pendidikan dan Rapor Pendidikan", {"standar_pelayanan_minimal"}),
        ("Verifikasi SPM LS", set()),
        ("Penerbitan SPM dan SP2D", {"akuntansi_pelaporan"}),
    ],
)
def test_the_sub_urusan_of_a_field_are_skills_apart(text: str, skills: set[str]) -> None:
    assert vocabulary().in_record(text) == skills


@pytest.mark.parametrize(
    ("query", "skills"),
    [
        # the words of two skills: both read, the one said in more words first
        ("sertifikasi halal UMKM", ["jaminan_produk_halal", "pemberdayaan_usaha_mikro"]),
        ("pengawasan koperasi simpan pinjam", ["perkoperasian"]),
        ("uji KIR", ["pengujian_kendaraan"]),
        # an election's polling stations are guarded by Linmas: no politics
        ("pengamanan TPS pemilu", ["perlindungan_masyarakat"]),
        ("pendaftaran ormas", ["wawasan_kebangsaan_politik"]),
        ("pengawasan kualitas air minum depot", ["kesehatan_lingkungan"]),
    ],
)
def test_a_query_names_a_sub_urusan_skill(query: str, skills: list[str]) -> None:
    assert vocabulary().in_query(query) == skills


@pytest.mark.parametrize(
    "text",
    [
        # (review) the new skills' words in other work: a kindergarten teacher, a reading
        # garden, a zoo, the art of leadership, the madrasah data system (EMIS), the
        # puskesmas's UKM (upaya kesehatan masyarakat), a study permit, workers' social
        # security, medical devices' periodic tests, water rescue, disaster victims,
        # a saint's tomb, a puskesmas's mental-health screening, and people trained or
        # assessed, not running the work: PPG, a teacher's career, pupils' discipline
        "Guru Taman Kanak-Kanak",
        "Taman Baca Masyarakat",
        "Kebun Binatang",
        "Pelatihan Seni Kepemimpinan",
        "Operator EMIS Madrasah",
        "Pengelola Program UKM Esensial",
        "Pelayanan Izin Belajar",
        "Jaminan Sosial Tenaga Kerja",
        "Pengujian Berkala Alat Kesehatan",
        "Pelatihan Water Rescue",
        "Pendampingan Korban Bencana",
        "Juru Pelihara Makam Sunan Giri",
        "Deteksi Dini Gangguan Jiwa",
        "Pendidikan Profesi Guru",
        "Pengembangan Karier Guru",
        "Pembinaan Disiplin Siswa",
        "Pelatihan Pengembangan Kompetensi Bidan",
    ],
)
def test_the_sub_urusan_skills_are_not_read_from_other_work(text: str) -> None:
    new = {
        "pertamanan_pemakaman", "perkebunan", "kesenian_tradisi", "rehabilitasi_sosial",
        "pemberdayaan_usaha_mikro", "perizinan_berusaha", "perlindungan_jaminan_sosial",
        "pengujian_kendaraan", "pelayanan_kecamatan", "pemadam_kebakaran",
        "perlindungan_perempuan_anak", "guru_tenaga_kependidikan", "manajemen_talenta",
        "disiplin_asn", "pengembangan_kompetensi_asn",
    }  # fmt: skip
    assert not vocabulary().in_record(text) & new


@pytest.mark.parametrize(
    ("query", "skills"),
    [
        ("penanganan kekerasan perempuan dan anak", ["perlindungan_perempuan_anak"]),
        ("pendamping halal", ["jaminan_produk_halal"]),
        ("hansip", ["perlindungan_masyarakat"]),
        ("cengkih", ["perkebunan"]),
        ("ATLM", ["laboratorium_kesehatan"]),
    ],
)
def test_the_sub_urusan_skills_are_read_in_the_words_people_use(
    query: str, skills: list[str]
) -> None:
    assert vocabulary().in_query(query) == skills


def test_a_skill_keeps_the_terms_its_evidence_says_and_no_place_s() -> None:
    # The terms each piece of evidence says (search asks for them: a query naming "minapadi"
    # prefers the people whose own work says it). A JF title alone says no term.
    person = _person(
        [
            ("Penyuluh Perikanan Ahli Muda", "Bidang Perikanan Budidaya", "2016-01-01", None),
        ],
        trainings=[("Pelatihan Teknis Minapadi", 40, 2024)],
    )
    found = skill_expertise_all(person, today=TODAY)["perikanan_budidaya"]
    assert "minapadi" in found.terms
    # a JF title is no term (the epidemiologist's "epidemiolog"); an abstract's terms count as
    # the abstract names the skill, ABSTRACT_MENTIONS times, not by one passing word
    epi = _person([("Epidemiolog Kesehatan Ahli Muda", "Seksi Surveilans", "2016-01-01", None)])
    epi["positions"][0]["jenis"] = "JF"
    assert (
        "epidemiolog" not in skill_expertise_all(epi, today=TODAY)["epidemiologi_surveilans"].terms
    )
    noted = _person(
        [("Penyuluh Perikanan Ahli Muda", "Bidang Perikanan Budidaya", "2016-01-01", None)]
    )
    noted["innovations"] = [
        {"kind": "INOVASI", "title": "Budidaya Ikan Nila Sehat", "year": 2024,
         "abstract": "Pendampingan pembudidaya nila; sekali mencoba minapadi."}
    ]  # fmt: skip
    assert "minapadi" not in skill_expertise_all(noted, today=TODAY)["perikanan_budidaya"].terms
    assert vocabulary().terms_of("Pelatihan Budidaya Udang Vaname", "perikanan_budidaya") == {
        "budidaya udang",
        "udang vaname",
        "vaname",
    }
    # a place is no term: "pasar ikan" is a market of fish, but UPT Pasar Ikan Bawean's
    # "Bawean" and a Kecamatan Tambak's name say where, read as in_record reads them
    for text in ["Kecamatan Tambak", "UPT Puskesmas Tambak", "Desa Pangkah Wetan"]:
        assert all(not vocabulary().terms_of(text, c) for c in vocabulary().skills)
    # and a text names a skill exactly when it says one of its terms (the same reading)
    texts = {
        str(v)
        for person in Generator(11).people(300)
        for row in [*person["positions"], *person["trainings"], *person["certifications"]]
        for k, v in row.items()
        if k in ("jabatan", "unit", "name")
    }
    assert len(texts) > 200
    for text in texts:
        named = vocabulary().in_record(text)
        assert {c for c in vocabulary().skills if vocabulary().terms_of(text, c)} == named, text
    # the query reads its terms as the records are read
    assert vocabulary().terms_in_query("budidaya minapadi", "perikanan_budidaya") == ("minapadi",)
    assert vocabulary().terms_in_query("pengawasan", "audit_pengawasan") == ()


@pytest.mark.parametrize(
    ("query", "named", "not_named"),
    [
        # a head word with the thing it is done to: procurement of goods, a sector's planning
        ("pengadaan alat kesehatan", "pengadaan_barang_jasa", None),
        ("pengadaan obat", "pengadaan_barang_jasa", None),
        ("pengadaan kendaraan dinas", "pengadaan_barang_jasa", None),
        ("perencanaan kesehatan", "perencanaan_pembangunan", None),
        ("perencana pendidikan", "perencanaan_pembangunan", None),
        # ... not land acquisition, the recruitment of staff, or an engineer's design
        ("pengadaan tanah untuk jalan", None, "pengadaan_barang_jasa"),
        ("pengadaan lahan jalan", None, "pengadaan_barang_jasa"),
        ("pengadaan CPNS PPPK", "administrasi_kepegawaian", "pengadaan_barang_jasa"),
        ("pengadaan ASN", None, "pengadaan_barang_jasa"),
        ("pengadaan dokter", None, "pengadaan_barang_jasa"),
        ("pengadaan honorer", None, "pengadaan_barang_jasa"),
        ("pengadaan P3K", None, "pengadaan_barang_jasa"),
        ("pengadaan tanahnya", None, "pengadaan_barang_jasa"),
        ("perencanaan jembatan", None, "perencanaan_pembangunan"),
        ("perencanaan teknis jembatan", None, "perencanaan_pembangunan"),
        # a head word with nothing after it names nothing by itself
        ("perencanaan", None, "perencanaan_pembangunan"),
    ],
)
def test_a_head_word_names_its_skill_by_the_word_after_it(
    query: str, named: str | None, not_named: str | None
) -> None:
    found = vocabulary().in_query(query)
    if named:
        assert named in found
    if not_named:
        assert not_named not in found


@pytest.mark.parametrize(
    ("text", "held"),
    [
        # ASN performance management (PP 30/2019, PermenPANRB 6/2022)
        ("Bimtek Admin e-Kinerja BKN", True),
        ("Bimtek Penilaian Kinerja PNS (SKP)", True),
        ("Kepala Bidang Penilaian Kinerja dan Penghargaan", True),
        # the fish processing certificate is also "SKP"; an agency's accountability report
        # is SAKIP, no staff appraisal
        ("Bimtek Sertifikat Kelayakan Pengolahan (SKP)", False),
        ("Penyusunan Laporan Kinerja Instansi Pemerintah", False),
        # 'pegawai' is a stop word: appraisal of anything else is not staff appraisal
        ("Bimtek Penilaian Kinerja Puskesmas", False),
        ("Penilaian Kinerja Penyedia Barang/Jasa", False),
        ("Manajemen Kinerja Rumah Sakit", False),
        ("Penilaian Kinerja Jalan", False),
        ("Penilaian Kinerja Kepala Sekolah", False),
    ],
)
def test_performance_management_is_read_from_its_own_words(text: str, held: bool) -> None:
    assert ("kinerja_asn" in vocabulary().in_record(text)) is held


def test_a_query_for_performance_administration_reads_it() -> None:
    assert vocabulary().in_query("admin e-kinerja SKP") == ["kinerja_asn"]
    assert vocabulary().in_query("SKP") == []


@pytest.mark.parametrize(
    "text",
    [
        "Teknik Geomatika",
        "Teknik Geodesi",
        "Pengolah Data Spasial",
        "Analisis Spasial dengan PostGIS",
    ],
)
def test_spatial_data_and_its_degrees_are_gis_evidence(text: str) -> None:
    assert "gis_pemetaan" in vocabulary().in_record(text)
