"""Rules of the Indonesian civil service (ASN) that more than one Potret service needs."""

from potret_asn_rules.golongan import Golongan, GolonganError, parse_golongan
from potret_asn_rules.nip import NipError, ParsedNip, parse_nip

__all__ = ["Golongan", "GolonganError", "NipError", "ParsedNip", "parse_golongan", "parse_nip"]
