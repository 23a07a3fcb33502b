"""One bad history row no longer rejects the whole person (issue 21): a SIASN row that cannot
be mapped or validated is kept aside with its reason, the rest of the person imports, the
report and the person's quality answer name it, and a later clean import clears it."""

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from potret_profile.adapters.store import RecordStore
from potret_profile.service.imports import siasn
from potret_profile.service.imports.batch import import_batch

NIP = "198001012005011001"


def _person(**sections: Any) -> dict[str, Any]:
    utama = {
        "nipBaru": NIP,
        "nama": "Siti Aminah",
        "golRuangAkhir": "III/c",
        "jabatanNama": "Analis Kebijakan Ahli Muda",
        "jenisJabatanId": "2",
        "unorIndukNama": "Dinas Perikanan",
        "statusPegawai": "PNS",
    }
    return {"data_utama": utama, **sections}


GOOD_COURSE = {"jenisDiklatId": "3", "namaKursus": "Budidaya Udang Vaname", "tahunKursus": "2022"}


def test_an_unknown_code_in_one_row_sets_the_row_aside_and_the_person_imports(
    store_target: str | Path,
    tmp_path: Path,
) -> None:
    store = RecordStore(store_target)
    person = _person(
        rw_kursus=[GOOD_COURSE, {"jenisDiklatId": "99", "namaKursus": "X", "tahunKursus": "2021"}],
        rw_diklat=[{"latihanStrukturalNama": "KURSUS KEPEMIMPINAN ANTAH", "tahun": "2016"}],
    )
    report = import_batch(store, [siasn.map_record(0, person)], source="siasn")
    assert (report.created, report.failed) == (1, 0)
    assert sorted((q.field, q.rule) for q in report.quarantined) == [
        ("rw_kursus[1].jenisDiklatId", "TRAINING-KIND"),
        ("trainings.0.leadership", "TRAINING-LEADERSHIP"),
    ]
    assert all(q.key == NIP for q in report.quarantined)
    stored = store.get(NIP)
    assert stored is not None
    assert [t["name"] for t in stored.doc["trainings"]] == ["Budidaya Udang Vaname"]
    kept = store.quarantine_of(NIP)
    assert {q["rule"] for q in kept} == {"TRAINING-KIND", "TRAINING-LEADERSHIP"}
    assert {q["value"] for q in kept} >= {"99"}
    # a later import whose rows all map clears what was set aside
    clean = import_batch(
        store, [siasn.map_record(0, _person(rw_kursus=[GOOD_COURSE]))], source="siasn"
    )
    assert clean.quarantined == []
    assert store.quarantine_of(NIP) == []


def test_deleting_a_record_clears_what_its_imports_set_aside(
    store_target: str | Path, tmp_path: Path
) -> None:
    from potret_profile.service.records import delete_in

    store = RecordStore(store_target)
    person = _person(rw_kursus=[{"jenisDiklatId": "99", "namaKursus": "X", "tahunKursus": "2021"}])
    import_batch(store, [siasn.map_record(0, person)], source="siasn")
    assert [q["rule"] for q in store.quarantine_of(NIP)] == ["TRAINING-KIND"]
    store.set_answer_digest(NIP, "cafebabe")  # what the sync keeps of SIASN's last answers
    with store.transaction() as tx:
        delete_in(tx, "profiles", NIP, None)
    assert store.quarantine_of(NIP) == []
    assert store.answer_digest(NIP) is None  # a record made again is read in full
    # made again by a CSV-like import of the same NIP: nothing of the old rows shows
    again = import_batch(store, [siasn.map_record(0, _person())], source="impor")
    assert again.created == 1
    assert store.quarantine_of(NIP) == []


def test_a_person_level_error_still_rejects_the_person(
    store_target: str | Path, tmp_path: Path
) -> None:
    store = RecordStore(store_target)
    person = _person(rw_kursus=[{"jenisDiklatId": "99", "namaKursus": "X"}])
    person["data_utama"]["golRuangAkhir"] = "VII/z"
    report = import_batch(store, [siasn.map_record(0, person)], source="siasn")
    assert (report.created, report.failed) == (0, 1)
    assert store.get(NIP) is None
    assert store.quarantine_of(NIP) == []


def test_the_persons_quality_answer_and_the_import_report_name_the_rows_set_aside(
    store_settings: dict[str, Any],
    tmp_path: Path,
) -> None:
    from potret_credentials.internal import service_auth
    from potret_profile.main import create_app
    from potret_profile.settings import Settings

    settings = Settings(**store_settings, relay_enabled=False)
    person = _person(rw_kursus=[GOOD_COURSE, {"jenisDiklatId": "99", "namaKursus": "X"}])
    with TestClient(create_app(settings)) as client:
        client.auth = service_auth("profile")
        report = client.post("/imports/siasn", json=[person]).json()
        assert (report["created"], report["failed"]) == (1, 0)
        assert [q["field"] for q in report["quarantined"]] == ["rw_kursus[1].jenisDiklatId"]
        quality = client.get(f"/profiles/{NIP}/quality").json()
    [kept] = quality["quarantined"]
    assert (kept["field"], kept["rule"], kept["value"], kept["source"]) == (
        "rw_kursus[1].jenisDiklatId",
        "TRAINING-KIND",
        "99",
        "siasn",
    )
    assert "disisihkan" in kept["message"]


def test_a_bad_row_of_the_rank_credit_or_periodic_history_is_set_aside_alone(
    store_target: str | Path,
    tmp_path: Path,
) -> None:
    store = RecordStore(store_target)
    rank = {"golongan": "III/a", "tmtGolongan": "01-01-2005", "masaKerjaGolonganTahun": "0"}
    person = _person(
        rw_golongan=[rank, {"golongan": "III/z", "tmtGolongan": "01-04-2009"}],
        rw_angkakredit=[{"kreditBaruTotal": "dua belas", "tahunMulaiPenailan": "2023"}],
        rw_kinerjaperiodik=[
            {"tahun": "2025", "periodikNama": "Triwulan I", "kuadranKinerjaNilai": "2"},
            {"tahun": "2025", "periodikNama": "Triwulan II", "kuadranKinerjaNilai": "9"},
        ],
    )
    report = import_batch(store, [siasn.map_record(0, person)], source="siasn")
    assert (report.created, report.failed) == (1, 0)
    assert sorted(q.field.split(".")[0] for q in report.quarantined) == [
        "angka_kredit",
        "golongan_history",
        "skp_periodik",
    ]
    stored = store.get(NIP)
    assert stored is not None
    assert [r["golongan"] for r in stored.doc["golongan_history"]] == ["III/a"]
    assert stored.doc["angka_kredit"] == []
    assert [p["period"] for p in stored.doc["skp_periodik"]] == ["Triwulan I"]


def test_a_retirement_date_or_bup_that_cannot_be_right_is_set_aside_not_the_person(
    store_target: str | Path,
    tmp_path: Path,
) -> None:
    store = RecordStore(store_target)
    person = _person()
    # born 1980-01-01, CPNS 2005-01: a TMT pensiun typed with the wrong century, a BUP in words
    person["data_utama"] |= {"tmtPensiun": "01-02-2138", "bupPensiun": "58 Tahun"}
    report = import_batch(store, [siasn.map_record(0, person)], source="siasn")
    assert (report.created, report.failed) == (1, 0)
    assert sorted((q.field, q.rule) for q in report.quarantined) == [
        ("bup_pensiun", "int_parsing"),
        ("tmt_pensiun", "TMT-PENSIUN"),
    ]
    stored = store.get(NIP)
    assert stored is not None
    assert stored.doc.get("tmt_pensiun") is None  # the ranking reads the NIP's birth date
    unreadable = _person()
    unreadable["data_utama"] |= {"tmtPensiun": "31/02/2038"}
    again = import_batch(store, [siasn.map_record(0, unreadable)], source="siasn")
    assert again.failed == 0
    assert [q.field for q in again.quarantined] == ["tmt_pensiun"]


def test_a_birth_date_or_tmt_cpns_other_than_the_nips_is_kept_and_flagged(
    store_target: str | Path,
    tmp_path: Path,
) -> None:
    from potret_profile.adapters.quality_rules import load_rules
    from potret_profile.domain.quality import assess

    store = RecordStore(store_target)
    person = _person()
    # born 1980-01-01, CPNS 2005-01 by the NIP; SIASN says born 02-01-1980, CPNS in March
    # (corrected after the NIP was issued, or mistyped: not the import's to pick, domain
    # reference §1.1 NIP-CONSIST: warn, do not reject)
    person["data_utama"] |= {
        "tglLahir": "02-01-1980",
        "tmtCpns": "01-03-2005",
        "tmtPns": "01-03-2006",
    }
    report = import_batch(store, [siasn.map_record(0, person)], source="siasn")
    assert (report.created, report.failed, report.quarantined) == (1, 0, [])
    stored = store.get(NIP)
    assert stored is not None
    assert (stored.doc["birth_date"], stored.doc["tmt_cpns"], stored.doc["tmt_pns"]) == (
        "1980-01-02",
        "2005-03-01",
        "2006-03-01",
    )
    found = assess(stored.doc, {}, load_rules(), dt.date(2026, 12, 6), nip=NIP).stale
    assert [(s.group, s.rule) for s in found if s.rule == "NIP-CONSIST"] == [
        ("identitas", "NIP-CONSIST"),
        ("identitas", "NIP-CONSIST"),
    ]
    assert "1980-01-02" in found[0].text
    assert "1980-01-01" in found[0].text
    # counted apart in the OPD summary, not as a stale fact
    from potret_profile.domain.quality import Tally

    tally, rules = Tally(), load_rules()
    tally.add(stored.doc, assess(stored.doc, {}, rules, dt.date(2026, 12, 6), nip=NIP), rules)
    without = Tally()
    without.add(stored.doc, assess(stored.doc, {}, rules, dt.date(2026, 12, 6)), rules)
    assert tally.summary(rules)["nip_conflicts"] == 1
    assert tally.summary(rules)["fresh_pct"] == without.summary(rules)["fresh_pct"]
    # agreeing dates raise nothing; an impossible one is set aside and the person imports
    agreeing = _person()
    agreeing["data_utama"] |= {"tglLahir": "01-01-1980", "tmtCpns": "15-01-2005"}
    import_batch(store, [siasn.map_record(0, agreeing)], source="siasn")
    stored = store.get(NIP)
    assert stored is not None
    assert not [
        s
        for s in assess(stored.doc, {}, load_rules(), dt.date(2026, 12, 6), nip=NIP).stale
        if s.rule == "NIP-CONSIST"
    ]
    # a mistyped recorded TMT CPNS (1950) is set aside alone, not the right birth date with it
    typo = _person()
    typo["data_utama"] |= {"tglLahir": "01-01-1980", "tmtCpns": "01-01-1950"}
    kept = import_batch(store, [siasn.map_record(0, typo)], source="siasn")
    assert [(q.field, q.rule) for q in kept.quarantined] == [("tmt_cpns", "TMT-ORDER")]
    impossible = _person()
    impossible["data_utama"] |= {"tglLahir": "01-01-1995", "tmtPns": "01-01-2004"}
    again = import_batch(store, [siasn.map_record(0, impossible)], source="siasn")
    assert again.failed == 0
    assert sorted((q.field, q.rule) for q in again.quarantined) == [
        ("birth_date", "BIRTH-DATE"),
        ("tmt_pns", "TMT-PNS"),
    ]
