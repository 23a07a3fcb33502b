"""Indonesian text handling in Python (the Elasticsearch build has core modules only).

`analyse(text)` = lower case, ASCII folding, abbreviations and spelling variants expanded
(data/abbreviations.json), stop words dropped, each word stemmed with Sastrawi (the
maintained Indonesian stemmer, Nazief-Adriani with extensions), cached per word.
The same function feeds the index (stemmed fields) and the queries, so both sides agree.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from re import _constants, _parser  # type: ignore[attr-defined]  # the stdlib's regex parser
from typing import Any

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

_WORD = re.compile(r"[a-z0-9]+")
# Question words and fillers of the way people ask ("siapa yang paham perikanan?").
STOPWORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "atau",
        "pada",
        "dalam",
        "oleh",
        "ini",
        "itu",
        "adalah",
        "sebagai",
        "juga",
        "siapa",
        "siapakah",
        "apa",
        "apakah",
        "mana",
        "bagaimana",
        "tolong",
        "mohon",
        "cari",
        "carikan",
        "tampilkan",
        "berikan",
        "paham",
        "memahami",
        "mengerti",
        "ahli",
        "pakar",
        "berpengalaman",
        "pengalaman",
        "menguasai",
        "kuasai",
        "punya",
        "memiliki",
        "bisa",
        "dapat",
        "ada",
        "orang",
        "pegawai",
        "asn",
        "pns",
        "saya",
        "kami",
        "kita",
        "bidang",
        "tentang",
        "soal",
        "urusan",
        "terbaik",
        "paling",
        "sangat",
        "lebih",
        "cocok",
        "tahu",
        "mengetahui",
        # "pernah menangani sengketa tanah": what was handled is asked, not the handling
        "pernah",
        "menangani",
        # the same, as people type them in a chat or a search box
        "yg",
        "dgn",
        "utk",
        "dlm",
        "org",
        "saja",
        "aja",
        "sih",
        "dong",
        "nih",
        "ya",
        "jago",
        "ngerti",
        "tau",
    ]
)


@lru_cache(maxsize=1)
def _stemmer() -> object:
    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=1)
def root_words() -> frozenset[str]:
    """Sastrawi's dictionary of Indonesian root words (about 30,000): a capitalised word
    whose stem is none of them is a proper name ("Bunder", "Osowilangun"), not a word."""
    return frozenset(StemmerFactory().get_words_from_file())


def is_root_word(word: str) -> bool:
    """`word` (any case) is an Indonesian word: it or its stem is in `root_words`."""
    low = word.lower()
    return low in root_words() or stem(low) in root_words()


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    raw = resources.files("potret_expertise").joinpath("data/abbreviations.json").read_text("utf-8")
    terms: dict[str, str] = json.loads(raw)["terms"]
    return terms


# Phrases whose words, stemmed one by one, name another field: "hubungan masyarakat" (public
# relations) and "hubungan industrial" (industrial relations, a labour function) stem to
# "hubung", the word of Perhubungan (transport).
_PHRASES = (
    # English names of work that officials type and records say in Indonesian (and the other
    # way round): read in Indonesian, before the joins below ("public relations" is humas).
    (re.compile(r"\bmedical\s+check\s*-?\s*ups?\b"), "pemeriksaan kesehatan"),
    (re.compile(r"\bdata\s+analy(?:st|sts|sis|tics)\b"), "analisis data"),
    (re.compile(r"\bdigital\s+marketing\b"), "pemasaran digital"),
    (re.compile(r"\bpublic\s+relations?\b"), "hubungan masyarakat"),
    (re.compile(r"\bgraphic\s+design(?:er)?\b"), "desain grafis"),
    # risk management certificates and courses are often named in English (CRMO, "Certified
    # Risk Management Officer", "ISO 31000 Risk Management")
    # (of a disaster: its risk studies; of a hospital's patients: patient safety)
    (
        re.compile(r"\bdisaster\s+risk\s+(?:management|reduction|assessment)\b"),
        "kajian risiko bencana",
    ),
    (
        re.compile(r"\b(?:clinical|hospital|patient)\s+risk\s+management\b"),
        "manajemen risiko rumah sakit",
    ),
    (re.compile(r"\brisk\s+management\b"), "manajemen risiko"),
    # network work as certificates and officials name it: a LAN or WAN is a computer network
    # (never "LAN" alone: the Lembaga Administrasi Negara trains every ASN)
    (
        re.compile(r"\bnetwork\s+(?:administrator|admin|engineer(?:ing)?)\b"),
        "administrasi jaringan",
    ),
    (
        re.compile(r"\b(?:local|wide)\s+area\s+networks?\b|\bjaringan\s+(?:lan|wan)\b"),
        "jaringan komputer",
    ),
    (re.compile(r"\bhuman\s+resources?\b"), "sumber daya manusia"),
    (re.compile(r"\btranslator\b"), "penerjemah"),
    (re.compile(r"\bprocurement\b"), "pengadaan barang jasa"),
    (re.compile(r"\bbudgeting\b"), "penganggaran"),
    (re.compile(r"\baccounting\b"), "akuntansi"),
    # Kominfo's Gerakan Menuju 100 Smart City: records say it in either language ("Masterplan
    # Kota Cerdas", "Bimtek Smart City"), one of them a regency's "Smart Regency".
    (
        re.compile(r"\b(?:kota|kabupaten)\s+cerdas\b|\bsmart\s+(?:regency|kabupaten)\b"),
        "smart city",
    ),
    (re.compile(r"\bhubungan\s+masyarakat\b"), "humas"),
    (re.compile(r"\bhubungan\s+industrial\b"), "hubunganindustrial"),
    (re.compile(r"\bhubungan\s+kerja\b"), "hubungankerja"),  # PHK: labour, not transport
    # Antar kerja (antar kerja lokal, antar daerah, antar negara: job placement, Permenaker
    # 39/2016) and its JF, the Pengantar Kerja, are one word: alone, "antar" is "between"
    # ("antar OPD", never a field: not_field.json) and "pengantar" an accompanying letter.
    (re.compile(r"\b(?:peng)?antar\s*kerja\b"), "antarkerja"),
    # Traffic is the phrase: alone, "lalu" is "then" and "lintas" "across" ("lintas pulau",
    # "lintas sektor").
    (re.compile(r"\blalu\s+lintas\b"), "lalulintas"),
    # "Lelang jabatan" and "open bidding" are what officials call the open selection of a JPT
    # (seleksi terbuka, PP 11/2017 jo. PP 17/2020): staff work, no procurement auction
    # ("lelang JPT" alike; "lelang terbuka" alone is also an open tender)
    (re.compile(r"\blelang\s+(?:jabatan|jpt)\b|\bopen\s+bidding\b"), "seleksi terbuka"),
    # Pengadaan ASN (PP 11/2017) and seleksi CASN are recruitment, not procurement (Pengadaan
    # Barang/Jasa); BKPSDM's "Bidang Pengadaan, Pemberhentian dan Informasi" is that too.
    (
        re.compile(
            r"\b(?:pengadaan|seleksi)\s+(?:asn|casn|cpns|pppk|pns|pegawai|aparatur|calon"
            r"|kompetensi|terbuka|dan\s+pemberhentian|pemberhentian)\b"
        ),
        "rekrutmenasn",
    ),
    # Perdagangan orang (UU 21/2007) is trafficking, not trade; penyertaan modal daerah to a
    # BUMD (PP 54/2017) is regional finance, not investment (penanaman modal, UU 25/2007).
    (re.compile(r"\bperdagangan\s+orang\b"), "perdaganganorang"),
    # An ASN's leave and study (PP 11/2017 jo. PP 17/2020: cuti and tugas belajar; izin
    # belajar by the agencies' own rules, source unverified) are staff administration: no
    # business licence ("izin") and no school.
    # (not the homework of pupils: "tugas belajar siswa")
    (
        re.compile(r"\b(?:i[zj]in|tugas)\s+belajar\b(?!\s+(?:siswa|murid|peserta\s+didik))"),
        "izinbelajar",
    ),
    (re.compile(r"\bi[zj]in\s+cuti\b"), "cuti"),
    # a vet's practice licence is livestock work (keswan), no health worker's
    (
        re.compile(
            r"\b(?:sip|(?:surat\s+)?i[zj]in\s+praktik)\s+(?:dokter\s+hewan|drh|medik\s+veteriner"
            r"|paramedik\s+veteriner)\b"
        ),
        "perizinan keswan",
    ),
    # SIP beside a health worker or a licence's words is the Surat Izin Praktik of a health
    # worker (UU 17/2023; the regency issues it): alone, a degree (S.IP.) as well
    (
        re.compile(
            r"\bsip\b(?=\s+(?:(?:dan|/)\s+str\s+)?(?:tenaga\s+kesehatan|nakes|dokter(?!\s+hewan)"
            r"|bidan|perawat|apoteker|tenaga\s+medis|praktik(?!\s+dokter\s+hewan)|str)\b)"
        ),
        "surat izin praktik",
    ),
    (
        re.compile(
            r"\b(str|rekomendasi|penerbitan|perpanjangan|pengurusan|verifikasi|validasi|kredensial)"
            r"\s+(?:(?:dan|/)\s+)?sip\b"
        ),
        r"\1 surat izin praktik",
    ),
    (re.compile(r"\bpenyertaan\s+modal\b"), "penyertaanmodal"),
    # "kerja sama" (cooperation: kerja sama daerah, perjanjian kerja sama) is one word: its
    # stems were the labour office's "perjanjian kerja bersama" (PKB, UU 13/2003)
    (re.compile(r"\b(?:be)?kerja\s*-?\s*sama\b"), "kerjasama"),
    # ABK is a child with special needs (anak berkebutuhan khusus, PP 13/2020) beside a
    # teacher, a pupil, a school or inclusion, and the analisis beban kerja of staff planning
    # (PermenPAN-RB 1/2020) otherwise (thesaurus: kepegawaian, organisasi)
    (
        re.compile(
            r"\b(guru|pendamping|gpk|siswa|murid|peserta\s+didik|sekolah|layanan|terapi|anak)"
            r"\s+abk\b"
        ),
        r"\1 anak berkebutuhan khusus",
    ),
    (
        re.compile(r"\babk\s+(?=(?:dan\s+)?(?:inklusi|inklusif|disabilitas|autis)\b)"),
        "anak berkebutuhan khusus ",
    ),
    # A village's assets (UU 6/2014 art. 76-77: tanah kas desa, kekayaan milik desa; managed
    # by the village, Permendagri 1/2016, number unverified) are village governance, not the
    # regency's own property (barang milik daerah, PP 27/2014): "Kasi Kekayaan dan Aset Desa"
    # holds no BMD skill by its word "aset".
    (re.compile(r"\b(?:aset|kekayaan)\s+(?:milik\s+)?desa\b"), "asetdesa"),
    # A regional tax named by its object (UU 1/2022: Pajak MBLB, Pajak Air Tanah, PBJT on
    # hotels, restaurants, parking, entertainment, electricity; Pajak Reklame, Sarang Burung
    # Walet) is tax work, not mining, water, tourism or transport.
    (
        re.compile(
            r"\bpajak\s+(?:mineral\s+bukan\s+logam(?:\s+dan\s+batuan)?|mblb|air\s+tanah|hotel"
            r"|perhotelan|restoran|hiburan|kesenian\s+dan\s+hiburan|parkir|reklame"
            r"|sarang\s+burung\s+walet|penerangan\s+jalan|tenaga\s+listrik)\b"
        ),
        "pajak daerah",
    ),
    # PBJT on food and drink (UU 1/2022, objects of PBJT: makanan dan/atau minuman, the former
    # restaurant tax; art. 50, number unverified) is tax work, not the food safety of a
    # "makanan minuman" inspection
    (
        re.compile(
            r"\b(?:pbjt|pajak(?:\s+barang\s+dan\s+jasa\s+tertentu)?)\s+(?:atas\s+)?makanan"
            r"\s+(?:dan\s+(?:atau\s+)?|atau\s+)?minuman\b"
        ),
        "pajak daerah",
    ),
    # "budidaya" alone is any cultivation (maize as much as fish); the aquaculture major keeps
    # its meaning as one word.
    (re.compile(r"\bbudidaya\s+perairan\b"), "akuakultur"),
    # Rice-fish culture (KKP's minapadi: fish raised in the rice field) is aquaculture, written
    # as one word or two; "padi" in it is no food crop.
    (re.compile(r"\bmina\s*-?\s*padi\b"), "minapadi"),
    # A field school (Sekolah Lapang, SL-PHT) is farm extension, a Sekolah Perempuan women's
    # empowerment: neither is a school.
    (re.compile(r"\bsekolah\s+lapang(?:an)?\b"), "sekolahlapang"),
    (re.compile(r"\bsekolah\s+perempuan\b"), "sekolahperempuan"),
    # Animal health (Puskeswan, Pos Kesehatan Hewan) is livestock work, not human health.
    (re.compile(r"\b(?:kesehatan|penyakit)\s+hewan\b"), "keswan"),
    # Penata Laksana Barang (a goods-administration JF) is not "tata laksana" (procedures).
    (re.compile(r"\bpenata\s+laksana\s+barang\b"), "penatalaksanabarang"),
    # "Anak" (a child) is in every teacher's, midwife's and social worker's record and
    # "perlindungan" protects forests, consumers and communities alike: the urusan are the
    # phrases (Pelindungan Anak, Pelindungan Masyarakat = linmas, UU 23/2014 Lampiran).
    (re.compile(r"\bpe(?:r)?lindungan\s+(?:khusus\s+)?anak\b"), "pelindungananak"),
    (re.compile(r"\bpe(?:r)?lindungan\s+masyarakat\b"), "linmas"),
    (re.compile(r"\b(hak|layak|forum|ramah|perkawinan)\s+anak\b"), r"\1anak"),
    (re.compile(r"\banak\s+usia\s+dini\b"), "anakusiadini"),  # PAUD: teaching
    # A site's history is not its work (a tourist cliff in a former quarry); reclaiming the
    # pit is mining's (reklamasi pascatambang, PP 78/2010).
    (re.compile(r"\breklamasi\s+(?:lahan\s+)?(?:bekas|eks|pasca)\s*tambang\b"), "reklamasitambang"),
    (re.compile(r"\b(?:bekas|eks)\s+(?:tambang|penambangan|galian)\b"), "bekastambang"),
    # Phrases whose words are everyday words alone: "kartu" (a card), "kualitas" (quality),
    # "keluarga" (family), "koordinasi", "usaha kecil" (UKM), "forensik" (of the dead too).
    # "Lingkungan" alone is any surroundings (lingkungan kerja, kesehatan lingkungan of a
    # puskesmas): the field is lingkungan hidup and its own studies.
    (re.compile(r"\blingkungan\s+hidup\b"), "lingkunganhidup"),
    (re.compile(r"\b(teknik|ilmu)\s+lingkungan\b"), r"\1lingkungan"),
    (re.compile(r"\bkartu\s+keluarga\b"), "kartukeluarga"),
    (re.compile(r"\bruang\s+terbuka\s+hijau\b"), "ruangterbukahijau"),  # not tata ruang
    # ... but the quality of drinking water is the sanitarian's (kesehatan lingkungan:
    # depots, PDAM water), not the rivers' and wells' the environment office tests
    (re.compile(r"\bkualitas\s+(air(?!\s+minum\b)|udara)\b"), r"kualitas\1"),
    (re.compile(r"\b(pendataan|ketahanan|pembangunan)\s+keluarga\b"), r"\1keluarga"),
    (re.compile(r"\bkoordinasi\s+wilayah\b"), "koordinasiwilayah"),
    (re.compile(r"\busaha\s+kecil(?:\s+(?:dan\s+)?menengah)?\b"), "ukm"),
    (re.compile(r"\bforensik\s+digital\b"), "forensikdigital"),
    # Training formats and school streams name no field: Bimbingan Teknis (bimtek) is a
    # course on anything; IPA and IPS are every SMA graduate's stream and school subjects
    # (not social affairs or the environment); BK (bimbingan konseling) is teaching.
    (re.compile(r"\bbimbingan\s+teknis\b"), "bimtek"),
    (re.compile(r"\bbimbingan\s+(?:dan\s+)?konseling\b"), "bimbingankonseling"),
    (re.compile(r"\bilmu\s+pengetahuan\s+sosial\b"), "ips"),
    (re.compile(r"\bilmu\s+pengetahuan\s+alam\b"), "ipa"),
    # Animal vaccination and surveillance are livestock work (keswan), not human health.
    (
        re.compile(
            r"\b(?:vaksinasi|surveilans|vaksinator|vaksin|gudang\s+vaksin|pengelola(?:an)?\s+vaksin)"
            r"\s+(?:ternak|hewan|unggas|sapi|kambing|pmk|rabies)\b"
        ),
        "keswan",
    ),
    # a quick study of anything ("kajian cepat kebijakan") is no disaster's rapid assessment
    # ("kaji cepat", the BPBD's TRC): both stem to "kaji cepat"
    (re.compile(r"\bkajian\s+cepat\b"), "kajiancepat"),
    # a restaurant ("rumah makan") is no house: its hygiene is the sanitarian's, its tax
    # Bapenda's; "rumah" read it as housing
    (re.compile(r"\brumah\s+makan\b"), "rumahmakan"),
    # sports health (the Dinas Kesehatan's "Seksi Kesehatan Lingkungan, Kesehatan Kerja dan
    # Olahraga", Permenkes on kesehatan olahraga) is health work, no sport
    (
        re.compile(r"(?<!ilmu )\bkesehatan\s+(kerja\s+dan\s+)?olahraga\b"),
        r"kesehatan \1kesehatanolahraga",
    ),
    # fire prevention is the fire service's whole phrase ("pencegahan" alone is every field's)
    (re.compile(r"\bpencegahan\s+kebakaran\b"), "pencegahankebakaran"),
    # a kecamatan's K3 task force is cleanliness, beauty and order (kebersihan, keindahan,
    # ketertiban), no occupational safety
    (
        re.compile(
            r"\b(?:satgas|satuan\s+tugas|gerakan|lomba)\s+k3\b|\bk3\s+(?:kecamatan|kelurahan|desa)\b"
        ),
        "kebersihan keindahan ketertiban",
    ),
    # a clinical examination of a patient is no inspectorate's special examination (riksus)
    (
        re.compile(
            r"\bpemeriksaan\s+khusus\s+(?=(?:ibu|hamil|kehamilan|bayi|balita|anak|pasien|lansia|"
            r"kesehatan|laboratorium|lab|mata|gigi|jantung|paru)\b)"
        ),
        "pemeriksaan klinis ",
    ),
    # occupational safety and health (K3, UU 1/1970) is one word: its "kesehatan" read every
    # labour inspector's K3 as health work
    (
        re.compile(
            r"\b(?:keselamatan\s+(?:dan\s+)?kesehatan|kesehatan\s+(?:dan\s+)?keselamatan)"
            r"\s+kerja\b"
        ),
        "k3",
    ),
    # the admission of new pupils is said whole or by its abbreviation (PPDB, since 2025
    # SPMB): one word, so that its everyday words ("penerimaan", "baru") name no field
    (re.compile(r"\bpenerimaan\s+peserta\s+didik\s+baru\b"), "ppdb"),
    (re.compile(r"\bsistem\s+penerimaan\s+murid\s+baru\b"), "spmb"),
    # A teaching degree (FKIP) names the school subject taught, not that subject's field: a
    # Pendidikan Matematika graduate teaches mathematics, no statistician. Soil science is
    # farming (not land affairs, "tanah"); a vet is livestock work, a physician health.
    (
        re.compile(
            r"\bpendidikan\s+(?:matematika|bahasa(?:\s+(?:indonesia|inggris|jawa|daerah|arab))?"
            r"|biologi|kimia|fisika|ekonomi|akuntansi|sejarah|geografi|sosiologi"
            r"|seni(?:\s+(?:budaya|rupa|tari|musik))?|agama(?:\s+islam)?"
            r"|pancasila(?:\s+dan\s+kewarganegaraan)?|kewarganegaraan|ipa|ips)\b"
        ),
        "pendidikan mapel",
    ),
    (re.compile(r"\bilmu\s+tanah\b"), "ilmutanah"),
    (re.compile(r"\btanaman\s+pangan\b"), "tanamanpangan"),  # food crops: a farm subsector
    # A hospital is health (RSUD expands to it); "rumah" and "sakit" alone are a house and
    # being ill. An animal hospital is livestock work. "Tenaga" and "kerja" alone are power
    # and work: the urusan is the phrase (Tenaga Kerja, UU 13/2003).
    (re.compile(r"\brumah\s+sakit\s+hewan\b"), "keswan"),
    (re.compile(r"\brumah\s+sakit\b"), "rumahsakit"),
    (re.compile(r"\btenaga\s+kerja\b"), "tenagakerja"),
    (re.compile(r"\bteknik\s+sipil\b"), "tekniksipil"),  # "sipil" alone: pencatatan sipil, ASN
    # "Kependudukan" is civil registration (Administrasi Kependudukan, UU 24/2013) and
    # population control (Pengendalian Penduduk, UU 52/2009) alike: the names say which.
    (re.compile(r"\bkependudukan\s+dan\s+pencatatan\s+sipil\b"), "dukcapil"),
    (re.compile(r"\badministrasi\s+kependudukan\b"), "adminduk"),
    (re.compile(r"\bdatabase\s+kependudukan\b"), "adminduk"),
    (re.compile(r"\bpengendalian\s+penduduk\b"), "dalduk"),
    (re.compile(r"\b(kedokteran|dokter)\s+hewan\b"), r"\1hewan"),
    (re.compile(r"\bpendidikan\s+(?:profesi\s+)?dokter\b"), "kedokteran"),
    # The soundness rating of a cooperative, a BUMD or a bank (Permenkop 9/2020: "kesehatan
    # koperasi") is no health work.
    (
        re.compile(r"\bkesehatan(?=\s+(?:koperasi|keuangan|bank|bumd|perusahaan|usaha)\b)"),
        "kesehatanlembaga",
    ),
    # Keluarga berencana (KB, UU 52/2009) is family planning, not development planning
    # (perencanaan): "berencana" stems to "rencana".
    (re.compile(r"\bkeluarga\s+berencana\b"), "keluargaberencana"),
    # Medical records (Perekam Medis, Rekam Medis) are health work; "perekaman" alone is
    # recording anything (KTP-el, data, video).
    (re.compile(r"\b(?:perekam|rekam)\s+medis\b"), "rekammedis"),
    # The JF title P2UPD: its words are everyday words alone ("penyelenggaraan" organises
    # anything, "urusan pemerintahan" every OPD's).
    (
        re.compile(
            r"\bpengawas\s+penyelenggaraan\s+urusan\s+pemerintahan(?:\s+di)?(?:\s+daerah)?\b"
        ),
        "p2upd",
    ),
    # Phrases of one field whose words are everyday words alone (thesaurus.GENERIC).
    (re.compile(r"\bcipta\s+karya\b"), "ciptakarya"),
    # "kelas" is a classroom, a road's class (UU 22/2009 art. 19), a hospital ward's ("ruang
    # kelas III") and a pregnant mothers' class.
    (
        re.compile(r"\bruang(?:an)?\s+kelas\b(?!\s+(?:i{1,3}|iv|vip|vvip|utama|[0-9])\b)"),
        "ruangkelas",
    ),
    (re.compile(r"\bkelas\s+jalan\b"), "kelasjalan"),
    # "ruang" is spatial planning's word (tata ruang); a room of a building is "kamar" here, so
    # that "ruang rawat inap" and "penataan ruang arsip" are no spatial planning.
    (
        re.compile(
            r"\bruang(?:an)?(?=\s+(?:rawat|rapat|arsip|kerja|tunggu|server|isolasi|operasi"
            r"|bersalin|baca|pamer|kantor|ibadah|laktasi|pertemuan|perawatan|tindakan|kelas)\b)"
        ),
        "kamar",
    ),
    (re.compile(r"\bbedah\s+rumah\b"), "bedahrumah"),
    (re.compile(r"\bpenerangan\s+jalan(?:\s+umum)?\b"), "pju"),
    (re.compile(r"\bpanas\s+bumi\b"), "panasbumi"),
    (re.compile(r"\btanda\s+tangan\s+(?:elektronik|digital)\b"), "tte"),
    (re.compile(r"\b(?:program\s+)?keluarga\s+harapan\b"), "pkh"),
    # the households a social-assistance programme pays (PKH, BPNT); "penerima" and "manfaat"
    # alone are anyone's (pemanfaatan aset, penerima hibah)
    (re.compile(r"\bkeluarga\s+penerima\s+manfaat\b"), "keluargapenerimamanfaat"),
    # the credit points of a JF career (PermenPAN-RB 1/2023); "kredit" alone is a loan (KUR)
    (re.compile(r"\bangka\s+kredit\b"), "angkakredit"),
    # the satisfaction survey of a public service (IKM, PermenPAN-RB 14/2017); "IKM" alone is
    # the small industry of the trade office
    (
        re.compile(r"\b(?:survei|pengukuran|penilaian|nilai|hasil)\s+ikm\b"),
        "survei kepuasan masyarakat",
    ),
    # Abbreviations of two senses, read by the words beside them: PKL a street vendor
    # (pedagang kaki lima, abbreviations.json), but a student's internship (praktik kerja
    # lapangan) beside "mahasiswa", "siswa", "magang", "pembimbing"; TKD a village's land
    # (tanah kas desa) beside "desa", "sewa", "aset", and the basic competence test of a CASN
    # selection (PermenPAN-RB 27/2021: SKD) beside "tes", "seleksi", "SKD", "CPNS" (alone, a
    # regional allowance or taekwondo as well: left as typed); APK an election poster (alat
    # peraga kampanye) beside its removal or an election, the gross enrolment ratio beside
    # APM, "capaian" or a school level (alone, an Android package too: left as typed).
    (
        re.compile(
            r"\b(praktik|praktek|praktikum|mahasiswa|siswa|smk|magang|prakerin|pembimbing"
            r"|peserta)\s+pkl\b"
        ),
        r"\1 praktik kerja lapangan",
    ),
    (re.compile(r"\bpkl\s+(mahasiswa|siswa|smk|magang)\b"), r"praktik kerja lapangan \1"),
    (
        re.compile(r"\b(tes|seleksi|ujian|skd|soal|cat)\s+tkd\b"),
        r"\1 tes kompetensi dasar",
    ),
    (re.compile(r"\btkd\s+(cpns|casn|pppk|skd|cat)\b"), r"tes kompetensi dasar \1"),
    (re.compile(r"\btkd\s+desa\b"), "tanah kas desa"),
    (
        re.compile(r"\b(sewa|aset|inventarisasi|pemanfaatan|pengelolaan|tukar\s+menukar)\s+tkd\b"),
        r"\1 tanah kas desa",
    ),
    (
        re.compile(r"\bapk\s+(?=(?:dan\s+)?(?:apm|apk|sd|smp|sma|smk|paud|sekolah|pendidikan)\b)"),
        "angka partisipasi kasar ",
    ),
    (
        re.compile(r"\b(capaian|angka|apm\s+dan|apm)\s+apk\b"),
        r"\1 angka partisipasi kasar",
    ),
    (
        re.compile(r"\b(penertiban|pemasangan|pencopotan|pembersihan|penurunan)\s+apk\b"),
        r"\1 alat peraga kampanye",
    ),
    (re.compile(r"\bapk\s+(pemilu|pilkada|kampanye|parpol|caleg)\b"), r"alat peraga kampanye \1"),
    # PMI is a migrant worker (UU 18/2017: Pelindungan Pekerja Migran Indonesia) beside their
    # protection, placement or family, and the Red Cross (Palang Merah Indonesia) beside blood;
    # KPM a village's human-development cadre (Kader Pembangunan Manusia, Permendes 17/2019:
    # stunting convergence) beside stunting, and a household of social assistance (keluarga
    # penerima manfaat) beside PKH, BPNT, BLT or bansos. Alone, each is left as typed (KPM
    # desa: either). TKD and APK too, unless the words beside them say which.
    (
        re.compile(
            r"\b(perlindungan|pelindungan|penempatan|calon|purna|keluarga|pemberdayaan|migrasi)"
            r"\s+pmi\b"
        ),
        r"\1 pekerja migran indonesia",
    ),
    (re.compile(r"\bpmi\s+(nonprosedural|bermasalah|purna|ilegal)\b"), r"pekerja migran \1"),
    (
        re.compile(r"\b(donor|darah|udd|relawan|markas)\s+(?:(?:bersama|dengan|di)\s+)?pmi\b"),
        r"\1 palang merah indonesia",
    ),
    (re.compile(r"\bpmi\s+(donor|darah|udd)\b"), r"palang merah indonesia \1"),
    (re.compile(r"\bkpm\s+(stunting|hdw)\b"), r"kader pembangunan manusia \1"),
    (re.compile(r"\bstunting\s+kpm\b"), "stunting kader pembangunan manusia"),
    (re.compile(r"\bkpm\s+(pkh|bpnt|bansos|sembako|blt)\b"), r"keluargapenerimamanfaat \1"),
    (re.compile(r"\b(pkh|bpnt|blt|bansos)\s+kpm\b"), r"\1 keluargapenerimamanfaat"),
    # PPK is the commitment-making official of a procurement (pejabat pembuat komitmen,
    # Perpres 16/2018 as amended by Perpres 12/2021, pasal 11) beside procurement, contracts
    # or construction; a kecamatan's election committee (panitia pemilihan kecamatan, UU
    # 7/2017) or a school's character-education programme (penguatan pendidikan karakter,
    # Perpres 87/2017) otherwise: alone, left as typed.
    # (Not beside a training alone, BLUD, SKPD or APBD: "Bimtek PPK SKPD" is the finance
    # administration officer, pejabat penatausahaan keuangan, "PPK BLUD" a hospital's
    # financial scheme.)
    (
        re.compile(
            r"\bppk\s+(?=(?:pengadaan|kontrak|konstruksi|pbj|barang|proyek|paket|pekerjaan"
            r"|fisik)\b)"
        ),
        "pejabat pembuat komitmen ",
    ),
    (
        re.compile(
            r"\b(pengadaan|kontrak|konstruksi|pbj|paket|sertifikat|sertifikasi)\s+ppk\b"
            r"(?!\s+(?:blud|skpd|opd|keuangan|karakter|sekolah|kecamatan|pemilu|desa)\b)"
        ),
        r"\1 pejabat pembuat komitmen",
    ),
    # the minimum service standards of basic services (PP 2/2018, SPM) are no standar
    # pelayanan of UU 25/2009
    (re.compile(r"\b(lulusan|gelar|ijazah)\s+skm\b"), r"\1 sarjana kesehatan masyarakat"),
    (re.compile(r"\bstandar\s+pelayanan\s+minimal\b"), "standarpelayananminimal"),
    # a vocational trainer of the BLK (PP 31/2006, pelatihan kerja), no sports coach
    (re.compile(r"\bpelatih\s+kerja\b"), "pelatihkerja"),
    (re.compile(r"\bproses\s+bisnis\b"), "probis"),
    (re.compile(r"\b(?:barang|bahan)\s+(?:kebutuhan\s+)?pokok\b"), "bapok"),
    (re.compile(r"\bpohon\s+kinerja\b"), "pohonkinerja"),
    (re.compile(r"\bkemudahan\s+berusaha\b"), "kemudahanberusaha"),
    (re.compile(r"\bizin\s+lokasi\b"), "izinlokasi"),
    (re.compile(r"\bganti\s+(?:rugi|kerugian)\b"), "gantirugi"),
    (
        re.compile(r"\b(?:analisis\s+)?kebutuhan\s+(?:pelatihan|diklat)\b"),
        "kebutuhanpelatihan",
    ),
    # Follow-up of audit findings (TLHP); "tindak lanjut" alone follows up anything.
    (
        re.compile(r"\btindak\s+lanjut\s+(?:hasil\s+)?(?:pemeriksaan|temuan|audit|pengawasan)\b"),
        "tlhp",
    ),
    # The bidang of a Badan Kesatuan Bangsa dan Politik (Permendagri 11/2019): national
    # resilience in the economy, society, culture and religion, not the urusan kebudayaan or
    # sosial.
    (
        re.compile(
            r"\bketahanan\s+(?:ekonomi\s+sosial\s+(?:dan\s+)?budaya|seni\s+budaya)"
            r"(?:\s+agama)?(?:\s+dan\s+kemasyarakatan|\s+kemasyarakatan)?\b"
        ),
        "ketahananbangsa",
    ),
)


_DOTTED_DEGREES = (
    (re.compile(r"\bs\.\s?k\.\s?m\b\.?"), "sarjana kesehatan masyarakat"),
    (re.compile(r"\bs\.\s?pt\b\.?"), "sarjana peternakan"),
)


def normalise(text: str, *, join: bool = True) -> str:
    """Lower case, accents folded, dots inside titles joined ("S.Pi." -> "spi"), spaces,
    and the few phrases of _PHRASES in their one-word form (`join=False`: the words as
    written, for text fields that hold them so)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    # degrees whose letters without their dots are another abbreviation: S.K.M. is no SKM
    # (the satisfaction survey), S.Pt. no SPT (a tax return)
    for dotted, degree in _DOTTED_DEGREES:
        folded = dotted.sub(degree, folded)
    folded = re.sub(r"(?<=\b[a-z])\.(?=[a-z])", "", folded)  # s.pi -> spi, a.md -> amd
    folded = re.sub(r"(?<=[a-z])\.(?=[a-z]{1,3}\b)", "", folded)
    said = " ".join(_WORD.findall(folded))
    return join_phrases(said) if join else said


def _needles(pattern: Any) -> frozenset[str] | None:
    """Strings one of which is in every text that `pattern` matches (None: none known).

    Read from the parsed pattern: a run of literal characters the pattern must match, or a
    group or alternation each of whose branches must; optional parts are passed over. Of
    several, the one whose shortest string is longest (the most selective) is taken."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    if pattern.state.flags & re.IGNORECASE:
        return None  # a literal of either case: no string the text must hold as written
    for op, arg in pattern.data:
        if op is _constants.LITERAL:
            run.append(chr(arg))
            continue
        close()
        if op is _constants.SUBPATTERN:
            inner = None if arg[1] & re.IGNORECASE else _needles(arg[3])
        elif op is _constants.ATOMIC_GROUP:
            inner = _needles(arg)
        elif op is _constants.BRANCH:
            found = [_needles(branch) for branch in arg[1]]
            inner = None if None in found else frozenset[str]().union(*filter(None, found))
        elif op in _REPEATS and arg[0] >= 1:
            inner = _needles(arg[2])
        else:  # anchors, lookarounds, classes, optional parts: no string they must hold
            inner = None
        if inner:
            candidates.append(inner)
    close()
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)), default=None)


_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)
# Each phrase with the strings one of which a text must hold for it to match: most texts hold
# none of the 100-odd phrases, and a substring test is a fraction of a regular expression's
# search (this ran for half of an indexed document's time).
_PHRASE_STEPS = tuple(
    (phrase, word, tuple(_needles(_parser.parse(phrase.pattern, phrase.flags)) or ("",)))
    for phrase, word in _PHRASES
)


def join_phrases(text: str) -> str:
    """`text` (normalised words) with the phrases of _PHRASES read as they mean: English
    names of work in Indonesian, phrases of another field's stems in one word, abbreviations
    of two senses by the words beside them. Reading it again changes nothing."""
    for phrase, word, needles in _PHRASE_STEPS:
        for needle in needles:
            if needle in text:
                text = phrase.sub(word, text)
                break
    return text


# Words that name a field while their root is an everyday word: "pendapatan" (revenue) is
# "dapat" (can, in every abstract), "terbarukan" (renewable) "baru" (new), "penilai" (the
# asset appraiser JF) "nilai" (a grade, a value), "bangunan" (a building) "bangun" of
# pembangunan (development, planning's word), "pelaksana" (any non-managerial post, the head
# of BPBD's executive) and "pelaksanaan" (carrying out anything) "laksana" of tata laksana (the
# organisation function). Kept whole, they match only themselves.
UNSTEMMED = frozenset(
    {
        "pendapatan",
        "terbarukan",
        "penilai",
        "bangunan",
        "pelaksana",
        "pelaksanaan",
        # and everyday words whose Sastrawi stem is a field's word: "perkerasan" (paving)
        # "keras" of kekerasan (violence), "bernilai" (worth) "nila" (tilapia), "relawan"
        # (volunteer) "rawan" (food insecurity), "penyegaran" (refresher) "segar" (fresh
        # food), "minuman" (drinks) "minum" of air minum, "kelayakan" (feasibility) "layak" of
        # rumah tidak layak huni, "catatan" (notes) "catat" of pencatatan sipil, "gangguan" (a
        # disturbance) "ganggu" of organisme pengganggu tumbuhan, "pengatur(an)" (of
        # traffic) "atur" of peraturan, "menunjukkan" (shows) "tunjuk" of seni pertunjukan,
        # "pengalihan" (diversion) "alih" of alih media, "terhubung" (connected) "hubung" of
        # perhubungan.
        "perkerasan",
        "bernilai",
        "relawan",
        "penyegaran",
        "minuman",
        "kelayakan",
        "catatan",
        "gangguan",
        "pengatur",
        "pengaturan",
        "menunjukkan",
        "ditunjukkan",
        "pengalihan",
        "terhubung",
        "penghubung",
        "menghubungkan",
        "diseminasi",  # Sastrawi: "mas", an honorific
        # "pengairan" (irrigation works) and "perairan" (waters) are "air" (water) of air
        # minum, air limbah, kualitas air and the depot air minum a sanitarian inspects
        "pengairan",
        "perairan",
        # "pemasaran" (marketing) is "pasar" (a market) whose management is trade's work
        "pemasaran",
        # (review) fields whose root is everyday: "perkebunan" (estate crops) is "kebun" of
        # kebun binatang and kebun gizi, "pertamanan" (parks) "taman" of taman kanak-kanak and
        # taman baca, "pemakaman" (cemeteries) "makam" of a saint's tomb (heritage),
        # "kesenian" (the arts) "seni" of seni kepemimpinan, "pengemis" (beggars) "emis", the
        # madrasah data system
        "perkebunan",
        "pertamanan",
        "pemakaman",
        "kesenian",
        "pengemis",
        # SIPLah (the schools' procurement system) is no "sip" (Sastrawi takes "-lah" as the
        # particle): "SIP tenaga kesehatan" read the school-funds skill
        "siplah",
        # "kinerja" (performance) is no "kerja" (work): SAKIP's "perjanjian kinerja" read the
        # PPPK's "perjanjian kerja" (pegawai pemerintah dengan perjanjian kerja), the
        # cooperation office's "perjanjian kerja sama" and the labour office's "perjanjian
        # kerja bersama"
        "kinerja",
    }
)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Sastrawi stem of one lower-case word (digits, short words and UNSTEMMED kept as they
    are)."""
    if len(word) <= 3 or word.isdigit() or word in UNSTEMMED:
        return word
    base = _inflected_unstemmed(word)
    if base:
        return base
    result: str = _stemmer().stem(word)  # type: ignore[attr-defined]
    return result or word


def _inflected_unstemmed(word: str) -> str | None:
    """The UNSTEMMED word inside an inflection of it, else None: "kinerjanya" and
    "berkinerja" are "kinerja" (Sastrawi took both to "kerja"), "pemasarannya" is
    "pemasaran" (a particle after any of them; a prefix only before _PREFIXED_WHOLE)."""
    for particle in ("nya", "lah", "kah", "pun"):
        if word.endswith(particle) and word[: -len(particle)] in UNSTEMMED:
            return word[: -len(particle)]
    # a verb made of one ("berkinerja"); not "berpendapatan" (earning), whose root word is
    # kept whole for revenue only
    for prefix in ("ber", "ter"):
        if word.startswith(prefix) and word[len(prefix) :] in _PREFIXED_WHOLE:
            return word[len(prefix) :]
    return None


_PREFIXED_WHOLE = frozenset({"kinerja"})


def words(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Normalised words with abbreviations expanded."""
    table = abbreviations()
    # The phrases again after expansion: "KB" is "keluarga berencana".
    out = join_phrases(" ".join(table.get(w, w) for w in normalise(text).split())).split()
    return out if keep_stopwords else [w for w in out if w not in STOPWORDS]


def stems(text: str) -> list[str]:
    """Stemmed words of a text, in order, stop words removed."""
    return list(stem_tuple(text))


@lru_cache(maxsize=200_000)
def stem_tuple(text: str) -> tuple[str, ...]:
    # Record texts repeat a lot (OPD names, training titles): cache whole texts too.
    return tuple(stem(w) for w in words(text))


@lru_cache(maxsize=200_000)
def stem_set(text: str) -> frozenset[str]:
    """The stems of a text as a set, for fast membership tests against a thesaurus."""
    return frozenset(stem_tuple(text))


def analyse(text: str) -> str:
    """The stemmed form stored in `*_stem` fields and sent as the stemmed query."""
    return " ".join(stem_tuple(text))


def analyse_each(texts: Iterable[str]) -> str:
    """`analyse` of each text, joined: the items of a record (one training, one degree)
    read one by one, so that no phrase spans two of them, and each is cached (the items
    repeat across thousands of records, their combinations do not)."""
    return " ".join(stemmed for text in texts if (stemmed := " ".join(stem_tuple(text))))
