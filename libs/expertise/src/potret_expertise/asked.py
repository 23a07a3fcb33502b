"""The fields (domain codes) a query or a question asks about: one reading for the search box
(potret_search.domain.query.read_query) and the chat (potret_ask.fields), so that the same
words give the same fields in both.

Each phrase between "dan", "serta", "atau" and commas gives its strongest domain; words that
never name a field (data/not_field.json: function words, verbs whose stems look like field
words, training names) are dropped first; a typo of a field or skill word is read as that word
(potret_expertise.spelling)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from potret_expertise.places import strip_headed_places
from potret_expertise.skills import vocabulary
from potret_expertise.spelling import spell
from potret_expertise.text import join_phrases, normalise, stems
from potret_expertise.thesaurus import detect_domains, domain_scores, thesaurus

_NOT_FIELD_DATA = json.loads(
    resources.files("potret_expertise").joinpath("data/not_field.json").read_text("utf-8")
)
NOT_FIELD = frozenset(_NOT_FIELD_DATA["words"])
# Words naming a kind of post in every field ("penyuluh", "operator"): see the file's note.
POST_WORDS = frozenset(_NOT_FIELD_DATA["post_words"])
_JOINS = r"\b(?:dan|serta|atau|maupun|sekaligus|juga|plus)\b|[,&]"
# Abbreviations of work read as their long form before the fields and skills are read, by
# the search box (potret_search.domain.query.read_query) and the chat's reader alike: "audit
# PBJ" asks what "audit pengadaan barang jasa" asks. Only for reading fields and skills: the
# search still matches the words as typed ("PBJ" in a record), and a record's words are
# expanded by data/abbreviations.json. The long forms carry no "dan" (a conjunction splits a
# question into the fields of its parts: "perlindungan dan jaminan sosial" read women's and
# children's protection beside social security). "lelang" is a tender, except a fish auction
# ("lelang ikan", TPI), the open selection of a post ("lelang jabatan", "lelang JPT", seleksi
# terbuka) and the auction that disposes of regional assets ("lelang aset", "lelang kendaraan
# dinas": pemindahtanganan BMD, the opposite of procurement); "P2P lending" is fintech.
LELANG = (
    r"\blelang\b(?!\s+(?:ikan|hasil|di\s+tpi|"  # a fish auction
    r"jabatan|jpt|terbuka\s+(?:eselon|jpt|jabatan)|eselon|kepala|sekretaris|camat|"  # a post
    r"aset|barang\s+milik|bmd|kendaraan|eks|bekas))"  # an asset disposed of
)
# (the abbreviation, where it is read so, its long form)
LONG_FORMS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (word, re.compile(pattern), long)
    for word, pattern, long in (
        ("pbj", r"\bpbj\b", "pengadaan barang jasa"),
        ("lelang", LELANG, "pengadaan barang jasa"),
        ("p2p", r"(?<!fintech )\bp2p\b(?!\s+lending)", "pencegahan pengendalian penyakit"),
        ("litbang", r"\blitbang\b", "penelitian pengembangan"),
        ("linjamsos", r"\blinjamsos\b", "perlindungan jaminan sosial"),
        ("lalin", r"\blalin\b", "lalu lintas"),
    )
)


def long_forms(text: str) -> str:
    """`text` (lower case) with the abbreviations of work (LONG_FORMS) said in full."""
    for _, pattern, long in LONG_FORMS:
        text = pattern.sub(long, text)
    return text


def _spell(word: str, before: str = "", after: str = "") -> str:
    """A typo read as the field or skill word meant ("perikann", "pengadan barang":
    pengadaan, not pengaduan)."""
    return spell(word, before.split("/")[-1], after.split("/")[0])  # "barang/jasa"


def _word_indexes(text: str, start: int, end: int) -> range:
    """The indexes of the words of text[start:end] among the text's space-separated words."""
    first = text[:start].count(" ")
    return range(first, first + text[start:end].count(" ") + 1)


def _own(code: str, text: str) -> bool:
    """Whether the text names the domain by a word of its own name ("pertanian")."""
    names = thesaurus().domains
    label = f"{code.replace('_', ' ')} {names[code].name.lower() if code in names else ''}"
    return bool(set(text.split()) & set(re.findall(r"[a-z]+", label)))


def _phrase(code: str, text: str) -> bool:
    """Whether the text says one of the domain's phrases of several words whole."""
    names = thesaurus().domains
    keywords = names[code].keywords if code in names else ()
    return any(" " in k and f" {k.lower()} " in f" {text} " for k in keywords)


def _ranking(text: str) -> Callable[[str], tuple[bool, float, bool, int, bool, bool]]:
    """The grounds on which a field of `text` goes before another, as a sort key (equal keys
    are fields the words cannot tell apart): a domain whose phrase of several words the text
    says whole first ("media sosial" is Komunikasi dan Informatika, not Sosial), then the one
    more words name ("website kecamatan, programmer" is Kominfo), then one the text names by
    its own name ("pertanian" is the domain Pertanian before Pangan, which shares the word)."""
    scores = domain_scores(text)
    # Of fields named as strongly, the parent of a skill the words name ("gizi balita" is
    # child nutrition, health work; "kesehatan hewan" animal health, farming), then the one of
    # the later word: a modifier follows its head in Indonesian ("jaringan irigasi" is
    # irrigation, "jaringan komputer" computers)
    vocab = vocabulary()
    parents = {vocab.skills[c].domain for c in vocab.in_query(text)}
    last: dict[str, int] = {}
    index = thesaurus().query_stem_domains
    for at, word in enumerate(text.split()):
        for s in stems(word):
            for code in index.get(s, ()):
                last[code] = at

    def key(code: str) -> tuple[bool, float, bool, int, bool, bool]:
        return (
            not _phrase(code, text),
            -scores.get(code, 0.0),
            code not in parents,
            -last.get(code, -1),
            not _own(code, text),
            not _keyword(code, text),
        )

    return key


def _decided(found: list[str], text: str) -> list[str]:
    """`found` ranked (_ranking), or none when the strongest tie on every ground but their
    order in the alphabet ("kaji cepat": "kaji" is planning's, research's and gender studies'
    word alike): a field picked by its name's first letter is no reading of the words."""
    key = _ranking(text)
    ranked = sorted(found, key=key)
    if len(ranked) > 1 and key(ranked[0]) == key(ranked[1]):
        return []
    return ranked


@lru_cache(maxsize=1)
def _single_keywords() -> dict[str, frozenset[str]]:
    """The stem of each domain's keywords and JF titles that are one word, also once read (an
    abbreviation expanding to several words, "rsud", is none): "dokter" is the JF of health,
    while farming has it only in "dokter hewan"."""
    out: dict[str, frozenset[str]] = {}
    for code, terms in thesaurus().domains.items():
        read = [stems(k) for k in (*terms.keywords, *terms.jf) if " " not in k]
        out[code] = frozenset(r[0] for r in read if len(r) == 1)
    return out


def _keyword(code: str, text: str) -> bool:
    """Whether a word of the text is a keyword of the domain by itself: "tanah" is land
    (pertanahan), which has it as a keyword, not energy, which has it inside "air tanah"."""
    keywords = _single_keywords().get(code, frozenset())
    return any(s in keywords for s in stems(text))


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The thesaurus' phrases of several words, each with its whole-word pattern."""
    return tuple(
        (k.lower(), re.compile(rf"\b{re.escape(k.lower())}\b"))
        for terms in thesaurus().domains.values()
        for k in terms.keywords
        if " " in k
    )


def phrases_in(text: str) -> list[tuple[int, int]]:
    """Where the text says a thesaurus phrase of several words ("pengembangan kompetensi"),
    so that words of it that are also cue words are not taken out before the fields are read.
    (On every search request: a phrase not in the text as a substring is not matched at all.)"""
    spans: list[tuple[int, int]] = []
    for phrase, pattern in _phrases():
        if phrase in text:
            spans += [m.span() for m in pattern.finditer(text)]
    return spans


def as_read(text: str) -> str:
    """`text` as `domains` reads it: normalised (potret_expertise.normalise: lower case,
    accents folded) with its list separators kept ("hukum, perikanan" names two fields;
    normalise alone drops the comma; "&" is "dan")."""
    parts = [normalise(part) for part in re.split(r",", text.replace("&", " dan "))]
    return " , ".join(part for part in parts if part)


def domains(text: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Domains named in `text` (lower case with its commas, as `as_read` gives it), in the
    order named: each phrase between "dan", "serta", "atau" and commas gives its strongest
    domain(s); with each, a confidence (1 / the number of domains its phrase could be)."""
    codes: list[str] = []
    confidence: list[float] = []
    parts = []
    # a place after its head is where, not the work: "sekretaris kecamatan tambak"
    text = strip_headed_places(text)
    # the phrases the words mean (text.join_phrases: "perdagangan orang" is trafficking), as
    # `as_read` reads them: the chat's reader passes its own lower-cased words
    text = join_phrases(text)
    joined = bool(re.search(r"\b(dan|serta|maupun|sekaligus|juga|plus)\b|&", text))
    raw = re.findall(r"[a-z0-9/]+|[,&]", text)
    text = " ".join(
        w
        if w in NOT_FIELD or not w[0].isalnum()
        else _spell(w, raw[i - 1] if i else "", raw[i + 1] if i + 1 < len(raw) else "")
        for i, w in enumerate(raw)
    )
    # A field's phrase with a conjunction in it ("kesehatan ibu dan anak") is not split.
    for start, end in phrases_in(text):
        text = text[:start] + text[start:end].replace(" ", "_") + text[end:]
    for part in re.split(_JOINS, text):
        spelled = re.findall(r"[a-z0-9/]+", part.replace("_", " "))
        said = " ".join(spelled)
        # A word that alone names no field still counts inside a field's phrase
        # ("keamanan informasi" is Persandian, "informasi" alone is nothing).
        inside = {i for start, end in phrases_in(said) for i in _word_indexes(said, start, end)}
        words = [w for i, w in enumerate(spelled) if w not in NOT_FIELD or i in inside]
        if words:
            parts.append(" ".join(words))
    text = " ".join(parts)
    whole = detect_domains(text)
    # a part whose fields tie on every ground but the alphabet names none (see _decided)
    each = [_decided(detect_domains(part), part) for part in parts]
    # Each part naming its own field by name or phrase ("hukum sekaligus pengadaan barang
    # jasa", "pertanian sekaligus ketahanan pangan") asks for both, although the whole text
    # scores one higher; "humas dan media sosial" names one field twice.
    # A part naming one field only counts when joined by a word ("penyusunan APBD dan
    # pengadaan barang jasa"), not after a comma ("zona integritas, WBK gitu" is one topic).
    named = len(parts) > 1 and all(
        found and (_own(found[0], part) or _phrase(found[0], part) or (joined and len(found) == 1))
        for found, part in zip(each, parts, strict=True)
    )
    named = named and len({found[0] for found in each}) == len(each)
    if len(parts) > 1 and (
        len(whole) > 1 or named
    ):  # "perpustakaan dan kearsipan", not "ibu dan anak"
        shared = [c for c in each[0] if all(c in found for found in each[1:])]
        if shared and not named:  # "humas dan media sosial": the one field both name
            return (shared[0],), (1.0 / len(shared),)
        for found in each:
            if found and found[0] not in codes:
                codes.append(found[0])
                confidence.append(1.0 / len(found))
        if codes:
            return tuple(codes), tuple(confidence)
    top = _decided(whole, text)[:1]
    if not top:
        return (), ()
    return tuple(top), (1.0 / len(whole),)
