import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from potret.asn.v1 import profile_events_pb2 as pb
from potret_search.adapters.events import action_for
from potret_search.domain.documents import (
    ADDITIVE_FROM,
    DERIVATION,
    DERIVED_FIELDS,
    INDEX_MAPPINGS,
    MAPPED_FIELDS,
    MAPPING_VERSION,
    document_for,
    mapping_digest,
)
from potret_search.domain.query import (
    SKILL_BOOST,
    UNSAID_FIELD_SHARE,
    UNSAID_SKILL_SHARE,
    InvalidCursor,
    SearchRequest,
    build_search,
    decode_cursor,
    encode_cursor,
)

NIP = "198609262015051001"
TODAY = dt.date(2026, 11, 1)


def _event(change: int, version: int) -> pb.ProfileChanged:
    ts = Timestamp()
    ts.FromSeconds(1_790_000_000)
    return pb.ProfileChanged(
        event_id="e",
        nip=NIP,
        version=version,
        occurred_at=ts,
        change_type=change,  # type: ignore[arg-type]
        profile=pb.Profile(
            nip=NIP,
            name="Siti Aminah",
            full_name="Siti Aminah, S.Pi.",
            golongan="III/c",
            jabatan="Penyuluh Perikanan Ahli Muda",
            jenis_jabatan="JF",
            jenjang="AHLI_MUDA",
            opd="Dinas Perikanan",
            positions=[
                pb.PositionRecord(
                    jabatan="Penyuluh Perikanan Ahli Muda",
                    jenis="JF",
                    opd="Dinas Perikanan",
                    tmt_start="2018-01-01",
                )
            ],
            education=[
                pb.Education(
                    level="S1",
                    major="Budidaya Perairan",
                    year=2009,
                    institution="Universitas Brawijaya",
                )
            ],
        ),
    )


def test_update_becomes_document_with_stems_expertise_and_evidence() -> None:
    action = action_for(_event(pb.CHANGE_TYPE_UPDATED, 4), today=TODAY)
    doc = action.document
    assert (action.version, doc["version"], doc["deleted"]) == (4, 4, False)
    assert doc["full_name"] == "Siti Aminah, S.Pi."
    assert doc["golongan_rank"] == 11
    assert doc["education_level"] == "S1"
    assert "ikan" in doc["jabatan_stem"].split()
    assert "kelautan_perikanan" in doc["domains"]
    assert doc["expertise"]["kelautan_perikanan"] > 0.5
    assert (
        "S1 Budidaya Perairan, Universitas Brawijaya, 2009" in doc["evidence"]["kelautan_perikanan"]
    )
    assert doc["retirement_year"] == 1986 + 58
    assert set(doc) <= set(INDEX_MAPPINGS["properties"])


def test_the_retirement_year_follows_siasns_tmt_pensiun_when_recorded() -> None:
    event = _event(pb.CHANGE_TYPE_UPDATED, 4)
    # born 1986-09: BUP 60 in SIASN (TMT pensiun the month after the birthday), not 58
    event.profile.tmt_pensiun, event.profile.bup_pensiun = "2046-10-01", 60
    assert action_for(event, today=TODAY).document["retirement_year"] == 1986 + 60
    # a December birthday retires on 1 January: the BUP is still reached the year before
    event.profile.tmt_pensiun = "2047-01-01"
    assert action_for(event, today=TODAY).document["retirement_year"] == 2046


def test_the_retirement_year_follows_a_recorded_birth_date_other_than_the_nips() -> None:
    event = _event(pb.CHANGE_TYPE_UPDATED, 4)
    by_nip = action_for(event, today=TODAY).document["retirement_year"]
    # the record corrected to a year earlier (NIP-CONSIST: the NIP never changes)
    event.profile.birth_date = "1985-09-26"
    assert action_for(event, today=TODAY).document["retirement_year"] == by_nip - 1


def test_the_work_fields_hold_no_place_and_the_places_are_kept_apart() -> None:
    # The Sekretaris Kecamatan Tambak's post and the UPT Puskesmas Tambak say where the work
    # is, not what it is: the fields the words are matched as work hold no "Tambak"; the
    # places field holds it, for a query naming the place. A JF title ending "di Daerah" is
    # no place.
    profile = {
        "nip": NIP,
        "name": "Siti Aminah",
        "jabatan": "Sekretaris Kecamatan Tambak",
        "opd": "Kecamatan Tambak",
        "unit": "UPT Puskesmas Tambak",
        "positions": [
            {
                "jabatan": "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah Ahli Muda",
                "jenis": "JF",
                "opd": "Inspektorat",
                "tmt_start": "2015-01-01",
                "tmt_end": "2019-12-31",
            },
            {"jabatan": "Sekretaris Kecamatan Tambak", "opd": "Kecamatan Tambak"},
        ],
    }
    doc = document_for(profile, today=TODAY)
    assert doc["jabatan"] == "Sekretaris Kecamatan Tambak"  # shown as written
    assert doc["unit"] == "UPT Puskesmas Tambak"
    assert (doc["jabatan_work"], doc["unit_work"]) == ("Sekretaris Kecamatan", "UPT Puskesmas")
    for field in ("jabatan_stem", "opd_stem"):
        assert "tambak" not in doc[field].split(), field
    assert "p2upd" in doc["jabatan_stem"].split()  # the whole title, read as its JF
    assert doc["places"] == "tambak"
    assert set(doc) <= set(INDEX_MAPPINGS["properties"])


@pytest.mark.parametrize(
    ("jabatan", "unit", "work", "places"),
    [
        # (review) a site keeps its head, a post its work: the market's head is a market's
        (
            "Kepala UPT Pasar Sidayu",
            "UPT Pasar Sidayu",
            ("Kepala UPT Pasar", "UPT Pasar"),
            "sidayu",
        ),
        (
            "Pengelola Data di Bidang Perikanan Budidaya",
            "Bidang Perikanan Budidaya",
            ("Pengelola Data di Bidang Perikanan Budidaya", "Bidang Perikanan Budidaya"),
            "",
        ),
        (
            "Penyuluh Perikanan Ahli Muda",
            "Wilayah Kerja Kecamatan Sangkapura dan Tambak",
            ("Penyuluh Perikanan Ahli Muda", "Wilayah Kerja Kecamatan"),
            "sangkapura tambak",
        ),
    ],
)
def test_a_post_or_unit_loses_only_its_place_names(
    jabatan: str, unit: str, work: tuple[str, str], places: str
) -> None:
    profile = {"nip": NIP, "name": "Siti Aminah", "jabatan": jabatan, "unit": unit, "opd": ""}
    doc = document_for(profile, today=TODAY)
    assert (doc["jabatan_work"], doc["unit_work"]) == work
    assert doc["places"] == places


def test_no_phrase_spans_two_items_of_a_record() -> None:
    # Two trainings, "... Pelatih" and "Kerja Bakti ...", are no "pelatih kerja" (a BLK's
    # vocational trainer): each item is read on its own, as the expertise reads it.
    profile = {
        "nip": NIP,
        "name": "Siti Aminah",
        "jabatan": "Analis Kerja Sama",
        "opd": "Sekretariat Daerah",
        "trainings": [
            {"name": "Pelatihan Pelatih", "year": 2024},
            {"name": "Kerja Bakti Daerah", "year": 2025},
        ],
        "education": [
            {"level": "S1", "major": "Ilmu Pemerintahan", "institution": "Universitas Pelatih"},
            # no level: its words follow the first degree's directly
            {"level": "", "major": "Kerja Sosial", "institution": "Universitas Airlangga"},
        ],
    }
    doc = document_for(profile, today=TODAY)
    for field in ("training_stem", "education_stem"):
        assert "pelatihkerja" not in doc[field].split(), field
        assert {"latih", "kerja"} <= set(doc[field].split()), field
    # one item that says it is still read as the phrase
    profile["trainings"] = [{"name": "Pelatihan Pelatih Kerja", "year": 2024}]
    assert "pelatihkerja" in document_for(profile, today=TODAY)["training_stem"].split()


def test_delete_becomes_tombstone_without_profile_fields() -> None:
    doc = action_for(_event(pb.CHANGE_TYPE_DELETED, 5)).document
    assert {k: doc[k] for k in ("nip", "deleted", "version")} == {
        "nip": NIP,
        "deleted": True,
        "version": 5,
    }
    assert "name" not in doc


def test_document_ignores_personal_fields() -> None:
    base = {
        "nip": NIP,
        "name": "A",
        "golongan": "III/a",
        "jabatan": "Analis",
        "opd": "Dinas Perikanan",
    }
    with_personal = {**base, "personal": {"religion": "Islam", "nik": "3525010101900001"}}
    assert document_for(base, today=TODAY) == document_for(with_personal, today=TODAY)


def test_query_text_never_becomes_query_string_syntax() -> None:
    hostile = 'perikanan" OR nip:* AND {"script": 1}'
    body = build_search(SearchRequest(q=hostile), [])
    text = str(body)
    assert "query_string" not in text
    assert "simple_query_string" not in text


def test_domain_lookup_filters_to_domain_and_boosts_expertise() -> None:
    body = build_search(
        SearchRequest(domains=["kelautan_perikanan"], sort="expertise"), ["kelautan_perikanan"]
    )
    fs = body["query"]["function_score"]
    assert fs["functions"][0]["field_value_factor"]["field"] == "expertise.kelautan_perikanan"
    assert {"terms": {"domains": ["kelautan_perikanan"]}} in fs["query"]["bool"]["filter"]
    assert list(body["sort"][0]) == ["expertise.kelautan_perikanan"]


def test_exact_nip_gets_a_term_clause() -> None:
    body = build_search(SearchRequest(q="19860926 201505 1 001"), [])
    assert {"term": {"nip": {"value": NIP, "boost": 50, "_name": "nip"}}} in body["query"]["bool"][
        "must"
    ][0]["bool"]["should"]


@pytest.mark.parametrize("values", [[1.5, "198609262015051001"], [3, 0.2, "x"]])
def test_cursor_round_trips(values: list[object]) -> None:
    assert decode_cursor(encode_cursor(values)) == values


@pytest.mark.parametrize("bad", ["", "!!!", "bm90IGpzb24", "e30"])
def test_foreign_cursor_is_refused(bad: str) -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(bad)


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        (["abc", "x"], 2),  # decodes, but text where the score goes (ES: 400, was a 503)
        ([1.5, "198609262015051001"], 3),  # a relevance cursor on an expertise sort
        ([1.5, 2.0], 2),  # no NIP last
        ([True, "198609262015051001"], 2),
        ([1.5, "1986; DROP"], 2),
        ([float("nan"), "198609262015051001"], 2),
        ([float("inf"), "198609262015051001"], 2),
        ([2**70, "198609262015051001"], 2),
    ],
)
def test_a_crafted_cursor_that_does_not_fit_the_sort_is_refused(
    values: list[object], fields: int
) -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(encode_cursor(values), fields)


def test_a_cursor_of_either_sort_is_accepted() -> None:
    assert decode_cursor(encode_cursor([0.5, "198609262015051001"]), 2)
    assert decode_cursor(encode_cursor([0.8, 3.2, "198609262015051001"]), 3)


def test_a_skill_named_adds_its_score_and_lets_the_domains_count_a_quarter() -> None:
    body = build_search(
        SearchRequest(q="budidaya udang vaname"), ["kelautan_perikanan"], ["perikanan_budidaya"]
    )
    functions = body["query"]["function_score"]["functions"]
    assert [f["field_value_factor"]["field"] for f in functions] == [
        "expertise.kelautan_perikanan",
        "skills.perikanan_budidaya",
    ]
    # 12 x 0.25: a share of it and of the skill's boost for every record ("budidaya" alone
    # names no field and no skill: the words narrow them), the rest for those whose work says
    # the words, in a clause of their own
    assert functions[0]["field_value_factor"]["factor"] == 3.0 * UNSAID_FIELD_SHARE
    assert functions[1]["field_value_factor"]["factor"] == SKILL_BOOST * UNSAID_SKILL_SHARE
    [narrowed] = [
        c["function_score"]
        for c in body["query"]["function_score"]["query"]["bool"]["should"]
        if "function_score" in c
    ]
    assert [
        (f["field_value_factor"]["field"], f["field_value_factor"]["factor"])
        for f in narrowed["functions"]
    ] == [
        ("expertise.kelautan_perikanan", 3.0 * (1 - UNSAID_FIELD_SHARE)),
        ("skills.perikanan_budidaya", SKILL_BOOST * (1 - UNSAID_SKILL_SHARE)),
    ]
    assert narrowed["boost_mode"] == "replace"
    # the text query's work clauses, unnamed (each name once in a request)
    text = body["query"]["function_score"]["query"]["bool"]["should"][0]["bool"]["should"]
    work = [c["bool"]["must"][0] for c in text if c.get("bool", {}).get("_name", "")[:5] == "work."]
    assert work
    assert narrowed["query"]["bool"]["should"] == work
    should = body["query"]["function_score"]["query"]["bool"]["should"]
    assert {"terms": {"skill_codes": ["perikanan_budidaya"]}} in should
    # a pure skill lookup (the chat): people with the field's or the skill's evidence only
    lookup = build_search(
        SearchRequest(domains=["kelautan_perikanan"]),
        ["kelautan_perikanan"],
        ["perikanan_budidaya"],
    )
    held = lookup["query"]["function_score"]["query"]["bool"]["filter"][-1]["bool"]["should"]
    assert held == [
        {"terms": {"domains": ["kelautan_perikanan"]}},
        {"terms": {"skill_codes": ["perikanan_budidaya"]}},
    ]
    # without a skill, the field's full boost
    narrowed = build_search(SearchRequest(q="pemetaan kemiskinan ekstrem"), ["sosial"])
    factors = [
        f["field_value_factor"]["factor"] for f in narrowed["query"]["function_score"]["functions"]
    ]
    assert factors == [12.0 * UNSAID_FIELD_SHARE]
    assert any(
        "function_score" in c
        for c in narrowed["query"]["function_score"]["query"]["bool"]["should"]
    )
    # a query of the field's own words narrows nothing: the field's whole boost, unfiltered
    # (a hospital's doctor, whose record never says "kesehatan", is a health person)
    for q, field in (("perikanan", "kelautan_perikanan"), ("kesehatan", "kesehatan")):
        plain = build_search(SearchRequest(q=q), [field])
        [whole] = plain["query"]["function_score"]["functions"]
        assert whole == {
            "field_value_factor": {"field": f"expertise.{field}", "factor": 12.0, "missing": 0}
        }
        should = plain["query"]["function_score"]["query"]["bool"]["should"]
        assert not any("function_score" in c for c in should)
    # a skill said in its own words narrows nothing either: "stunting" is the skill whole
    stunting = build_search(SearchRequest(q="stunting"), ["kesehatan"], ["gizi_stunting"])
    assert [
        f["field_value_factor"]["factor"] for f in stunting["query"]["function_score"]["functions"]
    ] == [3.0, SKILL_BOOST]
    # without words (an expertise lookup) the whole boost, unfiltered
    lookup_plain = build_search(
        SearchRequest(domains=["kelautan_perikanan"]), ["kelautan_perikanan"]
    )
    [whole] = lookup_plain["query"]["function_score"]["functions"]
    assert whole == {
        "field_value_factor": {
            "field": "expertise.kelautan_perikanan",
            "factor": 12.0,
            "missing": 0,
        }
    }


def test_the_generic_pelaksana_names_are_no_words_of_work() -> None:
    # PermenPANRB 45/2022: a Penata Layanan Operasional of the parks UPT tends parks; its
    # title's "layanan" made it a first answer for "pelayanan" (public service)
    doc = document_for(
        {
            "nip": NIP,
            "name": "A",
            "golongan": "II/c",
            "jabatan": "Penata Layanan Operasional",
            "opd": "Dinas Perumahan Rakyat dan Kawasan Permukiman",
            "unit": "UPT Pertamanan dan Pemakaman",
        },
        today=TODAY,
    )
    assert "layan" not in doc["jabatan_stem"].split()
    assert doc["jabatan"] == "Penata Layanan Operasional"  # shown and matched as written
    clerk = document_for(
        {"nip": NIP, "name": "A", "golongan": "III/a", "jabatan": "Kepala Seksi Pelayanan"},
        today=TODAY,
    )
    assert "layan" in clerk["jabatan_stem"].split()


def test_a_change_of_the_index_fields_comes_with_a_new_mapping_version() -> None:
    # The mapping is strict: an index of this MAPPING_VERSION built before a skill was added
    # has no score field for it, and every document scored with the skill is refused there
    # (strict_dynamic_mapping_exception) until the index is upgraded. A new version with the
    # previous one in ADDITIVE_FROM upgrades it in place at start (adapters/index.py).
    assert max(MAPPED_FIELDS) == MAPPING_VERSION, "MAPPED_FIELDS names no digest of this version"
    assert mapping_digest() == MAPPED_FIELDS[MAPPING_VERSION], (
        "the index fields differ from those of this mapping version: raise MAPPING_VERSION, "
        "add the previous version to ADDITIVE_FROM (new fields only) and "
        f"MAPPED_FIELDS[{MAPPING_VERSION + 1}] = {mapping_digest()!r}"
    )


def test_a_record_indexed_on_any_day_of_a_month_scores_the_same() -> None:
    # Fisheries work that ended in June 2018 fades with the days since: measured at the day
    # each instance indexed it, 5 and 6 December gave two scores for one record (the ranking
    # read model measures it at the same date: the first of the month).
    profile = {
        "nip": "198609262015051001",
        "name": "Rina Lestari",
        "golongan": "III/c",
        "jabatan": "Analis Kebijakan",
        "opd": "Bappeda",
        "positions": [
            {
                "jabatan": "Penyuluh Perikanan",
                "opd": "Dinas Perikanan",
                "tmt_start": "2010-03-01",
                "tmt_end": "2018-06-01",
            },
            {"jabatan": "Analis Kebijakan", "opd": "Bappeda", "tmt_start": "2018-06-01"},
        ],
    }
    fifth = document_for(profile, today=dt.date(2026, 12, 5))
    sixth = document_for(profile, today=dt.date(2026, 12, 31))
    assert fifth["expertise"] == sixth["expertise"]
    assert fifth["skills"] == sixth["skills"]
    assert fifth["expertise"]["kelautan_perikanan"] > 0
    january = document_for(profile, today=dt.date(2027, 1, 2))
    assert january["expertise"]["kelautan_perikanan"] < fifth["expertise"]["kelautan_perikanan"]


@pytest.mark.parametrize(
    ("recorded", "expected"),
    [
        ("2009-03-01", 200903),  # SIASN's TMT CPNS wins
        (None, None),  # replaced below by the NIP's
        ("bukan tanggal", None),
    ],
)
def test_service_start_is_the_recorded_tmt_cpns_else_the_nips(
    recorded: str | None, expected: int | None
) -> None:
    from potret_asn_rules import parse_nip

    profile: dict[str, Any] = {"nip": NIP, "name": "Siti Aminah", "jabatan": "Analis", "opd": ""}
    if recorded:
        profile["tmt_cpns"] = recorded
    doc = document_for(profile, today=TODAY)
    from_nip = parse_nip(NIP).tmt_cpns
    assert doc["service_start"] == (expected or from_nip.year * 100 + from_nip.month)


def test_a_nip_that_cannot_be_read_gives_no_service_start() -> None:
    profile = {"nip": "123456789012345678", "name": "X", "jabatan": "Analis", "opd": ""}
    assert document_for(profile, today=TODAY)["service_start"] is None


def test_an_additive_upgrade_adds_exactly_the_fields_the_new_version_has() -> None:
    # An index of a version in ADDITIVE_FROM is upgraded in place by put mapping: the fields
    # listed, taken out of this version's mapping, must give that version's digest back, or
    # the upgraded index would refuse documents holding a field it was never given.
    def without(properties: dict[str, Any], added: dict[str, Any]) -> dict[str, Any]:
        kept = {k: v for k, v in properties.items() if k not in added or "properties" in added[k]}
        for name, spec in added.items():
            if "properties" in spec:
                kept[name] = {
                    **kept[name],
                    "properties": without(kept[name]["properties"], spec["properties"]),
                }
        return kept

    for version, added in ADDITIVE_FROM.items():
        older = without(INDEX_MAPPINGS["properties"], added)
        digest = hashlib.sha256(json.dumps(older, sort_keys=True).encode()).hexdigest()[:12]
        assert digest == MAPPED_FIELDS[version], version


# --- Reusing an earlier version's expertise (issue 23: what does not change between versions)

_DERIVED = DERIVED_FIELDS


def _generated(index: int = 45) -> dict[str, Any]:
    from potret_seed.generator import Generator

    person: dict[str, Any] = list(Generator(31).people(60))[index]
    return person


def _doctored(doc: dict[str, Any]) -> dict[str, Any]:
    """An earlier version's document whose scores say something no computation would: when
    they come back, they were reused."""
    return {
        **doc,
        "domains": ["kelautan_perikanan"],
        "expertise": {"kelautan_perikanan": 0.999},
        "evidence": {"kelautan_perikanan": ["dipakai ulang"]},
        "skills": {},
        "skill_codes": [],
        "skill_terms": [],
        "skill_evidence": {},
    }


def test_a_new_version_with_the_same_inputs_reuses_the_earlier_scores() -> None:
    person = _generated()
    first = document_for(person, today=TODAY)
    assert first["expertise_key"]
    assert first["expertise"]
    # a new SKP, a promotion, another name: nothing the scores read
    later = {**person, "golongan": "IV/a", "name": "Nama Baru", "skp": []}
    full = document_for(later, today=TODAY)
    assert full["expertise_key"] == first["expertise_key"]
    # reused from the earlier version: the same document as computed afresh ...
    assert document_for(later, today=TODAY, prior=first) == full
    # ... and really reused (the doctored scores come back), the rest of it read afresh
    reused = document_for(later, today=TODAY, prior=_doctored(first))
    assert {k: reused[k] for k in _DERIVED} == {k: _doctored(first)[k] for k in _DERIVED}
    assert reused["golongan"] == "IV/a"
    assert reused["name"] == "Nama Baru"


@pytest.mark.parametrize(
    "change",
    ["training", "position", "month", "no key", "field missing", "deleted"],
)
def test_an_earlier_version_that_does_not_match_is_computed_afresh(change: str) -> None:
    person = _generated()
    prior = _doctored(document_for(person, today=TODAY))
    later, today = dict(person), TODAY
    if change == "training":
        later["trainings"] = [
            *person["trainings"],
            {"name": "Pelatihan Teknis Budidaya Udang Vaname", "hours": 40, "year": 2025},
        ]
    elif change == "position":
        later["jabatan"] = "Penyuluh Perikanan Ahli Muda"
    elif change == "month":
        today = dt.date(2026, 12, 5)  # the next month: every decay moves
    elif change == "no key":
        prior.pop("expertise_key")  # written before keys were stored
    elif change == "field missing":
        prior.pop("skill_terms")  # an older document without a field of today's
    else:
        prior = {"nip": person["nip"], "deleted": True, "source_digest": ""}
    built = document_for(later, today=today, prior=prior)
    assert built == document_for(later, today=today)
    assert built["expertise"] != {"kelautan_perikanan": 0.999}


def test_the_derivation_keys_documents_the_same_in_every_process_and_apart_when_edited() -> None:
    # Replicas and restarts must key alike (no address, no hash order in it), and an edited
    # derivation must key apart (documents.DERIVATION salts expertise_key).
    import subprocess
    import sys

    from potret_search.domain.documents import _code_digest

    code = "from potret_search.domain.documents import DERIVATION; print(DERIVATION)"
    seen = {
        subprocess.run(  # noqa: S603 (this interpreter, a fixed probe)
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert seen == {DERIVATION}

    def held(score: float) -> bool:
        return score >= 0.2

    def held_lower(score: float) -> bool:
        return score >= 0.1

    assert _code_digest(held) != _code_digest(held_lower)
