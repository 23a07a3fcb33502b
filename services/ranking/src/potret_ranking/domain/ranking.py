"""Rank, explain and grid: the engine's arrays turned into explained results in Indonesian.

The fairness report is the only place that reads gender and birth year, and only to count
groups; the optional re-ranking is DetGreedy (Geyik, Ambler and Kenthapadi, "Fairness-Aware
Ranking in Search & Recommendation Systems with Application to LinkedIn Talent Search",
KDD 2019): at every rank k each gender group gets at least floor(k x p) and at most
ceil(k x p) places, p being its share of the eligible pool, choosing the best-scoring
candidate among the groups allowed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from potret_asn_rules import domains
from potret_asn_rules.career import LEADERSHIP_ORDINAL, LEVEL_NAMES
from potret_asn_rules.golongan import GOLONGAN_CODES
from potret_asn_rules.labels import DIMENSION_LABELS, LEADERSHIP_LABELS, PREDIKAT_LABELS
from potret_asn_rules.vocab import COMPETENCIES, FACTOR_LABELS, PREDIKAT_ORDINAL
from potret_ranking.domain import fairness
from potret_ranking.domain.columns import JENIS_CODES, View
from potret_ranking.domain.engine import (
    DIRECT_SHARE,
    BoolArray,
    Evaluation,
    IntArray,
    Screening,
    Selection,
    ViewMemo,
    evaluate,
    nine_box,
    order,
    score_key,
    screen,
    selection,
    tie_keys,
)
from potret_ranking.domain.facts import COMPETENCY_CODES
from potret_ranking.domain.policy import FACTORS, Policy
from potret_ranking.domain.requirements import EDUCATION_LABEL, RULE_ORDER, RULES, Requirement

PREDIKAT_LABEL = {v: PREDIKAT_LABELS[k] for k, v in PREDIKAT_ORDINAL.items()}
# leadership training ordinal (the read model's) -> its label
LEADERSHIP_LABEL = {LEADERSHIP_ORDINAL[code]: label for code, label in LEADERSHIP_LABELS.items()}

GENDER_LABEL = {1: "laki-laki", 2: "perempuan", 0: "tidak diketahui"}
BOX_MEANING = {
    9: "kinerja di atas ekspektasi, potensial tinggi",
    8: "kinerja sesuai ekspektasi, potensial tinggi",
    7: "kinerja di atas ekspektasi, potensial menengah",
    6: "kinerja di bawah ekspektasi, potensial tinggi",
    5: "kinerja sesuai ekspektasi, potensial menengah",
    4: "kinerja di atas ekspektasi, potensial rendah",
    3: "kinerja di bawah ekspektasi, potensial menengah",
    2: "kinerja sesuai ekspektasi, potensial rendah",
    1: "kinerja di bawah ekspektasi, potensial rendah",
    0: "belum dapat ditempatkan (hasil penilaian potensi atau SKP belum ada)",
}


def num(x: float, digits: int = 2) -> str:
    """Indonesian decimal notation (comma)."""
    return f"{x:.{digits}f}".replace(".", ",")


def duration(months: float) -> str:
    m = max(0, int(months))
    years, rest = divmod(m, 12)
    if years and rest:
        return f"{years} tahun {rest} bulan"
    return f"{years} tahun" if years else f"{rest} bulan"


@dataclass(frozen=True)
class Filters:
    opd: tuple[str, ...] = ()
    jenis_jabatan: tuple[str, ...] = ()
    exclude_nips: tuple[str, ...] = ()
    nips: tuple[str, ...] = ()
    # Only the talent pool (kelompok rencana suksesi): boxes 7, 8 and 9, from which JPT and
    # administrator posts are filled (PermenPANRB 3/2020; domain reference §8.1).
    talent_pool: bool = False


@dataclass(frozen=True)
class RuleResult:
    rule: str
    applies: bool
    met: bool
    value: str
    threshold: str
    text: str
    source: str
    met_from: dt.date | None = None  # an unmet rule: the earliest day it can be met, if known
    met_from_note: str = ""  # on what that rests, or why no day can be given


@dataclass(frozen=True)
class FactorResult:
    name: str
    score: float
    weight: float
    contribution: float
    explanation: str


@dataclass(frozen=True)
class Gap:
    kind: str
    text: str
    amount: float


@dataclass(frozen=True)
class CandidateResult:
    nip: str
    profile_version: int
    rank: int
    total: float
    eligible: bool
    factors: tuple[FactorResult, ...]
    rules: tuple[RuleResult, ...]
    box: int
    box_meaning: str
    jpm: float  # percent; nan when not assessed
    jpm_uncapped: float
    jpm_category: str
    explanation: str
    gaps: tuple[Gap, ...] = ()
    tied: bool = False  # another eligible candidate has the same total ("setara")
    movement: str = ""  # PROMOSI, ROTASI, TURUN, PEMANGKU; "" when a level is unknown


FairnessGroup = fairness.GroupRate  # one group's pool, selected and rate at one stage


@dataclass(frozen=True)
class FairnessReport:
    groups: tuple[FairnessGroup, ...]  # the shortlist stage, as before
    adverse_impact: dict[str, float]
    threshold: float
    flagged: tuple[str, ...]  # dimensions with a significant adverse impact in the shortlist
    reranked: bool
    note: str
    stages: tuple[fairness.Stage, ...] = ()  # kelayakan (with per-rule impacts), daftar_pendek
    min_skew: dict[str, float] = field(default_factory=dict)
    max_skew: dict[str, float] = field(default_factory=dict)
    ndkl: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RankResult:
    policy_version: str
    reference_date: dt.date
    considered: int
    eligible_total: int
    candidates: tuple[CandidateResult, ...]
    ineligible: tuple[CandidateResult, ...]
    unmet_counts: dict[str, int]
    fairness: FairnessReport
    requirement: Requirement
    holder: CandidateResult | None = None  # the current holder, shown apart, never ranked
    # Those who miss exactly one applying requirement, best score first ("hampir memenuhi
    # syarat"): what a committee widens the search with when few are eligible.
    near_eligible: tuple[CandidateResult, ...] = ()
    near_eligible_total: int = 0


@dataclass(frozen=True)
class GridResult:
    policy_version: str
    counts: dict[int, int]
    members: dict[int, tuple[str, ...]]
    total: int
    cutoffs: dict[str, str] = field(default_factory=dict)
    shares: dict[int, float] = field(default_factory=dict)  # of those placed (boxes 1-9)
    warnings: tuple[str, ...] = ()
    talent_pool: int = 0  # boxes 7-9


def select_rows(view: View, filters: Filters) -> IntArray:
    """Live rows passing the filters."""
    mask = view["live"].copy()
    if filters.opd:
        codes = [view.opds.index(o) for o in filters.opd if o in view.opds]
        mask &= np.isin(view["opd"], codes)
    if filters.jenis_jabatan:
        codes = [JENIS_CODES.index(j) for j in filters.jenis_jabatan if j in JENIS_CODES]
        mask &= np.isin(view["jenis"], codes)
    if filters.nips:
        mask &= np.isin(view["nip"], [int(n) for n in filters.nips])
    if filters.exclude_nips:
        mask &= ~np.isin(view["nip"], [int(n) for n in filters.exclude_nips])
    return np.flatnonzero(mask).astype(np.int64)


def jpm_category(jpm: float, policy: Policy) -> str:
    if math.isnan(jpm):
        return "Belum diases"
    if jpm >= policy.competency.ms_min:
        return "Memenuhi Syarat (MS)"
    if jpm >= policy.competency.mms_min:
        return "Masih Memenuhi Syarat (MMS)"
    return "Kurang Memenuhi Syarat (KMS)"


def _rule_value(rule: str, v: float, ref: dt.date) -> str:
    if rule == "ELIG-STATUS":
        return "PNS aktif" if v > 0 else "bukan PNS aktif"
    if rule == "ELIG-EDU":
        return EDUCATION_LABEL.get(int(v), "tidak tercatat")
    if rule == "ELIG-MAJOR":
        return f"ada ({EDUCATION_LABEL.get(int(v), '-')})" if v > 0 else "tidak ada"
    if rule == "ELIG-GOL":
        return GOLONGAN_CODES[int(v) - 1] if 1 <= v <= len(GOLONGAN_CODES) else "tidak dikenal"
    if rule in ("ELIG-PRIOR", "ELIG-FIELD-EXP"):
        return duration(v)
    if rule == "ELIG-KINERJA":
        return PREDIKAT_LABEL.get(int(v), "ada tahun tanpa SKP") if v else "ada tahun tanpa SKP"
    if rule == "ELIG-HUKDIS-ACTIVE":
        if v >= ref.toordinal():
            return f"sedang menjalani hingga {dt.date.fromordinal(int(v)).isoformat()}"
        return "tidak ada"
    if rule == "ELIG-HUKDIS-HISTORY":
        if v > 0:
            return f"hukdis sedang/berat berakhir {dt.date.fromordinal(int(v)).isoformat()}"
        return "tidak ada"
    if rule == "ELIG-BUP":
        return f"{int(v)} bulan lagi" if v >= 0 else "tidak dapat dihitung"
    if rule == "ELIG-AGE":
        return f"{int(v)} tahun" if v >= 0 else "tidak dapat dihitung dari NIP pada tanggal acuan"
    if rule == "ELIG-TRAINING":
        return LEADERSHIP_LABEL.get(int(v), "belum ada")
    return str(v)


REGULAR_PROMOTION_YEARS = 4  # kenaikan pangkat reguler: normally every 4 years (PP 99/2000)


def _add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months, on the last day of a shorter month."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = (dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(day.day, last))


def met_from(
    view: View, ev: Evaluation, i: int, rule: str, req: Requirement, ref: dt.date
) -> tuple[dt.date | None, str]:
    """When an unmet requirement can be met, from the record alone: the day and what it
    assumes, or no day and why ("hampir memenuhi syarat": when they will meet it).

    - ELIG-PRIOR, ELIG-FIELD-EXP: the months still missing, counted on from the reference
      date, if the person stays where they are.
    - ELIG-HUKDIS-ACTIVE: the day after the punishment ends; ELIG-HUKDIS-HISTORY: the day the
      last medium/heavy punishment is `clean_years` old (the same cut-off as the check).
    - ELIG-GOL: the next regular promotion, every 4 years from the TMT of the golongan held
      (PP 99/2000 jo. PP 12/2002; a JF may rise sooner by angka kredit): an estimate.
    - The others depend on what the person does or what is decided (education, training,
      SKP, status) or cannot be met any more (age, BUP): no day.
    """
    row = int(ev.rows[i])
    v = float(ev.value[rule][i])
    if rule in ("ELIG-PRIOR", "ELIG-FIELD-EXP"):
        need = req.prior_months if rule == "ELIG-PRIOR" else req.field_months
        where = "tingkat jabatan ini" if rule == "ELIG-PRIOR" else "jabatan bidang ini"
        missing = max(1, int(-(-(need - v) // 1)))
        return _add_months(ref, missing), f"bila tetap pada {where}"
    if rule == "ELIG-HUKDIS-ACTIVE" and v > 0:
        return dt.date.fromordinal(int(v)) + dt.timedelta(days=1), "setelah hukuman berakhir"
    if rule == "ELIG-HUKDIS-HISTORY" and v > 0:
        day = dt.date.fromordinal(int(v) + round(req.clean_years * 365.25) + 1)
        return day, f"{req.clean_years} tahun setelah hukuman disiplin sedang/berat berakhir"
    if rule == "ELIG-GOL":
        since = int(view["golongan_since"][row])
        steps = int(req.min_golongan - v)
        if since <= 0 or steps <= 0:
            return None, "TMT golongan tidak tercatat: tidak dapat diperkirakan"
        day = dt.date.fromordinal(since)
        for _ in range(steps):
            day = _add_months(day, 12 * REGULAR_PROMOTION_YEARS)
        day = max(day, ref)
        return day, (
            f"perkiraan kenaikan pangkat reguler ({steps} kali, tiap "
            f"{REGULAR_PROMOTION_YEARS} tahun; JF dapat lebih cepat dengan angka kredit)"
        )
    reasons = {
        "ELIG-EDU": "bergantung pada pendidikan yang diselesaikan",
        "ELIG-MAJOR": "bergantung pada pendidikan yang diselesaikan",
        "ELIG-TRAINING": "bergantung pada pelatihan yang diikuti",
        "ELIG-KINERJA": "bergantung pada predikat SKP berikutnya",
        "ELIG-STATUS": "bergantung pada status kepegawaian",
        "ELIG-BUP": "tidak dapat terpenuhi lagi: sisa masa kerja sebelum BUP terlalu pendek",
        "ELIG-AGE": "bergantung pada usia pada tanggal pendaftaran",
    }
    return None, reasons.get(rule, "tidak dapat diperkirakan dari data")


def _golongan_since(view: View, row: int) -> str:
    """Since when the golongan is held (TMT golongan or the pangkat history), if known."""
    since = int(view["golongan_since"][row])
    return f" sejak {dt.date.fromordinal(since).isoformat()}" if since > 0 else ""


def _bup_source(view: View, row: int, req: Requirement) -> str:
    """Where the retirement month of ELIG-BUP comes from, and whether the position's BUP
    moved it."""
    age = int(view["bup_age"][row])
    moved = (
        f", digeser ke BUP {req.bup_age} tahun jabatan ini"
        if req.bup_age and age > 0 and req.bup_age != age
        else ""
    )
    if bool(view["bup_siasn"][row]):
        if age == 0:
            return " (TMT pensiun yang tercatat; bukan karena BUP, tidak digeser)"
        return f" (TMT pensiun yang tercatat, BUP {age} tahun{moved})"
    if age == 0:
        return " (tanggal lahir pada NIP tidak terbaca)"
    if bool(view["born_recorded"][row]):
        return (
            f" (dari tanggal lahir yang tercatat, yang berbeda dari tanggal lahir pada NIP, dan"
            f" BUP jabatan {age} tahun{moved}; PP 11/2017 Pasal 239)"
        )
    return (
        f" (dari tanggal lahir pada NIP dan BUP jabatan {age} tahun{moved}; PP 11/2017 Pasal 239)"
    )


def _factor_texts(
    view: View, ev: Evaluation, i: int, req: Requirement, policy: Policy
) -> dict[str, str]:
    jpm = ev.jpm(i)
    comp = (
        f"JPM {num(jpm, 1)}% terhadap standar kompetensi jabatan "
        f"({'standar bawaan kebijakan' if req.standard_is_default else 'standar jabatan'}); "
        f"kategori {jpm_category(jpm, policy)}"
        if not math.isnan(jpm)
        else "Belum ada hasil penilaian kompetensi, sehingga faktor ini bernilai 0."
    )
    skp = ", ".join(
        f"{y}: {PREDIKAT_LABEL.get(int(ev.skp[i, j]), 'tidak tercatat')}"
        for j, y in enumerate(ev.performance_years)
    )
    names = domains()
    exp_scores = [
        (float(view["expertise"][ev.rows[i], d]), names[code].name)
        for code, d in zip(req.domains, req.domain_columns, strict=True)
    ]
    best = max(exp_scores, default=(0.0, "-"))
    expertise = (
        f"Keahlian bidang {best[1]}: {num(best[0])} (dihitung dari pendidikan, masa kerja, "
        "pelatihan, jabatan fungsional, sertifikasi dan inovasi)"
        if req.domain_columns
        else "Jabatan tidak menyebut bidang."
    )
    months = float(ev.extra["experience_months"][i])
    parts = [f"{duration(months)} pada tingkat {LEVEL_NAMES[ev.extra['experience_level']]} ke atas"]
    if "leadership_training" in ev.track_parts:
        done = ev.track_parts["leadership_training"][i] > 0
        need = LEADERSHIP_LABEL[req.track_training]
        parts.append(f"{need}: {'sudah' if done else 'belum'}")
    credit_end = int(view["credit_end"][int(ev.rows[i])])
    if credit_end:
        parts.append(
            f"angka kredit terakhir {num(float(view['credit_total'][int(ev.rows[i])]), 2)} "
            f"(periode s.d. {credit_end // 100}-{credit_end % 100:02d}; tidak dihitung)"
        )
    innovations = ev.track_parts["innovation"][i] * policy.track_record.innovations_full
    parts.append(
        f"{round(innovations)} inovasi/karya tulis dalam "
        f"{policy.track_record.innovation_window_years} tahun terakhir"
    )
    performance = f"SKP {skp}" if skp else "Tidak ada tahun SKP yang dinilai."
    row = int(ev.rows[i])
    periodic_year = int(view["periodic_year"][row])
    if periodic_year and periodic_year > max(ev.performance_years, default=0):
        performance += (
            f"; kinerja periodik terakhir {periodic_year}: "
            f"{PREDIKAT_LABEL.get(int(view['periodic_predikat'][row]), 'tidak tercatat')} "
            "(belum predikat tahunan, tidak dihitung)"
        )
    return {
        "competency": comp,
        "performance": performance,
        "expertise": expertise,
        "track_record": "; ".join(parts),
    }


def _gaps(view: View, ev: Evaluation, i: int, req: Requirement, policy: Policy) -> tuple[Gap, ...]:
    row = int(ev.rows[i])
    out: list[Gap] = []
    for rule in RULE_ORDER:
        if not req.applies(rule) or ev.met[rule][i]:
            continue
        v = float(ev.value[rule][i])
        if rule == "ELIG-PRIOR":
            out.append(
                Gap(
                    rule,
                    f"Perlu {duration(req.prior_months - v)} lagi sebagai "
                    f"{LEVEL_NAMES[req.prior_level]} atau lebih tinggi",
                    req.prior_months - v,
                )
            )
        elif rule == "ELIG-FIELD-EXP":
            out.append(
                Gap(
                    rule,
                    f"Perlu {duration(req.field_months - v)} lagi di jabatan bidang ini",
                    req.field_months - v,
                )
            )
        elif rule == "ELIG-EDU":
            out.append(
                Gap(
                    rule,
                    f"Pendidikan minimal {EDUCATION_LABEL[req.min_education]}",
                    req.min_education - v,
                )
            )
        elif rule == "ELIG-GOL":
            out.append(
                Gap(rule, f"Golongan minimal {req.min_golongan_label}", req.min_golongan - v)
            )
        elif rule == "ELIG-TRAINING":
            out.append(Gap(rule, f"Ikuti {req.training_label}", float(req.training)))
        else:
            out.append(Gap(rule, f"{RULES[rule][0]}: {req.threshold(rule)}", 0.0))
    levels = view["competency"][row]
    if levels.sum() > 0:
        for j, code in enumerate(COMPETENCY_CODES):
            short = req.standard[j] - int(levels[j])
            if req.standard[j] and short > 0:
                out.append(
                    Gap(
                        "KOMPETENSI",
                        f"{code} {COMPETENCIES[code]}: level {int(levels[j])}, standar "
                        f"{req.standard[j]} (kurang {short})",
                        float(short),
                    )
                )
    else:
        out.append(Gap("KOMPETENSI", "Ikuti penilaian kompetensi (belum ada hasil)", 0.0))
    baik = PREDIKAT_ORDINAL["BAIK"]
    for j, year in enumerate(ev.performance_years):
        got = int(ev.skp[i, j])
        if got < baik:
            found = PREDIKAT_LABEL.get(got, "tidak tercatat")
            out.append(Gap("KINERJA", f"SKP {year}: {found}; dibutuhkan minimal Baik", baik - got))
    if "leadership_training" in ev.track_parts and ev.track_parts["leadership_training"][i] == 0:
        out.append(
            Gap(
                "PELATIHAN",
                f"Ikuti {LEADERSHIP_LABEL[req.track_training]} (menambah rekam jejak)",
                0.0,
            )
        )
    return tuple(out)


MOVEMENT_TEXT = {
    "PEMANGKU": "Pemangku jabatan ini saat ini; tidak dihitung sebagai kandidat.",
    "ROTASI": "Perpindahan: rotasi (sudah pada tingkat jabatan yang sama).",
    "PROMOSI": "Perpindahan: promosi (dari tingkat jabatan yang lebih rendah).",
    "TURUN": "Perpindahan: ke tingkat jabatan yang lebih rendah dari jabatan saat ini.",
}


def movement(view: View, row: int, req: Requirement) -> str:
    """What filling the post would mean for this person: the holder, a rotation at the same
    managerial level (domain reference §4.2), a promotion, or a move down."""
    if req.holder_nip and view.nips[row] == req.holder_nip:
        return "PEMANGKU"
    now = int(view["level_now"][row])
    if not now or not req.level:
        return ""
    if now == req.level:
        return "ROTASI"
    return "PROMOSI" if now < req.level else "TURUN"


def candidate(
    view: View,
    ev: Evaluation,
    i: int,
    req: Requirement,
    policy: Policy,
    ref: dt.date,
    *,
    rank: int = 0,
    with_gaps: bool = False,
    tied_with: int = 0,
    shared_rank: bool = True,
) -> CandidateResult:
    """The explained result of entry `i` of an evaluation."""
    row = int(ev.rows[i])
    weights = policy.weights.as_dict()
    texts = _factor_texts(view, ev, i, req, policy)
    factors = tuple(
        FactorResult(
            k,
            float(ev.factors[k][i]),
            weights[k],
            ev.contribution(k, i),
            texts[k],
        )
        for k in FACTORS
    )
    rules = tuple(
        RuleResult(
            rule,
            req.applies(rule),
            bool(ev.met[rule][i]),
            _rule_value(rule, float(ev.value[rule][i]), ref)
            + (_bup_source(view, row, req) if rule == "ELIG-BUP" else "")
            + (_golongan_since(view, row) if rule == "ELIG-GOL" else ""),
            req.threshold(rule),
            RULES[rule][0],
            RULES[rule][1],
            *(
                met_from(view, ev, i, rule, req, ref)
                if req.applies(rule) and not ev.met[rule][i]
                else (None, "")
            ),
        )
        for rule in RULE_ORDER
    )
    total = float(ev.total[i])
    eligible = bool(ev.eligible[i])
    breakdown = " + ".join(f"{FACTOR_LABELS[f.name]} {num(f.contribution)}" for f in factors)
    box = int(ev.box[i])
    move = movement(view, row, req)
    if eligible:
        head = "Memenuhi semua syarat yang dapat diperiksa sistem."
    else:
        unmet = [
            f"{r.text} ({r.value}; syarat: {r.threshold})" for r in rules if r.applies and not r.met
        ]
        head = "Belum memenuhi syarat: " + "; ".join(unmet) + "."
    tie = (
        f" Skor setara dengan {tied_with} kandidat lain"
        + (" (peringkat sama)" if shared_rank else "")
        + "; urutan di antara yang setara adalah undian tetap per jabatan, bukan usia atau "
        "jenis kelamin."
        if tied_with
        else ""
    )
    holder = MOVEMENT_TEXT["PEMANGKU"] + " " if move == "PEMANGKU" else ""
    moved = " " + MOVEMENT_TEXT[move] if move in ("ROTASI", "PROMOSI", "TURUN") else ""
    explanation = (
        f"{holder}{head} Skor {num(total)} = {breakdown}.{tie}{moved} "
        f"Kotak talenta {box if box else '-'}: {BOX_MEANING[box]}. "
        "Syarat kesehatan, integritas dan moralitas dinilai oleh pejabat, bukan oleh sistem."
    )
    return CandidateResult(
        nip=view.nips[row],
        profile_version=int(view["version"][row]),
        rank=rank,
        total=total,
        eligible=eligible,
        factors=factors,
        rules=rules,
        box=box,
        box_meaning=BOX_MEANING[box],
        jpm=ev.jpm(i),
        jpm_uncapped=ev.jpm_uncapped(i),
        jpm_category=jpm_category(ev.jpm(i), policy),
        explanation=explanation,
        gaps=_gaps(view, ev, i, req, policy) if with_gaps else (),
        tied=tied_with > 0,
        movement=move,
    )


@dataclass(frozen=True)
class Grouping:
    """One protected dimension of some rows: a code per row into `names`. A million rows
    are counted with bincount; names are built only for the few rows of a shortlist."""

    codes: npt.NDArray[np.int8]
    names: tuple[str, ...]

    def labels(self) -> list[str]:
        return [self.names[c] for c in self.codes.tolist()]

    def counts(self) -> dict[str, int]:
        found = np.bincount(self.codes, minlength=len(self.names))
        return {self.names[i]: int(n) for i, n in enumerate(found.tolist()) if n > 0}


GENDER_NAMES = (GENDER_LABEL[0], GENDER_LABEL[1], GENDER_LABEL[2])


def age_band_names(bands: tuple[int, ...]) -> tuple[str, ...]:
    """The bands' labels, code 0 unknown: ("tidak diketahui", "< 30", "30-39", ">= 40")."""
    names, lower = ["tidak diketahui"], 0
    for edge in bands:
        names.append(f"< {edge}" if lower == 0 else f"{lower}-{edge - 1}")
        lower = edge
    names.append(f">= {lower}")
    return tuple(names)


def age_band_codes(ages: IntArray, bands: tuple[int, ...]) -> IntArray:
    """Code per age into `age_band_names(bands)` (ascending edges, the policy checks): 1 +
    how many edges the age has reached, and 0 for an unknown age (0 or less). A comparison
    per edge: over a million rows ten times cheaper than a binary search per row."""
    inside = np.ones(len(ages), dtype=np.int64)
    for edge in bands:
        inside += ages >= edge
    return inside * (ages > 0)


def _group_codes(
    view: View, sel: Selection, year: int, bands: tuple[int, ...]
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8]]:
    """(gender code, age band code) of the selected rows, as `Grouping` numbers them."""
    gender = view["gender"][sel]
    years = view["birth_year"][sel].astype(np.int64)
    ages = (year - years) * (years > 0)  # times a 0/1 mask: exact, no branch per row
    known = (gender == 1) | (gender == 2)
    return (gender * known).astype(np.int8), age_band_codes(ages, bands).astype(np.int8)


# (year, age bands) -> the group codes of every row: position-independent, so made once per
# read-model content (2 bytes per ASN each).
_GROUP_CODES: ViewMemo[tuple[npt.NDArray[np.int8], npt.NDArray[np.int8]]] = ViewMemo()


def _groups(view: View, rows: IntArray, ref: dt.date, policy: Policy) -> dict[str, Grouping]:
    bands = policy.fairness.age_bands
    sel = selection(rows, view.n)
    if isinstance(sel, np.ndarray) and len(rows) * DIRECT_SHARE < view.n:
        gender, band = _group_codes(view, sel, ref.year, bands)
    else:
        every = _GROUP_CODES.get(
            view, (ref.year, bands), lambda: _group_codes(view, slice(None), ref.year, bands)
        )
        gender, band = every[0][sel], every[1][sel]
    return {
        "jenis_kelamin": Grouping(gender, GENDER_NAMES),
        "usia": Grouping(band, age_band_names(bands)),
    }


def _members(rows: IntArray, subset: IntArray) -> BoolArray:
    """rows[i] in subset, by binary search when `rows` ascend (read-model row ids do)."""
    if len(rows) > 1 and not bool(np.all(rows[1:] > rows[:-1])):
        return np.isin(rows, subset)
    out = np.zeros(len(rows), dtype=bool)
    if len(rows) == 0 or len(subset) == 0:
        return out
    pos = np.minimum(np.searchsorted(rows, subset), len(rows) - 1)
    out[pos[rows[pos] == subset]] = True
    return out


def _stage(
    name: str,
    labels: dict[str, Grouping],
    chosen: BoolArray,
    policy: Policy,
    rule_met: dict[str, BoolArray] | None = None,
) -> fairness.Stage:
    """Selection rates and impacts of one stage; per rule too when `rule_met` is given."""
    settings = policy.fairness

    def judged(rates: list[fairness.GroupRate], rule: str) -> fairness.Impact:
        return fairness.impact(
            rates,
            rule,
            threshold=settings.adverse_impact_min,
            alpha=settings.alpha,
            min_group_size=settings.min_group_size,
        )

    groups: list[fairness.GroupRate] = []
    impacts: list[fairness.Impact] = []
    rules = list((rule_met or {}).items())
    # The stage's selection and every rule's, for both dimensions, counted in one pass.
    dims = ("jenis_kelamin", "usia")
    counted = fairness.coded_rates_by_dimension(
        [(dim, labels[dim].codes, labels[dim].names) for dim in dims],
        [chosen, *(met for _, met in rules)],
    )
    for dim_rates, *per_rule in counted:
        groups += dim_rates
        impacts.append(judged(dim_rates, ""))
        for (rule, _met), rule_rates in zip(rules, per_rule, strict=True):
            impacts.append(judged(rule_rates, rule))
    return fairness.Stage(name, tuple(groups), tuple(impacts))


DIMENSION_LABEL = {k: v.lower() for k, v in DIMENSION_LABELS.items()}  # inside sentences


def _fairness_note(stages: dict[str, fairness.Stage], reranked: bool) -> str:
    """Indonesian, with labels for every code: "Golongan minimal untuk jenis kelamin"."""

    def dim(i: fairness.Impact) -> str:
        return DIMENSION_LABEL.get(i.dimension, i.dimension)

    shortlist = [i for i in stages["daftar_pendek"].impacts if not i.rule]
    flagged = [i for i in shortlist if i.conclusion == "MERUGIKAN"]
    parts: list[str] = []
    if flagged:
        parts.append(
            "Daftar pendek: rasio dampak merugikan di bawah 0,8 yang bermakna untuk "
            + "; ".join(f"{dim(i)} ({i.note})" for i in flagged)
            + ". Periksa apakah syarat atau bobot menyebabkannya sebelum memutuskan."
        )
    else:
        parts.append("Daftar pendek: " + "; ".join(f"{dim(i)}: {i.note}" for i in shortlist) + ".")
    if "kelayakan" in stages:
        rules = [i for i in stages["kelayakan"].impacts if i.rule and i.conclusion == "MERUGIKAN"]
        if rules:
            parts.append(
                "Tahap syarat: "
                + "; ".join(f"{RULES[i.rule][0]} untuk {dim(i)} ({i.note})" for i in rules)
                + "."
            )
        else:
            overall = [i for i in stages["kelayakan"].impacts if not i.rule]
            parts.append("Tahap syarat: " + "; ".join(f"{dim(i)}: {i.note}" for i in overall) + ".")
    if reranked:
        parts.append("Urutan telah disesuaikan dengan re-ranking sadar-keadilan (DetGreedy).")
    return " ".join(parts)


def fairness_report(
    view: View,
    pool_rows: IntArray,
    selected_rows: IntArray,
    ref: dt.date,
    policy: Policy,
    *,
    reranked: bool,
    considered_rows: IntArray | None = None,
    considered_eligible: BoolArray | None = None,
    rule_met: dict[str, BoolArray] | None = None,
) -> FairnessReport:
    """Fairness at two stages, per gender and age band (domain/fairness.py): the
    eligibility stage (everyone considered -> eligible, and each rule's pass rates) when
    `considered_rows` is given, and the shortlist (eligible pool -> selected, in order),
    with the adverse-impact ratio, Fisher's exact test, skew@k and NDKL."""
    pool = _groups(view, pool_rows, ref, policy)
    chosen = _members(pool_rows, selected_rows)
    stages = {"daftar_pendek": _stage("daftar_pendek", pool, chosen, policy)}
    if considered_rows is not None:
        considered = _groups(view, considered_rows, ref, policy)
        eligible = (
            considered_eligible
            if considered_eligible is not None
            else _members(considered_rows, pool_rows)
        )
        stages["kelayakan"] = _stage("kelayakan", considered, eligible, policy, rule_met)
    shortlist = stages["daftar_pendek"]
    ranked = _groups(view, selected_rows, ref, policy)
    min_skew: dict[str, float] = {}
    max_skew: dict[str, float] = {}
    ndkl: dict[str, float] = {}
    for dim in ("jenis_kelamin", "usia"):
        pool_counts, top = pool[dim].counts(), ranked[dim].labels()
        skew = fairness.skew_at_k(pool_counts, top, len(selected_rows))
        min_skew[dim] = min(skew.values(), default=0.0)
        max_skew[dim] = max(skew.values(), default=0.0)
        ndkl[dim] = fairness.ndkl(pool_counts, top)
    impacts = {i.dimension: i for i in shortlist.impacts if not i.rule}
    return FairnessReport(
        groups=shortlist.groups,
        adverse_impact={d: i.ratio for d, i in impacts.items()},
        threshold=policy.fairness.adverse_impact_min,
        flagged=tuple(d for d, i in impacts.items() if i.conclusion == "MERUGIKAN"),
        reranked=reranked,
        note=_fairness_note(stages, reranked),
        stages=tuple(stages[s] for s in ("kelayakan", "daftar_pendek") if s in stages),
        min_skew=min_skew,
        max_skew=max_skew,
        ndkl=ndkl,
    )


def det_greedy(view: View, ev: Screening, eligible_idx: IntArray, k: int, salt: str) -> IntArray:
    """DetGreedy over gender groups with targets = pool shares; returns indices into `ev`.
    Equal totals across groups are decided by the same draw as inside a tie (`tie_keys`)."""
    gender = view["gender"][ev.rows[eligible_idx]]
    queues: dict[int, list[int]] = {}
    shares: dict[int, float] = {}
    for g in np.unique(gender).tolist():
        mask = np.zeros(len(ev.rows), dtype=bool)
        mask[eligible_idx[gender == g]] = True
        queues[g] = list(order(view, ev, mask, k, salt=salt))
        shares[g] = float((gender == g).sum()) / len(eligible_idx)
    counts = dict.fromkeys(queues, 0)
    out: list[int] = []

    def best(options: list[int]) -> int:
        def key(g: int) -> tuple[float, int]:
            head = queues[g][0]
            draw = tie_keys([view.nips[int(ev.rows[head])]], salt)[0]
            return (-float(score_key(ev.total[head : head + 1])[0]), int(draw))

        return min(options, key=key)

    for rank in range(1, min(k, len(eligible_idx)) + 1):
        open_groups = [g for g in queues if queues[g]]
        below_min = [g for g in open_groups if counts[g] < math.floor(rank * shares[g])]
        below_max = [g for g in open_groups if counts[g] < math.ceil(rank * shares[g])]
        g = best(below_min or below_max or open_groups)
        out.append(queues[g].pop(0))
        counts[g] += 1
    return np.array(out, dtype=np.int64)


# Near-eligible people listed (all are counted): a committee reads a handful, and a reply of
# 500 candidates, 500 ineligible and 500 more would pass gRPC's 4 MB message limit.
NEAR_ELIGIBLE_LISTED = 20


def rank_for_position(
    view: View,
    req: Requirement,
    policy: Policy,
    ref: dt.date,
    *,
    filters: Filters = Filters(),
    top_k: int = 10,
    ineligible_k: int | None = None,
    fair_rerank: bool = False,
) -> RankResult:
    rows = select_rows(view, filters)
    if filters.talent_pool:
        rows = rows[np.isin(nine_box(view, rows, policy, ref)[2], (7, 8, 9))]
    holder_row = _row_of(view, req.holder_nip)
    if holder_row is not None:  # never a candidate for their own post
        rows = rows[rows != holder_row]
    ev = screen(view, rows, req, policy, ref)
    eligible_idx = np.flatnonzero(ev.eligible)
    salt = req.position_id or req.name
    if fair_rerank and len(eligible_idx):
        top = det_greedy(view, ev, eligible_idx, top_k, salt)
    else:
        top = order(view, ev, ev.eligible, top_k, salt=salt, keep_ties=True)
    worst = order(
        view, ev, ~ev.eligible, top_k if ineligible_k is None else ineligible_k, salt=salt
    )
    unmet = {
        rule: len(ev.rows) - int(np.count_nonzero(ev.met[rule]))
        for rule in RULE_ORDER
        if req.applies(rule)
    }
    misses = np.zeros(len(ev.rows), dtype=np.int16)
    for rule in RULE_ORDER:
        if req.applies(rule):
            misses += ~ev.met[rule]
    near_mask = ~ev.eligible & (misses == 1)
    near = order(view, ev, near_mask, min(top_k, NEAR_ELIGIBLE_LISTED), salt=salt)
    # Ties over the whole eligible pool: a partner may sit outside the listed top.
    listed = score_key(ev.total[top])
    keys = score_key(ev.total[eligible_idx])
    if len(listed):  # only rows scoring at least the lowest listed can tie with one
        keys = keys[keys >= listed.min()]
    values, counts = np.unique(keys, return_counts=True)
    same = dict(zip(values.tolist(), counts.tolist(), strict=True))
    if fair_rerank:
        ranks = list(range(1, len(top) + 1))  # the re-ranked order departs from the score
    else:  # competition ranking: 1 + how many scored higher ("1, 2, 2, 4")
        ranks = [1 + int((listed > s).sum()) for s in listed]
    # Every number behind the people listed, from the rows themselves (the same bits as the
    # screening's: each operation is per row); positions in `shown`: top, worst, near.
    shown = np.concatenate([top, worst, near])
    detail = evaluate(view, ev.rows[shown], req, policy, ref)
    at_worst, at_near = len(top), len(top) + len(worst)
    return RankResult(
        policy_version=policy.version,
        reference_date=ref,
        considered=len(rows),
        eligible_total=len(eligible_idx),
        candidates=tuple(
            candidate(
                view,
                detail,
                j,
                req,
                policy,
                ref,
                rank=r,
                tied_with=same[float(s)] - 1,
                shared_rank=not fair_rerank,
            )
            for j, (r, s) in enumerate(zip(ranks, listed, strict=True))
        ),
        ineligible=tuple(
            candidate(view, detail, j, req, policy, ref) for j in range(at_worst, at_near)
        ),
        unmet_counts=unmet,
        fairness=fairness_report(
            view,
            ev.rows[eligible_idx],
            ev.rows[top],
            ref,
            policy,
            reranked=fair_rerank,
            considered_rows=ev.rows,
            considered_eligible=ev.eligible,
            rule_met={rule: ev.met[rule] for rule in RULE_ORDER if req.applies(rule)},
        ),
        requirement=req,
        holder=_holder(view, holder_row, req, policy, ref),
        near_eligible=tuple(
            candidate(view, detail, j, req, policy, ref) for j in range(at_near, len(shown))
        ),
        near_eligible_total=int(near_mask.sum()),
    )


def _row_of(view: View, nip: str) -> int | None:
    """The live row of `nip` in the view, if any."""
    if not nip:
        return None
    found = np.flatnonzero(view["nip"] == int(nip))
    if len(found) == 0 or not view["live"][found[0]]:
        return None
    return int(found[0])


def _holder(
    view: View, row: int | None, req: Requirement, policy: Policy, ref: dt.date
) -> CandidateResult | None:
    if row is None:
        return None
    ev = evaluate(view, np.array([row], dtype=np.int64), req, policy, ref)
    return candidate(view, ev, 0, req, policy, ref)


def score_rows(
    view: View, rows: IntArray, req: Requirement, policy: Policy, ref: dt.date, *, gaps: bool
) -> list[CandidateResult]:
    """Explained results for the given rows, in that order."""
    ev = evaluate(view, rows, req, policy, ref)
    return [candidate(view, ev, i, req, policy, ref, with_gaps=gaps) for i in range(len(rows))]


def talent_grid(
    view: View, policy: Policy, ref: dt.date, *, filters: Filters = Filters(), members: int = 50
) -> GridResult:
    rows = select_rows(view, filters)
    _pot, _kin, box = nine_box(view, rows, policy, ref)
    counts = {b: int((box == b).sum()) for b in range(10)}
    listed: dict[int, tuple[str, ...]] = {}
    nips = view["nip"][rows]
    for b in range(10):
        picked = np.sort(nips[box == b])[:members]
        listed[b] = tuple(f"{int(v):018d}" for v in picked)
    nb = policy.nine_box
    placed = sum(counts[b] for b in range(1, 10))
    shares = {b: counts[b] / placed if placed else 0.0 for b in range(1, 10)}
    warnings = tuple(
        f"kotak {b} memuat {shares[b]:.0%} ASN yang ditempatkan (lebih dari "
        f"{nb.max_box_share:.0%}): periksa ambang potensi dan kinerja atau kelengkapan data"
        for b in range(1, 10)
        if placed and shares[b] > nb.max_box_share
    )
    if counts[0] and counts[0] >= len(rows) / 2:
        warnings += (
            f"{counts[0]} dari {len(rows)} ASN belum dapat ditempatkan (hasil penilaian "
            "potensi atau SKP belum ada)",
        )
    return GridResult(
        policy.version,
        counts,
        listed,
        len(rows),
        {
            "potensial_tinggi": f"skor penilaian potensi >= {num(nb.potential_high_min, 0)}",
            "potensial_menengah": f"skor penilaian potensi >= {num(nb.potential_mid_min, 0)}",
            "potensial_sumber": "hasil penilaian potensi (kategori bila dinyatakan); "
            "tanpa penilaian potensi: belum dapat ditempatkan",
            "kinerja": ", ".join(f"{k}: {v}" for k, v in nb.kinerja.items()),
            "peringatan_sebaran": f"satu kotak > {nb.max_box_share:.0%}",
        },
        shares,
        warnings,
        counts[7] + counts[8] + counts[9],
    )
