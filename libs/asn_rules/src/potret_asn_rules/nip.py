"""Structure of the 18-digit NIP of a PNS/CPNS (Perka BKN 22/2007 and 43/2007).

Layout: birth date YYYYMMDD (1-8), TMT CPNS YYYYMM (9-14), gender digit (15), serial (16-18).
There is no check digit. Rule ids follow the project's domain reference (NIP-FMT, ...).

The parsed birth date and gender are personal data: they exist here only to validate the
number. Scoring code must never read them (UU 20/2023 merit principle; see ranking README).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from potret_asn_rules.errors import RuleViolation
from potret_asn_rules.record import add_years

_SEPARATORS = re.compile(r"[\s.\-]")

MIN_BIRTH_YEAR = 1940
MIN_TMT_YEAR = 1960
MIN_CPNS_AGE = 18
# CPNS applicants are normally at most 35 (40 for some professions); older is suspicious but
# real records exist, so it is only a warning.
MAX_PLAUSIBLE_CPNS_AGE = 41


class NipError(RuleViolation):
    """A NIP that breaks one of the structural rules."""


@dataclass(frozen=True, slots=True)
class ParsedNip:
    """A structurally valid NIP and what it encodes."""

    nip: str
    birth_date: dt.date
    tmt_cpns: dt.date
    gender_digit: int
    serial: int
    warnings: tuple[str, ...] = field(default=())


def normalise_nip(raw: str) -> str:
    """Strip the separators people type ("19860926 201505 1 001") from a NIP."""
    return _SEPARATORS.sub("", raw)


def parse_nip(
    raw: str, *, scheme: Literal["PNS", "PPPK"] = "PNS", today: dt.date | None = None
) -> ParsedNip:
    """Validate a NIP (PNS/CPNS) or NI PPPK; raise NipError naming the broken rule."""
    today = today or dt.date.today()
    warnings: list[str] = []
    nip = normalise_nip(raw)
    if len(nip) != 18 or not nip.isascii() or not nip.isdigit():
        raise NipError(
            "NIP-FMT",
            "NIP harus terdiri dari tepat 18 digit angka",
            "NIP must be exactly 18 digits",
        )
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise NipError(
            "NIP-BIRTH",
            f"digit 1-8 ({nip[0:8]}) bukan tanggal lahir yang valid (YYYYMMDD)",
            f"digits 1-8 ({nip[0:8]}) are not a valid birth date (YYYYMMDD)",
        ) from None
    if not MIN_BIRTH_YEAR <= birth.year <= today.year - 17:
        raise NipError(
            "NIP-BIRTH",
            f"tahun lahir {birth.year} di luar rentang {MIN_BIRTH_YEAR}-{today.year - 17}",
            f"birth year {birth.year} outside {MIN_BIRTH_YEAR}-{today.year - 17}",
        )
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not MIN_TMT_YEAR <= tmt_year <= today.year + 1:
        raise NipError(
            "NIP-TMT",
            f"tahun TMT CPNS {tmt_year} di luar rentang {MIN_TMT_YEAR}-{today.year + 1}",
            f"TMT CPNS year {tmt_year} outside {MIN_TMT_YEAR}-{today.year + 1}",
        )
    if scheme == "PPPK":
        # NI PPPK: positions 13-14 are a contract code (21 full time, 24 part time), not a month.
        if nip[12:14] not in ("21", "24"):
            warnings.append(f"NIP-PPPK-CODE: kode {nip[12:14]} pada digit 13-14 tidak dikenal")
        tmt = dt.date(tmt_year, 1, 1)
    else:
        if not 1 <= tmt_month <= 12:
            raise NipError(
                "NIP-TMT",
                f"bulan TMT CPNS {nip[12:14]} bukan bulan 01-12",
                f"TMT CPNS month {nip[12:14]} is not 01-12",
            )
        tmt = dt.date(tmt_year, tmt_month, 1)
    if tmt < add_years(birth, MIN_CPNS_AGE) and not (
        scheme == "PPPK" and tmt.year >= birth.year + MIN_CPNS_AGE
    ):
        raise NipError(
            "NIP-ORDER",
            f"TMT pengangkatan {tmt:%Y-%m} kurang dari {MIN_CPNS_AGE} tahun setelah tanggal lahir",
            f"appointment {tmt:%Y-%m} is less than {MIN_CPNS_AGE} years after the birth date",
        )
    if tmt > add_years(birth, MAX_PLAUSIBLE_CPNS_AGE):
        warnings.append(
            f"NIP-ORDER: TMT CPNS lebih dari {MAX_PLAUSIBLE_CPNS_AGE} tahun setelah tanggal lahir"
        )
    gender = int(nip[14])
    if gender not in (1, 2):
        raise NipError(
            "NIP-SEX", "digit ke-15 (jenis kelamin) harus 1 atau 2", "digit 15 must be 1 or 2"
        )
    serial = int(nip[15:18])
    if serial == 0:
        raise NipError(
            "NIP-SERIAL",
            "nomor urut (digit 16-18) tidak boleh 000",
            "serial (digits 16-18) must not be 000",
        )
    return ParsedNip(nip, birth, tmt, gender, serial, tuple(warnings))
