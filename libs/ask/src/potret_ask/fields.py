"""The fields (domain codes) a question asks about, in the order named: each phrase between
"dan", "serta", "atau" and commas gives its strongest domain; words that never name a field
are dropped first; a typo of a field or skill word is read as that word (as search reads it)."""

from __future__ import annotations

import re

from potret_ask.language import table
from potret_expertise import detect_domains, stems
from potret_expertise.spelling import spell
from potret_expertise.thesaurus import domain_scores, thesaurus

NOT_DOMAIN = frozenset(table("not_domain"))


def _spell(word: str, before: str = "", after: str = "") -> str:
    """A typo read as the field or skill word meant, as search reads it ("perikann",
    "pengadan barang": pengadaan, not pengaduan): potret_expertise.spelling."""
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


def _ranked(found: list[str], text: str) -> list[str]:
    """A domain whose phrase of several words the text says whole first ("media sosial" is
    Komunikasi dan Informatika, not Sosial), then the one more words name ("website kecamatan,
    programmer" is Kominfo), then one the text names by its own name ("pertanian" is the
    domain Pertanian before Pangan, which shares the word)."""
    scores = domain_scores(text)
    # Of fields named as strongly, the one of the later word: a modifier follows its head in
    # Indonesian ("jaringan irigasi" is irrigation, "jaringan komputer" computers)
    last: dict[str, int] = {}
    index = thesaurus().query_stem_domains
    for at, word in enumerate(text.split()):
        for s in stems(word):
            for code in index.get(s, ()):
                last[code] = at
    return sorted(
        found,
        key=lambda code: (
            not _phrase(code, text),
            -scores.get(code, 0.0),
            -last.get(code, -1),
            not _own(code, text),
            found.index(code),
        ),
    )


def phrases_in(text: str) -> list[tuple[int, int]]:
    """Where the text says a thesaurus phrase of several words ("pengembangan kompetensi"),
    so that words of it that are also cue words are not taken out before the fields are read."""
    spans: list[tuple[int, int]] = []
    for terms in thesaurus().domains.values():
        for k in terms.keywords:
            if " " in k:
                spans += [m.span() for m in re.finditer(rf"\b{re.escape(k.lower())}\b", text)]
    return spans


def domains(text: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Domains named in the text, in the order named: each phrase between "dan", "serta",
    "atau" and commas gives its strongest domain(s)."""
    codes: list[str] = []
    confidence: list[float] = []
    parts = []
    joined = bool(re.search(r"\b(dan|serta|maupun|sekaligus|juga|plus)\b|&", text))
    raw = re.findall(r"[a-z0-9/]+|[,&]", text)
    text = " ".join(
        w
        if w in NOT_DOMAIN or not w[0].isalnum()
        else _spell(w, raw[i - 1] if i else "", raw[i + 1] if i + 1 < len(raw) else "")
        for i, w in enumerate(raw)
    )
    # A field's phrase with a conjunction in it ("kesehatan ibu dan anak") is not split.
    for start, end in phrases_in(text):
        text = text[:start] + text[start:end].replace(" ", "_") + text[end:]
    for part in re.split(r"\b(?:dan|serta|atau|maupun|sekaligus|juga|plus)\b|[,&]", text):
        spelled = re.findall(r"[a-z0-9/]+", part.replace("_", " "))
        said = " ".join(spelled)
        # A word that alone names no field still counts inside a field's phrase
        # ("keamanan informasi" is Persandian, "informasi" alone is nothing).
        inside = {i for start, end in phrases_in(said) for i in _word_indexes(said, start, end)}
        words = [w for i, w in enumerate(spelled) if w not in NOT_DOMAIN or i in inside]
        if words:
            parts.append(" ".join(words))
    text = " ".join(parts)
    whole = detect_domains(text)
    each = [_ranked(detect_domains(part), part) for part in parts]
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
        for part in parts:
            found = _ranked(detect_domains(part), part)
            if found and found[0] not in codes:
                codes.append(found[0])
                confidence.append(1.0 / len(found))
        if codes:
            return tuple(codes), tuple(confidence)
    if not whole:
        return (), ()
    top = _ranked(whole, text)[:1]
    return tuple(top), (1.0 / len(whole),)


_FIELD_WORDS: frozenset[str] | None = None
FOLLOW_WORDS = frozenset(table("follow_words"))


def field_words() -> frozenset[str]:
    """Every word of the thesaurus' keywords (any length)."""
    global _FIELD_WORDS
    if _FIELD_WORDS is None:
        words: set[str] = set()
        for terms in thesaurus().domains.values():
            for phrase in terms.keywords:
                words.update(re.findall(r"[a-z0-9]+", phrase.lower()))
        _FIELD_WORDS = frozenset(words)
    return _FIELD_WORDS


def only_a_field(text: str) -> bool:
    """Whether the words left name a field and nothing else ("kalau kebudayaan?"), so that a
    field's word met in passing ("yg dari setda", "berpendidikan") is not read as one."""
    words = [w for w in re.findall(r"[a-z0-9]+", text) if w not in FOLLOW_WORDS]
    vocabulary = field_words()
    return bool(words) and all(_spell(w) in vocabulary for w in words)


_JF_TITLES: tuple[str, ...] | None = None


def names_a_jf(text: str) -> bool:
    """Whether the text names a jabatan fungsional of a field ("widyaiswara", "pranata
    komputer", "penyuluh pertanian"): asking for its holders asks for that field's people."""
    global _JF_TITLES
    if _JF_TITLES is None:
        _JF_TITLES = tuple(
            sorted({t.lower() for terms in thesaurus().domains.values() for t in terms.jf})
        )
    padded = f" {' '.join(re.findall(r'[a-z0-9]+', text))} "
    return any(f" {title} " in padded for title in _JF_TITLES)
