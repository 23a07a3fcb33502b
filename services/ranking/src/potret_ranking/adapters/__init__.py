"""Adapters: the Kafka consumer that feeds the read model."""
