"""Rate limits per caller: a token bucket per key or user, in this gateway process.

Each caller may make `per_minute` requests a minute on average and up to `burst` at once; a
key with its own limit bursts to at most that limit. With several gateway replicas each
enforces its own share (set the limit per replica); the limit protects the backends from one
runaway client, it is not a billing meter.

Logins (`LoginGuard`): a bucket per client address, and growing delays after wrong passwords
(OWASP Authentication Cheat Sheet, "Login Throttling"): the first `free_failures` are free,
then each failure doubles the wait (1 s, 2 s, 4 s ... up to `max_delay_s`), counted per
username and address; an attempt counts as a failure from the moment it is let through
(concurrent guesses cannot slip past together), a quiet hour forgives, and usernames are
kept as hashes (a long one costs no memory). Failures for a username from all addresses
together delay only addresses the user has not logged in from successfully: an attacker
elsewhere cannot lock the real user out of their own address, and guesses spread over many
addresses still slow down. A successful login clears that address's count.
"""

from __future__ import annotations

import hashlib
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
        self.forget_after_s = max(2 * max_delay_s, 3600.0)
        self._known: OrderedDict[str, float] = OrderedDict()  # "username|address" -> at

    def _delay(self, failures: _Failures, now: float) -> float:
        if now - failures.last > self.forget_after_s:
            failures.count = 0  # a quiet period forgives old failures
        over = failures.count - self.free_failures
        if over < 0:
            return 0.0
        return max(0.0, failures.last + min(self.max_delay_s, 2.0 ** min(over, 30)) - now)

    @staticmethod
    def _keys(username: str, address: str) -> tuple[str, str]:
        """Fixed-size keys: a 1 MiB username costs a hash, not a megabyte of memory."""
        user = hashlib.sha256(username.encode("utf-8", "replace")).hexdigest()[:32]
        return user, f"{user}|{address}"

    def wait_for(self, username: str, address: str) -> float:
        """Seconds this username and address must still wait (no attempt is taken)."""
        user, pair = self._keys(username, address)
        now = self._clock()
        with self._lock:
            return self._wait(user, pair, now)

    def _wait(self, user: str, pair: str, now: float) -> float:
        wait = 0.0
        own = self._pairs.get(pair)
        if own is not None:
            wait = max(wait, self._delay(own, now))
        known_at = self._known.get(pair)
        everyone = self._users.get(user)
        if everyone is not None and (known_at is None or now - known_at > self.KNOWN_FOR_S):
            wait = max(wait, self._delay(everyone, now))
        return wait

    def check(self, username: str, address: str) -> float:
        """Seconds to wait before this attempt may be checked (0: go ahead). An attempt let
        through counts as a failure at once, until `succeeded` says otherwise: concurrent
        guesses cannot all pass before the first one is counted."""
        wait = self._addresses.acquire(address)
        user, pair = self._keys(username, address)
        now = self._clock()
        with self._lock:
            wait = max(wait, self._wait(user, pair, now))
            if wait > 0:
                return wait
            for table, key in ((self._pairs, pair), (self._users, user)):
                entry = table.touch(key, now)
                entry.count += 1
                entry.last = now
        return 0.0

    def succeeded(self, username: str, address: str) -> None:
        """The attempt was the right password: its provisional failure is taken back, the
        address's count cleared, and the address known for this user."""
        user, pair = self._keys(username, address)
        with self._lock:
            self._pairs.pop(pair, None)
            everyone = self._users.get(user)
            if everyone is not None:
                everyone.count = max(0, everyone.count - 1)
            self._known[pair] = self._clock()
            self._known.move_to_end(pair)
            while len(self._known) > MAX_TRACKED:
                self._known.popitem(last=False)
