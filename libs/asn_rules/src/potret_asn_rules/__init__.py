"""Rules of the Indonesian civil service (ASN) that more than one Potret service needs."""

from potret_asn_rules.domains import Domain, check_domain, domains
from potret_asn_rules.errors import RuleViolation
from potret_asn_rules.golongan import Golongan, GolonganError, parse_golongan, parse_pppk_golongan
from potret_asn_rules.nip import NipError, ParsedNip, parse_nip

__all__ = [
    "Domain",
    "Golongan",
    "GolonganError",
    "NipError",
    "ParsedNip",
    "RuleViolation",
    "check_domain",
    "domains",
    "parse_golongan",
    "parse_nip",
    "parse_pppk_golongan",
]
