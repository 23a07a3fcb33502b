"""Resolve a position named in words to its entry in the position catalogue (no I/O).

"Kadis Perikanan", "kepala dinas prikanan", "Kasat Pol PP", "Camat Manyar" and
"Kasubbag Umum Dinkes" each name one catalogue entry; "Camat" or "Kabid Perikanan" name
several, and the caller gets the choices back instead of a guess; "Kepala Dinas Kelautan"
names none in a regency without that OPD, and the caller is told so.

How: the words and every entry's name and OPD are cut into content words, with the short
forms officials use expanded (`SHORT_FORMS`, and `ka`/`sek` + an OPD short form, e.g.
"kadiskes"); an OPD's initials ("DKP", "DLH") are also a word of its entries. A word that is
not in the catalogue's vocabulary is read as the one nearest vocabulary word within one edit
(a swap of two letters is one): a typo. A catalogue word is never read as another
(so "sekretariat" is never "sekretaris"). An entry matches when every word of the query is
one of its words; the entry whose name, or name and OPD, the words
spell out exactly (typos read) wins; else a post is named when it is the only match, or the
only one whose whole name the words cover (an OPD's initials cover its OPD words); a head the
words state ("kepala dinas") must be the post's own. Anything else gives the choices.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from potret_asn_rules.spelling import slips

# Words that name no post: connectives and the regency itself ("Kabupaten Gresik" is where
# every post is).
STOP_WORDS = frozenset(
    {"dan", "di", "untuk", "yang", "serta", "pada", "kabupaten", "kab", "pemkab", "pemerintah"}
)
# Multi-word short forms first: "Kasat Pol PP" is the head of the Satuan Polisi Pamong Praja.
PHRASES = (
    (r"\b(?:pemerintah\s+)?(?:kabupaten|kab\.?|pemkab)\s+[a-z]+", " "),
    (r"\bkasat\s*pol\s*\.?\s*pp\b", "kepala satuan polisi pamong praja"),
    (r"\bsat\s*pol\s*\.?\s*pp\b", "satuan polisi pamong praja"),
    (r"\bpol\s*\.?\s*pp\b", "polisi pamong praja"),
    (r"\brumah\s+sakit\s+umum\s+daerah\b", "rsud"),
    (r"\bpusat\s+kesehatan\s+masyarakat\b", "puskesmas"),
    (r"\bpendidikan\s+anak\s+usia\s+dini\b", "paud"),
    (r"\bujung\s+pangkah\b", "ujungpangkah"),
    (r"\bduduk\s+sampeyan\b", "duduksampeyan"),
    (r"\bbalong\s+panggang\b", "balongpanggang"),
)
# Short forms of position heads and OPDs as officials write them (domain reference §4.4).
SHORT_FORMS = {
    "kadis": "kepala dinas",
    "kaban": "kepala badan",
    "kabid": "kepala bidang",
    "kabag": "kepala bagian",
    "kasi": "kepala seksi",
    "kasie": "kepala seksi",
    "kasubbag": "kepala subbagian",
    "kasubag": "kepala subbagian",
    "kasubbid": "kepala subbidang",
    "kasat": "kepala satuan",
    "kalaksa": "kepala pelaksana",
    "kalak": "kepala pelaksana",
    "kapus": "kepala puskesmas",
    "karumkit": "direktur rsud",
    "dirut": "direktur",
    "sekdis": "sekretaris dinas",
    "sekban": "sekretaris badan",
    "sekda": "sekretaris daerah",
    "sekwan": "sekretaris dprd",
    "sekcam": "sekretaris kecamatan",
    "irban": "inspektur pembantu",
    "satpol": "satuan polisi pamong praja",
    "satpolpp": "satuan polisi pamong praja",
    "diskan": "dinas perikanan",
    "disperkan": "dinas perikanan",
    "dinkes": "dinas kesehatan",
    "diskes": "dinas kesehatan",
    "dispendik": "dinas pendidikan",
    "disdik": "dinas pendidikan",
    "dputr": "dinas pekerjaan umum tata ruang",
    "pupr": "pekerjaan umum tata ruang",
    "disperkim": "dinas perumahan rakyat kawasan permukiman",
    "dinsos": "dinas sosial",
    "disnaker": "dinas tenaga kerja",
    "dispendukcapil": "dinas kependudukan pencatatan sipil",
    "dukcapil": "kependudukan pencatatan sipil",
    "diskominfo": "dinas komunikasi informatika",
    "kominfo": "komunikasi informatika",
    "dishub": "dinas perhubungan",
    "diskoperindag": "dinas koperasi usaha mikro perindustrian perdagangan",
    "disperindag": "perindustrian perdagangan",
    "dpmptsp": "dinas penanaman modal pelayanan terpadu satu pintu",
    "distan": "dinas pertanian",
    "dispertan": "dinas pertanian",
    "dpmd": "dinas pemberdayaan masyarakat desa",
    "dispusip": "dinas perpustakaan kearsipan",
    "disparekrafbudpora": "dinas pariwisata ekonomi kreatif kebudayaan pemuda olahraga",
    "bappeda": "badan perencanaan pembangunan daerah",
    "bappelitbangda": "badan perencanaan pembangunan penelitian pengembangan daerah",
    "bapenda": "badan pendapatan daerah",
    "bpkad": "badan pengelolaan keuangan aset daerah",
    "bkpsdm": "badan kepegawaian pengembangan sumber daya manusia",
    "bakesbangpol": "badan kesatuan bangsa politik",
    "kesbangpol": "kesatuan bangsa politik",
    "bpbd": "badan penanggulangan bencana daerah",
    "setda": "sekretariat daerah",
    "setwan": "sekretariat dprd",
    "rsud": "rsud",
    "kb": "keluarga berencana",
    "paud": "paud",
    "pu": "pekerjaan umum",
    "pem": "pemerintahan",
    "pemb": "pembangunan",
    "trantib": "ketenteraman ketertiban",
    "kesos": "kesejahteraan sosial",
    "dafduk": "pelayanan pendaftaran penduduk",
    "aptika": "aplikasi informatika",
    "ikp": "informasi komunikasi publik",
    "perkim": "perumahan rakyat kawasan permukiman",
    "disdukcapil": "dinas kependudukan pencatatan sipil",
    "humas": "hubungan masyarakat",  # Pranata Humas
    "pbj": "pengadaan barang jasa",
    "lh": "lingkungan hidup",  # "Kadis LH"
    "perpus": "perpustakaan",
    "litbang": "penelitian pengembangan",
    "kesmas": "kesehatan masyarakat",
    "yankes": "pelayanan kesehatan",
    "pemdes": "pemerintahan desa",
}
_HEAD_PREFIXES = (("ka", "kepala"), ("sek", "sekretaris"))
# A post's head ("kepala dinas", "sekretaris badan", "kepala bidang" ...): when the words say
# one, it must be the entry's own head, not a head word of its OPD ("Kepala Dinas
# Peternakan" is not the Dinas Pertanian's Kepala Bidang Peternakan).
_HEADS = frozenset({"kepala", "sekretaris"})
_UNITS = frozenset(
    {
        "dinas",
        "badan",
        "bidang",
        "bagian",
        "seksi",
        "subbagian",
        "subbidang",
        "satuan",
        "pelaksana",
        "upt",
        "kecamatan",
    }
)


@dataclass(frozen=True)
class CatalogueEntry:
    """What the resolver needs of one catalogue position."""

    position_id: str
    name: str
    opd: str
    jenis: str = ""


@dataclass(frozen=True)
class Resolution:
    """One entry (`entry`), or the choices when several match, or neither when none does."""

    entry: CatalogueEntry | None
    choices: tuple[CatalogueEntry, ...] = ()
    total_choices: int = 0


def _words(text: str) -> list[str]:
    text = text.lower().replace("-", " ")
    for pattern, replacement in PHRASES:
        text = re.sub(pattern, replacement, text)
    return [w for w in re.findall(r"[a-z0-9]+", text)]


def _expand(word: str) -> list[str]:
    """A short form's words; 'kadiskes' is 'ka' + 'diskes'; other words stand as they are."""
    if word in SHORT_FORMS:
        return SHORT_FORMS[word].split()
    for prefix, head in _HEAD_PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and rest in SHORT_FORMS and rest.startswith(("dis", "din")):
            return [head, *SHORT_FORMS[rest].split()]
    return [word]


def _content(words: Iterable[str]) -> list[str]:
    return [w for word in words for w in _expand(word) if w not in STOP_WORDS]


def _initials(opd: str) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+", opd.lower()) if w not in STOP_WORDS]
    return "".join(w[0] for w in words) if len(words) >= 3 else ""


@dataclass(frozen=True)
class _Indexed:
    entry: CatalogueEntry
    name: frozenset[str]
    opd: frozenset[str]  # OPD words not in the name
    aliases: frozenset[str]  # the OPD's initials, the position id
    forms: tuple[tuple[str, ...], ...]  # the name's words; the name's and the OPD's words
    heads: frozenset[tuple[str, str]]  # the name's head bigrams ("kepala", "dinas")
    opd_all: frozenset[str]  # every OPD word (an alias such as DKP stands for all of them)

    @property
    def words(self) -> frozenset[str]:
        return self.name | self.opd | self.aliases


def _index(entry: CatalogueEntry) -> _Indexed:
    name_words = tuple(_content(_words(entry.name)))
    opd_words = tuple(_content(_words(entry.opd)))
    name = frozenset(name_words)
    aliases = {entry.position_id.lower()}
    if initials := _initials(entry.opd):
        aliases.add(initials)
    forms = (name_words, name_words + opd_words)
    heads = frozenset((a, b) for a, b in itertools.pairwise(name_words) if a in _HEADS)
    return _Indexed(
        entry,
        name,
        frozenset(opd_words) - name,
        frozenset(aliases),
        forms,
        heads,
        frozenset(opd_words),
    )


def _typo_limit(word: str) -> int:
    # One edit (a swap of two letters is one): two would read real words of posts the
    # catalogue lacks as its own ("pertanahan" as "pertanian", "pengairan" as "penagihan").
    return 0 if len(word) < 5 or word.isdigit() else 1


def _read(word: str, vocabulary: frozenset[str]) -> frozenset[str]:
    """The vocabulary word(s) a query word stands for: itself, or its nearest typo reading."""
    if word in vocabulary:
        return frozenset({word})
    limit = _typo_limit(word)
    if limit == 0:
        return frozenset()
    scored = [(d, v) for v in vocabulary if (d := slips(word, v, limit)) <= limit]
    if not scored:
        return frozenset()
    best = min(d for d, _ in scored)
    nearest = frozenset(v for d, v in scored if d == best)
    return nearest if len(nearest) == 1 else frozenset()  # two readings: not a typo


def _join_split_words(words: list[str], vocabulary: frozenset[str]) -> list[str]:
    """'ujung pangkah' is 'ujungpangkah' when only the joined word is in the vocabulary."""
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = words[i] + words[i + 1] if i + 1 < len(words) else ""
        if pair in vocabulary and not (words[i] in vocabulary and words[i + 1] in vocabulary):
            out.append(pair)
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


@lru_cache(maxsize=8)
def _prepared(
    catalogue: tuple[CatalogueEntry, ...],
) -> tuple[tuple[_Indexed, ...], frozenset[str]]:
    indexed = tuple(_index(e) for e in catalogue)
    vocabulary = frozenset(w for i in indexed for w in i.words)
    return indexed, vocabulary


def resolve(
    words: str, catalogue: Sequence[CatalogueEntry], *, max_choices: int = 10
) -> Resolution:
    """The catalogue entry named by `words`, or the choices, or nothing (see module doc)."""
    indexed, vocabulary = _prepared(tuple(catalogue))
    query = _join_split_words(_content(_words(words)), vocabulary)
    if not query or not indexed:
        return Resolution(None)
    readings = [_read(w, vocabulary) for w in query]
    if any(not r for r in readings):
        return Resolution(None)  # a word no entry has: not in this catalogue
    exact = [
        item
        for item in indexed
        if any(
            len(form) == len(readings) and all(w in r for w, r in zip(form, readings, strict=True))
            for form in item.forms
        )
    ]
    if len(exact) == 1:
        return Resolution(exact[0].entry)
    if exact:  # the same name in several OPDs
        ordered = sorted((i.entry for i in exact), key=lambda e: (e.opd, e.position_id))
        return Resolution(None, tuple(ordered[:max_choices]), len(ordered))
    query_heads = {
        (a, b) for ra, rb in itertools.pairwise(readings) for a in ra & _HEADS for b in rb & _UNITS
    }
    scored: list[tuple[tuple[float, float, float], _Indexed]] = []
    for item in indexed:
        if not all(r & item.words for r in readings):
            continue
        if query_heads and not query_heads <= item.heads:
            continue
        if query == [item.entry.position_id.lower()] or query == [*_words(item.entry.position_id)]:
            return Resolution(item.entry)  # the id itself
        matched = {w for r in readings for w in r & item.words}
        if matched & item.aliases:
            matched |= item.opd_all  # "DKP" names the whole Dinas Ketahanan Pangan
        scored.append(
            (
                (
                    sum(1 for r in readings if r & item.name) / len(readings),
                    len(matched & item.name) / max(len(item.name), 1),
                    # Only a whole OPD decides: "Kasubbag Umum Badan" is one of five.
                    float(item.opd <= matched),
                ),
                item,
            )
        )
    if not scored:
        return Resolution(None)
    scored.sort(key=lambda s: (tuple(-x for x in s[0]), s[1].entry.name, s[1].entry.opd))
    top = scored[0]
    # One entry, or the only one whose whole name the words cover: else the choices, never
    # a guess at the shortest name ("Kepala Badan" is five posts).
    if len(scored) == 1 or (top[0][1] == 1.0 and scored[1][0][1] < 1.0):
        return Resolution(top[1].entry)
    # Or the only one whose own name has more of the words, the rest being its OPD's:
    # "Kabid Pencatatan Sipil Dukcapil" is the Kepala Bidang Pelayanan Pencatatan Sipil, not
    # the Kepala Bidang Pelayanan Pendaftaran Penduduk of the same Dinas.
    # Only words said as they are count (not a head, unit or short form: "kabid bkpsdm" says
    # no bidang and stays a choice).
    said = [
        _read(w, vocabulary)
        for w in _words(words)
        if w not in SHORT_FORMS and w not in STOP_WORDS and w not in _HEADS and w not in _UNITS
    ]
    in_name = [i for _, i in scored if said and all(r & i.name for r in said)]
    if (
        len(in_name) == 1
        and in_name[0] is top[1]
        and top[0][0] > scored[1][0][0]
        and all(r & (top[1].name | top[1].opd_all) for r in readings)
    ):
        return Resolution(top[1].entry)
    choices = tuple(s[1].entry for s in scored[:max_choices])
    return Resolution(None, choices, len(scored))
