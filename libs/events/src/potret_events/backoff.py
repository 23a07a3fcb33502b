"""Exponential backoff with jitter for reconnecting to Kafka or Elasticsearch."""

from __future__ import annotations

import random
import threading


class Backoff:
    """Delays 0.5 s, 1 s, 2 s ... up to `maximum`, with ±20 % jitter; reset after success.

    The cap is what a service may lag behind a dependency that came back: 2 s, not 30 s
    (with 30 s a Kafka outage of 40 s left the services retrying up to half a minute after
    the broker was up). A reconnect attempt every 2 s per process costs nothing."""

    def __init__(self, initial: float = 0.5, maximum: float = 2.0) -> None:
        self.initial = initial
        self.maximum = maximum
        self.attempt = 0

    def next_delay(self) -> float:
        delay = min(self.maximum, self.initial * 2.0**self.attempt)
        # Bounded: past the cap the count only has to stay there (2.0**1024 overflows, which
        # would end the retry loop of a long outage).
        self.attempt = min(self.attempt + 1, 64)
        return delay * random.uniform(0.8, 1.2)

    def wait(self, stop: threading.Event) -> bool:
        """Sleep for the next delay; return True when `stop` was set meanwhile."""
        return stop.wait(self.next_delay())

    def reset(self) -> None:
        self.attempt = 0
