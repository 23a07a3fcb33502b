"""Turning a reading into search parameters and Indonesian sentences (no I/O): the words of
every Tanya Potret answer, written from what the tools returned (the gateway runs them).

Numbers are written the Indonesian way (1.234; 0,68), codes get their Indonesian labels, and
every answer says what it understood."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from potret_ask.filters import AXIS_BOXES, AXIS_LEVELS
from potret_ask.interpretation import (
    POSITION_INTENTS,
    Interpretation,
    ad_hoc_jenjang,
    entry_title,
    opd_name,
)
from potret_ask.positions import CatalogueEntry, Resolution
from potret_ask.reader import Reading
from potret_ask.results import Candidate, Grid, Ranking
from potret_asn_rules import domains as domain_catalogue
from potret_asn_rules.labels import GENDER_LABELS, GROUP_BY_LABELS, JENIS_PEJABAT
from potret_asn_rules.vocab import FACTOR_LABELS
from potret_expertise.skills import vocabulary as skill_vocabulary

# The shared label table (potret_asn_rules.labels): the console shows the same words.
JENIS_LABELS = JENIS_PEJABAT
GROUP_LABELS = GROUP_BY_LABELS
# Search facets for each breakdown the reader knows.
GROUP_FACETS = {
    "opd": "opd",
    "golongan": "golongan",
    "pendidikan": "education_level",
    "jenis_jabatan": "jenis_jabatan",
    "status": "status",
    "jenis_kelamin": "jenis_kelamin",
}
# Breakdowns that are personal data (gender, from the NIP): search computes them only when
# asked, and the gateway asks only for callers with the personal:read scope.
PERSONAL_GROUPS = frozenset({"jenis_kelamin"})


def number(value: float, decimals: int = 0) -> str:
    """1234 -> '1.234'; 0.675 with 2 decimals -> '0,68'."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def domain_names(codes: tuple[str, ...] | list[str]) -> str:
    names = domain_catalogue()
    return ", ".join(names[c].name for c in codes if c in names)


def skill_names(codes: tuple[str, ...] | list[str]) -> str:
    skills = skill_vocabulary().skills
    return ", ".join(skills[c].name.lower() for c in codes if c in skills)


def search_filters(reading: Reading, today: dt.date) -> list[tuple[str, Any]]:
    """The search service's parameters for the reading's filters."""
    params: list[tuple[str, Any]] = [("domain", d) for d in reading.domains]
    if reading.opd:
        params.append(("opd", reading.opd))
    for kind, code in reading.golongan:
        if kind in ("eq", "min"):
            params.append(("golongan_min", code))
        if kind in ("eq", "max"):
            params.append(("golongan_max", code))
    if reading.education:
        level, op = reading.education
        params.append(("education_min", level) if op == ">=" else ("education", level))
    params += [("jenis_jabatan", j) for j in reading.jenis_jabatan]
    if reading.status:
        params.append(("status", reading.status))
    if reading.retire:
        kind, value = reading.retire
        if kind == "year":
            years = max(value - today.year, 0)
            params += [("min_years_to_retirement", years), ("max_years_to_retirement", years)]
        elif kind == "within_years":
            params += [("min_years_to_retirement", 0), ("max_years_to_retirement", value)]
        else:
            params.append(("min_years_to_retirement", value))
    return params


def criteria(reading: Reading) -> str:
    """The filters in words: ' golongan IV/a, di Dinas Kesehatan, pensiun pada 2027'."""
    parts: list[str] = []
    if reading.jenis_jabatan:
        parts.append(" atau ".join(JENIS_LABELS.get(j, j) for j in reading.jenis_jabatan))
    if reading.status:
        parts.append(f"berstatus {reading.status}")
    golongan = dict(reading.golongan)
    if "eq" in golongan:
        parts.append(f"golongan {golongan['eq']}")
    elif golongan:
        low, high = golongan.get("min"), golongan.get("max")
        if low and high:
            parts.append(f"golongan {low} sampai {high}")
        elif low:
            parts.append(f"golongan {low} ke atas")
        elif high:
            parts.append(f"golongan {high} ke bawah")
    if reading.education:
        level, op = reading.education
        parts.append(f"pendidikan {level}{' ke atas' if op == '>=' else ''}")
    if reading.domains:
        parts.append(f"berkeahlian {domain_names(reading.domains)}")
    if reading.skills:
        parts.append(f"khususnya {skill_names(reading.skills)}")
    if reading.opd:
        parts.append(f"di {reading.opd}")
    if reading.retire:
        kind, value = reading.retire
        parts.append(
            f"pensiun pada {value}"
            if kind == "year"
            else f"pensiun dalam {value} tahun"
            if kind == "within_years"
            else f"masih paling sedikit {value} tahun sebelum pensiun"
        )
    return (" " + ", ".join(parts)) if parts else ""


# What a conversation is about, by the intent of its topic (the console's "Konteks aktif").
CONTEXT_HEADS = {
    "best_for_position": "Kandidat",
    "explain_candidate": "Penjelasan kandidat",
    "compare": "Perbandingan kandidat",
    "position_holder": "Pemangku jabatan",
    "find_experts": "Ahli",
    "count": "Jumlah ASN",
    "list": "Daftar ASN",
    "nine_box": "Peta talenta",
    "profile_lookup": "Profil ASN",
    "vacancies": "Jabatan tanpa pejabat definitif",
}


def context_summary(reading: Reading, post: str | None) -> str:
    """A conversation's topic in a few words: 'Kandidat Kepala Dinas Kesehatan', 'Jumlah ASN
    golongan IV/a, di Dinas Kesehatan, rincian per golongan'."""
    head = CONTEXT_HEADS.get(reading.intent, "Pertanyaan")
    if reading.intent == "find_experts" and reading.domains:
        head = f"{head} {domain_names(reading.domains)}"
        reading = replace(reading, domains=())
    if reading.intent == "nine_box" and reading.box:
        head = f"{head} kotak {reading.box}"
    if post:
        head = f"{head} {post}"
        reading = replace(reading, opd=None)  # the post's title names its OPD when needed
    text = head + criteria(reading)
    if reading.group_by:
        text += f", rincian per {GROUP_LABELS.get(reading.group_by, reading.group_by)}"
    return text


def person_text(hit: Mapping[str, Any]) -> str:
    """'Siti Aminah (NIP 1990...), Analis Kebijakan, Dinas Kesehatan, golongan III/c'."""
    bits = [hit.get("jabatan"), hit.get("opd")]
    if hit.get("golongan"):
        bits.append(f"golongan {hit['golongan']}")
    rest = ", ".join(b for b in bits if b)
    return f"{hit.get('name')} (NIP {hit.get('nip')}){', ' + rest if rest else ''}"


def person_line(i: int, hit: Mapping[str, Any]) -> str:
    return f"{i}. {person_text(hit)}"


def group_label(group: str, value: str) -> str:
    """A breakdown's value in words (jenis jabatan and jenis kelamin codes get their names)."""
    if group == "jenis_jabatan":
        return JENIS_LABELS.get(value, value)
    if group == "jenis_kelamin":
        return GENDER_LABELS.get(value, value)
    return value


MAX_YEARS_AHEAD = 45  # the longest working life left (BUP 58-65 from age 18)


def retirement_problem(reading: Reading, today: dt.date) -> str | None:
    """Why a retirement filter cannot be asked of the records, or None."""
    if not reading.retire:
        return None
    kind, value = reading.retire
    if kind == "year" and value < today.year:
        return f"Tahun {value} sudah lewat; data pensiun yang tersedia mulai tahun {today.year}."
    years = value - today.year if kind == "year" else value
    if years > MAX_YEARS_AHEAD:
        return f"Paling jauh {MAX_YEARS_AHEAD} tahun ke depan yang bisa ditanyakan."
    return None


# ---------------------------------------------------------------- whole answers
#
# Each writer takes what the tools returned (search's records as the REST API serves them,
# the ranking service's replies as `potret_ask.results`) and returns the answer's text. A
# name in an answer only ever comes from those records, never from the question.

EXAMPLES = (
    "siapa yang paham perikanan?",
    "siapa yang terbaik untuk Kepala Dinas Perikanan?",
    "calon Sekretaris Bappeda golongan minimal IV/a",
    "berapa ASN di kotak 9 di Dinas Pendidikan?",
    "profil 198609262015051001",
)
NO_FIELD = (
    "Bidang keahliannya belum saya kenali. Sebutkan bidangnya, mis. perikanan, kesehatan, "
    "keuangan, pertanian."
)
BY_WORDS = (
    "Bidang keahlian ini belum ada di kosakata Potret, jadi saya mencarinya dari kata-kata "
    "pertanyaan di jabatan, unit, pendidikan, pelatihan, sertifikat dan inovasi setiap ASN."
)
NAME_THE_POST = (
    'Sebutkan jabatannya, mis. "kenapa Budi tidak masuk daftar Kepala Dinas Perikanan?".'
)
NAME_THE_HELD_POST = 'Sebutkan jabatannya, mis. "siapa Kepala Dinas Perikanan sekarang?".'
NAME_TWO = "Sebutkan dua nama atau NIP yang akan dibandingkan."
CATALOGUE_DOWN = "Katalog jabatan sedang tidak tersedia; coba lagi sebentar lagi."
NOT_IN_CATALOGUE = "Jabatan itu tidak ada di katalog jabatan."
VACANCIES_SHOWN = 50  # posts listed in one answer


def help_text() -> str:
    """The answer to a question not understood: the supported questions, by example."""
    return (
        "Maaf, pertanyaan ini belum bisa saya pahami. Contoh pertanyaan: "
        + "; ".join(f'"{e}"' for e in EXAMPLES)
        + "."
    )


def refused(why: str) -> str:
    return (
        f"Pertanyaan tidak diproses: {why}. Tanyakan tentang data ASN dalam bahasa Indonesia, "
        f'mis. "{EXAMPLES[0]}".'
    )


def named(nip: str, people: Mapping[str, Mapping[str, Any]]) -> str:
    """'Sri Wahyuni, S.Pi. (NIP 1987...)': the name first, the NIP second; the NIP alone when
    the record is not one the caller may see (or search is down)."""
    hit = people.get(nip)
    return f"{hit['name']} (NIP {nip})" if hit and hit.get("name") else f"NIP {nip}"


# The highlights of a search hit that say a person's work: not the name, not the OPD's name
# (where the post sits: Kecamatan Tambak is no fishpond). The post and the unit are
# highlighted as written, places included (search matches them as work without the places).
WORK_HIGHLIGHTS = ("jabatan", "unit", "education_text", "training_text", "innovation_text")


def by_work(hits: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The hits not found by their name or workplace alone (search's `matched` says which of
    the query's clauses a hit matched: "work", "name", "nip", "place"; none when it came in
    by a field or skill it holds): a Pak Kader whose name says "kader" is no cadre, nor the
    clerk of Kecamatan Tambak a fish farmer."""
    kept = []
    for hit in hits:
        matched = set(hit.get("matched") or ())
        if matched and "work" not in matched:
            continue  # the name or the NIP alone
        kept.append(dict(hit))
    return kept


def _evidence(hit: Mapping[str, Any]) -> str:
    """What counted: for the skills asked first, then for the fields (at most three lines
    each, none twice); found by words alone, where the words are in the record's work."""
    groups = [*(hit.get("skill_evidence") or {}).values(), *(hit.get("evidence") or {}).values()]
    found = "; ".join(dict.fromkeys(e for ev in groups for e in ev[:3]))
    if found:
        return found
    highlights = hit.get("highlights") or {}
    marks = [re.sub(r"</?em>", "", highlights[f][0]) for f in WORK_HIGHLIGHTS if highlights.get(f)]
    if marks:
        return f"kata-katanya ada di rekamannya: {'; '.join(marks[:2])}"
    return "belum ada bukti keahlian yang tercatat"


def experts_by_words(
    what: str, domains: Sequence[str], skills: Sequence[str], hits: Sequence[Mapping[str, Any]]
) -> str:
    """Experts of a question whose field the reader did not name, as search found them by
    the words: the field search read from them named, or said that none was."""
    read = ", ".join(x for x in (domain_names(list(domains)), skill_names(list(skills))) if x)
    head = f"Bidangnya saya baca dari kata-kata pertanyaan: {read}." if read else BY_WORDS
    return f"{head}\n{experts(what, hits)}"


def experts(what: str, hits: Sequence[Mapping[str, Any]]) -> str:
    """Experts found by search, strongest first, each with the evidence search kept."""
    if not hits:
        return f"Tidak ada {what} di data saat ini."
    lines = [f"{what}, terkuat dulu:"]
    lines += [f"{person_line(i, h)}. Bukti: {_evidence(h)}" for i, h in enumerate(hits, 1)]
    return "\n".join(lines)


def interpretation_criteria(it: Interpretation) -> str:
    """A corrected interpretation's filters in words: ' (di Dinas Kesehatan, golongan ...)'."""
    parts = []
    if it.opd:
        parts.append(f"di {opd_name(it.opd)}")
    if it.golongan_min:
        parts.append(f"golongan minimal {it.golongan_min}")
    if it.education_min:
        parts.append(f"pendidikan minimal {it.education_min}")
    if it.retire_after_years is not None:
        parts.append(f"masih minimal {it.retire_after_years} tahun sebelum pensiun")
    return (" (" + ", ".join(parts) + ")") if parts else ""


def experts_for(reading: Reading) -> str:
    """What a reading asks experts for, in words (the head of `experts`)."""
    return f"ASN{criteria(reading)}"


def person_not_found(names: Sequence[str]) -> str:
    return f"ASN {', '.join(names)} tidak ditemukan." if names else "ASN itu tidak ditemukan."


def experts_in_fields(it: Interpretation) -> str:
    """What a corrected interpretation asks experts for, in words (the head of `experts`)."""
    return f"ASN dengan keahlian {domain_names(it.domains)}{interpretation_criteria(it)}"


def ranking_down(it: Interpretation, found: str) -> str:
    """Ranking unreachable: experts in the post's fields, said to be only that."""
    return (
        "Layanan ranking sedang tidak tersedia, jadi syarat jabatan dan skor kecocokan belum "
        f"diperiksa. Sementara ini, ASN dengan keahlian bidang {it.position}:\n{found}"
    )


def ad_hoc_terms(it: Interpretation) -> str:
    """The requirements a post not in the catalogue is ranked with, said before its ranking."""
    parts = [f"jenis {it.position_jenis or 'tidak disebut'}"]
    if jenjang := ad_hoc_jenjang(it):
        parts.append(f"jenjang {jenjang.replace('_', ' ').lower()}")
    if it.domains:
        parts.append(f"bidang {domain_names(it.domains)}")
    parts.append(f"golongan minimal {it.golongan_min or 'tidak disebut'}")
    parts.append(f"pendidikan minimal {it.education_min or 'tidak disebut'}")
    return (
        f"Jabatan '{it.position}' tidak ada di katalog jabatan, jadi diperiksa dengan syarat "
        f"dari pertanyaan saja: {', '.join(parts)}; syarat lain dari kebijakan (tanpa jurusan "
        "terkait dan standar kompetensi jabatan)."
    )


def choices(words: str, found: Resolution) -> tuple[str, list[dict[str, Any]]]:
    """Several catalogue posts fit the words: which one (the console offers them as choices)."""
    lines = [
        f"'{words}' cocok dengan {found.total_choices} jabatan di katalog; "
        "sebutkan yang mana (nama jabatan dan OPD-nya):"
    ]
    lines += [f"- {c.name}, {c.opd} (id {c.position_id})" for c in found.choices]
    if found.total_choices > len(found.choices):
        lines.append(f"… dan {found.total_choices - len(found.choices)} lainnya.")
    return "\n".join(lines), [
        {"position_id": c.position_id, "name": c.name, "opd": c.opd, "jenis": c.jenis}
        for c in found.choices
    ]


def ranking(
    it: Interpretation, ranked: Ranking, people: Mapping[str, Mapping[str, Any]], holder: str
) -> str:
    """The best candidates for a post (`holder`: the present holder's NIP when the caller may
    see it, else ''), the requirements said first for a post not in the catalogue."""
    preface = [] if it.position_id else [ad_hoc_terms(it)]
    if it.position_id and (it.golongan_min or it.education_min):
        preface.append(
            "Syarat diambil dari katalog jabatan apa adanya; golongan atau pendidikan minimal "
            "dari pertanyaan tidak mengubahnya."
        )
    if not ranked.candidates:
        unmet = "; ".join(f"{label}: {n} ASN" for label, n in ranked.unmet[:3])
        return "\n".join(
            [
                *preface,
                f"Belum ada ASN yang memenuhi semua syarat {it.position} ({ranked.considered} "
                f"ASN diperiksa). Syarat yang paling sering belum terpenuhi: {unmet}.",
            ]
        )
    lines = [
        *preface,
        f"Kandidat terbaik untuk {it.position} ({ranked.eligible_total} dari "
        f"{ranked.considered} ASN memenuhi syarat; kebijakan {ranked.policy_version}):",
    ]
    if holder:
        lines.append(
            f"Pemangku saat ini: {named(holder, people)} (tidak dihitung sebagai kandidat)."
        )
    for c in ranked.candidates:
        tie = " (setara)" if c.tied else ""
        lines.append(
            f"{c.rank}.{tie} {named(c.nip, people)}: skor {number(c.score, 2)}. {c.explanation}"
        )
    lines.append(ranked.fairness_note)
    return "\n".join(lines)


def explanation(
    it: Interpretation,
    candidate: Candidate,
    leader: Candidate | None,
    people: Mapping[str, Mapping[str, Any]],
) -> str:
    """Why a person is (not) ranked for a post: the explanation, what is still to be met and,
    beside the first of the same ranking, where the two differ factor by factor ("kenapa yang
    kedua tidak dipilih?")."""
    preface = "" if it.position_id else ad_hoc_terms(it) + "\n"
    gaps = "; ".join(candidate.gaps) or "tidak ada"
    answer = (
        f"{preface}{named(candidate.nip, people)} untuk {it.position}: {candidate.explanation} "
        f"Yang perlu dipenuhi: {gaps}."
    )
    if leader is None or leader.nip == candidate.nip or not candidate.eligible:
        return answer
    differences = "; ".join(
        f"{FACTOR_LABELS.get(f.factor, f.factor)} "
        f"{number(candidate.contribution(f.factor), 2)} lawan {number(f.contribution, 2)}"
        for f in leader.factors
        if abs(candidate.contribution(f.factor) - f.contribution) >= 0.005
    )
    return answer + (
        f" Peringkat 1 untuk jabatan ini: {named(leader.nip, people)}, skor "
        f"{number(leader.score, 2)} (selisih {number(leader.score - candidate.score, 2)})"
        + (f"; bedanya: {differences}." if differences else ".")
    )


def comparison(
    it: Interpretation, scored: Sequence[Candidate], people: Mapping[str, Mapping[str, Any]]
) -> str:
    """People side by side for one post: score, eligibility and each factor's part."""
    lines = ([] if it.position_id else [ad_hoc_terms(it)]) + [f"Perbandingan untuk {it.position}:"]
    for c in scored:
        factors = ", ".join(
            f"{FACTOR_LABELS.get(f.factor, f.factor)} {number(f.contribution, 2)}"
            for f in c.factors
        )
        status = "memenuhi syarat" if c.eligible else "belum memenuhi syarat"
        lines.append(f"- {named(c.nip, people)}: skor {number(c.score, 2)} ({status}; {factors})")
    return "\n".join(lines)


def comparison_without_post(hits: Sequence[Mapping[str, Any]]) -> str:
    lines = [f"- {person_text(h)}" for h in hits]
    return "Sebutkan jabatan agar bisa dibandingkan skornya. Data keduanya:\n" + "\n".join(lines)


def grid(opd: str | None, talent: Grid) -> str:
    """How many ASN each box of the 9-box holds (and those not placed)."""
    where = f" di {opd}" if opd else ""
    summary = ", ".join(f"kotak {c.box}: {number(c.count)}" for c in talent.cells if c.box)
    unplaced = talent.cell(0).count
    rest = f"; belum dapat ditempatkan: {number(unplaced)}" if unplaced else ""
    return f"Sebaran kotak talenta{where} ({number(talent.total)} ASN): {summary}{rest}."


def box(opd: str | None, talent: Grid, number_of: int, hits: Sequence[Mapping[str, Any]]) -> str:
    """Who is in one box (`hits`: those of its people the caller may see, in order)."""
    where = f" di {opd}" if opd else ""
    cell = talent.cell(number_of)
    meaning = f" ({cell.meaning})" if cell.meaning else ""
    head = (
        f"Ada {number(cell.count)} ASN di kotak {number_of}{where}{meaning}, "
        f"dari {number(talent.total)} ASN"
    )
    if not hits:
        return head + "."
    lines = [head + (":" if len(hits) == cell.count else f"; {len(hits)} yang pertama:")]
    lines += [person_line(i, h) for i, h in enumerate(hits, 1)]
    return "\n".join(lines)


def axis(
    opd: str | None, talent: Grid, said: tuple[str, int], hits: Sequence[Mapping[str, Any]]
) -> str:
    """Who stands at one level of one axis of the 9-box ("kinerja di atas ekspektasi": the
    people of boxes 9, 7 and 4), each box's count, and those the grid could not place."""
    name, level = said
    boxes = sorted(AXIS_BOXES[said], reverse=True)
    where = f" di {opd}" if opd else ""
    count = sum(talent.cell(b).count for b in boxes)
    per_box = ", ".join(f"kotak {b}: {number(talent.cell(b).count)}" for b in boxes)
    unplaced = talent.cell(0).count
    not_placed = (
        f" {number(unplaced)} ASN belum dapat ditempatkan pada peta talenta dan tidak dihitung."
        if unplaced
        else ""
    )
    head = (
        f"Ada {number(count)} ASN dengan {name} {AXIS_LEVELS[name][level]}{where} ({per_box}), "
        f"dari {number(talent.total)} ASN (peta talenta 9-box, PermenPANRB 3/2020)."
        f"{not_placed}"
    )
    if not hits:
        return head
    lines = [head + (" Daftarnya:" if len(hits) == count else f" {len(hits)} yang pertama:")]
    lines += [person_line(i, h) for i, h in enumerate(hits, 1)]
    return "\n".join(lines)


def lookup(term: str, hits: Sequence[Mapping[str, Any]]) -> str:
    if not hits:
        return f"Tidak ditemukan ASN untuk {term!r}."
    return "\n".join([f"Hasil untuk {term!r}:", *(f"- {person_text(h)}" for h in hits)])


def count(
    reading: Reading,
    total: int,
    buckets: Sequence[Mapping[str, Any]] | None,
    allowed: bool = True,
) -> str:
    """'Ada 1.234 ASN …' and, when asked, the breakdown (`buckets`: search's facet values with
    their counts); a personal breakdown the caller may not see (`allowed` False) is refused."""
    lines = [f"Ada {number(total)} ASN{criteria(reading)}."]
    group = reading.group_by
    if not group or buckets is None:
        return "\n".join(lines)
    label = GROUP_LABELS[group]
    if not allowed:
        lines.append(
            f"Rincian menurut {label} adalah data pribadi: hanya untuk peran yang boleh "
            "melihat data pribadi (Admin BKPSDM)."
        )
        return "\n".join(lines)
    lines.append(f"Menurut {label}:")
    lines += [f"- {group_label(group, b['value'])}: {number(b['count'])}" for b in buckets]
    counted = sum(int(b["count"]) for b in buckets)
    if group in PERSONAL_GROUPS and counted < total:
        # a NIP without a valid gender digit: said, not silently dropped
        lines.append(f"- Tidak diketahui: {number(total - counted)}")
    return "\n".join(lines)


def listing(reading: Reading, total: int, hits: Sequence[Mapping[str, Any]]) -> str:
    what = f"ASN{criteria(reading)}"
    if not hits:
        return f"Tidak ada {what} di data saat ini."
    lines = [f"{number(total)} {what}:", *(person_line(i, h) for i, h in enumerate(hits, 1))]
    if total > len(hits):
        lines.append(f"… dan {number(total - len(hits))} lainnya.")
    return "\n".join(lines)


def holder(title: str, hit: Mapping[str, Any] | None, has_holder: bool) -> str:
    """Who holds a post now (`hit`: the holder's record, None when not one the caller may see
    or not indexed yet)."""
    if not has_holder:
        return f"{title} belum tercatat memiliki pejabat definitif."
    if hit is None:
        return f"{title} tercatat memiliki pemangku, tetapi datanya tidak dapat ditampilkan."
    return f"{title} saat ini dijabat {person_text(hit)}."


def outside_opd(title: str, own: str) -> str:
    return f"{title} berada di luar OPD Anda ({own}); pemangkunya tidak ditampilkan."


def other_opd(own: str, asked: str) -> str:
    return f"Akses Anda terbatas pada {own}; {asked} di luar OPD Anda."


def vacancies(vacancy: str | None, opd: str | None, empty: Sequence[CatalogueEntry]) -> str:
    """Posts of the catalogue without a definitive holder (Plt is not recorded: said so)."""
    where = f" di {opd}" if opd else ""
    lines = []
    if vacancy in ("plt", "both"):
        lines.append(
            "Pelaksana tugas (Plt) belum tercatat di katalog jabatan, jadi jabatan yang dijabat "
            "Plt belum bisa dibedakan."
        )
    if not empty:
        lines.append(f"Semua jabatan{where} di katalog tercatat memiliki pejabat definitif.")
        return "\n".join(lines)
    lines.append(f"{number(len(empty))} jabatan{where} tanpa pejabat definitif di katalog:")
    lines += [f"- {entry_title(e)}" for e in empty[:VACANCIES_SHOWN]]
    if len(empty) > VACANCIES_SHOWN:
        lines.append(f"… dan {number(len(empty) - VACANCIES_SHOWN)} lainnya.")
    return "\n".join(lines)


def not_found(unresolved: Sequence[str], opds: Sequence[str]) -> str:
    """What the question named that the records do not have, with the nearest names."""
    lines = []
    for words in unresolved:
        near = difflib.get_close_matches(words.title(), list(opds), n=3, cutoff=0.5)
        hint = f" Yang mirip: {', '.join(near)}." if near else ""
        lines.append(f"'{words}' tidak ditemukan di data.{hint}")
    return " ".join(lines)


def items(intent: str, results: Sequence[Mapping[str, Any]]) -> list[str]:
    """The NIPs of an answer, in order: what "yang nomor 2" refers to next."""
    out: list[str] = []
    for r in results:
        if isinstance(r.get("nip"), str):
            out.append(r["nip"])
        elif intent == "nine_box" and isinstance(r.get("nips"), list):
            out += [n for n in r["nips"] if isinstance(n, str)]
    return out


# The topics a post belongs to: a follow-up ("bandingkan dua teratas") keeps the post.
POST_TOPICS = frozenset({*POSITION_INTENTS, "position_holder"})


def topic_summary(topic: Reading | None, post: str | None, items: int) -> str | None:
    """The conversation's topic in words (`post`: the post as answered, its catalogue title).
    None when there is nothing a follow-up could refer to (e.g. "bandingkan dua teratas"
    with no list before it)."""
    if topic is None or topic.intent in ("unknown", "refused"):
        return None
    post = post if topic.intent in POST_TOPICS else None
    if topic.intent in ("compare", "explain_candidate", "profile_lookup") and not (post or items):
        return None
    return context_summary(topic, post)
