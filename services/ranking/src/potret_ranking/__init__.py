"""Potret ranking service: transparent position-fit scores over gRPC."""
