"""Domain codes (urusan pemerintahan, UU 23/2014 + supporting functions), data/domains.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from potret_asn_rules.errors import RuleViolation


@dataclass(frozen=True, slots=True)
class Domain:
    code: str
    name: str
    group: str
    kemendagri: str | None
    description: str
    source: str


@lru_cache
def domains() -> dict[str, Domain]:
    """Every domain by code, in the order of the data file."""
    raw = json.loads(
        resources.files("potret_asn_rules").joinpath("data/domains.json").read_text("utf-8")
    )
    return {d["code"]: Domain(**d) for d in raw["domains"]}


def check_domain(code: str) -> str:
    """The code itself when known; RuleViolation DOMAIN-CODE otherwise."""
    if code not in domains():
        raise RuleViolation(
            "DOMAIN-CODE",
            f"kode domain '{code}' tidak dikenal (lihat GET /domains)",
            f"unknown domain code '{code}' (see GET /domains)",
        )
    return code
