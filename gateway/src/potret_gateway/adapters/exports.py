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
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
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


def _printable(value: Any) -> Any:
    """Text a workbook can hold: control characters (a typed or forged value may carry them;
    XLSX refuses them) shown as U+FFFD, never an error that loses the whole file."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def _when(h: Heading) -> str:
    local = h.exported_at.astimezone(h.zone)
    return f"{local:%d-%m-%Y %H.%M} {h.zone_label}"


def _book(
    title: str,
    columns: tuple[str, ...],
    table: list[list[Any]],
    about: list[tuple[str, Any]],
    *,
    numbers: tuple[int, int],
    widths: dict[str, int],
) -> Any:
    """A workbook: the table on sheet `title` (header bold and frozen, text never a formula,
    columns `numbers` [start, stop) as 0,00) and a sheet Keterangan with `about`."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its first sheet
    sheet.title = title
    bold = Font(bold=True)
    for c, name in enumerate(columns, start=1):
        sheet.cell(row=1, column=c, value=name).font = bold
    top = Alignment(vertical="top", wrap_text=True)
    # Each cell written once, by its own coordinates (looking a row up by `max_row` after
    # each append made a 10,000-row file quadratic: a minute per export).
    for r, row in enumerate(table, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=_printable(value))
            if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                cell.data_type = "s"  # text, never a formula openpyxl would write as one
            cell.alignment = top
            if numbers[0] < c <= numbers[1]:
                cell.number_format = "0.00"
    sheet.freeze_panes = "A2"
    for i, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = widths.get(name, 14)
    sheet_about = book.create_sheet("Keterangan")
    for r, pair in enumerate(about, start=1):
        for c, value in enumerate(pair, start=1):
            cell = sheet_about.cell(row=r, column=c, value=_printable(value))
            if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                cell.data_type = "s"
    sheet_about.column_dimensions["A"].width = 40
    sheet_about.column_dimensions["B"].width = 90
    return book


def _bytes(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rule_sources() -> list[tuple[str, Any]]:
    return [("", ""), ("Syarat", "Dasar hukum"), *RULES.values()]


def xlsx(table: list[list[Any]], h: Heading) -> bytes:
    about: list[tuple[str, Any]] = [
        ("Jabatan", h.position),
        ("OPD", h.opd),
        ("Kebijakan penilaian", h.policy_version),
        ("Tanggal acuan", h.reference_date),
        ("Diekspor", _when(h)),
        ("Diekspor oleh", h.exported_by),
        ("ASN diperiksa", h.considered),
        ("Memenuhi syarat", h.eligible),
        ("Catatan", NOTE),
        *_rule_sources(),
    ]
    widths = {"Nama": 28, "Jabatan": 34, "OPD": 30, "Syarat yang belum terpenuhi": 40}
    widths["Penjelasan"] = 80
    return _bytes(_book("Peringkat", COLUMNS, table, about, numbers=(6, 11), widths=widths))


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    return str(value)


def csv_bytes(table: list[list[Any]], columns: tuple[str, ...] = COLUMNS) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in table:
        writer.writerow([_inert(v) if isinstance(v, str) else _csv_value(v) for v in row])
    return ("\ufeff" + text.getvalue()).encode("utf-8")


# --- a shortlist ---------------------------------------------------------------------------

SHORTLIST_COLUMNS = (
    "No",
    "NIP",
    "Nama",
    "Jabatan",
    "OPD",
    "Status",
    "Catatan",
    "Skor dasar",
    "Skor hari ini",
    "Memenuhi syarat (dasar)",
    "Memenuhi syarat (hari ini)",
    "Kotak talenta",
    "Ditambahkan oleh",
)


def shortlist_rows(view: Mapping[str, Any]) -> list[list[Any]]:
    """A shortlist as the gateway shows it (service/shortlists.py `view`): one row per
    candidate, statuses as their labels, numbers as numbers."""
    out: list[list[Any]] = []
    for i, m in enumerate(view.get("members", []), start=1):
        now = m.get("current") or {}
        out.append(
            [
                i,
                str(m.get("nip", "")),
                str(m.get("name") or ""),
                str(m.get("jabatan") or ""),
                str(m.get("opd") or ""),
                label("shortlist_status", str(m.get("status", ""))),
                str(m.get("note", "")),
                round(float(m["basis"]["score"]), 4),
                round(float(now["score"]), 4) if now else None,
                "Ya" if m["basis"]["eligible"] else "Tidak",
                ("Ya" if now.get("eligible") else "Tidak") if now else "tidak ada di data",
                int(now["nine_box"]) if now.get("nine_box") else None,
                str(m.get("added_by", "")),
            ]
        )
    return out


def shortlist_xlsx(table: list[list[Any]], view: Mapping[str, Any], h: Heading) -> bytes:
    changes = [str(c.get("message", "")) for c in view.get("changes", [])]
    about: list[tuple[str, Any]] = [
        ("Daftar pendek", str(view.get("name", ""))),
        ("Jabatan", h.position),
        ("Dibuat oleh", str(view.get("owner", ""))),
        ("Kebijakan penilaian (dasar daftar)", str(view.get("policy_version", ""))),
        ("Kebijakan penilaian (hari ini)", h.policy_version),
        ("Diekspor", _when(h)),
        ("Diekspor oleh", h.exported_by),
        ("Perubahan sejak daftar disusun", "; ".join(changes) or "tidak ada"),
        ("Catatan", NOTE),
        *_rule_sources(),
    ]
    widths = {"Nama": 28, "Jabatan": 34, "OPD": 30, "Catatan": 50, "Ditambahkan oleh": 28}
    return _bytes(
        _book("Daftar pendek", SHORTLIST_COLUMNS, table, about, numbers=(7, 9), widths=widths)
    )


# --- any table: search results, 9-box members, the audit trail -----------------------------


def table_xlsx(
    title: str,
    columns: tuple[str, ...],
    table: list[list[Any]],
    about: list[tuple[str, Any]],
    *,
    numbers: tuple[int, int] = (0, 0),
    widths: dict[str, int] | None = None,
) -> bytes:
    """A workbook of one table (sheet `title`) and its Keterangan sheet (`about`)."""
    return _bytes(_book(title, columns, table, about, numbers=numbers, widths=widths or {}))


def when(at: dt.datetime, zone: dt.tzinfo, zone_label: str) -> str:
    """A moment as the files write it: 06-12-2026 06.30 WIB."""
    return f"{at.astimezone(zone):%d-%m-%Y %H.%M} {zone_label}"


EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def local_zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # no tz database in a slim image: WIB
        return dt.timezone(dt.timedelta(hours=7))
