"""ProfileIndex against a real Elasticsearch: external versions make replays harmless."""

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator

import pytest

from potret_search.adapters.elastic import connect_url
from potret_search.adapters.index import ProfileIndex
from potret_search.domain.documents import IndexAction, document_for
from potret_search.domain.query import SearchRequest, build_search, matched_kinds, read_query

pytestmark = pytest.mark.integration
NIP = "198609262015051001"


@pytest.fixture
def index(elasticsearch_url: str) -> Iterator[ProfileIndex]:
    client = connect_url(elasticsearch_url, request_timeout=30)
    idx = ProfileIndex(
        client, alias=f"potret-test-{uuid.uuid4().hex[:8]}", version=1, shards=1, replicas=0
    )
    idx.ensure()
    idx.ensure()  # idempotent
    yield idx
    client.indices.delete(index=idx.index)
    client.close()


def _doc(version: int, name: str = "Siti Aminah", deleted: bool = False) -> IndexAction:
    body = {
        "nip": NIP,
        "version": version,
        "deleted": deleted,
        "occurred_at": "2026-11-01T00:00:00Z",
    }
    if not deleted:
        body |= {
            "name": name,
            "golongan": "III/a",
            "jabatan": "Penyuluh Perikanan",
            "jabatan_work": "Penyuluh Perikanan",
            "opd": "Dinas Perikanan",
        }
    return IndexAction(nip=NIP, version=version, document=body)


def test_older_version_never_overwrites_newer(index: ProfileIndex) -> None:
    assert index.apply([_doc(2, "Versi Dua")]) == (1, 0)
    assert index.apply([_doc(1, "Versi Satu"), _doc(2, "Versi Dua lagi")]) == (0, 2)
    stored = index.get(NIP)
    assert stored is not None
    assert (stored["version"], stored["name"]) == (2, "Versi Dua")


def test_tombstone_hides_profile_and_replay_cannot_resurrect_it(index: ProfileIndex) -> None:
    index.apply([_doc(1), _doc(2, deleted=True)])
    index.client.indices.refresh(index=index.index)
    assert (
        index.search_body(build_search(SearchRequest(q="perikanan"), []))["hits"]["total"]["value"]
        == 0
    )
    assert index.apply([_doc(1)]) == (0, 1)
    stored = index.get(NIP)
    assert stored is not None
    assert stored["deleted"] is True


def test_search_tolerates_a_typo(index: ProfileIndex) -> None:
    index.apply([_doc(1)])
    index.client.indices.refresh(index=index.index)
    hits = index.search_body(build_search(SearchRequest(q="perikann"), []))["hits"]["hits"]
    assert [h["_source"]["nip"] for h in hits] == [NIP]


def test_a_typo_is_read_as_the_word_meant_and_not_as_a_word_two_edits_away(
    index: ProfileIndex,
) -> None:
    culture = "198001012005011002"
    index.apply(
        [
            IndexAction(
                nip=culture,
                version=1,
                document={
                    "nip": culture,
                    "version": 1,
                    "deleted": False,
                    "occurred_at": "2026-11-01T00:00:00Z",
                    "name": "Budi",
                    "golongan": "III/a",
                    "jabatan": "Pamong Budaya Terampil",
                    "jabatan_work": "Pamong Budaya Terampil",
                    "opd": "Dinas Pariwisata dan Kebudayaan",
                },
            ),
            IndexAction(
                nip=NIP,
                version=1,
                document=_doc(1).document
                | {
                    "jabatan": "Penyuluh Perikanan Budidaya",
                    "jabatan_work": "Penyuluh Perikanan Budidaya",
                },
            ),
        ]
    )
    index.client.indices.refresh(index=index.index)
    for typed in ("budidya", "budidaya"):
        reading = read_query(typed)
        body = build_search(SearchRequest(q=typed, read_as=reading.read_as), [])
        # "budidaya" is two edits from "budaya": not the same word
        assert [h["_source"]["nip"] for h in index.search_body(body)["hits"]["hits"]] == [NIP]


def test_nip_filter_returns_only_those_people(index: ProfileIndex) -> None:
    other = "199001012015011002"
    index.apply([_doc(1), IndexAction(other, 1, {**_doc(1).document, "nip": other})])
    index.client.indices.refresh(index=index.index)
    for nips, expected in (([other], {other}), ([NIP, other], {NIP, other}), ([], {NIP, other})):
        body = build_search(SearchRequest(q="perikanan", nips=nips), [])
        assert {h["_source"]["nip"] for h in index.search_body(body)["hits"]["hits"]} == expected


def test_an_index_of_an_older_mapping_is_refused_and_said_to_need_a_rebuild(
    index: ProfileIndex,
) -> None:
    from potret_search.adapters.index import OutdatedMapping
    from potret_search.domain.documents import MAPPING_VERSION

    assert index.rebuild_needed() is None  # a new index: the current mapping
    meta = index.client.indices.get_mapping(index=index.index)[index.index]["mappings"]["_meta"]
    old = 29  # its documents hold places in the work fields (v30 changed every document)
    index.client.indices.put_mapping(index=index.index, meta={**meta, "mapping_version": old})
    assert index.rebuild_needed() == old  # what `potret-search-reindex --if-outdated` reads
    with pytest.raises(OutdatedMapping, match="potret-search-reindex"):
        index.ensure()
    newer = MAPPING_VERSION + 1  # a newer release's index: refused, never rebuilt down
    index.client.indices.put_mapping(index=index.index, meta={**meta, "mapping_version": newer})
    assert index.rebuild_needed() is None
    with pytest.raises(OutdatedMapping):
        index.ensure()


def test_an_index_upgraded_in_place_or_scored_under_other_rules_is_said_to_be_outdated(
    index: ProfileIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    from potret_expertise import rules_fingerprint
    from potret_search.adapters import index as index_module
    from potret_search.domain.documents import ADDITIVE_FROM, MAPPING_VERSION

    assert index.outdated() is None  # a new index: this release's mapping and rules
    meta = index.client.indices.get_mapping(index=index.index)[index.index]["mappings"]["_meta"]
    # an index of the previous release, upgraded in place by new fields: its documents hold
    # no scores for them until rebuilt (`potret-search-reindex --if-outdated`). When this
    # release extends none (v37 gives every document a value), the previous one stands in.
    previous = max(ADDITIVE_FROM, default=MAPPING_VERSION - 1)
    if not ADDITIVE_FROM:
        monkeypatch.setattr(index_module, "ADDITIVE_FROM", {previous: {}})
    index.client.indices.put_mapping(
        index=index.index, meta={**meta, "mapping_version": previous, "expertise_rules": "1-old"}
    )
    assert index.rebuild_needed() is None  # the mapping alone would be upgraded in place
    index.ensure()
    reason = index.outdated()
    assert reason is not None
    assert "1-old" in reason
    assert rules_fingerprint() in reason
    index.client.indices.put_mapping(index=index.index, meta={**meta, "mapping_version": 29})
    assert index.outdated() == f"indeks memakai mapping v29, rilis ini v{MAPPING_VERSION}"
    # a newer release's index is never rebuilt down, whatever its rules
    index.client.indices.put_mapping(
        index=index.index,
        meta={**meta, "mapping_version": MAPPING_VERSION + 1, "expertise_rules": "9-new"},
    )
    assert index.outdated() is None


def test_an_index_measured_as_of_last_month_is_outdated_when_the_month_turns(
    index: ProfileIndex,
) -> None:
    from potret_expertise import expertise_as_of

    this_month = expertise_as_of(dt.date.today())
    meta = index.client.indices.get_mapping(index=index.index)[index.index]["mappings"]["_meta"]
    assert meta["expertise_as_of"] == this_month.isoformat()
    assert index.outdated() is None
    next_month = (this_month + dt.timedelta(days=32)).replace(day=1)
    reason = index.outdated(today=next_month + dt.timedelta(days=9))
    assert reason == (
        f"skor keahlian di indeks diukur per {this_month.isoformat()}, "
        f"bulan ini diukur per {next_month.isoformat()}"
    )
    # an index of a release that did not record the month is rebuilt too
    index.client.indices.put_mapping(
        index=index.index, meta={k: v for k, v in meta.items() if k != "expertise_as_of"}
    )
    assert "tanggal yang tidak tercatat" in (index.outdated() or "")


def test_an_index_built_under_other_expertise_rules_is_reported(
    index: ProfileIndex, caplog: pytest.LogCaptureFixture
) -> None:
    from potret_expertise import rules_fingerprint

    assert index.expertise_rules == rules_fingerprint()  # a new index: built under these
    meta = index.client.indices.get_mapping(index=index.index)[index.index]["mappings"]["_meta"]
    index.client.indices.put_mapping(index=index.index, meta={**meta, "expertise_rules": "1-old"})
    with caplog.at_level("WARNING"):
        index.ensure()  # a service starting on an index built by an older release
    assert index.expertise_rules == "1-old"
    assert any("potret-search-reindex" in r.getMessage() for r in caplog.records)


def _person(nip: str, name: str, level: str, retires: int) -> IndexAction:
    body = {
        "nip": nip,
        "version": 1,
        "deleted": False,
        "occurred_at": "2026-11-01T00:00:00Z",
        "name": name,
        "full_name": name,
        "golongan": "III/c",
        "jabatan": "Analis Kebijakan",
        "opd": "Dinas Perikanan",
        "education_level": level,
        "retirement_year": retires,
    }
    return IndexAction(nip=nip, version=1, document=body)


def test_name_candidates_exact_education_and_retiring_by_a_year(index: ProfileIndex) -> None:
    """What the ask engine asks of search: people whose name shares words with the question
    (a typo allowed, best match first), the exact highest education, retiring by a year."""
    people = [
        _person("197001012000011001", "Prakosa Tampubolon", "S2", 2027),
        _person("198001012005011002", "Prakosa Wibowo", "S1", 2040),
        _person("199001012015011003", "Siti Aminah", "S2", 2051),
    ]
    index.apply(people)
    index.client.indices.refresh(index=index.index)

    def nips(req: SearchRequest) -> list[str]:
        return [
            h["_source"]["nip"] for h in index.search_body(build_search(req, []))["hits"]["hits"]
        ]

    by_name = nips(SearchRequest(name="apa yang kurang dari Prakosa Tampubolun untuk Kadis?"))
    assert by_name[0] == "197001012000011001"  # both words (one with a typo) before one
    assert "199001012015011003" not in by_name
    assert set(nips(SearchRequest(education=["S2"]))) == {
        "197001012000011001",
        "199001012015011003",
    }
    assert nips(SearchRequest(retire_by_year=2027)) == ["197001012000011001"]
    assert nips(SearchRequest(retire_after_year=2030, retire_by_year=2045)) == [
        "198001012005011002"
    ]


def test_breakdown_by_jenis_kelamin_reads_the_nip_and_only_when_asked(
    index: ProfileIndex,
) -> None:
    """The 15th digit of a NIP is the gender (1 laki-laki, 2 perempuan; PP 11/2017 NIP layout,
    PPPK NIPs alike): the breakdown counts it without a field of its own, and only a request
    that asks for it gets it (the gateway asks only for roles that may see personal data)."""
    people = [
        _person("197001012000011001", "Prakosa Tampubolon", "S2", 2027),
        _person("198001012005011002", "Bagus Wibowo", "S1", 2040),
        _person("199001012015012003", "Siti Aminah", "S2", 2051),
        # PPPK: birth date, year of appointment, "21", gender, serial
        _person("199203042022212004", "Dewi Lestari", "S1", 2050),
    ]
    index.apply(people)
    index.client.indices.refresh(index=index.index)

    asked = index.search_body(build_search(SearchRequest(breakdowns=["jenis_kelamin"]), []))
    buckets = asked["aggregations"]["jenis_kelamin"]["buckets"]
    assert {k: b["doc_count"] for k, b in buckets.items()} == {"L": 2, "P": 2}
    plain = index.search_body(build_search(SearchRequest(education=["S2"]), []))
    assert "jenis_kelamin" not in plain["aggregations"]
    narrowed = index.search_body(
        build_search(SearchRequest(education=["S2"], breakdowns=["jenis_kelamin"]), [])
    )
    counts = {
        k: b["doc_count"] for k, b in narrowed["aggregations"]["jenis_kelamin"]["buckets"].items()
    }
    assert counts == {"L": 1, "P": 1}


def _profile(
    nip: str,
    jabatan: str,
    unit: str,
    since: str,
    opd: str = "Dinas Perhubungan",
    **more: object,
) -> dict[str, object]:
    return {
        "nip": nip,
        "name": f"Pegawai {nip[-3:]}",
        "status": "PNS",
        "kedudukan": "AKTIF",
        "golongan": "III/c",
        "jabatan": jabatan,
        "jenis_jabatan": "PELAKSANA",
        "opd": opd,
        "unit": unit,
        "tmt_jabatan": since,
        "positions": [
            {
                "jabatan": jabatan,
                "jenis": "PELAKSANA",
                "jenjang": None,
                "opd": opd,
                "unit": unit,
                "tmt_start": since,
                "tmt_end": None,
            }
        ],
        "education": [],
        "trainings": [],
        "certifications": [],
        "innovations": [],
        "skp": [],
        "assessments": [],
        "discipline": [],
        "awards": [],
    } | more


def _index_profiles(index: ProfileIndex, people: Iterable[dict[str, object]]) -> None:
    """Index generated profiles as the search consumer does, and make them searchable."""
    today = dt.date(2026, 12, 4)
    index.apply(
        [
            IndexAction(str(p["nip"]), 1, document_for(p, today=today) | {"version": 1})
            for p in people
        ]
    )
    index.client.indices.refresh(index=index.index)


_TITLES = ("Pengadministrasi Umum", "Pengelola Keuangan", "Analis Kebijakan")


def _clerks(
    n: int = 30,
    titles: tuple[str, ...] = ("Pengadministrasi Umum",),
    opds: tuple[str, ...] = ("Dinas Sosial",),
    trainings: list[dict[str, object]] | None = None,
) -> list[dict[str, object]]:
    """Ordinary staff of other offices, so that a handful of people do not make every word
    rare (the word statistics of a real index); titles and OPDs taken in turn, each with
    `trainings` if given."""
    return [
        _profile(
            f"1985010120100110{i:02d}",
            titles[i % len(titles)],
            "Sekretariat",
            "2010-01-01",
            opds[i % len(opds)],
            **({"trainings": trainings} if trainings else {}),
        )
        for i in range(n)
    ]


def _found(index: ProfileIndex, q: str, *, skills: bool = True) -> list[str]:
    """The NIPs a query finds, read as GET /v1/search reads it (without its skills: as the
    search ranked before the skill vocabulary)."""
    reading = read_query(q)
    body = build_search(
        SearchRequest(q=q, read_as=reading.read_as),
        reading.domains,
        reading.skills if skills else None,
    )
    return [h["_source"]["nip"] for h in index.search_body(body)["hits"]["hits"]]


def test_a_record_saying_some_of_the_query_words_is_found_after_the_fields_people(
    index: ProfileIndex,
) -> None:
    # "pemasaran produk UMKM" names the field of cooperatives and SMEs. A creative-economy
    # analyst whose training is digital marketing of products says two of the three words
    # (fewer than the stemmed clause's three quarters): plain BM25 over the record's own words
    # finds them, after the field's people; the ordinary staff elsewhere are not found.
    # Before, only the field's people were.
    marketing = {
        "trainings": [
            {
                "kind": "TEKNIS",
                "name": "Pelatihan Pemasaran Digital Produk Ekonomi Kreatif",
                "hours": 40,
                "year": 2024,
                "institution": "Kemenparekraf",
            }
        ]
    }
    sme = "Dinas Koperasi, Usaha Mikro, Perindustrian dan Perdagangan"
    people = {
        "198001012005011001": _profile(
            "198001012005011001", "Pengawas Koperasi", "Bidang Usaha Mikro", "2005-01-01", sme
        ),
        "199001012015011003": _profile(
            "199001012015011003",
            "Analis Kebijakan",
            "Bidang Ekonomi Kreatif",
            "2015-01-01",
            "Dinas Pariwisata, Ekonomi Kreatif, Kebudayaan, Pemuda dan Olahraga",
            **marketing,
        ),
    }
    staff = _clerks(
        60, _TITLES, ("Dinas Sosial", "Kecamatan Manyar", "Dinas Pendidikan", "Inspektorat")
    )
    _index_profiles(index, [*people.values(), *staff])
    q = "pemasaran produk UMKM"
    assert read_query(q).domains == ["koperasi_ukm"]
    assert _found(index, q, skills=False) == ["198001012005011001", "199001012015011003"]


def test_the_query_words_narrow_the_field_they_name(index: ProfileIndex) -> None:
    # "pemetaan kemiskinan ekstrem" reads the social field. The rehabilitation social worker,
    # high in that field, maps nothing and says none of the words; the village facilitator
    # trained in mapping the extreme poor of villages says them. The words narrow the field: the
    # facilitator comes first, and the social worker is still found after (a quarter of the
    # field's score, UNSAID_FIELD_SHARE). Before, the field's score put the social worker first.
    mapping = {
        "trainings": [
            {
                "kind": "TEKNIS",
                "name": "Bimtek Pemetaan Kemiskinan Ekstrem Desa (P3KE)",
                "hours": 24,
                "year": 2024,
                "institution": "Kementerian Desa PDTT",
            }
        ]
    }
    rehab = {
        "trainings": [
            {
                "kind": "FUNGSIONAL",
                "name": "Diklat Pekerja Sosial Rehabilitasi Penyandang Disabilitas",
                "hours": 120,
                "year": 2023,
                "institution": "Kementerian Sosial",
            }
        ]
    }
    facilitator = _profile(
        "199001012015011003",
        "Penggerak Swadaya Masyarakat",
        "Bidang Pemberdayaan Masyarakat",
        "2015-01-01",
        "Dinas Pemberdayaan Masyarakat dan Desa",
        **mapping,
    )
    worker = _profile(
        "198001012005011001",
        "Pekerja Sosial",
        "Bidang Rehabilitasi Sosial",
        "2005-01-01",
        "Dinas Sosial",
        **rehab,
    )
    # ... and the field's person whose work says some of the words keeps the field's whole
    # boost: the social-welfare data officer trained in social mapping comes first, before
    # the facilitator whose words match better but who is no social-field person
    officer = _profile(
        "198501012010011002",
        "Kepala Seksi Data Kesejahteraan Sosial",
        "Bidang Perlindungan dan Jaminan Sosial",
        "2010-01-01",
        "Dinas Sosial",
        trainings=[
            {
                "kind": "TEKNIS",
                "name": "Bimtek Pemetaan Sosial",
                "hours": 24,
                "year": 2023,
                "institution": "Kementerian Sosial",
            }
        ],
    )
    staff = _clerks(40, _TITLES, ("Kecamatan Manyar", "Dinas Pendidikan", "Inspektorat"))
    _index_profiles(index, [facilitator, worker, officer, *staff])
    q = "pemetaan kemiskinan ekstrem"
    assert read_query(q).domains == ["sosial"]
    found = _found(index, q)
    assert found[:3] == ["198501012010011002", "199001012015011003", "198001012005011001"]


def test_the_query_words_narrow_the_skill_they_name(index: ProfileIndex) -> None:
    # "admin jaringan mikrotik" reads network security; "admin" names no field and no skill.
    # The persandian officer holds the skill longer but says none of the words; the
    # hospital's security clerk trained on MikroTik says one: the clerk comes first, the officer
    # still follows (three quarters of the skill's boost, UNSAID_SKILL_SHARE). Before, the
    # officer's longer tenure put him first.
    def course(name: str, year: int) -> dict[str, object]:
        return {"kind": "TEKNIS", "name": name, "hours": 40, "year": year, "institution": "BSSN"}

    officer = _profile(
        "198001012005011001",
        "Pengelola Persandian",
        "Seksi Persandian dan Keamanan Informasi",
        "2012-01-01",
        "Dinas Komunikasi dan Informatika",
        trainings=[course("Pelatihan Keamanan Siber", 2024)],
    )
    clerk = _profile(
        "199001012015011003",
        "Pengelola Keamanan Informasi",
        "Instalasi Sistem Informasi Rumah Sakit",
        "2021-01-01",
        "RSUD Ibnu Sina",
        trainings=[course("Pelatihan MikroTik MTCNA", 2024)],
    )
    staff = _clerks(40, _TITLES, ("Kecamatan Manyar", "Dinas Pendidikan", "Inspektorat"))
    _index_profiles(index, [officer, clerk, *staff])
    q = "admin jaringan mikrotik"
    assert read_query(q).skills == ["jaringan_keamanan_siber"]
    assert _found(index, q)[:2] == ["199001012015011003", "198001012005011001"]


def test_a_narrow_term_of_a_skill_prefers_the_people_whose_work_says_it(
    index: ProfileIndex,
) -> None:
    # "budidaya minapadi" reads aquaculture by its term "minapadi" (rice-fish culture). The
    # fish-disease officer holds aquaculture longer and more fully but never did minapadi;
    # the extension officer trained in it and running its demonstration plots says the term:
    # the extension officer comes first (TERM_SAID_BOOST, the skill's terms each record's
    # evidence says: SkillExpertise.terms). The disease officer still follows, by the skill.
    def course(name: str, year: int) -> dict[str, object]:
        return {"kind": "TEKNIS", "name": name, "hours": 40, "year": year, "institution": "KKP"}

    disease = _profile(
        "198001012005011001",
        "Pengendali Hama dan Penyakit Ikan",
        "Bidang Perikanan Budidaya",
        "2008-01-01",
        "Dinas Perikanan",
        trainings=[
            course("Pelatihan Budidaya Udang Vaname", 2022),
            course("Pelatihan Diagnosa Penyakit Ikan Budidaya", 2024),
        ],
    )
    extension = _profile(
        "199001012015011003",
        "Penyuluh Perikanan",
        "Bidang Perikanan Budidaya",
        "2021-01-01",
        "Dinas Perikanan",
        trainings=[course("Pelatihan Teknis Minapadi", 2024)],
    )
    staff = _clerks(40, _TITLES, ("Kecamatan Manyar", "Dinas Pendidikan", "Inspektorat"))
    _index_profiles(index, [disease, extension, *staff])
    q = "budidaya minapadi"
    assert read_query(q).skills == ["perikanan_budidaya"]
    assert _found(index, q)[:2] == ["199001012015011003", "198001012005011001"]


def test_a_place_in_an_opd_name_does_not_outrank_the_work(index: ProfileIndex) -> None:
    # Trap: "tambak" is a fishpond and Kecamatan Tambak. The clerk there, whose own words say
    # nothing of fishponds, may be found by the OPD's name (someone may want the people of
    # Tambak) but comes after the fish farmer: the record-words clause leaves the OPD out.
    farmer = _profile(
        "199001012015011003",
        "Penyuluh Perikanan",
        "Bidang Perikanan Budidaya",
        "2015-01-01",
        "Dinas Perikanan",
    )
    clerk = _profile(
        "198001012005011001",
        "Pengadministrasi Umum",
        "Seksi Pemerintahan",
        "2005-01-01",
        "Kecamatan Tambak",
    )
    _index_profiles(index, (farmer, clerk))
    assert _found(index, "tambak bandeng", skills=False)[0] == "199001012015011003"


def test_a_place_in_a_post_or_unit_name_is_where_the_person_works_not_the_work(
    index: ProfileIndex,
) -> None:
    # Trap: the Sekretaris Kecamatan Tambak and a clerk of UPT Puskesmas Tambak say "Tambak"
    # in their post and unit. Before, the words of post and unit counted as work: for "tambak"
    # the Sekcam came first, above a fisheries officer whose only pond work is one training
    # (dev-11 "tambak" 0.504 -> 0.702). The place is kept apart: it still finds the people
    # there ("sekretaris kecamatan tambak"), after any work matched, and says so ("place").
    pond = _profile(
        "199001012015011003",
        "Pengelola Data",
        "Subbagian Program",
        "2015-01-01",
        "Dinas Perikanan",
        trainings=[
            {
                "kind": "TEKNIS",
                "name": "Pelatihan Teknis Budidaya Tambak Udang",
                "hours": 40,
                "year": 2016,
            }
        ],
    )
    sekcam = _profile(
        "198001012005011001",
        "Sekretaris Kecamatan Tambak",
        "Sekretariat Kecamatan",
        "2005-01-01",
        "Kecamatan Tambak",
    )
    clerk = _profile(
        "198101012005011002",
        "Pengadministrasi Umum",
        "UPT Puskesmas Tambak",
        "2005-01-01",
        "Dinas Kesehatan",
    )
    other = _profile(  # the lower NIP: the place, not the NIP's tie-break, puts Tambak first
        "197901012005011003",
        "Sekretaris Kecamatan Sidayu",
        "Sekretariat Kecamatan",
        "2005-01-01",
        "Kecamatan Sidayu",
    )
    staff = _clerks(40, _TITLES, ("Dinas Sosial", "Kecamatan Manyar", "Inspektorat"))
    _index_profiles(index, [pond, sekcam, clerk, other, *staff])
    reading = read_query("tambak")
    body = build_search(SearchRequest(q="tambak", read_as=reading.read_as), reading.domains)
    hits = index.search_body(body)["hits"]["hits"]
    assert hits[0]["_source"]["nip"] == "199001012015011003"
    by_place = {h["_source"]["nip"]: h.get("matched_queries") for h in hits[1:]}
    assert by_place == {"198001012005011001": ["place"], "198101012005011002": ["place"]}
    assert _found(index, "sekretaris kecamatan tambak")[:2] == [
        "198001012005011001",
        "197901012005011003",
    ]


def test_a_post_word_alone_does_not_match_a_query_that_names_the_work(
    index: ProfileIndex,
) -> None:
    # Trap: "penyuluh KB" and "operator dapodik" name a kind of post and the work. Every field
    # has its penyuluh and every unit an Operator Layanan Operasional (PermenPANRB 45/2022):
    # the post word alone matched half of a two-word query, so the extension officers of
    # farming and fisheries and a parking operator were found beside the family-planning
    # officer and the Dapodik operator. The work word is required; the post word ranks.
    kb = "Dinas KB, Pemberdayaan Perempuan dan Perlindungan Anak"
    people = {
        "198001012005011001": _profile(
            "198001012005011001",
            "Penyuluh KB Ahli Muda",
            "Bidang Keluarga Berencana",
            "2012-01-01",
            kb,
        ),
        "198101012005011002": _profile(
            "198101012005011002",
            "Penyuluh Pertanian Ahli Muda",
            "BPP Kedamean",
            "2010-01-01",
            "Dinas Pertanian",
        ),
        "198201012005011003": _profile(
            "198201012005011003",
            "Penyuluh Perikanan Ahli Muda",
            "Bidang Perikanan Budidaya",
            "2011-01-01",
            "Dinas Perikanan",
        ),
        "198301012005011004": _profile(
            "198301012005011004",
            "Operator Layanan Operasional",
            "UPT Pengelolaan Parkir Tepi Jalan Umum",
            "2015-01-01",
        ),
        "198401012005011005": _profile(
            "198401012005011005",
            "Pranata Komputer Ahli Pertama",
            "Subbagian Program",
            "2019-01-01",
            "Dinas Pendidikan",
            trainings=[
                {"kind": "TEKNIS", "name": "Bimtek Operator Dapodik", "hours": 24, "year": 2024}
            ],
        ),
    }
    staff = _clerks(40, _TITLES, ("Dinas Sosial", "Kecamatan Manyar", "Inspektorat"))
    _index_profiles(index, [*people.values(), *staff])

    def found(q: str) -> list[str]:
        return _found(index, q)

    assert found("penyuluh KB") == ["198001012005011001"]
    assert found("operator dapodik") == ["198401012005011005"]
    # A query of post words only is still searched by them.
    assert set(found("penyuluh")) == {
        "198001012005011001",
        "198101012005011002",
        "198201012005011003",
    }


def test_a_named_term_is_searched_as_a_phrase(index: ProfileIndex) -> None:
    # Trap: "sistem informasi geografis" (GIS) is one term; the health information officer
    # says two of its three words ("Sistem Informasi Kesehatan"), which met the three
    # quarters of the text clauses, and outranked the planner whose training says the term.
    people = {
        "198001012005011001": _profile(
            "198001012005011001",
            "Pengelola Sistem Informasi Kesehatan",
            "Subbagian Program",
            "2012-01-01",
            "Dinas Kesehatan",
        ),
        "198101012005011002": _profile(
            "198101012005011002",
            "Perencana Ahli Muda",
            "Bidang Infrastruktur dan Kewilayahan",
            "2015-01-01",
            "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
            trainings=[
                {
                    "kind": "TEKNIS",
                    "name": "Pelatihan Sistem Informasi Geografis untuk Perencanaan",
                    "hours": 40,
                    "year": 2024,
                }
            ],
        ),
    }
    _index_profiles(index, [*people.values(), *_clerks()])
    assert _found(index, "sistem informasi geografis") == ["198101012005011002"]


def test_a_named_term_with_an_administrative_word_is_still_the_term(index: ProfileIndex) -> None:
    # Trap: "desa" is an administrative head, left out of the work words ("Desa Sawah" is a
    # place), so "keuangan desa" was searched as "keuangan" and every OPD's finance clerk
    # matched; it is a term (village finance), which a record must say whole.
    village = _profile(
        "198001012005011001",
        "Analis Keuangan Pusat dan Daerah Ahli Muda",
        "Bidang Bina Keuangan dan Aset Desa",
        "2016-01-01",
        "Dinas Pemberdayaan Masyarakat dan Desa",
    )
    clerks = _clerks(titles=("Pengelola Keuangan", "Kepala Subbagian Keuangan"))
    _index_profiles(index, [village, *clerks])
    assert _found(index, "keuangan desa") == ["198001012005011001"]
    # ... and a term whose rest is a phrase of its own is said without its head too (review):
    # "kabupaten layak anak" by the "Kota Layak Anak" a record of a city says
    child = _profile(
        "198201012005011003",
        "Analis Kebijakan Ahli Muda",
        "Bidang Pemenuhan Hak Anak",
        "2016-01-01",
        "Dinas KB, Pemberdayaan Perempuan dan Perlindungan Anak",
        trainings=[
            {"kind": "TEKNIS", "name": "Bimtek Evaluasi Kota Layak Anak", "hours": 24, "year": 2024}
        ],
    )
    _index_profiles(index, [child])
    words_only = build_search(SearchRequest(q="kabupaten layak anak"), [])  # no field read
    found = [h["_source"]["nip"] for h in index.search_body(words_only)["hits"]["hits"]]
    assert found == ["198201012005011003"]


def test_a_short_course_long_ago_still_makes_its_skill_findable(index: ProfileIndex) -> None:
    # Trap: "pasar rakyat" is a named term, said whole by the text clauses; a kecamatan's
    # section head whose one piece of evidence is a 16-hour course on village markets
    # (2020) says "pasar desa", and held no skill below 0.05, so search never found him. He
    # is found after the market manager; a 4-hour sosialisasi alone still is not.
    def course(name: str, hours: int, year: int) -> dict[str, object]:
        return {"kind": "TEKNIS", "name": name, "hours": hours, "year": year}

    manager = _profile(
        "198001012005011001",
        "Pengelola Pasar",
        "UPT Pengelolaan Pasar Rakyat",
        "2015-01-01",
        "Dinas Koperasi, Usaha Mikro, Perindustrian dan Perdagangan",
    )
    section = _profile(
        "198101012005011002",
        "Kepala Seksi Ekonomi dan Pembangunan",
        "Seksi Ekonomi dan Pembangunan",
        "2018-01-02",
        "Kecamatan Sidayu",
        trainings=[course("Bimtek Pembinaan Pasar Desa", 16, 2020)],
    )
    listener = _profile(
        "198201012005011003",
        "Pengadministrasi Umum",
        "Sekretariat",
        "2018-01-02",
        "Kecamatan Bungah",
        trainings=[course("Sosialisasi Pembinaan Pasar Desa", 4, 2016)],
    )
    _index_profiles(index, [manager, section, listener, *_clerks()])
    assert _found(index, "pasar rakyat") == ["198001012005011001", "198101012005011002"]


def test_a_hit_says_whether_its_work_or_its_name_matched(index: ProfileIndex) -> None:
    # The chat names people found by words only when their work matched: a Pak Kader whose
    # name says the word is found by the search box, and his hit says it was his name.
    named = _profile("198001012005011001", "Pengadministrasi Umum", "Sekretariat", "2015-01-01") | {
        "name": "Abdul Kader"
    }
    cadre = _profile(
        "198101012005011002",
        "Nutrisionis Ahli Muda",
        "UPT Puskesmas Cerme",
        "2015-01-01",
        "Dinas Kesehatan",
        trainings=[
            {"kind": "TEKNIS", "name": "Pelatihan Kader Posyandu", "hours": 24, "year": 2024}
        ],
    )
    _index_profiles(index, [named, cadre, *_clerks()])
    reading = read_query("kader")
    body = build_search(SearchRequest(q="kader", read_as=reading.read_as), [], [])
    matched = {
        h["_source"]["nip"]: matched_kinds(h.get("matched_queries") or [])
        for h in index.search_body(body)["hits"]["hits"]
    }
    assert matched == {"198001012005011001": ["name"], "198101012005011002": ["work"]}


def test_a_name_within_typo_distance_comes_after_the_work_said_exactly(
    index: ProfileIndex,
) -> None:
    # Trap: "kader" is one letter from Pak Abdul Kadir, the finance office's clerk; the KB
    # extension officer who trains cadres must come first. Pak Kadir is still found, by his
    # name, and first when his name is typed, even with a typo.
    kadir = _profile(
        "198001012005011001", "Operator Layanan Operasional", "Sekretariat", "2015-01-01"
    ) | {"name": "Abdul Kadir"}
    trainer = _profile(
        "198101012005011002",
        "Penyuluh Keluarga Berencana Ahli Pertama",
        "Bidang Pengendalian Penduduk dan Keluarga Berencana",
        "2015-01-01",
        "Dinas KB, Pemberdayaan Perempuan dan Perlindungan Anak",
        trainings=[
            {"kind": "TEKNIS", "name": "Pelatihan Pembinaan Kader KB", "hours": 24, "year": 2024}
        ],
    )
    # staff of other offices with a course each: the words of courses are as rare as in a
    # real index, not as rare as in an index of one course
    course = {"kind": "TEKNIS", "name": "Pelatihan Tata Naskah Dinas", "hours": 24}
    clerks = _clerks(trainings=[course])
    _index_profiles(index, [kadir, trainer, *clerks])

    def found(q: str) -> list[str]:
        reading = read_query(q)
        body = build_search(SearchRequest(q=q, read_as=reading.read_as), [], [])
        return [h["_source"]["nip"] for h in index.search_body(body)["hits"]["hits"]]

    assert found("kader")[:2] == ["198101012005011002", "198001012005011001"]
    assert found("abdul kadir")[0] == "198001012005011001"
    assert found("abdul kadr")[0] == "198001012005011001"


def test_a_jf_title_in_a_query_finds_its_holders(index: ProfileIndex) -> None:
    # Trap: "analis kebijakan policy brief" names a JF and the work. A policy analyst of the
    # Bagian Perekonomian whose record says no policy brief says two of the four words, fewer
    # than the text clauses' three quarters, and came after the planners of the research
    # agency (the field the words read as), who are not policy analysts.
    analyst = _profile(
        "198001012005011001",
        "Analis Kebijakan Ahli Muda",
        "Bagian Perekonomian dan Sumber Daya Alam",
        "2020-04-01",
        "Sekretariat Daerah",
        jenis_jabatan="JF",
    )
    analyst["positions"][0]["jenis"] = "JF"  # type: ignore[index]
    people = {"198001012005011001": analyst}
    for i in range(3):
        nip = f"19810101200501100{i}"
        people[nip] = _profile(
            nip,
            "Perencana Ahli Muda",
            "Bidang Penelitian dan Pengembangan",
            "2015-01-01",
            "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
        )
    _index_profiles(index, people.values())
    assert _found(index, "analis kebijakan policy brief")[0] == "198001012005011001"


def test_an_abbreviation_is_one_word_of_the_query(index: ProfileIndex) -> None:
    # "digital marketing umkm" is three words; "umkm" expands to four stems (usaha mikro
    # kecil menengah). Counted over six stems, the record that says UMKM and nothing else
    # met three quarters of them and the creative-economy analyst trained in digital
    # marketing, who says two of the three words, did not.
    def trained(nip: str, jabatan: str, course: str) -> dict[str, object]:
        return _profile(
            nip,
            jabatan,
            "Sekretariat",
            "2019-01-01",
            "Dinas Sosial",
            trainings=[{"kind": "TEKNIS", "name": course, "hours": 32, "year": 2024}],
        )

    people = {
        "198001012005011001": trained(
            "198001012005011001",
            "Analis Ekonomi Kreatif",
            "Pelatihan Digital Marketing dan Content Creator",
        ),
        "198101012005011002": trained(
            "198101012005011002", "Pengolah Data", "Sosialisasi Pendataan UMKM"
        ),
    }
    _index_profiles(index, [*people.values(), *_clerks()])
    assert _found(index, "digital marketing umkm")[0] == "198001012005011001"


def test_an_abbreviation_after_a_post_word_is_said_whole(index: ProfileIndex) -> None:
    # Trap: "penyuluh umkm" needs a record saying UMKM; the farming extension officer of the
    # "Seksi Usaha Tani" says "usaha", one of the four words UMKM stands for.
    farmer = _profile(
        "198001012005011001",
        "Penyuluh Pertanian Ahli Muda",
        "Seksi Usaha Tani",
        "2015-01-01",
        "Dinas Pertanian",
    )
    mentor = _profile(
        "198101012005011002",
        "Pendamping Usaha Mikro",
        "Bidang Usaha Mikro",
        "2018-01-01",
        "Dinas Koperasi, Usaha Mikro, Perindustrian dan Perdagangan",
        trainings=[
            {"kind": "TEKNIS", "name": "Pelatihan Pendampingan UMKM", "hours": 32, "year": 2024}
        ],
    )
    people = {str(p["nip"]): p for p in (farmer, mentor)}
    _index_profiles(index, [*people.values(), *_clerks()])
    found = _found(index, "penyuluh umkm")
    assert "198101012005011002" in found
    assert "198001012005011001" not in found


def test_sorting_by_golongan_masa_kerja_and_retirement_pages_with_missing_values_last(
    index: ProfileIndex,
) -> None:
    """The traps: a PPPK has no comparable golongan rank (last, not first), two people tie on
    the sort value (the relevance and the NIP decide, the same on every page)."""
    facts = [  # nip, golongan rank, service start, retirement year
        ("197001012000011001", 14, 200001, 2030),
        ("198001012005011002", 12, 200501, 2040),
        ("199001012015011003", None, 201501, 2050),  # PPPK: no golongan rank
        ("198501012010011004", 12, 201001, 2045),
    ]
    people = []
    for nip, rank, start, retires in facts:
        action = _person(nip, "Analis", "S1", retires)
        document = action.document | {"golongan_rank": rank, "service_start": start}
        people.append(IndexAction(nip=nip, version=1, document=document))
    index.apply(people)
    index.client.indices.refresh(index=index.index)

    def order(sort: str) -> list[str]:
        seen: list[str] = []
        cursor = None
        while True:  # one person per page: the cursor must carry the whole sort
            body = build_search(SearchRequest(sort=sort, limit=1, cursor=cursor), [])  # type: ignore[arg-type]
            hits = index.search_body(body)["hits"]["hits"]
            if not hits:
                return seen
            seen.append(hits[0]["_source"]["nip"])
            cursor = hits[0]["sort"]

    assert order("golongan") == [
        "197001012000011001",
        "198001012005011002",  # tied at 12 with ...004: the NIP decides
        "198501012010011004",
        "199001012015011003",  # no rank: last
    ]
    assert order("masa_kerja")[0] == "197001012000011001"
    assert order("masa_kerja")[-1] == "199001012015011003"
    assert order("pensiun") == [
        "199001012015011003",
        "198501012010011004",
        "198001012005011002",
        "197001012000011001",
    ]
