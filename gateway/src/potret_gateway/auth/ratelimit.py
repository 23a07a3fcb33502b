"""Rate limits per caller: a token bucket per key or user, in this gateway process.

Each caller may make `per_minute` requests a minute on average and up to `burst` at once; a
key with its own limit bursts to at most that limit. With several gateway replicas each
enforces its own share (set the limit per replica); the limit protects the backends from one
runaway client, it is not a billing meter.

Logins (`LoginGuard`): a bucket per client address, and growing delays after wrong passwords
(OWASP Authentication Cheat Sheet, "Login Throttling"): the first `free_failures` are free,
then each failure doubles the wait (1 s, 2 s, 4 s ... up to `max_delay_s`), counted per
username and address. Failures for a username from all addresses together delay only
addresses the user has not logged in from successfully: an attacker elsewhere cannot lock
the real user out of their own address, and guesses spread over many addresses still slow
down. A successful login clears that address's count.
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
        # A key's own limit is its limit: its burst is never above it.
        burst = min(self.burst, per_minute) if per_minute else self.burst
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


@dataclass
class _Failures:
    count: int
    last: float


class _Lru(OrderedDict[str, _Failures]):
    def touch(self, key: str, now: float) -> _Failures:
        entry = self.get(key)
        if entry is None:
            entry = self[key] = _Failures(0, now)
            while len(self) > MAX_TRACKED:
                self.popitem(last=False)
        self.move_to_end(key)
        return entry


class LoginGuard:
    """Login throttling: per address, and growing delays after wrong passwords."""

    KNOWN_FOR_S = 30 * 86400  # a successful login makes an address known for 30 days

    def __init__(
        self,
        per_minute: int,
        free_failures: int = 5,
        max_delay_s: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if free_failures < 1 or max_delay_s < 1:
            raise ValueError("free_failures and max_delay_s must be at least 1")
        self._addresses = RateLimiter(per_minute, per_minute, clock)
        self.free_failures = free_failures
        self.max_delay_s = max_delay_s
        self._clock = clock
        self._lock = threading.Lock()
        self._pairs = _Lru()  # "username|address" -> failures
        self._users = _Lru()  # username -> failures from every address
        self._known: OrderedDict[str, float] = OrderedDict()  # "username|address" -> at

    def _delay(self, failures: _Failures, now: float) -> float:
        over = failures.count - self.free_failures
        if over < 0:
            return 0.0
        return max(0.0, failures.last + min(self.max_delay_s, 2.0**over) - now)

    def check(self, username: str, address: str) -> float:
        """Seconds to wait before this attempt may be checked (0: go ahead)."""
        wait = self._addresses.acquire(address)
        now = self._clock()
        pair = f"{username}|{address}"
        with self._lock:
            own = self._pairs.get(pair)
            if own is not None:
                wait = max(wait, self._delay(own, now))
            known_at = self._known.get(pair)
            everyone = self._users.get(username)
            if everyone is not None and (known_at is None or now - known_at > self.KNOWN_FOR_S):
                wait = max(wait, self._delay(everyone, now))
        return wait

    def failed(self, username: str, address: str) -> None:
        now = self._clock()
        with self._lock:
            for table, key in ((self._pairs, f"{username}|{address}"), (self._users, username)):
                entry = table.touch(key, now)
                entry.count += 1
                entry.last = now

    def succeeded(self, username: str, address: str) -> None:
        pair = f"{username}|{address}"
        with self._lock:
            self._pairs.pop(pair, None)
            self._known[pair] = self._clock()
            self._known.move_to_end(pair)
            while len(self._known) > MAX_TRACKED:
                self._known.popitem(last=False)
