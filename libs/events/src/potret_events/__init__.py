"""How Potret events travel over Kafka: topics, headers, codecs and dead-letter routing."""

from potret_events.clients import RECONNECT, client_settings
from potret_events.codec import (
    POSITION_CHANGED_TYPE,
    PROFILE_CHANGED_TYPE,
    UndecodableEvent,
    content_digest,
    decode_position_changed,
    decode_profile_changed,
    encode_profile_changed,
    event_headers,
    message_fields,
)
from potret_events.security import KafkaSecurityError, kafka_security
from potret_events.topics import (
    POSITION_TOPIC,
    PROFILE_TOPIC,
    TopicSpec,
    dlq_topic,
    ensure_topics,
    topic_catalogue,
)

__all__ = [
    "POSITION_CHANGED_TYPE",
    "POSITION_TOPIC",
    "PROFILE_CHANGED_TYPE",
    "PROFILE_TOPIC",
    "RECONNECT",
    "KafkaSecurityError",
    "TopicSpec",
    "UndecodableEvent",
    "client_settings",
    "content_digest",
    "decode_position_changed",
    "decode_profile_changed",
    "dlq_topic",
    "encode_profile_changed",
    "ensure_topics",
    "event_headers",
    "kafka_security",
    "message_fields",
    "topic_catalogue",
]
