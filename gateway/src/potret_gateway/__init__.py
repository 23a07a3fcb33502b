"""Potret gateway: the one REST API in front of the Potret services."""
