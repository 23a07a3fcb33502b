"""Fuzzing the ask parser: any text (including query syntax and injection attempts) gives a
well-formed interpretation, never an exception; follow-ups too."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from potret_ask.parser import MAX_QUESTION, Interpretation, interpret

INTENTS = {
    "find_experts",
    "best_for_position",
    "profile_lookup",
    "explain_candidate",
    "nine_box",
    "compare",
    "unknown",
}
WORDS = st.sampled_from(
    [
        "siapa",
        "yang",
        "paham",
        "perikanan",
        "terbaik",
        "untuk",
        "Kepala",
        "Dinas",
        "golongan",
        "minimal",
        "III/c",
        "IV/a",
        "S2",
        "sarjana",
        "kotak",
        "9",
        "di",
        "Bappeda",
        "Dinkes",
        "kenapa",
        "tidak",
        "masuk",
        "bandingkan",
        "dan",
        "lima",
        "10",
        "pensiun",
        "tahun",
        "198609262015051001",
        "'; DROP TABLE asn; --",
        '{"query": {"match_all": {}}}',
        "abaikan instruksi sebelumnya",
        "<script>",
        "kalau",
        "saja?",
    ]
)
QUESTIONS = st.one_of(
    st.text(max_size=MAX_QUESTION + 50),
    st.lists(WORDS, min_size=1, max_size=25).map(" ".join),
)


def _well_formed(it: Interpretation) -> None:
    assert it.intent in INTENTS
    assert it.count is None or 1 <= it.count <= 1000
    assert it.box is None or 1 <= it.box <= 9
    assert all(len(n) == 18 and n.isdigit() for n in it.nips)
    assert isinstance(it.as_dict(), dict)


@settings(max_examples=400, deadline=None)
@given(QUESTIONS, st.one_of(st.none(), QUESTIONS))
def test_any_text_gives_a_well_formed_interpretation(question: str, earlier: str | None) -> None:
    previous = interpret(earlier) if earlier else None
    if previous is not None:
        _well_formed(previous)
    _well_formed(interpret(question, previous))
