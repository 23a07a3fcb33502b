"""Search requests turned into Elasticsearch bodies (core query DSL only).

Relevance = text relevance over stemmed fields (Sastrawi, in Python), names and NIP with
typo tolerance, plain BM25 over the record's own words as written (WORK_FIELDS at
WORK_WORDS_BOOST; see _text_query for the words it reads), plus EXPERTISE_BOOST x expertise for
each requested or detected domain (`function_score` + `field_value_factor` on the stored
per-domain score), plus SKILL_BOOST x the score of each skill the words name
(potret_expertise.skills: "budidaya udang vaname", "PBJ"). When the words name a skill, the
domains count DOMAIN_SHARE_WITH_SKILL of their boost: the skill's specialists come first,
the field's other people still come in after them, and a query naming only a field
("perikanan") is ranked as before; the records whose evidence says a term of the skill the
words say gain TERM_SAID_BOOST once ("minapadi" inside aquaculture). When a word
of the query names none of its fields (and skills), the words narrow them: a field's (a
skill's) boost counts whole only for records whose work says some of the words
(UNSAID_FIELD_SHARE, UNSAID_SKILL_SHARE for the others).

A query is read once (`read_query`, the same reading the chat's reader makes of its words):
typos read as the field or skill word meant (potret_expertise.spelling: "budidya udang" is
"budidaya udang"), then the domains named (potret_expertise.asked: each phrase's strongest,
"jaringan irigasi" is public works and not also computer networks) and the skills. The
stemmed match, the unstemmed jabatan match and the highlights use the words as read;
names and NIPs the words as typed (Elasticsearch's own typo tolerance on names).
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from potret_expertise import analyse, normalise
from potret_expertise.asked import POST_WORDS, as_read, long_forms
from potret_expertise.asked import domains as asked_domains
from potret_expertise.places import ADMIN_WORDS
from potret_expertise.skills import skill_term, vocabulary
from potret_expertise.spelling import (
    Correction,
    corrected,
    unknown_abbreviations,
    vocabulary_phrases,
)
from potret_expertise.text import STOPWORDS
from potret_expertise.thesaurus import thesaurus

MAX_DETECTED_DOMAINS = 3
MAX_DETECTED_SKILLS = 2  # skills read from q (a request may name up to 5 with skill=)

EXPERTISE_BOOST = 12.0
# 16 until the record-words clause added text weight; 24 keeps a skill's specialists ahead of
# records that only say its words (dev 0.928 -> 0.930, dev-2 0.920 -> 0.923, dev-3 0.910 ->
# 0.912; 32 gained nothing more).
SKILL_BOOST = 24.0
DOMAIN_SHARE_WITH_SKILL = 0.25
# A field's score for a record whose work says none of the query's words (no work clause of
# the text query matches it), when a word of the query names none of its fields (_narrowing):
# a quarter of the field's boost. A query's words narrow its field:
# "pemetaan kemiskinan ekstrem" reads the social field, and the rehabilitation social worker
# who maps nothing comes after the village facilitator who maps villages; the field's people
# still come in, after those whose work says the words (skills more mildly:
# UNSAID_SKILL_SHARE). Over the twelve development sets (930 queries) 0.25 gave
# +3.1 nDCG summed (0: +1.9 with large losses on one-word fields, 0.5: +2.0); leaving the
# queries of a field's own words unnarrowed cost -0.19 summed over thirteen sets and keeps a
# hospital's doctor a health person for "kesehatan".
UNSAID_FIELD_SHARE = 0.25
# The same for a skill read from the query, when a word of it names none of the fields and
# skills read ("tanpa duri" of "pengolahan bandeng tanpa duri", "FO" of "jaringan FO antar
# OPD"): the skill's holders whose work says none of the words keep three quarters of its
# boost. Milder than the field's: a skill is already the narrow reading (0.25: -0.45 summed
# over thirteen sets, 'evaluasi SAKIP' -0.25; 0.5: +0.95; 0.6: +1.42 with 'penyusunan SAKIP
# LKjIP' -0.125; 0.75: +1.31, no query below -0.062; 0.85: +0.85).
UNSAID_SKILL_SHARE = 0.75
# A jabatan fungsional title said in a query of more words, as a phrase of the record's
# jabatan ("analis kebijakan policy brief"): its holders come after the people whose work
# says the rest too (dev-6 'analis kebijakan policy brief' 0.771 -> 0.977; 1, 2 and 4 alike).
JF_TITLE_BOOST = 2.0
# Each term of a skill the query says (Vocabulary.terms_in_query: "minapadi" of "budidaya mina
# padi") adds this to the records whose evidence says it (documents.py skill_terms): within a
# skill, the people who did the very thing named come before its other holders, who keep the
# skill's boost. A constant, not the term's word statistics: the evidence already weighs depth
# in the skill's score. Over the fifteen development sets (1,140 queries, indexed once): 2:
# +1.79 nDCG summed, 4: +2.92 (both halves of the sets gain, dev..dev-8 +1.10, dev-9..dev-15
# +1.82; at worst 'mediasi sengketa tanah' -0.132, where the industrial-relations mediators say
# "mediasi"), 6: +2.70, 8: +2.65, 12: +1.97. Counted once per record since a review (nested
# terms, "budidaya udang" and "udang vaname", each added 4): -0.08 summed over dev .. dev-16,
# within noise, and a record saying three nested terms is no three times the specialist.
TERM_SAID_BOOST = 4.0
STEM_FIELDS = [
    "jabatan_stem^3",
    "education_stem^2",
    "opd_stem^1.5",
    "training_stem^1.5",
    "innovation_stem",
]
# The record's own words for the lexical (BM25) clause: not the name (a name search has its
# own clause), not the OPD, and the post and the unit without their places (documents.py:
# Kecamatan Tambak and UPT Puskesmas Tambak are no fishpond).
WORK_FIELDS = ["jabatan_work", "unit_work", "education_text", "training_text", "innovation_text"]
# The places of a record's OPD, unit and posts (documents.py `places`): a place typed
# ("sekretaris kecamatan tambak") prefers the people there among those its other words
# match, and finds the people there after everyone whose work matched: a constant score, not
# the place's word statistics (a rare place name outscored one training's words). The
# clause is named "place", not "work".
PLACE_SCORE = 0.1
# A person's name as typed: the words said exactly count NAME_BOOST, a name matched only
# within typo distance NAME_TYPED_BOOST: "kader" finds the cadre trainers before Pak Abdul
# Kadir, who is still found (dev-10 "kader" 0.594 -> 0.808, dev-9 "uji" 0.798 -> 0.909).
NAME_BOOST = 3.0
NAME_TYPED_BOOST = 1.0
# Its weight beside the stemmed clause: 1.0 and 0.5 gave the skill development sets the same
# gain (dev 0.921 -> 0.925 / 0.926, dev-2 0.907 -> 0.921 / 0.919), 0.5 cost the domain
# relevance set less (0.912 -> 0.909, 1.0: 0.902).
WORK_WORDS_BOOST = 0.5
TEXT_FIELDS = [
    "full_name",
    "jabatan",
    "opd",
    "unit",
    "education_text",
    "training_text",
    "innovation_text",
]
FACETS = {
    "opd": "opd.raw",
    "golongan": "golongan",
    "jenis_jabatan": "jenis_jabatan",
    "education_level": "education_level",
    "domain": "domains",
    "status": "status",
}
# Breakdowns computed only when a request asks for them (personal data: the gateway asks only
# for roles that may see it). Gender is the 15th digit of the NIP (1 laki-laki, 2 perempuan;
# PP 11/2017 and BKN's NIP layout, the same place in a PPPK NIP), counted with a regexp on the
# NIP keyword: no stored field, no script (the Elasticsearch build has no scripting module).
BREAKDOWNS: dict[str, dict[str, Any]] = {
    "jenis_kelamin": {
        "filters": {
            "filters": {
                "L": {"regexp": {"nip": "[0-9]{14}1[0-9]{3}"}},
                "P": {"regexp": {"nip": "[0-9]{14}2[0-9]{3}"}},
            }
        }
    }
}
_DIGITS = re.compile(r"\D")


# How results may be ordered: by relevance, by expertise in the field asked, or by a fact of
# the record. (field, order): golongan highest first, masa kerja longest first (earliest
# start), retirement latest first (the longest left to serve).
Sort = Literal["relevance", "expertise", "golongan", "masa_kerja", "pensiun"]
FIELD_SORTS: dict[str, tuple[str, str]] = {
    "golongan": ("golongan_rank", "desc"),
    "masa_kerja": ("service_start", "asc"),
    "pensiun": ("retirement_year", "desc"),
}


@dataclass(frozen=True)
class QueryNote:
    """Something the reading of a query did that the person should know, in Indonesian."""

    kind: Literal["typo", "unknown_abbreviation"]
    term: str
    read_as: str | None
    message: str


@dataclass(frozen=True)
class QueryReading:
    read_as: str  # the words as read (normalised, typos read)
    domains: list[str]
    skills: list[str]
    notes: list[QueryNote]


def read_query(q: str, known: Callable[[str], bool] | None = None) -> QueryReading:
    """The domains and skills a query names, its typos read, and what the person should be
    told: a typo read as a word, an abbreviation no vocabulary knows (searched as text).
    `known(word)`: whether the records hold the word as written (then it is no typo: a
    name, a local word); the search API asks its index (build_word_probe)."""
    read_as, fixes = corrected(q, known)
    notes = [
        QueryNote("typo", f.written, f.read_as, f"'{f.written}' dibaca sebagai '{f.read_as}'")
        for f in fixes
    ] + [
        QueryNote(
            "unknown_abbreviation",
            term,
            None,
            f"singkatan '{term}' tidak dikenal kosakata Potret; dicari sebagai teks biasa",
        )
        for term in unknown_abbreviations(q, known)
    ]
    return QueryReading(
        read_as,
        list(asked_domains(_fields_text(q, fixes))[0][:MAX_DETECTED_DOMAINS]),
        vocabulary().in_query(long_forms(read_as))[:MAX_DETECTED_SKILLS],
        notes,
    )


def _fields_text(q: str, fixes: tuple[Correction, ...]) -> str:
    """`q` as the fields are read from it (potret_expertise.asked.as_read: list separators
    kept, as the chat's reader reads them), with its typos read (`fixes`)."""
    text = as_read(q)
    for fix in fixes:
        text = re.sub(rf"\b{re.escape(fix.written)}\b", fix.read_as, text)
    return long_forms(text)


@dataclass
class SearchRequest:
    """A validated search (the API checks every field before building one)."""

    q: str | None = None
    read_as: str | None = None  # q with its typos read (read_query); None: q as typed
    domains: list[str] = field(default_factory=list)
    opd: list[str] = field(default_factory=list)
    nips: list[str] = field(default_factory=list)
    golongan_min: int | None = None
    golongan_max: int | None = None
    jenis_jabatan: list[str] = field(default_factory=list)
    jenjang: list[str] = field(default_factory=list)
    education_min: int | None = None
    status: list[str] = field(default_factory=list)
    retire_after_year: int | None = None
    retire_by_year: int | None = None
    education: list[str] = field(default_factory=list)  # exact highest levels
    name: str | None = None  # people whose name shares words with this text
    breakdowns: list[str] = field(default_factory=list)  # keys of BREAKDOWNS
    sort: Sort = "relevance"
    limit: int = 20
    cursor: list[Any] | None = None


def sort_fields(sort: str, domains: list[str], skills: list[str] | None = None) -> int:
    """How many values a cursor of this sort carries (see build_search)."""
    if sort in FIELD_SORTS:
        return 3
    return 3 if sort == "expertise" and (domains or skills) else 2


def encode_cursor(sort_values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(sort_values).encode()).decode().rstrip("=")


class InvalidCursor(ValueError):
    """A cursor this service did not issue."""


def decode_cursor(cursor: str, fields: int | None = None) -> list[Any]:
    """The search_after values of a cursor; InvalidCursor when it is not one of ours.

    With `fields` (the number of sort keys of the request: 2 by relevance, 3 by expertise),
    the values must also fit that sort: numbers, then a NIP. A cursor that decodes but does
    not fit would reach Elasticsearch and fail there (a 503 instead of a 422)."""
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError):
        raise InvalidCursor(cursor) from None
    if not isinstance(values, list) or not values or len(values) > 4:
        raise InvalidCursor(cursor)
    if not all(isinstance(v, (int, float, str)) for v in values):
        raise InvalidCursor(cursor)
    # NaN, Infinity and numbers beyond a long would reach Elasticsearch and fail there.
    if any(
        (isinstance(v, float) and not math.isfinite(v)) or (isinstance(v, int) and abs(v) >= 2**63)
        for v in values
    ):
        raise InvalidCursor(cursor)
    if fields is not None and (
        len(values) != fields
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values[:-1])
        or not (isinstance(values[-1], str) and values[-1].isdigit() and len(values[-1]) <= 18)
    ):
        raise InvalidCursor(cursor)
    return values


def _work_word(word: str) -> bool:
    """Whether a query word may say the work a record holds (see _text_query): not a
    question word, a number or an administrative head ("kabupaten"). A place typed stays:
    "pelabuhan penyeberangan bawean" asks for Bawean's port."""
    return not (word in STOPWORDS or word.isdigit() or word in ADMIN_WORDS)


@lru_cache(maxsize=1)
def _named_phrases() -> frozenset[tuple[str, ...]]:
    """The terms of several words of the skills and the thesaurus, as written and without
    stop words: what a query naming one of them means as a whole."""
    found = set()
    for term in vocabulary_phrases():
        said = tuple(w for w in normalise(term, join=False).split() if w not in STOPWORDS)
        if len(said) > 1:
            found.add(said)
    return frozenset(found)


@lru_cache(maxsize=1)
def _jf_titles() -> frozenset[tuple[str, ...]]:
    """The jabatan fungsional titles of the fields and the skills, as written, of two words
    or more: a query naming one ("analis kebijakan policy brief") asks for its holders."""
    titles = [t for d in thesaurus().domains.values() for t in d.jf]
    titles += [t for s in vocabulary().skills.values() for t in s.jf]
    found = set()
    for title in titles:
        said = tuple(w for w in normalise(title, join=False).split() if w not in STOPWORDS)
        if len(said) > 1:
            found.add(said)
    return frozenset(found)


def _work_first(
    query: str, clause: dict[str, Any], phrases: tuple[str, ...] = ()
) -> dict[str, Any]:
    """A multi_match `clause` for `query` (normalised words) that a post word alone cannot
    satisfy: "penyuluh KB" matched the farming extension officer by "penyuluh", half of the
    query; every field has its penyuluh and every unit an Operator Layanan Operasional
    (POST_WORDS). Where the query names the work too, a record must say one of the work
    words; it is scored as before, post words included. A query of post words alone is
    matched by them. Where the work words are one named term of several words ("sistem
    informasi geografis"), a record must say it, or a named term inside it (`phrases`:
    "keamanan pangan" of "pengawasan keamanan pangan"), as a phrase in one field: "Sistem
    Informasi Kesehatan" says two of its three words and means something else."""
    said = query.split()
    work = [w for w in said if w not in POST_WORDS]
    analysed = clause.get("analyse", False)
    body = {k: v for k, v in clause.items() if k != "analyse"}

    def text(ws: list[str]) -> str:
        return analyse(" ".join(ws)) if analysed else " ".join(ws)

    whole: dict[str, Any] = {"multi_match": body | {"query": text(said)}}
    groups = [g for g in (text([w]) for w in said) if g] if analysed else []
    if any(" " in g for g in groups) and "minimum_should_match" in body:
        # An abbreviation typed is one word of the query, however many its expansion has
        # ("digital marketing umkm" is three words, not six): each word's stems are one
        # clause, all of them needed, and the share is counted over the words. (A phrase read
        # in other words, "procurement" as "pengadaan barang jasa", counts as those words.)
        each = {k: v for k, v in body.items() if k not in ("minimum_should_match", "boost")}
        whole = {
            "bool": {
                "should": [{"multi_match": each | {"query": g, "operator": "and"}} for g in groups],
                "minimum_should_match": body["minimum_should_match"],
            }
            | ({"boost": body["boost"]} if "boost" in body else {})
        }
    only = {k: v for k, v in body.items() if k not in ("minimum_should_match", "boost")}
    required: list[dict[str, Any]] = []
    if len(work) < len(said) and text(work):
        if any(" " in g for g in groups):
            # a work word typed as an abbreviation is said whole, as in the clause above
            # ("penyuluh umkm": "usaha" of a farmer's "Usaha Tani" is not UMKM)
            each_work = {k: v for k, v in only.items() if k != "boost"}
            required.append(
                {
                    "bool": {
                        "should": [
                            {"multi_match": each_work | {"query": text([w]), "operator": "and"}}
                            for w in work
                            if text([w])
                        ],
                        "minimum_should_match": 1,
                    }
                }
            )
        else:
            required.append({"multi_match": only | {"query": text(work)}})
    exact = {k: v for k, v in only.items() if k not in ("type", "fuzziness", "prefix_length")}
    said_whole = [
        {"multi_match": exact | {"query": text(p.split()), "type": "phrase", "slop": 1}}
        for p in phrases
        if text(p.split())
    ]
    if said_whole:
        required.append({"bool": {"should": said_whole, "minimum_should_match": 1}})
    if not required:
        return whole
    return {"bool": {"must": [whole], "filter": required}}


# Stop words that are words of post titles too ("Kepala Bidang ..."): kept where the post is read.
_TITLE_WORDS = frozenset({"bidang", "urusan"})


def _asked(text: str) -> str:
    """`text` without its question words and fillers ("siapa yang ahli", "tolong"): the words
    of what is asked, as the chat's question and the search box's words both say it."""
    return " ".join(w for w in text.split() if w not in STOPWORDS or w in _TITLE_WORDS) or text


def _text_query(q: str, read_as: str | None = None) -> dict[str, Any] | None:
    said_as = normalise(read_as or q)
    # The plain fields hold the record's words as written: their clauses search the query's
    # words as written (typos read), not the joined phrases of the stemmed fields ("vaksinasi
    # PMK" is "keswan" there).
    written = normalise(read_as or q, join=False)
    plain = normalise(q, join=False)
    work = [w for w in written.split() if _work_word(w) and w not in POST_WORDS]
    named = _named_phrases()
    # an administrative head inside a named term is the term's word: "keuangan desa" (a
    # place's "Desa Sawah" is no term of any vocabulary)
    heads = [w for w in written.split() if w in ADMIN_WORDS or w in work]
    # ... said whole, or without its heads when the rest is a phrase of its own: "kabupaten
    # layak anak" is said by a record of a "Kota Layak Anak" as "layak anak"
    headless = (" ".join(work),) if len(work) > 1 else ()
    if len(heads) > len(work) and tuple(heads) in named:
        work = heads
    else:
        headless = ()
    phrases = (
        tuple(
            " ".join(work[i:j])
            for i in range(len(work))
            for j in range(i + 2, len(work) + 1)
            if tuple(work[i:j]) in named
        )
        + headless
        if tuple(work) in named
        else ()
    )
    should: list[dict[str, Any]] = []
    words = [w for w in written.split() if w not in STOPWORDS]
    titles = _jf_titles()
    # A JF title among other words: its holders are found by it (the text clauses need three
    # quarters of the words, and "analis kebijakan policy brief" is said by a policy analyst
    # whose record has no policy brief in it). A query of the title alone is matched as before.
    should += [
        {
            "match_phrase": {
                "jabatan": {"query": " ".join(words[i:j]), "slop": 1, "boost": JF_TITLE_BOOST}
            }
        }
        for i in range(len(words))
        for j in range(i + 2, len(words) + 1)
        if j - i < len(words) and tuple(words[i:j]) in titles
    ]
    if analyse(said_as):
        should.append(
            _work_first(
                said_as,
                {
                    "analyse": True,
                    "fields": STEM_FIELDS,
                    "type": "cross_fields",
                    "minimum_should_match": "75%",
                },
                phrases,
            )
        )
    who_where: list[dict[str, Any]] = []  # clauses that say who or where, not the work
    if plain:
        who_where.append(
            {
                "match": {
                    "full_name": {
                        "query": plain,
                        "fuzziness": "AUTO",
                        "operator": "and",
                        "boost": NAME_TYPED_BOOST,
                        "_name": "name.typed",
                    }
                }
            }
        )
        who_where.append(
            {
                "match": {
                    "full_name": {
                        "query": plain,
                        "operator": "and",
                        "boost": NAME_BOOST - NAME_TYPED_BOOST,
                        "_name": "name.said",
                    }
                }
            }
        )
        should.append(
            _work_first(
                # the words as read; one typo left per word of 4-8 letters, two from 9
                # ("AUTO" allows two from 6: "budidaya" would match "Pamong Budaya"), the
                # first letter as typed (as the typo reader keeps it: "pelayanan" is no
                # "layanan" of every Penata Layanan Operasional); question words left out, so
                # that "siapa yang ahli X?" of the chat is matched as "X" in the search box
                _asked(written),
                {
                    # the post as written, its place names left out (documents.py); not the
                    # OPD's or the unit's name, which say where the post sits, not its work
                    # (an admin clerk of the Seksi Kesehatan Lingkungan; the stemmed clause
                    # still reads them)
                    "fields": ["jabatan_work"],
                    "fuzziness": "AUTO:4,9",
                    "prefix_length": 1,
                    "minimum_should_match": "75%",
                },
                phrases,
            )
        )
    said = [w for w in written.split() if _work_word(w)]
    if said and len(_DIGITS.sub("", q)) != 18:
        # Plain BM25 over the record's own words as written: a record saying the query's
        # exact words ("pelabuhan penyeberangan", "pemasaran produk UMKM") in a training or
        # an innovation, with fewer of them than the stemmed clause needs, still comes in and
        # ranks by how rare the words are. Any word of up to two, half of more (a long query
        # is not matched by its commonest word). Left out: question words ("ahli" is in
        # every JF title), numbers, administrative heads, and a query holding a NIP.
        should.append(
            _work_first(
                " ".join(said),
                {
                    "fields": WORK_FIELDS,
                    "type": "cross_fields",
                    "minimum_should_match": "2<50%",
                    "boost": WORK_WORDS_BOOST,
                },
                phrases,
            )
        )
    if plain:
        # a tie-break, whatever the place's word statistics: below any work matched
        who_where.append(
            {
                "constant_score": {
                    "filter": {"match": {"places": _asked(plain)}},
                    "boost": PLACE_SCORE,
                    "_name": "place",
                }
            }
        )
    digits = _DIGITS.sub("", q)
    if len(digits) == 18:
        who_where.append({"term": {"nip": {"value": digits, "boost": 50, "_name": "nip"}}})
    if not should and not who_where:
        return None
    # Each clause says what it matched (a hit's matched_queries, read by `matched_kinds`):
    # "name" (the name's match) and "nip" the person, "place" where the person works, "work"
    # every other (the record's work), so that an answer by words can leave out a Pak Kader
    # found by his name alone and a clerk of Kecamatan Tambak found by the place (the
    # gateway's expert answer). Each name once in a request ("work.0", "work.1", ...):
    # Elasticsearch leaves a name given twice undefined (it reported one of the clauses).
    labelled = [
        {"bool": {"must": [c], "_name": f"work.{i}"}} for i, c in enumerate(should)
    ] + who_where
    return {"bool": {"should": labelled, "minimum_should_match": 1}}


def matched_kinds(names: list[str]) -> list[str]:
    """What a hit's named clauses say it matched: "work", "name", "nip", "place"."""
    return sorted({n.split(".")[0] for n in names})


def _narrowing(q: str, domains: list[str], skills: Collection[str] = ()) -> bool:
    """Whether a word of the query's work names none of the fields (and `skills`) read from
    it ("pemetaan" of "pemetaan kemiskinan ekstrem"): then the words narrow them. A query of
    the field's own words ("kesehatan", "penyuluh perikanan") narrows nothing: the field's
    people whose records never say its name (a hospital's doctor) keep its whole boost."""
    said = [w for w in normalise(q).split() if _work_word(w) and w not in POST_WORDS]
    # (a word of the term the skill is read by, "budidaya" of "budidaya udang vaname", still
    # narrows it: counting those as the skill's own cost -0.62 summed over thirteen sets,
    # 'penyusunan APBD' -0.130)
    # (each word as the fields were read: "p2p" in full, asked.long_forms)
    return any(
        not set(asked_domains(long_forms(as_read(w)))[0]) & set(domains)
        and not set(vocabulary().in_query(long_forms(w))) & set(skills)
        for w in said
    )


def _work_said(text: dict[str, Any] | None) -> dict[str, Any] | None:
    """The work clauses of a text query (`_text_query`): the records whose work says the
    query's words, not those matched by their name, NIP or place alone."""
    if text is None:
        return None
    # the clauses themselves, without their names (a name is given once in a request)
    work = [
        c["bool"]["must"][0]
        for c in text["bool"]["should"]
        if str(c.get("bool", {}).get("_name", "")).startswith("work.")
    ]
    return {"bool": {"should": work, "minimum_should_match": 1}} if work else None


def _scores(kind: str, codes: list[str], factor: float) -> list[dict[str, Any]]:
    """`factor` x each code's stored score (`expertise.<code>` or `skills.<code>`)."""
    return [
        {"field_value_factor": {"field": f"{kind}.{code}", "factor": factor, "missing": 0}}
        for code in codes
    ]


def build_search(
    req: SearchRequest, domains: list[str], skills: list[str] | None = None
) -> dict[str, Any]:
    """The body of the _search request for `req`, with `domains` and `skills` for expertise."""
    skills = skills or []
    filters: list[dict[str, Any]] = [{"term": {"deleted": False}}]
    if req.opd:
        filters.append({"terms": {"opd.raw": req.opd}})
    if req.nips:
        filters.append({"terms": {"nip": req.nips}})
    if req.jenis_jabatan:
        filters.append({"terms": {"jenis_jabatan": req.jenis_jabatan}})
    if req.jenjang:
        filters.append({"terms": {"jenjang": req.jenjang}})
    if req.status:
        filters.append({"terms": {"status": req.status}})
    rank: dict[str, int] = {}
    if req.golongan_min is not None:
        rank["gte"] = req.golongan_min
    if req.golongan_max is not None:
        rank["lte"] = req.golongan_max
    if rank:
        filters.append({"range": {"golongan_rank": rank}})
    if req.education_min is not None:
        filters.append({"range": {"education_rank": {"gte": req.education_min}}})
    retire: dict[str, int] = {}
    if req.retire_after_year is not None:
        retire["gte"] = req.retire_after_year
    if req.retire_by_year is not None:
        retire["lte"] = req.retire_by_year
    if retire:
        filters.append({"range": {"retirement_year": retire}})
    if req.education:
        filters.append({"terms": {"education_level": req.education}})
    text = _text_query(req.q, req.read_as) if req.q else None
    said = _work_said(text) if req.q else None
    read = req.read_as or req.q or ""
    narrow_fields = said is not None and bool(domains) and _narrowing(read, domains)
    narrow_skills = said is not None and bool(skills) and _narrowing(read, domains, skills)
    if req.name:
        # Name candidates (the ask engine matches them exactly): any word of the text in the
        # name, one typo allowed in longer words; best-matching names first.
        names = {"match": {"full_name": {"query": normalise(req.name), "fuzziness": "AUTO"}}}
        text = {"bool": {"must": [names] + ([text] if text else [])}}
    if req.q and text is None and not domains:
        text = {"match_none": {}}
    if (domains or skills) and req.q is None:
        # Pure expertise lookup: only people with evidence in one of the domains or skills.
        held = [{"terms": {"domains": domains}}] if domains else []
        held += [{"terms": {"skill_codes": skills}}] if skills else []
        filters.append(held[0] if len(held) == 1 else {"bool": {"should": held}})
    base: dict[str, Any] = {"bool": {"filter": filters, **({"must": [text]} if text else {})}}
    if domains or skills:
        share = DOMAIN_SHARE_WITH_SKILL if skills else 1.0

        def fields(part: float) -> list[dict[str, Any]]:
            return _scores("expertise", domains, EXPERTISE_BOOST * share * part)

        def named(part: float) -> list[dict[str, Any]]:
            return _scores("skills", skills, SKILL_BOOST * part)

        # Every record a share of its fields' and skills' scores (UNSAID_FIELD_SHARE,
        # UNSAID_SKILL_SHARE), the records whose work says the words the rest, scored by a
        # clause of their own (the work clauses run once, however many fields); without
        # narrowing words (an expertise lookup, a query of the field's own words) the whole.
        field_part = UNSAID_FIELD_SHARE if narrow_fields else 1.0
        skill_part = UNSAID_SKILL_SHARE if narrow_skills else 1.0
        rest = (fields(1.0 - field_part) if narrow_fields else []) + (
            named(1.0 - skill_part) if narrow_skills else []
        )
        narrowed = (
            [
                {
                    "function_score": {
                        "query": said,
                        "functions": rest,
                        "score_mode": "sum",
                        "boost_mode": "replace",
                    }
                }
            ]
            if rest
            else []
        )
        functions = fields(field_part) + named(skill_part)
        # each term of a skill the words say, for the records whose evidence says it
        terms = sorted(
            {
                skill_term(code, t)
                for code in skills
                for t in vocabulary().terms_in_query(read, code)
            }
        )
        # (once per record, however many of the terms it says: "budidaya udang vaname" says
        # three nested terms, and a record saying all three is no three times the specialist)
        said_terms: list[dict[str, Any]] = (
            [
                {
                    "constant_score": {
                        "filter": {"terms": {"skill_terms": terms}},
                        "boost": TERM_SAID_BOOST,
                    }
                }
            ]
            if terms and req.q and TERM_SAID_BOOST
            else []
        )
        if text is not None:
            # Text relevance plus expertise; people without text match still come in by expertise.
            held = [{"terms": {"domains": domains}}] if domains else []
            held += [{"terms": {"skill_codes": skills}}] if skills else []
            base = {
                "bool": {
                    "filter": filters,
                    "should": [text, *held, *narrowed, *said_terms],
                    "minimum_should_match": 1,
                }
            }
        query: dict[str, Any] = {
            "function_score": {
                "query": base,
                "functions": functions,
                "score_mode": "sum",
                "boost_mode": "sum",
            }
        }
    else:
        query = base
    if req.sort in FIELD_SORTS:
        # A record without the value (an unreadable NIP, a PPPK golongan) comes last; equal
        # values keep the relevance order, then the NIP.
        field, order = FIELD_SORTS[req.sort]
        sort: list[Any] = [
            {field: {"order": order, "missing": "_last"}},
            {"_score": "desc"},
            {"nip": "asc"},
        ]
    elif req.sort == "expertise" and (domains or skills):
        # The first skill named, else the first domain: "PBJ" sorts by procurement, not by
        # the field of the OPD that happens to be detected beside it.
        first = f"skills.{skills[0]}" if skills else f"expertise.{domains[0]}"
        sort = [
            {first: {"order": "desc", "missing": "_last"}},
            {"_score": "desc"},
            {"nip": "asc"},
        ]
    else:
        sort = [{"_score": "desc"}, {"nip": "asc"}]
    body: dict[str, Any] = {
        "query": query,
        "size": req.limit,
        "sort": sort,
        "track_total_hits": True,
        "_source": {
            "excludes": [
                "*_stem",
                "*_work",
                "places",
                "education_text",
                "training_text",
                "innovation_text",
                "expertise_key",
            ]
        },
        "aggs": {name: {"terms": {"field": f, "size": 50}} for name, f in FACETS.items()}
        | {name: BREAKDOWNS[name] for name in req.breakdowns},
    }
    if req.cursor:
        body["search_after"] = req.cursor
    if req.q:
        plain = normalise(req.read_as or req.q, join=False)
        if plain:
            body["highlight"] = {
                "fields": {f: {} for f in TEXT_FIELDS},
                # No fuzziness here: fuzzy highlighting cost ~100x the search itself
                # (1.7 s against 20 ms on 100,000 profiles).
                "highlight_query": {"multi_match": {"query": _asked(plain), "fields": TEXT_FIELDS}},
                "pre_tags": ["<em>"],
                "post_tags": ["</em>"],
                "number_of_fragments": 2,
            }
    return body


def build_word_probe(word: str) -> dict[str, Any]:
    """Whether any live record holds `word` as written in its text (names included)."""
    return {
        "query": {
            "bool": {
                "filter": [{"term": {"deleted": False}}],
                "must": [{"multi_match": {"query": word, "fields": TEXT_FIELDS}}],
            }
        },
        "size": 0,
        "terminate_after": 1,
        "track_total_hits": 1,
    }


def build_bm25(q: str, size: int = 10) -> dict[str, Any]:
    """Plain BM25 over the unstemmed text fields: the baseline of the relevance test."""
    return {
        "query": {
            "bool": {
                "filter": [{"term": {"deleted": False}}],
                "must": [{"multi_match": {"query": q, "fields": TEXT_FIELDS}}],
            }
        },
        "size": size,
        "_source": ["nip"],
    }
