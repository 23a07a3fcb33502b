"""The words of the answers: Indonesian numbers, filters in words, labels for codes, and the
retirement questions the records cannot answer."""

from __future__ import annotations

import datetime as dt

from potret_ask import answers
from potret_ask.reader import Reading

TODAY = dt.date(2026, 12, 3)


def test_numbers_are_written_the_indonesian_way() -> None:
    assert answers.number(1234) == "1.234"
    assert answers.number(0.675, 2) == "0,68"
    assert answers.number(1234567.5, 1) == "1.234.567,5"


def test_filters_in_words_and_as_search_parameters() -> None:
    reading = Reading(
        intent="count",
        golongan=(("min", "IV/a"), ("max", "IV/e")),
        education=("S2", ">="),
        opd="Dinas Kesehatan",
        retire=("year", 2027),
    )
    assert answers.criteria(reading) == (
        " golongan IV/a sampai IV/e, pendidikan S2 ke atas, di Dinas Kesehatan, pensiun pada 2027"
    )
    assert answers.search_filters(reading, TODAY) == [
        ("opd", "Dinas Kesehatan"),
        ("golongan_min", "IV/a"),
        ("golongan_max", "IV/e"),
        ("education_min", "S2"),
        ("min_years_to_retirement", 1),
        ("max_years_to_retirement", 1),
    ]


def test_codes_get_their_indonesian_labels() -> None:
    assert answers.group_label("jenis_jabatan", "JF") == "pejabat fungsional"
    assert answers.group_label("jenis_kelamin", "P") == "Perempuan"
    assert answers.group_label("golongan", "III/c") == "III/c"


def test_retirement_questions_the_records_cannot_answer() -> None:
    assert answers.retirement_problem(Reading(intent="count", retire=("year", 2020)), TODAY) == (
        "Tahun 2020 sudah lewat; data pensiun yang tersedia mulai tahun 2026."
    )
    far = Reading(intent="list", retire=("within_years", 60))
    assert answers.retirement_problem(far, TODAY) == (
        "Paling jauh 45 tahun ke depan yang bisa ditanyakan."
    )
    assert answers.retirement_problem(Reading(intent="list", retire=("year", 2027)), TODAY) is None
