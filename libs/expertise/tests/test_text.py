"""join_phrases skips the phrases a text cannot hold (text._needles) with the same result as
applying every phrase's expression in turn."""

from __future__ import annotations

import re
from re import _parser  # type: ignore[attr-defined]

import pytest

from potret_expertise import text as T  # noqa: N812
from potret_seed.generator import Generator


def _needles(pattern: str, flags: int = 0) -> frozenset[str] | None:
    return T._needles(_parser.parse(pattern, flags))


@pytest.mark.parametrize(
    ("pattern", "needles"),
    [
        (r"\bpelatih\s+kerja\b", {"pelatih"}),
        # an optional part is not required: "kebutuhan", not "analisis"
        (r"\b(?:analisis\s+)?kebutuhan\s+(?:pelatihan|diklat)\b", {"kebutuhan"}),
        # each branch of an alternation must bring one of the strings
        (r"\b(?:vaksinasi|surveilans)\s+(?:x|y)\b", {"vaksinasi", "surveilans"}),
        # a lookahead is not a string the match holds
        (r"\bppk\s+(?=(?:pengadaan|kontrak)\b)", {"ppk"}),
        (r"\bpe(?:r)?lindungan\s+anak\b", {"lindungan"}),
        # a branch that may match nothing leaves the group without a required string
        (r"\b(?:abcdef|)\s*xy\b", {"xy"}),
        (r"(?:abc)+de", {"abc"}),
        (r"\s+\w*", None),
        (r"a?b?", None),
    ],
)
def test_needles_are_what_every_match_must_hold(pattern: str, needles: set[str] | None) -> None:
    assert _needles(pattern) == (frozenset(needles) if needles is not None else None)


def _every_phrase(text: str) -> str:
    for phrase, word in T._PHRASES:
        text = phrase.sub(word, text)
    return text


def test_a_pattern_of_either_case_has_no_needles() -> None:
    assert _needles("Pelatih", re.IGNORECASE) is None
    assert _needles("(?i:PELATIH) kerja") == frozenset({" kerja"})
    assert _needles("(?i:PELATIH)") is None


def test_every_phrase_has_needles() -> None:
    """A phrase without them would be searched in every text (correct, but slow)."""
    assert [p.pattern for p, _, needles in T._PHRASE_STEPS if needles == ("",)] == []


def _texts() -> list[str]:
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(T.normalise(value, join=False))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for person in Generator(11).people(400):
        walk(person)
    # Each phrase's own words, so that every expression meets a text it changes: the
    # literal alternatives of the pattern with the gaps filled by a space.
    for phrase, _ in T._PHRASES:
        source = re.sub(r"\(\?[=!<][^)]*\)|\\b|\?|\*|\+", "", phrase.pattern)
        source = source.replace(r"\s", " ").replace("(?:", "(")
        for branch in re.findall(r"[a-z ]+", source):
            found.add(" ".join(branch.split()))
        found.add(" ".join(re.sub(r"[()|]", " ", source).split()))
    return sorted(found)


def test_join_phrases_equals_every_phrase_in_turn() -> None:
    texts = _texts()
    changed = [t for t in texts if _every_phrase(t) != t]
    assert len(changed) > 100  # the corpus exercises the phrases
    assert [t for t in texts if T.join_phrases(t) != _every_phrase(t)] == []
