"""A job the service runs in the background every so often while it runs (the kept quality
counts, the kept duplicate pairs): one thread, stopped with the service."""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


class Periodic:
    """Runs `once()` every `every_s` seconds until stopped; a failure is logged and the job
    runs again at the next turn."""

    name = "periodic"
    failure = "background job failed"

    def __init__(self, every_s: float = 60.0) -> None:
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def stopping(self) -> bool:
        return self._stop.is_set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.once()
            except Exception:
                log.exception("%s: %s", self.name, self.failure)
            self._stop.wait(self.every_s)

    def once(self) -> None:
        raise NotImplementedError
