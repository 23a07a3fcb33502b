"""Clients of the backends: profile and search over HTTP, ranking over gRPC."""
