"""Entry points of the search service: the HTTP routes, the Kafka indexer and the reindex CLI."""
