"""Potret search service: Kafka → Elasticsearch indexer and search API."""
