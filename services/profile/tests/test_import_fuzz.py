"""Fuzzing the import parsers: any input ends as candidates with named errors or a clear
format error, never a crash, and a valid row always survives its neighbours."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from potret_asn_rules import RuleViolation
from potret_profile.domain.rules import RecordInvalid
from potret_profile.service.imports.batch import prepare_profile
from potret_profile.service.imports.csvfmt import CsvFormatError, read_profiles
from potret_profile.service.imports.siasn import map_record

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
siasn_keys = st.sampled_from(
    [
        "nipBaru",
        "nama",
        "golRuangAkhir",
        "jabatanNama",
        "unorNama",
        "tanggalLahir",
        "rw-pendidikan",
        "jenisJabatan",
        "statusPegawai",
        "data",
        "riwayat",
    ]
)


@FUZZ
@given(st.one_of(json_values, st.dictionaries(siasn_keys, json_values, max_size=8)))
def test_siasn_mapping_never_crashes(raw: Any) -> None:
    candidate = map_record(0, raw)
    assert isinstance(candidate.data, dict)
    for violation in candidate.errors:
        assert violation.field
        assert violation.message


@FUZZ
@given(st.text(alphabet=string.printable + "éñ\x00", max_size=600))
def test_csv_reader_never_crashes(text: str) -> None:
    try:
        candidates = list(read_profiles(text))
    except CsvFormatError as exc:
        message = str(exc)
        candidates = []
        assert message  # a format error always explains itself
    for c in candidates:
        assert isinstance(c.data, dict)


@FUZZ
@given(
    st.lists(
        st.text(alphabet=string.ascii_letters + string.digits + " /.,;'\"", max_size=20),
        min_size=5,
        max_size=5,
    )
)
def test_a_valid_csv_row_survives_a_garbage_row(garbage: list[str]) -> None:
    header = "nip,name,golongan,jabatan,opd"
    good = "198609262015051001,Siti Aminah,III/c,Penyuluh Perikanan,Dinas Perikanan"
    row = ",".join(g.replace(",", " ").replace("\n", " ") for g in garbage)
    text = f"{header}\n{row}\n{good}\n"
    try:
        candidates = list(read_profiles(text))
    except CsvFormatError:
        return  # the sniffer may read garbage as another dialect: a clear error, not a crash
    outcomes: list[str | None] = []
    for c in candidates:
        if c.errors:
            outcomes.append(None)
            continue
        try:
            outcomes.append(prepare_profile(c.data).key)
        except (ValidationError, RecordInvalid, RuleViolation):
            outcomes.append(None)  # import_batch reports these per record with the field
    quote_errors = [e for c in candidates for e in c.errors if e.rule == "CSV-QUOTE"]
    # Either the valid row is imported, or the file is reported as broken by a stray quote.
    assert "198609262015051001" in outcomes or quote_errors
