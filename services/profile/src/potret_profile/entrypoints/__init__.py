"""Entry points of the profile service: the HTTP routes, the outbox relay, SIASN sync and
the command-line tools (import, copy between stores, migrate)."""
