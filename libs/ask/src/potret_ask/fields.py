"""What a question says of fields: the domains it names (potret_expertise.asked, the one
reading the search box uses too), whether its words name a field and nothing else, and whether
it names a field's jabatan fungsional."""

from __future__ import annotations

import re

from potret_ask.language import table
from potret_expertise.asked import domains, long_forms, phrases_in
from potret_expertise.spelling import spell
from potret_expertise.thesaurus import thesaurus

__all__ = [
    "FOLLOW_WORDS",
    "domains",
    "field_words",
    "long_forms",
    "names_a_jf",
    "only_a_field",
    "phrases_in",
]

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
    return bool(words) and all(spell(w) in vocabulary for w in words)


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
