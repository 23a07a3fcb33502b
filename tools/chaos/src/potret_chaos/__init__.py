"""Fault injection for Potret (`potret-chaos`, `make chaos`; short form in `make test`)."""
