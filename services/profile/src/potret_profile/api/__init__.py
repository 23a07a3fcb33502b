"""HTTP entry points of the profile service."""
