"""Skills below and across domains (data/skills.json): the unit an official asks for when a
domain is too coarse ("budidaya udang vaname" inside fisheries, "PBJ" across every OPD).

A skill has a name, its parent domain (None for a cross-cutting skill), terms (names,
abbreviations, typical unit functions, trainings and certificates) and related jabatan
fungsional. A term matches as whole words, in order, on Sastrawi stems, in a record's
jabatan, unit, trainings, certificates, innovations and study majors (place names removed
first, places.py), never in the OPD's name: "Dinas Perikanan" says the field, not the
sub-field. Single words with two senses (jaringan, pengadaan, peta, protokol) are terms only
inside a phrase that says which.

Expertise in a skill is scored like a domain's (scoring.py: the same signals and weighted
noisy-OR), with depth and recency weighed harder, because a skill goes stale faster than a
field:

- service      months in posts whose jabatan or unit names the skill (or a structural post
               in an OPD the skill lists as `structural_in`: a hospital's Wadir), each weighted by
               recency (half-life SKILL_HALF_LIFE years since it ended);
               s = 1 - exp(-effective_years / SKILL_SERVICE_SCALE)
- jf           a jabatan fungsional of the skill: 1 held now, else 0.6 x recency
- education    a study major naming the skill: LEVEL_WEIGHT x EDUCATION_CREDIT, halved when
               nothing in the person's work (posts, JF, trainings) names it: a degree
               followed by years of other work. No recency (an age proxy, scoring.py)
- training     hours of trainings naming it (8 h when not given), recency-weighted:
               a one-day sosialisasi counts for its few hours, not as a course
- certification  0.8 x recency of the newest certificate naming it
- innovation   0.6 x recency per innovation whose title names it (or whose abstract names it
               ABSTRACT_MENTIONS times)

Each SkillExpertise also keeps the skill's terms its evidence says (`terms`: "minapadi" of a
training "Pelatihan Teknis Minapadi"), so that search can prefer, among a skill's holders, the
people whose own work says the term a query names.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

from potret_asn_rules.record import position_history, record_date
from potret_expertise.places import strip_headed_places, strip_places
from potret_expertise.scoring import (
    ABSTRACT_MENTIONS,
    EDUCATION_CREDIT,
    LEVEL_LABEL,
    LEVEL_WEIGHT,
    NON_FIELD_POST,
    SECRETARIAT_UNIT,
    TRAINING_HALF_LIFE,
    TRAINING_SCALE,
    Evidence,
    _decay,
    _duration,
    combine,
    covered_years,
    evidence_order,
    month_index,
)
from potret_expertise.text import stem_tuple, words

# A skill is held (a search may find the person by it) with any evidence beyond a one-day
# sosialisasi: the blend ranks a short course far below years of work, and a Penata Ruang's
# one GIS course still makes them findable for GIS when their record never says "GIS" in
# words, a camat's staff with a 16-hour course on village markets six years ago (0.037) for
# "pasar rakyat". A 4-hour sosialisasi stays below (0.015 in its year). 0.05 left out such
# people (the development sets: 48 queries changed, +1.55 nDCG summed, at most -0.049 one).
SKILL_HELD = 0.02
SKILL_HALF_LIFE = 5.0
SKILL_SERVICE_SCALE = 3.0
TEXT_CACHE_SIZE = 200_000


@dataclass(frozen=True)
class Skill:
    code: str
    name: str
    domain: str | None  # the parent domain; None: cross-cutting
    terms: tuple[str, ...]
    jf: tuple[str, ...]
    # OPDs in which a structural post is evidence by itself (a hospital's management posts)
    structural_in: tuple[tuple[str, ...], ...] = ()
    # OPDs whose posts are evidence when their title says one of these words (stems): the
    # BPBD's "Pengelola Logistik" keeps the disaster relief stock (skills.json `titled_in`)
    titled_in: tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = ()
    # Words (or phrases) that name the skill when a query says them alone ("pengawasan",
    # "analis laboratorium"): read only in a query, never in a record, where a word alone
    # always has an object beside it (and a lab analyst's unit says which laboratory)
    alone: tuple[str, ...] = ()
    # OPDs whose whole work is this skill (skills.json `held_in`: the Badan Pendapatan
    # Daerah's is regional tax): a post there outside the secretariat whose title and unit
    # name no skill of their own holds it ("Penelaah Teknis Kebijakan, Bidang Pendataan dan
    # Penetapan")
    held_in: tuple[tuple[str, ...], ...] = ()
    # Words that name the skill in a query when the word after them is a thing it is done to
    # (skills.json `heads`): "pengadaan alat kesehatan" is procurement (not "pengadaan tanah",
    # land acquisition), "perencanaan kesehatan" the planning of a sector (not "perencanaan
    # jembatan", an engineer's design). Read only in a query: a record says the work whole.
    heads: tuple[Head, ...] = ()


@dataclass(frozen=True)
class Head:
    words: frozenset[str]  # the head words, normalised ("pengadaan")
    before: frozenset[str] = frozenset()  # the next word must be one of these (empty: any) ...
    not_before: frozenset[str] = frozenset()  # ... and none of these


STRUCTURAL = frozenset({"JPT", "ADMINISTRATOR", "PENGAWAS"})
# The units of an OPD's own function (Permendagri 5/2017 nomenclature) and the titles of its
# secretariat, for `held_in`
FUNCTION_UNIT = re.compile(r"^(?:bidang|sub\s*bidang|subbid|seksi|upt|uptd)\b", re.IGNORECASE)
SECRETARIAT_TITLE = re.compile(
    r"\b(?:sekretaris|sub\s*bagian|subbag|kepegawaian|keuangan|perencanaan|program|umum|"
    r"bendahara|tata\s+usaha)\b",
    re.IGNORECASE,
)
# Words of a chat question around a word said alone ("siapa lagi yang ahli pengawasan?"), and
# the objects that give it another sense (Skill.alone)
_FILLERS = frozenset({"lagi", "saja", "aja", "dong", "nih", "ya", "deh", "sih", "juga"})
_OBJECTS = frozenset({"pegawai", "bidang", "karyawan", "staf", "personel", "jabatan", "talenta"})


@dataclass(frozen=True)
class SkillExpertise:
    skill: str
    score: float
    signals: dict[str, float]
    evidence: tuple[Evidence, ...] = field(default=())
    # the skill's terms its evidence says (stems joined by spaces: "udang vaname"), so that a
    # query naming a term finds the people whose own work says that term (search's TERM_SAID)
    terms: tuple[str, ...] = field(default=())


def _remember(
    cache: dict[str, frozenset[str]], key: str, compute: Callable[[], frozenset[str]]
) -> frozenset[str]:
    """`compute()` once per key; the cache is emptied when full (unique texts, such as
    abstracts, must not grow it forever)."""
    found = cache.get(key)
    if found is None:
        found = compute()
        if len(cache) >= TEXT_CACHE_SIZE:
            cache.clear()
        cache[key] = found
    return found


@dataclass(frozen=True)
class Vocabulary:
    version: str
    skills: dict[str, Skill]
    # first stem of a term -> (the term's stems, skill code), longest terms first
    by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    # clerical post titles of every unit, read without these words ("Pengolah Data")
    generic_jabatan: tuple[str, ...] = ()
    # a word said alone in a query -> the skill it names then (Skill.alone)
    alone: dict[str, str] = field(default_factory=dict)
    # JF working in one of several areas, the one its unit names (skills.json `jf_by_unit`):
    # JF title -> its skill -> the stems of the words of a unit's name that name that skill
    jf_by_unit: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = field(default_factory=dict)
    # the skills with a `titled_in` (Skill.titled_in): few, read for every post naming none
    titled_skills: tuple[Skill, ...] = ()
    # the skills with `heads` (Skill.heads)
    headed_skills: tuple[Skill, ...] = ()
    _cache: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    _jf_cache: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    _terms_cache: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    _post_cache: dict[
        tuple[str, str, str, Any], tuple[str, str, frozenset[str], frozenset[str]]
    ] = field(default_factory=dict, compare=False, repr=False)

    def read_post(
        self, jabatan: str, opd: str, unit_name: str, jenis: Any
    ) -> tuple[str, str, frozenset[str], frozenset[str]]:
        """What one post says of skills: (its title and its unit without the OPD's name, the
        skills it names, the JF skills of its title), cached per post (posts repeat across
        thousands of records)."""
        key = (jabatan, opd, unit_name, jenis)
        found = self._post_cache.get(key)
        if found is None:
            found = self._read_post(jabatan, opd, unit_name, jenis)
            if len(self._post_cache) >= TEXT_CACHE_SIZE:
                self._post_cache.clear()
            self._post_cache[key] = found
        return found

    def _read_post(
        self, jabatan: str, opd: str, unit_name: str, jenis: Any
    ) -> tuple[str, str, frozenset[str], frozenset[str]]:
        # the OPD's own name (also as an abbreviation: "Sekretariat BPKAD") is never evidence
        unit = _without(unit_name, opd)
        is_jf = self.jf_in_unit(jabatan, unit) if jenis == "JF" else frozenset()
        # A JF title names its own skills, not those its words say: a Teknik Penyehatan
        # Lingkungan builds sanitation works (drainase_air_limbah), it does not inspect the
        # hygiene of homes and food places as a sanitarian does (kesehatan_lingkungan).
        post_title = _without(self.specific(jabatan), opd)
        named = frozenset() if is_jf else self.in_record(post_title)
        if not named and not is_jf and not NON_FIELD_POST.search(jabatan):
            # The unit's function is the work of a post whose title names none of its own;
            # a Pejabat Pengadaan in the Subbagian Umum dan Kepegawaian does procurement, a
            # driver of the procurement section drives (scoring.NON_FIELD_POST).
            # ... or its OPD with a word of its title ("Pengelola Logistik" of the BPBD)
            named = self.in_record(unit) or self.titled(self.specific(jabatan), opd)
            # ... or the OPD whose whole work is one skill, in a unit of its function (a
            # bidang, subbidang, seksi or UPT; not its secretariat, not a post of no unit
            # recorded, not a secretariat's title: a Sekretaris, a Kepala Subbagian)
            where = unit.strip()
            if (
                not named
                and FUNCTION_UNIT.match(where)
                and not SECRETARIAT_UNIT.match(where)
                and not SECRETARIAT_TITLE.search(jabatan)
            ):
                named = self.held_in(opd)
        if jenis in STRUCTURAL:
            named |= self.managing(opd)
        return post_title, unit, named, is_jf

    def _said(self, words: tuple[str, ...]) -> Iterator[tuple[str, tuple[str, ...]]]:
        """(skill, term) for each term standing in `words` (stems), once per place said."""
        for i, word in enumerate(words):
            for term, code in self.by_first.get(word, ()):
                if words[i : i + len(term)] == term:
                    yield code, term

    def _found(self, words: tuple[str, ...]) -> dict[str, int]:
        """Skill -> the longest term of it found in `words` (in words)."""
        found: dict[str, int] = {}
        for code, term in self._said(words):
            found[code] = max(found.get(code, 0), len(term))
        return found

    def in_record(self, text: str) -> frozenset[str]:
        """Skills a record's text names (places removed first; cached: record texts such as
        jabatan and training titles repeat across thousands of profiles)."""
        return _remember(
            self._cache, text, lambda: frozenset(self._found(stem_tuple(strip_places(text))))
        )

    def terms_of(self, text: str, code: str) -> frozenset[str]:
        """The terms of skill `code` a record's text says (stems joined by spaces), read as
        in_record reads the skill (places removed first; cached as in_record)."""

        def said() -> frozenset[str]:
            words = stem_tuple(strip_places(text))
            return frozenset(skill_term(c, " ".join(term)) for c, term in self._said(words))

        key = skill_term(code, "")
        return frozenset(
            t[len(key) :] for t in _remember(self._terms_cache, text, said) if t.startswith(key)
        )

    def mentions(self, text: str, code: str) -> int:
        words = stem_tuple(strip_places(text))
        return sum(1 for c, _ in self._said(words) if c == code)

    def terms_in_query(self, query: str, code: str) -> tuple[str, ...]:
        """The terms of skill `code` a query says (stems joined by spaces, as terms_of), the
        longest first. A word said alone (Skill.alone) is no term: such a query says none."""
        said = stem_tuple(strip_headed_places(query))
        found = {" ".join(term) for c, term in self._said(said) if c == code}
        return tuple(sorted(found, key=lambda t: (-len(t.split()), t)))

    def in_query(self, query: str) -> list[str]:
        """Skills a query names, the one named by the most words first ("budidaya udang
        vaname" -> perikanan_budidaya), or the skill a word said alone names (Skill.alone).
        A question is not a record: place names stay
        ("tambak udang di Ujungpangkah" still asks for aquaculture), unless said after a head
        ("kecamatan tambak" is where, places.strip_headed_places)."""
        query = strip_headed_places(query)
        found = self._found(stem_tuple(query))
        for code in self._headed(query):
            found.setdefault(code, 1)
        if not found:
            # a word of several senses said alone, in its commonest sense ("pengawasan": the
            # APIP's), or with another of the same skill ("pengawasan dan pemeriksaan"); with
            # an object beside it, the object decides ("pengawasan pegawai": discipline)
            said = [w for w in words(query) if not w.isdigit() and w not in _FILLERS]
            objects = _OBJECTS.intersection(words(query, keep_stopwords=True))
            # ... or a phrase said alone ("analis laboratorium": a hospital's lab analyst)
            phrase = self.alone.get(" ".join(said))
            if phrase is not None and not objects:
                return [phrase]
            named = {self.alone.get(w) for w in said}
            if said and not objects and len(named) == 1 and None not in named:
                return [self.alone[said[0]]]
        return sorted(found, key=lambda c: (-found[c], c))

    def _headed(self, query: str) -> list[str]:
        """Skills a head word names with the word after it (Skill.heads)."""
        said = [w for w in words(query) if not w.isdigit()]
        return [
            skill.code
            for skill in self.headed_skills
            for head in skill.heads
            for word, after in pairwise(said)
            if word in head.words
            and (not head.before or after in head.before)
            and after not in head.not_before
        ]

    def specific(self, jabatan: str) -> str:
        """A post title without the clerical words every unit's posts carry ("Pengolah Data
        Tata Ruang" is "Tata Ruang": data entry is no statistics)."""
        low = jabatan.lower()
        for generic in self.generic_jabatan:
            g = generic.lower()
            if low == g or low.startswith(g + " "):  # whole words: not "Pengolah Database"
                return jabatan[len(generic) :].strip()
        return jabatan

    def managing(self, opd: str) -> frozenset[str]:
        """Skills a structural post in this OPD is evidence of (a hospital: its management)."""
        words = stem_tuple(opd)
        return frozenset(
            code
            for code, skill in self.skills.items()
            for term in skill.structural_in
            if _says(words, term)
        )

    def held_in(self, opd: str) -> frozenset[str]:
        """Skills whose `held_in` names this OPD (the whole OPD's work)."""
        words = stem_tuple(opd)  # "Badan Pendapatan Daerah Kabupaten Gresik" too
        return frozenset(
            code
            for code, skill in self.skills.items()
            for o in skill.held_in
            if words[: len(o)] == o
        )

    def titled(self, jabatan: str, opd: str) -> frozenset[str]:
        """Skills whose `titled_in` names this OPD and a word of this post's title."""
        title, where = stem_tuple(jabatan), stem_tuple(opd)
        return frozenset(
            skill.code
            for skill in self.titled_skills
            for opd_phrase, words in skill.titled_in
            if _says(where, opd_phrase) and any(_says(title, w) for w in words)
        )

    def jf_of(self, jabatan: str) -> frozenset[str]:
        """Skills whose jabatan fungsional this post title is (cached: titles repeat): the
        title as written, or its words read as the skills' terms are (abbreviations expanded,
        stemmed): "Analis SDM Aparatur Ahli Muda" is an Analis Sumber Daya Manusia Aparatur."""

        def found() -> frozenset[str]:
            return frozenset(
                code for code, skill in self.skills.items() for j in skill.jf if _titled(jabatan, j)
            )

        return _remember(self._jf_cache, jabatan, found)

    def jf_in_unit(self, jabatan: str, unit: str) -> frozenset[str]:
        """The skills of a JF post (jf_of), read by its unit when the JF works in one of
        several areas (`jf_by_unit`) and the unit's name says some of them: an Analis
        Keuangan Pusat dan Daerah of the Bidang Akuntansi keeps the accounts, one of a
        Subbagian Keuangan may draw up the budget as well; a Pranata Komputer of a Bidang
        Infrastruktur TIK keeps the networks (an area need not be the JF's own skill), one
        of a Sekretariat the JF's own skill."""
        skills = self.jf_of(jabatan)
        for title, areas in self.jf_by_unit.items():
            if _titled(jabatan, title):
                words = stem_tuple(unit)
                named = {code for code, said in areas.items() for w in said if _says(words, w)}
                return frozenset(named) or skills
        return skills


def _says(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Whether `phrase` (stems) stands in `words` (stems), its words together and in order."""
    return any(words[i : i + len(phrase)] == phrase for i in range(len(words)))


def _titled(jabatan: str, title: str) -> bool:
    """Whether a post's title is the JF `title`: as written, or its words read as the
    skills' terms are (abbreviations expanded, stemmed; "Analis SDM Aparatur Ahli Muda" is an
    Analis Sumber Daya Manusia Aparatur, "Analis Keuangan Pusat & Daerah" the AKPD)."""
    if jabatan.lower().strip().startswith(title.lower()):
        return True
    said, wanted = stem_tuple(jabatan), stem_tuple(title)
    return bool(wanted) and said[: len(wanted)] == wanted


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    raw = json.loads(
        resources.files("potret_expertise").joinpath("data/skills.json").read_text("utf-8")
    )
    skills: dict[str, Skill] = {}
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for code, entry in raw["skills"].items():
        skills[code] = Skill(
            code,
            entry["name"],
            entry.get("domain"),
            tuple(entry["terms"]),
            tuple(entry["jf"]),
            tuple(stem_tuple(o) for o in entry.get("structural_in", ()) if stem_tuple(o)),
            alone=tuple(entry.get("alone", ())),
            titled_in=tuple(
                (stem_tuple(opd), tuple(stem_tuple(w) for w in said))
                for opd, said in entry.get("titled_in", {}).items()
            ),
            held_in=tuple(stem_tuple(o) for o in entry.get("held_in", ()) if stem_tuple(o)),
            heads=tuple(
                Head(
                    frozenset(h["words"]),
                    frozenset(h.get("before", ())),
                    frozenset(h.get("not_before", ())),
                )
                for h in entry.get("heads", ())
            ),
        )
        for term in entry["terms"]:  # JF names: only as a JF post's title (jf_of)
            stemmed = stem_tuple(term)
            if stemmed:
                index.setdefault(stemmed[0], []).append((stemmed, code))
    return Vocabulary(
        raw["version"],
        skills,
        {k: tuple(sorted(set(v), key=lambda t: -len(t[0]))) for k, v in index.items()},
        tuple(raw.get("generic_jabatan", ())),
        {" ".join(words(said)): code for code, skill in skills.items() for said in skill.alone},
        {
            title: {code: tuple(stem_tuple(w) for w in said) for code, said in areas.items()}
            for title, areas in raw.get("jf_by_unit", {}).items()
        },
        tuple(skill for skill in skills.values() if skill.titled_in),
        tuple(skill for skill in skills.values() if skill.heads),
    )


def skill_term(code: str, term: str) -> str:
    """The key of a skill's term said (SkillExpertise.terms, Vocabulary.terms_in_query) as
    search stores and asks it: "perikanan_budidaya udang vaname"."""
    return f"{code} {term}"


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _without(text: str, opd: str) -> str:
    """`text` with the OPD's name taken out, also when written as its abbreviation (the
    stems of both are the same once abbreviations are expanded)."""
    words, name = stem_tuple(text), stem_tuple(opd)
    # the name with and without its head word ("Badan"): an abbreviation expands to the rest
    for form in (name, name[1:]):
        for i in range(len(words) - len(form) + 1):
            if len(form) > 1 and words[i : i + len(form)] == form:
                return " ".join(words[:i] + words[i + len(form) :])
    return text


def skill_expertise_all(
    profile: Mapping[str, Any], *, today: dt.date | None = None, minimum: float = SKILL_HELD
) -> dict[str, SkillExpertise]:
    """Expertise in every skill the record names (others are 0 and left out)."""
    vocab = vocabulary()
    today = today or dt.date.today()
    service: dict[str, float] = {}  # undated current posts, in years
    spans: dict[str, list[tuple[int, int, float]]] = {}  # dated posts (covered_years)
    jf: dict[str, float] = {}
    evidence: dict[str, list[Evidence]] = {}
    work: set[str] = set()  # skills the person's work names (posts, JF, trainings)
    terms: dict[str, set[str]] = {}  # skill -> its terms the evidence says

    def add(code: str, item: Evidence, *texts: str) -> None:
        evidence.setdefault(code, []).append(item)
        for text in texts:
            terms.setdefault(code, set()).update(vocab.terms_of(text, code))

    for i, pos in enumerate(position_history(profile)):
        jabatan = str(pos.get("jabatan") or "")
        post_title, unit, named, is_jf = vocab.read_post(
            jabatan, str(pos.get("opd") or ""), str(pos.get("unit") or ""), pos.get("jenis")
        )
        if not named and not is_jf:
            continue
        start = record_date(pos.get("tmt_start"))
        end = min(record_date(pos.get("tmt_end")) or today, today)  # an end in the future: today
        if start is None:
            months, weight = 12, 1.0 if not pos.get("tmt_end") else 0.0
        else:
            months = max(0, (end.year - start.year) * 12 + end.month - start.month)
            weight = _decay((today - end).days / 365.25, SKILL_HALF_LIFE)
        until = "sekarang" if not pos.get("tmt_end") else str(end.year)
        since = f"{start.year}–{until}" if start else "TMT tidak tercatat"
        for code in named | is_jf:
            # the terms the post says, when it names the skill by them (a JF title is no term)
            said = (post_title, unit) if code in named else ()
            work.add(code)
            if start is None:
                service[code] = service.get(code, 0.0) + months / 12 * weight
            else:
                spans.setdefault(code, []).append(
                    (month_index(start), month_index(start) + months, weight)
                )
            add(
                code,
                Evidence(
                    "masa_kerja",
                    f"{_duration(months)} sebagai {jabatan}"
                    + (f", {pos.get('unit')}" if pos.get("unit") else "")
                    + f" ({since})",
                    f"positions[{i}]",
                    round(months / 12 * weight, 3),
                ),
                *said,
            )
        for code in is_jf:
            value = 1.0 if not pos.get("tmt_end") else 0.6 * weight
            if value > jf.get(code, 0.0):
                jf[code] = value
                add(code, Evidence("jabatan_fungsional", f"Jabatan fungsional: {jabatan}",
                                   f"positions[{i}]", round(value, 3)))  # fmt: skip

    hours: dict[str, float] = {}
    seen: set[tuple[str, Any]] = set()
    for i, tr in enumerate(profile.get("trainings") or []):
        once = (str(tr.get("name") or "").strip().lower(), tr.get("year"))
        if once in seen:
            continue  # one course recorded twice (e.g. rw-diklat and rw-kursus) counts once
        seen.add(once)
        year = int(tr.get("year") or today.year)
        h = float(tr.get("hours") or 8) * _decay(today.year - year, TRAINING_HALF_LIFE)
        for code in vocab.in_record(str(tr.get("name") or "")):
            work.add(code)
            hours[code] = hours.get(code, 0.0) + h
            add(
                code,
                Evidence(
                    "pelatihan",
                    f"{tr.get('name')}, {year}"
                    + (f" ({tr.get('hours')} jam)" if tr.get("hours") else ""),
                    f"trainings[{i}]",
                    round(h, 1),
                ),
                str(tr.get("name") or ""),
            )

    certified: dict[str, float] = {}
    for i, cert in enumerate(profile.get("certifications") or []):
        year = int(cert.get("year") or today.year)
        value = 0.8 * _decay(today.year - year, TRAINING_HALF_LIFE)
        for code in vocab.in_record(str(cert.get("name") or "")):
            certified[code] = max(certified.get(code, 0.0), value)
            add(code, Evidence("sertifikasi", f"Sertifikat: {cert.get('name')}, {year}",
                               f"certifications[{i}]", round(value, 3)),
                str(cert.get("name") or ""))  # fmt: skip

    kept: dict[str, float] = {}
    for i, inv in enumerate(profile.get("innovations") or []):
        title, abstract = str(inv.get("title") or ""), str(inv.get("abstract") or "")
        named = vocab.in_record(title) | {
            c for c in vocab.in_record(abstract) if vocab.mentions(abstract, c) >= ABSTRACT_MENTIONS
        }
        year = int(inv.get("year") or today.year)
        value = 0.6 * _decay(today.year - year, TRAINING_HALF_LIFE)
        label = "Inovasi" if inv.get("kind") != "KARYA_TULIS" else "Karya tulis"
        for code in named:
            kept[code] = kept.get(code, 1.0) * (1 - value)
            # (an abstract's terms as the abstract names the skill: ABSTRACT_MENTIONS times)
            told = (abstract,) if vocab.mentions(abstract, code) >= ABSTRACT_MENTIONS else ()
            add(code, Evidence("inovasi", f"{label}: {title} ({year})", f"innovations[{i}]",
                               round(value, 3)), title, *told)  # fmt: skip

    studied: dict[str, float] = {}
    for i, edu in enumerate(profile.get("education") or []):
        major = str(edu.get("major") or "")
        if not major or edu.get("level") == "SMA":
            continue
        level = str(edu.get("level") or "")
        for code in vocab.in_record(major):
            # A degree followed by other work counts half (depth, not age: no year is read).
            value = LEVEL_WEIGHT.get(level, 0.5) * EDUCATION_CREDIT * (1 if code in work else 0.5)
            studied[code] = max(studied.get(code, 0.0), value)
            where = f", {edu.get('institution')}" if edu.get("institution") else ""
            add(code, Evidence("pendidikan", f"{LEVEL_LABEL.get(level, level)} {major}{where}",
                               f"education[{i}]", round(value, 3)), major)  # fmt: skip

    out: dict[str, SkillExpertise] = {}
    for code, items in evidence.items():
        signals = {
            "service": 1
            - math.exp(
                -(service.get(code, 0.0) + covered_years(spans.get(code, ()))) / SKILL_SERVICE_SCALE
            ),
            "education": studied.get(code, 0.0),
            "jf": jf.get(code, 0.0),
            "training": 1 - math.exp(-hours.get(code, 0.0) / TRAINING_SCALE),
            "certification": certified.get(code, 0.0),
            "innovation": 1 - kept.get(code, 1.0),
        }
        total = combine(signals)
        if total >= minimum:
            items.sort(key=evidence_order)
            out[code] = SkillExpertise(
                code,
                round(total, 4),
                {k: round(v, 4) for k, v in signals.items()},
                tuple(items),
                tuple(sorted(terms.get(code, ()))),
            )
    return out
