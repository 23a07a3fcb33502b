"""Adapters: Elasticsearch index, Kafka consumer."""
