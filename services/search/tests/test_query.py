"""How the search box reads a query (pure: no Elasticsearch)."""

from __future__ import annotations

from typing import Any

from potret_search.domain.query import (
    WORK_FIELDS,
    SearchRequest,
    build_search,
    matched_kinds,
    read_query,
)


def test_a_word_of_two_senses_boosts_only_the_field_its_phrase_means() -> None:
    # "jaringan" alone is computer networks or irrigation; "jaringan irigasi" is public works
    # only: computer-network people get no expertise boost for it (they did before).
    reading = read_query("jaringan irigasi")
    assert reading.domains == ["pekerjaan_umum_penataan_ruang"]
    body = build_search(
        SearchRequest(q="jaringan irigasi", read_as=reading.read_as), reading.domains
    )
    boosted = {
        f["field_value_factor"]["field"] for f in body["query"]["function_score"]["functions"]
    }
    assert boosted == {"expertise.pekerjaan_umum_penataan_ruang"}


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


def _work_clauses(q: str) -> list[dict[str, object]]:
    reading = read_query(q)
    body = build_search(SearchRequest(q=q, read_as=reading.read_as), reading.domains)
    found = []
    for clause in _walk(_scored(body)):
        mm = clause.get("multi_match") if isinstance(clause, dict) else None
        if isinstance(mm, dict) and mm.get("fields") == WORK_FIELDS:
            found.append(mm)
    return found


def _scored(body: dict[str, Any]) -> object:
    """The text query a body scores (not the field's narrowed boost, a function_score
    clause beside it that repeats the work clauses: those are no further clauses)."""
    query = body["query"]
    if "function_score" not in query:
        return query
    inner = query["function_score"]["query"]["bool"]
    return {**inner, "should": [c for c in inner.get("should", []) if "function_score" not in c]}


def _walk(node: object) -> list[object]:
    out = [node]
    if isinstance(node, dict):
        for v in node.values():
            out += _walk(v)
    elif isinstance(node, list):
        for v in node:
            out += _walk(v)
    return out


def test_the_record_words_clause_leaves_out_what_says_no_work() -> None:
    # a NIP typed with spaces: only the NIP matches (its digits would match a third of
    # the records' school names and years otherwise)
    assert _work_clauses("19800101 200501 1 001") == []
    # question words, numbers and administrative heads are no work
    [clause] = _work_clauses("ahli budidaya udang vaname di kabupaten gresik 2024")
    assert clause["query"] == "budidaya udang vaname gresik"
    assert clause["minimum_should_match"] == "2<50%"  # a long query needs half its words
    # "pernah menangani" (has handled) asks for what was handled: its two words made the
    # half of the words a record needs, and a Kasi Pemerintahan trained in mediating land
    # disputes said only two of four
    assert _work_clauses("pernah menangani sengketa tanah") == _work_clauses("sengketa tanah")
    assert _work_clauses("sengketa tanah")[0]["query"] == "sengketa tanah"
    # a place typed stays: the port of Bawean is asked for
    [clause] = _work_clauses("pelabuhan penyeberangan bawean")
    assert clause["query"] == "pelabuhan penyeberangan bawean"


def test_the_plain_clauses_search_the_words_as_written() -> None:
    # The stemmed fields hold joined phrases ("rekam medis" -> "rekammedis", "vaksinasi PMK"
    # -> "keswan"); the plain fields hold the record's words as written, so their clauses
    # search the query's words as written (typos read), never a joined form they cannot hold.
    for q, said in [
        ("vaksinasi PMK sapi", "vaksinasi pmk sapi"),
        ("perlindungan anak korban kekerasan", "perlindungan anak korban kekerasan"),
        ("petugas rekam medis", "petugas rekam medis"),
    ]:
        clauses = _work_clauses(q)  # with a post word ("petugas"): the whole, and a filter
        assert any(c["query"] == said for c in clauses), clauses
        reading = read_query(q)
        body = build_search(SearchRequest(q=q, read_as=reading.read_as), reading.domains)
        plain = [
            c["multi_match"]
            for c in _walk(body)
            if isinstance(c, dict)
            and isinstance(c.get("multi_match"), dict)
            and c["multi_match"].get("fields") == ["jabatan_work"]
        ]
        assert plain
        assert any(m["query"].split() == said.split() for m in plain)  # the whole clause
        assert all(set(m["query"].split()) <= set(said.split()) for m in plain)  # its filter
        assert body["highlight"]["highlight_query"]["multi_match"]["query"] == said


def test_a_post_word_or_a_grade_alone_cannot_satisfy_a_query_naming_the_work() -> None:
    # "penyuluh KB ahli muda": the farming officer, a Penyuluh Pertanian Ahli Muda, says the
    # post and the grade; each text clause must also find a work word, and only work words.
    reading = read_query("penyuluh KB ahli muda")
    body = build_search(
        SearchRequest(q="penyuluh KB ahli muda", read_as=reading.read_as), reading.domains
    )
    required = [
        f["multi_match"]["query"].split()
        for c in _walk(_scored(body))
        if isinstance(c, dict) and isinstance(c.get("bool"), dict)
        for f in c["bool"].get("filter", [])
        if isinstance(f, dict) and "multi_match" in f
    ]
    assert len(required) == 3  # the stemmed, the jabatan and the record-words clauses
    for words in required:
        assert not {"penyuluh", "suluh", "ahli", "muda"} & set(words), words


def test_the_typo_tolerance_of_the_plain_fields_keeps_the_first_letter() -> None:
    # "pelayanan" is two edits from "layanan" (of every Penata Layanan Operasional); a typo
    # is read with its first letter as typed, as the typo reader does
    body = build_search(SearchRequest(q="pelayanan", read_as="pelayanan"), [])
    text = body["query"]["bool"]["must"][0]["bool"]["should"]
    fuzzy = [
        c["multi_match"]
        for c in _walk(text)
        if isinstance(c, dict) and "fuzziness" in c.get("multi_match", {})
    ]
    assert fuzzy
    assert all(m["prefix_length"] == 1 for m in fuzzy)


def _post_clause(q: str) -> list[str]:
    """The words the post clause (the jabatan as written, its places apart) searches for `q`."""
    body = build_search(SearchRequest(q=q, read_as=read_query(q).read_as), [])
    text = body["query"]["bool"]["must"][0]["bool"]["should"]
    return [
        m["query"]
        for c in _walk(text)
        if isinstance(c, dict)
        for m in [c.get("multi_match")]
        if isinstance(m, dict) and m.get("fields") == ["jabatan_work"]
    ]


def test_the_chat_question_and_the_typed_words_make_the_same__post_clause() -> None:
    # the chat asks search with the whole question; its question words made three quarters
    # of the words unreachable for the post clause, so the two ranked the same topic apart
    assert _post_clause("siapa yang ahli inspeksi kesehatan lingkungan?") == _post_clause(
        "inspeksi kesehatan lingkungan"
    )


def test_question_words_leave_the_post_clause_and_the_highlights_title_words_stay() -> None:
    assert "kepala bidang perikanan" in _post_clause("kepala bidang perikanan")
    q = "siapa yang ahli inspeksi kesehatan lingkungan"
    body = build_search(SearchRequest(q=q, read_as=q), [])
    assert body["highlight"]["highlight_query"]["multi_match"]["query"] == (
        "inspeksi kesehatan lingkungan"
    )


def test_each_clause_is_named_once_in_a_request() -> None:
    # Elasticsearch leaves a _name given to two queries of one request undefined
    # (elastic/elasticsearch#101480: it reported one of them): the chat, which leaves out
    # hits matched by name or place alone, must see every work clause a hit matched.
    for q, domains, skills in (
        ("siapa yang paham pemetaan kemiskinan ekstrem", ["sosial"], []),
        ("analis kebijakan policy brief kader", [], []),
        ("budidaya udang vaname tambak", ["kelautan_perikanan"], ["perikanan_budidaya"]),
        ("196001012005011001 pak budi", [], []),
    ):
        body = build_search(SearchRequest(q=q, read_as=q), domains, skills)
        names = [
            c["_name"]
            for c in _walk(body)
            if isinstance(c, dict) and isinstance(c.get("_name"), str)
        ]
        assert names, q
        assert len(names) == len(set(names)), (q, names)
        assert {n.split(".")[0] for n in names} <= {"work", "name", "place", "nip"}
    assert matched_kinds(["work.2", "name.said", "work.0", "place"]) == ["name", "place", "work"]


def test_a_fact_of_the_record_sorts_with_missing_values_last_and_a_cursor_of_three() -> None:
    from potret_search.domain.query import FIELD_SORTS, sort_fields

    for sort, (field, order) in FIELD_SORTS.items():
        body = build_search(SearchRequest(q="perikanan", sort=sort), [])  # type: ignore[arg-type]
        assert body["sort"] == [
            {field: {"order": order, "missing": "_last"}},
            {"_score": "desc"},
            {"nip": "asc"},
        ]
        assert sort_fields(sort, []) == 3
    # longest service first is the earliest start; most years left is the latest retirement
    assert FIELD_SORTS["masa_kerja"] == ("service_start", "asc")
    assert FIELD_SORTS["pensiun"] == ("retirement_year", "desc")
    assert FIELD_SORTS["golongan"] == ("golongan_rank", "desc")
    assert sort_fields("relevance", []) == 2


def _term_clauses(body: dict[str, Any]) -> list[tuple[tuple[str, ...], float]]:
    """The TERM_SAID clauses of a search body: (skill terms asked, boost)."""
    found: list[tuple[tuple[str, ...], float]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            score = node.get("constant_score")
            if isinstance(score, dict) and "skill_terms" in score.get("filter", {}).get(
                "terms", {}
            ):
                found.append((tuple(score["filter"]["terms"]["skill_terms"]), score["boost"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(body)
    return found


def test_a_skill_read_by_its_terms_asks_for_the_records_saying_them() -> None:
    # "budidaya udang vaname" reads aquaculture by three of its terms: each is asked for as the
    # records' evidence says it (documents.py skill_terms), a constant beside the skill's score
    reading = read_query("budidaya udang vaname")
    assert reading.skills == ["perikanan_budidaya"]
    body = build_search(
        SearchRequest(q="budidaya udang vaname", read_as=reading.read_as),
        reading.domains,
        reading.skills,
    )
    # (one clause: a record saying all three nested terms is no three times the specialist)
    assert _term_clauses(body) == [
        (
            (
                "perikanan_budidaya budidaya udang",
                "perikanan_budidaya udang vaname",
                "perikanan_budidaya vaname",
            ),
            4.0,
        )
    ]
    # a skill read from a word said alone names no term; a query naming only fields none;
    # a place after its head ("Kecamatan Tambak") is no fishpond term
    for q, skills in [("pengawasan", ["audit_pengawasan"]), ("perikanan", [])]:
        reading = read_query(q)
        assert reading.skills == skills
        body = build_search(SearchRequest(q=q, read_as=reading.read_as), reading.domains, skills)
        assert _term_clauses(body) == []
    reading = read_query("budidaya bandeng kecamatan tambak")
    body = build_search(
        SearchRequest(q="budidaya bandeng kecamatan tambak", read_as=reading.read_as),
        reading.domains,
        reading.skills,
    )
    assert all("tambak" not in term for terms, _ in _term_clauses(body) for term in terms)
