"""A position's requirements, resolved against the policy's defaults, and the rule catalogue.

Each eligibility rule has an id, an Indonesian text and its legal source (domain reference
§5.5, §10.2, §11). A requirement the position sets explicitly wins over the policy default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from potret_asn_rules import GolonganError, RuleViolation, check_domain, domains, parse_golongan
from potret_asn_rules.career import (
    LEADERSHIP_FOR_LEVEL,
    LEADERSHIP_ORDINAL,
    LEVEL_NAMES,
    RequirementFloorError,
    bup_age,
    check_requirement_floor,
    managerial_level,
)
from potret_asn_rules.labels import LEADERSHIP_LABELS
from potret_asn_rules.labels import RULES as RULES  # defined with the labels, re-exported
from potret_asn_rules.vocab import (
    EDUCATION_ORDINAL,
    PREDIKAT_ORDINAL,
    check_competency_level,
    parse_competency,
    parse_education_level,
    parse_jenis_jabatan,
    parse_jenjang,
    parse_leadership,
)
from potret_ranking.domain.facts import COMPETENCY_CODES, DOMAIN_INDEX, major_stems
from potret_ranking.domain.policy import Policy

RULE_ORDER = tuple(RULES)
EDUCATION_LABEL = {ordinal: level for level, ordinal in EDUCATION_ORDINAL.items()} | {7: "S1/D4"}


class RequirementError(ValueError):
    """An inline position that cannot be used; `field` names it relative to the position."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Requirement:
    position_id: str
    name: str
    jenis: str
    level: int
    opd: str
    domains: tuple[str, ...]
    domain_columns: tuple[int, ...]
    min_education: int
    related_majors: tuple[str, ...]
    major_stems: frozenset[str]
    min_golongan: int
    min_golongan_label: str
    prior_level: int
    prior_months: int
    field_months: int
    kinerja_years: int  # 0 = rule not applied
    kinerja_min: int
    status_pns: bool
    clean_years: int
    min_months_before_bup: int
    bup_age: int  # BUP of the position (PP 11/2017 Pasal 239); 0 = the person's current one
    max_age: int  # ELIG-AGE: highest age in completed years at registration; 0 = no limit
    training: int  # LEADERSHIP_ORDINAL required; 0 = none
    training_label: str
    track_training: int  # leadership ordinal that counts in the track record (0 = n/a)
    standard: tuple[int, ...]  # level per COMPETENCY_CODES; 0 = not in the standard
    standard_is_default: bool
    holder_nip: str = ""  # the catalogue's current holder; "" when vacant or not known
    # Rules whose parameter the position could set but did not: the policy's default applies
    # and the threshold says so.
    defaults: frozenset[str] = frozenset()

    def applies(self, rule: str) -> bool:
        return self._applies[rule]

    @cached_property
    def _applies(self) -> dict[str, bool]:
        """Which rules apply, worked out once per requirement (read per rule and per
        candidate explained)."""
        return {
            "ELIG-STATUS": self.status_pns,
            "ELIG-EDU": self.min_education > 0,
            "ELIG-MAJOR": bool(self.major_stems),
            "ELIG-GOL": self.min_golongan > 0,
            "ELIG-PRIOR": self.prior_months > 0,
            "ELIG-FIELD-EXP": self.field_months > 0 and bool(self.domain_columns),
            "ELIG-KINERJA": self.kinerja_years > 0,
            "ELIG-HUKDIS-ACTIVE": True,
            "ELIG-HUKDIS-HISTORY": self.clean_years > 0,
            "ELIG-BUP": self.min_months_before_bup > 0,
            "ELIG-AGE": self.max_age > 0,
            "ELIG-TRAINING": self.training > 0,
        }

    def threshold(self, rule: str) -> str:
        """The rule's parameter for this position, in Indonesian."""
        text = self._thresholds[rule]
        return f"{text} (bawaan kebijakan)" if rule in self.defaults else text

    @cached_property
    def _thresholds(self) -> dict[str, str]:
        """Every rule's parameter in Indonesian, written once per requirement."""
        domain_names = ", ".join(domains()[d].name for d in self.domains)
        return {
            "ELIG-STATUS": "PNS, aktif",
            "ELIG-EDU": EDUCATION_LABEL.get(self.min_education, "-"),
            "ELIG-MAJOR": "; ".join(self.related_majors),
            "ELIG-GOL": self.min_golongan_label,
            "ELIG-PRIOR": (
                f"{self.prior_months / 12:g} tahun sebagai {LEVEL_NAMES[self.prior_level]} "
                "atau lebih tinggi"
            ),
            "ELIG-FIELD-EXP": f"{self.field_months / 12:g} tahun di bidang {domain_names}",
            "ELIG-KINERJA": f"minimal {_predikat_label(self.kinerja_min)} "
            f"dalam {self.kinerja_years} tahun terakhir",
            "ELIG-HUKDIS-ACTIVE": "tidak ada",
            "ELIG-HUKDIS-HISTORY": f"tidak ada dalam {self.clean_years} tahun terakhir",
            "ELIG-BUP": f"minimal {self.min_months_before_bup} bulan sebelum BUP "
            + (f"{self.bup_age} tahun (BUP jabatan ini)" if self.bup_age else "jabatan saat ini"),
            "ELIG-AGE": f"paling tinggi {self.max_age} tahun pada tanggal acuan",
            "ELIG-TRAINING": self.training_label,
        }


def _predikat_label(ordinal: int) -> str:
    for name, value in PREDIKAT_ORDINAL.items():
        if value == ordinal:
            return name.replace("_", " ").title()
    return str(ordinal)


@dataclass(frozen=True)
class PositionInput:
    """A position as given (catalogue event or inline request), every field parsed with the
    shared vocabulary; None where unset, so an explicit 0 stays 0 and an unset value takes
    the policy's default (and says so)."""

    position_id: str
    name: str
    jenis: str  # "" when not given
    jenjang: str
    opd: str
    domains: tuple[str, ...]
    min_education: str | None
    related_majors: tuple[str, ...]
    min_golongan_ordinal: int
    min_golongan_label: str
    min_years_prior: int | None
    prior_jenis: str
    prior_jenjang: str
    required_training: str | None
    discipline_clean_years: int | None
    min_months_before_bup: int | None
    competency_standard: tuple[tuple[str, int], ...]
    holder_nip: str


def _parsed(field: str, parse: Any, *args: Any) -> Any:
    try:
        return parse(*args)
    except GolonganError as exc:
        raise RequirementError(field, exc.message) from None
    except RuleViolation as exc:
        raise RequirementError(field, exc.message) from None


def _count(req: Mapping[str, Any], key: str) -> int | None:
    value = req.get(key)
    if value is None:
        return None
    if int(value) < 0:
        raise RequirementError(f"requirements.{key}", "tidak boleh negatif")
    return int(value)


def read_position(fields: Mapping[str, Any], *, statutory_floor: bool = True) -> PositionInput:
    """The one reader of a position: a mapping shaped like potret.asn.v1.Position (a
    catalogue event's fields, or an inline PositionSpec's, both via message_fields), parsed
    field by field with the shared vocabulary parsers; RequirementError names the field."""
    jenis = (
        _parsed("jenis", parse_jenis_jabatan, str(fields["jenis"])) if fields.get("jenis") else ""
    )
    # JPT and JF need their jenjang (as the profile service's catalogue requires).
    raw_jenjang = fields.get("jenjang") or None
    jenjang = (_parsed("jenjang", parse_jenjang, jenis, raw_jenjang) or "") if jenis else ""
    codes = tuple(str(c) for c in fields.get("domains") or ())
    for i, code in enumerate(codes):
        _parsed(f"domains[{i}]", check_domain, code)
    req: Mapping[str, Any] = fields.get("requirements") or {}
    education = (
        _parsed("requirements.min_education", parse_education_level, str(req["min_education"]))
        if req.get("min_education")
        else None
    )
    golongan = (
        _parsed("requirements.min_golongan", parse_golongan, str(req["min_golongan"]))
        if req.get("min_golongan")
        else None
    )
    prior_jenis = (
        _parsed("requirements.prior_jenis", parse_jenis_jabatan, str(req["prior_jenis"]))
        if req.get("prior_jenis")
        else ""
    )
    prior_jenjang = (
        _parsed("requirements.prior_jenjang", parse_jenjang, prior_jenis, req.get("prior_jenjang"))
        or ""
        if prior_jenis and req.get("prior_jenjang")
        else ""
    )
    training = (
        _parsed("requirements.required_training", parse_leadership, str(req["required_training"]))
        if req.get("required_training")
        else None
    )
    standard = []
    for i, item in enumerate(fields.get("competency_standard") or []):
        code = _parsed(f"competency_standard[{i}].code", parse_competency, str(item.get("code")))
        level = _parsed(
            f"competency_standard[{i}].level", check_competency_level, int(item.get("level") or 0)
        )
        standard.append((code, level))
    years_prior = _count(req, "min_years_prior") or None  # proto3: 0 is "not set"
    try:
        if statutory_floor:
            check_requirement_floor(
                jenis, EDUCATION_ORDINAL[education] if education else None, years_prior
            )
    except RequirementFloorError as exc:
        raise RequirementError(exc.field, f"{exc.rule}: {exc.message}") from None
    return PositionInput(
        position_id=str(fields.get("position_id") or ""),
        name=str(fields.get("name") or ""),
        jenis=jenis,
        jenjang=jenjang,
        opd=str(fields.get("opd") or ""),
        domains=codes,
        min_education=education,
        related_majors=tuple(str(m) for m in req.get("related_majors") or ()),
        min_golongan_ordinal=golongan.ordinal if golongan else 0,
        min_golongan_label=golongan.code if golongan else "",
        min_years_prior=years_prior,
        prior_jenis=prior_jenis,
        prior_jenjang=prior_jenjang,
        required_training=training,
        discipline_clean_years=_count(req, "discipline_clean_years"),
        min_months_before_bup=_count(req, "min_months_before_bup"),
        competency_standard=tuple(standard),
        holder_nip=str(fields.get("holder_nip") or ""),
    )


def resolve(
    position: Mapping[str, Any] | PositionInput, policy: Policy, *, statutory_floor: bool = True
) -> Requirement:
    """Requirements of a position against the policy's defaults (see read_position). A
    catalogue post was checked against the statutory floor when it was written
    (`statutory_floor=False`: one saved before that check is still ranked as stored)."""
    p = (
        position
        if isinstance(position, PositionInput)
        else read_position(position, statutory_floor=statutory_floor)
    )
    jenis, jenjang = p.jenis, p.jenjang
    level = managerial_level(jenis, jenjang) if jenis else 0
    codes = p.domains
    el = policy.eligibility
    min_edu_label = p.min_education or el.min_education_by_jenis.get(jenis, "")
    min_golongan, gol_label = p.min_golongan_ordinal, p.min_golongan_label

    prior_level, prior_months = 0, 0
    if p.min_years_prior:
        prior_level = managerial_level(p.prior_jenis, p.prior_jenjang or None) or max(1, level - 1)
        prior_months = p.min_years_prior * 12
    elif str(level) in el.prior_by_level and jenis != "JF":
        prior = el.prior_by_level[str(level)]
        prior_level, prior_months = prior.level, round(prior.years * 12)

    training, training_label = 0, ""
    if p.required_training:
        training = LEADERSHIP_ORDINAL[p.required_training]
        training_label = LEADERSHIP_LABELS[p.required_training]
    track_name = LEADERSHIP_FOR_LEVEL.get(level) if jenis != "JF" else None

    standard = [0] * len(COMPETENCY_CODES)
    for code, lvl in p.competency_standard:
        if code in COMPETENCY_CODES:
            standard[COMPETENCY_CODES.index(code)] = lvl
    default_standard = not any(standard)
    if default_standard:
        std = policy.competency.default_standard_by_level.get(str(max(level, 1)), 1)
        standard = [std] * len(COMPETENCY_CODES)

    related = p.related_majors
    stems = frozenset().union(*(major_stems(m) for m in related)) if related else frozenset()
    clean = p.discipline_clean_years
    months_bup = p.min_months_before_bup
    defaults = {
        rule
        for rule, set_here in (
            ("ELIG-EDU", bool(p.min_education)),
            ("ELIG-PRIOR", bool(p.min_years_prior)),
            ("ELIG-HUKDIS-HISTORY", clean is not None),
            ("ELIG-BUP", months_bup is not None),
        )
        if not set_here
    }

    return Requirement(
        position_id=p.position_id,
        name=p.name,
        jenis=jenis,
        level=level,
        opd=p.opd,
        domains=codes,
        domain_columns=tuple(DOMAIN_INDEX[c] for c in codes),
        min_education=EDUCATION_ORDINAL.get(min_edu_label, 0),
        related_majors=related,
        major_stems=stems,
        min_golongan=min_golongan,
        min_golongan_label=gol_label,
        prior_level=prior_level,
        prior_months=prior_months,
        field_months=int(el.field_experience_months.get(jenis, 0)),
        kinerja_years=policy.performance.years if jenis in el.kinerja_rule_for else 0,
        kinerja_min=PREDIKAT_ORDINAL[el.kinerja_min_predikat],
        status_pns=jenis in el.status_pns_for,
        clean_years=clean if clean is not None else el.clean_years(jenis),
        min_months_before_bup=months_bup if months_bup is not None else el.min_months_before_bup,
        bup_age=bup_age(jenis, jenjang, p.name) if jenis else 0,
        max_age=el.max_age_by_level.get(str(level), 0) if jenis == "JPT" else 0,
        training=training,
        training_label=training_label,
        track_training=LEADERSHIP_ORDINAL[track_name] if track_name else 0,
        standard=tuple(standard),
        standard_is_default=default_standard,
        holder_nip=p.holder_nip,
        defaults=frozenset(defaults),
    )
