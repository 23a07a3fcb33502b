"""Domain expertise: a score in [0, 1] per profile and domain, with its evidence.

Input is a profile as a plain dict (the stored record or the event snapshot turned into a
dict; the field names are the same). Six signals, each in [0, 1]:

- service     years in positions whose OPD, unit or jabatan matches the domain (a unit only
              by its function: see _position_matches), each month
              weighted by recency (half-life SERVICE_HALF_LIFE years since it ended); the
              current post without a TMT counts as UNDATED_YEARS;
              s = 1 - exp(-effective_years / SERVICE_SCALE)
- education   the best matching major: LEVEL_WEIGHT[level] x EDUCATION_CREDIT. No
              recency: the graduation year would be an age proxy (UU 20/2023 merit
              principle; domain reference §16.3); recency belongs to the work below
- jf          a jabatan fungsional of the domain: 1 if held now, else 0.6 x recency
- training    hours of matching trainings (8 h when not given), recency-weighted (half-life
              TRAINING_HALF_LIFE); s = 1 - exp(-hours / TRAINING_SCALE)
- certification  0.8 x recency of the newest certificate whose name matches (not its issuer)
- innovation  innovations and written works whose title matches, or whose abstract names the
              domain at least ABSTRACT_MENTIONS times (an abstract is prose about where
              and for whom: "di bekas tambang kapur", "terhubung dengan aplikasi",
              "pemberian alat bantu" name the setting once, not the topic); each 0.6,
              combined as 1 - prod(1 - 0.6 x recency)

Trainings, certificates and innovations are read in the person's field (field_domains: the
domains of their posts and degrees; for innovations, what the trainings and certificates
were read as too): one that names a domain of the field and others counts for the field
only, the others being its clients, setting or venue; one that speaks of the field only in
words it shares with a few other fields counts for the field alone (_read_as).

The total is a weighted noisy-OR, total = 1 - prod(1 - WEIGHT[k] x s_k): more evidence of a
domain never lowers it, it is bounded by 1, and each signal's contribution can be shown. A
record "matches" the domain when it contains a distinctive stem of the domain's thesaurus
entry (see thesaurus.py). Nothing personal is read: no name, birth date, gender, religion.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from potret_asn_rules import domains
from potret_asn_rules.record import position_history, record_date
from potret_expertise.thesaurus import Thesaurus, thesaurus

# Raise with every change of the formula or of how a record is matched (the data files are
# hashed into rules_fingerprint by themselves). 2: units matched by function (issue 17);
# 3: a certificate by its name only; 4: an abstract by ABSTRACT_MENTIONS, a named site
# (Terminal Bunder) is a place; 5: an innovation counts in its author's field
# (_read_as); 6: so are trainings and certificates, and a bidang of a combined OPD
# counts for its own urusan; 7: an OPD's secretariat and posts of no field's work (drivers,
# cleaners) do not carry its urusan, "pelaksana" is no tata laksana; 8: a JF title names
# its own skills only (skills.py), "pengairan" is no "air" (water) of air minum.
SCORING_VERSION = 8
ABSTRACT_MENTIONS = 2
WEIGHT = {
    "service": 0.55,
    "education": 0.45,
    "jf": 0.35,
    "training": 0.25,
    "certification": 0.2,
    "innovation": 0.3,
}
LEVEL_WEIGHT = {
    "SMA": 0.2,
    "D1": 0.4,
    "D2": 0.45,
    "D3": 0.5,
    "D4": 0.7,
    "S1": 0.7,
    "S2": 0.85,
    "S3": 1.0,
}
SERVICE_HALF_LIFE = 10.0
SERVICE_SCALE = 4.0
# A matching degree counts this share of its level's weight, whenever it was earned: the
# midpoint of the former recency range (0.5..1), so that scores keep their scale.
EDUCATION_CREDIT = 0.75
TRAINING_HALF_LIFE = 8.0
TRAINING_SCALE = 60.0
UNDATED_YEARS = 1.0
LEVEL_LABEL = {"D1": "D-I", "D2": "D-II", "D3": "D-III", "D4": "D-IV"}


def expertise_as_of(day: dt.date) -> dt.date:
    """The date expertise is measured at for a store built on `day`: the first of its month.

    Expertise fades with the years since the work (SERVICE_HALF_LIFE, TRAINING_HALF_LIFE),
    so a score read off the clock when an event was applied would depend on when each record
    happened to be read: a record unchanged since January would keep January's score beside
    a record updated in December, and two replicas built on different days would rank the
    same people differently. A read model or index therefore measures every record at one
    date, the first of the month it was built in, and is rebuilt when the month turns: the
    ranking service replays its topics (ranking README, "Expertise as of a month"), the
    search index is rebuilt by `potret-search-reindex --if-outdated`."""
    return day.replace(day=1)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One fact that supports expertise in a domain, and the record it comes from."""

    kind: str
    text: str
    source: str
    signal: float


@dataclass(frozen=True, slots=True)
class DomainExpertise:
    domain: str
    score: float
    signals: dict[str, float]
    evidence: tuple[Evidence, ...] = field(default=())


def _decay(years: float, half_life: float) -> float:
    return float(0.5 ** (max(years, 0.0) / half_life))


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month


def covered_years(spans: Sequence[tuple[int, int, float]]) -> float:
    """Years of service from (first month, month it ended, recency weight) spans, each month
    counted once at the highest weight of the posts held in it: a Plt beside the definitive
    post, or two records of one post, are not two careers."""
    points = sorted({p for start, end, _ in spans for p in (start, end)})
    total = 0.0
    for a, b in itertools.pairwise(points):
        total += (b - a) * max((w for s, e, w in spans if s <= a and b <= e), default=0.0)
    return total / 12


def _duration(months: int) -> str:
    years, rest = divmod(months, 12)
    if years and rest:
        return f"{years} tahun {rest} bulan"
    return f"{years} tahun" if years else f"{rest} bulan"


def _matches(th: Thesaurus, code: str, *texts: Any) -> bool:
    return any(code in th.record_domains(str(t)) for t in texts if t)


def _innovation_domains(th: Thesaurus, inv: Mapping[str, Any]) -> frozenset[str]:
    """Domains an innovation names: by its title, or by its abstract naming one at least
    ABSTRACT_MENTIONS times."""
    found = set(th.record_domains(str(inv.get("title") or "")))
    abstract = str(inv.get("abstract") or "")
    if abstract:
        found |= {
            c
            for c in th.record_domains(abstract)
            if th.record_mentions(abstract, c) >= ABSTRACT_MENTIONS
        }
    return frozenset(found)


def _read_as(
    th: Thesaurus, named: frozenset[str], text: str, field: frozenset[str]
) -> frozenset[str]:
    """The domains a training, certificate or innovation (`text`, naming `named`) counts
    for, read in its holder's field. Where it names a domain of the field, the others it
    names are its clients, setting or venue ("Skrining Tuberkulosis bagi Nelayan" by a
    puskesmas nurse is health work, "Penertiban PKL di Pasar Baru" by Satpol PP public
    order, a teacher's "Pembelajaran IPS Materi Interaksi Sosial" teaching). Where it speaks
    of the field in words the field shares with a few others ("anak" of a child-protection
    officer's "Pengasuhan Pengganti Anak Pekerja Migran"), it is work in the field, evidence
    of the field and of nothing else. Only one that names nothing of the field is evidence of
    another field."""
    own = named & field
    if own:
        return own
    return (th.record_domains_broadly(text) & field) or named


# Domains that are an OPD's own function: the urusan pemerintahan (UU 23/2014 Pasal 11-12)
# and the kecamatan's territorial role. A unit is matched by its function, not by a word in
# its name: a facility unit's name is evidence for one of these only where the OPD's name
# carries that urusan too, or carries none (Sekretariat Daerah, Kecamatan, Inspektorat:
# their units are the function). "UPT Puskesmas Industri" in Dinas Kesehatan is no
# perindustrian, "Korwil Pendidikan Kecamatan Manyar" in Dinas Pendidikan no kecamatan post,
# "Pos Pengamanan Stadion" in Satpol PP no olahraga. Supporting functions (keuangan, kepegawaian,
# perencanaan ...) are units of every OPD and count wherever they are.
FUNCTION_GROUPS = frozenset(
    {"wajib_pelayanan_dasar", "wajib_non_pelayanan_dasar", "pilihan", "kewilayahan"}
)
URUSAN_GROUPS = FUNCTION_GROUPS - {"kewilayahan"}
# A unit of the OPD's own structure is named by its function (Permendagri 5/2017 nomenclature:
# bidang, seksi, subbagian ...): a combined OPD's Bidang Statistik is statistik. A facility or
# outpost (UPT Puskesmas ..., Pos ..., Korwil ..., BPP ...) is named by where it is.
ORGANISATION_UNIT = re.compile(
    r"^(?:bidang|bid|seksi|sie|sub\s*bagian|subbag|sub\s*bag|sub\s*bidang|subbid|bagian|bag"
    r"|sekretariat)\b\.?",
    re.IGNORECASE,
)


# The secretariat of an OPD (Sekretariat and its Subbagian Umum, Keuangan, Kepegawaian,
# Program: Permendagri 5/2017 on the nomenclature of perangkat daerah) serves the OPD's urusan;
# its staff do supporting work (finance, staff, general affairs, planning), which counts for
# those functions by the post's own name, not for the urusan. A Sekretaris whose title names the
# Dinas is matched by the title.
SECRETARIAT_UNIT = re.compile(
    r"^(?:sekretariat|sub\s*bagian|subbag|sub\s*bag|bagian\s+umum|tata\s+usaha)\b",
    re.IGNORECASE,
)
# Posts named by work that is no urusan's (driving, cleaning, guarding, the pre-2022 names of
# jabatan pelaksana): the OPD they are attached to is not their field, a unit named by it is
# (a cleaner of the UPT Kebersihan, a driver of the UPT Angkutan Umum). The generic names of
# PermenPANRB 45/2022 (Pengelola Layanan Operasional ...) say nothing of the work, so for them
# the OPD still does.
NON_FIELD_POST = re.compile(
    r"\b(?:pengemudi|sopir|supir|pramu\s*(?:bakti|kebersihan|taman|kantor)|caraka|satpam"
    r"|petugas\s+(?:keamanan|kebersihan)|penjaga\s+(?:kantor|malam|gedung)|tenaga\s+kebersihan"
    r"|juru\s+(?:masak|parkir\s+kantor))\b",
    re.IGNORECASE,
)


# The generic names of jabatan pelaksana of PermenPANRB 45/2022: "layanan" and "operasional"
# in them say nothing of the work (a Penata Layanan Operasional of the parks UPT tends parks),
# so search does not read them as the record's words of work.
GENERIC_PELAKSANA = re.compile(
    r"\b(?:operator|pengelola|penata)\s+layanan\s+operasional\b"
    r"|\bpengelola\s+umum\s+operasional\b",
    re.IGNORECASE,
)


def _urusan(th: Thesaurus, text: Any) -> set[str]:
    """The urusan a name carries (Dinas Koperasi, Usaha Mikro, Perindustrian dan Perdagangan:
    three)."""
    known = domains()
    return {
        c
        for c in th.record_domains(str(text or ""))
        if c in known and known[c].group in URUSAN_GROUPS
    }


def _position_matches(th: Thesaurus, code: str, pos: Mapping[str, Any]) -> bool:
    unit = str(pos.get("unit") or "").strip()
    if _matches(th, code, pos.get("jabatan")):
        return True
    if NON_FIELD_POST.search(str(pos.get("jabatan") or "")) and not _matches(th, code, unit):
        return False  # a driver of the Dinas Perikanan; a cleaner of UPT Kebersihan still counts
    known = domains()
    if (
        SECRETARIAT_UNIT.match(unit)
        and code in known
        and known[code].group in URUSAN_GROUPS
        and not _matches(th, code, unit)
    ):
        return False  # the OPD's secretariat serves its urusan, it does not carry it out
    if _matches(th, code, pos.get("opd")):
        # A combined OPD carries several urusan; a bidang or seksi that names some of them is
        # the one its staff work in (Bidang Kepemudaan dan Olahraga of the Dinas Pariwisata,
        # Ekonomi Kreatif, Kebudayaan, Pemuda dan Olahraga is no tourism post). Another unit
        # that names none of them (a UPT named by its place) works for them all; the
        # secretariat was left out above.
        if not ORGANISATION_UNIT.match(unit):
            return True
        opd_urusan = _urusan(th, pos.get("opd"))
        unit_urusan = _urusan(th, unit) & opd_urusan
        return not unit_urusan or code in unit_urusan or code not in opd_urusan
    if not _matches(th, code, unit):
        return False
    if code not in known or known[code].group not in FUNCTION_GROUPS:
        return True
    if ORGANISATION_UNIT.match(unit):
        return True  # Bidang Statistik of Diskominfo: a unit named by its function
    opd_urusan = _urusan(th, pos.get("opd"))
    return not opd_urusan or code in opd_urusan


def position_domains(th: Thesaurus, pos: Mapping[str, Any]) -> frozenset[str]:
    """The domains a post is work in: those its jabatan, OPD or unit names for which
    `_position_matches` holds (a domain none of the three names never matches). Cached per
    (jabatan, OPD, unit)."""
    key = (str(pos.get("jabatan") or ""), str(pos.get("opd") or ""), str(pos.get("unit") or ""))

    def compute() -> frozenset[str]:
        named = {c for text in key if text for c in th.record_domains(text)}
        post = {"jabatan": key[0], "opd": key[1], "unit": key[2]}
        return frozenset(c for c in named if _position_matches(th, c, post))

    return th.remembered_post(key, compute)


def field_domains(profile: Mapping[str, Any], th: Thesaurus | None = None) -> frozenset[str]:
    """The person's field: the domains of their posts (units by function) and study. Their
    trainings, certificates and innovations are read in it (_read_as)."""
    th = th or thesaurus()
    found: set[str] = set()
    for pos in position_history(profile):
        found |= position_domains(th, pos)
    for edu in profile.get("education") or []:
        # A high-school stream (IPA, IPS, Bahasa) is no field; a degree or diploma is.
        if edu.get("major") and edu.get("level") != "SMA":
            found |= th.record_domains(str(edu["major"]))
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Reading:
    """What each training, certificate and innovation of one record counts for, read in
    the person's field (_read_as); made once per record by `read_record`."""

    trainings: tuple[frozenset[str], ...]
    certifications: tuple[frozenset[str], ...]
    innovations: tuple[frozenset[str], ...]


def read_record(profile: Mapping[str, Any], th: Thesaurus | None = None) -> Reading:
    th = th or thesaurus()
    field = field_domains(profile, th)

    def named(key: str) -> tuple[frozenset[str], ...]:
        names = [str(item.get("name") or "") for item in profile.get(key) or []]
        return tuple(_read_as(th, th.record_domains(n), n, field) for n in names)

    trainings, certifications = named("trainings"), named("certifications")
    # An innovation is read in what its author studied, served in and trained for.
    learned = field.union(*trainings, *certifications)
    innovations = tuple(
        _read_as(
            th,
            _innovation_domains(th, inv),
            f"{inv.get('title') or ''}. {inv.get('abstract') or ''}",
            learned,
        )
        for inv in profile.get("innovations") or []
    )
    return Reading(trainings, certifications, innovations)


def expertise(
    profile: Mapping[str, Any],
    code: str,
    *,
    today: dt.date | None = None,
    th: Thesaurus | None = None,
    reading: Reading | None = None,
) -> DomainExpertise:
    """The expertise of one profile in one domain. `reading` is `read_record(profile)`,
    passed in by callers that score many domains of one record."""
    th = th or thesaurus()
    today = today or dt.date.today()
    reading = reading or read_record(profile, th)
    evidence: list[Evidence] = []
    signals = dict.fromkeys(WEIGHT, 0.0)

    positions = position_history(profile)
    effective = 0.0
    spans: list[tuple[int, int, float]] = []
    for i, pos in enumerate(positions):
        if code not in position_domains(th, pos):
            continue
        start = record_date(pos.get("tmt_start"))
        if start is None:
            if pos.get("tmt_end"):
                continue
            # The current post without a recorded TMT: counts as UNDATED_YEARS of service.
            effective += UNDATED_YEARS
            evidence.append(
                Evidence(
                    "masa_kerja",
                    f"Jabatan saat ini di {pos.get('opd')}: {pos.get('jabatan')} "
                    "(TMT tidak tercatat)",
                    f"positions[{i}]" if profile.get("positions") else "jabatan",
                    UNDATED_YEARS,
                )
            )
            continue
        end = record_date(pos.get("tmt_end")) or today
        months = max(0, (end.year - start.year) * 12 + end.month - start.month)
        weight = _decay((today - end).days / 365.25, SERVICE_HALF_LIFE)
        spans.append((month_index(start), month_index(start) + months, weight))
        until = "sekarang" if not pos.get("tmt_end") else str(end.year)
        evidence.append(
            Evidence(
                "masa_kerja",
                f"{_duration(months)} di {pos.get('opd')} "
                f"({pos.get('jabatan')}, {start.year}–{until})",
                f"positions[{i}]",
                round(months / 12 * weight, 3),
            )
        )
        if pos.get("jenis") == "JF":
            jf = 1.0 if not pos.get("tmt_end") else 0.6 * weight
            if jf > signals["jf"]:
                signals["jf"] = jf
                evidence.append(
                    Evidence(
                        "jabatan_fungsional",
                        f"Jabatan fungsional: {pos.get('jabatan')}",
                        f"positions[{i}]",
                        round(jf, 3),
                    )
                )
    effective += covered_years(spans)
    signals["service"] = 1 - math.exp(-effective / SERVICE_SCALE)

    for i, edu in enumerate(profile.get("education") or []):
        major = edu.get("major") or ""
        if not major or not _matches(th, code, major):
            continue
        level = str(edu.get("level") or "")
        value = LEVEL_WEIGHT.get(level, 0.5) * EDUCATION_CREDIT
        signals["education"] = max(signals["education"], value)
        where = f", {edu.get('institution')}" if edu.get("institution") else ""
        evidence.append(
            Evidence(
                "pendidikan",
                f"{LEVEL_LABEL.get(level, level)} {major}{where}"
                + (f", {edu['year']}" if edu.get("year") else ""),
                f"education[{i}]",
                round(value, 3),
            )
        )

    hours = 0.0
    for i, tr in enumerate(profile.get("trainings") or []):
        if code not in reading.trainings[i]:
            continue
        year = int(tr.get("year") or today.year)
        h = float(tr.get("hours") or 8) * _decay(today.year - year, TRAINING_HALF_LIFE)
        hours += h
        evidence.append(
            Evidence(
                "pelatihan",
                f"{tr.get('name')}, {year}"
                + (f" ({tr.get('hours')} jam)" if tr.get("hours") else ""),
                f"trainings[{i}]",
                round(h, 1),
            )
        )
    signals["training"] = 1 - math.exp(-hours / TRAINING_SCALE)

    for i, cert in enumerate(profile.get("certifications") or []):
        # What was certified, not who certified it: "Analisis Data Survei" issued by the
        # Institut Pertanian Bogor is statistics, not farming.
        if code in reading.certifications[i]:
            year = int(cert.get("year") or today.year)
            value = 0.8 * _decay(today.year - year, TRAINING_HALF_LIFE)
            signals["certification"] = max(signals["certification"], value)
            evidence.append(
                Evidence(
                    "sertifikasi",
                    f"Sertifikat: {cert.get('name')}, {year}",
                    f"certifications[{i}]",
                    round(value, 3),
                )
            )

    keep = 1.0
    for i, inv in enumerate(profile.get("innovations") or []):
        if code in reading.innovations[i]:
            year = int(inv.get("year") or today.year)
            value = 0.6 * _decay(today.year - year, TRAINING_HALF_LIFE)
            keep *= 1 - value
            label = "Inovasi" if inv.get("kind") != "KARYA_TULIS" else "Karya tulis"
            role = f", {inv.get('role')}" if inv.get("role") else ""
            evidence.append(
                Evidence(
                    "inovasi",
                    f"{label}: {inv.get('title')} ({year}{role})",
                    f"innovations[{i}]",
                    round(value, 3),
                )
            )
    signals["innovation"] = 1 - keep

    total = combine(signals)
    evidence.sort(key=evidence_order)
    return DomainExpertise(
        code, round(total, 4), {k: round(v, 4) for k, v in signals.items()}, tuple(evidence)
    )


# How a person's evidence is listed: work first, then the JF, study, courses, certificates,
# innovations; within a kind, what counted most first.
EVIDENCE_ORDER = {
    "masa_kerja": 0,
    "jabatan_fungsional": 1,
    "pendidikan": 2,
    "pelatihan": 3,
    "sertifikasi": 4,
    "inovasi": 5,
}


def evidence_order(item: Evidence) -> tuple[int, float]:
    return EVIDENCE_ORDER[item.kind], -item.signal


def combine(signals: Mapping[str, float]) -> float:
    """The weighted noisy-OR of the signals (each 0-1): 1 - prod(1 - WEIGHT[k] * s_k)."""
    return 1 - math.prod(1 - WEIGHT[k] * v for k, v in signals.items())


def expertise_all(
    profile: Mapping[str, Any], *, today: dt.date | None = None, minimum: float = 0.05
) -> dict[str, DomainExpertise]:
    """Expertise in every domain the record touches (others are 0 and left out)."""
    th = thesaurus()
    today = today or dt.date.today()
    texts: list[Any] = [profile.get("opd"), profile.get("unit"), profile.get("jabatan")]
    for key, fields in (
        ("positions", ("opd", "unit", "jabatan")),
        ("education", ("major",)),
        ("trainings", ("name",)),
        ("certifications", ("name",)),
        ("innovations", ("title", "abstract")),
    ):
        for item in profile.get(key) or []:
            texts.extend(item.get(f) for f in fields)
    touched: set[str] = set()
    for t in texts:
        if t:
            touched |= th.record_domains(str(t))
    out: dict[str, DomainExpertise] = {}
    reading = read_record(profile, th)
    for code in sorted(touched):
        result = expertise(profile, code, today=today, th=th, reading=reading)
        if result.score >= minimum:
            out[code] = result
    return out
