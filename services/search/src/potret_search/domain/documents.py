"""How a profile snapshot becomes an Elasticsearch document (the event's envelope is read by
adapters/events.py).

All Indonesian text processing happens here in Python (the Elasticsearch build has core
modules only): `*_stem` fields hold Sastrawi-stemmed text and are indexed with the core
`whitespace` analyzer; queries are stemmed the same way before they are sent. User text is
only ever sent inside `match`/`multi_match`/`term` queries, never as query-string syntax.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from potret_asn_rules import GolonganError, domains, parse_golongan, parse_nip
from potret_asn_rules.career import bup_age
from potret_asn_rules.errors import RuleViolation
from potret_asn_rules.provenance import describe
from potret_asn_rules.vocab import EDUCATION_ORDINAL
from potret_expertise import (
    expertise_all,
    expertise_as_of,
    expertise_inputs,
    expertise_key,
    rules_fingerprint,
)
from potret_expertise.places import strip_place_names
from potret_expertise.scoring import GENERIC_PELAKSANA
from potret_expertise.skills import SKILL_HELD, skill_expertise_all, skill_term, vocabulary
from potret_expertise.text import STOPWORDS, analyse_each

# 30: the work fields without their place names (jabatan_work, unit_work, the stemmed
# jabatan and OPD without places) and the places apart (`places`): every document changes,
# so an index of an older mapping is rebuilt (potret-search-reindex), not upgraded.
# 31: the skills of the sub-urusan of cooperatives, transport, trade, fire, social affairs,
# women and children, villages and kesbangpol (skills 2026-12-05.53): new score fields only.
# 32: estate crops, farm infrastructure, food availability, medical laboratories, business
# licensing, housing (skills 2026-12-05.54): new score fields only.
# 33: land certification, linmas, health insurance, parks and cemeteries, street lighting,
# teachers' management, village government (skills 2026-12-05.55): new score fields only.
# 34: arts, youth, tourism promotion, creative economy, PATEN, ASN competence development,
# talent management, discipline (skills 2026-12-05.57): new score fields only.
# 35: prices of staples, consumer protection, ports and crossings, minimum service standards
# (skills 2026-12-05.58): new score fields only.
# 36: disaster relief logistics (skills 2026-12-05.64): a new score field only.
# 37: service_start (masa kerja, issue 22's sorting): every document gains a value, so older
# indices are rebuilt (potret-search-reindex), not extended.
# 38: skill_terms, the terms of a skill each record's evidence says (skills 2026-12-07.74): a
# new field, a v37 index is extended in place.
# 39: the health workforce, inclusive education and immunisation skills (skills .80): new score
# fields only. (Commits between 38 and 39 built "v38" indices with some of them already: the
# put mapping of ADDITIVE_FROM[38] adds the same fields again, which Elasticsearch accepts.)
# 40: the occupational safety and health (K3) skill (skills .84): a new score field only.
# 41: mental health, APBD grants, DPRD facilitation and the control of development (skills .88
# to .93): new score fields only. (Commits between 40 and 41 built "v40" indices with some of
# them already: the put mapping of ADDITIVE_FROM[40] adds the same fields again, which
# Elasticsearch accepts.)
# 42: ASN performance management (SKP, e-Kinerja; skills .95): a new score field only.
# 43: expertise_key, what a document's scores were computed from (stored, not indexed): a new
# version of a record with the same key reuses them (issue 23). A new field only.
MAPPING_VERSION = 43
# Mapping versions that this one extends by new fields only: an index built with one of them
# is upgraded in place (put mapping) instead of needing a rebuild (v2 to v28 each added skill
# fields to reach the next; v29 and older are rebuilt since v30 changed every document).
_PROVENANCE = {"type": "object", "enabled": False}
# Skills (issue 20): scores per skill of data/skills.json, the skills held (SKILL_HELD),
# and their evidence as shown with a hit.
_SKILLS: dict[str, Any] = {
    "skills": {
        "type": "object",
        "properties": {code: {"type": "float"} for code in vocabulary().skills},
    },
    "skill_codes": {"type": "keyword"},
    # "<skill> <term stems>" of every term a held skill's evidence says (query.TERM_SAID_BOOST)
    "skill_terms": {"type": "keyword"},
    "skill_evidence": {"type": "object", "enabled": False},
}
# The fields computed from a record's expertise inputs (document_for): what a new version of
# a record takes over from the stored document when their `expertise_key` is the same.
DERIVED_FIELDS = (
    "domains",
    "expertise",
    "evidence",
    "skills",
    "skill_codes",
    "skill_terms",
    "skill_evidence",
)

# (v30 to v35 added skill fields only; v37 gave every document a new value: none is
# additive to it; v38 added skill_terms, v39 three skills' scores, v40 one, v41 four, v42 one.)


def _new_skills(*codes: str) -> dict[str, Any]:
    return {"skills": {"properties": {code: {"type": "float"} for code in codes}}}


_SKILLS_39 = ("sdm_kesehatan", "pendidikan_inklusif", "imunisasi")
_SKILLS_40 = ("keselamatan_kerja",)
_SKILLS_41 = ("kesehatan_jiwa", "hibah_bansos", "persidangan_dprd", "pengendalian_pembangunan")
_SKILLS_42 = ("kinerja_asn",)
_EXPERTISE_KEY = {"type": "keyword", "index": False, "doc_values": False}
_ADDED_SINCE: dict[int, dict[str, Any]] = {
    37: {
        "skill_terms": {"type": "keyword"},
        **_new_skills(*_SKILLS_39, *_SKILLS_40, *_SKILLS_41, *_SKILLS_42),
    },
    38: _new_skills(*_SKILLS_39, *_SKILLS_40, *_SKILLS_41, *_SKILLS_42),
    39: _new_skills(*_SKILLS_40, *_SKILLS_41, *_SKILLS_42),
    40: _new_skills(*_SKILLS_41, *_SKILLS_42),
    41: _new_skills(*_SKILLS_42),
    42: {},
}
# v43 added expertise_key to every one of them
ADDITIVE_FROM: dict[int, dict[str, Any]] = {
    version: {**fields, "expertise_key": _EXPERTISE_KEY} for version, fields in _ADDED_SINCE.items()
}
MAX_EVIDENCE = 6
_WORDS = re.compile(r"[a-z0-9']+")

_TEXT_RAW = {"type": "text", "fields": {"raw": {"type": "keyword", "ignore_above": 256}}}
_STEM = {"type": "text", "analyzer": "whitespace"}

INDEX_MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    # The expertise rules the stored scores and evidence were computed under: an index built
    # under others is reported (readyz) until potret-search-reindex rebuilds it. The month
    # its scores are measured at, `expertise_as_of`, is added when the index is created.
    "_meta": {"mapping_version": MAPPING_VERSION, "expertise_rules": rules_fingerprint()},
    "properties": {
        "nip": {"type": "keyword"},
        "name": _TEXT_RAW,
        "full_name": _TEXT_RAW,
        "status": {"type": "keyword"},
        "golongan": {"type": "keyword"},
        "golongan_rank": {"type": "integer"},
        "jabatan": _TEXT_RAW,
        "jenis_jabatan": {"type": "keyword"},
        "jenjang": {"type": "keyword"},
        "opd": _TEXT_RAW,
        "unit": _TEXT_RAW,
        # The post and the unit as their work: without the places in them ("Sekretaris
        # Kecamatan Tambak", "UPT Puskesmas Tambak" say no fishpond); `places` holds those.
        "jabatan_work": {"type": "text"},
        "unit_work": {"type": "text"},
        "places": {"type": "text"},
        "education_level": {"type": "keyword"},
        "education_rank": {"type": "integer"},
        "retirement_year": {"type": "integer"},
        # Start of service (masa kerja) as YYYYMM: SIASN's TMT CPNS, else the NIP's.
        "service_start": {"type": "integer"},
        "jabatan_stem": _STEM,
        "opd_stem": _STEM,
        "education_stem": _STEM,
        "training_stem": _STEM,
        "innovation_stem": _STEM,
        "education_text": {"type": "text"},
        "training_text": {"type": "text"},
        "innovation_text": {"type": "text"},
        "domains": {"type": "keyword"},
        "expertise": {
            "type": "object",
            "properties": {code: {"type": "float"} for code in domains()},
        },
        "evidence": {"type": "object", "enabled": False},
        **_SKILLS,
        "expertise_key": _EXPERTISE_KEY,
        # "sumber SIASN, impor 2026-10-02" per field group, shown with each hit.
        "provenance": _PROVENANCE,
        "version": {"type": "long"},
        "source_digest": {"type": "keyword"},
        "deleted": {"type": "boolean"},
        "occurred_at": {"type": "date"},
        "indexed_at": {"type": "date"},
    },
}


def mapping_digest() -> str:
    """A digest of the index's fields (sha256 of INDEX_MAPPINGS' properties, 12 hex)."""
    fields = json.dumps(INDEX_MAPPINGS["properties"], sort_keys=True)
    return hashlib.sha256(fields.encode()).hexdigest()[:12]


# The fields each mapping version declares (mapping_digest): the mapping is strict, so an
# index of a version whose fields then changed (a skill added to skills.json) would refuse
# every document holding the new field. A test fails until the change comes with a new
# MAPPING_VERSION, its digest added here.
MAPPED_FIELDS = {
    36: "a4d6c10c2060",
    37: "aa6a96361828",
    38: "008cf67c974b",
    39: "6f70f259fbc3",
    40: "ea3697329a8b",
    41: "903e05303261",
    42: "afc161363216",
    43: "804f879e86c6",
}


@dataclass(frozen=True, slots=True)
class IndexAction:
    """Write `document` as `nip` at `version`, unless the index already holds a newer one."""

    nip: str
    version: int
    document: dict[str, Any]
    reused: bool = False  # its scores were taken over from the record's stored document


def _retirement_year(nip: str, profile: dict[str, Any]) -> int | None:
    """The year the person reaches the BUP: by SIASN's TMT pensiun (the first day of the
    month after that birthday) when recorded, else by the birth date (the recorded one where
    it differs from the NIP's, as the ranking reads it) and the jabatan."""
    recorded = str(profile.get("tmt_pensiun") or "")
    try:
        return (dt.date.fromisoformat(recorded[:10]) - dt.timedelta(days=1)).year
    except ValueError:
        pass
    jenis, jenjang = profile.get("jenis_jabatan", ""), profile.get("jenjang", "")
    jabatan = profile.get("jabatan", "")
    try:
        birth = parse_nip(nip, scheme="PPPK" if nip[12:14] in ("21", "24") else "PNS").birth_date
    except RuleViolation:
        return None
    with contextlib.suppress(ValueError):  # none recorded: the NIP's
        birth = dt.date.fromisoformat(str(profile.get("birth_date") or "")[:10])
    # Retirement age (BUP) is used only as a filter, as the law does.
    return birth.year + bup_age(jenis, jenjang, jabatan)


def _service_start(nip: str, profile: dict[str, Any]) -> int | None:
    """When service began, as YYYYMM (masa kerja is counted from it): SIASN's TMT CPNS when
    recorded, else the NIP's (domain reference §1.1); None when neither can be read."""
    with contextlib.suppress(ValueError):
        day = dt.date.fromisoformat(str(profile.get("tmt_cpns") or "")[:10])
        return day.year * 100 + day.month
    try:
        tmt = parse_nip(nip, scheme="PPPK" if nip[12:14] in ("21", "24") else "PNS").tmt_cpns
    except RuleViolation:
        return None
    return tmt.year * 100 + tmt.month


@lru_cache(maxsize=50_000)
def _name_without_places(name: str) -> tuple[str, tuple[str, ...]]:
    """A post, unit or OPD name without its places (potret_expertise.places.
    strip_place_names), and the place words taken out, in order. Cached: names repeat
    across people."""
    kept = strip_place_names(name)
    left = Counter(_WORDS.findall(kept.lower()))
    places: list[str] = []
    for word in _WORDS.findall(name.lower()):
        if left[word] > 0:
            left[word] -= 1
        elif word not in STOPWORDS:  # "Sangkapura dan Tambak"
            places.append(word)
    return kept, tuple(places)


def _without_places(names: list[str]) -> tuple[list[str], list[str]]:
    """The names without their places, and the place words taken out, once each."""
    kept_names: list[str] = []
    places: list[str] = []
    for name in names:
        kept, taken = _name_without_places(name)
        kept_names.append(kept)
        places.extend(taken)
    return kept_names, list(dict.fromkeys(places))


def _derived(inputs: Mapping[str, Any], as_of: dt.date) -> dict[str, Any]:
    """The domain and skill scores, the domains and skills held and their evidence."""
    found = expertise_all(inputs, today=as_of)
    skills = skill_expertise_all(inputs, today=as_of)
    return {
        "domains": sorted(code for code, e in found.items() if e.score >= 0.2),
        "expertise": {code: e.score for code, e in found.items()},
        "evidence": {
            code: [ev.text for ev in e.evidence[:MAX_EVIDENCE]] for code, e in found.items()
        },
        "skills": {code: e.score for code, e in skills.items()},
        "skill_codes": sorted(code for code, e in skills.items() if e.score >= SKILL_HELD),
        "skill_terms": sorted(
            skill_term(code, term)
            for code, e in skills.items()
            if e.score >= SKILL_HELD
            for term in e.terms
        ),
        "skill_evidence": {
            code: [ev.text for ev in e.evidence[:MAX_EVIDENCE]] for code, e in skills.items()
        },
    }


def _code_digest(*functions: Callable[..., Any]) -> str:
    """A digest of what these functions do (their bytecode, constants and names, nested
    code included; no address, no file): it changes when one of them is edited."""
    digest = hashlib.sha256()

    def add(code: Any) -> None:  # a code object (types.CodeType)
        digest.update(code.co_code)
        digest.update(repr(code.co_names).encode())
        for const in code.co_consts:
            if isinstance(const, type(code)):
                add(const)
            elif isinstance(const, frozenset):  # `x in {...}`: in the order of its hashes
                digest.update(repr(sorted(map(repr, const))).encode())
            else:
                digest.update(repr(const).encode())

    for function in functions:
        add(function.__code__)
    return digest.hexdigest()[:16]


# What this module derives from the scores (the domains held, the evidence kept, the skills'
# terms) keys a document too: a derivation edited takes nothing over from one stored under
# the old one (a Python of another version keys apart as well, which only costs a reuse).
DERIVATION = f"{MAX_EVIDENCE}:{SKILL_HELD}:{_code_digest(_derived, skill_term)}"


def reusable(prior: Mapping[str, Any] | None, key: str) -> dict[str, Any] | None:
    """An earlier version's derived fields when its key is this one's (the same inputs,
    month and rules) and it holds every one of them; else None."""
    if prior is None or prior.get("expertise_key") != key:
        return None
    if any(name not in prior for name in DERIVED_FIELDS):
        return None
    return {name: prior[name] for name in DERIVED_FIELDS}


def document_for(
    profile: dict[str, Any], *, today: dt.date, prior: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The searchable document of one profile snapshot (dict with Profile field names).
    Expertise is measured as of the first of `today`'s month (`expertise_as_of`), as the
    ranking read model measures it: a record indexed on any day of a month scores the same.

    `prior`, the stored document of an earlier version (or any of its fields): when it was
    computed from the same expertise inputs, in the same month, under the same rules and
    derived as here (its `expertise_key`), its scores and evidence are taken over instead of
    computed again (an SKP, a kenaikan pangkat or a corrected name changes none of them)."""
    as_of = expertise_as_of(today)
    inputs = expertise_inputs(profile)
    key = expertise_key(inputs, as_of, salt=DERIVATION)
    derived = reusable(prior, key) or _derived(inputs, as_of)
    nip = profile["nip"]
    try:
        golongan_rank: int | None = parse_golongan(profile.get("golongan", "")).ordinal
    except GolonganError:
        golongan_rank = None  # PPPK golongan are not comparable with PNS ranks
    education = profile.get("education") or []
    best = max(education, key=lambda e: EDUCATION_ORDINAL.get(e.get("level", ""), 0), default=None)
    edu_items = [
        f"{e.get('level', '')} {e.get('major', '')} {e.get('institution', '')}" for e in education
    ]
    train_items = [t.get("name", "") for t in profile.get("trainings") or []]
    cert_items = [c.get("name", "") for c in profile.get("certifications") or []]
    innov_items = [
        f"{i.get('title', '')} {i.get('abstract', '')}" for i in profile.get("innovations") or []
    ]
    edu_text, innov_text = " ; ".join(edu_items), " ; ".join(innov_items)
    train_text, cert_text = " ; ".join(train_items), " ; ".join(cert_items)
    positions = profile.get("positions") or []
    opds = sorted({p.get("opd", "") for p in positions} | {profile.get("opd", "")})
    jabatan, unit = profile.get("jabatan", ""), profile.get("unit", "")
    titles, title_places = _without_places([jabatan, *(p.get("jabatan", "") for p in positions)])
    where, where_places = _without_places([*opds, unit])
    return {
        "nip": nip,
        "name": profile.get("name", ""),
        "full_name": profile.get("full_name") or profile.get("name", ""),
        "status": profile.get("status") or "PNS",
        "golongan": profile.get("golongan", ""),
        "golongan_rank": golongan_rank,
        "jabatan": profile.get("jabatan", ""),
        "jenis_jabatan": profile.get("jenis_jabatan") or None,
        "jenjang": profile.get("jenjang") or None,
        "opd": profile.get("opd", ""),
        "unit": profile.get("unit", ""),
        "education_level": best.get("level") if best else None,
        "education_rank": EDUCATION_ORDINAL.get(best.get("level", ""), 0) if best else None,
        "retirement_year": _retirement_year(nip, profile),
        "service_start": _service_start(nip, profile),
        # the generic pelaksana names say no work (the plain jabatan keeps them for display
        # and for a query naming the post)
        "jabatan_stem": analyse_each(GENERIC_PELAKSANA.sub(" ", title) for title in titles),
        "opd_stem": analyse_each(where),
        "jabatan_work": strip_place_names(jabatan),
        "unit_work": strip_place_names(unit),
        "places": " ".join(dict.fromkeys(where_places + title_places)),
        # item by item: each is cached, and no phrase spans two
        "education_stem": analyse_each(edu_items),
        "training_stem": analyse_each([*train_items, *cert_items]),
        "innovation_stem": analyse_each(innov_items),
        "education_text": edu_text,
        "training_text": f"{train_text} ; {cert_text}".strip(" ;"),
        "innovation_text": innov_text,
        **derived,
        "expertise_key": key,
        "provenance": {
            group: describe(entry) for group, entry in (profile.get("provenance") or {}).items()
        },
        "deleted": False,
    }
