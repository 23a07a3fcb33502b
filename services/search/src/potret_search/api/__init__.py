"""HTTP entry points of the search service."""
