"""Typos read as the field or skill word meant, and what a query cannot be read as."""

from __future__ import annotations

import pytest

from potret_expertise.spelling import corrected, has_content, spell, unknown_abbreviations


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("budidya udang vaname", "budidaya udang vaname"),
        ("ahli perikann", "ahli perikanan"),
        ("jaringn komputer", "jaringan komputer"),
        ("epidemiolgi", "epidemiologi"),
        ("audtor internal", "auditor internal"),
        # one edit from two words (pengadaan, pengaduan): the phrase with its neighbour decides
        ("pengadan barang jasa", "pengadaan barang jasa"),
        # a spelling variant the abbreviation table knows
        ("kesehtan ibu dan anak", "kesehatan ibu dan anak"),
        # five letters: two neighbours swapped, every letter kept
        ("kliam BPJS rumah sakit", "klaim bpjs rumah sakit"),
        ("pajka daerah", "pajak daerah"),
    ],
)
def test_a_typo_is_read_as_the_word_meant(typed: str, read: str) -> None:
    text, fixes = corrected(typed)
    assert text == read
    assert fixes
    assert all(f.written in typed and f.read_as in read for f in fixes)


@pytest.mark.parametrize(
    "typed",
    [
        "Siti Samiah",  # a name one edit from "sampah"
        "pelayaran",  # formed from "layar": a word, not a typo of "pelayanan"
        "pendaratan ikan",  # "darat", not "pendapatan"
        "menyusun APBD",  # "susun", not "menyusui"
        "tangan terampil",  # an Indonesian word one edit from "pangan" is a word, not a typo
        "Susanti Hartono",  # names
        "pajek",  # five letters: too many neighbours to guess
        "bukti",  # a word; a swap of "bukit" (and "asing" of "saing") is no typo
        "Kalim Sari",  # a name one swap from "klaim"
        "klaim askes",  # PT Askes, BPJS Kesehatan's forerunner, is no typo of "akses"
        "lkaim",  # five letters, but the first letter moved: not read
        "aset pemda",  # (review) a short form one letter from "pemuda"
        "pivot table",  # and an English word one from "tablet"
        "pengadan",  # pengadaan or pengaduan, and no neighbour to tell
        "198609262015051001",
        "perikanan budidaya",  # already right
    ],
)
def test_what_is_not_a_typo_stays_as_written(typed: str) -> None:
    text, fixes = corrected(typed)
    assert fixes == ()
    assert text == typed.lower()


def test_spell_reads_a_word_with_its_neighbours() -> None:
    assert spell("pengadan", "", "barang") == "pengadaan"
    assert spell("pengadan", "", "masyarakat") == "pengaduan"
    assert spell("pengadan") == "pengadan"


@pytest.mark.parametrize(
    ("query", "unknown"),
    [
        ("ahli ULP dan SPIP", ["ULP"]),  # SPIP is a term of the audit skill
        ("pengadaan PBJ, GIS, APBD", []),
        ("XYZ XYZ pemetaan", ["XYZ"]),  # once
        ("golongan IV/a lulusan S2 di OPD, NIP", []),  # the civil service's own short forms
        ("PERIKANAN BUDIDAYA", []),  # words in capitals are words
        ("vaksinasi PMK sapi", []),  # held by a known phrase
        ("ulp", []),  # lower case: not read as an abbreviation
        ("BUDI SANTOSO", []),  # all in capitals: names and words look alike
        ("KABID pertanian, SEKDA", []),  # the short names of posts
    ],
)
def test_unknown_abbreviations_are_named(query: str, unknown: list[str]) -> None:
    assert unknown_abbreviations(query) == unknown


@pytest.mark.parametrize(
    ("query", "content"),
    [
        ("siapa yang ahli?", False),
        ("siapa yg paham ya", False),
        ("?!", False),
        ("siapa yang paham perikanan?", True),
        ("Siti", True),
        ("198609262015051001", True),
    ],
)
def test_a_query_of_only_question_words_has_no_content(query: str, content: bool) -> None:
    assert has_content(query) is content


def test_a_word_the_records_hold_as_written_is_no_typo() -> None:
    assert corrected("siti samiah")[0] == "siti sampah"  # nothing tells it is a name
    assert corrected("siti samiah", known=lambda w: w == "samiah")[0] == "siti samiah"
    # written as a sentence, the first word is no name: still read
    assert corrected("Budidya udang")[0] == "budidaya udang"
    # one note per word, however often typed
    assert len(corrected("budidya budidya")[1]) == 1


def test_a_name_in_capitals_the_records_hold_is_no_unknown_abbreviation() -> None:
    assert unknown_abbreviations("Budi SANTOSO penyuluh") == ["SANTOSO"]
    assert unknown_abbreviations("Budi SANTOSO penyuluh", known=lambda w: w == "santoso") == []
