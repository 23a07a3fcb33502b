"""A position's ranking as a file a committee keeps: XLSX (openpyxl: a well-kept library
that writes real spreadsheets, not HTML renamed) or CSV (`;` and decimal commas, UTF-8 with
a byte-order mark, as Excel set to Indonesian opens it). Headers in Indonesian, every code as
its label (potret_asn_rules.labels), the policy version and the reference date in the file,
and a sheet saying what the numbers are and where each rule comes from. Pure: rows in,
bytes out; the route fetches and audits."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from potret_asn_rules.labels import RULES, label

# The most rows one export holds: the ranking service's own top_k limit (policy
# limits.max_top_k), so an export is one ranking call; a larger one is refused naming it.
MAX_ROWS = 500
FACTOR_ORDER = ("competency", "performance", "expertise", "track_record")
COLUMNS = (
    "Peringkat",
    "NIP",
    "Nama",
    "Jabatan",
    "OPD",
    "Golongan",
    "Skor",
    "Kompetensi",
    "Kinerja (SKP)",
    "Keahlian bidang",
    "Rekam jejak",
    "Kotak talenta",
    "Memenuhi syarat",
    "Syarat yang belum terpenuhi",
    "Penjelasan",
    "Kebijakan",
    "Tanggal acuan",
)
NOTE = (
    "Skor dihitung oleh Potret dari aturan yang tercantum di lembar Keterangan; keputusan "
    "tetap pada Baperjakat / panitia seleksi."
)


@dataclass(frozen=True)
class Heading:
    """What the file is about, printed in it."""

    position: str
    opd: str
    policy_version: str
    reference_date: str
    exported_at: dt.datetime  # aware, shown in `zone_label`
    exported_by: str
    considered: int
    eligible: int
    zone: dt.tzinfo = dt.timezone(dt.timedelta(hours=7))
    zone_label: str = "WIB"


def rows(reply: Mapping[str, Any], people: Mapping[str, Mapping[str, Any]]) -> list[list[Any]]:
    """The table: eligible candidates by rank, then those not eligible; numbers as numbers."""
    out: list[list[Any]] = []
    everyone: Sequence[Mapping[str, Any]] = [
        *reply.get("candidates", []),
        *reply.get("ineligible", []),
    ]
    for c in everyone:
        person = people.get(str(c.get("nip")), {})
        contrib = {f.get("factor"): f.get("contribution", 0.0) for f in c.get("factors", [])}
        unmet = [
            label("rule", str(r.get("rule")))
            for r in c.get("eligibility", [])
            if r.get("applies") and not r.get("met")
        ]
        out.append(
            [
                int(c["rank"]) if c.get("eligible") and c.get("rank") else None,
                str(c.get("nip", "")),
                str(person.get("name", "")),
                str(person.get("jabatan", "")),
                str(person.get("opd", "")),
                str(person.get("golongan", "")),
                round(float(c.get("score", 0.0)), 4),
                *(round(float(contrib.get(k, 0.0)), 4) for k in FACTOR_ORDER),
                int(c["nine_box"]) if c.get("nine_box") else None,
                "Ya" if c.get("eligible") else "Tidak",
                "; ".join(unmet),
                str(c.get("explanation", "")),
                str(reply.get("policy_version", "")),
                str(reply.get("reference_date", "")),
            ]
        )
    return out


# A cell a spreadsheet would run as a formula (=HYPERLINK(...), +, -, @, a tab or a return
# first): a name or a post is free text anyone with profiles:write may type.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: Any) -> Any:
    """Text that starts like a formula, kept as text: an apostrophe before it, as Excel
    itself marks typed text (numbers, which have their own type, are left alone)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _when(h: Heading) -> str:
    local = h.exported_at.astimezone(h.zone)
    return f"{local:%d-%m-%Y %H.%M} {h.zone_label}"


def xlsx(table: list[list[Any]], h: Heading) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its first sheet
    sheet.title = "Peringkat"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                cell.data_type = "s"  # text, never a formula openpyxl would write as one
    sheet.freeze_panes = "A2"
    widths = {"Nama": 28, "Jabatan": 34, "OPD": 30, "Syarat yang belum terpenuhi": 40}
    for i, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = widths.get(
            name, 80 if name == "Penjelasan" else 14
        )
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for cell in row_cells[6:11]:
            cell.number_format = "0.00"
    about = book.create_sheet("Keterangan")
    for pair in (
        ("Jabatan", h.position),
        ("OPD", h.opd),
        ("Kebijakan penilaian", h.policy_version),
        ("Tanggal acuan", h.reference_date),
        ("Diekspor", _when(h)),
        ("Diekspor oleh", h.exported_by),
        ("ASN diperiksa", h.considered),
        ("Memenuhi syarat", h.eligible),
        ("Catatan", NOTE),
    ):
        about.append(list(pair))
    about.append([])
    about.append(["Syarat", "Dasar hukum"])
    for name, source in RULES.values():
        about.append([name, source])
    about.column_dimensions["A"].width = 40
    about.column_dimensions["B"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    return str(value)


def csv_bytes(table: list[list[Any]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in table:
        writer.writerow([_inert(v) if isinstance(v, str) else _csv_value(v) for v in row])
    return ("\ufeff" + text.getvalue()).encode("utf-8")
