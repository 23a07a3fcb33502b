"""What the ranking may know about one ASN, extracted once from a profile snapshot.

`facts_from_profile` turns a profile (the event snapshot as a dict, field names as in the
profile service) into `RowFacts`: plain numbers the scorer reads. Dates that keep moving
(the current post's months, the time to retirement, discipline periods) are kept as start and
end points, so a score computed next year is still right without replaying events.

Never read here for scoring: name, gelar, personal data (NIK, birth place, address,
religion, marital status), and nothing is inferred from names. The NIP-encoded gender and
birth year are extracted into `FairnessFacts`, which only the fairness report reads; the
birth date otherwise enters only through the legal age rules: retirement (BUP, PP 11/2017
Pasal 239) and the JPT age limit at registration (ELIG-AGE, PP 11/2017 Pasal 107).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from potret_asn_rules import GolonganError, RuleViolation, domains, parse_golongan, parse_nip
from potret_asn_rules.career import (
    LEADERSHIP_ORDINAL,
    bup_age,
    managerial_level,
    retirement_date,
)
from potret_asn_rules.record import position_history, record_date
from potret_asn_rules.vocab import (
    COMPETENCIES,
    EDUCATION_ORDINAL,
    POTENTIAL_LEVEL,
    PREDIKAT_ORDINAL,
    predikat_from_ratings,
)
from potret_expertise import expertise_all, expertise_inputs, expertise_key
from potret_expertise.text import stem_set
from potret_expertise.thesaurus import GENERIC, thesaurus

YEAR0 = 2000
NYEARS = 48  # SKP and innovation years 2000..2047, one column each
LEVELS = 7  # managerial level 0..6 (potret_asn_rules.career)
DOMAIN_CODES: tuple[str, ...] = tuple(sorted(domains()))
DOMAIN_INDEX = {code: i for i, code in enumerate(DOMAIN_CODES)}
COMPETENCY_CODES: tuple[str, ...] = tuple(COMPETENCIES)
NO_DAY = 0


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


# The BUPs of PP 11/2017 Pasal 239 and UU 14/2005 (domain reference §11).
BUP_AGES = frozenset({58, 60, 65, 70})


def _recorded_bup(given: Any, tmt_pensiun: dt.date, born: dt.date | None) -> int:
    """The BUP a recorded TMT pensiun falls at: as recorded, else the age on the day before
    it by the birth date (the recorded one, else the NIP's; the TMT is the first day of the
    month after the BUP birthday); 0 when that is no BUP (an early retirement, or on medical
    grounds): then the date is fixed and no position's BUP moves it."""
    try:
        age = int(given or 0)
    except (TypeError, ValueError):
        age = 0
    if age:
        return age if age in BUP_AGES else 0
    if born is None:
        return 0
    # the BUP whose retirement date is this one; none (an early retirement in the year of a
    # BUP birthday, 57 years and 6 months) is no BUP
    month = (tmt_pensiun.year, tmt_pensiun.month)
    for bup in sorted(BUP_AGES):
        due = retirement_date(born, bup)
        if (due.year, due.month) == month:
            return bup
    return 0


def major_stems(text: str) -> frozenset[str]:
    """Distinctive words of a study major ("S1 Budidaya Perairan" -> {budidaya, air})."""
    return frozenset(s for s in stem_set(text) if s not in GENERIC and len(s) > 2)


@dataclass(slots=True)
class FairnessFacts:
    """Read only by the fairness report, never by the scorer."""

    gender: int = 0  # NIP digit 15: 1 laki-laki, 2 perempuan, 0 unknown
    birth_year: int = 0


@dataclass(slots=True)
class RowFacts:
    nip: str
    version: int
    status: str = "PNS"
    aktif: bool = True
    jenis: str = ""
    opd: str = ""
    golongan: str = ""
    golongan_ord: int = -1  # PNS ordinal 1..17; -1 unknown or PPPK
    education_ord: int = 0
    education_label: str = ""
    majors: tuple[tuple[int, str, frozenset[str]], ...] = ()  # (level ordinal, major, stems)
    level_now: int = 0
    current_start: int = -1  # month index of the current post's TMT; -1 unknown
    current_domains: int = 0  # bitmask over DOMAIN_CODES
    closed_level_months: list[int] = field(default_factory=lambda: [0] * LEVELS)
    closed_domain_months: list[int] = field(default_factory=lambda: [0] * len(DOMAIN_CODES))
    leadership: int = 0  # LEADERSHIP_ORDINAL of the highest leadership training
    skp: dict[int, int] = field(default_factory=dict)  # year -> predikat ordinal 1..5
    competency: list[int] = field(default_factory=lambda: [0] * len(COMPETENCY_CODES))
    assessment_date: str = ""
    jpm_official: float = math.nan
    # Potential (potensi), apart from competency (domain reference §6.5): from the latest
    # assessment that reports it. Level 1..3 when a category is stated, else 0.
    potential_score: float = math.nan
    potential_level: int = 0
    discipline_active_until: int = NO_DAY  # date.toordinal() of the latest end, any level
    discipline_heavy_until: int = NO_DAY  # the same, sedang/berat only
    bup_month: int = -1  # month index of TMT pensiun at the BUP of the current jabatan
    bup_age: int = 0  # that BUP
    # The latest periodic rating (SIASN rw-kinerjaperiodik): shown beside the annual SKP, never
    # scored (the annual predikat is what PermenPANRB 6/2022 and the rules name).
    periodic_year: int = 0
    periodic_predikat: int = 0
    # Shown, never scored: since when the current golongan is held (TMT golongan, else the
    # pangkat history's step to it) and a JF's latest angka kredit with its period's end.
    golongan_since: int = 0  # date ordinal, 0 unknown
    credit_total: float = 0.0
    credit_end: int = 0  # yyyymm, 0 none
    bup_siasn: bool = False  # both as BKN's SIASN records them (tmt_pensiun, bup_pensiun)
    # The birth date is the recorded one (SIASN tglLahir), which differs from the NIP's: a
    # correction after the NIP was issued (domain reference §1.1, NIP-CONSIST); said in the
    # ELIG-BUP explanation.
    born_recorded: bool = False
    # Birth date as YYYYMMDD (0: unknown), for ELIG-AGE only: (ref - birth) // 10000 is the
    # age in completed years. Never a score, a tie-break or a factor.
    birth_yyyymmdd: int = 0
    # Domain scores; None when the row's own are kept: its expertise_key is this one
    # (the same inputs, date and rules), so they would be computed again to the same values.
    expertise: dict[str, float] | None = field(default_factory=dict)
    expertise_key: int = 0  # the first 8 bytes of potret_expertise.expertise_key, never 0
    innovations: dict[int, int] = field(default_factory=dict)  # year -> count
    fairness: FairnessFacts = field(default_factory=FairnessFacts)


def _domain_mask(*texts: Any) -> int:
    th = thesaurus()
    mask = 0
    for text in texts:
        if text:
            for code in th.record_domains(str(text)):
                mask |= 1 << DOMAIN_INDEX[code]
    return mask


def _months(start: dt.date, end: dt.date) -> int:
    return max(0, (end.year - start.year) * 12 + end.month - start.month)


def _positions(profile: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The position history, oldest first (undated posts last)."""
    return sorted(
        (dict(p) for p in position_history(profile)),
        key=lambda p: record_date(p.get("tmt_start")) or dt.date.max,
    )


def expertise_code(inputs: Mapping[str, Any], today: dt.date) -> int:
    """potret_expertise.expertise_key as a row holds it: its first 8 bytes, never 0 (0 is a
    row without scores)."""
    return int(expertise_key(inputs, today)[:16], 16) or 1


def facts_from_profile(
    nip: str, version: int, profile: Mapping[str, Any], *, today: dt.date, known_key: int = 0
) -> RowFacts:
    """The facts of one profile snapshot, with `today` the date durations run to.
    `known_key`: the expertise_key of the row the facts will be written to; when it is this
    snapshot's, the domain scores are not computed (`expertise` None: the row keeps its own)."""
    f = RowFacts(nip=nip, version=version)
    f.status = str(profile.get("status") or "PNS")
    f.aktif = str(profile.get("kedudukan") or "AKTIF").upper() == "AKTIF"
    f.jenis = str(profile.get("jenis_jabatan") or "")
    f.opd = str(profile.get("opd") or "")
    f.golongan = str(profile.get("golongan") or "")
    if f.status not in ("PPPK", "PPPK_PW"):
        try:
            f.golongan_ord = parse_golongan(f.golongan).ordinal
        except GolonganError:
            f.golongan_ord = -1

    majors = []
    for edu in profile.get("education") or []:
        level = str(edu.get("level") or "")
        ordinal = EDUCATION_ORDINAL.get(level, 0)
        if edu.get("is_profesi"):
            ordinal = max(ordinal, EDUCATION_ORDINAL["S1"])
        if ordinal > f.education_ord:
            f.education_ord, f.education_label = ordinal, level
        major = str(edu.get("major") or "")
        if major:
            majors.append((ordinal, major, major_stems(major)))
    f.majors = tuple(majors)

    positions = _positions(profile)
    for i, pos in enumerate(positions):
        pos_level = managerial_level(pos.get("jenis"), pos.get("jenjang"))
        start = record_date(pos.get("tmt_start"))
        end = record_date(pos.get("tmt_end"))
        if end is None and i + 1 < len(positions):
            end = record_date(positions[i + 1].get("tmt_start"))  # superseded by the next post
        mask = _domain_mask(pos.get("opd"), pos.get("unit"), pos.get("jabatan"))
        if end is None:  # the current post
            f.level_now = pos_level
            f.current_start = month_index(start) if start else -1
            f.current_domains = mask
            continue
        if start is None:
            continue
        months = _months(start, end)
        for lv in range(1, pos_level + 1):
            f.closed_level_months[lv] += months
        for d in range(len(DOMAIN_CODES)):
            if mask >> d & 1:
                f.closed_domain_months[d] += months
    if not f.level_now:
        f.level_now = managerial_level(profile.get("jenis_jabatan"), profile.get("jenjang"))

    for tr in profile.get("trainings") or []:
        f.leadership = max(f.leadership, LEADERSHIP_ORDINAL.get(str(tr.get("leadership")), 0))

    for skp in profile.get("skp") or []:
        predikat = skp.get("predikat")
        if not predikat and skp.get("hasil_kerja") and skp.get("perilaku_kerja"):
            predikat = predikat_from_ratings(skp["hasil_kerja"], skp["perilaku_kerja"])
        year = int(skp.get("year") or 0)
        if predikat in PREDIKAT_ORDINAL and YEAR0 <= year < YEAR0 + NYEARS:
            f.skp[year] = PREDIKAT_ORDINAL[predikat]

    since = record_date(profile.get("tmt_golongan"))
    for step in profile.get("golongan_history") or []:
        if since is None and str(step.get("golongan")) == f.golongan:
            since = record_date(step.get("tmt"))
    f.golongan_since = since.toordinal() if since else 0
    for credit in profile.get("angka_kredit") or []:
        period_end = str(credit.get("end") or credit.get("start") or "")
        key = int(period_end.replace("-", "")) if re.fullmatch(r"\d{4}-\d{2}", period_end) else 0
        if key >= f.credit_end and credit.get("total") is not None:
            f.credit_end, f.credit_total = key, float(credit["total"])

    for periodic in profile.get("skp_periodik") or []:  # in period order (the SIASN import)
        year = int(periodic.get("year") or 0)
        ordinal = PREDIKAT_ORDINAL.get(str(periodic.get("predikat")), 0)
        if ordinal and year >= f.periodic_year:  # the last of the latest year, as recorded
            f.periodic_year, f.periodic_predikat = year, ordinal

    assessments = sorted(profile.get("assessments") or [], key=lambda a: str(a.get("date")))
    if assessments:
        latest = assessments[-1]
        f.assessment_date = str(latest.get("date") or "")
        managerial = latest.get("managerial") or []
        if isinstance(managerial, Mapping):  # the REST shape {"M.01": 3}; events: a list
            managerial = [{"code": k, "level": v} for k, v in managerial.items()]
        for item in managerial:
            code = item.get("code")
            if code in COMPETENCY_CODES:
                f.competency[COMPETENCY_CODES.index(code)] = int(item.get("level") or 0)
        if latest.get("jpm"):
            f.jpm_official = float(latest["jpm"])
    with_potential = [
        a
        for a in assessments
        if a.get("potential_category") or a.get("potential_score") not in (None, "")
    ]
    if with_potential:
        newest = with_potential[-1]
        category = str(newest.get("potential_category") or "")
        f.potential_level = POTENTIAL_LEVEL.get(category, 0)
        if newest.get("potential_score") not in (None, ""):
            f.potential_score = float(newest["potential_score"])

    for rec in profile.get("discipline") or []:
        if rec.get("cancelled"):
            continue
        tmt = record_date(rec.get("tmt"))
        if tmt is None:
            continue
        grade = rec.get("level")
        end = record_date(rec.get("end"))
        if end is None:  # no end recorded: ringan is immediate, sedang/berat last 12 months
            end = tmt if grade == "RINGAN" else dt.date(tmt.year + 1, tmt.month, 1)
        f.discipline_active_until = max(f.discipline_active_until, end.toordinal())
        if grade in ("SEDANG", "BERAT"):
            f.discipline_heavy_until = max(f.discipline_heavy_until, end.toordinal())

    try:
        parsed = parse_nip(nip, scheme="PPPK" if f.status in ("PPPK", "PPPK_PW") else "PNS")
    except RuleViolation:
        parsed = None
    bup = bup_age(profile.get("jenis_jabatan"), profile.get("jenjang"), profile.get("jabatan"))
    born: dt.date | None = None
    if parsed is not None:
        # The recorded birth date where it differs from the NIP's: the NIP never changes, a
        # record is corrected (domain reference §1.1: NIP-CONSIST, warn, do not reject)
        recorded_birth = record_date(profile.get("birth_date"))
        born = recorded_birth or parsed.birth_date
        f.born_recorded = born != parsed.birth_date
        f.bup_month = month_index(retirement_date(born, bup))
        f.bup_age = bup
        f.birth_yyyymmdd = born.year * 10000 + born.month * 100 + born.day
        f.fairness = FairnessFacts(parsed.gender_digit, born.year)
    recorded = record_date(profile.get("tmt_pensiun"))
    if recorded is not None:  # SIASN's own TMT pensiun first (domain reference §11)
        f.bup_month = month_index(recorded)
        f.bup_age = _recorded_bup(profile.get("bup_pensiun"), recorded, born)
        f.bup_siasn = True

    inputs = expertise_inputs(profile)
    f.expertise_key = expertise_code(inputs, today)
    if f.expertise_key == known_key:
        f.expertise = None
    else:
        found = expertise_all(inputs, today=today)
        f.expertise = {code: e.score for code, e in found.items()}
    for inv in profile.get("innovations") or []:
        year = int(inv.get("year") or 0)
        if YEAR0 <= year < YEAR0 + NYEARS:
            f.innovations[year] = f.innovations.get(year, 0) + 1
    return f
