"""Rate limits per caller: a token bucket per key or user, in this gateway process.

Each caller may make `per_minute` requests a minute on average and up to `burst` at once.
With several gateway replicas each enforces its own share (set the limit per replica); the
limit protects the backends from one runaway client, it is not a billing meter.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

MAX_TRACKED = 100_000


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    def __init__(
        self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if per_minute < 1 or burst < 1:
            raise ValueError("per_minute and burst must be at least 1")
        self.per_minute = per_minute
        self.burst = burst
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def acquire(self, who: str, per_minute: int | None = None) -> float:
        """Take one request for `who`; returns 0 when allowed, else the seconds to wait."""
        rate = (per_minute or self.per_minute) / 60.0
        burst = max(self.burst, per_minute or 0) if per_minute else self.burst
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(who)
            if bucket is None:
                bucket = self._buckets[who] = _Bucket(float(burst), now)
                while len(self._buckets) > MAX_TRACKED:
                    self._buckets.popitem(last=False)
            self._buckets.move_to_end(who)
            bucket.tokens = min(float(burst), bucket.tokens + (now - bucket.at) * rate)
            bucket.at = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / rate


def retry_after(wait_s: float) -> str:
    """Retry-After header value (whole seconds, at least 1)."""
    return str(max(1, math.ceil(wait_s)))
