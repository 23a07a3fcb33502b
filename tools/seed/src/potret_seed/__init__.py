"""Synthetic, realistic ASN data for Potret demos, tests and benchmarks."""
