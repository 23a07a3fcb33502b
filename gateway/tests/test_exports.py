"""The ranking export's file, without a stack: what a spreadsheet would run is kept as text,
numbers stay numbers, codes are labels."""

import csv
import datetime as dt
import io
from typing import Any

from openpyxl import load_workbook

from potret_gateway.adapters import exports

HEADING = exports.Heading(
    position="Kepala Dinas Perikanan",
    opd="Dinas Perikanan",
    policy_version="potret-2026.3",
    reference_date="2026-12-06",
    exported_at=dt.datetime(2026, 12, 5, 23, 30, tzinfo=dt.UTC),
    exported_by="admin",
    considered=2,
    eligible=1,
)
REPLY: dict[str, Any] = {
    "policy_version": "potret-2026.3",
    "reference_date": "2026-12-06",
    "candidates": [
        {
            "nip": "198609262015051001",
            "rank": 1,
            "eligible": True,
            "score": 0.675,
            "nine_box": 8,
            "explanation": "Skor 0,68 ...",
            "factors": [{"factor": "competency", "contribution": 0.3}],
            "eligibility": [{"rule": "ELIG-GOL", "applies": True, "met": True}],
        }
    ],
    "ineligible": [
        {
            "nip": "199001012015011002",
            "eligible": False,
            "score": 0.4,
            "factors": [],
            "eligibility": [{"rule": "ELIG-GOL", "applies": True, "met": False}],
        }
    ],
}
PEOPLE = {
    "198609262015051001": {
        "name": '=HYPERLINK("http://contoh.invalid","klik")',
        "jabatan": "+Kepala",
        "opd": "@Dinas",
        "golongan": "IV/a",
    }
}


def test_text_that_looks_like_a_formula_stays_text_in_both_files() -> None:
    table = exports.rows(REPLY, PEOPLE)
    sheet = load_workbook(io.BytesIO(exports.xlsx(table, HEADING)))["Peringkat"]
    name, jabatan, opd = (sheet.cell(row=2, column=c) for c in (3, 4, 5))
    assert (name.data_type, jabatan.data_type, opd.data_type) == ("s", "s", "s")
    assert name.value == PEOPLE["198609262015051001"]["name"]
    assert sheet.cell(row=2, column=7).value == 0.675  # a number stays a number
    rows = list(
        csv.reader(io.StringIO(exports.csv_bytes(table).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][2].startswith("'=HYPERLINK")
    assert rows[1][3] == "'+Kepala"
    assert rows[1][6] == "0,675"


def test_requirements_are_named_and_the_heading_is_in_wib() -> None:
    table = exports.rows(REPLY, {})
    assert table[1][13] == "Golongan minimal"  # the label, never ELIG-GOL
    assert table[1][0] is None  # not eligible: no rank
    about = load_workbook(io.BytesIO(exports.xlsx(table, HEADING)))["Keterangan"]
    values = {r[0]: r[1] for r in about.iter_rows(values_only=True) if r and r[0]}
    assert values["Diekspor"] == "06-12-2026 06.30 WIB"
    assert str(values["Golongan minimal"]).startswith("Persyaratan jabatan instansi")


def test_a_control_character_in_a_value_does_not_lose_the_file() -> None:
    # a name or an OPD typed with a control character (or a forged query in the audit
    # trail): XLSX cannot hold it, the file is still written, the character shown as U+FFFD
    people = {"198609262015051001": {"name": "Siti\x12Aminah", "opd": "Dinas\x18", "jabatan": ""}}
    data = exports.table_xlsx(
        "Uji", ("Nama", "OPD"), [["Siti\x12Aminah", "Dinas\x18"]], [("Saringan", "opd=\x12")]
    )
    book = load_workbook(io.BytesIO(data))
    assert [c.value for c in book["Uji"][2]] == ["Siti\ufffdAminah", "Dinas\ufffd"]
    assert book["Keterangan"]["B1"].value == "opd=\ufffd"
    table = exports.rows(REPLY, people)
    assert load_workbook(io.BytesIO(exports.xlsx(table, HEADING)))["Peringkat"]["C2"].value == (
        "Siti\ufffdAminah"
    )
