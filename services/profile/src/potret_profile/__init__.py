"""Potret profile service: the system of record for ASN profiles."""
