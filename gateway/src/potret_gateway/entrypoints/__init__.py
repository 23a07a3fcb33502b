"""REST entry points of the gateway."""
