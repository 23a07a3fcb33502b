"""BKN's own values, as SIASN answers them, map to Potret's codes (issue 21): every entry of
each reference table the import reads (siasn_referensi.json), by id and by BKN's name, and the
values the import used to reject or misread."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from potret_profile.service.imports import siasn

REF: dict[str, dict[str, Any]] = json.loads(
    (Path(siasn.__file__).with_name("siasn_referensi.json")).read_text("utf-8")
)
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


def _mapped(**sections: Any) -> dict[str, Any]:
    candidate = siasn.map_record(0, _person(**sections))
    assert candidate.errors == [], candidate.errors
    assert candidate.quarantined == [], candidate.quarantined  # no row set aside either
    return candidate.data


@pytest.mark.parametrize(("code", "entry"), sorted(REF["tingkat_pendidikan"].items()))
def test_every_education_level_maps_by_id_and_by_name(code: str, entry: dict[str, str]) -> None:
    by_id = _mapped(
        rw_pendidikan=[{"tkPendidikanId": code, "tkPendidikanNama": "?", "tahunLulus": "2004"}]
    )
    by_name = _mapped(rw_pendidikan=[{"tkPendidikanNama": entry["nama"], "tahunLulus": "2004"}])
    assert by_id["education"][0]["level"] == entry["potret"]
    assert by_name["education"][0]["level"] == entry["potret"]


@pytest.mark.parametrize(("code", "entry"), sorted(REF["latihan_struktural"].items()))
def test_every_structural_training_maps_by_id_and_by_name(code: str, entry: dict[str, Any]) -> None:
    for row in (
        {"latihanStrukturalId": code, "latihanStrukturalNama": entry["nama"], "tahun": "2015"},
        {"latihanStrukturalNama": entry["nama"], "tahun": "2015"},
    ):
        training = _mapped(rw_diklat=[row])["trainings"][0]
        assert training["kind"] == "KEPEMIMPINAN"
        assert training.get("leadership") == entry["potret"]  # None: no PKP/PKA/PKN level
        assert training["name"] == entry["nama"]


@pytest.mark.parametrize(
    ("code", "entry"), [(k, REF["jenis_diklat"][k]) for k in sorted(REF["jenis_diklat"], key=int)]
)
def test_every_course_kind_maps_by_its_id_not_by_its_topic(
    code: str, entry: dict[str, str]
) -> None:
    # jenisKursusNama is a topic (1,287 of them), never the kind
    row = {
        "jenisDiklatId": code,
        "jenisKursusNama": "Manajemen Aset",
        "namaKursus": "",
        "tahunKursus": "2022",
        "jumlahJam": "24",
    }
    training = _mapped(rw_kursus=[row])["trainings"][0]
    assert training["kind"] == entry["potret"]
    assert training["name"] == "Manajemen Aset"  # the topic names a course without a name


def test_an_unknown_course_kind_is_set_aside_naming_the_field_and_the_value() -> None:
    candidate = siasn.map_record(0, _person(rw_kursus=[{"jenisDiklatId": "99", "namaKursus": "X"}]))
    assert candidate.errors == []  # the person imports (test_siasn_quarantine)
    assert [(e.field, e.rule, e.value) for e in candidate.quarantined] == [
        ("rw_kursus[0].jenisDiklatId", "TRAINING-KIND", "99")
    ]
    assert candidate.data["trainings"] == []  # the row is left out, not guessed


@pytest.mark.parametrize(("code", "entry"), sorted(REF["kuadran_nilai"].items()))
def test_every_skp_quadrant_code_and_name_is_a_predikat(code: str, entry: dict[str, str]) -> None:
    by_code = _mapped(rw_skp22=[{"tahun": "2023", "KuadranKinerjaNilai": code}])
    by_name = _mapped(rw_skp22=[{"tahun": "2023", "kuadranKinerja": entry["nama"]}])
    assert by_code["skp"][0]["predikat"] == entry["potret"]
    assert by_name["skp"][0]["predikat"] == entry["potret"]


@pytest.mark.parametrize(("code", "entry"), sorted(REF["perilaku_dan_kinerja"].items()))
def test_every_rating_code_and_bkns_spelling_is_a_rating(code: str, entry: dict[str, str]) -> None:
    by_code = _mapped(
        rw_skp22=[{"tahun": "2023", "hasilKinerjaNilai": code, "PerilakuKerjaNilai": code}]
    )
    by_name = _mapped(
        rw_skp22=[{"tahun": "2023", "hasilKinerja": entry["nama"], "perilakuKerja": entry["nama"]}]
    )
    for mapped in (by_code, by_name):
        assert mapped["skp"][0]["hasil_kerja"] == entry["potret"]
        assert mapped["skp"][0]["perilaku_kerja"] == entry["potret"]


@pytest.mark.parametrize(
    ("year", "nilai", "predikat"),
    [
        # PP 46/2011 (<= 2020): Sangat Baik >= 91, Baik 76-90, Cukup 61-75 ...
        ("2019", "91.5", "SANGAT_BAIK"),
        ("2019", "80", "BAIK"),
        ("2020", "70", "BUTUH_PERBAIKAN"),
        # PP 30/2019 (2021): Baik 90-120 (Sangat Baik needs a new idea no number shows),
        # Cukup 70-<90
        ("2021", "115", "BAIK"),
        ("2021", "95", "BAIK"),
        ("2021", "85", "BUTUH_PERBAIKAN"),
    ],
)
def test_an_old_skp_is_read_on_the_scale_of_its_year(year: str, nilai: str, predikat: str) -> None:
    skp = _mapped(rw_skp=[{"tahun": year, "nilaiPrestasiKerja": nilai, "jumlah": "540"}])["skp"][0]
    assert (skp["nilai"], skp["predikat"]) == (float(nilai), predikat)


def test_an_old_skp_without_its_score_is_no_sum() -> None:
    # "jumlah" adds the elements up (540): it is no score on either scale
    candidate = siasn.map_record(0, _person(rw_skp=[{"tahun": "2018", "jumlah": "540"}]))
    assert [(e.field, e.rule) for e in candidate.quarantined] == [
        ("rw_skp[0].nilaiPrestasiKerja", "SKP-NILAI")
    ]
    assert candidate.data["skp"] == []


def test_bkns_envelope_around_a_section_is_unwrapped_and_not_found_is_none() -> None:
    wrapped = {
        "code": 1,
        "count": 1,
        "data": [{"hargaNama": "Satyalancana Karya Satya X Tahun", "tahun": "2015"}],
        "message": "success",
    }
    missing = {"code": 0, "count": 0, "data": "Data tidak ditemukan", "message": "Not Found"}
    mapped = _mapped(rw_penghargaan=wrapped, rw_hukdis=missing)
    assert [a["name"] for a in mapped["awards"]] == ["Satyalancana Karya Satya X Tahun"]
    assert mapped["discipline"] == []


def test_a_person_holding_every_reference_value_imports_whole(tmp_path: Path) -> None:
    from potret_profile.adapters.store import RecordStore
    from potret_profile.service.imports.batch import import_batch

    person = _person(
        rw_pendidikan=[
            {"tkPendidikanId": k, "pendidikanNama": "S-1 PERIKANAN", "tahunLulus": "2004"}
            for k in REF["tingkat_pendidikan"]
        ],
        rw_diklat=[
            {"latihanStrukturalId": k, "latihanStrukturalNama": v["nama"], "tahun": "2015"}
            for k, v in REF["latihan_struktural"].items()
        ],
        rw_kursus=[
            {"jenisDiklatId": k, "jenisKursusNama": "Manajemen Aset", "tahunKursus": "2022"}
            for k in REF["jenis_diklat"]
        ],
        rw_skp22=[
            {
                "tahun": "2023",
                "KuadranKinerjaNilai": "2",
                "hasilKinerjaNilai": "2",
                "PerilakuKerjaNilai": "2",
            }
        ],
        rw_skp=[{"tahun": "2019", "nilaiPrestasiKerja": "88.5"}],
    )
    report = import_batch(
        RecordStore(tmp_path / "p.db"), [siasn.map_record(0, person)], source="siasn"
    )
    assert (report.created, report.failed, report.errors) == (1, 0, [])


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ({"tmtPensiun": "01-02-2038", "bupPensiun": "58"}, ("2038-02-01", 58)),
        ({"tmtPensiun": "01-02-2040", "bupPensiun": 60}, ("2040-02-01", 60)),
        ({"tmtPensiun": None, "bupPensiun": None}, (None, None)),  # BKN's nulls: computed
        ({}, (None, None)),
    ],
)
def test_siasns_retirement_date_and_bup_are_kept_as_bkn_records_them(
    given: dict[str, Any], kept: tuple[str | None, int | None]
) -> None:
    person = _person()
    person["data_utama"] |= given
    candidate = siasn.map_record(0, person)
    assert candidate.errors == []
    assert (candidate.data.get("tmt_pensiun"), candidate.data.get("bup_pensiun")) == kept


def test_a_retirement_date_that_cannot_be_read_is_kept_as_said_for_its_rule() -> None:
    person = _person()
    person["data_utama"] |= {"tmtPensiun": "2038/02/31"}
    candidate = siasn.map_record(0, person)
    assert candidate.errors == []  # not the person's error: validation sets it aside
    assert candidate.data["tmt_pensiun"] == "2038/02/31"


def _unor(**names: str) -> siasn.UnorTable:
    rows = [
        {"Id": "ROOT", "DiatasanId": None, "NamaUnor": "Pemerintah Kab. Gresik"},
        {"Id": "DKP", "DiatasanId": "ROOT", "NamaUnor": "Dinas Perikanan", "IndukUnorId": "DKP"},
        {"Id": "BUD", "DiatasanId": "DKP", "NamaUnor": "Bidang Budidaya"},
        {"Id": "SEKSI", "DiatasanId": "BUD", "NamaUnor": "Seksi Perbenihan"},
        # camelCase, as some copies of ref-unor are stored; no IndukUnorId: by the tree
        {"id": "KEC", "diatasanId": "ROOT", "namaUnor": "Kecamatan Tambak"},
        {"id": "PUSK", "diatasanId": "KEC", "namaUnor": "UPT Puskesmas Tambak"},
        # a loop in the reference: no answer rather than a guess
        {"Id": "L1", "DiatasanId": "L2", "NamaUnor": "Bidang A"},
        {"Id": "L2", "DiatasanId": "L1", "NamaUnor": "Bidang B"},
    ]
    return siasn.UnorTable(rows, names)


def test_an_opd_is_found_by_its_unor_ids_whatever_name_the_row_wrote() -> None:
    unor = _unor()
    assert unor.opd("SEKSI", "", "Dinas Kelautan dan Perikanan") == "Dinas Perikanan"
    assert unor.opd("", "DKP", "DINAS PERIKANAN") == "Dinas Perikanan"
    assert unor.opd("PUSK", None, "") == "Kecamatan Tambak"  # the unit under the instansi
    assert unor.unit("PUSK", "Puskesmas") == "UPT Puskesmas Tambak"
    assert unor.unit("DKP", "") == ""  # the OPD's own head: no unit inside it
    # unknown ids, the root itself and a loop: the name the row said
    assert unor.opd("X", "Y", "Dinas Lain Kab. Lamongan") == "Dinas Lain Kab. Lamongan"
    assert unor.opd("ROOT", "", "Sekretariat Daerah") == "Sekretariat Daerah"
    assert unor.opd("L1", "", "Bidang A") == "Bidang A"


def test_the_regencys_names_rename_by_unor_id_first_then_by_bkns_name() -> None:
    unor = _unor(DKP="Dinas Perikanan Kabupaten Gresik", **{"Seksi Perbenihan": "Seksi Benih"})
    assert unor.opd("SEKSI", "", "") == "Dinas Perikanan Kabupaten Gresik"
    assert unor.unit("SEKSI", "") == "Seksi Benih"
    assert unor.digest != _unor().digest  # another naming: every person read again


def test_ref_unor_in_another_order_or_with_another_head_reads_nobody_again() -> None:
    rows: list[dict[str, Any]] = [
        {"Id": "ROOT", "DiatasanId": None, "NamaUnor": "Pemerintah Kab. Gresik"},
        {"Id": "DKP", "DiatasanId": "ROOT", "NamaUnor": "Dinas Perikanan", "PemimpinPnsId": "A"},
    ]
    other_head = [rows[0], rows[1] | {"PemimpinPnsId": "B", "NamaJabatan": "Kepala Dinas"}]
    digest = siasn.UnorTable(rows).digest
    assert siasn.UnorTable(list(reversed(rows))).digest == digest
    assert siasn.UnorTable(other_head).digest == digest
    renamed = [rows[0], rows[1] | {"NamaUnor": "Dinas Kelautan dan Perikanan"}]
    assert siasn.UnorTable(renamed).digest != digest


def test_periodic_ratings_are_kept_in_period_order_whatever_order_bkn_sends() -> None:
    newest_first = [
        {
            "tahun": "2025",
            "periodikId": "2",
            "periodikNama": "Triwulan II",
            "kuadranKinerjaNilai": "1",
        },
        {
            "tahun": "2025",
            "periodikId": "1",
            "periodikNama": "Triwulan I",
            "kuadranKinerjaNilai": "2",
        },
        {
            "tahun": "2024",
            "periodikId": "4",
            "periodikNama": "Triwulan IV",
            "kuadranKinerjaNilai": "3",
        },
    ]
    mapped = _mapped(rw_kinerjaperiodik=newest_first)
    assert [(p["year"], p["period"], p["predikat"]) for p in mapped["skp_periodik"]] == [
        (2024, "Triwulan IV", "BUTUH_PERBAIKAN"),
        (2025, "Triwulan I", "BAIK"),
        (2025, "Triwulan II", "SANGAT_BAIK"),
    ]


def _stated(name: str) -> str | None:
    """The jenjang a JF's name states, wherever in it, as an official reads it (the last)."""
    words = re.findall(
        r"\b(Ahli Utama|Ahli Madya|Ahli Muda|Ahli Pertama|Penyelia|Mahir|Terampil|Pemula)\b",
        name,
        re.I,
    )
    return words[-1].upper().replace(" ", "_") if words else None


def test_every_functional_post_gets_its_jenjang_from_its_name_or_its_bkn_id() -> None:
    wrong = []
    contradicted = []
    for jf_id, entry in REF["jabatan_fungsional"].items():
        stated = _stated(entry["nama"])
        if stated is not None and entry["potret"] is not None and stated != entry["potret"]:
            contradicted.append(entry["nama"])
        expected = stated or entry["potret"]
        if expected is None:
            continue  # Juru Sita (XX): no jenjang, the person's JF is refused as before
        row = {
            "jenisJabatan": "2",
            "jabatanFungsionalId": jf_id,
            "namaJabatan": entry["nama"],
            "tmtJabatan": "01-01-2015",
        }
        got = _mapped(rw_jabatan=[row])["positions"][0]["jenjang"]
        if got != expected:
            wrong.append((entry["nama"], got, expected))
    assert wrong == []
    # BKN's table codes some posts against their own names; the name, the SK's words, wins
    assert "Pengawas Jaminan Produk Halal Ahli Utama" in contradicted
    assert "Penyuluh Agama Terampil Pelaksana" in contradicted
    assert len(contradicted) < 40, contradicted  # a handful, not the table


def test_an_id_in_lower_case_or_a_name_that_contradicts_its_code_is_read_right() -> None:
    [(jf_id, entry)] = [
        (k, e)
        for k, e in REF["jabatan_fungsional"].items()
        if e["nama"] == "Penyuluh Agama Terampil Pelaksana"
    ]
    assert entry["potret"] == "AHLI_MUDA"  # BKN's code, against the name
    person = _person()
    person["data_utama"] |= {
        "jabatanNama": "Penyuluh Agama",  # the current name states nothing
        "jabatanFungsionalId": jf_id.lower(),
        "golRuangAkhir": "II/c",
    }
    data = siasn.map_record(0, person).data
    assert (data["jenis_jabatan"], data["jenjang"]) == ("JF", "TERAMPIL")


def test_a_placeholder_inauguration_date_leaves_the_position_row_in() -> None:
    row = {
        "jenisJabatan": "2",
        "namaJabatan": "Analis Kebijakan Ahli Muda",
        "tmtJabatan": "01-01-2015",
        "tmtPelantikan": "00-00-0000",
    }
    positions = _mapped(rw_jabatan=[row, {**row, "tmtPelantikan": "01-01-1900"}])["positions"]
    assert len(positions) == 2  # neither row is set aside for a date no rule reads
    assert positions[0]["tmt_pelantikan"] is None


@pytest.mark.parametrize(
    ("name", "jenjang"),
    [
        ("Guru Pembina", "AHLI_MADYA"),
        ("Lektor Kepala", "AHLI_MADYA"),
        ("Teknisi Siaran Madya", "AHLI_MADYA"),
        ("Pengawas Jaminan Produk Halal Ahli Utama", "AHLI_UTAMA"),  # BKN codes it PT
    ],
)
def test_a_current_post_that_states_no_jenjang_takes_it_from_bkns_id(
    name: str, jenjang: str
) -> None:
    [jf_id] = [k for k, e in REF["jabatan_fungsional"].items() if e["nama"] == name]
    person = _person()
    person["data_utama"] |= {
        "jabatanNama": name,
        "jabatanFungsionalNama": name,
        "jabatanFungsionalId": jf_id,
        "golRuangAkhir": "IV/a",
    }
    data = siasn.map_record(0, person).data
    assert (data["jenis_jabatan"], data["jenjang"]) == ("JF", jenjang)
    # the trap: without BKN's id, a name that states no jenjang leaves it unknown, not guessed
    person["data_utama"].pop("jabatanFungsionalId")
    assert siasn.map_record(0, person).data["jenjang"] == _stated(name)
