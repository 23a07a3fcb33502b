"""A position named in words resolves to its catalogue entry: official names, the short forms
officials use, typos; several matches give the choices back, never a guess (issue 17, item 1).
"""

from __future__ import annotations

import pytest

from potret_ask.directory import Directory
from potret_ask.positions import CatalogueEntry, resolve
from potret_ask.reader import Conversation, read
from potret_seed.generator import Generator


def _catalogue() -> list[CatalogueEntry]:
    """The demo regency's catalogue (266 posts; 30 share the name Kasubbag Umum)."""
    generator = Generator(seed=2026)
    return [
        CatalogueEntry(p["position_id"], p["name"], p["opd"], p["jenis"])
        for p in generator.positions()
    ]


CATALOGUE = _catalogue()


@pytest.mark.parametrize(
    ("words", "position_id"),
    [
        ("Kepala Dinas Perikanan", "diskan-kepala"),
        ("kadis perikanan", "diskan-kepala"),
        ("Kepala Dinas Perikann", "diskan-kepala"),  # typo
        ("kepala dinas prikanan", "diskan-kepala"),
        ("Kadiskes", "dinkes-kepala"),
        ("kadis kesehatan", "dinkes-kepala"),
        ("Kasat Pol PP", "satpolpp-kepala"),
        ("Sekda", "setda-kepala"),
        ("sekretaris daerah", "setda-kepala"),
        ("Sekwan", "setwan-kepala"),
        ("Kalaksa BPBD", "bpbd-kepala"),
        ("Camat Manyar", "kec-manyar-kepala"),
        ("camat ujung pangkah", "kec-ujungpangkah-kepala"),
        ("Sekretaris Dinas Kesehatan", "dinkes-sekretaris"),
        ("sekdis dinkes", "dinkes-sekretaris"),
        ("Kabid Perikanan Budidaya", "diskan-unit-2"),
        ("Kasubbag Umum Dinkes", "dinkes-kasubbag-umum"),
        ("Kepala Subbagian Umum dan Kepegawaian Dinas Kesehatan", "dinkes-kasubbag-umum"),
        ("Irban II", "inspektorat-unit-2"),
        ("Kepala Dinas Ketahanan Pangan", "dkp-kepala"),
        ("Kadis DKP", "dkp-kepala"),  # the regency's DKP is food security, not fisheries
        ("Direktur RSUD Ibnu Sina", "rsud-ibnu-sina-kepala"),
        ("Kepala Dinas Perikanan Kabupaten Gresik", "diskan-kepala"),
        ("diskan-kepala", "diskan-kepala"),  # the catalogue id itself
    ],
)
def test_names_and_short_forms_resolve_to_the_catalogue_entry(words: str, position_id: str) -> None:
    found = resolve(words, CATALOGUE)
    assert found.entry is not None, (words, [c.position_id for c in found.choices])
    assert found.entry.position_id == position_id


@pytest.mark.parametrize(
    ("words", "must_include"),
    [
        ("Camat", {"kec-manyar-kepala", "kec-tambak-kepala"}),
        ("Kabid Perikanan", {"diskan-unit-1", "diskan-unit-2"}),
        ("Kepala Subbagian Umum dan Kepegawaian", {"dinkes-kasubbag-umum", "setda-kasubbag-umum"}),
        ("Kepala Dinas", {"diskan-kepala", "dinkes-kepala"}),
        ("Inspektur Pembantu", {"inspektorat-unit-1", "inspektorat-unit-2"}),
        # A reviewer's traps: a partial name is not a guess at the shortest match.
        ("Kepala Badan", {"bapenda-kepala", "bpkad-kepala"}),
        ("Sekretaris Badan", {"bapenda-sekretaris", "bpbd-sekretaris"}),
        ("Sekretaris", {"dinkes-sekretaris", "inspektorat-sekretaris"}),
        ("Kepala Bidang Pencegahan", {"bpbd-unit-2"}),
        ("Inspektur", {"inspektorat-kepala", "inspektorat-unit-1"}),
    ],
)
def test_several_matches_give_the_choices_back_not_a_guess(
    words: str, must_include: set[str]
) -> None:
    found = resolve(words, CATALOGUE, max_choices=50)
    assert found.entry is None
    assert must_include <= {c.position_id for c in found.choices}
    assert found.total_choices >= len(found.choices)


@pytest.mark.parametrize(
    "words",
    [
        "Kepala Dinas Kelautan",  # not a Gresik OPD
        "Kepala Dinas Perhubungan Laut",
        "Kepala Badan Narkotika",
        "Camat Surabaya",
        # Real words of other posts are not typos of catalogue words, and a head of a dinas
        # is never read as the head of one of its bidang.
        "Kepala Dinas Pertanahan",
        "Kepala Badan Kelautan",
        "Kepala Bidang Pengairan",
        "Kepala Dinas Peternakan",
    ],
)
def test_a_post_not_in_the_catalogue_matches_nothing(words: str) -> None:
    found = resolve(words, CATALOGUE)
    assert found.entry is None
    assert found.choices == ()


def test_a_word_of_the_catalogue_is_never_read_as_a_typo_of_another() -> None:
    # 'sekretariat' is one edit-pair from 'sekretaris': both are catalogue words, so neither
    # stands for the other (the Sekretariat DPRD's Kasubbag is not the Sekretaris DPRD).
    found = resolve("Sekretaris DPRD", CATALOGUE)
    assert found.entry is not None
    assert found.entry.position_id == "setwan-kepala"
    found = resolve("Sekretaris Sekretariat DPRD", CATALOGUE)
    assert found.entry is not None
    assert found.entry.position_id == "setwan-sekretaris"


def test_every_catalogue_entry_resolves_to_itself_by_name_and_opd() -> None:
    wrong = []
    for entry in CATALOGUE:
        found = resolve(f"{entry.name} {entry.opd}", CATALOGUE)
        if found.entry != entry:
            wrong.append((entry.position_id, [c.position_id for c in found.choices]))
    assert not wrong


def test_a_unique_name_resolves_without_its_opd() -> None:
    names: dict[str, int] = {}
    for entry in CATALOGUE:
        names[entry.name] = names.get(entry.name, 0) + 1
    for entry in CATALOGUE:
        if names[entry.name] == 1:
            found = resolve(entry.name, CATALOGUE)
            assert found.entry == entry, (entry.name, [c.position_id for c in found.choices])


def test_an_empty_catalogue_or_empty_words_match_nothing() -> None:
    assert resolve("Kepala Dinas Perikanan", []).entry is None
    assert resolve("  ", CATALOGUE).choices == ()


def _question(entry: CatalogueEntry, lead: str) -> str:
    """How an officer asks: the name alone when it is unique, else with its OPD."""
    unique = sum(1 for e in CATALOGUE if e.name == entry.name) == 1
    return f"{lead} {entry.name}?" if unique else f"{lead} {entry.name} di {entry.opd}?"


@pytest.mark.parametrize(
    "lead", ["siapa terbaik untuk", "10 calon terbaik untuk", "siapa yang cocok jadi"]
)
def test_every_catalogue_post_asked_in_the_chat_resolves_to_itself(lead: str) -> None:
    """The chat reads the question against the catalogue: for every post of the demo
    catalogue, that is the post asked about (with no people in the directory, so that no
    name is mistaken for a post)."""
    directory = Directory.build(sorted({e.opd for e in CATALOGUE}), CATALOGUE, ())
    wrong = []
    for entry in CATALOGUE:
        reading = read(_question(entry, lead), directory, Conversation())
        if reading.intent != "best_for_position" or reading.position_id != entry.position_id:
            wrong.append((_question(entry, lead), reading.intent, reading.position_id))
    assert not wrong, wrong[:10]
