"""The worker loop every background job runs (relay, indexer, read model, periodic jobs): a
failed turn is reported and retried after the pause it asks for, a turn that succeeds resets
the backoff, the loop's resources are released once when it ends, a stop wakes a worker that
sleeps on its own event, and a periodic job keeps its schedule through failures."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from potret_events.worker import Periodic, Worker


class Flaky(Worker):
    name = "flaky"

    def __init__(self, script: list[bool]) -> None:
        super().__init__()
        self.script = script  # True: the turn succeeds, False: it raises
        self.turns = 0
        self.failures: list[tuple[str, int]] = []
        self.closed = 0
        self.done = threading.Event()

    def turn(self) -> None:
        self.turns += 1
        if self.turns >= len(self.script):
            self.done.set()
            self.wait(5)  # until stopped
            return
        if not self.script[self.turns - 1]:
            raise ConnectionError(f"turn {self.turns}")

    def failed(self, exc: Exception) -> float:
        self.failures.append((str(exc), self.backoff.attempt))
        self.backoff.next_delay()
        return 0.001

    def close(self) -> None:
        self.closed += 1


def test_a_failed_turn_is_retried_and_a_good_one_resets_the_backoff() -> None:
    worker = Flaky([False, False, True, False, True])
    worker.start()
    assert worker.done.wait(5)
    worker.stop(5)
    # attempts seen when each failure was reported: 0, 1 (no reset between), then 0 again
    assert worker.failures == [("turn 1", 0), ("turn 2", 1), ("turn 4", 0)]
    assert worker.closed == 1
    assert worker._thread is not None
    assert not worker._thread.is_alive()
    assert worker.stopping()


def test_close_runs_when_the_loop_dies_of_an_unexpected_error() -> None:
    class Dies(Worker):
        closed = False

        def turn(self) -> None:
            raise KeyboardInterrupt  # not an Exception: the loop ends

        def close(self) -> None:
            self.closed = True

    worker = Dies()
    with pytest.raises(KeyboardInterrupt):
        worker.run()
    assert worker.closed


def test_the_default_failure_waits_the_backoff_and_logs_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Once(Worker):
        name = "sekali"
        turns = 0

        def turn(self) -> None:
            self.turns += 1
            if self.turns == 1:
                raise RuntimeError("Kafka tidak ada")
            self._stop.set()

    worker = Once()
    with caplog.at_level(logging.WARNING, logger="potret_events.worker"):
        started = time.monotonic()
        worker.run()
    assert worker.turns == 2
    assert time.monotonic() - started >= 0.4  # the first backoff delay: 0.5 s ± 20 %
    assert "sekali failed (RuntimeError: Kafka tidak ada); retrying in" in caplog.text


def test_stop_wakes_a_worker_that_sleeps_on_its_own_event() -> None:
    class Sleeper(Worker):
        def __init__(self) -> None:
            super().__init__()
            self.wake = threading.Event()
            self.asleep = threading.Event()

        def turn(self) -> None:
            self.asleep.set()
            self.wake.wait(30)
            self.wake.clear()

        def stopping_now(self) -> None:
            self.wake.set()

    worker = Sleeper()
    worker.start()
    assert worker.asleep.wait(5)
    started = time.monotonic()
    worker.stop(10)
    assert time.monotonic() - started < 5
    assert worker._thread is not None
    assert not worker._thread.is_alive()


def test_a_periodic_job_keeps_its_schedule_through_failures(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Job(Periodic):
        name = "tugas"
        failure = "gagal, dicoba lagi"

        def __init__(self) -> None:
            super().__init__(every_s=0.01)
            self.runs = 0
            self.third = threading.Event()

        def once(self) -> None:
            self.runs += 1
            if self.runs >= 3:
                self.third.set()
            if self.runs % 2:
                raise ValueError("rusak")

    job = Job()
    with caplog.at_level(logging.ERROR, logger="potret_events.worker"):
        job.start()
        assert job.third.wait(5)
        job.stop()
    assert job.runs >= 3
    assert "tugas: gagal, dicoba lagi" in caplog.text
    assert "ValueError: rusak" in caplog.text  # with its traceback


def test_stopping_a_worker_never_started_returns_at_once() -> None:
    Periodic().stop()
    Worker().stop()


def test_a_report_gives_the_error_for_a_status_and_logs_it_where_asked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    worker = Worker()
    own = logging.getLogger("potret_uji.relay")
    with caplog.at_level(logging.WARNING, logger="potret_uji.relay"):
        error, delay = worker.report(
            ConnectionError("broker mati"), "relay cannot publish to Kafka at k:9092", own
        )
    assert error == "ConnectionError: broker mati"
    assert 0.4 <= delay <= 0.6  # the backoff's first delay, 0.5 s ± 20 %
    assert worker.backoff.attempt == 1
    assert [r.name for r in caplog.records] == ["potret_uji.relay"]
    assert (
        caplog.records[0]
        .getMessage()
        .startswith(
            "relay cannot publish to Kafka at k:9092 (ConnectionError: broker mati); retrying in 0."
        )
    )
