"""The scoring policy: factor weights and every threshold, from a versioned JSON file.

The stored policy changes only by shipping a new file with a new version. A request may carry
overrides (what-if); they are merged into a copy, validated like the file, and the result
gets a derived version (`<version>+whatif.<hash>`) so an answer always names what produced it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from potret_asn_rules.vocab import EDUCATION_ORDINAL, PREDIKAT_ORDINAL

FACTORS = ("competency", "performance", "expertise", "track_record")
DEFAULT_POLICY = "potret-2026.3.json"
WEIGHT_SUM_TOLERANCE = 1e-6


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("harus bilangan terhingga (bukan NaN/inf)")
    return value


class Weights(_Model):
    competency: float = Field(ge=0, le=1)
    performance: float = Field(ge=0, le=1)
    expertise: float = Field(ge=0, le=1)
    track_record: float = Field(ge=0, le=1)

    @field_validator("*")
    @classmethod
    def _finite_values(cls, v: float) -> float:
        return _finite(v)

    @model_validator(mode="after")
    def _sum_to_one(self) -> Weights:
        total = sum(self.as_dict().values())
        if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
            raise ValueError(f"jumlah bobot harus 1, bukan {total:.6g}")
        return self

    def as_dict(self) -> dict[str, float]:
        return {f: float(getattr(self, f)) for f in FACTORS}


class Performance(_Model):
    years: int = Field(ge=1, le=5)
    values: dict[str, float]
    # The annual SKP of year Y is final only after Y ends (PermenPANRB 6/2022: annual
    # evaluation after the period). It counts from the 1st of this month of Y+1; before
    # that the window is the N years before Y. 1 = from 1 January (potret-2026.1's rule,
    # which failed everyone early in the year); potret-2026.2 sets 4 (1 April), a policy
    # choice [P] that BKPSDM sets to its own SIASN entry deadline.
    final_from_month: int = Field(default=1, ge=1, le=12)

    @field_validator("values")
    @classmethod
    def _predikat_values(cls, v: dict[str, float]) -> dict[str, float]:
        if set(v) != set(PREDIKAT_ORDINAL):
            raise ValueError(f"harus tepat berisi {sorted(PREDIKAT_ORDINAL)}")
        for key, value in v.items():
            if not 0 <= _finite(value) <= 1:
                raise ValueError(f"{key}: nilai harus 0..1")
        return v


class Competency(_Model):
    jpm_cap_per_competency: bool
    ms_min: float = Field(ge=0, le=100)
    mms_min: float = Field(ge=0, le=100)
    default_standard_by_level: dict[str, int]

    @field_validator("default_standard_by_level")
    @classmethod
    def _levels(cls, levels: dict[str, int]) -> dict[str, int]:
        # a competency standard is a level 1-5 (PermenPANRB 38/2017); 0 would leave the
        # JPM without a denominator
        bad = sorted(k for k, v in levels.items() if not 1 <= v <= 5)
        if bad:
            raise ValueError(f"level standar harus 1-5 (tingkat {', '.join(bad)})")
        return levels


class TrackRecord(_Model):
    full_years: float = Field(gt=0, le=40)
    innovations_full: int = Field(ge=1, le=50)
    innovation_window_years: int = Field(ge=1, le=30)
    parts: dict[Literal["experience", "leadership_training", "innovation"], float]


class Prior(_Model):
    level: int = Field(ge=1, le=6)
    years: float = Field(ge=0, le=40)


class Eligibility(_Model):
    min_months_before_bup: int = Field(ge=0, le=240)
    discipline_clean_years: dict[str, int]
    field_experience_months: dict[str, int]
    kinerja_min_predikat: str
    kinerja_rule_for: tuple[str, ...]
    status_pns_for: tuple[str, ...]
    min_education_by_jenis: dict[str, str]
    prior_by_level: dict[str, Prior]
    # ELIG-AGE: highest age in completed years on the reference date (the registration date)
    # per managerial level of a JPT post: PP 11/2017 Pasal 107 as amended by PP 17/2020 (JPT
    # pratama 56); JPT madya and utama 58 (Pasal 107, original text). Empty: no age rule
    # (policy files before potret-2026.2).
    max_age_by_level: dict[str, int] = Field(default_factory=dict)

    @field_validator("kinerja_min_predikat")
    @classmethod
    def _predikat(cls, v: str) -> str:
        if v not in PREDIKAT_ORDINAL:
            raise ValueError(f"predikat tidak dikenal: {v}")
        return v

    @field_validator("min_education_by_jenis")
    @classmethod
    def _education(cls, v: dict[str, str]) -> dict[str, str]:
        for jenis, level in v.items():
            if level not in EDUCATION_ORDINAL:
                raise ValueError(f"{jenis}: jenjang pendidikan tidak dikenal: {level}")
        return v

    @field_validator("max_age_by_level")
    @classmethod
    def _max_age(cls, v: dict[str, int]) -> dict[str, int]:
        for level, age in v.items():
            if level not in {"4", "5", "6"}:
                raise ValueError(f"{level}: batas usia hanya untuk JPT (tingkat 4, 5, 6)")
            if not 18 <= age <= 70:
                raise ValueError(f"{level}: batas usia harus 18..70 tahun, bukan {age}")
        return v

    def clean_years(self, jenis: str) -> int:
        return self.discipline_clean_years.get(jenis, self.discipline_clean_years["default"])


class NineBox(_Model):
    # Cut-offs on the potential assessment's score (0-100) from potret-2026.3; the grid is
    # fixed by PermenPANRB 3/2020, the cut-offs by the instansi (domain reference §8.4).
    potential_high_min: float = Field(ge=0, le=150)
    potential_mid_min: float = Field(ge=0, le=150)
    kinerja: dict[str, int]
    # The grid warns when one box holds more than this share of those placed [P].
    max_box_share: float = Field(default=0.5, gt=0, le=1)

    @model_validator(mode="after")
    def _order(self) -> NineBox:
        if self.potential_mid_min > self.potential_high_min:
            raise ValueError("potential_mid_min tidak boleh di atas potential_high_min")
        return self


# The report's age bands: at most this many edges (the group codes are int8).
MAX_AGE_BANDS = 20


class Fairness(_Model):
    adverse_impact_min: float = Field(gt=0, le=1)
    age_bands: tuple[int, ...]
    # Significance level of Fisher's exact test and the smallest group compared: below
    # them the report says "sampel terlalu kecil untuk disimpulkan" (domain/fairness.py).
    alpha: float = Field(default=0.05, gt=0, lt=1)
    min_group_size: int = Field(default=5, ge=1)

    @field_validator("age_bands")
    @classmethod
    def _ascending(cls, bands: tuple[int, ...]) -> tuple[int, ...]:
        # the report's bands are "< a", "a-(b-1)", ..., ">= z": edges rising, ages > 0
        if any(edge <= 0 for edge in bands) or any(b <= a for a, b in itertools.pairwise(bands)):
            raise ValueError("age_bands harus bilangan positif yang naik, mis. [30, 40, 50]")
        if len(bands) > MAX_AGE_BANDS:
            raise ValueError(f"age_bands paling banyak {MAX_AGE_BANDS} batas")
        return bands


class Limits(_Model):
    max_top_k: int = Field(ge=1, le=10_000)
    max_nips: int = Field(ge=1, le=100_000)


class Policy(_Model):
    version: str = Field(min_length=1)
    description: str = ""
    weights: Weights
    performance: Performance
    competency: Competency
    track_record: TrackRecord
    eligibility: Eligibility
    nine_box: NineBox
    fairness: Fairness
    limits: Limits


class PolicyError(ValueError):
    """Invalid policy or overrides; `violations` are (field path, Indonesian message)."""

    def __init__(self, violations: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m in violations))
        self.violations = violations


_MESSAGES = {
    "greater_than_equal": "harus >= {ge}",
    "greater_than": "harus > {gt}",
    "less_than_equal": "harus <= {le}",
    "less_than": "harus < {lt}",
    "missing": "wajib diisi",
    "extra_forbidden": "kolom tidak dikenal",
    "float_parsing": "harus angka",
    "int_parsing": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat",
    "bool_parsing": "harus true/false",
    "string_too_short": "tidak boleh kosong",
}


def _message(err: Any) -> str:
    value = err.get("input")
    if isinstance(value, float) and not math.isfinite(value):
        return "harus bilangan terhingga (bukan NaN/inf)"
    template = _MESSAGES.get(err["type"])
    if template:
        return template.format(**(err.get("ctx") or {}))
    return str(err["msg"]).removeprefix("Value error, ")


def _violations(exc: ValidationError, prefix: str) -> list[tuple[str, str]]:
    out = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"])
        out.append((f"{prefix}{path}" if path else prefix.rstrip("."), _message(err)))
    return out


def parse_policy(text: str) -> Policy:
    """A policy file's text (JSON) as a Policy; raises PolicyError naming `policy.<field>`
    (the file is read by `adapters.policy_files.load_policy`)."""
    try:
        return Policy.model_validate(json.loads(text))
    except ValidationError as exc:
        raise PolicyError(_violations(exc, "policy.")) from None


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def with_overrides(policy: Policy, overrides: dict[str, Any]) -> Policy:
    """A what-if copy of `policy`; raises PolicyError naming `policy_overrides.<field>`."""
    if not overrides:
        return policy
    data = _merge(policy.model_dump(mode="json"), overrides)
    digest = hashlib.sha256(json.dumps(overrides, sort_keys=True).encode()).hexdigest()[:10]
    data["version"] = f"{policy.version}+whatif.{digest}"
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(_violations(exc, "policy_overrides.")) from None
