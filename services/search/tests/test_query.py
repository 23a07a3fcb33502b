"""How the search box reads a query (pure: no Elasticsearch)."""

from __future__ import annotations

from potret_search.domain.query import SearchRequest, build_search, read_query


def test_a_word_of_two_senses_boosts_only_the_field_its_phrase_means() -> None:
    # "jaringan" alone is computer networks or irrigation; "jaringan irigasi" is public works
    # only: computer-network people get no expertise boost for it (they did before).
    reading = read_query("jaringan irigasi")
    assert reading.domains == ["pekerjaan_umum_penataan_ruang"]
    body = build_search(
        SearchRequest(q="jaringan irigasi", read_as=reading.read_as), reading.domains
    )
    boosted = [
        f["field_value_factor"]["field"] for f in body["query"]["function_score"]["functions"]
    ]
    assert boosted == ["expertise.pekerjaan_umum_penataan_ruang"]


def test_a_verb_whose_stem_looks_like_a_field_names_none() -> None:
    # "tunjukkan" stems near "pertunjukan" (culture); "berasal" near "asal" (food origin)
    assert read_query("tunjukkan ahli perikanan").domains == ["kelautan_perikanan"]
    assert read_query("pegawai berasal dari Gresik").domains == []


def test_fields_named_by_their_own_names_are_all_read_in_order() -> None:
    assert read_query("Perindustrian dan Perdagangan").domains == ["perindustrian", "perdagangan"]


def test_a_typo_is_read_before_the_fields() -> None:
    reading = read_query("ahli perikann")
    assert reading.read_as == "ahli perikanan"
    assert reading.domains == ["kelautan_perikanan"]
    assert [n.kind for n in reading.notes] == ["typo"]


def test_a_list_of_fields_is_read_as_the_chat_reads_it() -> None:
    # commas and "&" separate fields in the chat's reading; normalising dropped them here
    assert read_query("hukum, perikanan").domains == ["hukum", "kelautan_perikanan"]
    assert read_query("perpustakaan, kearsipan").domains == ["perpustakaan", "kearsipan"]
    assert read_query("hukum & PBJ").domains == ["hukum", "pengadaan_barang_jasa"]
