"""What names in a question resolve against: the OPDs, the position catalogue and the people
of the records (no I/O: the caller loads them and builds a `Directory`).

OPDs and posts are matched with the catalogue resolver (`positions.resolve`: short forms,
initials, typos within one edit); people by their name as recorded (academic titles and
honorifics ignored, case-insensitive, one typo in a long word tolerated), by the whole name or
by two or more of its words when those name one person only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from potret_ask.language import OPD_HEADS, POSITION_HEADS
from potret_ask.positions import SHORT_FORMS, CatalogueEntry, resolve
from potret_expertise.spelling import one_edit

HONORIFICS = frozenset(
    {"pak", "bu", "bapak", "ibu", "sdr", "saudara", "saudari", "mas", "mbak", "si", "bang", "kak"}
)


@dataclass(frozen=True)
class Person:
    nip: str
    name: str  # without academic titles, as the record's `name`
    opd: str = ""


def name_words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'-]*", text.lower())


def _near(a: str, b: str) -> bool:
    """Equal, or one edit apart when both are long (a typo in a name)."""
    return one_edit(a, b)


@dataclass
class Directory:
    """OPD names, catalogue posts and people, as the records have them."""

    opds: tuple[str, ...]
    positions: tuple[CatalogueEntry, ...]
    people: tuple[Person, ...] = ()
    _by_word: dict[str, list[int]] = field(default_factory=dict, init=False, repr=False)
    _opd_entries: tuple[CatalogueEntry, ...] = field(default=(), init=False, repr=False)

    def __post_init__(self) -> None:
        by_word: dict[str, list[int]] = defaultdict(list)
        for i, person in enumerate(self.people):
            for word in set(name_words(person.name)):
                by_word[word].append(i)
        self._by_word = dict(by_word)
        self._opd_entries = tuple(CatalogueEntry(o, o, o) for o in self.opds)

    @classmethod
    def build(
        cls,
        opds: Iterable[str],
        positions: Iterable[CatalogueEntry],
        people: Iterable[Person] = (),
    ) -> Directory:
        return cls(tuple(dict.fromkeys(opds)), tuple(positions), tuple(people))

    def opd(self, words: str) -> str | None:
        """The one OPD the words name, or None."""
        found = resolve(words, self._opd_entries)
        return found.entry.name if found.entry else None

    def position(self, words: str) -> CatalogueEntry | None:
        """The one catalogue post the words name, or None."""
        return resolve(words, self.positions).entry

    def position_choices(self, words: str) -> tuple[CatalogueEntry, ...]:
        """The posts the words could name when they name several ("Kasubbag Umum")."""
        return resolve(words, self.positions, max_choices=len(self.positions) or 1).choices

    def people_in(self, text: str) -> tuple[list[str], list[tuple[int, int]]]:
        """NIPs of the people named in `text` (in order) and the word spans they took."""
        words = name_words(text)
        found: list[str] = []
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            match = self._person_at(words, i)
            if match is None:
                i += 1
                continue
            nip, length = match
            if nip not in found:
                found.append(nip)
            spans.append((i, i + length))
            i += length
        return found, spans

    def _person_at(self, words: list[str], i: int) -> tuple[str, int] | None:
        honorific = i > 0 and words[i - 1] in HONORIFICS
        best: tuple[str, int] | None = None
        for length in (4, 3, 2, 1):
            if i + length > len(words):
                continue
            span = words[i : i + length]
            if length == 1 and not honorific:
                continue
            if all(w in INSTITUTIONAL for w in span):
                continue  # "Kepala Dinas" names a post, even if a record's name starts so
            matches = self._matching(span)
            if len(matches) == 1:
                best = (self.people[matches[0]].nip, length)
                break
        return best

    def _matching(self, span: list[str]) -> list[int]:
        """People whose name has these words in this order (consecutively), typos allowed."""
        first = span[0]
        candidates = set(self._by_word.get(first, ()))
        if not candidates and len(first) >= 5:
            for word, ids in self._by_word.items():
                if _near(first, word):
                    candidates.update(ids)
        exact, near = [], []
        for idx in candidates:
            name = name_words(self.people[idx].name)
            for start in range(len(name) - len(span) + 1):
                window = name[start : start + len(span)]
                if window == span:
                    exact.append(idx)
                    break
                if all(_near(a, b) for a, b in zip(span, window, strict=True)):
                    near.append(idx)
                    break
        return sorted(exact) if exact else sorted(near)  # a typo only when nothing is exact


# Words of posts and OPDs: a run of only these never names a person.
INSTITUTIONAL = frozenset(
    w
    for phrase in (*POSITION_HEADS, *OPD_HEADS, *SHORT_FORMS, *SHORT_FORMS.values())
    for w in phrase.split()
) | {"sekretaris", "direktur", "inspektur", "pelaksana", "camat", "lurah", "staf", "pegawai"}
