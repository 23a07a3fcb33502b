"""Bulk import: SIASN-shaped JSON, CSV templates and native records, one validation path."""
