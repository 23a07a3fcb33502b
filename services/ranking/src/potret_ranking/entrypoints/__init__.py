"""Entry points of the ranking service: the gRPC servicer and its request-id interceptor,
and the Kafka consumer that feeds the read model."""
