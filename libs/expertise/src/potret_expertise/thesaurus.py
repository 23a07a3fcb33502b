"""The domain thesaurus (data/thesaurus.json): per domain code, keywords and synonyms,
related study majors and related jabatan fungsional, curated from the domain reference
(section 13.3). Names come from the domain list in potret_asn_rules.

Matching works on Sastrawi stems. A stem is *distinctive* for a domain when it occurs in
the vocabulary of at most MAX_DOMAINS_PER_STEM domain(s); only distinctive stems count as
evidence, so that words like "teknik" or "manajemen" do not tie a record to a domain.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from potret_asn_rules import domains
from potret_expertise.places import strip_places
from potret_expertise.text import is_root_word, stem_set, stem_tuple, stems, words

MAX_DOMAINS_PER_STEM = 1
# Queries may name broader terms ("stunting" belongs to health, KB and food security).
MAX_DOMAINS_PER_QUERY_STEM = 3
GENERIC = frozenset(
    {
        "dinas",
        "badan",
        "bidang",
        "kantor",
        "unit",
        "pelayan",
        "layan",
        "daerah",
        "ilmu",
        "teknik",
        "teknologi",
        "manajemen",
        "sistem",
        "kelola",
        "umum",
        "program",
        "studi",
        "sarjana",
        "magister",
        "diploma",
        "ahli",
        "analis",
        "pranata",
        "penata",
        "pengawas",
        "awas",
        "bina",
        "tenaga",
        "fungsional",
        "jabatan",
        "kabupaten",
        "gresik",
        "kota",
        "provinsi",
        "nasional",
        "milik",
        "muda",
        "madya",
        "utama",
        "pertama",
        "terampil",
        "mahir",
        "penyelia",
        # trainings everyone attends and titles of every OPD say nothing of a field
        "latih",
        "latsar",
        "cpns",
        "dasar",
        "pka",
        "pkp",
        "pkn",
        "pimpin",
        "kepala",
        "sekretaris",
        "sekretariat",
        "subbagian",
        "seksi",
        "aparatur",
        "kompetensi",
        "upt",
        "daya",
        "sumber",
        "masyarakat",
        "kerja",
        "administrasi",
        "sipil",
        "negara",
        "negeri",
        "usaha",
        "kembang",
        # titles and papers of many fields: Inspektur (the inspectorate's head, Inspektur
        # Pembantu, Inspektur Tambang, Inspektur Ketenagalistrikan); a certificate of anything
        "inspektur",
        "sertifikat",
        "sertifikasi",
        # stems of common words that tied records to the wrong domain: "satuan" (satu data,
        # Satpol PP); "tanaman" (crops) read as "penanaman modal"; "barang" in "distribusi
        # barang" read as procurement; "rakyat" ("pasar rakyat" read as housing)
        "satu",
        "tanam",
        "barang",
        "rakyat",
        # "pencegahan" is every field's prevention (of disease, of corruption, of stunting):
        # only the fire service's "pencegahan kebakaran" says it whole
        "cegah",
        # "pengendalian" (of pests, of development) read as family planning (Pengendalian
        # Penduduk dan KB keeps "penduduk", "keluarga", "berencana")
        "kendali",
        # "pemanfaatan" (of data, of space, of assets) read as fisheries through the major
        # "Pemanfaatan Sumberdaya Perikanan"
        "manfaat",
        # "budidaya" (cultivation) is maize and rice as much as fish: the species says which
        "budidaya",
        # words of multi-word terms that are everyday words alone: "tidak" (rumah tidak layak
        # huni), "terpadu" (PATEN, Posyandu, PTSP, layanan terpadu of every OPD)
        "tidak",
        "padu",
        "hidup",  # lingkungan hidup keeps "lingkungan", its name
        "indonesia",  # satu data indonesia; Pendidikan Bahasa Indonesia
        "bimbing",
        # everyday words of multi-word terms: hasil hutan bukan kayu, taman hutan raya, ruang
        # terbuka hijau, perubahan iklim, usaha kecil menengah, pembiayaan UMKM, identitas
        # kependudukan digital, prestasi olahraga, koordinasi wilayah, kualitas air
        "bukan",
        "raya",
        "buka",
        "ubah",
        "kecil",
        "tengah",
        "biaya",
        "digital",
        "prestasi",
        "koordinasi",
        "kualitas",
        # "penanganan" (handling: of floods, complaints, stunting) stems to "tangan" (hand) of
        # "tanda tangan elektronik", persandian's e-signature (kept by "tanda" and TTE)
        "tangan",
        # "lanjut" and "temu" of tindak lanjut and temuan (audit follow-up and findings) are
        # "lanjutan" (advanced), "berkelanjutan" (sustainable), "pertemuan" (a meeting);
        # "tindak" is Satpol PP's "penindakan" too; "selenggara" (P2UPD's "penyelenggaraan",
        # joined as p2upd in text.py) organises anything. Audit keeps audit, periksa, p2upd.
        "lanjut",
        "temu",
        "tindak",
        "selenggara",
        # Words of two senses in government work, whose phrases say which: "uji" tests
        # vehicles (uji KIR), weights (tera), concrete and water; "selamat" is road, patient
        # and work safety (keselamatan jalan, keselamatan pasien, K3).
        "uji",
        "selamat",
        # Everyday words that were distinctive only as a word of one field's phrase (each
        # phrase keeps its field by its other words or as one joined word, text._PHRASES):
        # "karya" (Karya Tulis; cipta karya joined), "bedah" (a surgeon; bedah rumah
        # joined), "terang" (Surat Keterangan; penerangan jalan joined as pju), "bumi" and
        # "panas" (Pajak Bumi dan Bangunan; panas bumi joined), "tanda" (Kartu Tanda
        # Penduduk; tanda tangan elektronik joined as tte), "harap" (hope; keluarga harapan
        # joined as pkh), "bank", "lahan", "pokok" (tugas pokok, data pokok; barang pokok
        # joined as bapok), "ulang" (daur ulang), "pohon" (pohon kinerja joined), "prasarana"
        # (every school's sarana dan prasarana), "dini" (deteksi dini), "bupati" (the regent's
        # staff), "perangkat" (perangkat daerah, perangkat lunak), "korban" (of disasters),
        # "wali" (wali kelas), "pandu" (panduan), "susut" (asset depreciation), "butuh" (any
        # need; analisis kebutuhan pelatihan joined), "jadwal", "hadap" (terhadap), "asal",
        # "tahan" (pertahanan, ketahanan bencana), "lokasi" and "ganti", "rugi" (kerugian
        # negara; izin lokasi and ganti kerugian joined), "mati", "lahir" (angka kematian ibu,
        # angka kelahiran), "alokasi", "profil", "kampung", "mas" (an honorific; "diseminasi"
        # is kept whole), "mudah" (kemudahan berusaha joined), "insiden", "digitalisasi",
        # "pojok", "naik", "akademik", "indeks", "proses" (proses bisnis joined as probis),
        # "konseling", "praktik" (praktik kerja lapangan, praktik baik; a health worker's
        # surat izin praktik keeps health as a phrase of the health workforce skill),
        # "inklusi" (the libraries' inklusi sosial, inclusive schools, inklusi keuangan),
        # "khusus" ("only": "khusus pejabat struktural"; anak berkebutuhan khusus keeps
        # teaching as a phrase).
        "karya",
        "cipta",
        "bedah",
        "terang",
        "bumi",
        "panas",
        "tanda",
        "harap",
        "bank",
        "lahan",
        "pokok",
        "ulang",
        "pohon",
        "prasarana",
        "dini",
        "bupati",
        # marketing of fish, farm produce, tourism, SMEs alike (kept whole: text.UNSTEMMED)
        "pemasaran",
        "perangkat",
        "korban",
        "wali",
        "pandu",
        "susut",
        "butuh",
        "jadwal",
        "hadap",
        "asal",
        "tahan",
        "lokasi",
        "ganti",
        "rugi",
        "mati",
        "lahir",
        "alokasi",
        "profil",
        "kampung",
        "mas",
        "mudah",
        "insiden",
        "digitalisasi",
        "pojok",
        "naik",
        "akademik",
        "indeks",
        "proses",
        "konseling",
        "praktik",
        "inklusi",
        "khusus",
    }
)


TEXT_CACHE_SIZE = 200_000

# Words that name a domain in a question ("perumahan", "tata ruang", "ahli diklat") but are
# too ambiguous to count as evidence in a record ("rumah sakit", "tata usaha", "paramedik
# veteriner"; "Diklat Fungsional Auditor" is a training its holder attended, in auditing).
QUERY_ONLY = frozenset({"rumah", "tata", "sakit", "medik", "diklat"})


@dataclass(frozen=True)
class DomainTerms:
    code: str
    name: str
    keywords: tuple[str, ...]
    majors: tuple[str, ...]
    jf: tuple[str, ...]
    stems: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Thesaurus:
    domains: dict[str, DomainTerms]
    stem_domains: dict[str, frozenset[str]]
    query_stem_domains: dict[str, frozenset[str]]
    _text_cache: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    # (jabatan, opd, unit) -> the domains a post is work in (scoring.position_domains)
    _post_cache: dict[tuple[str, str, str], frozenset[str]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def remembered_post(
        self, key: tuple[str, str, str], compute: Callable[[], frozenset[str]]
    ) -> frozenset[str]:
        """`compute()` for a post's names, cached like the texts (posts repeat across
        thousands of profiles)."""
        found = self._post_cache.get(key)
        if found is None:
            found = compute()
            if len(self._post_cache) >= TEXT_CACHE_SIZE:
                self._post_cache.clear()
            self._post_cache[key] = found
        return found

    def text_domains(self, text: str) -> frozenset[str]:
        """Codes of the domains with a distinctive stem in `text` (cached per text: record
        texts such as OPD names, jabatan and training titles repeat across thousands of
        profiles)."""
        found = self._text_cache.get(text)
        if found is None:
            get = self.stem_domains.get
            found = frozenset(c for s in stem_set(text) for c in get(s, ()))
            if len(self._text_cache) >= TEXT_CACHE_SIZE:
                self._text_cache.clear()  # unique texts (abstracts) must not grow it forever
            self._text_cache[text] = found
        return found

    def record_domains(self, text: str) -> frozenset[str]:
        """Domains a record's text is evidence for: `text_domains` after the place names that
        follow a facility or office head are removed (places.py). For records only: a
        question about "tambak" is about fishponds."""
        return self.text_domains(strip_places(text))

    def record_domains_broadly(self, text: str) -> frozenset[str]:
        """Domains a record's text may speak of, counting the words a few domains share
        (as a question's words are read): whether an item is in its holder's own field,
        never evidence by itself (scoring._read_as)."""
        get = self.query_stem_domains.get
        return frozenset(c for s in stem_set(strip_places(text)) for c in get(s, ()))

    def record_mentions(self, text: str, code: str) -> int:
        """How many words of a record's text (places removed, as in `record_domains`) are
        distinctive stems of `code`, repeats included."""
        terms = self.domains[code].stems
        return sum(1 for s in stem_tuple(strip_places(text)) if s in terms)

    def matches(self, text_stems: list[str] | set[str], code: str) -> list[str]:
        """Distinctive stems of `code` found in the text."""
        terms = self.domains[code].stems
        return sorted({s for s in text_stems if s in terms})

    def domains_of(self, text_stems: list[str] | set[str]) -> dict[str, list[str]]:
        """Every domain with at least one distinctive stem in the text."""
        found: dict[str, set[str]] = {}
        for s in text_stems:
            for code in self.stem_domains.get(s, ()):
                found.setdefault(code, set()).add(s)
        return {code: sorted(v) for code, v in found.items()}


def _jf_words(title: str, domain_name: str) -> str:
    """The words of a JF title that are evidence for its domain. A title that names its
    domain ("Pengelola Produksi Perikanan Tangkap", "Pengawas Alat dan Mesin Pertanian")
    needs none of its everyday words (a root word of Sastrawi's dictionary: produksi, alat,
    dampak, hama) to be recognised, and they would make "Produksi Konten Video" fisheries;
    its technical words stay ("Epidemiolog Kesehatan", "Adyatama Kepariwisataan")."""
    own = set(stems(domain_name)) - GENERIC
    if not own & set(stems(title)):
        return title  # "Pranata Komputer", "Sanitarian": every word is needed
    return " ".join(w for w in title.split() if own & set(stems(w)) or not is_root_word(w))


@lru_cache(maxsize=1)
def thesaurus() -> Thesaurus:
    """The thesaurus, built once from the data files."""
    raw = json.loads(
        resources.files("potret_expertise").joinpath("data/thesaurus.json").read_text("utf-8")
    )
    names = domains()
    vocab: dict[str, set[str]] = {}
    seen: dict[str, set[str]] = {}
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for code, entry in raw.items():
        texts = [names[code].name, *entry["keywords"], *entry["majors"]]
        jf = [_jf_words(title, names[code].name) for title in entry["jf"]]
        vocab[code] = {s for t in texts + jf for s in stems(t) if s not in GENERIC and len(s) > 2}
        # Every word counts towards how common a stem is ("mesin" of Alat dan Mesin
        # Pertanian stays shared with transport), only the JF words kept are evidence.
        seen[code] = vocab[code] | {s for t in entry["jf"] for s in stems(t) if s not in GENERIC}
        phrases[code] = [
            tuple(stems(t)) for t in [names[code].name, *entry["keywords"]] if stems(t)
        ]
    df = Counter(s for terms in seen.values() for s in terms)
    # A domain's own name words always identify it ("sehat" for Kesehatan), and never count
    # as evidence for another domain that merely mentions them.
    name_stems = {code: {s for s in stems(names[code].name) if s not in GENERIC} for code in raw}
    owners: dict[str, set[str]] = {}
    for code, own in name_stems.items():
        for s in own:
            owners.setdefault(s, set()).add(code)
    # A stem that is a domain's whole name belongs to that domain alone: "didik" is
    # Pendidikan, and only "latih" makes Pendidikan dan Pelatihan (diklat ASN), so a teacher of
    # the Dinas Pendidikan is not civil-service training evidence.
    for s, codes in owners.items():
        whole = {c for c in codes if name_stems[c] == {s}}
        if len(whole) > 1:  # "Pendidikan dan pelatihan" is {didik} too: "latih" is generic
            whole = {c for c in whole if stems(names[c].name) == [s]} or whole
        if whole:
            owners[s] = whole
            for c in codes - whole:
                name_stems[c] = name_stems[c] - {s}
    built: dict[str, DomainTerms] = {}
    for code, entry in raw.items():
        distinctive = (
            frozenset(
                {
                    s
                    for s in vocab[code]
                    if df[s] <= MAX_DOMAINS_PER_STEM and owners.get(s, {code}) == {code}
                }
                | name_stems[code]
            )
            - QUERY_ONLY
        )
        built[code] = DomainTerms(
            code,
            names[code].name,
            tuple(entry["keywords"]),
            tuple(entry["majors"]),
            tuple(entry["jf"]),
            distinctive,
            tuple(phrases[code]),
        )
    index: dict[str, set[str]] = {}
    for code, terms in built.items():
        for s in terms.stems:
            index.setdefault(s, set()).add(code)
    query_index: dict[str, set[str]] = {}
    for code, words_of in vocab.items():
        for s in words_of | name_stems[code]:
            if df[s] <= MAX_DOMAINS_PER_QUERY_STEM or s in name_stems[code]:
                query_index.setdefault(s, set()).add(code)
    return Thesaurus(
        built,
        {s: frozenset(c) for s, c in index.items()},
        {s: frozenset(c) for s, c in query_index.items()},
    )


def detect_domains(query: str) -> list[str]:
    """Domain codes a free-text question is about, strongest first ("siapa yang paham
    perikanan?" -> ["kelautan_perikanan"]). Empty when the text names no domain."""
    scores = domain_scores(query)
    if not scores:
        return []
    best = max(scores.values())
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [code for code, score in ranked if score >= best * 0.5]


@lru_cache(maxsize=1)
def _keyword_words() -> dict[str, frozenset[str]]:
    """Each domain's keyword words as written (not stemmed)."""
    return {
        code: frozenset(w for k in terms.keywords for w in re.findall(r"[a-z0-9]+", k.lower()))
        for code, terms in thesaurus().domains.items()
    }


def domain_scores(query: str) -> dict[str, float]:
    """How strongly a free-text question names each domain: a stem shared by n domains counts
    1/n for each, a phrase of several words said whole counts 1 more. Of the domains sharing
    a stem, those with the word as written win it ("pasar" is trade's "pasar rakyat", while
    fisheries has it only as the stem of "pemasaran ikan"); none: all share it."""
    th = thesaurus()
    said, q = words(query), stems(query)  # one stem per word
    surface = _keyword_words()
    scores: dict[str, float] = {}
    for i, s in enumerate(q):
        codes = th.query_stem_domains.get(s, frozenset())
        if len(codes) > 1 and len(said) == len(q):
            written = frozenset(c for c in codes if said[i] in surface.get(c, ()))
            codes = written or codes
        for code in codes:
            scores[code] = scores.get(code, 0.0) + 1 / len(codes)
    for code, terms in th.domains.items():
        for phrase in terms.phrases:
            n = len(phrase)
            if n > 1 and any(tuple(q[i : i + n]) == phrase for i in range(len(q) - n + 1)):
                scores[code] = scores.get(code, 0.0) + 1
    return scores
