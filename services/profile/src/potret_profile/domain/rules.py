"""Rules that relate several fields of a record. Pure: returns violations, raises nothing.

Rule ids (all reported as 422 with the field path):
- TMT-ORDER: an end date before its start; appointment dates before age 18 (from the NIP) or
  more than a year in the future; tmt_golongan before the TMT CPNS encoded in the NIP (PNS).
- POSITION-OPEN: more than one open entry in the position history (PP 11/2017 Pasal 53:
  one primary jabatan at a time).
- TMT-PENSIUN: a TMT pensiun (SIASN's tmtPensiun) before the TMT CPNS in the NIP (PNS; else
  before age 18), or after the month following the 70th birthday, the highest BUP (PP 11/2017
  Pasal 239: 58, 60, 65; a professor 70 under UU 14/2005; domain reference §11): a typo, not
  a date. Earlier dates are possible (on request, on medical grounds), so no lower age.
- BIRTH-DATE: a recorded birth date (SIASN tglLahir) before 1940 or less than 18 years before
  the TMT CPNS in the NIP. One that merely differs from the NIP's is kept: the domain
  reference §1.1 (NIP-CONSIST) says warn, do not reject, as real records differ after
  corrections; the quality report flags it (domain/quality.py).
- TMT-CPNS: a recorded TMT CPNS (tmtCpns) on a PPPK (never a CPNS), or before age 18 or more
  than a year ahead. TMT-PNS: a TMT PNS before the TMT CPNS, more than a year ahead, or on a
  PPPK.
- EDU-YEAR: a graduation year before the person was 5 or after next year.
- SKP-YEAR-DUP: two SKP entries for one year. SKP-MATRIX: a predikat that contradicts the
  PermenPANRB 6/2022 matrix of its own hasil/perilaku ratings. SKP-PREDIKAT: neither a
  predikat nor both ratings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from potret_asn_rules import parse_nip
from potret_asn_rules.labels import label
from potret_asn_rules.record import add_years
from potret_asn_rules.vocab import predikat_from_ratings
from potret_profile.domain.model import ProfileCreate


@dataclass(frozen=True, slots=True)
class Violation:
    field: str
    rule: str
    message: str
    message_en: str
    value: object = None


class RecordInvalid(Exception):
    """A record that breaks one or more cross-field rules."""

    def __init__(self, violations: list[Violation]) -> None:
        super().__init__("; ".join(f"{v.field}: {v.rule}" for v in violations))
        self.violations = violations


def _recorded_identity(
    profile: ProfileCreate,
    born: dt.date,
    nip_tmt_cpns: dt.date,
    scheme: Literal["PNS", "PPPK"],
    window: Callable[[str, dt.date | None], None],
) -> list[Violation]:
    """BIRTH-DATE, TMT-CPNS and TMT-PNS: SIASN's recorded dates, possible ones only. The
    birth date is judged by the NIP's TMT CPNS (a mistyped recorded TMT must not set a right
    birth date aside with it)."""
    out: list[Violation] = []
    appointed = profile.tmt_cpns or nip_tmt_cpns
    if profile.birth_date is not None and not (
        dt.date(1940, 1, 1) <= profile.birth_date <= add_years(nip_tmt_cpns, -18)
    ):
        out.append(
            Violation(
                "birth_date",
                "BIRTH-DATE",
                f"tanggal lahir {profile.birth_date} tidak mungkin: sebelum 1940 atau kurang "
                f"dari 18 tahun sebelum TMT CPNS pada NIP {nip_tmt_cpns:%Y-%m}",
                f"birth date {profile.birth_date} is impossible: before 1940 or less than 18 "
                f"years before the NIP's TMT CPNS {nip_tmt_cpns:%Y-%m}",
                str(profile.birth_date),
            )
        )
    for field, value, rule, what in (
        ("tmt_cpns", profile.tmt_cpns, "TMT-CPNS", "CPNS"),
        ("tmt_pns", profile.tmt_pns, "TMT-PNS", "PNS"),
    ):
        if value is None:
            continue
        if scheme == "PPPK":
            out.append(
                Violation(
                    field,
                    rule,
                    f"PPPK tidak diangkat sebagai {what}: TMT {what} tidak berlaku",
                    f"a PPPK is never appointed as {what}: no TMT {what} applies",
                    str(value),
                )
            )
        elif field == "tmt_pns" and value < appointed:
            out.append(
                Violation(
                    field,
                    rule,
                    f"TMT PNS {value} sebelum TMT CPNS {appointed:%Y-%m}",
                    f"TMT PNS {value} is before TMT CPNS {appointed:%Y-%m}",
                    str(value),
                )
            )
        else:
            window(field, value)
    return out


def check_profile(profile: ProfileCreate, *, today: dt.date) -> list[Violation]:
    """Every cross-field violation of a record (empty when valid) on the day `today`."""
    out: list[Violation] = []
    scheme: Literal["PNS", "PPPK"] = "PPPK" if profile.status in ("PPPK", "PPPK_PW") else "PNS"
    parsed = parse_nip(profile.nip, scheme=scheme, today=today)
    earliest = add_years(parsed.birth_date, 18)
    latest = today + dt.timedelta(days=366)

    def window(field: str, value: dt.date | None) -> None:
        if value is None:
            return
        if value < earliest:
            out.append(
                Violation(
                    field,
                    "TMT-ORDER",
                    f"tanggal {value} sebelum usia 18 tahun menurut NIP",
                    f"date {value} is before age 18 according to the NIP",
                    str(value),
                )
            )
        elif value > latest:
            out.append(
                Violation(
                    field,
                    "TMT-ORDER",
                    f"tanggal {value} lebih dari setahun ke depan",
                    f"date {value} is more than a year ahead",
                    str(value),
                )
            )

    window("tmt_golongan", profile.tmt_golongan)
    appointed = parsed.tmt_cpns if scheme == "PNS" else earliest
    if profile.tmt_pensiun and not (
        appointed <= profile.tmt_pensiun <= add_years(parsed.birth_date, 70) + dt.timedelta(days=62)
    ):
        out.append(
            Violation(
                "tmt_pensiun",
                "TMT-PENSIUN",
                f"TMT pensiun {profile.tmt_pensiun} tidak mungkin menurut NIP (lahir "
                f"{parsed.birth_date}): sebelum diangkat atau lewat BUP tertinggi 70 tahun",
                f"TMT pensiun {profile.tmt_pensiun} is impossible by the NIP (born "
                f"{parsed.birth_date}): before appointment or past the highest BUP, 70",
                str(profile.tmt_pensiun),
            )
        )
    window("tmt_jabatan", profile.tmt_jabatan)
    out += _recorded_identity(profile, parsed.birth_date, parsed.tmt_cpns, scheme, window)
    if scheme == "PNS" and profile.tmt_golongan and profile.tmt_golongan < parsed.tmt_cpns:
        out.append(
            Violation(
                "tmt_golongan",
                "TMT-ORDER",
                f"TMT golongan {profile.tmt_golongan} sebelum TMT CPNS {parsed.tmt_cpns:%Y-%m}",
                f"TMT golongan {profile.tmt_golongan} is before TMT CPNS {parsed.tmt_cpns:%Y-%m}",
                str(profile.tmt_golongan),
            )
        )
    open_positions = 0
    for i, pos in enumerate(profile.positions):
        window(f"positions[{i}].tmt_start", pos.tmt_start)
        if pos.tmt_end is None:
            open_positions += 1
        elif pos.tmt_end < pos.tmt_start:
            out.append(
                Violation(
                    f"positions[{i}].tmt_end",
                    "TMT-ORDER",
                    "TMT selesai sebelum TMT mulai",
                    "end date before start date",
                    str(pos.tmt_end),
                )
            )
    if open_positions > 1:
        out.append(
            Violation(
                "positions",
                "POSITION-OPEN",
                f"{open_positions} jabatan tanpa TMT selesai; hanya satu jabatan aktif",
                f"{open_positions} open positions; only one may be held",
                open_positions,
            )
        )
    for i, edu in enumerate(profile.education):
        if not parsed.birth_date.year + 5 <= edu.year <= today.year + 1:
            out.append(
                Violation(
                    f"education[{i}].year",
                    "EDU-YEAR",
                    f"tahun lulus {edu.year} tidak mungkin untuk tanggal lahir ini",
                    f"graduation year {edu.year} is impossible for this birth date",
                    edu.year,
                )
            )
    seen_years: set[int] = set()
    for i, skp in enumerate(profile.skp):
        if skp.year in seen_years:
            out.append(
                Violation(
                    f"skp[{i}].year",
                    "SKP-YEAR-DUP",
                    f"SKP tahun {skp.year} lebih dari satu",
                    f"more than one SKP for {skp.year}",
                    skp.year,
                )
            )
        seen_years.add(skp.year)
        if skp.hasil_kerja and skp.perilaku_kerja:
            expected = predikat_from_ratings(skp.hasil_kerja, skp.perilaku_kerja)
            if skp.predikat and skp.predikat != expected:
                out.append(
                    Violation(
                        f"skp[{i}].predikat",
                        "SKP-MATRIX",
                        f"predikat {label('predikat', skp.predikat)} tidak sesuai matriks hasil "
                        f"kerja × perilaku kerja PermenPANRB 6/2022 (seharusnya "
                        f"{label('predikat', expected)})",
                        f"predikat {skp.predikat} contradicts the matrix (expected {expected})",
                        skp.predikat,
                    )
                )
        elif not skp.predikat:
            out.append(
                Violation(
                    f"skp[{i}].predikat",
                    "SKP-PREDIKAT",
                    "isi predikat, atau rating hasil kerja dan perilaku kerja",
                    "give a predikat, or both hasil kerja and perilaku kerja ratings",
                )
            )
    for i, d in enumerate(profile.discipline):
        if d.end is not None and d.end < d.tmt:
            out.append(
                Violation(
                    f"discipline[{i}].end",
                    "TMT-ORDER",
                    "akhir hukuman sebelum TMT hukuman",
                    "end before start",
                    str(d.end),
                )
            )
    return out


def normalise(profile: ProfileCreate) -> ProfileCreate:
    """Fill derived values: the predikat from the ratings when only the ratings are given."""
    for skp in profile.skp:
        if skp.predikat is None and skp.hasil_kerja and skp.perilaku_kerja:
            skp.predikat = predikat_from_ratings(skp.hasil_kerja, skp.perilaku_kerja)
    return profile
