"""A reading as the ranking tools take it: pointers become NIPs (or say what is missing), a
post not in the catalogue is read from its words with its jenis (PP 18/2016 Pasal 95, domain
reference §4.4), and what the console's chips send back means the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from potret_ask.interpretation import (
    POSITION_INTENTS,
    Interpretation,
    ad_hoc_jenjang,
    ad_hoc_position,
    entry_title,
    from_reading,
    opd_name,
    search_filters,
)
from potret_ask.positions import CatalogueEntry
from potret_ask.reader import Conversation, Reading

HEAD = CatalogueEntry("diskan-kepala", "Kepala Dinas Perikanan", "Dinas Perikanan", "JPT")
KASUBBAG = CatalogueEntry(
    "dinkes-umum", "Kepala Subbagian Umum dan Kepegawaian", "Dinas Kesehatan", "PENGAWAS"
)
ENTRIES = {e.position_id: e for e in (HEAD, KASUBBAG)}
ANSWERED = POSITION_INTENTS | {"find_experts", "nine_box", "profile_lookup"}
NIPS = ("198001012005011001", "198202022006042002", "198503032010011003")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("kepala dinas kelautan", ("Kepala Dinas Kelautan", "JPT")),
        ("kadiskes", ("Kadiskes", "JPT")),
        ("sekcam Manyar", ("Sekretaris Kecamatan Manyar", "ADMINISTRATOR")),
        ("irban 2", ("Inspektur Pembantu 2", "ADMINISTRATOR")),  # not JPT like Inspektur
        # JPT pratama of a kabupaten (PP 18/2016 Pasal 95; domain reference §4.4)
        ("sekda", ("Sekretaris Daerah", "JPT")),
        ("sekwan", ("Sekretaris DPRD", "JPT")),
        ("inspektur", ("Inspektur", "JPT")),
        ("camat kebomas", ("Camat Kebomas", "ADMINISTRATOR")),
        ("kabid pemuda dan olahraga", ("Kepala Bidang Pemuda dan Olahraga", "ADMINISTRATOR")),
        ("kepala dinas kelautan yang S2", ("Kepala Dinas Kelautan", "JPT")),  # a filter stops it
        ("penyuluh kehutanan ahli madya", ("Penyuluh Kehutanan Ahli Madya", "JF")),
        ("calon pranata komputer terampil", ("Pranata Komputer Terampil", "JF")),
        # traps: a grade word alone, a skill word without a cue, a pointer's words
        ("pranata komputer terampil", (None, None)),
        ("ahli madya", (None, None)),
        ("maksud nya yang ahli madya", (None, None)),
        ("perikanan", (None, None)),
    ],
)
def test_a_post_not_in_the_catalogue_is_read_from_its_words(
    words: str, expected: tuple[str | None, str | None]
) -> None:
    assert ad_hoc_position(words) == expected


def test_the_jenjang_of_an_ad_hoc_post_comes_from_its_jenis_or_its_name() -> None:
    assert ad_hoc_jenjang(Interpretation("best_for_position", position_jenis="JPT")) == "PRATAMA"
    jf = Interpretation(
        "best_for_position", position="Penyuluh Perikanan Ahli Madya", position_jenis="JF"
    )
    assert ad_hoc_jenjang(jf) == "AHLI_MADYA"
    assert ad_hoc_jenjang(Interpretation("best_for_position", position_jenis="PENGAWAS")) == ""


def test_a_catalogue_post_is_titled_with_its_opd_only_when_the_name_does_not_say_it() -> None:
    assert entry_title(HEAD) == "Kepala Dinas Perikanan"
    assert entry_title(KASUBBAG) == "Kepala Subbagian Umum dan Kepegawaian (Dinas Kesehatan)"
    camat = CatalogueEntry("kec-manyar-camat", "Camat Manyar", "Kecamatan Manyar", "ADMINISTRATOR")
    assert entry_title(camat) == "Camat Manyar"


def test_pointers_become_the_nips_of_the_last_answer() -> None:
    conversation = Conversation(items=NIPS)
    reading = Reading("compare", refs=(1, 3), position_id="diskan-kepala", new_context=False)
    it, problem = from_reading(reading, conversation, ENTRIES, ANSWERED)
    assert problem is None
    assert it.nips == (NIPS[0], NIPS[2])
    assert it.position == "Kepala Dinas Perikanan"
    assert it.position_jenis == "JPT"
    assert it.follow_up


def test_a_pointer_beyond_the_last_answer_is_said_never_guessed() -> None:
    reading = Reading("explain_candidate", refs=(5,), position_id="diskan-kepala")
    it, problem = from_reading(reading, Conversation(items=NIPS), ENTRIES, ANSWERED)
    assert problem == "Jawaban sebelumnya hanya berisi 3 nama; nomor 5 tidak ada di sana."
    assert it.nips == ()
    _, nothing_before = from_reading(reading, Conversation(), ENTRIES, ANSWERED)
    assert nothing_before is not None
    assert "Belum ada daftar nama" in nothing_before


def test_an_ad_hoc_post_takes_its_own_fields_and_a_named_post_keeps_the_readers() -> None:
    reading = Reading("best_for_position", unresolved=("kepala dinas kelautan",))
    it, _ = from_reading(reading, Conversation(), ENTRIES, ANSWERED)
    assert (it.position, it.position_jenis, it.position_id) == (
        "Kepala Dinas Kelautan",
        "JPT",
        None,
    )
    assert "kelautan_perikanan" in it.domains
    said = Reading("best_for_position", domains=("kesehatan",), position_id="diskan-kepala")
    assert from_reading(said, Conversation(), ENTRIES, ANSWERED)[0].domains == ("kesehatan",)


def test_an_ad_hoc_posts_fields_are_read_as_a_question_reads_them() -> None:
    # "jaringan" is computer networks too; in "Jaringan Irigasi" it is public works only
    # (potret_expertise.asked, the one reading of search and chat; it was every field a
    # word could mean: Kominfo, persandian, pertanian as well)
    reading = Reading("best_for_position", unresolved=("kepala seksi jaringan irigasi",))
    it, _ = from_reading(reading, Conversation(), ENTRIES, ANSWERED)
    assert it.domains == ("pekerjaan_umum_penataan_ruang",)


def test_filters_take_one_minimum_each_and_intents_without_a_handler_are_unknown() -> None:
    reading = Reading(
        "best_for_position",
        position_id="diskan-kepala",
        golongan=(("min", "IV/a"), ("max", "IV/c")),
        education=("S2", ">="),
        retire=("min_years", 3),
        top=3,
    )
    it, _ = from_reading(reading, Conversation(), ENTRIES, ANSWERED)
    assert (it.golongan_min, it.education_min, it.retire_after_years, it.count) == (
        "IV/a",
        "S2",
        3,
        3,
    )
    within = Reading("best_for_position", position_id="diskan-kepala", retire=("within_years", 2))
    assert from_reading(within, Conversation(), ENTRIES, ANSWERED)[0].retire_after_years is None
    count = Reading("count", opd="Dinas Perikanan")
    assert from_reading(count, Conversation(), ENTRIES, ANSWERED)[0].intent == "unknown"


def test_an_opd_typed_in_lower_case_is_written_as_the_records_write_it() -> None:
    assert opd_name("dinas kesehatan") == "Dinas Kesehatan"
    assert opd_name("sekretariat dprd") == "Sekretariat DPRD"  # the records' spelling
    assert opd_name("rsud ibnu sina") == "RSUD Ibnu Sina"
    assert opd_name("dinas kb, pemberdayaan perempuan") == "Dinas KB, Pemberdayaan Perempuan"
    assert opd_name("dinas pemuda dan olahraga") == "Dinas Pemuda dan Olahraga"
    assert opd_name("Dinas Kependudukan dan Pencatatan Sipil") == (
        "Dinas Kependudukan dan Pencatatan Sipil"
    )
    assert opd_name(None) is None
    assert opd_name("") is None
    it = Interpretation(
        "find_experts", opd="dinas kesehatan", golongan_min="III/a", retire_after_years=0
    )
    assert search_filters(it) == [
        ("golongan_min", "III/a"),
        ("opd", "Dinas Kesehatan"),
        ("min_years_to_retirement", 0),  # zero is a filter, not "none"
    ]


@given(st.text(max_size=200))
def test_any_words_give_a_post_or_nothing_never_an_error(words: str) -> None:
    name, jenis = ad_hoc_position(words)
    assert (name is None) == (jenis is None)
    assert jenis in (None, "JPT", "ADMINISTRATOR", "PENGAWAS", "JF")
    if name is not None:
        assert name.strip() == name
        assert name
