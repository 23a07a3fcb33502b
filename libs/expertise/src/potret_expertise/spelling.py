"""Typos in a question read as the field or skill word meant ("budidya udang", "jaringn
komputer", "perikann"): one reading for the search box and the chat.

A word is read as a vocabulary word (the words of the thesaurus' keywords and of the skill
vocabulary's terms, five letters or more) when it is one edit away from it (a letter added,
dropped, changed, or two neighbours swapped), starts with the same letter, and:

- is six letters or more (shorter words have too many neighbours: "pajak", "pakan"), or five
  letters with two neighbours swapped ("kliam": klaim);
- is not an Indonesian word (Sastrawi's dictionary, text.root_words): "tangan" is a word,
  not a typo of "pangan"; nor formed from a root of four letters or more ("pelayaran":
  layar, not "pelayanan"; a typo stems to no root or a short one, "pengadan" to "kad");
- is not written as a name ("Siti Samiah": capitalised, beyond the first word of a
  sentence), nor, where the caller can tell (search asks its index), a word the records
  hold as written;
- is one edit from exactly one vocabulary word, or, of several, from the only one that makes a
  vocabulary phrase with a neighbouring word ("pengadan barang": pengadaan, not pengaduan).
  Two readings left: the word is kept as written.

Abbreviations, NIPs and names stay as they are. An abbreviation the vocabulary does not know
(written in capitals: "ULP") is searched as text, and
`unknown_abbreviations` names it so that the answer can say so.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from potret_expertise.skills import vocabulary as skill_vocabulary
from potret_expertise.text import (
    STOPWORDS,
    abbreviations,
    is_root_word,
    normalise,
    root_words,
    stem,
    words,
)
from potret_expertise.thesaurus import thesaurus

MIN_TYPO_LENGTH = 6
MIN_SWAP_LENGTH = 5
MIN_VOCABULARY_LENGTH = 5
_WORD = re.compile(r"[a-z0-9]+")


def one_edit(a: str, b: str) -> bool:
    """Equal, or one edit apart when both are five letters or more (a letter added, dropped,
    changed, or two neighbours swapped)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def swapped(a: str, b: str) -> bool:
    """Whether `b` is `a` with two neighbouring letters swapped."""
    diff = [i for i in range(len(a)) if a[i] != b[i]] if len(a) == len(b) else []
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    )


def vocabulary_phrases() -> list[str]:
    """The thesaurus' keywords and the skills' terms, lower case: the vocabulary a query's
    words and phrases are read against (here for typos; by search for named terms)."""
    out = [k.lower() for terms in thesaurus().domains.values() for k in terms.keywords]
    for skill in skill_vocabulary().skills.values():
        out += [t.lower() for t in skill.terms]
    return out


@lru_cache(maxsize=1)
def vocabulary_words() -> frozenset[str]:
    """Every word of five letters or more of the thesaurus' keywords and the skills' terms."""
    return frozenset(
        w for p in vocabulary_phrases() for w in _WORD.findall(p) if len(w) >= MIN_VOCABULARY_LENGTH
    )


def is_vocabulary_word(word: str) -> bool:
    """Whether a lower-case word of five letters or more is a word of a field's or a skill's
    terms (a question naming one names work, not a person: "pemetaan", not "budi")."""
    return word in vocabulary_words()


@lru_cache(maxsize=1)
def _pairs() -> frozenset[tuple[str, str]]:
    """Neighbouring words of the vocabulary's phrases."""
    return frozenset(
        pair for p in vocabulary_phrases() for pair in itertools.pairwise(_WORD.findall(p))
    )


@lru_cache(maxsize=1)
def _by_initial() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for w in vocabulary_words():
        out.setdefault(w[0], []).append(w)
    return {k: tuple(sorted(v)) for k, v in out.items()}


@lru_cache(maxsize=20_000)
def spell(word: str, before: str = "", after: str = "") -> str:
    """The vocabulary word a lower-case `word` was meant as, or the word itself."""
    variant = abbreviations().get(word)
    if variant is not None:  # a spelling variant the table knows ("kesehtan": kesehatan)
        return variant if variant in vocabulary_words() else word
    if (
        len(word) < MIN_SWAP_LENGTH
        or not word.isalpha()
        or word in vocabulary_words()
        or word in root_words()
        or _derived_word(word)
    ):
        return word
    if len(word) < MIN_TYPO_LENGTH:
        # A five-letter word: only two neighbours swapped, its letters all kept ("kliam" is
        # klaim); a letter changed has too many neighbours ("pajak", "pakan").
        near = [
            v for v in _by_initial().get(word[0], ()) if len(v) == len(word) and swapped(v, word)
        ]
    else:
        near = [
            v
            for v in _by_initial().get(word[0], ())
            if abs(len(v) - len(word)) <= 1 and one_edit(v, word)
        ]
    if len(near) > 1:
        pairs = _pairs()
        near = [v for v in near if (before, v) in pairs or (v, after) in pairs]
    return near[0] if len(near) == 1 else word


def _derived_word(word: str) -> bool:
    """An Indonesian word formed from a root of four letters or more ("pelayaran": layar,
    "pertanyaan": tanya, "urutan": urut). A typo's stem is seldom such a root, or a short one
    ("pengadan": kad)."""
    root = stem(word)
    return root != word and len(root) >= 4 and root in root_words()


@dataclass(frozen=True)
class Correction:
    written: str
    read_as: str


_TITLE_WORD = re.compile(r"\b[A-Z][a-z]+\b")


def _names(text: str) -> frozenset[str]:
    """Words written as names are ("Siti Samiah"): capitalised, unless the only capital is
    the first word's ("Budidya udang", as phones write a sentence)."""
    titled = _TITLE_WORD.findall(text)
    first = re.match(r"\s*([A-Za-z]+)", text)
    if first and titled == [first.group(1)] and re.search(r"\b[a-z]", text):
        return frozenset()
    return frozenset(w.lower() for w in titled)


def corrected(
    text: str, known: Callable[[str], bool] | None = None
) -> tuple[str, tuple[Correction, ...]]:
    """The text, normalised (text.normalise, its words as written: no phrase joined), with
    each typo read as the word meant, and the corrections made (each once). A word written
    as a name, or one that `known` says the data holds as written (a name in the records,
    "Samiah"), is no typo."""
    raw = normalise(text, join=False).split()
    names = _names(text)
    out: list[str] = []
    changes: dict[tuple[str, str], Correction] = {}
    for i, w in enumerate(raw):
        read = w
        if w not in names:
            read = spell(w, raw[i - 1] if i else "", raw[i + 1] if i + 1 < len(raw) else "")
        if read != w and known is not None and known(w):
            read = w
        if read != w:
            changes.setdefault((w, read), Correction(w, read))
        out.append(read)
    return " ".join(out), tuple(changes.values())


def has_content(text: str) -> bool:
    """Whether a query says anything beyond question words and fillers ("siapa yang ahli?"
    does not): a word that is not a stop word, or a number."""
    return bool(words(text))


_ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\b")
# The civil service's own short forms, which name no field or skill: golongan (IV/a),
# education levels, kinds of staff and posts, and the short names of posts.
CIVIL_SERVICE_FORMS = frozenset(
    {
        "asn",
        "nip",
        "nik",
        "opd",
        "pns",
        "cpns",
        "pppk",
        "jf",
        "jpt",
        "skp",
        "tmt",
        "sk",
        "uptd",
        "ii",
        "iii",
        "iv",
        "sd",
        "smp",
        "sma",
        "smk",
        "d1",
        "d2",
        "d3",
        "d4",
        "s1",
        "s2",
        "s3",
        "sekda",
        "sekdin",
        "sekcam",
        "kadis",
        "kaban",
        "kabid",
        "kabag",
        "kasubag",
        "kasubbag",
        "kasi",
        "kasie",
        "kapus",
        "plt",
        "plh",
    }
)


@lru_cache(maxsize=1)
def _known_short_forms() -> frozenset[str]:
    """Every word the vocabulary, the abbreviation table or the stop words know."""
    known = {w for p in vocabulary_phrases() for w in _WORD.findall(p)}
    return frozenset(known | set(abbreviations()) | STOPWORDS | CIVIL_SERVICE_FORMS)


def unknown_abbreviations(text: str, known: Callable[[str], bool] | None = None) -> list[str]:
    """Abbreviations in the text (words written in capitals: "ULP") that neither the
    vocabulary nor the abbreviation table knows, nor a phrase that holds them ("vaksinasi
    PMK"), nor, where the caller can tell, the records as a word ("Budi SANTOSO"). Indonesian
    words written in capitals ("PERIKANAN") are words, not abbreviations; a text all in
    capitals says nothing either way."""
    out: list[str] = []
    if not re.search(r"[a-z]", text):
        return out  # all in capitals ("BUDI SANTOSO"): names and words look alike
    said = set(normalise(text).split())
    for m in _ABBREVIATION.finditer(text):
        token = m.group(0)
        low = token.lower()
        if low not in said or low in _known_short_forms() or is_root_word(low):
            continue
        if known is not None and known(low):
            continue  # the records hold it as a word (a name in capitals, a local term)
        if token not in out:
            out.append(token)
    return out
