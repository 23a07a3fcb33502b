"""Adapters to the outside: SQLite store with outbox, Kafka publisher."""
