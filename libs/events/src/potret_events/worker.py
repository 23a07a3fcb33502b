"""The loop every background worker of the services runs (the outbox relay, the search
indexer, the ranking read model's consumer, the profile service's periodic jobs): a daemon
thread of its own, started and stopped with the service, turning until stopped; a turn that
fails is reported and retried after a pause (by default an exponential backoff, reset by the
next turn that succeeds).

A subclass gives `turn()` (one pass: publish a batch, index a batch, consume until the
connection drops; when it has nothing to do it waits inside itself, on the stop event
(`wait`) or on an event of its own that `stopping_now` sets) and
may give `failed(exc)` (report the failure, return the seconds before the next turn) and
`close()` (release what the loop holds once it ends)."""

from __future__ import annotations

import logging
import threading

from potret_events.backoff import Backoff

log = logging.getLogger(__name__)


class Worker:
    """A loop in a daemon thread: `start()`, `stop(timeout)`, `run()` (the loop itself)."""

    name = "worker"

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.backoff = Backoff()

    def start(self) -> None:
        """Run the loop in a daemon thread named after the worker."""
        self._thread = threading.Thread(target=self.run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        """Ask the loop to end and wait up to `timeout` seconds for it."""
        self._stop.set()
        self.stopping_now()
        if self._thread is not None:
            self._thread.join(timeout)

    def stopping(self) -> bool:
        return self._stop.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True when the worker was stopped meanwhile."""
        return self._stop.wait(seconds)

    def run(self) -> None:
        """Turn until stopped; a failed turn is reported (`failed`) and the next one waits
        the pause it returns. `close()` once the loop ends, however it ends."""
        try:
            while not self._stop.is_set():
                try:
                    self.turn()
                except Exception as exc:
                    pause = self.failed(exc)
                    if pause > 0:
                        self._stop.wait(pause)
                else:
                    self.backoff.reset()
        finally:
            self.close()

    def turn(self) -> None:
        raise NotImplementedError

    def failed(self, exc: Exception) -> float:
        """Report a failed turn; the seconds to wait before the next (the backoff's delay)."""
        _, delay = self.report(exc, f"{self.name} failed")
        return delay

    def report(self, exc: Exception, what: str, logger: logging.Logger = log) -> tuple[str, float]:
        """Log a failed turn as `what (error); retrying in N s`, the pause the backoff's next
        delay; returns the error as text (for a status) and the pause."""
        error = f"{type(exc).__name__}: {exc}"
        delay = self.backoff.next_delay()
        logger.warning("%s (%s); retrying in %.1fs", what, error, delay)
        return error, delay

    def stopping_now(self) -> None:
        """Called once stop is asked, before waiting for the loop (wake a loop that sleeps on
        another event)."""

    def close(self) -> None:
        """Release what the loop holds (clients, leases) once it has ended."""


class Periodic(Worker):
    """Runs `once()` every `every_s` seconds until stopped; a failure is logged and the job
    runs again at the next turn."""

    name = "periodic"
    failure = "background job failed"

    def __init__(self, every_s: float = 60.0) -> None:
        super().__init__()
        self.every_s = every_s

    def stop(self, timeout: float = 30) -> None:
        super().stop(timeout)

    def turn(self) -> None:
        self.once()
        self._stop.wait(self.every_s)

    def failed(self, exc: Exception) -> float:
        log.error("%s: %s", self.name, self.failure, exc_info=exc)
        return self.every_s

    def once(self) -> None:
        raise NotImplementedError
