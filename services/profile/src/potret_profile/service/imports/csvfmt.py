"""CSV import from the template services/profile/templates/profiles.csv.

One row per ASN with the current state, the highest education and, optionally, the latest
potential assessment; histories come through SIASN JSON or the native JSON import. Columns
(header row required, order free, UTF-8, separator "," or ";"): see PROFILE_COLUMNS. A
leading apostrophe (spreadsheet text marker) is stripped from every value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from potret_problems import FieldViolation
from potret_profile.service.imports.batch import Candidate

PROFILE_COLUMNS = (
    "nip",
    "gelar_depan",
    "name",
    "gelar_belakang",
    "status",
    "golongan",
    "tmt_golongan",
    "jabatan",
    "jenis_jabatan",
    "jenjang",
    "opd",
    "unit",
    "tmt_jabatan",
    "pendidikan_tingkat",
    "pendidikan_jurusan",
    "pendidikan_institusi",
    "pendidikan_tahun",
    # A potential assessment (9-box potential axis): its date, score 0-100 and/or category
    # (RENDAH, MENENGAH, TINGGI).
    "potensi_tanggal",
    "potensi_skor",
    "potensi_kategori",
)
REQUIRED = ("nip", "name", "golongan", "jabatan", "opd")


class CsvFormatError(ValueError):
    """The file itself (not a row) is unusable: no header, unknown columns."""


def _rows(reader: csv.DictReader[str]) -> Iterator[dict[str, Any]]:
    """The rows; a line the csv module cannot parse is a format error naming the line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvFormatError(
                f"baris {reader.line_num}: CSV tidak dapat dibaca ({exc})"
            ) from None
        yield row


def read_profiles(text: str) -> Iterator[Candidate]:
    """Candidates from CSV text; raises CsvFormatError for a bad header."""
    # One newline convention, so a stray carriage return cannot break the reader mid-file.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise CsvFormatError(f"baris judul CSV tidak dapat dibaca ({exc})") from None
    if not header:
        raise CsvFormatError("berkas CSV kosong atau tanpa baris judul")
    unknown = [h for h in header if h not in PROFILE_COLUMNS]
    missing = [h for h in REQUIRED if h not in header]
    if unknown or missing:
        raise CsvFormatError(
            "kolom tidak dikenal: " + ", ".join(unknown)
            if unknown
            else "kolom wajib tidak ada: " + ", ".join(missing)
        )
    reader.fieldnames = header
    for index, row in enumerate(_rows(reader)):
        if any("\n" in (v or "") for v in row.values() if isinstance(v, str)):
            # No cell of the template spans lines: an unclosed quote swallowed the next rows.
            yield Candidate(
                index,
                {},
                None,
                [
                    FieldViolation(
                        field="row",
                        rule="CSV-QUOTE",
                        message=f'tanda kutip (") tidak ditutup sebelum baris {reader.line_num}: '
                        "baris-baris berikutnya terbaca sebagai isi satu sel; perbaiki lalu impor "
                        "ulang",
                        message_en="unclosed quote: the following lines were read into one cell",
                    )
                ],
            )
            continue
        if None in row:  # more cells than header columns
            yield Candidate(
                index,
                {},
                None,
                [
                    FieldViolation(
                        field="row",
                        rule="CSV-COLUMNS",
                        message="jumlah kolom melebihi judul",
                        message_en="more cells than header columns",
                    )
                ],
            )
            continue
        clean = {k: (v or "").strip().lstrip("'").strip() for k, v in row.items()}
        data: dict[str, Any] = {
            k: clean[k]
            for k in (
                "nip",
                "name",
                "gelar_depan",
                "gelar_belakang",
                "golongan",
                "jabatan",
                "opd",
                "unit",
            )
            if k in clean
        }
        for key in ("status", "jenis_jabatan", "jenjang", "tmt_golongan", "tmt_jabatan"):
            if clean.get(key):
                data[key] = clean[key]
        if clean.get("pendidikan_tingkat"):
            data["education"] = [
                {
                    "level": clean["pendidikan_tingkat"],
                    "major": clean.get("pendidikan_jurusan", ""),
                    "institution": clean.get("pendidikan_institusi", ""),
                    "year": clean.get("pendidikan_tahun") or None,
                }
            ]
        if clean.get("potensi_skor") or clean.get("potensi_kategori"):
            data["assessments"] = [
                {
                    "date": clean.get("potensi_tanggal") or None,
                    "potential_score": clean.get("potensi_skor") or None,
                    "potential_category": clean.get("potensi_kategori") or None,
                }
            ]
        yield Candidate(index, data, clean.get("nip") or None)
