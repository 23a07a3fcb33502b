"""The words of the answers: Indonesian numbers, filters in words, labels for codes, and the
retirement questions the records cannot answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from potret_ask import answers
from potret_ask.interpretation import Interpretation
from potret_ask.positions import CatalogueEntry, Resolution
from potret_ask.reader import Reading
from potret_ask.results import Candidate, Cell, Factor, Grid, Ranking

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


# ---------------------------------------------------------------- whole answers

HEAD = Interpretation(
    "best_for_position",
    position="Kepala Dinas Perikanan",
    position_id="diskan-kepala",
    position_jenis="JPT",
)
AD_HOC = Interpretation(
    "best_for_position",
    domains=("kelautan_perikanan",),
    position="Kepala Dinas Kelautan",
    position_jenis="JPT",
)
SRI: dict[str, Any] = {
    "nip": "198001012005012001",
    "name": "Sri Wahyuni, S.Pi.",
    "jabatan": "Penyuluh",
    "opd": "Dinas Perikanan",
    "golongan": "III/c",
    "evidence": {
        "kelautan_perikanan": ["SKP 2025: budidaya", "Diklat tambak", "S1 Perikanan", "a fourth"]
    },
}
BUDI: dict[str, Any] = {
    "nip": "198202022006041002",
    "name": "Budi Santoso",
    "jabatan": "Analis",
    "opd": "Dinas Perikanan",
    "golongan": "IV/a",
    "evidence": {},
}
PEOPLE: dict[str, dict[str, Any]] = {SRI["nip"]: SRI, BUDI["nip"]: BUDI}


def _candidate(nip: str, score: float, rank: int = 1, **kw: Any) -> Candidate:
    factors = kw.pop("factors", (Factor("competency", score / 2), Factor("expertise", score / 2)))
    return Candidate(
        nip, score, kw.pop("eligible", True), "Memenuhi syarat.", rank, factors=factors, **kw
    )


def test_a_ranking_names_people_first_says_ties_and_the_holder() -> None:
    ranked = Ranking(
        candidates=(
            _candidate(SRI["nip"], 0.675, 1, tied=True),
            _candidate(BUDI["nip"], 0.675, 1, tied=True),
            _candidate("199001012015011003", 0.5, 3),  # not visible to the caller: NIP only
        ),
        considered=1234,
        eligible_total=12,
        policy_version="2026.1",
        fairness_note="Tidak ada ketimpangan.",
    )
    text = answers.ranking(HEAD, ranked, PEOPLE, holder=BUDI["nip"])
    lines = text.splitlines()
    assert lines[0] == (
        "Kandidat terbaik untuk Kepala Dinas Perikanan (12 dari 1234 ASN memenuhi syarat; "
        "kebijakan 2026.1):"
    )
    assert lines[1] == (
        f"Pemangku saat ini: Budi Santoso (NIP {BUDI['nip']}) (tidak dihitung sebagai kandidat)."
    )
    assert lines[2].startswith(f"1. (setara) Sri Wahyuni, S.Pi. (NIP {SRI['nip']}): skor 0,68.")
    assert lines[4].startswith("3. NIP 199001012015011003: skor 0,50.")
    assert lines[-1] == "Tidak ada ketimpangan."
    hidden = answers.ranking(HEAD, ranked, PEOPLE, holder="")  # an OPD-bound caller
    assert "Pemangku" not in hidden
    assert "undefined" not in text
    assert "None" not in text


def test_no_eligible_candidate_says_the_rules_most_often_unmet() -> None:
    ranked = Ranking(
        candidates=(),
        considered=50,
        eligible_total=0,
        policy_version="2026.1",
        unmet=(("Golongan minimal", 40), ("Pendidikan minimal", 30), ("Kinerja", 9), ("BUP", 1)),
    )
    text = answers.ranking(AD_HOC, ranked, {}, holder="")
    first, second = text.splitlines()
    assert first.startswith("Jabatan 'Kepala Dinas Kelautan' tidak ada di katalog jabatan")
    assert "jenjang pratama" in first
    assert "bidang Kelautan dan Perikanan" in first
    assert second == (
        "Belum ada ASN yang memenuhi semua syarat Kepala Dinas Kelautan (50 ASN diperiksa). "
        "Syarat yang paling sering belum terpenuhi: Golongan minimal: 40 ASN; Pendidikan "
        "minimal: 30 ASN; Kinerja: 9 ASN."
    )


def test_stated_minimums_do_not_change_a_catalogue_posts_requirements_and_it_is_said() -> None:
    asked = Interpretation(**{**HEAD.as_dict(), "golongan_min": "IV/c"})
    ranked = Ranking((_candidate(SRI["nip"], 0.7),), 10, 1, "2026.1")
    assert "tidak mengubahnya" in answers.ranking(asked, ranked, PEOPLE, holder="")
    assert "tidak mengubahnya" not in answers.ranking(HEAD, ranked, PEOPLE, holder="")


def test_an_explanation_sets_the_candidate_beside_the_first_factor_by_factor() -> None:
    leader = _candidate(
        SRI["nip"], 0.8, factors=(Factor("competency", 0.5), Factor("expertise", 0.3))
    )
    second = _candidate(
        BUDI["nip"],
        0.6,
        2,
        factors=(Factor("competency", 0.502), Factor("expertise", 0.1)),
        gaps=("Diklat PIM II belum ada",),
    )
    text = answers.explanation(HEAD, second, leader, PEOPLE)
    assert text.startswith(f"Budi Santoso (NIP {BUDI['nip']}) untuk Kepala Dinas Perikanan:")
    assert "Yang perlu dipenuhi: Diklat PIM II belum ada." in text
    assert "Peringkat 1 untuk jabatan ini: Sri Wahyuni, S.Pi." in text
    assert "(selisih 0,20); bedanya: keahlian bidang 0,10 lawan 0,30." in text  # < 0.005 left out
    assert "kompetensi" not in text
    # the first explained, or someone not eligible: no comparison with the first
    assert "Peringkat 1" not in answers.explanation(HEAD, leader, leader, PEOPLE)
    ineligible = _candidate(BUDI["nip"], 0.0, 0, eligible=False)
    assert "Peringkat 1" not in answers.explanation(HEAD, ineligible, leader, PEOPLE)
    assert "Yang perlu dipenuhi: tidak ada." in answers.explanation(HEAD, leader, None, PEOPLE)


def test_a_comparison_shows_labels_not_codes() -> None:
    scored = [
        _candidate(SRI["nip"], 0.7),
        _candidate(BUDI["nip"], 0.4, eligible=False, factors=(Factor("track_record", 0.4),)),
    ]
    text = answers.comparison(AD_HOC, scored, PEOPLE)
    lines = text.splitlines()
    assert lines[0].startswith("Jabatan 'Kepala Dinas Kelautan' tidak ada di katalog")
    assert lines[1] == "Perbandingan untuk Kepala Dinas Kelautan:"
    assert lines[3] == (
        f"- Budi Santoso (NIP {BUDI['nip']}): skor 0,40 (belum memenuhi syarat; rekam jejak 0,40)"
    )
    assert "track_record" not in text
    assert "competency" not in text


def test_the_9_box_counts_every_box_and_those_not_placed() -> None:
    talent = Grid(
        1500,
        (Cell(9, 12, "Bintang", ("a", "b")), Cell(5, 1400), Cell(0, 88)),
    )
    assert answers.grid("Dinas Kesehatan", talent) == (
        "Sebaran kotak talenta di Dinas Kesehatan (1.500 ASN): kotak 9: 12, kotak 5: 1.400; "
        "belum dapat ditempatkan: 88."
    )
    text = answers.box(None, talent, 9, [SRI])
    assert text.splitlines()[0] == (
        "Ada 12 ASN di kotak 9 (Bintang), dari 1.500 ASN; 1 yang pertama:"
    )
    assert answers.box(None, talent, 9, []).endswith("dari 1.500 ASN.")
    # a box the reply does not list: none there, and no empty "()" for its meaning
    assert answers.box(None, talent, 7, []) == "Ada 0 ASN di kotak 7, dari 1.500 ASN."


def test_counts_refuse_a_personal_breakdown_and_say_the_unknown() -> None:
    reading = Reading("count", opd="Dinas Kesehatan", group_by="jenis_kelamin")
    refused = answers.count(reading, 300, [], allowed=False)
    assert refused == (
        "Ada 300 ASN di Dinas Kesehatan.\nRincian menurut jenis kelamin adalah data pribadi: "
        "hanya untuk peran yang boleh melihat data pribadi (Admin BKPSDM)."
    )
    shown = answers.count(
        reading, 300, [{"value": "P", "count": 160}, {"value": "L", "count": 139}]
    )
    assert shown.splitlines()[1:] == [
        "Menurut jenis kelamin:",
        "- Perempuan: 160",
        "- Laki-laki: 139",
        "- Tidak diketahui: 1",
    ]
    plain = answers.count(Reading("count"), 10234, None)
    assert plain == "Ada 10.234 ASN."


def test_lists_say_how_many_more_and_lookups_name_first() -> None:
    text = answers.listing(Reading("list", status="PPPK"), 25, [SRI, BUDI])
    assert text.splitlines()[0] == "25 ASN berstatus PPPK:"
    assert text.splitlines()[-1] == "… dan 23 lainnya."
    assert answers.listing(Reading("list", status="PPPK"), 0, []) == (
        "Tidak ada ASN berstatus PPPK di data saat ini."
    )
    assert answers.lookup("Budi", [BUDI]).splitlines()[1] == (
        f"- Budi Santoso (NIP {BUDI['nip']}), Analis, Dinas Perikanan, golongan IV/a"
    )


def test_experts_show_at_most_three_lines_of_evidence_each() -> None:
    text = answers.experts("ASN berkeahlian Kelautan dan Perikanan", [SRI, BUDI])
    assert text.splitlines()[1].endswith("Bukti: SKP 2025: budidaya; Diklat tambak; S1 Perikanan")
    assert text.splitlines()[2].endswith("Bukti: belum ada bukti keahlian yang tercatat")
    # found by the words alone: where the words are in the record
    by_words = {**BUDI, "highlights": {"training_text": ["Bimtek <em>Pemetaan</em> Kompetensi"]}}
    assert answers.experts("ASN", [by_words]).endswith(
        "Bukti: kata-katanya ada di rekamannya: Bimtek Pemetaan Kompetensi"
    )
    assert (
        answers.experts("ASN berkeahlian X", []) == "Tidak ada ASN berkeahlian X di data saat ini."
    )


def test_vacancies_list_fifty_and_count_the_rest() -> None:
    empty = [
        CatalogueEntry(f"p{i}", f"Kepala Seksi {i}", "Dinas Perikanan", "PENGAWAS")
        for i in range(53)
    ]
    lines = answers.vacancies("both", "Dinas Perikanan", empty).splitlines()
    assert lines[0].startswith("Pelaksana tugas (Plt) belum tercatat")
    assert lines[1] == "53 jabatan di Dinas Perikanan tanpa pejabat definitif di katalog:"
    assert len(lines) == 2 + 50 + 1
    assert lines[-1] == "… dan 3 lainnya."
    assert answers.vacancies(None, None, []) == (
        "Semua jabatan di katalog tercatat memiliki pejabat definitif."
    )


def test_names_the_records_do_not_have_get_the_nearest() -> None:
    text = answers.not_found(("dinas perikann",), ["Dinas Perikanan", "Dinas Kesehatan"])
    assert text.startswith("'dinas perikann' tidak ditemukan di data. Yang mirip: Dinas Perikanan")
    assert answers.not_found(("badan antariksa",), ["Dinas Perikanan"]) == (
        "'badan antariksa' tidak ditemukan di data."
    )


def test_items_of_an_answer_and_the_topic_a_follow_up_keeps() -> None:
    assert answers.items("best_for_position", [{"nip": "1"}, {"group": "x"}, {"nip": "2"}]) == [
        "1",
        "2",
    ]
    assert answers.items("nine_box", [{"box": 9, "nips": ["a", "b"]}, {"box": 8}]) == ["a", "b"]
    assert answers.items("count", [{"nips": ["a"]}]) == []
    best = Reading("best_for_position", position_id="diskan-kepala")
    assert answers.topic_summary(best, "Kepala Dinas Perikanan", 5) == (
        "Kandidat Kepala Dinas Perikanan"
    )
    assert answers.topic_summary(Reading("compare", refs=(1, 2)), None, 0) is None
    assert answers.topic_summary(Reading("unknown"), None, 3) is None
    # a post's words are kept only for the topics about a post
    assert answers.topic_summary(Reading("count"), "Kepala Dinas Perikanan", 0) == "Jumlah ASN"


def test_refusals_and_help_give_an_example_to_ask() -> None:
    assert answers.refused("bahasa lain") == (
        "Pertanyaan tidak diproses: bahasa lain. Tanyakan tentang data ASN dalam bahasa "
        'Indonesia, mis. "siapa yang paham perikanan?".'
    )
    assert all(f'"{e}"' in answers.help_text() for e in answers.EXAMPLES)


def test_the_words_of_a_corrected_interpretation_and_of_a_ranking_service_down() -> None:
    it = Interpretation(
        "find_experts",
        domains=("kelautan_perikanan",),
        opd="dinas perikanan",
        golongan_min="III/a",
        retire_after_years=0,
    )
    assert answers.experts_in_fields(it) == (
        "ASN dengan keahlian Kelautan dan Perikanan (di Dinas Perikanan, golongan minimal III/a, "
        "masih minimal 0 tahun sebelum pensiun)"
    )
    assert answers.experts_for(Reading("find_experts", status="PNS")) == "ASN berstatus PNS"
    down = answers.ranking_down(HEAD, "Tidak ada ASN.")
    assert down.startswith("Layanan ranking sedang tidak tersedia")
    assert down.endswith("ASN dengan keahlian bidang Kepala Dinas Perikanan:\nTidak ada ASN.")


def test_choices_holders_and_other_opds_are_said_in_words() -> None:
    entries = tuple(
        CatalogueEntry(f"kec-{k.lower()}-camat", f"Camat {k}", f"Kecamatan {k}", "ADMINISTRATOR")
        for k in ("Manyar", "Kebomas")
    )
    text, results = answers.choices("camat", Resolution(None, entries, 18))
    assert text.splitlines() == [
        "'camat' cocok dengan 18 jabatan di katalog; sebutkan yang mana (nama jabatan dan "
        "OPD-nya):",
        "- Camat Manyar, Kecamatan Manyar (id kec-manyar-camat)",
        "- Camat Kebomas, Kecamatan Kebomas (id kec-kebomas-camat)",
        "… dan 16 lainnya.",
    ]
    assert [r["position_id"] for r in results] == ["kec-manyar-camat", "kec-kebomas-camat"]
    title = "Kepala Dinas Perikanan"
    assert answers.holder(title, None, has_holder=False) == (
        "Kepala Dinas Perikanan belum tercatat memiliki pejabat definitif."
    )
    assert "tidak dapat ditampilkan" in answers.holder(title, None, has_holder=True)
    assert answers.holder(title, BUDI, has_holder=True) == (
        f"Kepala Dinas Perikanan saat ini dijabat Budi Santoso (NIP {BUDI['nip']}), Analis, "
        "Dinas Perikanan, golongan IV/a."
    )
    assert answers.outside_opd(title, "Dinas Kesehatan") == (
        "Kepala Dinas Perikanan berada di luar OPD Anda (Dinas Kesehatan); pemangkunya tidak "
        "ditampilkan."
    )
    assert answers.other_opd("Dinas Kesehatan", "Dinas Perikanan") == (
        "Akses Anda terbatas pada Dinas Kesehatan; Dinas Perikanan di luar OPD Anda."
    )
    assert answers.comparison_without_post([SRI, BUDI]).splitlines()[0] == (
        "Sebutkan jabatan agar bisa dibandingkan skornya. Data keduanya:"
    )
    assert answers.person_not_found(()) == "ASN itu tidak ditemukan."
    assert answers.person_not_found(("Budi",)) == "ASN Budi tidak ditemukan."


def test_an_answer_by_words_leaves_out_who_matched_by_name_or_workplace_alone() -> None:
    # "siapa yang paham tambak?" with no field read is searched by its words: the clerk of
    # Kecamatan Tambak matched by the place, Pak Tambak by his name; neither is named.
    hits = [
        {"nip": "1", "matched": ["place"]},
        {"nip": "2", "matched": ["name"]},
        {"nip": "3", "matched": ["place", "work"]},
        {"nip": "4", "matched": []},  # came in by a field or skill held
    ]
    assert [h["nip"] for h in answers.by_work(hits)] == ["3", "4"]
